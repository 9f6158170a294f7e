"""papergraph's RDF vocabulary as code, and the namespaces it reuses.

``PG`` is a :class:`~rdflib.namespace.DefinedNamespace` with ``_fail = True``:
a misspelt term (``PG.hasDatset``) raises instead of minting a new IRI. The
ontology itself (labels, domains, ranges) is data, in schemas/papergraph.ttl;
tests check that the two list the same terms.
"""

from __future__ import annotations

from typing import Final

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI: Final = "https://papergraph.dev/ontology"
DEFAULT_BASE: Final = "https://papergraph.dev/id/"


class PG(DefinedNamespace):
    """The papergraph ontology (https://papergraph.dev/ontology#)."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # Classes
    Paper: URIRef  # a paper as read from an input record
    Entity: URIRef  # superclass of Method, Dataset, Task, Metric
    Method: URIRef
    Dataset: URIRef
    Task: URIRef
    Metric: URIRef
    Result: URIRef  # one numeric claim made by a paper
    Alias: URIRef  # a surface form of an entity and how often it was seen
    Assertion: URIRef  # a reified relation with its provenance

    # Relations between papers and entities (the graph's edge keys)
    proposes: URIRef
    uses: URIRef
    evaluatedOn: URIRef
    addresses: URIRef
    reports: URIRef
    hasMetric: URIRef
    hasDataset: URIRef
    hasMethod: URIRef
    hasBaseline: URIRef
    hasTask: URIRef
    outperforms: URIRef
    variantOf: URIRef
    subsetOf: URIRef
    mentions: URIRef

    # Result data
    value: URIRef
    valueText: URIRef
    unit: URIRef
    relation: URIRef
    claimKind: URIRef  # score | change | other-system | not-a-result
    claimFlag: URIRef  # none | negated | hypothetical
    kindReason: URIRef
    leaderboardStatus: URIRef  # "ranked", or why the claim is not a leaderboard row
    metricKey: URIRef
    unitKey: URIRef
    conflicting: URIRef
    confidence: URIRef
    metricText: URIRef
    datasetText: URIRef
    methodText: URIRef
    taskText: URIRef
    baselineText: URIRef

    # Provenance
    evidence: URIRef  # Result/Assertion -> oa:SpecificResource
    field: URIRef  # "title" or "abstract": which text the offsets index
    count: URIRef  # how many times a relation or alias was seen

    # Entities
    hasAlias: URIRef
    surfaceForm: URIRef
    mentionCount: URIRef
    paperCount: URIRef
    inGazetteer: URIRef
    direction: URIRef  # Metric: "higher" or "lower" is better
    nameKey: URIRef  # a name, alias or paper title in lower case, for lookups ignoring case

    # Papers
    arxivId: URIRef
    doi: URIRef
    upvotes: URIRef
    authorCount: URIRef
    sourceFile: URIRef
    sourceLine: URIRef
    sourceId: URIRef  # the input record's own id, as written (one per merged record)


#: W3C Web Annotation vocabulary.
OA: Final = Namespace("http://www.w3.org/ns/oa#")
#: FRBR-aligned Bibliographic Ontology.
FABIO: Final = Namespace("http://purl.org/spar/fabio/")
#: schema.org, https form (rdflib's SDO).
SCHEMA: Final = Namespace("https://schema.org/")

#: Prefixes bound in every serialisation and query; order is the Turtle header order.
VOCAB_PREFIXES: Final[dict[str, str]] = {
    "pg": str(PG),
    "dcterms": "http://purl.org/dc/terms/",
    "fabio": str(FABIO),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": str(OA),
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": str(SCHEMA),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: Instance namespaces under the base IRI: one per node kind and auxiliary node.
ID_SPACES: Final = (
    "paper",
    "method",
    "dataset",
    "task",
    "metric",
    "result",
    "assertion",
    "evidence",
    "selector",
    "alias",
    "person",
    "extractor",
)


def prefixes(base: str) -> dict[str, str]:
    """Every prefix papergraph uses for a build under ``base``."""
    out = dict(VOCAB_PREFIXES)
    for space in ID_SPACES:
        out[space] = f"{base}{space}/"
    return out
