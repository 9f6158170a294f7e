"""The five Daily Papers page dumps papergraph was specified from."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from papergraph.ingest import read_papers
from papergraph.types import ReadResult


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> ReadResult:
    return read_papers([seeds_dir])


def test_counts(seeds: ReadResult) -> None:
    assert seeds.records_read == 459
    assert len(seeds.papers) == 410
    assert seeds.duplicates_merged == 49
    assert seeds.skipped == ()
    assert len(seeds.files_read) == 5
    assert seeds.records_read == len(seeds.papers) + seeds.duplicates_merged + len(seeds.skipped)


def test_ids_are_unique_title_hashes(seeds: ReadResult) -> None:
    ids = [p.id for p in seeds.papers]
    assert len(set(ids)) == 410
    assert all(i.startswith("t:") and len(i) == 18 for i in ids)  # seeds carry no arXiv ids


def test_no_chrome_or_metadata_becomes_a_paper(seeds: ReadResult) -> None:
    titles = {p.title for p in seeds.papers}
    chrome = {"new", "Subscribe", "Daily Papers", "byAK and the research community",
              "Get trending papers in your email inbox!", "openbmb OpenBMB",
              "KaLM-Embedding KaLM-Embedding", "·"}
    assert not titles & chrome
    assert not any(t.startswith("Subscribe") for t in titles)
    assert "ResMLP: Feedforward networks for image classification with data-efficient training" in titles
    assert {"Pointer Networks", "Memory Networks", "HyperNetworks"} <= titles


def test_metadata(seeds: ReadResult) -> None:
    by_title = {p.title: p for p in seeds.papers}
    p = by_title["Configurable Foundation Models: Building LLMs from a Modular Perspective"]
    assert (p.date, p.upvotes, p.author_count) == ("2024-09-04", 2, None)  # org line, no authors
    m2m = by_title["m2mKD: Module-to-Module Knowledge Distillation for Modular Transformers"]
    assert m2m.code_urls == ("https://github.com/kamanphoebe/m2mKD",)
    assert m2m.author_count == 8 and m2m.date == "2024-02-25"
    dates = Counter(
        "none" if p.date is None else "month-day" if p.date.startswith("--") else "full"
        for p in seeds.papers
    )
    assert dates["none"] == 195  # the compact layout and metadata-less blocks have no date
    assert all(p.date is None or len(p.date) in (7, 10) for p in seeds.papers)


def test_merge_keeps_the_longest_abstract(seeds: ReadResult) -> None:
    by_title = {p.title: p for p in seeds.papers}
    # Layout (a) cuts some abstracts after ~150 characters; the full copy wins.
    p = by_title["Hopfield Networks is All You Need"]
    assert len(p.abstract) > 300


def test_stable_across_runs_and_input_order(seeds_dir: Path, seeds: ReadResult) -> None:
    files = sorted(seeds_dir.iterdir())
    again = read_papers(files)
    backwards = read_papers(list(reversed(files)))
    assert [p.id for p in again.papers] == [p.id for p in seeds.papers]
    assert again.papers == seeds.papers
    assert {p.id for p in backwards.papers} == {p.id for p in seeds.papers}
    forward = {p.id: p for p in seeds.papers}
    assert all(forward[p.id] == p for p in backwards.papers)  # same merged content
    assert backwards.duplicates_merged == 49


def test_order_is_first_appearance(seeds: ReadResult) -> None:
    first = seeds.papers[0]
    assert first.title.startswith("End-to-End Complex-Valued Multidilated")
    assert Path(first.source_file or "").name == "000_76cc6b4ad655d48c.txt"
