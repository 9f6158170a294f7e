"""The overview's questions in headless Chromium: labels, focus, filters, search, trends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from papergraph.viz import write_html
from papergraph.viz.synthetic import synthetic_graph
from tests.viz.test_browser import Opened, open_page, visible_ids
from tests.viz.viz_graphs import FOONET, HOSTILE, IMAGENET, P2, VIT, make_small_graph

pytestmark = pytest.mark.browser

CLS = "task:image-classification"

# Each visible label's box on screen, measured here (not by the page's own function):
# the text's width in the label font, centred under its node.
LABEL_BOXES = """() => {
  const net = papergraph.network, scale = net.getScale();
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = "13px system-ui, sans-serif";
  return papergraph.nodes.get({filter: n => !n.hidden && n.label}).map(n => {
    const p = net.canvasToDOM(net.getPosition(n.id)), w = ctx.measureText(n.label).width;
    const top = p.y + n.size * scale;
    return [n.id, p.x - w / 2, p.x + w / 2, top, top + 13];
  });
}"""


def assert_no_overlap(boxes: list[list[Any]]) -> None:
    for i, (a, ax0, ax1, ay0, ay1) in enumerate(boxes):
        for b, bx0, bx1, by0, by1 in boxes[i + 1 :]:
            assert not (ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1), (a, b)


def set_slider(opened: Opened, selector: str, value: float) -> None:
    opened.js(
        f"(() => {{ const r = document.querySelector({selector!r}); r.value = {value!r};"
        " r.dispatchEvent(new Event('input')); })()"
    )


@pytest.fixture
def small(browser: Any, tmp_path: Path) -> Iterator[Opened]:
    path = tmp_path / "graph.html"
    write_html(make_small_graph(), path)
    yield from open_page(browser, path)


@pytest.fixture(scope="module")
def big_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "graph.html"
    write_html(synthetic_graph(2_000, seed=11), path)
    return path


def test_labels_of_the_top_entities_show_and_never_overlap(browser: Any, big_path: Path) -> None:
    for opened in open_page(browser, big_path):
        boxes = opened.js(LABEL_BOXES)
        assert len(boxes) >= 15
        assert_no_overlap(boxes)
        top = opened.js("papergraph.data.nodes[0].id")  # most papers
        assert top in {b[0] for b in boxes}
        # zoomed in, more labels fit, still apart
        opened.js("papergraph.network.moveTo({scale: papergraph.network.getScale() * 3}); papergraph.relabel()")
        zoomed = opened.js(LABEL_BOXES)
        assert_no_overlap(zoomed)
        assert all(abs(h[4] - h[3] - 13) < 1e-6 for h in zoomed)
        assert opened.errors == []


def test_selecting_dims_the_rest_and_the_breadcrumb_goes_back(small: Opened) -> None:
    small.js(f"papergraph.focusNode({FOONET!r})")
    opacity = dict(small.js("papergraph.nodes.get().map(n => [n.id, n.opacity === undefined ? 1 : n.opacity])"))
    assert opacity[FOONET] == 1 and opacity[HOSTILE] == 1  # a paper of FooNet: in focus
    assert opacity[CLS] < 0.5  # linked to FooNet only through papers not drawn as neighbours
    small.page.locator("#panel button", has_text="ViT").first.click()
    crumbs = small.page.locator("#crumbs button").all_inner_texts()
    assert crumbs == ["Overview", "FooNet", "ViT"]
    small.page.locator("#crumbs button", has_text="FooNet").click()
    assert small.js("document.getElementById('panel').dataset.node") == FOONET
    assert small.page.locator("#crumbs button").all_inner_texts() == ["Overview", "FooNet"]
    small.page.locator("#crumbs button", has_text="Overview").click()
    assert small.js("papergraph.nodes.get().every(n => n.opacity === undefined || n.opacity === 1)")
    assert small.js("document.getElementById('panel').hidden") is True
    assert small.errors == []


def test_time_range_sizes_entities_by_papers_in_it(small: Opened) -> None:
    size_before = small.js(f"papergraph.nodes.get({IMAGENET!r}).size")
    set_slider(small, "#range-from", 1)  # February 2024 only: the ViT paper
    assert visible_ids(small) == [IMAGENET, VIT, CLS]  # FooNet has no paper in February
    assert small.page.locator("#range-value").inner_text() == "2024-02 \u2013 2024-02"
    # one paper each now: all the same size, ImageNet as big as ViT
    sizes = small.js("papergraph.nodes.get({filter: n => !n.hidden}).map(n => n.size)")
    assert len(set(sizes)) == 1 and sizes[0] >= size_before
    assert "2024-02" in small.page.locator("#rule").inner_text()
    set_slider(small, "#range-from", 0)
    assert len(visible_ids(small)) == 5


def test_minimum_papers_and_top_n_are_the_drawing_rule(small: Opened) -> None:
    set_slider(small, "#min-papers", 3)
    assert visible_ids(small) == [VIT]
    assert "at least 3 papers" in small.page.locator("#rule").inner_text()
    set_slider(small, "#min-papers", 1)
    set_slider(small, "#top-n", 2)
    assert visible_ids(small) == [IMAGENET, VIT]  # three papers each: the two with most
    assert small.page.locator("#rule").inner_text().startswith("Drawing the top 2 of 5 entities by papers")


def test_minimum_confidence_hides_claims_below_it(small: Opened) -> None:
    small.js(f"papergraph.focusNode({IMAGENET!r})")
    assert small.page.locator("#panel tr.claim").count() == 2  # both claimed at confidence 0.8
    set_slider(small, "#min-conf", 0.85)
    assert small.page.locator("#panel tr.claim").count() == 0
    assert small.page.locator("#panel .conf-note").inner_text().startswith("2 claims below confidence 0.85")
    set_slider(small, "#min-conf", 0.8)
    assert small.page.locator("#panel tr.claim").count() == 2


def test_search_finds_papers_by_author(small: Opened) -> None:
    small.page.locator("#search").press_sequentially("author 3")
    hits = small.page.locator("#hits button.hit")
    assert hits.count() == 1 and "Scaling Vision Transformers" in hits.first.inner_text()
    assert "by author 3" in hits.first.inner_text()
    hits.first.click()
    assert small.js("document.getElementById('panel').dataset.node") == P2


def test_trend_chart_has_a_bar_per_month_with_papers(small: Opened) -> None:
    small.js(f"papergraph.focusNode({VIT!r})")
    bars = small.js(
        "Array.from(document.querySelectorAll('#panel svg.trend rect'), r => [r.dataset.month, r.dataset.count])"
    )
    assert bars == [["2024-01", "2"], ["2024-02", "1"]]
    set_slider(small, "#range-from", 1)
    small.js(f"papergraph.focusNode({VIT!r})")
    in_range = small.js("Array.from(document.querySelectorAll('#panel svg.trend rect.in'), r => r.dataset.month)")
    assert in_range == ["2024-02"]


def test_claims_table_sorts_by_a_column(small: Opened) -> None:
    small.js(f"papergraph.focusNode({IMAGENET!r})")
    table = small.page.locator("#panel h4.board + table")
    values = lambda: [r.split("\t")[2] for r in table.locator("tr.claim").all_inner_texts()]  # noqa: E731
    assert values() == ["84.0 %", "81.2 %"]  # ranked: best first
    head = table.locator("th", has_text="Value")
    head.click()
    assert values() == ["81.2 %", "84.0 %"]
    head.click()
    assert values() == ["84.0 %", "81.2 %"]
    assert head.get_attribute("data-sort") == "desc"


def test_an_entity_left_out_of_the_page_is_still_found(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(make_small_graph(), path, max_entities=1, max_embedded=1)
    for opened in open_page(browser, path):
        assert visible_ids(opened) == [VIT]
        # the evil method is on no embedded paper: known by name only, and shown as text
        opened.page.locator("#search").press_sequentially("<svg onl")
        hit = opened.page.locator("#hits button.hit")
        assert hit.count() == 1 and hit.first.inner_text().endswith("<svg onload=alert(4)>")
        hit.first.click()
        panel = opened.page.locator("#panel")
        assert panel.locator("h2").inner_text() == "<svg onload=alert(4)>"
        assert panel.locator(".meta").inner_text() == "1 paper in the graph"
        assert "not in this page" in panel.locator("p.note").inner_text()
        assert opened.page.locator("svg[onload]").count() == 0
        assert opened.errors == [] and opened.dialogs == []
