"""Write a build's RDF: graph.nt, graph.ttl (same triples) and graph.jsonld.

Output is deterministic: triples are de-duplicated and sorted before any
file is written, so one graph always gives byte-identical files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph

from papergraph._io import atomic_write_bytes, atomic_write_chunks, stored_name
from papergraph.errors import PapergraphError
from papergraph.progress import ProgressFn, Throttle, noop
from papergraph.rdf.mapping import (
    Triple,
    bind_prefixes,
    nt_chunks,
    resolve_provenance,
    unique_triples,
)
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


#: Triples between two progress reports while writing.
_REPORT_EVERY = 50_000


def _reporting(triples: list[Triple], tick: Throttle) -> Iterator[Triple]:
    """``triples`` in order, telling ``tick`` how many were written, a slice at a time."""
    for i in range(0, len(triples), _REPORT_EVERY):
        tick(i)
        yield from triples[i : i + _REPORT_EVERY]


def _nt_reporting(triples: list[Triple], tick: Throttle) -> Iterator[str]:
    """The N-Triples text of ``triples``, telling ``tick`` how many were written."""
    for i, chunk in enumerate(nt_chunks(triples, size=_REPORT_EVERY)):
        tick(i * _REPORT_EVERY)
        yield chunk


def write_rdf(
    G: nx.MultiDiGraph,
    outdir: Path,
    *,
    base: str = DEFAULT_BASE,
    jsonld: bool = False,
    validate: bool = True,
    provenance: str = "auto",
    compress: bool = False,
    progress: ProgressFn | None = None,
) -> RdfReport:
    """Write graph.nt, graph.ttl (and graph.jsonld) for ``G`` into ``outdir``.

    With ``validate`` the triples are checked against schemas/shapes.ttl
    (all of them for small graphs, a deterministic sample of papers for large
    ones; see :mod:`papergraph.rdf.validate`). ``provenance`` sets how much
    edge provenance is reified (see :data:`papergraph.rdf.mapping.Provenance`).
    ``compress`` writes each file gzip-compressed, as graph.nt.gz and so on.
    Violations do not raise: the
    report says whether the graph conforms, and ``papergraph validate``
    turns that into an exit code. ``progress`` hears stages "triples"
    (mapping), "nt" and "ttl" (writing each file, in triples) and "shacl".
    """
    import time

    from papergraph.rdf.validate import validate_graph

    try:
        level = resolve_provenance(G, provenance)
        triples = unique_triples(G, base=base, provenance=level, progress=progress)
    except ValueError as exc:
        raise PapergraphError(str(exc)) from None
    outdir = Path(outdir)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    nt, ttl, jld = (stored_name(n, compress=compress) for n in ("graph.nt", "graph.ttl", "graph.jsonld"))
    progress = progress or noop
    tick = Throttle(progress, "nt", len(triples))
    atomic_write_chunks(outdir / nt, _nt_reporting(triples, tick))
    tick.end(len(triples))
    tick = Throttle(progress, "ttl", len(triples))
    atomic_write_chunks(outdir / ttl, turtle_chunks(_reporting(triples, tick), prefixes(base)))
    tick.end(len(triples))
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
    progress("shacl", 0, 1)
    v = validate_graph(G, base=base, triples=triples, provenance=level)
    progress("shacl", 1, 1)
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
