"""Segments, URLs, selection and layout: the pieces the page is built from."""

from __future__ import annotations

from collections import Counter

import pytest

from papergraph.viz.data import safe_urls, segments
from papergraph.viz.overview import (
    EDGES_PER_ENTITY,
    MAX_ENTITIES_PER_PAPER,
    cooccurrence,
    month_histogram,
    month_key,
    overview,
)
from papergraph.viz.select import select
from papergraph.viz.synthetic import synthetic_graph
from tests.viz.viz_graphs import make_small_graph


@pytest.mark.parametrize(
    "source, spans, expected",
    [
        ("no spans", [], ["no spans"]),
        ("FooNet wins", [(0, 6, "m")], [["FooNet", "m"], " wins"]),
        ("a ResNet-50 b", [(2, 8, "r"), (2, 11, "r50")], ["a ", ["ResNet-50", "r50"], " b"]),
        ("abcdef", [(1, 4, "x"), (3, 5, "y")], ["a", ["bcd", "x"], "ef"]),  # overlap: first wins
        ("abc", [(2, 9, "x"), (-1, 1, "y"), (2, 2, "z")], ["abc"]),  # out of range, empty
        ("𝒳 ViT", [(2, 5, "v")], ["𝒳 ", ["ViT", "v"]]),  # code-point offsets
        ("ab", [(0, 1, "x"), (1, 2, "y")], [["a", "x"], ["b", "y"]]),
    ],
)
def test_segments(source: str, spans: list, expected: list) -> None:
    out = segments(source, spans)
    assert out == expected
    assert "".join(s if isinstance(s, str) else s[0] for s in out) == source


@pytest.mark.parametrize(
    "urls, expected",
    [
        (["https://github.com/a/b", "http://x.org"], ["https://github.com/a/b", "http://x.org"]),
        (["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x"], []),
        (["//evil.example/x", "github.com/a/b", "https://"], []),
        (["https://a.org", "https://a.org"], ["https://a.org"]),
        ("https://a.org", []),  # not a list
        ([None, 3, "https://a.org"], ["https://a.org"]),
    ],
)
def test_safe_urls(urls: object, expected: list) -> None:
    assert safe_urls(urls) == expected


def test_selection_ranks_and_embeds_round_robin() -> None:
    G = synthetic_graph(600, n_entities=200, seed=2)
    sel = select(G, max_entities=20, max_papers=30, max_embedded=100)
    assert len(sel.drawn_entities) == 20 and len(sel.drawn_papers) == 30
    counts = [sel.paper_counts[e] for e in sel.drawn_entities]
    assert counts == sorted(counts, reverse=True)
    assert sel.drawn_papers == sel.embedded_papers[:30]
    assert len(sel.embedded_papers) == len(set(sel.embedded_papers)) == 100
    # every drawn result belongs to a drawn paper
    assert {G.nodes[r]["paper"] for r in sel.drawn_results} <= set(sel.drawn_papers)


def test_selection_counts_papers_through_results() -> None:
    sel = select(make_small_graph())
    assert sel.paper_counts["method:foonet"] == 2  # title of one paper, mention in another
    assert sel.paper_counts["metric:top-1-accuracy"] == 2
    assert sel.total_papers == 4 and sel.total_entities == 6


def test_overview_is_deterministic_and_groups_by_shared_papers() -> None:
    G = synthetic_graph(1_500, seed=4)
    sel = select(G, max_entities=200)
    a = overview(sel.drawn_entities, sel.papers_of, sel.paper_counts)
    b = overview(sel.drawn_entities, sel.papers_of, sel.paper_counts)
    assert a == b
    assert set(a.positions) == set(sel.drawn_entities)
    assert len(set(a.positions.values())) == 200  # no two entities on the same pixel
    assert sorted(a.community.values())[0] == 0 and len(a.communities) > 1
    # each entity keeps at most its strongest links, and every drawn edge joins two entities
    assert all(u < v and w >= 1 for u, v, w in a.edges)
    degree = Counter(x for u, v, _ in a.edges for x in (u, v))
    assert len(a.edges) <= EDGES_PER_ENTITY * 200 and max(degree.values()) < 200


def test_cooccurrence_counts_shared_papers_and_skips_surveys() -> None:
    papers_of = {"a": {"p1", "p2"}, "b": {"p1", "p2", "p3"}, "c": {"p3"}}
    assert cooccurrence(["a", "b", "c"], papers_of) == {("a", "b"): 2, ("b", "c"): 1}
    many = {f"e{i:02d}": {"survey"} for i in range(MAX_ENTITIES_PER_PAPER + 1)}
    assert cooccurrence(sorted(many), many) == {}


@pytest.mark.parametrize(
    "date, expected",
    [("2024-03-05", "2024-03"), ("2024-03", "2024-03"), ("2019", "2019-01"), ("2024-13-01", None),
     ("", None), (None, None), ("March 2024", None)],
)
def test_month_key(date: object, expected: str | None) -> None:
    assert month_key(date) == expected


def test_month_histogram_is_flat_and_sorted() -> None:
    month_of = {"p1": 3, "p2": 0, "p3": 3, "p4": None}
    assert month_histogram({"p1", "p2", "p3", "p4"}, month_of) == [0, 1, 3, 2]
