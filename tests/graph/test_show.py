"""kg.show(): a subgraph's viewer inline in Jupyter, offline, every byte escaped."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from papergraph.graph import PaperGraph
from papergraph.notebook import GraphView
from papergraph.viz.pack import read_page_data
from tests.viz.viz_graphs import HOSTILE, HOSTILE_METHOD, HOSTILE_TITLE, make_small_graph

#: An attribute that would make the browser fetch something from elsewhere.
EXTERNAL = re.compile(r"""\b(?:src|href|srcset|action|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def _srcdoc(frame: str) -> str:
    m = re.fullmatch(r'<iframe srcdoc="([^"]*)" [^<>]*></iframe>', frame)
    assert m, frame[:200]
    return html.unescape(m.group(1))


def _page_data(page: str) -> dict:
    """The page's data, its packed blocks unpacked (papers and the long tail travel packed)."""
    return read_page_data(page)


def test_show_draws_the_subgraph_inline_and_offline(kg: PaperGraph) -> None:
    view = kg.show("ImageNet-val", depth=1)
    assert isinstance(view, GraphView)
    sub = kg.subgraph("ImageNet-val", depth=1).to_networkx()
    assert set(view.graph) == set(sub)
    frame = view._repr_html_()
    assert 'sandbox="allow-scripts"' in frame and "allow-same-origin" not in frame
    page = _srcdoc(frame)
    assert page == view.html and page.startswith("<!DOCTYPE html>")
    assert EXTERNAL.search(frame) is None and EXTERNAL.search(page) is None
    assert re.search(r"<script[^>]+src=", page) is None
    entities = _page_data(page)["entities"]
    names = {rec["l"] for rec in entities.values()}
    for _n, d in sub.nodes(data=True):
        if d["kind"] in ("Method", "Dataset", "Task", "Metric"):
            assert d["label"] in names
            assert d["label"] in page
    titles = " | ".join(rec["t"] for rec in _page_data(page)["papers"].values())
    assert "ResNet strikes back" in titles  # the paper one edge away
    assert "Attention is all you need" not in titles  # and nothing beyond the subgraph
    assert 'title="papergraph: ImageNet-val"' in frame


def test_show_takes_several_nodes_and_is_deterministic(kg: PaperGraph, tmp_path: Path) -> None:
    view = kg.show(["QM9", "BLEU"], depth=1, height=300)
    assert "height: 300px" in view._repr_html_()
    assert view.html == kg.show(["QM9", "BLEU"], depth=1, height=300).html
    path = view.save(tmp_path / "sub.html")
    assert path.read_text(encoding="utf-8") == view.html
    with pytest.raises(ValueError, match="height"):
        kg.show("QM9", height=0)


def test_hostile_names_are_escaped_in_the_frame_and_the_page() -> None:
    kg = PaperGraph(make_small_graph())
    view = kg.show([HOSTILE], depth=1)
    frame = view._repr_html_()
    # The attribute holds the whole page escaped: the only tags are the iframe's own.
    assert frame.count("<") == 2 and frame.startswith("<iframe ") and frame.endswith("</iframe>")
    for needle in (HOSTILE_TITLE, HOSTILE_METHOD, "<svg", "<img", "</script><script>"):
        assert needle not in frame
    page = _srcdoc(frame)
    for needle in (HOSTILE_TITLE, HOSTILE_METHOD, "</script><script>alert(2)"):
        assert needle not in page
    data = _page_data(page)
    assert data["papers"][HOSTILE]["t"] == HOSTILE_TITLE  # shown as text, intact
    assert HOSTILE_METHOD in {rec["l"] for rec in data["entities"].values()}
    assert EXTERNAL.search(page) is None


def test_a_title_with_quotes_stays_inside_its_attribute() -> None:
    view = GraphView(make_small_graph(), title='a "quoted" <b>title</b> & more')
    frame = view._repr_html_()
    assert 'title="a &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; more"' in frame
    assert frame.count("<") == 2
