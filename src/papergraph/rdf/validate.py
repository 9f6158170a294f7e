"""SHACL validation of a build against schemas/shapes.ttl.

Two engines check the same shapes. The build and ``papergraph validate`` use
papergraph's own (:mod:`papergraph.rdf.shacl`): two streaming passes over the
subject-sorted graph.nt, so every triple of every build is validated, at a
few microseconds a triple and memory for the node classes only.

pyshacl is the reference (``engine="pyshacl"``, ``papergraph validate
--engine pyshacl``); the tests hold the two to the same results. It takes
about 55-60 us of CPU a triple and 30 us more to parse it into rdflib
(benchmarks/bench_shacl.py), so with it a graph of up to :data:`FULL_LIMIT`
triples is validated whole, and a larger one on a deterministic sample: the
:data:`SAMPLE_PAPERS` papers whose IRIs hash lowest and what they own (see
:mod:`papergraph.rdf.neighbourhood`), each node of it checked exactly as in
the whole graph, so a violation found is a real one; ``--full`` checks every
triple whatever the size. :attr:`Validation.scope` says which was done.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO, cast

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from papergraph._io import decompressed, logical_name, open_output, open_output_text, output_file
from papergraph.errors import BuildNotFoundError, PapergraphError
from papergraph.progress import CountingReader, ProgressFn, noop
from papergraph.rdf.mapping import Triple, nt_lines, unique_triples
from papergraph.rdf.namespace import DEFAULT_BASE, prefixes
from papergraph.rdf.neighbourhood import (
    Neighbourhood,
    Source,
    check_local_shapes,
    neighbourhood,
    nt_triples,
    sample,
)
from papergraph.rdf.shacl import Finding, Lines, lexical, split_literal, validate_lines

#: With pyshacl, graphs of up to this many triples are validated whole.
FULL_LIMIT = 150_000
#: The validators: papergraph's streaming one (the default) and pyshacl.
ENGINES = ("papergraph", "pyshacl")
#: Papers in the sample validated above FULL_LIMIT.
SAMPLE_PAPERS = 30
MAX_LISTED = 25


@dataclass(frozen=True, slots=True)
class Validation:
    conforms: bool
    violations: int
    text: str  # readable report, one line per violation ("" when it conforms)
    scope: str  # what was validated, e.g. "full: all 6,921 triples"
    triples_checked: int = 0
    triples_total: int = 0
    papers_sampled: int = 0  # 0 when the whole graph was validated

    @property
    def full(self) -> bool:
        return self.papers_sampled == 0

    def summary(self) -> str:
        if self.conforms:
            return f"OK: conforms to the papergraph SHACL shapes ({self.scope})"
        return f"{self.violations} SHACL violation(s) ({self.scope})"


def full_scope(triples: int) -> str:
    return f"full: all {triples:,} triples"


def sample_scope(papers: int, papers_total: int, checked: int, total: int, limit: int) -> str:
    return (f"sample: {papers:,} of {papers_total:,} papers, {checked:,} of {total:,} triples; "
            f"graphs of up to {limit:,} triples are validated whole")


def _limits(full_limit: int | None, sample_papers: int | None) -> tuple[int, int]:
    """The limits given, else the module's (read at call time, so a test may change them)."""
    return (FULL_LIMIT if full_limit is None else full_limit,
            SAMPLE_PAPERS if sample_papers is None else sample_papers)


def schema_text(name: str) -> str:
    """A file of schemas/ as shipped in the package (papergraph.ttl or shapes.ttl)."""
    return resources.files("papergraph").joinpath("data", "schemas", name).read_text("utf-8")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(data=schema_text("shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def inverse_predicates() -> frozenset[str]:
    """The predicates the shapes follow backwards (sh:inversePath)."""
    # A fresh parse: pyshacl adds triples of its own to the shapes graph it is given.
    return check_local_shapes(Graph().parse(data=schema_text("shapes.ttl"), format="turtle"))


def _short(term: object, names: list[tuple[str, str]]) -> str:
    s = str(term)
    if isinstance(term, URIRef):
        for prefix, ns in names:
            if s.startswith(ns):
                return f"{prefix}:{s[len(ns):]}"
        return f"<{s}>"
    return repr(s) if len(s) <= 60 else repr(s[:57] + "...")


def _violations(results: Graph, base: str, checked: frozenset[str] | None) -> list[str]:
    """One sorted line per violation, of focus nodes in ``checked`` (N-Triples IRIs) when given."""
    names = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))
    lines = []
    for r in results.subjects(SH.resultSeverity, SH.Violation):
        node = results.value(r, SH.focusNode)
        if checked is not None and f"<{node}>" not in checked:
            continue  # a node outside the checked ones, present only with its type
        focus = _short(node, names)
        path = results.value(r, SH.resultPath)
        where = f" {_short(path, names)}" if isinstance(path, URIRef) else ""
        value = results.value(r, SH.value)
        got = f" (value {_short(value, names)})" if value is not None else ""
        msg = results.value(r, SH.resultMessage) or "violates a shape"
        lines.append(f"{focus}{where}: {msg}{got}")
    return sorted(lines)


