"""graph -> RDF: round trips, identical files, typed literals, determinism."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV

from papergraph.errors import PapergraphError
from papergraph.rdf import DEFAULT_BASE, PG, to_rdf, write_rdf
from papergraph.rdf.mapping import nt_lines, unique_triples
from papergraph.rdf.namespace import OA, prefixes
from papergraph.rdf.terms import date, decimal, literal
from papergraph.rdf.turtle import turtle_chunks
from tests.rdf.rdf_graphs import ABSTRACT_3, P1, P3, tiny_graph

BASE = DEFAULT_BASE
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def iri(path: str, base: str = BASE) -> URIRef:
    return URIRef(base + path)


def test_turtle_round_trip_is_isomorphic(tmp_path: Path) -> None:
    g = to_rdf(tiny_graph())
    text = g.serialize(format="turtle")
    assert isomorphic(g, Graph().parse(data=text, format="turtle"))


def test_ttl_nt_and_jsonld_hold_the_same_triples(tiny_build: Path) -> None:
    ttl = Graph().parse(tiny_build / "graph.ttl", format="turtle")
    nt = Graph().parse(tiny_build / "graph.nt", format="nt")
    jsonld = Graph().parse(tiny_build / "graph.jsonld", format="json-ld")
    assert len(ttl) == len(nt) == len(jsonld) > 400
    assert isomorphic(ttl, nt)
    assert isomorphic(nt, jsonld)
    assert isomorphic(nt, to_rdf(tiny_graph()))


def test_output_is_byte_identical_whatever_the_insertion_order(tmp_path: Path) -> None:
    G = tiny_graph()
    R = nx.MultiDiGraph()
    R.add_nodes_from(reversed(list(G.nodes(data=True))))
    R.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    write_rdf(G, tmp_path / "a", jsonld=True, validate=False)
    write_rdf(R, tmp_path / "b", jsonld=True, validate=False)
    for name in ("graph.nt", "graph.ttl", "graph.jsonld"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    lines = (tmp_path / "a" / "graph.nt").read_text("utf-8").splitlines()
    assert lines == sorted(lines)


def test_report_counts_triples_and_validation(tmp_path: Path) -> None:
    report = write_rdf(tiny_graph(), tmp_path)
    assert report.triples == len(Graph().parse(tmp_path / "graph.nt", format="nt"))
    assert report.conforms is True and report.validated.startswith("full")
    assert not (tmp_path / "graph.jsonld").exists()


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-01-02", Literal("2024-01-02", datatype=XSD + "date")),
        ("2024-02", Literal("2024-02", datatype=XSD + "gYearMonth")),
        ("2023", Literal("2023", datatype=XSD + "gYear")),
        ("2024-01-02T10:00:00Z", Literal("2024-01-02", datatype=XSD + "date")),
        ("2024-13", None),
        ("soon", None),
        (None, None),
    ],
)
def test_dates_are_typed_by_precision(value: object, expected: Literal | None) -> None:
    got = date(value)
    if expected is None:
        assert got is None
    else:
        assert got == f'"{expected}"^^<{expected.datatype}>'


@pytest.mark.parametrize(
    "value, lexical",
    [(85.3, "85.3"), (85, "85.0"), (0.1 + 0.2, "0.30000000000000004"), (1e-05, "0.00001"),
     (-2.50, "-2.5"), ("7.10", "7.1"), (float("nan"), None), (float("inf"), None), (True, None)],
)
def test_decimals_are_canonical(value: object, lexical: str | None) -> None:
    got = decimal(value)
    assert got == (None if lexical is None else f'"{lexical}"^^<{(XSD + "decimal")}>')


def test_result_carries_value_unit_links_confidence_and_offsets() -> None:
    g = to_rdf(tiny_graph())
    r = iri("result/arxiv:2401.00001:0")
    assert g.value(r, PG.value) == Literal("85.3", datatype=(XSD + "decimal"))
    assert g.value(r, PG.unit) == Literal("%")
    assert g.value(r, PG.hasMetric) == iri("metric/top-1-accuracy")
    assert g.value(r, PG.hasDataset) == iri("dataset/imagenet-1k")
    assert g.value(r, PG.hasMethod) == iri("method/foonet")
    assert g.value(r, PG.confidence) == Literal("0.9", datatype=(XSD + "decimal"))
    assert g.value(r, PROV.wasDerivedFrom) == iri("paper/arxiv:2401.00001")
    ev = g.value(r, PG.evidence)
    assert g.value(ev, OA.hasSource) == iri("paper/arxiv:2401.00001")
    selectors = {g.value(s, RDF.type): s for s in g.objects(ev, OA.hasSelector)}
    pos, quote = selectors[OA.TextPositionSelector], selectors[OA.TextQuoteSelector]
    abstract = str(g.value(iri("paper/arxiv:2401.00001"), DCTERMS.abstract))
    start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
    assert abstract[start:end] == "85.3%"
    assert str(g.value(quote, OA.exact)) in abstract


def test_paper_metadata_and_entities() -> None:
    g = to_rdf(tiny_graph())
    p = iri("paper/arxiv:2401.00001")
    assert (p, RDF.type, URIRef(SCHEMA + "ScholarlyArticle")) in g
    assert (p, URIRef(SCHEMA + "codeRepository"), URIRef("https://github.com/example/foonet")) in g
    assert (p, DCTERMS.creator, iri("person/ada-lovelace")) in g
    assert (p, PG.proposes, iri("method/foonet")) in g
    resnet = iri("method/resnet-50")
    assert (resnet, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("ResNet50")) in g
    assert (resnet, PG.variantOf, iri("method/resnet")) in g
    # the relation is also reified with its provenance
    q = """SELECT ?conf ?paper WHERE { ?a rdf:subject ?s ; rdf:predicate pg:proposes ; rdf:object ?o ;
           pg:confidence ?conf ; prov:wasDerivedFrom ?paper }"""
    rows = list(g.query(q, initBindings={"s": p, "o": iri("method/foonet")}))
    assert [(float(c), pp) for c, pp in rows] == [(0.9, p)]


def test_escaping_and_bad_urls_survive(tmp_path: Path) -> None:
    write_rdf(tiny_graph(), tmp_path, validate=False)
    g = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    p = iri(f"paper/{P3.split(':', 1)[1]}")
    assert str(g.value(p, DCTERMS.abstract)) == ABSTRACT_3
    urls = set(g.objects(p, URIRef(SCHEMA + "url")))
    assert urls == {URIRef("https://example.org/a%20b")}  # "not a url" is left out


def test_configurable_base(tmp_path: Path) -> None:
    base = "http://example.org/kg/"
    g = to_rdf(tiny_graph(), base=base)
    assert (iri("paper/arxiv:2401.00001", base), RDF.type, PG.Paper) in g
    assert not any(str(s).startswith(DEFAULT_BASE) for s in g.subjects())


@pytest.mark.parametrize("base", ["no-scheme/", "http://example.org/no-slash", "http://exa mple.org/"])
def test_bad_base_is_refused(tmp_path: Path, base: str) -> None:
    with pytest.raises(PapergraphError, match="base IRI"):
        write_rdf(tiny_graph(), tmp_path, base=base)


def test_contract_breaks_name_the_edge() -> None:
    G = tiny_graph()
    G.add_edge(P1, "method:foonet", key="inventedBy", relation="inventedBy")
    with pytest.raises(PapergraphError, match="unknown relation 'inventedBy'"):
        to_rdf(G)
    G = tiny_graph()
    G.add_node("thing:x", kind="Thing", label="x")
    with pytest.raises(PapergraphError, match="thing:x"):
        to_rdf(G)


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(title=_TEXT, label=_TEXT)
def test_any_text_round_trips_through_our_turtle_and_nt(title: str, label: str) -> None:
    G = nx.MultiDiGraph()
    G.add_node("paper:x/1", kind="Paper", label=title, title=title, abstract="")
    G.add_node("method:m", kind="Method", label=label, aliases={label: 1, label + "!": 2})
    G.add_edge("paper:x/1", "method:m", key="uses", relation="uses")
    triples = unique_triples(G)
    nt = Graph().parse(data="".join(nt_lines(triples)), format="nt")
    ttl = Graph().parse(data="".join(turtle_chunks(triples, prefixes(BASE))), format="turtle")
    assert isomorphic(nt, ttl)
    assert str(ttl.value(iri("paper/x%2F1"), DCTERMS.title)) == title
    assert str(ttl.value(iri("method/m"), RDFS.label)) == label


def test_lone_surrogates_become_replacement_characters() -> None:
    assert literal("a\ud800b") == '"a\ufffdb"'
