"""The end-to-end pipeline: ingest -> extract -> link/graph -> RDF -> HTML.

``build`` is the library function behind ``papergraph build``; it never prints.
Progress goes to an optional callback (:data:`papergraph.progress.ProgressFn`):
every stage reports its start, then per batch as it goes, then its end, so the
CLI can draw a bar per stage or write progress lines to a log.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from papergraph._io import atomic_write_json, atomic_write_jsonl, logical_name, stored_name
from papergraph.cache import CacheStats
from papergraph.engines import DEFAULT_PARTITION_SIZE, Engine
from papergraph.outputs import OutputTransaction, file_record, pause_for_tests, transaction
from papergraph.progress import ProgressFn, Throttle
from papergraph.types import BuildReport, Extraction, Paper

if TYPE_CHECKING:
    from papergraph.rdf.store import StagedStore

OUTPUT_FILES = (
    "papers.jsonl",
    "extractions.jsonl",
    "graph.ttl",
    "graph.nt",
    "graph.nx",
    "graph.html",
    "report.json",
)
#: Extractions written to the cache per transaction, and looked up per batch.
_CACHE_BATCH = 256
_LOOKUP_BATCH = 5000
#: From this many triples the SPARQL store loads in a thread beside the ttl, SHACL, graph.nx
#: and HTML stages (pyoxigraph's loader runs without Python's lock); below it, after them.
STORE_BESIDE_FROM = 300_000
#: Where a build keeps its extraction cache, inside the output folder; not an output.
CACHE_DIR = ".cache"
#: The large text outputs ``build(compress=True)`` writes gzip-compressed, as NAME.gz.
COMPRESSIBLE_FILES = ("papers.jsonl", "extractions.jsonl", "graph.ttl", "graph.nt", "graph.jsonld")
#: Every file a build may write: an old one the new build does not write is removed at commit,
#: so a build that switches between compressed and plain leaves no file of the other form.
ALL_OUTPUT_FILES = (*OUTPUT_FILES, "graph.jsonld", *(stored_name(n, compress=True) for n in COMPRESSIBLE_FILES))


def _noop(stage: str, done: int, total: int | None) -> None:
    return None


def _reporting(rows: Iterable[dict], tick: Throttle, start: int) -> Iterator[dict]:
    """``rows``, telling ``tick`` how many were written so far (it reports per batch)."""
    for n, row in enumerate(rows, start + 1):
        tick(n)
        yield row


def read(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    format: str | None = None,
):  # -> ReadResult
    from papergraph.ingest import read_papers

    return read_papers([Path(p) for p in inputs], format=format)


def extract(
    papers: Iterable[Paper],
    *,
    jobs: int = 0,
    use_model: bool = True,
    progress: ProgressFn | None = None,
    total: int | None = None,
    ensemble: bool = True,
    cache: str | os.PathLike[str] | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
) -> list[Extraction]:
    """Run the NLP pass over ``papers``; one Extraction per paper, in order.

    ``jobs`` processes extract (0, the default: one per usable core, up to
    eight, and one per 500 papers to extract; see :func:`papergraph.engines.auto_jobs`).
    ``ensemble=False`` runs the NER's first model alone, without its members.
    With ``cache`` (a folder), papers whose title and abstract were extracted
    before by the same extractor are read from it (see :mod:`papergraph.cache`).
    ``engine="dask"`` extracts on a Dask cluster (see :mod:`papergraph.engines`).
    ``total`` is accepted for older callers; progress counts ``papers``.
    """
    return _extract(
        list(papers), jobs=jobs, use_model=use_model, progress=progress or _noop, ensemble=ensemble,
        cache=cache, engine=engine, scheduler=scheduler, partition_size=partition_size,
    )[0]


def _extract(
    papers: Sequence[Paper],
    *,
    jobs: int,
    use_model: bool,
    progress: ProgressFn,
    ensemble: bool,
    cache: str | os.PathLike[str] | None,
    engine: Engine,
    scheduler: str | None,
    partition_size: int,
) -> tuple[list[Extraction], CacheStats]:
    """:func:`extract`, and what it took from the cache. Progress: "cached" (hits), then "extract" (the rest)."""
    from papergraph import engines
    from papergraph.cache import ExtractionCache, decode, encode, fingerprint, text_key

    engines.check_engine(engine, scheduler=scheduler, partition_size=partition_size)
    run = functools.partial(
        engines.run, engine=engine, jobs=jobs, use_model=use_model, ensemble=ensemble,
        scheduler=scheduler, partition_size=partition_size,
    )
    if cache is None:
        progress("extract", 0, len(papers))
        out = []
        for ex in run(papers):
            out.append(ex)
            progress("extract", len(out), len(papers))
        return out, CacheStats(misses=len(papers))

    fp = fingerprint(use_model=use_model, ensemble=ensemble)
    with ExtractionCache(cache, fp) as store:
        keys = [text_key(fp, p) for p in papers]
        found: list[Extraction | None] = [None] * len(papers)
        hits = 0
        for start in range(0, len(papers), _LOOKUP_BATCH):  # rows are decoded a batch at a time
            rows = store.lookup(keys[start : start + _LOOKUP_BATCH])
            bad = []
            for i in range(start, min(start + _LOOKUP_BATCH, len(papers))):
                row = rows.get(keys[i])
                if row is not None:
                    try:
                        found[i] = decode(row, papers[i])
                        hits += 1
                    except (ValueError, TypeError):  # a damaged row: extract the paper again
                        bad.append(keys[i])
            store.discard(bad)
            progress("cached", hits, len(papers))
        todo = [i for i, ex in enumerate(found) if ex is None]
        progress("extract", 0, len(todo))  # before the pipeline loads: the lookup is over
        stats = store.stats
        stats.hits, stats.misses = hits, len(todo)
        pending: list[tuple[bytes, bytes]] = []
        for done, (i, ex) in enumerate(zip(todo, run([papers[i] for i in todo]), strict=True), 1):
            found[i] = ex
            pending.append((keys[i], encode(ex)))
            if len(pending) >= _CACHE_BATCH:  # committed as it goes: a failed build keeps what it made
                store.store(pending)
                pending = []
            progress("extract", done, len(todo))
        store.store(pending)
    return [ex for ex in found if ex is not None], stats


def build(
    inputs: Sequence[str | os.PathLike[str]],
    outdir: str | os.PathLike[str] = "outputs",
    *,
    format: str | None = None,
    jobs: int = 0,
    use_model: bool = True,
    base_iri: str | None = None,
    jsonld: bool = False,
    validate: bool = True,
    rdf_provenance: str = "auto",
    max_html_entities: int | None = None,
    progress: ProgressFn | None = None,
    ensemble: bool = True,
    include_generic: bool = False,
    include_unattested: bool = False,
    cache: bool | str | os.PathLike[str] = True,
    engine: Engine = "local",
    scheduler: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    compress: bool = False,
) -> BuildReport:
    """Build every output for ``inputs`` into ``outdir`` and return the report.

    The outputs are one transaction (see :mod:`papergraph.outputs`): ``outdir``
    is locked and checked writable before any input is read, every file is
    written into a staging folder inside it, and the set replaces the previous
    one only when complete. An interrupted or failed build leaves the previous
    outputs as they were; a second build into the same folder fails at once
    (:class:`~papergraph.errors.BuildLockedError`), and a folder that cannot be
    written raises :class:`~papergraph.errors.OutputError` naming the file.

    report.json, the last file of the set, lists every other file with its size
    and sha256. graph.nx is the linked graph saved for :func:`papergraph.load`;
    ``outdir/.store`` is the SPARQL store of graph.nt, written by this build. All outputs are byte-identical for the same input, except the
    ``timings`` object inside report.json.

    ``jobs`` processes extract the papers not in the cache: 0, the default, runs
    one per usable core, up to eight, and no more than one per 500 papers to
    extract (:func:`papergraph.engines.auto_jobs`); the outputs are the same
    for any number.

    ``rdf_provenance`` ("auto", "full" or "claims") sets how much edge
    provenance graph.ttl carries; Results always carry their sentence and
    offsets, and extractions.jsonl always has everything.

    Generic mentions ("neural network", "accuracy" as a bare word) are kept in
    extractions.jsonl, flagged, and make graph nodes only with ``include_generic``;
    so do methods without evidence (a plain-word name of one paper, in no
    dictionary, not proposed) with ``include_unattested``.

    Extractions are cached in ``cache`` (a folder; ``True``, the default, is
    ``outdir/.cache``; ``False`` extracts every paper): a build extracts only
    papers whose title and abstract it has not extracted before with the same
    extractor, and writes the same bytes as a build without the cache. The
    cache is not an output; report.json counts its hits and misses.
    ``engine="dask"`` extracts on a Dask cluster: a LocalCluster of ``jobs``
    workers, or the one whose ``scheduler`` address is given, ``partition_size``
    papers per task (see :mod:`papergraph.engines`).

    ``compress`` writes the large text outputs (:data:`COMPRESSIBLE_FILES`)
    gzip-compressed as NAME.gz instead, deterministically; report.json lists
    the names written, and its ``outputs`` maps each output to its file
    (``"graph.nt": "graph.nt.gz"``). Every reader of a build takes either form.
    """
    from papergraph import engines
    from papergraph.rdf.namespace import DEFAULT_BASE
    from papergraph.rdf.store import staged_store

    engines.check_engine(engine, scheduler=scheduler, partition_size=partition_size)
    engines.check_jobs(jobs)
    cache_dir = None if cache is False or cache is None else Path(outdir) / CACHE_DIR if cache is True else Path(cache)
    with transaction(outdir, outputs=ALL_OUTPUT_FILES) as txn, contextlib.ExitStack() as stack:
        pause_for_tests("locked")
        beside: list[StagedStore] = []

        def store_beside(nt: Path, triples: int) -> None:
            """A large graph's store loads in a thread while the build writes its other outputs."""
            if triples >= STORE_BESIDE_FROM:
                beside.append(stack.enter_context(staged_store(
                    txn.out, nt, base=base_iri or DEFAULT_BASE, progress=progress, background=True)))

        report, written = _build_into(
            inputs,
            txn.staging,
            format=format,
            jobs=jobs,
            use_model=use_model,
            base_iri=base_iri,
            jsonld=jsonld,
            validate=validate,
            rdf_provenance=rdf_provenance,
            max_html_entities=max_html_entities,
            progress=progress or _noop,
            ensemble=ensemble,
            include_generic=include_generic,
            include_unattested=include_unattested,
            cache=cache_dir,
            previous=None if cache_dir is None else txn.out,
            engine=engine,
            scheduler=scheduler,
            partition_size=partition_size,
            compress=compress,
            on_nt=store_beside,
        )
        names = sorted(written)
        report.outputs = {logical_name(name): name for name in (*names, "report.json")}
        _store_and_commit(txn, names, report, base=base_iri, progress=progress or _noop,
                          staged=beside[0] if beside else None)
    return report


