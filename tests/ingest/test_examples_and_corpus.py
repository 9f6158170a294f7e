"""The bundled examples and the 74,728-abstract corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from papergraph.ingest import normalise_title, read_papers


def test_examples(examples_dir: Path) -> None:
    rr = read_papers([examples_dir])
    assert rr.skipped == () and rr.duplicates_merged == 0
    assert len(rr.papers) == 20
    by_fmt = [p.source_format for p in rr.papers]
    assert by_fmt.count("jsonl") == 12 and by_fmt.count("daily-page") == 8
    assert len({normalise_title(p.title) for p in rr.papers}) == 20
    page = [p for p in rr.papers if p.source_format == "daily-page"]
    assert all(p.date for p in page)
    assert sum(1 for p in page if p.upvotes) == 1
    assert sum(1 for p in rr.papers if p.code_urls) >= 2
    # Every example states at least one concrete number.
    assert all(re.search(r"\d", p.abstract) for p in rr.papers)


@pytest.mark.slow
def test_whole_corpus_reads_without_loss(corpus_path: Path) -> None:
    # Behaviour only: read speed is a figure benchmarks/bench_build.py prints
    # (its "read" stage), not a timed test on a noisy machine.
    rr = read_papers([corpus_path])
    assert (rr.records_read, len(rr.papers), rr.duplicates_merged, rr.skipped) == (
        74728, 74728, 0, (),
    )
    assert all(p.id.startswith("arxiv:") for p in rr.papers[:1000])
    assert sum(1 for p in rr.papers if p.code_urls) == 9951
