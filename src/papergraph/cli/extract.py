"""`papergraph extract` and `papergraph eval`: thin commands over papergraph.extract."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from papergraph.cli._app import app, console, handle_errors, out, progress_reporter, usage


@app.command()
@handle_errors
def extract(
    inputs: list[Path] = typer.Argument(..., help="Input files or directories of papers.", show_default=False),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write one JSON object per paper (JSONL)."),
    format: str | None = typer.Option(None, "--format", "-f", help="Input format; detected from content when omitted."),
    jobs: int = typer.Option(
        0, "--jobs", "-j", min=0, help="Worker processes; 0: one per core (up to 8), and one per 500 papers.",
        show_default="0"
    ),
    no_model: bool = typer.Option(False, "--no-model", help="Rules and gazetteer only; skip the trained NER."),
    single_model: bool = typer.Option(
        False, "--single-model", help="Run the NER's first model alone, not the vote of its models (faster)."
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No progress (bars on a terminal, lines otherwise) and no summary."
    ),
) -> None:
    """Extract entities, results and code links; write FILE.jsonl (schemas/extraction.schema.json)."""
    from papergraph._io import atomic_write_jsonl
    from papergraph.engines import local_processes
    from papergraph.extract import load_extractor
    from papergraph.pipeline import read

    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise usage(f"no such file or directory: {', '.join(missing)}")
    rr = read(inputs, format=format)
    for problem in rr.skipped:
        console.print(f"[yellow]skipped[/] {problem}")
    processes = local_processes(jobs, len(rr.papers))  # --jobs is at least 0 (typer checks it)
    extractor = load_extractor(use_model=not no_model, ensemble=not single_model)
    found = {"entities": 0, "results": 0}
    with progress_reporter(quiet=quiet) as progress:
        progress("extract", 0, len(rr.papers))

        def rows() -> Iterator[dict[str, Any]]:
            # Streamed to the file as they come: a corpus's rows are never all in memory.
            for done, ex in enumerate(extractor.extract(rr.papers, n_process=processes), 1):
                found["entities"] += len(ex.entities)
                found["results"] += len(ex.results)
                progress("extract", done, len(rr.papers))
                yield ex.to_dict()

        n = atomic_write_jsonl(output, rows())
    if not quiet:
        console.print(f"wrote {n} papers ({found['entities']} entity mentions, {found['results']} results) to {output}")


@app.command("eval")
@handle_errors
def eval_(
    data: Path = typer.Option(Path("../shared/data/train"), "--data", "-d", help="Directory with scierc_dev.jsonl, tdmsci_train.jsonl and scirex_dev_abstracts.jsonl."),
    no_model: bool = typer.Option(False, "--no-model", help="Score the rule layer alone (same as --layer rules)."),
    layer: str = typer.Option("all", "--layer", help="What to score: all (the extractor, with each layer beside it), rules, or model (the trained NER alone)."),
    seeds: Path = typer.Option(None, "--seeds", help="The seeds directory the seeds dev set was annotated on (default: beside --data)."),
    claims: Path = typer.Option(Path("eval/claims_dev.jsonl"), "--claims", help="The claims dev set (in a papergraph checkout)."),
    corpus: Path = typer.Option(Path("../shared/data/corpus/arxiv-abstracts.jsonl.gz"), "--corpus", help="The corpus the claims dev set's abstracts come from."),
    only: str = typer.Option("all", "--only", help="entities, claims or all."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress (bars on a terminal, lines otherwise)."),
) -> None:
    """Score extraction: entities (exact span + type P/R/F1) on SciERC dev, the TDMSci held-out slice, SciREX dev
    and our seeds dev set, the whole extractor first with each layer beside it; and claims (kind, flag,
    bindings, leaderboard rows) on the claims dev set."""
    from papergraph.evaluate.claims import evaluate_claims
    from papergraph.evaluate.entities import LAYERS, evaluate

    if only not in ("all", "entities", "claims"):
        raise usage(f"--only must be entities, claims or all, not {only!r}")
    which = "rules" if no_model else layer
    if which not in LAYERS:
        raise usage(f"unknown layer {which!r}; --layer is all, rules or model")
    seeds_dir = seeds if seeds is not None else data.parent / "seeds"
    sets = ["scierc_dev", "tdmsci_heldout", "scirex_dev"]
    if seeds_dir.exists():
        sets.append("seeds_dev")
    elif not as_json:
        console.print(f"[dim]seeds dev set skipped: no seeds directory at {seeds_dir} (pass --seeds)[/]")
    with progress_reporter(quiet=quiet) as progress:
        scores = evaluate(data, layer=which, sets=sets, seeds=seeds_dir,  # type: ignore[arg-type]
                          progress=progress) if only in ("all", "entities") else []
        # The whole extractor is the headline; each layer alone is printed beside it.
        beside = {}
        if scores and which == "all":
            beside = {lay: evaluate(data, layer=lay, sets=sets, seeds=seeds_dir,  # type: ignore[arg-type]
                                    progress=progress) for lay in ("rules", "model")}
        claim_scores = []
        if only in ("all", "claims") and which != "model":
            claim_scores = evaluate_claims(claims, corpus, use_model=which == "all", progress=progress)
    if as_json:
        layers = {lay: {s.name: s.micro.to_dict() for s in got} for lay, got in (("all", scores), *beside.items())}
        out.print(json.dumps({"entities": [s.to_dict() for s in scores],
                              "layers": layers if beside else {},
                              "claims": [c.to_dict() for c in claim_scores]}, indent=2))
        return
    title = {"all": "whole extractor", "rules": "rule layer alone", "model": "trained NER alone"}[which]
    for s in scores:
        table = Table(title=f"{s.name} ({s.documents} documents), {title}", title_justify="left")
        for col in ("type", "P", "R", "F1", "gold", "predicted"):
            table.add_column(col, justify="left" if col == "type" else "right")
        for name, sc in [*sorted(s.by_type.items()), ("micro", s.micro)]:
            table.add_row(name, f"{sc.precision:.3f}", f"{sc.recall:.3f}", f"{sc.f1:.3f}", str(sc.tp + sc.fn), str(sc.tp + sc.fp))
        out.print(table)
    if beside:
        table = Table(title="micro F1: the whole extractor and each layer alone", title_justify="left")
        for col in ("dev set", "whole extractor", "rule layer", "trained NER", "best single layer"):
            table.add_column(col, justify="left" if col == "dev set" else "right")
        for i, s in enumerate(scores):
            rules, model = beside["rules"][i].micro.f1, beside["model"][i].micro.f1
            best = "rules" if rules >= model else "NER"
            table.add_row(s.name, f"{s.micro.f1:.3f}", f"{rules:.3f}", f"{model:.3f}", best)
        out.print(table)
    for c in claim_scores:
        table = Table(title=f"claims {c.name} ({c.papers} abstracts, {c.numbers} numbers)", title_justify="left")
        for col in ("measure", "P", "R", "F1", "gold", "predicted"):
            table.add_column(col, justify="left" if col == "measure" else "right")
        rows = [*(f"kind {k}" for k in c.kind), "result value+kind", "flag", *(f"binding {b}" for b in c.binding), "leaderboard rows"]
        prfs = [*c.kind.values(), c.result, c.flag, *c.binding.values(), c.board]
        for name, sc in zip(rows, prfs, strict=True):
            table.add_row(name, f"{sc.precision:.3f}", f"{sc.recall:.3f}", f"{sc.f1:.3f}", str(sc.tp + sc.fn), str(sc.tp + sc.fp))
        out.print(table)
