"""The packed block, the long tail and the communities, without a browser."""

from __future__ import annotations

import json
import math
import re

import pytest

from papergraph.graph.model import kind_of
from papergraph.viz import render_html
from papergraph.viz.html import month_index
from papergraph.viz.overview import overview
from papergraph.viz.pack import pack, read_page_data, unpack
from papergraph.viz.select import select
from papergraph.viz.synthetic import synthetic_graph
from papergraph.viz.tail import TAIL_PAPERS, long_tail, tail_rows
from tests.viz.viz_graphs import HOSTILE_ABSTRACT, HOSTILE_TITLE, make_small_graph


@pytest.mark.parametrize(
    "obj",
    [{"t": HOSTILE_TITLE, "ab": [HOSTILE_ABSTRACT]}, {"l": ["</script>", "\u2028", "𝒳"], "n": [1, 2]}, {}],
)
def test_pack_round_trips_and_holds_only_base64(obj: object) -> None:
    packed = pack(obj)
    assert re.fullmatch(r"[A-Za-z0-9+/=]*", packed)  # nothing that could end its <script>
    assert unpack(packed) == obj
    assert pack(obj) == packed  # same data, same bytes


def test_the_page_keeps_what_is_drawn_plain_and_packs_the_rest() -> None:
    html = render_html(make_small_graph(), max_entities=3)
    m = re.search(r'id="pg-data">(.*?)</script>', html, re.S)
    assert m is not None
    plain = json.loads(m.group(1))
    assert not {"papers", "results", "more", "plist"} & set(plain)
    data = read_page_data(html)
    placed = {n["id"] for n in data["nodes"]}
    assert set(plain["entities"]) == placed and len(placed) == 3
    # the entities named only by embedded papers come from the packed block, merged in
    assert set(data["entities"]) > placed and all(data["entities"][e]["dr"] == 1 for e in placed)
    assert len(data["papers"]) == 4 and len(data["results"]) == 2
    assert set(data["more"]) == {"l", "k", "n", "p", "pc"}
    # the papers and results are in a block of their own, parsed by the page on first use
    lazy = re.search(r'id="pg-lazy">(.*?)</script>', html, re.S)
    assert lazy is not None and set(unpack(lazy.group(1))) == {"papers", "results"}


def test_the_long_tail_holds_every_other_entity_with_its_newest_papers() -> None:
    G = synthetic_graph(600, seed=4)
    sel = select(G, max_entities=40, max_papers=0, max_embedded=50)
    embedded = set(sel.drawn_entities)
    _, month_of = month_index(G, sel)
    more, plist = long_tail(G, sel, embedded, label=lambda e: G.nodes[e]["label"], month_of=month_of)
    entities = [n for n in G if kind_of(n) in ("Method", "Dataset", "Task", "Metric")]
    rows = tail_rows(more, plist)
    assert len(rows) == len(entities) - len(embedded) == len(more["k"]) == len(more["n"])
    assert more["n"] == sorted(more["n"], reverse=True)
    by_label = {G.nodes[e]["label"]: e for e in entities}
    for row, kind in zip(rows, more["k"], strict=True):
        e = by_label[row["name"]]
        assert kind == {"Method": "M", "Dataset": "D", "Task": "T", "Metric": "X"}[kind_of(e)]
        papers = {u for u, _ in G.in_edges(e) if kind_of(u) == "Paper"}
        assert row["papers"] == len(papers)
        newest = sorted(papers, key=lambda p: (G.nodes[p]["date"], p), reverse=True)[:TAIL_PAPERS]
        assert row["newest"] == newest
    ids = plist["id"].split("\n")
    assert ids == sorted({p for row in rows for p in row["newest"]})
    for p, title, ax, m in zip(ids, plist["t"].split("\n"), plist["ax"].split("\n"), plist["m"], strict=True):
        assert title == G.nodes[p]["title"] and ax == G.nodes[p]["arxiv_id"] and m == month_of[p]


def test_communities_cover_the_placed_entities_inside_their_hull() -> None:
    data = read_page_data(render_html(synthetic_graph(800, seed=9), max_entities=120))
    communities = data["communities"]
    members: dict[int, list[dict]] = {}
    for node in data["nodes"]:
        members.setdefault(data["entities"][node["id"]]["cm"], []).append(node)
    assert sorted(members) == list(range(len(communities)))
    for c, com in enumerate(communities):
        assert com["m"] == len(members[c])
        assert all(math.hypot(n["x"] - com["x"], n["y"] - com["y"]) < com["r"] for n in members[c])
        top = max(members[c], key=lambda n: data["entities"][n["id"]]["np"])
        assert top["label"] in com["n"] or data["entities"][top["id"]]["k"] == "Metric"
    # biggest first: the community numbered 0 names the most papers of all but the loners
    assert communities[0]["np"] == max(c["np"] for c in communities if not c["n"].startswith("Named alone"))


def test_loners_are_one_community_named_so() -> None:
    G = make_small_graph()
    sel = select(G)
    ov = overview(sel.drawn_entities, sel.papers_of, sel.paper_counts)
    assert ov.loners == -1  # every entity of the small graph shares a paper with another
    papers_of = {"a": {"p1"}, "b": {"p1"}, "c": {"p2"}, "d": {"p3"}}
    ov = overview(["a", "b", "c", "d"], papers_of, {k: 1 for k in papers_of})
    assert ov.loners == len(ov.communities) - 1 and sorted(ov.communities[ov.loners]) == ["c", "d"]
