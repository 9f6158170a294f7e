"""networkx graph (papergraph.graph.model) -> RDF triples.

Every node and edge of the MultiDiGraph becomes triples in papergraph's
ontology (schemas/papergraph.ttl). Relations become direct triples
(``paper pg:proposes method``); the provenance an edge carries (paper,
sentence, offsets, confidence, extractor) hangs off a ``pg:Assertion`` that
reifies it. A Result is itself the claim, so its provenance is on the node.
Offsets and sentences are W3C Web Annotation selectors on an
``oa:SpecificResource`` whose source is the paper.

Triples are N-Triples term strings (see :mod:`papergraph.rdf.terms`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any, Literal

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph
from rdflib.namespace import DCTERMS, FOAF, PROV

from papergraph.errors import PapergraphError
from papergraph.graph.model import (
    KIND_PREFIX,
    OUTPERFORMS,
    PROPOSES,
    RELATIONS,
    REPORTS,
    kind_of,
    slug,
)
from papergraph.progress import ProgressFn, Throttle, noop
from papergraph.rdf import terms as T
from papergraph.rdf.namespace import DEFAULT_BASE, FABIO, OA, PG, SCHEMA, prefixes

Triple = tuple[str, str, str]

_KIND_CLASS = {
    "Paper": PG.Paper,
    "Method": PG.Method,
    "Dataset": PG.Dataset,
    "Task": PG.Task,
    "Metric": PG.Metric,
    "Result": PG.Result,
}
from papergraph.graph.leaderboard import claim_kind  # noqa: E402

_RESULT_LITERALS = (
    ("value_text", PG.valueText), ("unit", PG.unit), ("relation", PG.relation), ("claim", PG.claimKind),
    ("flag", PG.claimFlag), ("reason", PG.kindReason), ("board", PG.leaderboardStatus),
    ("metric_key", PG.metricKey), ("unit_key", PG.unitKey),
)
_RESULT_TEXT = {
    "metric": PG.metricText,
    "dataset": PG.datasetText,
    "method": PG.methodText,
    "task": PG.taskText,
    "baseline": PG.baselineText,
}
# Relations whose provenance is the Result node itself; no Assertion needed.
_UNREIFIED_FROM = {"Result"}
_UNREIFIED = {REPORTS}

#: How much edge provenance becomes RDF. Results always carry their evidence.
#: "full": every relation is reified as a pg:Assertion with its sentence and
#: offsets (about 18 triples an edge). "claims": only the paper's own claims
#: (proposes, outperforms) are; other relations are plain triples, and their
#: provenance stays in extractions.jsonl and the networkx graph.
#: "auto": "full" up to AUTO_FULL_LIMIT papers, "claims" above.
Provenance = Literal["auto", "full", "claims"]
PROVENANCE_LEVELS: tuple[str, ...] = ("auto", "full", "claims")
AUTO_FULL_LIMIT = 10_000
_CLAIM_RELATIONS = {PROPOSES, OUTPERFORMS}


def resolve_provenance(G: nx.MultiDiGraph, provenance: str) -> str:
    """The concrete level ("full" or "claims") for ``G``."""
    if provenance not in PROVENANCE_LEVELS:
        raise PapergraphError(
            f"unknown provenance level {provenance!r}; choose one of {', '.join(PROVENANCE_LEVELS)}"
        )
    if provenance != "auto":
        return provenance
    papers = sum(1 for _, k in G.nodes(data="kind") if k == "Paper")
    return "full" if papers <= AUTO_FULL_LIMIT else "claims"


@lru_cache(maxsize=4096)
def _u(term: Any) -> str:
    """``<term>``; one string per vocabulary term, shared by every triple that uses it."""
    return f"<{term}>"


A = _u(RDF.type)
#: A name in lower case (str.lower, as SPARQL LCASE): queries look names up with it.
_NAME_KEY = _u(PG.nameKey)


class _Mapper:
    """Holds the base IRI and the graph while emitting triples."""

    def __init__(self, G: nx.MultiDiGraph, base: str, provenance: str = "full") -> None:
        self.G = G
        self.base = T.check_base(base)
        self.full = resolve_provenance(G, provenance) == "full"
        self._iri_cache: dict[str, str] = {}

    # --- IRIs -----------------------------------------------------------
    def node(self, node_id: str) -> str:
        cached = self._iri_cache.get(node_id)
        if cached is None:
            prefix, _, rest = node_id.partition(":")
            if prefix not in KIND_PREFIX.values() or not rest:
                raise PapergraphError(
                    f"graph node {node_id!r} is not a papergraph node id "
                    "(expected '<kind>:<key>', see papergraph.graph.model)"
                )
            cached = f"<{self.base}{prefix}/{T.local_part(rest)}>"
            self._iri_cache[node_id] = cached
        return cached

    def aux(self, space: str, key: str) -> str:
        return f"<{self.base}{space}/{key}>"

    # --- nodes ----------------------------------------------------------
    def node_triples(self, n: str, d: Mapping[str, Any]) -> Iterator[Triple]:
        kind = d.get("kind") or kind_of(n)
        if kind not in _KIND_CLASS:
            raise PapergraphError(f"graph node {n!r} has unknown kind {kind!r}")
        s = self.node(n)
        yield s, A, _u(_KIND_CLASS[kind])
        label = d.get("label")
        if isinstance(label, str) and label:
            yield s, _u(RDFS.label), T.literal(label)
        if kind == "Paper":
            yield from self.paper(s, d)
        elif kind == "Result":
            yield from self.result(n, s, d)
        else:
            yield from self.entity(kind, s, d)

    def paper(self, s: str, d: Mapping[str, Any]) -> Iterator[Triple]:
        yield s, A, _u(SCHEMA.ScholarlyArticle)
        for attr, pred in (("title", DCTERMS.title), ("abstract", DCTERMS.abstract)):
            if isinstance(d.get(attr), str) and d[attr]:
                yield s, _u(pred), T.literal(d[attr])
        if isinstance(d.get("title"), str) and d["title"]:
            yield s, _NAME_KEY, T.literal(d["title"].lower())
        date = T.date(d.get("date"))
        if date:
            yield s, _u(DCTERMS.date), date
        for name in d.get("authors") or ():
            if isinstance(name, str) and name.strip():
                person = self.aux("person", T.local_part(slug(name)))
                yield s, _u(DCTERMS.creator), person
                yield person, A, _u(DCTERMS.Agent)
                yield person, _u(FOAF.name), T.literal(name.strip())
        for attr, pred in (
            ("n_authors", PG.authorCount),
            ("upvotes", PG.upvotes),
            ("source_line", PG.sourceLine),
        ):
            lit = T.integer(d.get(attr))
            if lit:
                yield s, _u(pred), lit
        arxiv = d.get("arxiv_id")
        if isinstance(arxiv, str) and arxiv:
            yield s, A, _u(FABIO.Preprint)
            yield s, _u(PG.arxivId), T.literal(arxiv)
            same = T.external_iri(f"https://arxiv.org/abs/{arxiv}")
            if same:
                yield s, _u(SCHEMA.sameAs), same
        doi = d.get("doi")
        if isinstance(doi, str) and doi:
            yield s, _u(PG.doi), T.literal(doi)
            same = T.external_iri(f"https://doi.org/{doi}")
            if same:
                yield s, _u(SCHEMA.sameAs), same
        for attr, pred in (("urls", SCHEMA.url), ("code_urls", SCHEMA.codeRepository)):
            for url in d.get(attr) or ():
                o = T.external_iri(url)
                if o:
                    yield s, _u(pred), o
        if isinstance(d.get("source_file"), str) and d["source_file"]:
            yield s, _u(PG.sourceFile), T.literal(d["source_file"])
        for sid in (d.get("source_id"), *(d.get("merged_source_ids") or ())):
            if isinstance(sid, str) and sid:
                yield s, _u(PG.sourceId), T.literal(sid)

    def entity(self, kind: str, s: str, d: Mapping[str, Any]) -> Iterator[Triple]:
        label = d.get("label")
        if isinstance(label, str) and label:
            yield s, _u(SKOS.prefLabel), T.literal(label)
        aliases = d.get("aliases") or {}
        # A plain list of surface forms carries no counts.
        items = list(aliases.items()) if isinstance(aliases, Mapping) else [(a, None) for a in aliases]
        names = [label] if isinstance(label, str) and label else []
        for surface, count in items:
            if not isinstance(surface, str) or not surface:
                continue
            names.append(surface)
            if surface != label:
                yield s, _u(SKOS.altLabel), T.literal(surface)
            alias = self.aux("alias", T.digest(s, surface))
            yield s, _u(PG.hasAlias), alias
            yield alias, A, _u(PG.Alias)
            yield alias, _u(PG.surfaceForm), T.literal(surface)
            lit = T.integer(count)
            if lit:
                yield alias, _u(PG.count), lit
        for key in dict.fromkeys(name.lower() for name in names):
            yield s, _NAME_KEY, T.literal(key)
        for attr, pred in (("mentions", PG.mentionCount), ("papers", PG.paperCount)):
            lit = T.integer(d.get(attr))
            if lit:
                yield s, _u(pred), lit
        lit = T.boolean(d.get("gazetteer"))
        if lit:
            yield s, _u(PG.inGazetteer), lit
        if kind == "Metric" and isinstance(d.get("direction"), str):
            yield s, _u(PG.direction), T.literal(d["direction"])
        target = d.get("variant_of")
        if isinstance(target, str) and target in self.G:
            yield s, _u(PG.variantOf), self.node(target)

    def result(self, n: str, s: str, d: Mapping[str, Any]) -> Iterator[Triple]:
        value = T.decimal(d.get("value"))
        if value:
            yield s, _u(PG.value), value
        for attr, pred in _RESULT_LITERALS:
            if isinstance(d.get(attr), str) and d[attr]:
                yield s, _u(pred), T.literal(d[attr])
            elif attr == "claim":
                yield s, _u(pred), T.literal(claim_kind(d))
        conflicting = T.boolean(d.get("conflict")) if d.get("conflict") is True else None
        if conflicting:
            yield s, _u(PG.conflicting), conflicting
        for attr, pred in _RESULT_TEXT.items():
            if isinstance(d.get(attr), str) and d[attr]:
                yield s, _u(pred), T.literal(d[attr])
        conf = T.decimal(d.get("confidence"))
        if conf:
            yield s, _u(PG.confidence), conf
        paper = d.get("paper")
        source = None
        for u, _, key, ed in self.G.in_edges(n, keys=True, data=True):
            if key == REPORTS:
                paper = paper or u
                source = ed.get("source")
        if isinstance(paper, str) and paper:
            yield s, _u(PROV.wasDerivedFrom), self.node(paper)
            yield from self.evidence(s, paper, d)
        if isinstance(source, str) and source:
            yield from self.activity(s, source)

    # --- provenance -----------------------------------------------------
    def evidence(self, s: str, paper: str, d: Mapping[str, Any]) -> Iterator[Triple]:
        """Where the claim was read: the paper, the field and the character span."""
        field, start, end = d.get("field"), T.integer(d.get("start"), datatype="nonNegativeInteger"), T.integer(d.get("end"), datatype="nonNegativeInteger")
        sentence = d.get("sentence")
        if not (start and end):
            return
        sentence = sentence if isinstance(sentence, str) else ""
        ev = self.aux("evidence", T.digest(paper, field, d.get("start"), d.get("end"), sentence))
        yield s, _u(PG.evidence), ev
        yield ev, A, _u(OA.SpecificResource)
        yield ev, _u(OA.hasSource), self.node(paper)
        if isinstance(field, str) and field:
            yield ev, _u(PG.field), T.literal(field)
        pos = self.aux("selector", T.digest("pos", paper, field, d.get("start"), d.get("end")))
        yield ev, _u(OA.hasSelector), pos
        yield pos, A, _u(OA.TextPositionSelector)
        yield pos, _u(OA.start), start
        yield pos, _u(OA.end), end
        if sentence:
            quote = self.aux("selector", T.digest("quote", paper, field, sentence))
            yield ev, _u(OA.hasSelector), quote
            yield quote, A, _u(OA.TextQuoteSelector)
            yield quote, _u(OA.exact), T.literal(sentence)

    def activity(self, s: str, source: str) -> Iterator[Triple]:
        act = self.aux("extractor", T.local_part(slug(source)))
        yield s, _u(PROV.wasGeneratedBy), act
        yield act, A, _u(PROV.Activity)
        yield act, _u(RDFS.label), T.literal(source)

    # --- edges ----------------------------------------------------------
    def edge_triples(self, u: str, v: str, key: str, d: Mapping[str, Any]) -> Iterator[Triple]:
        rel = d.get("relation") or key
        if rel not in RELATIONS:
            raise PapergraphError(
                f"edge {u!r} -> {v!r} has unknown relation {rel!r}; "
                f"known relations: {', '.join(RELATIONS)}"
            )
        s, p, o = self.node(u), _u(PG[rel]), self.node(v)
        yield s, p, o
        paper = d.get("paper")
        if rel in _UNREIFIED or kind_of(u) in _UNREIFIED_FROM or not isinstance(paper, str):
            return
        if not paper or not (self.full or rel in _CLAIM_RELATIONS):
            return
        st = self.aux("assertion", T.digest(u, rel, v))
        yield st, A, _u(PG.Assertion)
        yield st, _u(RDF.subject), s
        yield st, _u(RDF.predicate), p
        yield st, _u(RDF.object), o
        yield st, _u(PROV.wasDerivedFrom), self.node(paper)
        conf = T.decimal(d.get("confidence"))
        if conf:
            yield st, _u(PG.confidence), conf
        count = T.integer(d.get("count"))
        if count:
            yield st, _u(PG.count), count
        if isinstance(d.get("source"), str) and d["source"]:
            yield from self.activity(st, d["source"])
        yield from self.evidence(st, paper, d)


def iter_triples(
    G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE, provenance: str = "full", progress: ProgressFn | None = None
) -> Iterator[Triple]:
    """Every triple of ``G`` as N-Triples term strings; may repeat a triple.

    Result nodes carry their leaderboard status (pg:leaderboardStatus), given
    once per graph by :func:`papergraph.graph.leaderboard.ensure_marked`.

    Raises PapergraphError when a node id, kind or relation breaks the graph
    contract, and ValueError for an unusable base IRI. ``progress`` hears
    stage "triples", in nodes and edges mapped (its end is up to the caller).
    """
    from papergraph.graph.leaderboard import ensure_marked

    ensure_marked(G)
    m = _Mapper(G, base, provenance)
    n_nodes = G.number_of_nodes()
    tick = Throttle(progress or noop, "triples", n_nodes + G.number_of_edges())
    for i, (n, d) in enumerate(G.nodes(data=True)):
        tick(i)
        yield from m.node_triples(n, d)
    for i, (u, v, key, d) in enumerate(G.edges(keys=True, data=True), n_nodes):
        tick(i)
        yield from m.edge_triples(u, v, key, d)


def unique_triples(
    G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE, provenance: str = "full", progress: ProgressFn | None = None
) -> list[Triple]:
    """The distinct triples of ``G``, sorted: the canonical order of every output.

    ``progress`` hears stage "triples", in nodes and edges, then "sort" (one step).
    """
    distinct = set(iter_triples(G, base=base, provenance=provenance, progress=progress))
    if progress is None:
        return sorted(distinct)
    items = G.number_of_nodes() + G.number_of_edges()
    progress("triples", items, items)
    progress("sort", 0, 1)
    triples = sorted(distinct)
    progress("sort", 1, 1)
    return triples


def iter_nt_lines(
    G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE, provenance: str = "full"
) -> Iterator[str]:
    """:func:`iter_triples` as N-Triples lines; may repeat a line."""
    for s, p, o in iter_triples(G, base=base, provenance=provenance):
        yield f"{s} {p} {o} .\n"


def nt_lines(triples: list[Triple]) -> list[str]:
    return [f"{s} {p} {o} .\n" for s, p, o in triples]


def nt_chunks(triples: list[Triple], size: int = 10_000) -> Iterator[str]:
    """The N-Triples text of ``triples`` in pieces of ``size`` lines."""
    for i in range(0, len(triples), size):
        yield "".join(nt_lines(triples[i : i + size]))


def bind_prefixes(g: Graph, base: str) -> Graph:
    for prefix, ns in prefixes(base).items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def to_rdf(G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE) -> Graph:
    """``G`` as an rdflib Graph, with papergraph's prefixes bound."""
    g = bind_prefixes(Graph(), base)
    data = "".join(nt_lines(unique_triples(G, base=base)))
    g.parse(data=data, format="nt")
    return g
