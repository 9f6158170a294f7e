"""End-to-end: `papergraph build` on our examples, the seeds and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import papergraph
from papergraph.cli import app
from papergraph.extract import is_compiled
from papergraph.extract.normalize import normalize
from papergraph.outputs import verify
from papergraph.pipeline import OUTPUT_FILES, build

runner = CliRunner()


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def examples_build(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("examples-build")
    build([examples_dir], out)
    return out


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("seeds-build")
    build([seeds_dir], out)
    return out


def test_examples_build_writes_every_output(examples_build: Path) -> None:
    for name in OUTPUT_FILES:
        assert (examples_build / name).stat().st_size > 0, name
    papers = _jsonl(examples_build / "papers.jsonl")
    extractions = _jsonl(examples_build / "extractions.jsonl")
    assert 15 <= len(papers) <= 25
    assert [p["id"] for p in papers] == [e["id"] for e in extractions]
    # Our examples name real datasets, methods and numbers: the graph must show them.
    labels = {m["label"] for e in extractions for m in e["entities"]}
    assert {"Method", "Dataset", "Task", "Metric"} <= labels
    assert sum(len(e["results"]) for e in extractions) >= 15
    report = json.loads((examples_build / "report.json").read_text())
    assert report["papers_written"] == len(papers)
    assert report["shacl_conforms"] is True
    assert report["triples"] > 100
    # report.json lists every other file with its size and sha256, and they match;
    # the (empty) lock file, the extraction cache, the SPARQL store and its lock stay, the staging folder
    # and commit journal do not.
    assert sorted(f["name"] for f in report["files"]) == sorted(set(OUTPUT_FILES) - {"report.json"})
    assert verify(examples_build) == []
    assert sorted(p.name for p in examples_build.iterdir() if p.name.startswith(".")) == [
        ".cache", ".lock", ".store", ".store-lock"]
    assert (examples_build / ".lock").read_bytes() == b""
    html = (examples_build / "graph.html").read_text(encoding="utf-8")
    # Self-contained: no script or stylesheet is fetched from anywhere.
    assert not re.search(r"<(script|link)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", html, re.I)


def test_examples_turtle_parses_and_matches_ntriples(examples_build: Path) -> None:
    import rdflib
    from rdflib.compare import isomorphic

    ttl = rdflib.Graph().parse(examples_build / "graph.ttl", format="turtle")
    nt = rdflib.Graph().parse(examples_build / "graph.nt", format="nt")
    assert len(ttl) > 100
    assert isomorphic(ttl, nt)


def test_seeds_build_gives_410_papers(seeds_build: Path) -> None:
    papers = _jsonl(seeds_build / "papers.jsonl")
    report = json.loads((seeds_build / "report.json").read_text())
    assert len(papers) == 410
    assert len({p["id"] for p in papers}) == 410
    assert report["records_read"] == 459
    assert report["duplicates_merged"] == 49
    assert report["papers_written"] == 410
    assert report["records_read"] == (
        report["papers_written"] + report["duplicates_merged"] + len(report["papers_skipped"])
    )


def test_seeds_extractions_one_per_paper_in_order(seeds_build: Path) -> None:
    papers = _jsonl(seeds_build / "papers.jsonl")
    extractions = _jsonl(seeds_build / "extractions.jsonl")
    assert [p["id"] for p in papers] == [e["id"] for e in extractions]
    by_id = {p["id"]: p for p in papers}
    # Every offset points at the exact text in the field as given.
    for ex in extractions:
        paper = by_id[ex["id"]]
        for m in ex["entities"]:
            assert paper[m["field"]][m["start"] : m["end"]] == m["text"]
        for r in ex["results"]:
            # value_text is the span with LaTeX and markup removed ("79\\%" is "79%")
            assert normalize(paper[r["field"]][r["start"] : r["end"]]).text == r["value_text"]


def _without_timings(report_path: Path) -> dict:
    data = json.loads(report_path.read_text())
    data.pop("timings")
    for key in [k for k in data if k.startswith("cache_")]:  # hits and misses vary like timings
        data.pop(key)
    data.pop("inputs_key", None)  # names papergraph's own installed files too (reuse.py)
    return data


def test_two_builds_are_byte_identical(tmp_path: Path, examples_dir: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    build([examples_dir], a)
    build([examples_dir], b)
    for name in OUTPUT_FILES:
        if name == "report.json":
            assert _without_timings(a / name) == _without_timings(b / name)
        else:
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_input_order_does_not_change_outputs(tmp_path: Path, examples_dir: Path) -> None:
    files = sorted(p for p in examples_dir.iterdir() if p.suffix in {".jsonl", ".txt"})
    assert len(files) >= 2
    a, b = tmp_path / "a", tmp_path / "b"
    build(files, a)
    build(list(reversed(files)), b)
    ids_a = sorted(p["id"] for p in _jsonl(a / "papers.jsonl"))
    ids_b = sorted(p["id"] for p in _jsonl(b / "papers.jsonl"))
    assert ids_a == ids_b
    assert (a / "graph.nt").read_bytes() == (b / "graph.nt").read_bytes()


BAD_INPUTS = {
    "empty.jsonl": b"",
    "binary.jsonl": bytes(range(256)) * 4,
    "mixed.jsonl": (
        b'{"id": "ok1", "title": "A good paper", "abstract": "We propose FooNet for image classification."}\n'
        b'{"id": "trunc", "title": "Truncated", "abstr\n'
        b'{"id": "noabs", "title": "No abstract here"}\n'
        b'{"id": "ok2", "title": "Another good paper", "abstract": "BarNet improves BLEU by 1.2 on WMT14."}\n'
    ),
}


def test_bad_input_is_reported_and_the_run_continues(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, data in BAD_INPUTS.items():
        (src / name).write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    papers = _jsonl(out / "papers.jsonl")
    assert {p["title"] for p in papers} == {"A good paper", "Another good paper"}
    report = json.loads((out / "report.json").read_text())
    reasons = {(Path(s["file"]).name, s["line"]): s["reason"] for s in report["papers_skipped"]}
    assert ("mixed.jsonl", 2) in reasons
    assert ("mixed.jsonl", 3) in reasons
    assert "abstract" in reasons[("mixed.jsonl", 3)].lower()
    assert any(name == "empty.jsonl" for name, _ in reasons)
    assert any(name == "binary.jsonl" for name, _ in reasons)
    # The CLI names file and line for each skipped record.
    assert "mixed.jsonl:2" in result.output
    assert report["records_read"] == (
        report["papers_written"] + report["duplicates_merged"] + len(report["papers_skipped"])
    )


def test_cli_version_and_missing_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    build = "extraction compiled with mypyc" if is_compiled() else "extraction in pure Python"
    assert result.output.strip() == f"papergraph {papergraph.__version__} ({build})"
    result = runner.invoke(app, ["build", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "nope.jsonl" in result.output


def test_python_module_entry_point() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "papergraph", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip().startswith(f"papergraph {papergraph.__version__} (")
