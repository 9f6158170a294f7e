"""The dataset panel's leaderboards: the page data and the panel in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from papergraph.graph.model import (
    HAS_DATASET,
    HAS_METHOD,
    HAS_METRIC,
    REPORTS,
    VARIANT_OF,
    result_node,
)
from papergraph.viz import write_html
from papergraph.viz.data import dataset_variants, leaderboard_record
from papergraph.viz.synthetic import add_entity
from tests.viz.viz_graphs import FOONET, IMAGENET, P1, P2, VIT, make_small_graph

IMAGENET_1K = "dataset:imagenet-1k"

# (paper, n, value_text, unit, relation, metric, method, dataset)
EXTRA = [
    (P1, 1, "18.8", None, "absolute", "top-1 error", FOONET, IMAGENET),
    (P2, 1, "15.2", None, "absolute", "top-1 error", VIT, IMAGENET),
    (P2, 2, "285.9", None, "absolute", "Top-1", VIT, IMAGENET),
    (P1, 2, "1.2", "pp", "improvement", "top-1 accuracy", FOONET, IMAGENET),
    (P1, 3, "12.0", None, "absolute", None, FOONET, IMAGENET),
    (P2, 3, "86.1", "%", "absolute", "Top-1 Acc", VIT, IMAGENET_1K),
]


def make_graph() -> nx.MultiDiGraph:
    G = make_small_graph()
    add_entity(G, "Dataset", "ImageNet-1K")
    G.add_edge(IMAGENET_1K, IMAGENET, key=VARIANT_OF, relation=VARIANT_OF, paper=P2)
    for paper, n, value_text, unit, relation, metric, method, dataset in EXTRA:
        r = result_node(paper.removeprefix("paper:"), n)
        sentence = f"The claim of {value_text} for {metric or 'nothing'}."
        G.add_node(r, kind="Result", value=float(value_text), value_text=value_text, unit=unit,
                   relation=relation, metric=metric, dataset=None, method=None, task=None,
                   baseline=None, paper=paper, sentence=sentence, field="abstract", start=0, end=0,
                   confidence=0.7, claim="score" if relation == "absolute" else "change")  # fmt: skip
        G.add_edge(paper, r, key=REPORTS, relation=REPORTS, paper=paper)
        G.add_edge(r, dataset, key=HAS_DATASET, relation=HAS_DATASET, paper=paper)
        G.add_edge(r, method, key=HAS_METHOD, relation=HAS_METHOD, paper=paper)
        if metric:
            m = add_entity(G, "Metric", metric)
            G.add_edge(r, m, key=HAS_METRIC, relation=HAS_METRIC, paper=paper)
    return G


def test_page_data_groups_by_metric_and_keeps_every_claim() -> None:
    G = make_graph()
    results = [n for n, k in G.nodes(data="kind") if k == "Result"]
    lb = leaderboard_record(G, IMAGENET, embedded=set(results), children=dataset_variants(G))
    assert lb is not None
    tables = [(t["m"], t["u"], t["dir"], [G.nodes[r]["value"] for r in t["r"]]) for t in lb["t"]]
    assert tables[:2] == [
        ("top-1 accuracy", "%", "higher", [86.1, 84.0, 81.2]),  # with the ImageNet-1K variant
        ("top-1 error", None, "lower", [15.2, 18.8]),
    ]
    others = {G.nodes[r]["value"]: why for t in lb["t"] for r, why in t["o"]}
    assert set(others) == {285.9} and "above 100" in others[285.9]
    assert [G.nodes[r]["value"] for r in lb["g"]] == [1.2]  # a change: the gains table
    assert [(G.nodes[r]["value"], code) for r, _, code in lb["nm"]] == [(12.0, "no-metric")]
    assert lb["miss"] == 0
    # a claim on a paper the page leaves out is counted, not shown
    partial = leaderboard_record(G, IMAGENET, embedded=set(results[:2]), children=dataset_variants(G))
    assert partial is not None and partial["miss"] == len(results) - 2


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    path = tmp_path / "graph.html"
    write_html(make_graph(), path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    pg = context.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    pg.goto(path.as_uri())
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
    pg.evaluate(f"papergraph.focusNode({IMAGENET!r})")
    try:
        yield pg
    finally:
        assert errors == []
        context.close()


@pytest.mark.browser
def test_imagenet_panel_has_one_table_per_metric(page: Any) -> None:
    panel = page.locator("#panel")
    titles = panel.locator("h4.board").all_inner_texts()
    # each ranked table also opens as a leaderboard view of its own
    assert titles == [
        "top-1 accuracy (%) \u2191 open as a table", "top-1 error \u2193 open as a table",
        "Claims without a metric (not ranked)",
    ]
    tables = panel.locator("h4.board + table")
    first = [r.split("\t")[:3] for r in tables.nth(0).locator("tr.claim").all_inner_texts()]
    assert first == [
        ["ViT \u00b7 ImageNet-1K", "Top-1 Acc", "86.1 %"],  # a variant says which one
        ["ViT", "top-1 accuracy", "84.0 %"],
        ["FooNet", "top-1 accuracy", "81.2 %"],
    ]
    second = [r.split("\t")[:3] for r in tables.nth(1).locator("tr.claim").all_inner_texts()]
    assert second == [["ViT", "top-1 error", "15.2"], ["FooNet", "top-1 error", "18.8"]]
    assert panel.locator("h4.board .dir").first.get_attribute("title") == "higher is better"


@pytest.mark.browser
def test_other_claims_are_collapsed_with_their_reason(page: Any) -> None:
    box = page.locator("#panel details.other-claims")
    assert box.get_attribute("open") is None
    assert box.locator("summary").inner_text().startswith("Other claims (1)")
    box.locator("summary").click()
    values = [r.split("\t")[2] for r in box.locator("tr.claim").all_inner_texts()]
    assert values == ["285.9"]
    reasons = " ".join(box.locator("tr.reason").all_inner_texts())
    assert "above 100" in reasons


@pytest.mark.browser
def test_changes_are_a_gains_table_of_their_own(page: Any) -> None:
    box = page.locator("#panel details.gains")
    assert box.locator("summary").inner_text().startswith("Claimed gains (1)")
    box.locator("summary").click()
    rows = [r.split("\t") for r in box.locator("tr.claim").all_inner_texts()]
    assert [r[:3] for r in rows] == [["FooNet", "1.2 pp top-1 accuracy (improvement)", "\u2014"]]


@pytest.mark.browser
def test_row_shows_its_sentence_and_links_its_paper(page: Any) -> None:
    row = page.locator("#panel tr.claim").first
    assert row.get_attribute("title") == "The claim of 86.1 for Top-1 Acc."
    row.locator("td").nth(2).click()
    sentence = page.locator("#panel tr.sentence")
    assert sentence.count() == 1 and sentence.inner_text().startswith("The claim of 86.1")
    row.locator("td").nth(2).click()
    assert page.locator("#panel tr.sentence").count() == 0
    row.locator("td").last.locator("button").click()  # the paper link opens the paper
    assert page.locator("#panel h2").inner_text() == "Scaling Vision Transformers"
