"""The mypyc-compiled build: in use where it should be, and identical to the Python sources.

``make test`` installs papergraph as a wheel, whose build compiles the
extraction hot path (hatch_build.py). These tests check that the installed
modules are the compiled ones (when PAPERGRAPH_REQUIRE_COMPILED=1, which the
Makefile sets when a C compiler is present) and that the Python sources in
src/ write byte-identical extractions and graphs.
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


def compiled_modules() -> tuple[str, ...]:
    tree = ast.parse((ROOT / "hatch_build.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "COMPILED_MODULES" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError("hatch_build.py defines no COMPILED_MODULES")


def _is_extension(module_name: str) -> bool:
    path = importlib.import_module(module_name).__file__ or ""
    return path.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def test_compiled_list_names_real_modules() -> None:
    names = compiled_modules()
    assert names, "nothing is compiled"
    for name in names:
        assert (SRC / (name.replace(".", "/") + ".py")).exists(), name


def test_installed_modules_are_compiled() -> None:
    if os.environ.get("PAPERGRAPH_REQUIRE_COMPILED") != "1":
        pytest.skip("PAPERGRAPH_REQUIRE_COMPILED is not set (no C compiler, or an editable install)")
    interpreted = [name for name in compiled_modules() if not _is_extension(name)]
    assert not interpreted, f"interpreted, not compiled: {interpreted}"


def _run(args: list[str], *, pure: bool, cwd: Path) -> None:
    env = dict(os.environ)
    if pure:
        # The sources come first on the path; src/ holds no compiled modules.
        env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    code = "import sys; from papergraph.cli import main; sys.argv[0] = 'papergraph'; sys.exit(main())"
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]


def _check_pure_is_pure(tmp_path: Path) -> None:
    probe = "import importlib.machinery as m, papergraph.extract.patterns as p; print(p.__file__)"
    env = dict(os.environ, PYTHONPATH=str(SRC))
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert out.stdout.strip().endswith(".py"), out.stdout + out.stderr


@pytest.mark.slow
def test_sources_and_installed_build_write_identical_extractions(seeds_dir: Path, tmp_path: Path) -> None:
    _check_pure_is_pure(tmp_path)
    outputs = {}
    for pure in (False, True):
        out = tmp_path / f"seeds-{'pure' if pure else 'installed'}.jsonl"
        _run(["extract", str(seeds_dir.resolve()), "-o", str(out), "--quiet", "--no-model"], pure=pure, cwd=tmp_path)
        outputs[pure] = out.read_bytes()
    assert outputs[False].count(b"\n") >= 400
    assert outputs[False] == outputs[True]


@pytest.mark.slow
def test_sources_and_installed_build_write_identical_graphs(tmp_path: Path) -> None:
    files = {}
    for pure in (False, True):
        out = tmp_path / ("pure" if pure else "installed")
        _run(["build", str(ROOT / "examples"), "-o", str(out), "--quiet"], pure=pure, cwd=tmp_path)
        # The output set: not the hidden entries beside it. The extraction cache's keys and header name the
        # extractor's own files; the SPARQL store is a database whose files hold their own ids and logs;
        # the locks are empty.
        files[pure] = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                       if p.is_file() and not p.relative_to(out).parts[0].startswith(".")}
        report = json.loads(files[pure].pop("report.json"))
        assert report.pop("timings")  # seconds differ from run to run; every other figure must not
        # ...but the key of a rebuild's reuse, which hashes papergraph's own files: compiled or not, they differ
        assert report.pop("inputs_key")
        files[pure]["report.json"] = json.dumps(report, sort_keys=True).encode()
    assert files[False], "the build wrote nothing"
    assert files[False].keys() == files[True].keys()
    differing = [name for name in files[False] if files[False][name] != files[True][name]]
    assert not differing, f"differ between the installed build and the sources: {differing}"
