"""The generated page and its data, without a browser."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from papergraph.errors import PapergraphError
from papergraph.viz import render_html, write_html
from papergraph.viz.assets import VIS_NETWORK_VERSION, injected_css, load_assets, sha256_source
from papergraph.viz.html import script_json
from papergraph.viz.pack import read_page_data
from papergraph.viz.synthetic import synthetic_graph
from tests.viz.viz_graphs import (
    HOSTILE,
    HOSTILE_ABSTRACT,
    HOSTILE_TITLE,
    IMAGENET,
    P1,
    make_small_graph,
)


def page_data(html: str) -> dict:
    return read_page_data(html)


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(make_small_graph())


def test_same_graph_gives_identical_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    write_html(make_small_graph(), a)
    # the same graph built in another insertion order
    G = make_small_graph()
    H = nx.MultiDiGraph()
    H.add_nodes_from(sorted(G.nodes(data=True), reverse=True))
    H.add_edges_from(sorted(G.edges(keys=True, data=True), reverse=True))
    write_html(H, b)
    assert a.read_bytes() == b.read_bytes()


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "out" / "graph.html"
    write_html(make_small_graph(), path)
    assert [p.name for p in path.parent.iterdir()] == ["graph.html"]
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "pattern",
    [
        r"https?://(?:cdn|unpkg|cdnjs|jsdelivr|code\.jquery|stackpath|maxcdn)",
        r"<script[^>]+src=",
        r"<link[^>]+href=",
        r"@import",
        r"bootstrap",
    ],
)
def test_page_loads_nothing_from_the_network(html: str, pattern: str) -> None:
    assert re.search(pattern, html, re.I) is None


def test_vis_network_is_inlined_with_its_licence_header(html: str) -> None:
    assert f"@version {VIS_NETWORK_VERSION}" in html
    assert "vis.js is dual licensed" in html
    assert "sourceMappingURL" not in html


@pytest.mark.parametrize(
    "needle",
    [HOSTILE_TITLE, "</script><script>alert(2)", "<!-- and -->", "<svg onload", "<b id=injected>"],
)
def test_hostile_text_never_appears_raw(html: str, needle: str) -> None:
    assert needle not in html


def test_hostile_text_round_trips_through_the_json(html: str) -> None:
    data = page_data(html)
    rec = data["papers"][HOSTILE]
    assert rec["t"] == HOSTILE_TITLE
    assert "".join(s if isinstance(s, str) else s[0] for s in rec["ab"]) == HOSTILE_ABSTRACT
    assert rec["code"] == ["https://github.com/example/hostile"]  # javascript: dropped
    assert rec["urls"] == []  # data: dropped


@pytest.mark.parametrize(
    "obj, expected",
    [
        ("</script>", '"\\u003c/script\\u003e"'),
        ("<!--", '"\\u003c!--"'),
        ("a&b", '"a\\u0026b"'),
        ("\u2028", '"\\u2028"'),
        ({"b": 1, "a": [1.5, None]}, '{"a":[1.5,null],"b":1}'),
    ],
)
def test_script_json_escapes(obj: object, expected: str) -> None:
    assert script_json(obj) == expected
    assert json.loads(script_json(obj)) == obj


def test_script_json_rejects_nan() -> None:
    with pytest.raises(ValueError):
        script_json(float("nan"))


def test_csp_allows_exactly_the_inline_code(html: str) -> None:
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = html_lib.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(scripts) == 2 and len(styles) == 1
    for source in scripts:
        assert f"'{sha256_source(source)}'" in policy.split("script-src", 1)[1].split(";")[0]
    assert f"'{sha256_source(styles[0])}'" in policy


def test_vis_network_stylesheets_are_found() -> None:
    assets = load_assets()
    assert len(assets.vis_css) == 7
    assert all(css.startswith((".vis", "div.vis")) for css in assets.vis_css)
    assert injected_css("no stylesheets here") == ()


def test_overview_draws_entities_placed_with_physics_off(html: str) -> None:
    data = page_data(html)
    kinds = [n["kind"] for n in data["nodes"]]
    assert {k: kinds.count(k) for k in set(kinds)} == {"Method": 3, "Dataset": 1, "Task": 1, "Metric": 1}
    assert all("x" in n and "y" in n and n["size"] >= 6 for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    # sized by papers: ViT (3 papers) is the biggest
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert max(size, key=size.__getitem__) == "method:vit"
    # the legend counts the build, not the drawing; metrics start switched off
    assert {k["kind"]: (k["total"], k["on"]) for k in data["kinds"]} == {
        "Paper": (4, True), "Method": (3, True), "Dataset": (1, True), "Task": (1, True), "Metric": (1, False),
    }
    assert {e["rel"] for e in data["edges"]} == {"co"}


def test_entities_carry_papers_per_month_and_community(html: str) -> None:
    data = page_data(html)
    assert data["meta"]["months"] == ["2024-01", "2024-02"]
    vit = data["entities"]["method:vit"]
    assert vit["h"] == [0, 2, 1, 1] and vit["np"] == 3  # two papers in January, one in February
    assert isinstance(vit["cm"], int) and vit["rk"] == 0
    assert data["papers"][P1]["au"] == ["A. Author", "B. Author"]


def test_paper_record_segments_and_results(html: str) -> None:
    data = page_data(html)
    rec = data["papers"][P1]
    marked = [s for s in rec["ab"] if not isinstance(s, str)]
    assert [s[0] for s in marked] == ["FooNet", "FooNet", "81.2", "top-1 accuracy", "ImageNet", "image classification", "ViT"]
    assert rec["ts"][0] == ["FooNet", "method:foonet"]
    (r,) = rec["res"]
    assert data["results"][r]["e"]["hasDataset"] == IMAGENET
    assert data["results"][r]["x"] == 81.2
    assert data["entities"]["metric:top-1-accuracy"]["dir"] == "higher"


def test_astral_characters_keep_highlights_aligned(html: str) -> None:
    # Python offsets count code points; the segments must cut at the right place
    # even after "𝒳" (two UTF-16 units in the browser).
    marked = [s[0] for s in page_data(html)["papers"][HOSTILE]["ab"] if not isinstance(s, str)]
    assert marked == ["ViT", "FooNet", "<b id=injected>bold</b>"]


@pytest.mark.parametrize("max_entities, max_papers", [(0, 0), (2, 1), (3, 10)])
def test_caps_bound_the_drawing(max_entities: int, max_papers: int) -> None:
    data = page_data(render_html(make_small_graph(), max_entities=max_entities, max_papers=max_papers))
    kinds = [n["kind"] for n in data["nodes"]]
    assert sum(k == "Paper" for k in kinds) == min(max_papers, 4)
    assert sum(k != "Paper" for k in kinds) == max_entities
    assert data["meta"]["entities_drawn"] == max_entities


def test_top_entities_by_paper_count_are_drawn() -> None:
    data = page_data(render_html(make_small_graph(), max_entities=2))
    drawn = {n["id"] for n in data["nodes"] if n["kind"] not in ("Paper", "Result")}
    assert drawn == {"method:vit", "dataset:imagenet"}  # 3 papers each, then id order


def test_large_graph_page_size_is_bounded() -> None:
    caps = {"max_entities": 120, "max_papers": 80, "max_embedded": 300}
    sizes, plain, tail = {}, {}, {}
    for n in (1_000, 6_000):
        html = render_html(synthetic_graph(n, seed=5), **caps)
        data = page_data(html)
        sizes[n] = len(html.encode("utf-8"))
        plain[n] = len(re.search(r'id="pg-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
        tail[n] = len(data["more"]["k"])
        assert len(data["papers"]) == 300
        assert sum(node["kind"] == "Paper" for node in data["nodes"]) == 80
        assert data["meta"]["papers_total"] == n
        # every entity of the build is in the page: embedded, or in the long tail
        assert len(data["entities"]) + tail[n] == data["meta"]["entities_total"]
    # six times the papers: what is drawn and embedded stays (almost) the same size ...
    assert plain[6_000] < 1.1 * plain[1_000]
    # ... and the long tail costs a few bytes per entity (name, kind, count, newest papers)
    assert tail[6_000] > tail[1_000] + 4_000
    assert (sizes[6_000] - sizes[1_000]) / (tail[6_000] - tail[1_000]) < 40


def test_empty_graph_renders() -> None:
    data = page_data(render_html(nx.MultiDiGraph()))
    assert data["nodes"] == [] and data["papers"] == {}


def test_a_tampered_vendored_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from papergraph.viz import assets

    load_assets.cache_clear()
    real = assets._read
    monkeypatch.setattr(assets, "_read", lambda name: real(name) + ("x" if name.startswith("vis") else ""))
    try:
        with pytest.raises(PapergraphError, match="does not match the vendored"):
            load_assets()
    finally:
        monkeypatch.setattr(assets, "_read", real)
        load_assets.cache_clear()