def _store_and_commit(
    txn: OutputTransaction, names: list[str], report: BuildReport, *, base: str | None, progress: ProgressFn,
    staged: StagedStore | None = None,
) -> None:
    """The store stage: load the staged graph.nt into the SPARQL store, commit, put the store in place.

    ``staged`` is a store already loading beside the build (large graphs): it
    is waited for, and ``timings.store`` is the wait.

    The store is built before the commit point and swapped in right after it,
    under the build lock; its key (graph.nt's size, mtime and sha256) keeps a
    reader from using it with any other graph.nt, whatever step an
    interruption stops at (see :mod:`papergraph.rdf.store`). Test hook step
    "store" (:data:`papergraph.outputs.PAUSE_ENV`): committed, the new store
    complete beside the old one, not yet swapped in.
    """
    from papergraph.rdf.namespace import DEFAULT_BASE
    from papergraph.rdf.store import staged_store

    t0 = time.perf_counter()
    nt = txn.staging / report.outputs["graph.nt"]
    with contextlib.nullcontext(staged) if staged else staged_store(
        txn.out, nt, base=base or DEFAULT_BASE, progress=progress
    ) as store:
        store.wait()
        report.timings["store"] = round(time.perf_counter() - t0, 3)
        data = report.to_dict()
        data["files"] = [file_record(txn.staging / name) for name in names]
        atomic_write_json(txn.staging / "report.json", data)
        txn.commit([*names, "report.json"])
        pause_for_tests("store")
        store.install()


