"""Merging duplicates: richest metadata, independent of input order."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from papergraph.ingest import read_papers
from papergraph.ingest.merge import merge_papers
from papergraph.types import Paper


def _p(**kw: object) -> Paper:
    base: dict[str, object] = {"id": "t:1", "title": "T", "abstract": "A", "source_file": "f"}
    base.update(kw)
    return Paper(**base)  # type: ignore[arg-type]


CANDIDATES = [
    _p(abstract="Short.", date="--06-25", upvotes=3, urls=("u1",), source_line=1),
    _p(abstract="A much longer abstract.", author_count=4, source_line=9, source_file="g"),
    _p(abstract="Mid length one.", date="2024-06-25", upvotes=7, urls=("u2", "u1"),
       code_urls=("https://github.com/a/b",), source_line=5),
    _p(abstract="A much longer abstract.", authors=("X", "Y"), date="2024", source_line=2),
]


def test_merge_picks_richest_fields() -> None:
    m = merge_papers(CANDIDATES)
    assert m.abstract == "A much longer abstract."
    assert (m.source_file, m.source_line) == ("f", 2)  # tie on abstract: more authors wins
    assert m.authors == ("X", "Y") and m.author_count == 4
    assert m.date == "2024-06-25"  # with a year and most precise
    assert m.upvotes == 7
    assert set(m.urls) == {"u1", "u2"} and m.code_urls == ("https://github.com/a/b",)


def test_merge_is_order_independent() -> None:
    results = {merge_papers(list(perm)) for perm in itertools.permutations(CANDIDATES)}
    assert len(results) == 1


def test_title_only_record_joins_its_arxiv_record(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"title": "Pointer Networks", "abstract": "Longer abstract from a page dump."})
        + "\n"
        + json.dumps({"title": "Unrelated", "abstract": "x"})
        + "\n"
    )
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "1506.03134", "title": "Pointer  networks", "abstract": "Short."}) + "\n"
    )
    for order in ([tmp_path / "a.jsonl", tmp_path / "b.jsonl"],
                  [tmp_path / "b.jsonl", tmp_path / "a.jsonl"]):
        rr = read_papers(order)
        assert rr.duplicates_merged == 1
        merged = next(p for p in rr.papers if p.id == "arxiv:1506.03134")
        assert merged.arxiv_id == "1506.03134"
        assert merged.abstract == "Longer abstract from a page dump."
