"""The viewer's paper records: the source id is listed, an untitled paper is named
by its abstract's opening words, and both stay escaped in the page."""

from __future__ import annotations

from papergraph.graph import build_graph
from papergraph.types import Extraction, Paper
from papergraph.viz import render_html
from tests.viz.test_html import page_data

HOSTILE_ID = "</script><img src=x onerror=alert(1)>"
UNTITLED = "Optical flow from an image sequence, computed for a rigid Lambertian object under light."


def _html() -> str:
    papers = [
        Paper("t:1", "FooNet", "We propose FooNet.", source_id="rec-17"),
        Paper("a:2", "", UNTITLED, source_id="ICCV_2003_158_abs"),
        Paper("t:3", "BarNet", "BarNet is a network.", source_id=HOSTILE_ID),
        Paper("t:4", "BazNet", "BazNet has no id."),
    ]
    return render_html(build_graph(papers, [Extraction(p.id, p.title, source_id=p.source_id) for p in papers]))


def test_paper_records_list_the_source_id() -> None:
    papers = page_data(_html())["papers"]
    assert {p: rec["sid"] for p, rec in papers.items()} == {
        "paper:t:1": "rec-17", "paper:a:2": "ICCV_2003_158_abs", "paper:t:3": HOSTILE_ID, "paper:t:4": None,
    }


def test_untitled_paper_is_named_by_its_opening_words() -> None:
    rec = page_data(_html())["papers"]["paper:a:2"]
    name = "Optical flow from an image sequence, computed for\u2026"
    assert (rec["t"], rec["ts"]) == (name, [name])
    assert rec["ab"] == [UNTITLED]


def test_source_id_is_escaped_in_the_page() -> None:
    html = _html()
    assert HOSTILE_ID not in html
    assert "<img src=x" not in html
