"""Segments, URLs, selection and layout: the pieces the page is built from."""

from __future__ import annotations

import pytest

from papergraph.viz.data import safe_urls, segments
from papergraph.viz.layout import force_layout
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


def test_layout_is_deterministic_and_spread() -> None:
    edges = [(i, (i * 7 + 3) % 300) for i in range(300)] + [(i, i + 1) for i in range(299)]
    a = force_layout(300, edges)
    assert a == force_layout(300, edges)
    assert len(set(a)) == 300  # no two nodes on the same pixel
    xs = [x for x, _ in a]
    assert max(xs) - min(xs) > 500


@pytest.mark.parametrize("n, edges, expected", [(0, [], []), (1, [], [(0, 0)]), (2, [(0, 0)], None)])
def test_layout_degenerate_inputs(n: int, edges: list, expected: list | None) -> None:
    out = force_layout(n, edges)
    assert len(out) == n
    if expected is not None:
        assert out == expected
