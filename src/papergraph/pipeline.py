"""The end-to-end pipeline: ingest -> extract -> link/graph -> RDF -> HTML.

``build`` is the library function behind ``papergraph build``; it never prints.
Progress goes to an optional callback so the CLI can draw a progress bar.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from papergraph._io import atomic_write_json, atomic_write_jsonl
from papergraph.types import BuildReport, Extraction, Paper

#: ``progress(stage, done, total)``; total is None when unknown.
ProgressFn = Callable[[str, int, int | None], None]

OUTPUT_FILES = (
    "papers.jsonl",
    "extractions.jsonl",
    "graph.ttl",
    "graph.nt",
    "graph.html",
    "report.json",
)


def _noop(stage: str, done: int, total: int | None) -> None:
    return None


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
    jobs: int = 1,
    use_model: bool = True,
    progress: ProgressFn | None = None,
    total: int | None = None,
    ensemble: bool = True,
) -> list[Extraction]:
    """Run the NLP pass over ``papers``; one Extraction per paper, in order.

    ``ensemble=False`` runs the NER's first model alone, without its members.
    """
    from papergraph.extract import load_extractor

    progress = progress or _noop
    extractor = load_extractor(use_model=use_model, ensemble=ensemble)
    out: list[Extraction] = []
    for ex in extractor.extract(papers, n_process=jobs):
        out.append(ex)
        progress("extract", len(out), total)
    return out


def build(
    inputs: Sequence[str | os.PathLike[str]],
    outdir: str | os.PathLike[str] = "outputs",
    *,
    format: str | None = None,
    jobs: int = 1,
    use_model: bool = True,
    base_iri: str | None = None,
    jsonld: bool = False,
    validate: bool = True,
    rdf_provenance: str = "auto",
    max_html_entities: int | None = None,
    progress: ProgressFn | None = None,
    ensemble: bool = True,
    include_generic: bool = False,
) -> BuildReport:
    """Build every output for ``inputs`` into ``outdir`` and return the report.

    Files are written atomically. All outputs are byte-identical for the same
    input, except the ``timings`` object inside report.json.

    ``rdf_provenance`` ("auto", "full" or "claims") sets how much edge
    provenance graph.ttl carries; Results always carry their sentence and
    offsets, and extractions.jsonl always has everything.

    Generic mentions ("neural network", "accuracy" as a bare word) are kept in
    extractions.jsonl, flagged, and make graph nodes only with ``include_generic``.
    """
    from papergraph.graph import build_graph
    from papergraph.rdf import DEFAULT_BASE, write_rdf
    from papergraph.viz import write_html

    progress = progress or _noop
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    t = time.perf_counter

    t0 = t()
    rr = read(inputs, format=format)
    report.records_read = rr.records_read
    report.duplicates_merged = rr.duplicates_merged
    report.papers_skipped = [p.to_dict() for p in rr.skipped]
    report.conflicts = [c.to_dict() for c in rr.conflicts]
    report.timings["read"] = round(t() - t0, 3)
    progress("read", len(rr.papers), len(rr.papers))

    t0 = t()
    extractions = extract(
        rr.papers, jobs=jobs, use_model=use_model, progress=progress, total=len(rr.papers), ensemble=ensemble
    )
    report.timings["extract"] = round(t() - t0, 3)

    t0 = t()
    atomic_write_jsonl(out / "papers.jsonl", (p.to_dict() for p in rr.papers))
    atomic_write_jsonl(out / "extractions.jsonl", (e.to_dict() for e in extractions))
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
    G = build_graph(rr.papers, extractions, include_generic=include_generic)
    report.include_generic = include_generic
    report.nodes = G.number_of_nodes()
    report.edges = G.number_of_edges()
    kinds: Counter[str] = Counter(d["kind"] for _, d in G.nodes(data=True))
    report.entities_by_type = {k: kinds[k] for k in ("Method", "Dataset", "Task", "Metric")}
    report.leaderboard_rows = sum(1 for _, d in G.nodes(data=True) if d.get("board") == "ranked")
    report.timings["graph"] = round(t() - t0, 3)
    progress("graph", 1, 1)

    t0 = t()
    rdf_report = write_rdf(
        G,
        out,
        base=base_iri or DEFAULT_BASE,
        jsonld=jsonld,
        validate=validate,
        provenance=rdf_provenance,
    )
    report.triples = rdf_report.triples
    report.shacl_conforms = rdf_report.conforms
    report.shacl_scope = rdf_report.validated
    report.rdf_provenance = rdf_report.provenance
    report.timings["rdf"] = round(t() - t0, 3)
    progress("rdf", 1, 1)

    t0 = t()
    write_html(G, out / "graph.html", max_entities=max_html_entities)
    report.timings["html"] = round(t() - t0, 3)
    progress("html", 1, 1)

    report.outputs = {name: name for name in OUTPUT_FILES}
    if jsonld:
        report.outputs["graph.jsonld"] = "graph.jsonld"
    atomic_write_json(out / "report.json", report.to_dict())
    return report
