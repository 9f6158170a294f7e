"""Wheel build hook: compile the extraction hot path, linking and validation with mypyc.

The rule layer is plain, fully annotated Python. Compiled to C extension
modules by mypyc it runs faster with the same results (the test suite checks
that a compiled build and the pure-Python sources write identical output).

* Regular wheels (``pip install .``, ``make test``, ``make demo``) hold the
  compiled modules beside the ``.py`` sources; Python imports the compiled ones.
* Editable installs (``pip install -e .``) stay pure Python, so an edit takes
  effect at once.
* ``PAPERGRAPH_PURE_PYTHON=1`` builds a pure-Python wheel.
* Without a C compiler the build warns and falls back to pure Python, unless
  ``PAPERGRAPH_REQUIRE_COMPILED=1`` (set by the Makefile) makes that an error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# Modules of the per-abstract path and of the stages after it (a test reads this tuple). The NER wrapper (numpy,
# thinc) and the one-off builders gain nothing and stay interpreted.
COMPILED_MODULES = (
    "papergraph.extract.abbreviations",
    "papergraph.extract.claims",
    "papergraph.extract.cue_phrases",
    "papergraph.extract.cues",
    "papergraph.extract.engine",
    "papergraph.extract.fragments",
    "papergraph.extract.gazetteer",
    "papergraph.extract.generic",
    "papergraph.extract.merge",
    "papergraph.extract.normalize",
    "papergraph.extract.patterns",
    "papergraph.extract.priors",
    "papergraph.extract.proposed",
    "papergraph.extract.regex_ends",
    "papergraph.extract.resolve",
    "papergraph.extract.results",
    "papergraph.extract.sentences",
    "papergraph.extract.state",
    "papergraph.extract.tokenizer",
    "papergraph.extract.urls",
    "papergraph.extract.wordscan",
    # Single-threaded stages after extraction that gain from it: entity linking and the
    # SHACL validator (about 35% less time; the RDF lines and their sort gained nothing).
    "papergraph.link.linker",
    "papergraph.link.normalize",
    "papergraph.link.structure",
    "papergraph.link.unionfind",
    "papergraph.link.variants",
    "papergraph.rdf.shacl",
)

_SETUP = """\
from mypyc.build import mypycify
from setuptools import setup

setup(
    name="papergraph-compiled",
    ext_modules=mypycify({args!r}, opt_level="3", target_dir={target!r}),
)
"""


class MypycBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("PAPERGRAPH_PURE_PYTHON") == "1":
            self.app.display_info("papergraph: PAPERGRAPH_PURE_PYTHON=1, building a pure-Python wheel")
            return
        self._work = Path(tempfile.mkdtemp(prefix="papergraph-mypyc-"))
        src = Path(self.root) / "src"
        (self._work / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\n", encoding="utf-8")
        # Third-party packages are typed Any whatever is installed where pip runs
        # (--no-site-packages), and only the compiled modules' own errors count
        # (--follow-imports=silent): every build compiles the same code.
        args = [
            f"--config-file={self._work / 'mypy.ini'}",
            f"--cache-dir={self._work / 'mypy-cache'}",
            "--no-site-packages",
            "--follow-imports=silent",
            *(name.replace(".", "/") + ".py" for name in COMPILED_MODULES),
        ]
        setup = self._work / "setup.py"
        setup.write_text(_SETUP.format(args=args, target=str(self._work / "c")), encoding="utf-8")
        lib = self._work / "lib"
        self.app.display_info(f"papergraph: compiling {len(COMPILED_MODULES)} modules with mypyc (a minute or two)")
        proc = subprocess.run(
            [sys.executable, str(setup), "build_ext", "--build-lib", str(lib), "--build-temp", str(self._work / "tmp")],
            cwd=src,
            capture_output=True,
            text=True,
        )
        built = sorted(p for p in lib.rglob("*") if p.suffix in (".so", ".pyd")) if lib.exists() else []
        if proc.returncode != 0 or not built:
            message = "papergraph: mypyc compilation failed; the wheel is pure Python (slower, same results)"
            if os.environ.get("PAPERGRAPH_REQUIRE_COMPILED") == "1":
                raise RuntimeError(f"{message}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
            self.app.display_warning(f"{message}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
            return
        for path in built:
            build_data["force_include"][str(path)] = path.relative_to(lib).as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
