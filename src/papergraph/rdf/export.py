"""Write a build's RDF: graph.nt, graph.ttl (same triples) and graph.jsonld.

Output is deterministic: triples are de-duplicated and sorted (in runs
spilled beside the output, see :mod:`papergraph.rdf.runs`), so one graph
always gives byte-identical files.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import networkx as nx
from rdflib import Graph

from papergraph._io import atomic_write_bytes, atomic_write_chunks, open_output_text, stored_name
from papergraph.errors import PapergraphError
from papergraph.progress import ProgressFn, Throttle, noop
from papergraph.rdf import terms as T
from papergraph.rdf.mapping import Triple, bind_prefixes, iter_nt_lines, resolve_provenance
from papergraph.rdf.namespace import DEFAULT_BASE, prefixes
from papergraph.rdf.runs import read_triples, sorted_distinct
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


def _reporting(triples: Iterator[Triple], tick: Throttle) -> Iterator[Triple]:
    """``triples`` in order, telling ``tick`` how many were written, every so often."""
    for i, t in enumerate(triples):
        if not i % _REPORT_EVERY:
            tick(i)
        yield t


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
    on_nt: Callable[[Path, int], None] | None = None,
) -> RdfReport:
    """Write graph.nt, graph.ttl (and graph.jsonld) for ``G`` into ``outdir``.

    With ``validate`` every triple is checked against schemas/shapes.ttl
    (papergraph's streaming engine; see :mod:`papergraph.rdf.validate`). ``provenance`` sets how much
    edge provenance is reified (see :data:`papergraph.rdf.mapping.Provenance`).
    ``compress`` writes each file gzip-compressed, as graph.nt.gz and so on.
    Violations do not raise: the
    report says whether the graph conforms, and ``papergraph validate``
    turns that into an exit code. ``on_nt(path, triples)`` is called once
    graph.nt is complete. ``progress`` hears stages "nt"
    (mapping, sorting and writing, in lines written), "ttl" (in triples) and "shacl"
    (in triples read, over two passes).
    """
    import time

    from papergraph.rdf.validate import validate_file

    try:
        level = resolve_provenance(G, provenance)
        T.check_base(base)
    except ValueError as exc:
        raise PapergraphError(str(exc)) from None
    outdir = Path(outdir)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    nt_name, ttl_name, jld_name = (stored_name(n, compress=compress) for n in ("graph.nt", "graph.ttl", "graph.jsonld"))
    nt = outdir / nt_name
    progress = progress or noop
    count = 0
    tick = Throttle(progress, "nt", None)

    def counted(lines: Iterator[str]) -> Iterator[str]:
        nonlocal count
        for chunk in _chunks(lines):
            count += chunk.count("\n")
            tick(count)
            yield chunk

    try:
        with sorted_distinct(iter_nt_lines(G, base=base, provenance=level), outdir) as lines:
            atomic_write_chunks(nt, counted(lines))
    except ValueError as exc:
        raise PapergraphError(str(exc)) from None
    tick.end(count)
    files = [nt_name, ttl_name]
    beside = validate and count >= PARALLEL_FROM and _cpus() > 1
    with _TurtleWriter(nt, outdir / ttl_name, base, progress=progress, total=count, beside=beside) as ttl:
        if on_nt is not None:  # after the fork of the turtle writer: a forked child gets no thread
            on_nt(nt, count)
        if jsonld:
            with open_output_text(nt) as fh:
                atomic_write_bytes(outdir / jld_name, _jsonld(fh.read(), base))
            files.append(jld_name)
        timings["write"] = round(time.perf_counter() - t0, 3)
        if not validate:
            return RdfReport(
                triples=count, conforms=None, files=tuple(files), timings=timings, provenance=level
            )
        t0 = time.perf_counter()
        v = validate_file(nt, base=base, progress=progress, total=count)  # every triple, two passes over graph.nt
        timings["validate"] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        ttl.wait()
        timings["write"] = round(timings["write"] + time.perf_counter() - t0, 3)
    return RdfReport(
        triples=count,
        conforms=v.conforms,
        files=tuple(files),
        validated=v.scope,
        violations=v.violations,
        report_text=v.text,
        timings=timings,
        provenance=level,
    )


#: From this many triples, graph.ttl is written in a second process while the build validates
#: graph.nt: both only read graph.nt, and each takes seconds a million triples.
PARALLEL_FROM = 300_000


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def write_turtle(nt: Path, ttl: Path, base: str, tick: Throttle | None = None) -> None:
    """graph.ttl from graph.nt: the sorted triples are never all in memory."""
    triples = read_triples(nt) if tick is None else _reporting(read_triples(nt), tick)
    atomic_write_chunks(ttl, turtle_chunks(triples, prefixes(base)))


def _turtle_child(nt: Path, ttl: Path, base: str, conn: Connection) -> None:
    """The second process: write graph.ttl, then send None, or the error's text."""
    gc.freeze()  # a forked child: leave the build's objects (and their pages) untouched by collections
    try:
        write_turtle(nt, ttl, base)
        conn.send(None)
    except BaseException as exc:  # reported by the parent, which raises
        conn.send(f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()


class _TurtleWriter:
    """Writes graph.ttl on entering: here, or in a second process (``beside``) joined by :meth:`wait`.

    The second process is forked on Linux (nothing to import again; it only reads
    graph.nt), spawned elsewhere. A block left by an error stops it; its
    half-written file is removed with the staging folder.
    """

    def __init__(self, nt: Path, ttl: Path, base: str, *, progress: ProgressFn, total: int, beside: bool) -> None:
        self.args, self.progress, self.total, self.beside = (nt, ttl, base), progress, total, beside
        self.child: BaseProcess | None = None
        self.conn: Connection | None = None

    def __enter__(self) -> _TurtleWriter:
        if not self.beside:
            tick = Throttle(self.progress, "ttl", self.total)
            write_turtle(*self.args, tick)
            tick.end(self.total)
            return self
        self.progress("ttl", 0, self.total)
        ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        sys.stdout.flush()  # a forked child flushes what it inherited when it ends: leave it nothing
        sys.stderr.flush()
        self.conn, theirs = ctx.Pipe(duplex=False)
        self.child = ctx.Process(  # type: ignore[attr-defined]  # every concrete context has it
            target=_turtle_child, args=(*self.args, theirs), name="papergraph-ttl")
        self.child.start()
        theirs.close()
        return self

    def wait(self) -> None:
        if self.child is None or self.conn is None:
            return
        try:
            error = self.conn.recv()
        except EOFError:  # the child died before it could say
            error = "the process writing it ended without a word"
        self.child.join()
        code = self.child.exitcode
        self.child = None
        if error is not None or code != 0:
            raise PapergraphError(f"cannot write {self.args[1]}: {error or f'exit code {code}'}")
        self.progress("ttl", self.total, self.total)

    def __exit__(self, *exc: object) -> None:
        if self.child is not None and exc[0] is not None:
            self.child.terminate()
            self.child.join()
            self.child = None
        self.wait()
        if self.conn is not None:
            self.conn.close()


def _chunks(lines: Iterator[str], size: int = 10_000) -> Iterator[str]:
    """``lines`` joined ``size`` at a time."""
    while chunk := "".join(islice(lines, size)):
        yield chunk
