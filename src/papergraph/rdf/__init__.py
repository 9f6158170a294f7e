"""RDF export, SHACL validation and SPARQL.

Contract (used by papergraph.pipeline):

    DEFAULT_BASE: str
    write_rdf(G, outdir, *, base=DEFAULT_BASE, jsonld=False, validate=True) -> RdfReport
        # writes graph.ttl and graph.nt (and graph.jsonld); RdfReport has .triples, .conforms

and for users of the library:

    to_rdf(G, *, base=DEFAULT_BASE) -> rdflib.Graph
    query(outdir, sparql, *, bindings=None) -> QueryResult
    run_named(outdir, name, params=None) -> QueryResult
    validate(outdir, *, full=False) -> Validation  # whole up to FULL_LIMIT triples (or full=True), else a sample

Importing this package is cheap: pyshacl and the store load on first use.
"""

from __future__ import annotations

from papergraph.rdf.export import RdfReport, write_rdf
from papergraph.rdf.mapping import to_rdf
from papergraph.rdf.named import list_queries, run_named
from papergraph.rdf.namespace import DEFAULT_BASE, PG
from papergraph.rdf.sparql import QueryResult, query
from papergraph.rdf.validate import Validation
from papergraph.rdf.validate import validate_outdir as validate

__all__ = [
    "DEFAULT_BASE",
    "PG",
    "QueryResult",
    "RdfReport",
    "Validation",
    "list_queries",
    "query",
    "run_named",
    "to_rdf",
    "validate",
    "write_rdf",
]
