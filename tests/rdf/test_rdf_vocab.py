"""The vocabulary in code, the ontology and the shapes agree; package copies match schemas/."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from papergraph.graph.model import RELATIONS
from papergraph.rdf import PG
from papergraph.rdf.validate import schema_text

ROOT = Path(__file__).resolve().parents[2]


def ontology() -> Graph:
    return Graph().parse(ROOT / "schemas" / "papergraph.ttl", format="turtle")


def test_misspelt_terms_raise() -> None:
    assert PG.hasDataset == URIRef("https://papergraph.dev/ontology#hasDataset")
    with pytest.raises(AttributeError):
        PG.hasDatset  # noqa: B018


def test_code_and_ontology_declare_the_same_terms() -> None:
    g = ontology()
    declared = {
        s for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, cls) if str(s).startswith(str(PG))
    }
    in_code = {PG[name] for name in PG.__annotations__}
    assert declared == in_code


@pytest.mark.parametrize("relation", RELATIONS)
def test_every_graph_relation_is_an_object_property(relation: str) -> None:
    assert (PG[relation], RDF.type, OWL.ObjectProperty) in ontology()


@pytest.mark.parametrize("name", ["papergraph.ttl", "shapes.ttl"])
def test_package_copies_equal_schemas(name: str) -> None:
    assert schema_text(name) == (ROOT / "schemas" / name).read_text("utf-8")


def test_public_api_is_pinned() -> None:
    import papergraph.rdf as rdf

    assert sorted(rdf.__all__) == [
        "DEFAULT_BASE", "PG", "QueryResult", "RdfReport", "Validation", "list_queries",
        "query", "run_named", "to_rdf", "validate", "write_rdf",
    ]
