"""How much edge provenance the RDF carries: "full", "claims" and "auto"."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph

from papergraph.errors import PapergraphError
from papergraph.rdf.mapping import nt_lines, resolve_provenance, unique_triples
from papergraph.rdf.namespace import OA, PG
from tests.rdf.rdf_graphs import tiny_graph


def _graph(level: str) -> Graph:
    g = Graph()
    g.parse(data="".join(nt_lines(unique_triples(tiny_graph(), provenance=level))), format="nt")
    return g


def _reified_relations(g: Graph) -> set[str]:
    return {str(p).rsplit("#", 1)[-1] for st in g.subjects(RDF.type, PG.Assertion) for p in g.objects(st, RDF.predicate)}


def test_full_reifies_every_relation_with_evidence() -> None:
    g = _graph("full")
    rels = _reified_relations(g)
    assert {"proposes", "uses"} <= rels
    for st in g.subjects(RDF.type, PG.Assertion):
        assert (st, PG.evidence, None) in g


def test_claims_keeps_results_and_claim_relations_only() -> None:
    full, claims = _graph("full"), _graph("claims")
    assert len(claims) < len(full)
    assert _reified_relations(claims) <= {"proposes", "outperforms"}
    assert "proposes" in _reified_relations(claims)
    # The relations themselves are all still there as plain triples.
    assert set(full.triples((None, PG.uses, None))) == set(claims.triples((None, PG.uses, None)))
    # Every Result keeps its sentence and character offsets.
    results = list(claims.subjects(RDF.type, PG.Result))
    assert results
    for r in results:
        ev = claims.value(r, PG.evidence)
        assert ev is not None
        selectors = set(claims.objects(ev, OA.hasSelector))
        assert any((s, RDF.type, OA.TextPositionSelector) in claims for s in selectors)
        assert any((s, OA.exact, None) in claims for s in selectors)


@pytest.mark.parametrize(
    ("papers", "expected"), [(1, "full"), (10_000, "full"), (10_001, "claims")]
)
def test_auto_switches_on_paper_count(papers: int, expected: str) -> None:
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_nodes_from((f"paper:p{i}", {"kind": "Paper"}) for i in range(papers))
    assert resolve_provenance(G, "auto") == expected


def test_unknown_level_is_a_clear_error() -> None:
    with pytest.raises(PapergraphError, match="full, claims"):
        resolve_provenance(tiny_graph(), "everything")
