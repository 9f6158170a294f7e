"""README.md against a real build of examples/: its Python examples run, as doctests, and the
figures it quotes are those the build gives (scripts/readme_figures.py writes them)."""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from papergraph.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ONTOLOGY = ROOT / "docs" / "ontology.md"
REGENERATE = "run `python scripts/readme_figures.py` to write them again"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_figures", ROOT / "scripts" / "readme_figures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


figures = _script()


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    """examples/ built as `make demo` builds it (`papergraph build examples`, default options)."""
    out = tmp_path_factory.mktemp("demo")
    build([examples_dir], out)
    return out


def _report(out: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def test_readme_python_examples(demo_build: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "README has no python example"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        "\n".join(blocks), {"OUTDIR": str(demo_build)}, "README.md", str(README), 0
    )
    assert len(test.examples) >= 8
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0


def _stale(path: Path, new: dict[str, str]) -> list[str]:
    text = path.read_text(encoding="utf-8")
    present = set(figures.block_names(text))
    missing = sorted(set(new) - present)
    assert not missing, f"{path.name} lost its figures blocks {missing}"
    return [name for name, body in new.items() if figures.rewrite(text, {name: body}) != text]


def test_readme_figures_are_those_of_the_demo_build(demo_build: Path, tmp_path: Path) -> None:
    new = figures.blocks(_report(demo_build), None, example=figures.validate_example(demo_build, tmp_path))
    readme = {k: new[k] for k in ("shacl", "demo")}
    docs = {k: new[k] for k in ("shacl-limits", "validate-example")}
    stale = _stale(README, readme) + _stale(ONTOLOGY, docs)
    assert not stale, f"the figures blocks {stale} differ from a build of examples/; {REGENERATE}"


def test_demo_block_quotes_the_report(demo_build: Path) -> None:
    """The demo row is the report's own counts, in the table's column order."""
    r = _report(demo_build)
    row = figures.blocks(r, None)["demo"].strip().splitlines()[-1]
    cells = [c.strip() for c in row.strip("|").split("|")]
    e = r["entities_by_type"]
    assert cells[1:6] == [f"{n:,}" for n in (r["papers_written"], e["Method"], e["Dataset"], e["Task"], e["Metric"])]
    assert cells[6].startswith(f"{r['results']:,} (") and cells[7] == f"{r['leaderboard_rows']:,}"
    assert cells[8] == f"{r['nodes']:,} / {r['edges']:,}" and cells[9] == f"{r['triples']:,}"
    assert cells[10] == r["shacl_scope"] and r["shacl_scope"].startswith("full: all ")


def test_rewrite_replaces_only_the_marked_text() -> None:
    text = "a 1\n<!-- figures:demo:begin -->old<!-- figures:demo:end -->\nb 2 <!-- figures:x:begin -->k<!-- figures:x:end -->"
    once = figures.rewrite(text, {"demo": "\nnew\n"})
    assert once == "a 1\n<!-- figures:demo:begin -->\nnew\n<!-- figures:demo:end -->\nb 2 <!-- figures:x:begin -->k<!-- figures:x:end -->"
    assert figures.rewrite(once, {"demo": "\nnew\n"}) == once
    assert figures.block_names(once) == ["demo", "x"]


@pytest.mark.slow
def test_seeds_figures_are_those_of_the_seeds_build(seeds_dir: Path, tmp_path: Path) -> None:
    build([seeds_dir], tmp_path)
    r = _report(tmp_path)
    new = figures.blocks(r, r)
    stale = _stale(README, {"seeds": new["seeds"]}) + _stale(ONTOLOGY, {"shacl-seeds": new["shacl-seeds"]})
    assert not stale, f"the seeds figures {stale} differ from a build of the seeds; {REGENERATE}"
