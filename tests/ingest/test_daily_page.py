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


def _fields(items: list[Paper | Problem]) -> list[tuple[object, ...]]:
    return [
        (p.title, p.abstract, p.author_count, p.date, p.upvotes)
        for p in items
        if isinstance(p, Paper)
    ]


@pytest.mark.parametrize("seed", ["000_76cc6b4ad655d48c.txt", "001_4b99d7e88a7f307e.txt"])
@pytest.mark.parametrize("where", ["before a title", "after an abstract"])
@pytest.mark.parametrize("length", [250, 350, 5000])
def test_line_that_is_not_a_title_changes_no_paper(
    seeds_dir: Path, seed: str, where: str, length: int
) -> None:
    # 000 has blank-line separated blocks with author and date lines, 001 is compact.
    lines = (seeds_dir / seed).read_text(encoding="utf-8").splitlines(keepends=True)
    clean = list(read_daily_page(lines, source="page"))
    assert all(isinstance(i, Paper) for i in clean)
    sixth = clean[5]
    assert isinstance(sixth, Paper) and sixth.source_line is not None
    at = sixth.source_line - 1  # 0-based index of its title line
    if where == "after an abstract":
        at += 1
        while not lines[at].strip():
            at += 1
        at += 1
    stray = ("Stray text pasted into the page " * 200)[:length].strip() + "\n"
    items = list(read_daily_page([*lines[:at], stray, *lines[at:]], source="page"))
    assert _fields(items) == _fields(clean)
    (problem,) = [i for i in items if isinstance(i, Problem)]
    assert (problem.file, problem.line) == ("page", at + 1)
    if length > 300:
        assert f"a {len(stray) - 1}-character line where a title was expected" in problem.reason
    elif where == "before a title":  # title-sized: read as a title that has no abstract
        assert "no abstract for 'Stray text" in problem.reason
    elif seed.startswith("000"):  # the author line after it belongs to the paper before
        assert f"a line between the abstract of {sixth.title!r}" in problem.reason
    else:
        assert "no abstract for 'Stray text" in problem.reason


def test_title_sized_line_followed_by_an_abstract_is_the_next_title() -> None:
    abstract = "We study how sparse experts route tokens in small models. " * 6
    lines = ["Lost Its Abstract\n", "Next Paper Title\n", abstract + "\n", "Third\n", abstract + "\n"]
    items = list(read_daily_page(lines, source="p"))
    assert [type(i).__name__ for i in items] == ["Problem", "Paper", "Paper"]
    assert items[0].line == 1 and "no abstract for 'Lost Its Abstract'" in items[0].reason  # type: ignore[union-attr]
    assert [(p.source_line, p.title) for p in items[1:]] == [(2, "Next Paper Title"), (4, "Third")]  # type: ignore[union-attr]


def test_stray_paragraph_keeps_the_authors_and_date_of_the_paper_before_it() -> None:
    abstract = "We study how sparse experts route tokens in small models. " * 6
    lines = ["A Title\n", abstract + "\n", "A second paragraph. " * 20 + "\n",
             "  • 4 authors\n", "·\n", "Oct 2, 2021 7\n", "Next\n", abstract + "\n"]
    items = list(read_daily_page(lines, source="p"))
    assert [type(i).__name__ for i in items] == ["Problem", "Paper", "Paper"]
    assert items[0].line == 3 and "after the abstract of 'A Title' (line 1)" in items[0].reason  # type: ignore[union-attr]
    first = items[1]
    assert isinstance(first, Paper)
    assert (first.title, first.author_count, first.date, first.upvotes) == ("A Title", 4, "2021-10-02", 7)


@pytest.mark.parametrize(
    "meta, expected",
    [
        (["  • 3 authors\n", "·\n", "Oct 2, 2021 12\n"], (3, "2021-10-02", 12)),
        (["  • " + "9" * 5000 + " authors\n", "·\n", "Oct 2, 2021\n"], (None, "2021-10-02", None)),
        (["  • 3 authors\n", "·\n", "Oct 2, 2021 " + "9" * 5000 + "\n"], (3, "2021-10-02", None)),
        (["  • ٣ authors\n", "·\n", "Oct ٢, 2021\n"], (None, None, None)),  # not ASCII digits
    ],
)
def test_numbers_no_page_shows_are_dropped(meta: list[str], expected: tuple[object, ...]) -> None:
    abstract = "We study how sparse experts route tokens in small models. " * 6
    items = list(read_daily_page(["A Title\n", abstract + "\n", *meta], source="p"))
    papers = [i for i in items if isinstance(i, Paper)]
    assert [(p.author_count, p.date, p.upvotes) for p in papers] == [expected]


@pytest.mark.parametrize(
    "seed", ["000_76cc6b4ad655d48c.txt", "001_4b99d7e88a7f307e.txt", "003_09b117a22b3dab74.txt"]
)
def test_a_deleted_line_costs_at_most_its_own_paper(seeds_dir: Path, seed: str) -> None:
    # Blocks, compact, and blocks with organisation lines: delete each of the first 200
    # lines in turn (the page goes on to repeat the same shapes).
    lines = (seeds_dir / seed).read_text(encoding="utf-8").splitlines(keepends=True)
    clean = {p.title: p.abstract for p in read_daily_page(lines, source="p") if isinstance(p, Paper)}
    shifted = []
    for i, line in enumerate(lines[:200]):
        if not line.strip():
            continue
        items = read_daily_page([*lines[:i], *lines[i + 1 :]], source="p")
        got = {p.title: p.abstract for p in items if isinstance(p, Paper)}
        bogus = [t for t in got if clean.get(t) != got[t]]
        if bogus or len(clean.keys() - got.keys()) > 1:
            shifted.append((i + 1, bogus))
    assert shifted == []
