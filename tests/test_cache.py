"""The extraction cache: a build from the cache writes the same bytes as a build from scratch.

Builds here run on a few hundred corpus abstracts without the model (fast),
and on examples/ with the model once.
"""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import papergraph.cache
import papergraph.rdf
from papergraph.cache import CACHE_FILE, ExtractionCache, decode, encode, fingerprint, text_key
from papergraph.cli import app
from papergraph.pipeline import build
from papergraph.rdf import store as S
from papergraph.rdf.store import open_store
from papergraph.types import Extraction, Paper
from tests.same_outputs import assert_same_outputs

runner = CliRunner()
N = 300
GROWN_BY = 3  # 1% new abstracts
FAST = {"use_model": False}
SRC = Path(papergraph.cache.__file__).resolve().parent


def _corpus_lines(corpus_path: Path, n: int) -> list[str]:
    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        return list(itertools.islice(fh, n))


@pytest.fixture(scope="module")
def corpus_input(tmp_path_factory: pytest.TempPathFactory, corpus_path: Path) -> tuple[Path, list[str]]:
    """A JSONL input path (the same path for every build: papers.jsonl names it) and its N lines."""
    folder = tmp_path_factory.mktemp("corpus-input")
    return folder / "abstracts.jsonl", _corpus_lines(corpus_path, N)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory, corpus_input: tuple[Path, list[str]]) -> Path:
    """A build of all N abstracts without a cache."""
    path, lines = corpus_input
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path_factory.mktemp("scratch")
    report = build([path], out, cache=False, **FAST)
    assert (report.cache_hits, report.cache_misses) == (0, N)
    assert not (out / ".cache").exists()
    return out


# --- rows and keys ------------------------------------------------------------------------------

PAPER = Paper(id="arxiv:1", title="FooNet", abstract="FooNet reaches 81.2% top-1 on ImageNet.", source_id="s1")


@pytest.mark.parametrize(
    "other, same_key",
    [
        (Paper(id="arxiv:2", title="FooNet", abstract=PAPER.abstract, source_id="other"), True),
        (Paper(id="arxiv:1", title="FooNet", abstract=PAPER.abstract, authors=("A. Author",)), True),
        (Paper(id="arxiv:1", title="FooNet.", abstract=PAPER.abstract), False),
        (Paper(id="arxiv:1", title="FooNet", abstract=PAPER.abstract + " "), False),
        # the boundary between title and abstract is part of the key
        (Paper(id="arxiv:1", title="FooNet FooNet", abstract=PAPER.abstract[7:]), False),
    ],
)
def test_the_key_is_the_text_not_the_identity(other: Paper, same_key: bool) -> None:
    assert (text_key("fp", other) == text_key("fp", PAPER)) is same_key
    assert text_key("another extractor", PAPER) != text_key("fp", PAPER)


def test_a_row_is_restamped_with_the_papers_identity(examples_dir: Path) -> None:
    from papergraph.pipeline import extract, read

    papers = read([examples_dir]).papers
    extractions = extract(papers, **FAST)
    assert sum(len(e.entities) + len(e.results) for e in extractions) > 100
    for paper, ex in zip(papers, extractions, strict=True):
        assert decode(encode(ex), paper).to_dict() == ex.to_dict()
        twin = Paper(id="x:twin", title=paper.title, abstract=paper.abstract, source_id="row 9")
        again = decode(encode(ex), twin)
        assert (again.id, again.source_id, again.title) == ("x:twin", "row 9", paper.title)
        assert again.entities == ex.entities and again.results == ex.results


@pytest.mark.parametrize(
    "options, same_as",
    [
        ({"use_model": False, "ensemble": False}, {"use_model": False, "ensemble": True}),  # no model, no vote
        ({"use_model": True, "ensemble": True}, {"use_model": True, "ensemble": True}),
    ],
)
def test_fingerprint_follows_the_options_that_matter(options: dict, same_as: dict) -> None:
    assert fingerprint(**options) == fingerprint(**same_as)
    assert len({fingerprint(use_model=m, ensemble=e) for m, e in [(True, True), (True, False), (False, True)]}) == 3


@pytest.mark.parametrize(
    "changed, changes_fingerprint",
    [
        ("data/gazetteer/entries.jsonl", True),
        ("extract/vocab.py", True),
        ("types.py", True),
        ("viz/html.py", False),  # not read by extraction
        ("data/ner/priors.json", False),  # the model's files, with use_model=False
    ],
)
def test_fingerprint_follows_the_files_extraction_reads(tmp_path: Path, changed: str, changes_fingerprint: bool) -> None:
    from papergraph.cache import _digest

    root = tmp_path / "papergraph"
    for part in ("extract", "data/gazetteer", "ingest/records.py", "types.py", "viz/html.py", "data/ner/priors.json"):
        src, dest = SRC / part, root / part
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest)
    before = _digest(root, use_model=False, ensemble=False)
    assert before == fingerprint(use_model=False)
    with (root / changed).open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert (_digest(root, use_model=False, ensemble=False) != before) is changes_fingerprint


