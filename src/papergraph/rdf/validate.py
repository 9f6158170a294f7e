"""SHACL validation of a build against schemas/shapes.ttl (pyshacl).

Shapes target classes directly and validation runs without inference, which
keeps pyshacl to a few seconds on graphs of some hundred thousand triples.
Beyond :data:`FULL_LIMIT` triples a build validates a deterministic sample:
the :data:`SAMPLE_PAPERS` papers whose ids hash lowest, with every result
they report, every entity either links to, the edges among those nodes and
the papers those edges cite. The sample is complete for each node it
checks, so a violation in it is a real one; ``papergraph validate OUTDIR``
checks every triple of a written build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from papergraph.errors import BuildNotFoundError
from papergraph.rdf.mapping import Triple, nt_lines, unique_triples
from papergraph.rdf.namespace import DEFAULT_BASE, prefixes

FULL_LIMIT = 25_000
SAMPLE_PAPERS = 30
MAX_LISTED = 25


@dataclass(frozen=True, slots=True)
class Validation:
    conforms: bool
    violations: int
    text: str  # readable report, one line per violation ("" when it conforms)
    scope: str  # "full (N triples)" or "sample of N papers (M triples)"

    def summary(self) -> str:
        if self.conforms:
            return f"OK: conforms to the papergraph SHACL shapes ({self.scope})"
        return f"{self.violations} SHACL violation(s) ({self.scope})"


def schema_text(name: str) -> str:
    """A file of schemas/ as shipped in the package (papergraph.ttl or shapes.ttl)."""
    return resources.files("papergraph").joinpath("data", "schemas", name).read_text("utf-8")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(data=schema_text("shapes.ttl"), format="turtle")


def _short(term: object, names: list[tuple[str, str]]) -> str:
    s = str(term)
    if isinstance(term, URIRef):
        for prefix, ns in names:
            if s.startswith(ns):
                return f"{prefix}:{s[len(ns):]}"
        return f"<{s}>"
    return repr(s) if len(s) <= 60 else repr(s[:57] + "...")


def _report(results: Graph, base: str) -> tuple[int, str]:
    names = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))
    lines = []
    for r in results.subjects(SH.resultSeverity, SH.Violation):
        focus = _short(results.value(r, SH.focusNode), names)
        path = results.value(r, SH.resultPath)
        where = f" {_short(path, names)}" if isinstance(path, URIRef) else ""
        value = results.value(r, SH.value)
        got = f" (value {_short(value, names)})" if value is not None else ""
        msg = results.value(r, SH.resultMessage) or "violates a shape"
        lines.append(f"{focus}{where}: {msg}{got}")
    lines.sort()
    shown = lines[:MAX_LISTED]
    if len(lines) > MAX_LISTED:
        shown.append(f"... and {len(lines) - MAX_LISTED} more")
    return len(lines), "\n".join(shown)


def validate_rdflib(data: Graph, *, base: str = DEFAULT_BASE, scope: str = "") -> Validation:
    """Validate an rdflib Graph against the shapes."""
    import pyshacl

    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    n, text = (0, "") if conforms else _report(results, base)
    return Validation(
        conforms=bool(conforms), violations=n, text=text, scope=scope or f"full ({len(data)} triples)"
    )


def _graph_of(triples: list[Triple]) -> Graph:
    return Graph().parse(data="".join(nt_lines(triples)), format="nt")


def sample_graph(G: nx.MultiDiGraph, *, papers: int = SAMPLE_PAPERS) -> nx.MultiDiGraph:
    """The validation sample of ``G`` (see the module docstring)."""

    def rank(n: str) -> str:
        return hashlib.sha1(n.encode("utf-8")).hexdigest()

    paper_ids = sorted((n for n, d in G.nodes(data=True) if d.get("kind") == "Paper"), key=rank)
    chosen = set(paper_ids[:papers])
    results = {v for p in chosen for v in G.successors(p) if G.nodes[v].get("kind") == "Result"}
    keep = chosen | results
    keep |= {v for n in list(keep) for v in G.successors(n)}
    H = nx.MultiDiGraph(G.subgraph(keep))
    cited = {d.get("paper") for _, _, d in H.edges(data=True)}
    cited |= {H.nodes[r].get("paper") for r in results}
    for p in cited:
        if isinstance(p, str) and p in G and p not in H:
            H.add_node(p, **G.nodes[p])  # the node only: its title, no edges
    return H


def validate_graph(
    G: nx.MultiDiGraph,
    *,
    base: str = DEFAULT_BASE,
    triples: list[Triple] | None = None,
    written: tuple[Path, int] | None = None,
    full_limit: int = FULL_LIMIT,
    sample_papers: int = SAMPLE_PAPERS,
    provenance: str = "full",
) -> Validation:
    """Validate ``G``'s triples, or a sample of them when there are too many.

    ``written`` is ``(graph.nt, its number of triples)`` when ``G``'s triples
    are already in a file: small graphs are then validated from it.
    """
    if written is not None:
        nt, count = written
        if count <= full_limit:
            return validate_rdflib(Graph().parse(nt, format="nt"), base=base, scope=f"full ({count} triples)")
    else:
        if triples is None:
            triples = unique_triples(G, base=base, provenance=provenance)
        count = len(triples)
        if count <= full_limit:
            return validate_rdflib(_graph_of(triples), base=base, scope=f"full ({count} triples)")
    H = sample_graph(G, papers=sample_papers)
    sub = unique_triples(H, base=base, provenance=provenance)
    scope = f"sample of {sample_papers} papers ({len(sub)} of {count} triples)"
    return validate_rdflib(_graph_of(sub), base=base, scope=scope)


def build_file(outdir: str | Path) -> Path:
    """graph.nt of a build (graph.ttl when only that exists)."""
    out = Path(outdir)
    for name in ("graph.nt", "graph.ttl"):
        if (out / name).is_file():
            return out / name
    raise BuildNotFoundError(
        f"{out} holds no graph.nt or graph.ttl; run `papergraph build INPUT -o {out}` first"
    )


def validate_outdir(outdir: str | Path, *, base: str | None = None) -> Validation:
    """Validate every triple of a written build."""
    path = build_file(outdir)
    data = Graph().parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    if base is None:
        base = _guess_base(data) or DEFAULT_BASE
    return validate_rdflib(data, base=base, scope=f"full ({len(data)} triples in {path.name})")


def _guess_base(data: Graph) -> str | None:
    """The base IRI a build was written with, read off a paper's IRI."""
    from rdflib import RDF

    from papergraph.rdf.namespace import PG

    for s in data.subjects(RDF.type, PG.Paper):
        head, sep, _ = str(s).rpartition("/paper/")
        if sep:
            return head + "/"
    return None