def _build_into(
    inputs: Sequence[str | os.PathLike[str]],
    out: Path,
    *,
    format: str | None,
    jobs: int,
    use_model: bool,
    base_iri: str | None,
    jsonld: bool,
    validate: bool,
    rdf_provenance: str,
    max_html_entities: int | None,
    progress: ProgressFn,
    ensemble: bool,
    include_generic: bool,
    include_unattested: bool,
    cache: Path | None,
    previous: Path | None,
    engine: Engine,
    scheduler: str | None,
    partition_size: int,
    compress: bool,
    on_nt: Callable[[Path, int], None] | None = None,
) -> tuple[BuildReport, list[str]]:
    """Run the pipeline, writing every output but report.json into ``out``; the report and the names.

    ``previous`` is the output folder: when its build was made from the same
    papers, extractions, options and code, its files are taken (:mod:`papergraph.reuse`).
    """
    from papergraph.graph import build_graph
    from papergraph.graph.saved import SAVED_GRAPH, save_graph
    from papergraph.rdf import DEFAULT_BASE, write_rdf
    from papergraph.reuse import REUSED_FIELDS, inputs_key, previous_outputs, take
    from papergraph.viz import write_html

    report = BuildReport()
    t = time.perf_counter

    t0 = t()
    progress("read", 0, None)
    rr = read(inputs, format=format)
    report.records_read = rr.records_read
    report.duplicates_merged = rr.duplicates_merged
    report.papers_skipped = [p.to_dict() for p in rr.skipped]
    report.notes = [n.to_dict() for n in rr.notes]
    report.conflicts = [c.to_dict() for c in rr.conflicts]
    report.timings["read"] = round(t() - t0, 3)
    progress("read", len(rr.papers), len(rr.papers))

    t0 = t()
    extractions, cached = _extract(
        rr.papers, jobs=jobs, use_model=use_model, progress=progress, ensemble=ensemble,
        cache=cache, engine=engine, scheduler=scheduler, partition_size=partition_size,
    )
    report.cache_hits, report.cache_misses = cached.hits, cached.misses
    report.cache_discarded, report.cache_notes = cached.discarded, cached.notes
    report.timings["extract"] = round(t() - t0, 3)

    t0 = t()
    papers_name = stored_name("papers.jsonl", compress=compress)
    extractions_name = stored_name("extractions.jsonl", compress=compress)
    tick = Throttle(progress, "jsonl", len(rr.papers) + len(extractions))
    atomic_write_jsonl(out / papers_name, _reporting((p.to_dict() for p in rr.papers), tick, 0))
    atomic_write_jsonl(out / extractions_name,
                       _reporting((e.to_dict() for e in extractions), tick, len(rr.papers)))
    tick.end(len(rr.papers) + len(extractions))
    report.papers_written = len(rr.papers)
    mentions: Counter[str] = Counter()
    claim_kinds: Counter[str] = Counter()
    for ex in extractions:
        mentions.update(m.label for m in ex.entities)
        report.generic_mentions += sum(1 for m in ex.entities if m.generic)
        report.results += len(ex.results)
        claim_kinds.update(r.kind for r in ex.results)
    report.mentions_by_type = dict(sorted(mentions.items()))
    report.claims_by_kind = dict(sorted(claim_kinds.items()))
    report.timings["write_jsonl"] = round(t() - t0, 3)

    t0 = t()
    options = {
        "base_iri": base_iri or DEFAULT_BASE, "jsonld": jsonld, "validate": validate,
        "rdf_provenance": rdf_provenance, "max_html_entities": max_html_entities,
        "include_generic": include_generic, "include_unattested": include_unattested, "compress": compress,
    }
    report.inputs_key = inputs_key(out, options)
    report.include_generic = include_generic
    report.include_unattested = include_unattested
    prev = None if previous is None else previous_outputs(previous, report.inputs_key)
    if previous is not None and prev is not None:
        for name in REUSED_FIELDS:
            setattr(report, name, prev[name])
        names = take(previous, out, prev, skip=(papers_name, extractions_name))
        report.cache_reused = True
        report.timings["reuse"] = round(t() - t0, 3)
        for stage in ("graph", "rdf", "save", "html"):
            progress(stage, 1, 1)
        return report, [papers_name, extractions_name, *names]
    report.timings["inputs_key"] = round(t() - t0, 3)

    t0 = t()
    G = build_graph(rr.papers, extractions, include_generic=include_generic, include_unattested=include_unattested,
                    progress=progress)
    del rr, extractions  # the graph holds what the later stages need: let the records go
    report.unattested_methods = int(G.graph.get("unattested_methods", 0))
    report.nodes = G.number_of_nodes()
    report.edges = G.number_of_edges()
    kinds: Counter[str] = Counter(d["kind"] for _, d in G.nodes(data=True))
    report.entities_by_type = {k: kinds[k] for k in ("Method", "Dataset", "Task", "Metric")}
    report.leaderboard_rows = sum(1 for _, d in G.nodes(data=True) if d.get("board") == "ranked")
    report.timings["graph"] = round(t() - t0, 3)

    t0 = t()
    rdf_report = write_rdf(
        G,
        out,
        base=base_iri or DEFAULT_BASE,
        jsonld=jsonld,
        validate=validate,
        provenance=rdf_provenance,
        compress=compress,
        progress=progress,
        on_nt=on_nt,
    )
    report.triples = rdf_report.triples
    report.shacl_conforms = rdf_report.conforms
    report.shacl_scope = rdf_report.validated
    report.rdf_provenance = rdf_report.provenance
    shacl = rdf_report.timings.get("validate", 0.0)
    report.timings["rdf"] = round(t() - t0 - shacl, 3)
    if validate:
        report.timings["shacl"] = shacl

    t0 = t()
    progress("save", 0, report.nodes)
    save_graph(G, out / SAVED_GRAPH, include_generic=include_generic, include_unattested=include_unattested)
    report.timings["save_graph"] = round(t() - t0, 3)
    progress("save", report.nodes, report.nodes)

    t0 = t()
    write_html(G, out / "graph.html", max_entities=max_html_entities, progress=progress)
    report.timings["html"] = round(t() - t0, 3)

    return report, [papers_name, extractions_name, *rdf_report.files, SAVED_GRAPH, "graph.html"]
