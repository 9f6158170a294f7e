"""GraphML and GEXF: what networkx reads back is the graph that was exported."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from papergraph.export import export
from papergraph.export._xml import xml_graph, xml_text
from papergraph.graph import PaperGraph

ENTITY_KINDS = {"Method", "Dataset", "Task", "Metric"}


def read_back(path: Path, fmt: str) -> nx.MultiDiGraph:
    if fmt == "graphml":
        G = nx.read_graphml(path, edge_key_type=str, force_multigraph=True)
    else:
        G = nx.MultiDiGraph(nx.read_gexf(path))  # a simple DiGraph when no two edges share their ends
    return G


def relations(G: nx.MultiDiGraph) -> Counter[tuple[str, str, str]]:
    return Counter((u, v, d["relation"]) for u, v, d in G.edges(data=True))


@pytest.fixture(params=["graphml", "gexf"])
def fmt(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_read_back_has_every_node_and_edge(examples_kg: PaperGraph, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"g.{fmt}"
    result = export(examples_kg, fmt, path)
    G = examples_kg.to_networkx()
    back = read_back(path, fmt)
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert (result.nodes, result.edges) == (G.number_of_nodes(), G.number_of_edges())
    assert set(back.nodes) == set(G.nodes)
    assert relations(back) == relations(G)
    assert G.number_of_edges() > 300 and {d["kind"] for _, d in G.nodes(data=True)} >= ENTITY_KINDS | {"Paper", "Result"}
    for n, d in G.nodes(data=True):
        got = back.nodes[n]
        assert (got["kind"], got["label"]) == (d["kind"], d["label"]), n
        if d["kind"] in ENTITY_KINDS:
            assert got["papers"] == d["papers"] and isinstance(got["papers"], int), n
            assert json.loads(got["aliases"]) == d["aliases"], n


def test_every_attribute_survives(any_kg: PaperGraph, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"g.{fmt}"
    export(any_kg, fmt, path)
    back = read_back(path, fmt)
    X = xml_graph(any_kg.to_networkx())
    for n in X:
        assert back.nodes[n] == X.nodes[n], n
    got_edges = {(u, v, d["relation"]): d for u, v, d in back.edges(data=True)}
    for u, v, key, d in X.edges(keys=True, data=True):
        got = {k: val for k, val in got_edges[(u, v, key)].items()
               if k not in ("id", "label", "weight", "networkx_key")}  # GEXF's own edge fields
        assert got == d, (u, v, key)


def test_hostile_text_comes_back(hostile_kg: PaperGraph, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"g.{fmt}"
    export(hostile_kg, fmt, path)
    back = read_back(path, fmt)
    paper = back.nodes["paper:arxiv:2401.00001"]
    assert paper["label"] == 'Say "hi", | to Foo|Net\u2028and more'
    # Inside JSON (lists and maps) a control character is escaped, so it survives whole.
    assert json.loads(paper["authors"]) == ["Doe, Jane", "A|B\x0b", "\u00dcn\u00ef \u00c7\u00f6d\u00e9"]
    assert json.loads(paper["code_urls"]) == ["https://example.org/a?x=1|2"]
    # \x0b is not allowed in XML 1.0: it is the one thing replaced.
    assert paper["abstract"] == hostile_kg.to_networkx().nodes["paper:arxiv:2401.00001"]["abstract"].replace(
        "\x0b", "\ufffd")
    assert "\t" in paper["abstract"] and "\n" in paper["abstract"] and "\u0085" in paper["abstract"]
    assert back.nodes["method:foo-net"]["label"] == "Foo|Net"
    # An alias is the name on one line: the vertical tab inside it is a space there.
    assert json.loads(back.nodes["dataset:bar-set"]["aliases"]) == {"Bar Set": 3}


@pytest.mark.parametrize("text, expected", [
    ("plain", "plain"),
    ("a\r\nb\rc", "a\nb\nc"),
    ("tab\tline\n", "tab\tline\n"),
    ("\x00\x08\x0b\x0c\x1f", "\ufffd" * 5),
    ("\ud800 lone", "\ufffd lone"),
    ("\ufffe\uffff", "\ufffd\ufffd"),
    ("\U0001f600 \u2028", "\U0001f600 \u2028"),
])
def test_xml_text(text: str, expected: str) -> None:
    assert xml_text(text) == expected


def test_gexf_names_no_date_and_weights_edges(examples_kg: PaperGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    export(examples_kg, "gexf", path)
    text = path.read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text and "<creator>papergraph " in text
    back = nx.MultiDiGraph(nx.read_gexf(path))
    G = examples_kg.to_networkx()
    for u, v, d in back.edges(data=True):
        assert d["label"] == d["relation"]
        assert d["weight"] == float(G.edges[u, v, d["relation"]].get("count", 1))


def _decoded(value: object, original: object) -> object:
    if isinstance(original, (list, dict)):
        return json.loads(str(value))
    return value


def test_conversion_keeps_every_value(any_kg: PaperGraph) -> None:
    # What the XML formats are given is the graph itself: every value, under its (renamed) name.
    G = any_kg.to_networkx()
    X = xml_graph(G)
    names = {"start": "char_start", "end": "char_end", "source": "extractor"}
    for n, d in G.nodes(data=True):
        for k, v in d.items():
            k2 = names.get(k, k)
            if v is None:
                assert k2 not in X.nodes[n], (n, k)
            else:
                want = xml_text(v) if isinstance(v, str) else v
                assert _decoded(X.nodes[n][k2], v) == want, (n, k)
    for u, v, key, d in G.edges(keys=True, data=True):
        got = X.edges[u, v, key]
        for k, val in d.items():
            want = xml_text(val) if isinstance(val, str) else val
            assert got[names.get(k, k)] == want, (u, v, key, k)
