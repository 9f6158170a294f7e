"""Communities, leaderboard views, claims in the time range and the long tail, in headless Chromium."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from papergraph.viz import write_html
from papergraph.viz.pack import read_page_data
from papergraph.viz.synthetic import synthetic_graph
from tests.viz.test_browser import Opened, open_page, visible_ids
from tests.viz.test_leaderboard_panel import make_graph
from tests.viz.test_questions import LABEL_BOXES, assert_no_overlap, set_slider
from tests.viz.viz_graphs import (
    FOONET,
    HOSTILE_METHOD,
    HOSTILE_TITLE,
    IMAGENET,
    P1,
    VIT,
    make_small_graph,
)

pytestmark = pytest.mark.browser

CLS = "task:image-classification"
PANEL_NODE = "document.getElementById('panel').dataset.node"
OPACITY = "Object.fromEntries(papergraph.nodes.get().map(n => [n.id, n.opacity === undefined ? 1 : n.opacity]))"
# Each community title's box on screen, measured here: its text in the title font, centred
# under the top of its hull (which wraps the community's drawn entities).
TITLE_BOXES = """() => {
  const net = papergraph.network, ctx = document.createElement("canvas").getContext("2d");
  ctx.font = "600 13px system-ui, sans-serif";
  return papergraph.communityLabels().map(l => {
    const c = papergraph.hulls()[l.c], top = net.canvasToDOM({x: c.x, y: c.y - c.r});
    const w = ctx.measureText(l.text).width;
    return ["community:" + l.c, top.x - w / 2, top.x + w / 2, top.y + 5, top.y + 18];
  });
}"""


@pytest.fixture
def small_path(tmp_path: Path) -> Path:
    path = tmp_path / "graph.html"
    write_html(make_small_graph(), path)
    return path


@pytest.fixture
def small(browser: Any, small_path: Path) -> Iterator[Opened]:
    yield from open_page(browser, small_path)


def rows(opened: Opened, selector: str = "#panel tr.claim") -> list[list[str]]:
    return [r.split("\t") for r in opened.page.locator(selector).all_inner_texts()]


def test_a_community_opens_from_its_title_with_its_entities_and_papers(small: Opened, small_path: Path) -> None:
    data = read_page_data(small_path.read_text(encoding="utf-8"))
    c, box = small.js("papergraph.communityLabels().map(l => [l.c, l.box])[0]")
    small.page.mouse.click((box["x0"] + box["x1"]) / 2, (box["y0"] + box["y1"]) / 2)
    assert small.js(PANEL_NODE) == f"community:{c}"
    panel = small.page.locator("#panel")
    assert panel.locator("h2").inner_text() == data["communities"][c]["n"]
    members = {e for e, rec in data["entities"].items() if rec.get("cm") == c}
    listed = {r[0] for r in rows(small, "#panel table tbody tr")}
    assert listed == {data["entities"][e]["l"] for e in members}
    papers = {p for p, rec in data["papers"].items() if any(e in members for e, _ in rec["links"])}
    assert {t.rsplit(" ", 1)[0] for t in panel.locator("ul.papers li").all_inner_texts()} == {
        data["papers"][p]["t"] for p in papers
    }
    # focus and context: the community and its papers bright, the other entities dimmed
    opacity = small.js(OPACITY)
    assert all(opacity[e] == 1 for e in members if e in opacity)
    assert all(opacity[p] == 1 for p in papers)
    others = [e for e in opacity if e in data["entities"] and e not in members]
    assert others and all(opacity[e] < 0.5 for e in others)
    crumbs = small.page.locator("#crumbs button").all_inner_texts()
    assert len(crumbs) == 2 and data["communities"][c]["n"].startswith(crumbs[1].rstrip("\u2026"))
    small.page.locator("#crumbs button", has_text="Overview").click()
    assert all(v == 1 for v in small.js(OPACITY).values())
    assert small.js("document.getElementById('panel').hidden") is True
    assert small.errors == []


def test_a_community_from_the_list_draws_all_its_entities(small: Opened) -> None:
    set_slider(small, "#top-n", 1)
    assert visible_ids(small) == [VIT]
    small.page.locator("#community-list summary").click()
    # the community of ImageNet, named after its entities with most papers
    button = small.page.locator("#communities button", has_text="ImageNet")
    c = button.get_attribute("data-node")
    button.click()
    assert small.js(PANEL_NODE) == c
    shown = set(visible_ids(small))
    assert {IMAGENET, CLS} <= shown  # drawn while their community is open, whatever the top-N rule
    assert P1 in shown  # with their papers
    small.page.keyboard.press("Escape")
    assert visible_ids(small) == [VIT]


def test_community_titles_never_overlap_the_labels(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(synthetic_graph(2_000, seed=11), path)
    for opened in open_page(browser, path):
        titles = opened.js(TITLE_BOXES)
        assert len(titles) >= 3
        assert_no_overlap(titles + opened.js(LABEL_BOXES))
        # each hull wraps its community's drawn entities, and only communities with two of them get one
        drawn = opened.js(
            "papergraph.nodes.get({filter: n => !n.hidden}).map(n => [papergraph.data.entities[n.id].cm, n.x, n.y])"
        )
        hulls = opened.js("papergraph.hulls()")
        for c in {cm for cm, _, _ in drawn if sum(1 for d in drawn if d[0] == cm) >= 2}:
            h = hulls[c]
            assert all(math.hypot(x - h["x"], y - h["y"]) < h["r"] for cm, x, y in drawn if cm == c)
        opened.js("papergraph.network.moveTo({scale: papergraph.network.getScale() * 2}); papergraph.relabel()")
        assert_no_overlap(opened.js(TITLE_BOXES) + opened.js(LABEL_BOXES))
        assert opened.errors == []


def test_a_leaderboard_opens_as_a_table_from_its_dataset(small: Opened) -> None:
    small.js(f"papergraph.focusNode({IMAGENET!r})")
    small.page.locator("#panel button.open-board").first.click()
    assert small.js(PANEL_NODE) == f"board:{IMAGENET}#0"
    assert small.js("document.getElementById('panel').classList.contains('wide')")
    assert small.page.locator("#panel h2").inner_text() == "ImageNet \u00b7 top-1 accuracy (%)"
    heads = small.page.locator("#panel thead th").all_inner_texts()
    assert heads == ["#", "Method", "Value", "Paper", "Date", "Conf."]
    assert rows(small) == [
        ["1", "ViT", "84.0 %", "Scaling Vision Transformers", "2024-02-01", "0.80"],
        ["2", "FooNet", "81.2 %", "FooNet: simple convolutions for ImageNet", "2024-01-15", "0.80"],
    ]
    small.page.locator("#panel th", has_text="Date").click()
    assert [r[1] for r in rows(small)] == ["FooNet", "ViT"]
    # a row shows its sentence; its paper opens the paper; the breadcrumb comes back
    small.page.locator("#panel tr.claim").first.locator("td").nth(2).click()
    assert small.page.locator("#panel tr.sentence").inner_text().startswith("We propose FooNet")
    small.page.locator("#panel tr.claim").first.locator("button", has_text="FooNet: simple").click()
    assert small.js(PANEL_NODE) == P1
    crumbs = small.page.locator("#crumbs button").all_inner_texts()
    assert crumbs[:3] == ["Overview", "ImageNet", "ImageNet \u00b7 top-1 accuracy"]
    small.page.locator("#crumbs button").nth(2).click()
    assert small.js(PANEL_NODE) == f"board:{IMAGENET}#0"
    assert len(rows(small)) == 2
    assert small.errors == []


def test_the_list_of_leaderboards_opens_each(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(make_graph(), path)
    for opened in open_page(browser, path):
        button = opened.page.locator("#boards-open")
        assert button.inner_text() == "Leaderboards (3)"
        button.click()
        assert opened.js(PANEL_NODE) == "board:"
        listed = rows(opened, "#panel tbody tr")
        # dataset, metric, claims shown, best method, its value; most claims first
        # (ImageNet's tables take in its variant ImageNet-1K, which has a table of its own)
        assert listed == [
            ["ImageNet", "top-1 accuracy (%)", "3", "ViT", "86.1 %"],
            ["ImageNet", "top-1 error", "2", "ViT", "15.2"],
            ["ImageNet-1K", "Top-1 Acc (%)", "1", "ViT", "86.1 %"],
        ]
        opened.page.locator("#panel th", has_text="Claims").click()
        assert [r[2] for r in rows(opened, "#panel tbody tr")] == ["1", "2", "3"]
        opened.page.locator("#panel tbody button", has_text="top-1 error").click()
        assert opened.page.locator("#panel h2").inner_text() == "ImageNet \u00b7 top-1 error"
        assert [r[:3] for r in rows(opened)] == [["1", "ViT", "15.2"], ["2", "FooNet", "18.8"]]
        assert "lower is better" in opened.page.locator("#panel .meta").inner_text()
        opened.page.locator("#panel .meta button", has_text="all leaderboards").click()
        assert opened.js(PANEL_NODE) == "board:"
        assert opened.errors == []


def test_the_time_range_applies_to_claims(small: Opened) -> None:
    set_slider(small, "#range-from", 1)  # February 2024: only the ViT paper
    small.js(f"papergraph.focusNode({IMAGENET!r})")
    assert [r[:3] for r in rows(small)] == [["ViT", "top-1 accuracy", "84.0 %"]]
    assert small.page.locator("#panel .time-note").inner_text() == (
        "1 claims on papers outside 2024-02 \u2013 2024-02 are hidden."
    )
    small.page.locator("#panel button.open-board").click()
    assert [r[1] for r in rows(small)] == ["ViT"]
    # a method's claims table follows the range too
    small.js(f"papergraph.focusNode({FOONET!r})")
    assert small.page.locator("#panel table").count() == 0
    assert small.page.locator("#panel .time-note").count() == 1
    # moving the slider back redraws the open panel with the claim and its date
    set_slider(small, "#range-from", 0)
    claims = [r.split("\t") for r in small.page.locator("#panel table tbody tr").all_inner_texts()]
    assert claims == [["top-1 accuracy", "ImageNet", "81.2 %", "2024-01-15", "0.80", "FooNet: simple convolutions for ImageNet"]]
    assert small.page.locator("#panel .time-note").count() == 0


def test_an_entity_of_the_long_tail_lists_its_papers(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(make_small_graph(), path, max_entities=1, max_embedded=1)
    for opened in open_page(browser, path):
        opened.page.locator("#search").press_sequentially("<svg onl")
        opened.page.locator("#hits button.hit").first.click()
        panel = opened.page.locator("#panel")
        assert panel.locator("h2").inner_text() == HOSTILE_METHOD
        assert panel.locator("h3").all_text_contents() == ["Papers"]
        (item,) = panel.locator("ul.papers li").all_inner_texts()
        assert item == f"{HOSTILE_TITLE} 2024-01 arXiv hostile"
        assert panel.locator("ul.papers a").get_attribute("href") == "https://arxiv.org/abs/hostile"
        assert opened.page.locator("img[src='x'], svg[onload]").count() == 0
        assert opened.errors == [] and opened.dialogs == []


def test_an_exact_name_of_the_long_tail_opens_it_with_enter(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(make_small_graph(), path, max_entities=1, max_embedded=0)
    for opened in open_page(browser, path):
        assert opened.js("papergraph.data.more.l").count("FooNet") == 1  # in the long tail
        opened.page.fill("#search", "foonet")
        opened.page.press("#search", "Enter")
        panel = opened.page.locator("#panel")
        assert panel.locator("h2").inner_text() == "FooNet"
        papers = [t.split(" 2024-01")[0] for t in panel.locator("ul.papers li").all_inner_texts()]
        assert sorted(papers) == sorted([HOSTILE_TITLE, "FooNet: simple convolutions for ImageNet"])
        assert opened.errors == []


def test_the_page_opens_on_its_drawing_rule_with_nothing_to_redo(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(synthetic_graph(1_500, seed=2), path)
    state = "papergraph.nodes.get().map(n => [n.id, Boolean(n.hidden), n.size]).sort()"
    for opened in open_page(browser, path):
        before = opened.js(state)
        assert sum(not hidden for _, hidden, _ in before) == 150  # the top 150, metrics off
        opened.js("papergraph.applyFilters()")  # the page's own rule, applied again
        assert opened.js(state) == before
        edges = opened.js("papergraph.edges.get().map(e => [Boolean(e.hidden), e.from, e.to])")
        hidden = {n for n, h, _ in before if h}
        assert all(h == (a in hidden or b in hidden) for h, a, b in edges)