# --- builds -------------------------------------------------------------------------------------


def _store_triples(out: Path) -> set[str]:
    S._open.clear()
    return {str(q) for q in open_store(out).store}


def test_grown_input_extracts_only_the_new_papers(
    tmp_path: Path, scratch: Path, corpus_input: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, lines = corpus_input
    out = tmp_path / "out"
    path.write_text("".join(lines[: N - GROWN_BY]), encoding="utf-8")
    first = build([path], out, **FAST)
    assert (first.cache_hits, first.cache_misses, first.cache_notes) == (0, N - GROWN_BY, [])

    # From here on the store is the previous one brought up to date, never loaded afresh.
    loads: list[Path] = []
    monkeypatch.setattr(S, "_fill", lambda tmp, nt, **kw: loads.append(nt))
    path.write_text("".join(lines), encoding="utf-8")
    grown = build([path], out, **FAST)
    assert (grown.cache_hits, grown.cache_misses) == (N - GROWN_BY, GROWN_BY)
    assert not grown.cache_reused
    assert_same_outputs(out, scratch)
    assert _store_triples(out) == _store_triples(scratch)

    again = build([path], out, **FAST)
    assert (again.cache_hits, again.cache_misses) == (N, 0)
    assert again.cache_reused and "graph" not in again.timings  # nothing after extraction was made again
    assert_same_outputs(out, scratch)
    assert _store_triples(out) == _store_triples(scratch)
    assert loads == []
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["cache_hits"], report["cache_misses"]) == (N, 0)


@pytest.mark.parametrize(
    "change, reused",
    [
        ({}, True),
        ({"include_generic": True}, False),
        ({"rdf_provenance": "claims"}, False),
        ({"base_iri": "https://example.org/kg/"}, False),
        ({"max_html_entities": 20}, False),
    ],
)
def test_an_unchanged_rebuild_takes_the_previous_files_only_for_the_same_options(
    tmp_path: Path, examples_dir: Path, change: dict, reused: bool
) -> None:
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    build([examples_dir], out, **FAST)
    report = build([examples_dir], out, **FAST, **change)
    assert report.cache_reused is reused
    build([examples_dir], scratch, cache=False, **FAST, **change)
    assert_same_outputs(out, scratch)


def test_damaged_previous_outputs_are_made_again(tmp_path: Path, examples_dir: Path) -> None:
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    build([examples_dir], out, **FAST)
    build([examples_dir], scratch, cache=False, **FAST)
    html = out / "graph.html"
    html.write_bytes(html.read_bytes().replace(b"<html", b"<HTML", 1))
    report = build([examples_dir], out, **FAST)
    assert not report.cache_reused
    assert_same_outputs(out, scratch)