def _shown(lines: list[str]) -> str:
    shown = lines[:MAX_LISTED]
    if len(lines) > MAX_LISTED:
        shown.append(f"... and {len(lines) - MAX_LISTED} more")
    return "\n".join(shown)


def _finding_line(f: Finding, names: list[tuple[str, str]]) -> str:
    """A finding of papergraph's engine as the line pyshacl's results give (see :func:`_violations`)."""
    focus = _short(_term(f.focus), names)
    where = f" {_short(_term(f.path), names)}" if f.path else ""
    got = f" (value {_short(_term(f.value), names)})" if f.value else ""
    return f"{focus}{where}: {f.message}{got}"


def _term(nt: str) -> object:
    if nt.startswith("<"):
        return URIRef(nt[1:-1])
    if nt.startswith('"'):
        return lexical(split_literal(nt)[0])
    return nt


def _stream(lines: Lines, *, base: str, progress: ProgressFn | None = None, total: int | None = None) -> Validation:
    """Every triple of ``lines()`` (subject-sorted N-Triples) checked by papergraph's engine."""
    report = validate_lines(lines, progress=progress, total=total)
    names = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))
    text = sorted(_finding_line(f, names) for f in report.findings)
    return Validation(conforms=not text, violations=len(text), text=_shown(text), scope=full_scope(report.triples),
                      triples_checked=report.triples, triples_total=report.triples)


def validate_file(
    nt: Path, *, base: str = DEFAULT_BASE, progress: ProgressFn | None = None, total: int | None = None
) -> Validation:
    """Every triple of a graph.nt papergraph wrote (plain or .gz), with papergraph's engine.

    ``total``, its number of triples when known, gives progress a total.
    """

    def lines() -> Iterator[str]:
        with open_output_text(nt) as fh:
            yield from fh

    try:
        return _stream(lines, base=base, progress=progress, total=total)
    except ValueError as exc:  # a graph.nt not written by papergraph (edited, or from another tool)
        raise PapergraphError(f"{nt}: {exc}; `papergraph validate --engine pyshacl` reads it in any order") from None


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise PapergraphError(f"unknown SHACL engine {engine!r}; choose one of {', '.join(ENGINES)}")


def violations(data: Graph, *, base: str = DEFAULT_BASE, checked: frozenset[str] | None = None) -> list[str]:
    """The violations in ``data``, one line each; only those of ``checked`` nodes when given."""
    import pyshacl

    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    return [] if conforms else _violations(results, base, checked)


def violations_of(source: Source, nodes: Iterable[str], *, base: str = DEFAULT_BASE) -> list[str]:
    """The violations of ``nodes`` (N-Triples IRIs) in the triples of ``source``, exactly as
    validating all of them would give, from their neighbourhood alone."""
    return _check(neighbourhood(source, nodes, inverse_predicates()), base)


def _check(hood: Neighbourhood, base: str) -> list[str]:
    return violations(_graph_of(hood.triples), base=base, checked=hood.checked)


def validate_rdflib(data: Graph, *, base: str = DEFAULT_BASE) -> Validation:
    """Validate every triple of an rdflib Graph against the shapes."""
    lines = violations(data, base=base)
    return Validation(conforms=not lines, violations=len(lines), text=_shown(lines), scope=full_scope(len(data)),
                      triples_checked=len(data), triples_total=len(data))


def _graph_of(triples: Iterable[Triple]) -> Graph:
    return Graph().parse(data="".join(nt_lines(list(triples))), format="nt")


def validate_sample(
    source: Source, *, total: int, base: str = DEFAULT_BASE, papers: int | None = None,
    full_limit: int | None = None,
) -> Validation:
    """Validate the sample of the ``total`` triples ``source()`` yields (see the module docstring)."""
    limit, papers = _limits(full_limit, papers)
    chosen = sample(source, papers=papers)
    hood = neighbourhood(source, chosen.nodes, inverse_predicates())
    lines, own = _check(hood, base), hood.own
    return Validation(
        conforms=not lines, violations=len(lines), text=_shown(lines),
        scope=sample_scope(chosen.papers, chosen.papers_total, own, total, limit),
        triples_checked=own, triples_total=total, papers_sampled=chosen.papers,
    )


def validate_triples(
    triples: list[Triple],
    *,
    base: str = DEFAULT_BASE,
    full_limit: int | None = None,
    sample_papers: int | None = None,
) -> Validation:
    """Validate ``triples`` whole up to ``full_limit`` of them, else their sample."""
    limit, papers = _limits(full_limit, sample_papers)
    if len(triples) <= limit:
        return validate_rdflib(_graph_of(triples), base=base)
    return validate_sample(lambda: triples, total=len(triples), base=base, papers=papers, full_limit=limit)


