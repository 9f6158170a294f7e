"""The viewer in a real headless Chromium, with the network blocked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from papergraph.graph.model import HAS_DATASET, HAS_METHOD, HAS_METRIC, REPORTS, result_node
from papergraph.viz import write_html
from papergraph.viz.synthetic import add_entity, synthetic_graph
from tests.viz.viz_graphs import (
    FOONET,
    HOSTILE,
    HOSTILE_ABSTRACT,
    HOSTILE_METHOD,
    HOSTILE_TITLE,
    IMAGENET,
    P1,
    P2,
    SMALL_VISIBLE,
    VIT,
    make_small_graph,
)

pytestmark = pytest.mark.browser


@dataclass
class Opened:
    page: Any
    ready_s: float
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expr: str) -> Any:
        return self.page.evaluate(expr)


def open_page(browser: Any, path: Path) -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    opened = Opened(page=page, ready_s=0.0)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            opened.external.append(url)
            r.abort()

    context.route("**/*", route)
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    t0 = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    opened.ready_s = time.perf_counter() - t0
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def small_page(browser: Any, tmp_path: Path) -> Iterator[Opened]:
    path = tmp_path / "graph.html"
    write_html(make_small_graph(), path)
    yield from open_page(browser, path)


def test_opens_offline_without_errors(small_page: Opened) -> None:
    assert small_page.external == []
    assert small_page.errors == []  # includes CSP violations, which Chromium logs as errors
    assert small_page.dialogs == []
    print(f"small graph ready in {small_page.ready_s:.3f} s")


def visible_ids(opened: Opened) -> list[str]:
    return sorted(opened.js("papergraph.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


def test_opens_on_the_entities_with_the_build_counts(small_page: Opened) -> None:
    assert len(visible_ids(small_page)) == SMALL_VISIBLE
    assert small_page.js("papergraph.nodes.get({filter: n => n.kind === 'Paper'}).length") == 0
    legend = [t.split() for t in small_page.page.locator("#legend label").all_inner_texts()]
    # kind, drawn now / in the build
    assert [(t[0], t[1], t[3]) for t in legend] == [
        ("Paper", "0", "4"), ("Method", "3", "3"), ("Dataset", "1", "1"), ("Task", "1", "1"), ("Metric", "0", "1"),
    ]
    # the entity with most papers is always labelled
    assert VIT in small_page.js("papergraphLabels.ids")


def test_filter_toggle_hides_and_shows_a_kind(small_page: Opened) -> None:
    small_page.page.locator("#legend input[data-kind='Method']").uncheck()
    assert visible_ids(small_page) == [IMAGENET, "task:image-classification"]
    small_page.page.locator("#legend input[data-kind='Metric']").check()
    assert "metric:top-1-accuracy" in visible_ids(small_page)
    # edges whose ends are hidden are hidden too
    assert small_page.js(
        "papergraph.edges.get().every(e => Boolean(e.hidden) === (papergraph.nodes.get(e.from).hidden || papergraph.nodes.get(e.to).hidden))"
    )


@pytest.mark.parametrize(
    "query, node",
    [
        ("ImageNet", IMAGENET),
        ("vision transformer", VIT),  # an alias, any case
        ("foo netw", FOONET),  # a prefix, submitted with Enter
    ],
)
def test_search_focuses_node_and_opens_panel(small_page: Opened, query: str, node: str) -> None:
    page = small_page.page
    page.fill("#search", query)
    page.press("#search", "Enter")
    page.wait_for_function("id => document.getElementById('panel').dataset.node === id", arg=node)
    assert small_page.js("papergraph.network.getSelectedNodes()") == [node]
    # the view ends centred on the node, in the part of the page the panel leaves free
    page.wait_for_function(
        """id => { const p = papergraph.network.canvasToDOM(papergraph.network.getPosition(id));
                   const free = document.getElementById('panel').getBoundingClientRect().left;
                   return Math.abs(p.x - free / 2) < 3 && Math.abs(p.y - innerHeight / 2) < 3; }""",
        arg=node,
    )


def test_datalist_offers_names_and_aliases(small_page: Opened) -> None:
    small_page.page.focus("#search")  # the suggestions are made when the box is first used
    options = small_page.js("Array.from(document.querySelectorAll('#names option'), o => o.value)")
    assert {"ImageNet", "Vision Transformer", "Foo Network", HOSTILE_TITLE} <= set(options)


def click_node(opened: Opened, node: str) -> None:
    x, y = opened.js(
        f"(() => {{ const p = papergraph.network.canvasToDOM(papergraph.network.getPosition({node!r}));"
        " return [p.x, p.y]; })()"
    )
    opened.page.mouse.click(x, y)


def test_click_paper_opens_panel_with_highlights_and_results(small_page: Opened) -> None:
    small_page.js(f"papergraph.focusNode({FOONET!r})")  # opening an entity draws its papers
    small_page.js(f"papergraph.network.focus({P1!r}, {{scale: 1.5}})")
    click_node(small_page, P1)
    panel = small_page.page.locator("#panel")
    panel.wait_for(state="visible")
    assert small_page.js("document.getElementById('panel').dataset.node") == P1
    assert panel.locator("h2").inner_text() == "FooNet: simple convolutions for ImageNet"
    assert "2024-01-15 · 2 authors" in panel.locator(".meta").first.inner_text()
    marks = panel.locator(".abstract mark").all_inner_texts()
    assert marks == ["FooNet", "FooNet", "81.2", "top-1 accuracy", "ImageNet", "image classification", "ViT"]
    rows = panel.locator("table tbody tr").all_inner_texts()
    assert len(rows) == 1 and rows[0].split("\t")[:4] == ["81.2 %", "top-1 accuracy", "ImageNet", "FooNet"]
    assert panel.locator("a[href='https://github.com/example/foonet']").count() == 1


def test_dataset_panel_shows_leaderboard(small_page: Opened) -> None:
    small_page.js(f"papergraph.focusNode({IMAGENET!r})")
    rows = small_page.page.locator("#panel table tbody tr").all_inner_texts()
    cells = [r.split("\t") for r in rows]
    # method, metric, value, paper; best first for a higher-is-better metric
    assert [c[:3] for c in cells] == [["ViT", "top-1 accuracy", "84.0 %"], ["FooNet", "top-1 accuracy", "81.2 %"]]
    assert cells[0][3] == "Scaling Vision Transformers"


def test_method_panel_lists_proposing_and_using_papers(small_page: Opened) -> None:
    small_page.js(f"papergraph.focusNode({VIT!r})")
    panel = small_page.page.locator("#panel")
    headings = panel.locator("h3").all_text_contents()
    assert headings == ["Papers per month", "Results", "Proposed in (1)", "Used in (2)", "Related"]
    lists = panel.locator("ul.papers").all_inner_texts()
    assert lists[0].splitlines() == ["Scaling Vision Transformers 2024-02-01"]
    assert sorted(lists[1].splitlines()) == sorted(
        ["FooNet: simple convolutions for ImageNet 2024-01-15", HOSTILE_TITLE + " 2024-01-15"]
    )
    assert panel.locator("ul").last.inner_text() == "FooNet outperforms this"


def test_hostile_input_is_shown_as_text_and_runs_nothing(small_page: Opened) -> None:
    page = small_page.page
    small_page.js(f"papergraph.focusNode({HOSTILE!r})")
    panel = page.locator("#panel")
    assert panel.locator("h2").inner_text() == HOSTILE_TITLE
    assert panel.locator(".abstract").inner_text() == HOSTILE_ABSTRACT
    # the highlighted hostile mention opens its entity, still as text
    panel.locator("mark", has_text="<b id=injected>bold</b>").click()
    assert panel.locator("h2").inner_text() == HOSTILE_METHOD
    assert page.locator("#injected, img[src='x'], svg[onload]").count() == 0
    # no script element was added: the two data blocks (never run) and the two inline scripts
    scripts = small_page.js("Array.from(document.querySelectorAll('script'), s => [s.type, s.id])")
    assert scripts == [
        ["application/json", "pg-data"], ["application/octet-stream", "pg-packed"],
        ["application/octet-stream", "pg-lazy"], ["", ""], ["", ""],
    ]
    assert small_page.dialogs == [] and small_page.errors == []
    # only the http(s) code link became a link
    small_page.js(f"papergraph.focusNode({HOSTILE!r})")
    hrefs = small_page.js("Array.from(document.querySelectorAll('#panel a'), a => a.getAttribute('href'))")
    assert hrefs == ["https://github.com/example/hostile"]


@pytest.mark.slow
def test_large_graph_opens_on_the_top_entities(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(synthetic_graph(8_000, seed=3), path)
    size = path.stat().st_size
    for opened in open_page(browser, path):
        drawn = opened.js("papergraph.nodes.get({filter: n => !n.hidden}).length")
        ready_ms = opened.js("window.papergraphReadyMs")
        print(f"8k papers: {size / 1e6:.1f} MB HTML, {drawn} nodes drawn, ready in {ready_ms:.0f} ms")
        assert drawn == 150  # the default N of "draw the top N entities"
        assert opened.js("papergraph.nodes.length") == 1000  # DEFAULT_MAX_ENTITIES embedded and placed
        assert opened.external == [] and opened.errors == []
        # opening the top entity draws its newest papers; the rest come on demand
        top = opened.js("papergraph.data.nodes[0].id")
        opened.js(f"papergraph.focusNode({top!r})")
        papers = opened.js("papergraph.nodes.get({filter: n => n.kind === 'Paper'}).length")
        assert papers == 40
        button = opened.page.locator("#panel button.action")
        more = int(button.inner_text().split()[1])
        button.click()
        assert opened.js("papergraph.nodes.get({filter: n => n.kind === 'Paper'}).length") == papers + more
        assert opened.errors == []


def test_leaderboard_groups_by_metric_and_follows_its_direction(browser: Any, tmp_path: Path) -> None:
    G = make_small_graph()
    error = add_entity(G, "Metric", "top-1 error", direction="lower")
    extra = [(P1, 1, 18.8, error, FOONET), (P2, 1, 15.2, error, VIT), (P1, 2, 12.0, None, FOONET)]
    for paper, n, value, metric, method in extra:
        r = result_node(paper.removeprefix("paper:"), n)
        G.add_node(r, kind="Result", value=value, value_text=str(value), unit=None, relation="absolute",
                   metric=None, dataset="ImageNet", method=None, task=None, baseline=None, paper=paper,
                   sentence="", field="abstract", start=0, end=0, confidence=0.8)  # below 0.6 is unsure
        G.add_edge(paper, r, key=REPORTS, relation=REPORTS, paper=paper)
        G.add_edge(r, IMAGENET, key=HAS_DATASET, relation=HAS_DATASET, paper=paper)
        G.add_edge(r, method, key=HAS_METHOD, relation=HAS_METHOD, paper=paper)
        if metric:
            G.add_edge(r, metric, key=HAS_METRIC, relation=HAS_METRIC, paper=paper)
    path = tmp_path / "graph.html"
    write_html(G, path)
    for opened in open_page(browser, path):
        opened.js(f"papergraph.focusNode({IMAGENET!r})")
        rows = opened.page.locator("#panel table tbody tr").all_inner_texts()
        assert [r.split("\t")[:3] for r in rows] == [
            ["ViT", "top-1 accuracy", "84.0 %"],
            ["FooNet", "top-1 accuracy", "81.2 %"],
            ["ViT", "top-1 error", "15.2"],  # lower is better: ascending
            ["FooNet", "top-1 error", "18.8"],
            ["FooNet", "—", "12.0"],  # no metric: last
        ]


def test_capped_page_draws_entities_and_papers_on_demand(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(make_small_graph(), path, max_entities=2)
    for opened in open_page(browser, path):
        assert visible_ids(opened) == [IMAGENET, VIT]
        # FooNet is not drawn, but the search still finds it, draws it and its papers
        opened.page.fill("#search", "FooNet")
        opened.page.press("#search", "Enter")
        opened.page.wait_for_function(f"document.getElementById('panel').dataset.node === {FOONET!r}")
        assert opened.js(f"Boolean(papergraph.nodes.get({FOONET!r}))")
        papers = opened.js("papergraph.nodes.get({filter: n => n.kind === 'Paper'}).map(n => n.id)")
        assert sorted(papers) == [P1, HOSTILE]
        # the new papers are linked to what is drawn
        assert opened.js(f"papergraph.edges.get({{filter: e => e.to === {FOONET!r}}}).length") == 2
        # back to the overview: the papers leave again
        opened.page.locator("#crumbs button", has_text="Overview").click()
        assert opened.js("papergraph.nodes.get({filter: n => n.kind === 'Paper'}).length") == 0
        assert opened.errors == []