def test_with_the_model_the_cache_gives_the_same_bytes(tmp_path: Path, examples_dir: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    report = build([examples_dir], first)
    assert report.cache_hits == 0 and report.cache_misses > 15
    shutil.copytree(first / ".cache", second / ".cache")
    report = build([examples_dir], second)
    assert report.cache_misses == 0
    assert_same_outputs(first, second)
    # a cache of the rules-only extractor is not read by the model's
    report = build([examples_dir], second, **FAST)
    assert report.cache_hits == 0
    assert report.cache_notes == [f"extractor changed: cache of {report.cache_misses} extractions discarded"]


def test_a_changed_extractor_discards_the_cache(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    n = build([examples_dir], out, **FAST).cache_misses
    real = fingerprint(use_model=False)
    monkeypatch.setattr(papergraph.cache, "fingerprint", lambda **kw: "a newer extractor")
    result = runner.invoke(app, ["build", str(examples_dir), "-o", str(out), "--no-model"])
    assert result.exit_code == 0, result.output
    assert f"extractor changed: cache of {n} extractions discarded" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["cache_hits"], report["cache_misses"], report["cache_discarded"]) == (0, n, n)
    with ExtractionCache(out / ".cache", "a newer extractor") as cache:
        assert len(cache) == n and cache.stats.notes == []
    with ExtractionCache(out / ".cache", real) as cache:
        assert len(cache) == 0 and cache.stats.discarded == n


@pytest.mark.parametrize(
    "damage, note",
    [
        (lambda db: db.write_bytes(b"this is not a database\n" * 100), "could not be read"),
        (lambda db: db.write_bytes(db.read_bytes()[: len(db.read_bytes()) // 2]), "could not be read"),
        (lambda db: db.write_bytes(b""), None),  # an empty file is an empty database
    ],
)
def test_a_damaged_cache_file_is_discarded_with_a_note(
    tmp_path: Path, examples_dir: Path, damage, note: str | None
) -> None:
    out = tmp_path / "out"
    n = build([examples_dir], out, **FAST).cache_misses
    reference = tmp_path / "reference"
    shutil.copytree(out, reference)
    db = out / ".cache" / CACHE_FILE
    for extra in db.parent.glob(CACHE_FILE + "-*"):
        extra.unlink()
    damage(db)
    report = build([examples_dir], out, **FAST)
    assert report.cache_misses == n
    assert [note in s for s in report.cache_notes] == ([True] if note else [])
    assert_same_outputs(out, reference)
    assert build([examples_dir], out, **FAST).cache_hits == n  # and the new cache works


def test_a_damaged_row_is_extracted_again(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "out"
    n = build([examples_dir], out, **FAST).cache_misses
    reference = tmp_path / "reference"
    shutil.copytree(out, reference)
    with sqlite3.connect(out / ".cache" / CACHE_FILE) as db:
        db.execute("UPDATE extractions SET data = x'00ff' WHERE key = (SELECT min(key) FROM extractions)")
    report = build([examples_dir], out, **FAST)
    assert (report.cache_hits, report.cache_misses) == (n - 1, 1)
    assert_same_outputs(out, reference)


def test_a_failed_build_keeps_its_extractions_in_the_cache(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the RDF stage broke")

    out = tmp_path / "out"
    with monkeypatch.context() as m:
        m.setattr(papergraph.rdf, "write_rdf", broken)
        with pytest.raises(RuntimeError, match="RDF stage"):
            build([examples_dir], out, **FAST)
    assert not (out / "report.json").exists()
    report = build([examples_dir], out, **FAST)
    assert report.cache_misses == 0 and report.cache_hits == report.papers_written > 15


def test_cache_options(tmp_path: Path, examples_dir: Path) -> None:
    elsewhere = tmp_path / "shared-cache"
    args = ["build", str(examples_dir), "--no-model", "--quiet"]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "a"), "--cache", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert (elsewhere / CACHE_FILE).is_file() and not (tmp_path / "a" / ".cache").exists()
    # another output folder, the same cache: nothing to extract
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "b"), "--cache", str(elsewhere)])
    report = json.loads((tmp_path / "b" / "report.json").read_text(encoding="utf-8"))
    assert report["cache_misses"] == 0 and report["cache_hits"] == report["papers_written"]

    result = runner.invoke(app, [*args, "-o", str(tmp_path / "c"), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "c" / ".cache").exists()
    report = json.loads((tmp_path / "c" / "report.json").read_text(encoding="utf-8"))
    assert report["cache_hits"] == 0 and report["cache_misses"] == report["papers_written"]

    result = runner.invoke(app, [*args, "-o", str(tmp_path / "d"), "--no-cache", "--cache", str(elsewhere)])
    assert result.exit_code == 2 and "contradict" in result.output


def test_summary_shows_new_and_cached_papers(tmp_path: Path, examples_dir: Path) -> None:
    args = ["build", str(examples_dir), "--no-model", "-o", str(tmp_path / "out")]
    assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "papers extracted" in line)
    assert "0 new, 20 from the cache" in row
    row = next(line for line in result.output.splitlines() if "graph, RDF and HTML" in line)
    assert "taken from the previous build" in row


def test_an_unwritable_cache_only_slows_the_build(tmp_path: Path, examples_dir: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    report = build([examples_dir], tmp_path / "out", cache=blocker / "cache", **FAST)
    assert report.cache_misses == report.papers_written > 15
    assert len(report.cache_notes) == 1 and "extractions are not cached" in report.cache_notes[0]


def test_extract_with_a_cache_folder(tmp_path: Path) -> None:
    from papergraph.pipeline import extract

    papers = [PAPER, Paper(id="arxiv:3", title=PAPER.title, abstract=PAPER.abstract, source_id="s3")]
    fresh = extract(papers, cache=tmp_path, **FAST)
    cached = extract(papers, cache=tmp_path, **FAST)
    assert [e.to_dict() for e in cached] == [e.to_dict() for e in fresh]
    assert [e.source_id for e in cached] == ["s1", "s3"]
    assert isinstance(cached[0], Extraction)
