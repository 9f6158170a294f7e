"""Hugging Face "Daily Papers" page dumps, both layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.ingest import detect_format, iter_records
from papergraph.ingest.daily import parse_page_date, read_daily_page
from papergraph.types import Paper, Problem


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Oct 2, 2021", ("2021-10-02", None)),
        ("Sep 4, 2024 2", ("2024-09-04", 2)),
        ("Jun 25", ("--06-25", None)),  # no year: month-day only, never a guessed year
        ("Jun 25 7", ("--06-25", 7)),
        ("Dec 31, 1999", ("1999-12-31", None)),
        ("Jun 32", None),
        ("June twenty", None),
        ("Pointer Networks", None),
    ],
)
def test_parse_page_date(text: str, expected: tuple[str | None, int | None] | None) -> None:
    assert parse_page_date(text) == expected


def _papers(path: Path) -> list[Paper]:
    items = list(iter_records(path))
    assert all(isinstance(i, Paper) for i in items), [str(i) for i in items]
    return items  # type: ignore[return-value]


def test_block_layout(fixtures_dir: Path) -> None:
    path = fixtures_dir / "ingest" / "daily_blocks.txt"
    assert detect_format(path) == "daily-page"
    papers = _papers(path)
    got = [(p.source_line, p.title, p.author_count, p.date, p.upvotes) for p in papers]
    assert got == [
        (13, "Sparse Routing for Tiny Language Models", 4, "2021-10-02", None),
        (21, "Jun 25", None, None, None),  # a title that looks like a date stays a title
        (25, "HyperNets", None, "2024-09-04", 2),  # org line instead of authors
        (33, "Calibrated Depth Estimation Without Labels", 1, "--06-25", 7),
        (41, "Sparse routing for tiny language models", 4, "--10-02", None),
    ]
    assert papers[0].abstract.startswith("We study sparse expert routing")
    assert papers[3].code_urls == ("https://github.com/example-lab/calidepth",)
    assert all(p.source_format == "daily-page" for p in papers)
    # Page chrome never becomes a paper.
    assert not {"new", "Subscribe", "Daily Papers", "openbmb OpenBMB"} & {p.title for p in papers}


def test_block_layout_duplicates_merge(fixtures_dir: Path) -> None:
    from papergraph.ingest import read_papers

    rr = read_papers([fixtures_dir / "ingest" / "daily_blocks.txt"])
    assert (rr.records_read, len(rr.papers), rr.duplicates_merged) == (5, 4, 1)
    merged = rr.papers[0]
    # Longest abstract wins (the later copy), the date with a year wins over "--10-02".
    assert merged.abstract.endswith("appears later on the page.")
    assert merged.title == "Sparse routing for tiny language models"
    assert merged.date == "2021-10-02"
    assert merged.source_line == 41


def test_compact_layout(fixtures_dir: Path) -> None:
    path = fixtures_dir / "ingest" / "daily_compact.txt"
    assert detect_format(path) == "daily-page"
    papers = _papers(path)
    assert [(p.source_line, p.title) for p in papers] == [
        (3, "GraphMix: Mixing Node Features for Semi-Supervised Node Classification"),
        (5, "Subscriber Churn Prediction with Temporal Transformers"),
        (7, "Tiny"),
    ]
    assert papers[0].abstract.startswith("We propose GraphMix")
    assert all(p.date is None and p.author_count is None for p in papers)


def test_title_without_abstract_is_reported() -> None:
    lines = ["Title One\n", "\n", "  • 3 authors\n", "·\n", "Oct 2, 2021\n",
             "Title Two\n", "\n", "Abstract two.\n"]
    items = list(read_daily_page(lines, source="page.txt"))
    assert isinstance(items[0], Problem)
    assert (items[0].file, items[0].line) == ("page.txt", 1)
    assert "no abstract" in items[0].reason
    assert isinstance(items[1], Paper) and items[1].title == "Title Two"


def test_orphan_abstract_is_reported() -> None:
    long_line = "This abstract lost its title line. " * 20
    items = list(read_daily_page([long_line + "\n", "A Title\n", "Its abstract.\n"], source="p"))
    assert isinstance(items[0], Problem) and items[0].line == 1
    assert "title" in items[0].reason
    assert isinstance(items[1], Paper) and items[1].title == "A Title"
