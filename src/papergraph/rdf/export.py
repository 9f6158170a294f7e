"""Write a build's RDF: graph.nt, graph.ttl (same triples) and graph.jsonld.

Output is deterministic: triples are de-duplicated and sorted before any
file is written, so one graph always gives byte-identical files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph

from papergraph._io import atomic_write_bytes, atomic_write_chunks, stored_name
from papergraph.errors import PapergraphError
from papergraph.rdf.mapping import bind_prefixes, nt_chunks, resolve_provenance, unique_triples
from papergraph.rdf.namespace import DEFAULT_BASE, prefixes
from papergraph.rdf.turtle import turtle_chunks


@dataclass(frozen=True, slots=True)
class RdfReport:
    """What :func:`write_rdf` wrote. ``conforms`` is None when not validated."""

    triples: int
    conforms: bool | None
    files: tuple[str, ...] = ()
    validated: str = "none"  # "none" or the Validation's scope: "full: all N triples", "sample: ..."
    provenance: str = "full"  # the level used: "full" or "claims"
    violations: int = 0
    report_text: str = ""
    timings: dict[str, float] = field(default_factory=dict)


def _jsonld(nt: str, base: str) -> bytes:
    g = bind_prefixes(Graph(), base)
    g.parse(data=nt, format="nt")
    doc = json.loads(g.serialize(format="json-ld", context=prefixes(base), auto_compact=True))
    # rdflib's node order follows its store; sort nodes so output is stable.
    if isinstance(doc, dict) and isinstance(doc.get("@graph"), list):
        doc["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def write_rdf(
    G: nx.MultiDiGraph,
    outdir: Path,
    *,
    base: str = DEFAULT_BASE,
    jsonld: bool = False,
    validate: bool = True,
    provenance: str = "auto",
    compress: bool = False,
) -> RdfReport:
    """Write graph.nt, graph.ttl (and graph.jsonld) for ``G`` into ``outdir``.

    With ``validate`` the triples are checked against schemas/shapes.ttl
    (all of them for small graphs, a deterministic sample of papers for large
    ones; see :mod:`papergraph.rdf.validate`). ``provenance`` sets how much
    edge provenance is reified (see :data:`papergraph.rdf.mapping.Provenance`).
    ``compress`` writes each file gzip-compressed, as graph.nt.gz and so on.
    Violations do not raise: the
    report says whether the graph conforms, and ``papergraph validate``
    turns that into an exit code.
    """
    import time

    from papergraph.rdf.validate import validate_graph

    try:
        level = resolve_provenance(G, provenance)
        triples = unique_triples(G, base=base, provenance=level)
    except ValueError as exc:
        raise PapergraphError(str(exc)) from None
    outdir = Path(outdir)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    nt, ttl, jld = (stored_name(n, compress=compress) for n in ("graph.nt", "graph.ttl", "graph.jsonld"))
    atomic_write_chunks(outdir / nt, nt_chunks(triples))
    atomic_write_chunks(outdir / ttl, turtle_chunks(triples, prefixes(base)))
    files = [nt, ttl]
    if jsonld:
        atomic_write_bytes(outdir / jld, _jsonld("".join(nt_chunks(triples)), base))
        files.append(jld)
    timings["write"] = round(time.perf_counter() - t0, 3)
    if not validate:
        return RdfReport(
            triples=len(triples), conforms=None, files=tuple(files), timings=timings, provenance=level
        )
    t0 = time.perf_counter()
    v = validate_graph(G, base=base, triples=triples, provenance=level)
    timings["validate"] = round(time.perf_counter() - t0, 3)
    return RdfReport(
        triples=len(triples),
        conforms=v.conforms,
        files=tuple(files),
        validated=v.scope,
        violations=v.violations,
        report_text=v.text,
        timings=timings,
        provenance=level,
    )