def validate_graph(
    G: nx.MultiDiGraph,
    *,
    base: str = DEFAULT_BASE,
    triples: list[Triple] | None = None,
    written: tuple[Path, int] | None = None,
    full_limit: int | None = None,
    sample_papers: int | None = None,
    provenance: str = "full",
    engine: str = "papergraph",
) -> Validation:
    """Validate ``G``'s triples: all of them with papergraph's engine; with pyshacl, a sample when too many.

    ``written`` is ``(graph.nt, its number of triples)`` when ``G``'s triples
    are already in a file (plain or .gz): they are then read from it.
    """
    _check_engine(engine)
    if engine == "papergraph":
        if written is not None:
            return validate_file(written[0], base=base)
        lines = nt_lines(triples if triples is not None else unique_triples(G, base=base, provenance=provenance))
        return _stream(lambda: sorted(lines), base=base)
    if written is not None:
        nt, count = written
        limit, papers = _limits(full_limit, sample_papers)
        if count <= limit:
            with open_output(nt) as raw:
                data = Graph().parse(file=raw, format="nt")
            return validate_rdflib(data, base=base)

        def source() -> Iterator[Triple]:
            with open_output_text(nt) as fh:
                yield from nt_triples(fh)

        return validate_sample(source, total=count, base=base, papers=papers, full_limit=limit)
    if triples is None:
        triples = unique_triples(G, base=base, provenance=provenance)
    return validate_triples(triples, base=base, full_limit=full_limit, sample_papers=sample_papers)


def build_file(outdir: str | Path) -> Path:
    """graph.nt of a build (graph.ttl when only that exists), either of them plain or .gz."""
    out = Path(outdir)
    for name in ("graph.nt", "graph.ttl"):
        path = output_file(out, name)
        if path is not None:
            return path
    raise BuildNotFoundError(
        f"{out} holds no graph.nt or graph.ttl (plain or .gz); run `papergraph build INPUT -o {out}` first"
    )


def validate_outdir(
    outdir: str | Path,
    *,
    base: str | None = None,
    full: bool = False,
    full_limit: int | None = None,
    sample_papers: int | None = None,
    progress: ProgressFn | None = None,
    engine: str = "papergraph",
) -> Validation:
    """Validate a written build: every triple with papergraph's engine (the default).

    With ``engine="pyshacl"``: whole up to ``full_limit`` triples or with
    ``full``, else its sample. A build with only graph.ttl goes to pyshacl.
    ``progress`` hears stage "parse" (bytes of the file read) and "shacl".
    """
    _check_engine(engine)
    path = build_file(outdir)
    progress = progress or noop
    is_nt = logical_name(path).endswith(".nt")
    if is_nt and engine == "papergraph":
        if base is None:
            with open_output_text(path) as fh:
                base = _base_of(nt_triples(fh))
        v = validate_file(path, base=base, progress=progress)
        return Validation(conforms=v.conforms, violations=v.violations, text=v.text, scope=f"{v.scope} of {path.name}",
                          triples_checked=v.triples_checked, triples_total=v.triples_total)
    if is_nt:
        with open_output_text(path) as fh:
            total = sum(1 for line in fh if line.strip())
        limit, papers = _limits(full_limit, sample_papers)
        if not full and total > limit:

            def source() -> Iterator[Triple]:
                with open_output_text(path) as fh:
                    yield from nt_triples(fh)

            progress("shacl", 0, 1)
            sampled = validate_sample(source, total=total, base=base or _base_of(source()), papers=papers,
                                      full_limit=limit)
            progress("shacl", 1, 1)
            return sampled
    size = path.stat().st_size
    progress("parse", 0, size)
    with path.open("rb") as binary:
        reader = CountingReader(binary, size, lambda done: progress("parse", min(done, size), size))
        # rdflib only calls read() and close() on it.
        raw = decompressed(cast(BinaryIO, reader), path)  # not closed here: closing ``binary`` is enough
        data = Graph().parse(source=raw, format="nt" if is_nt else "turtle")
    progress("parse", size, size)
    if base is None:
        base = _guess_base(data) or DEFAULT_BASE
    progress("shacl", 0, 1)
    v = validate_rdflib(data, base=base)
    progress("shacl", 1, 1)
    scope = f"{v.scope} of {path.name}"
    return Validation(conforms=v.conforms, violations=v.violations, text=v.text, scope=scope,
                      triples_checked=v.triples_checked, triples_total=v.triples_total)


def _guess_base(data: Graph) -> str | None:
    """The base IRI a build was written with, read off a paper's IRI."""
    from rdflib import RDF

    from papergraph.rdf.namespace import PG

    for s in data.subjects(RDF.type, PG.Paper):
        head, sep, _ = str(s).rpartition("/paper/")
        if sep:
            return head + "/"
    return None


def _base_of(triples: Iterable[Triple]) -> str:
    """The base IRI of a build's N-Triples, read off the first paper IRI."""
    for s, _, _ in triples:
        head, sep, _ = s.rpartition("/paper/")
        if sep and s.startswith("<"):
            return head[1:] + "/"
    return DEFAULT_BASE
