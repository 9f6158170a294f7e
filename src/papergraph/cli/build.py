"""`papergraph build` and the top-level `--version` option."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from papergraph.__about__ import __version__
from papergraph.cli._app import app, console, handle_errors, out, progress_reporter, usage
from papergraph.engines import DEFAULT_PARTITION_SIZE
from papergraph.types import BuildReport


def _version(value: bool) -> None:
    if value:
        from papergraph.extract import is_compiled

        build = "extraction compiled with mypyc" if is_compiled() else "extraction in pure Python"
        out.print(f"papergraph {__version__} ({build})")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Turn ML paper abstracts into a traceable knowledge graph."""


def summary_table(report: BuildReport, outdir: Path) -> Table:
    table = Table(title=f"papergraph build -> {outdir}", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    table.add_row("records read", str(report.records_read))
    table.add_row("duplicates merged", str(report.duplicates_merged))
    table.add_row("papers written", str(report.papers_written))
    table.add_row("papers skipped", str(len(report.papers_skipped)))
    table.add_row("papers extracted", f"{report.cache_misses} new, {report.cache_hits} from the cache"
                  if report.cache_hits else str(report.cache_misses))
    if report.cache_reused:
        table.add_row("graph, RDF and HTML", "unchanged: taken from the previous build")
    if report.notes:
        table.add_row("papers changed while reading", str(len(report.notes)))
    if report.conflicts:
        table.add_row("duplicates that disagreed", str(len(report.conflicts)))
    for kind, n in report.entities_by_type.items():
        table.add_row(f"{kind.lower()} entities", str(n))
    kinds = report.claims_by_kind
    table.add_row("numbers (claims)", f"{report.results}: " + ", ".join(
        f"{kinds.get(k, 0)} {k}" for k in ("score", "change", "other-system", "not-a-result")))
    table.add_row("leaderboard rows", str(report.leaderboard_rows))
    if report.generic_mentions:
        where = "in the graph" if report.include_generic else "not in the graph (--include-generic)"
        table.add_row("generic mentions", f"{report.generic_mentions}, {where}")
    if report.unattested_methods:
        table.add_row("unattested methods", f"{report.unattested_methods}, not in the graph (--include-unattested)")
    table.add_row("graph nodes / edges", f"{report.nodes} / {report.edges}")
    table.add_row("RDF triples", f"{report.triples} (provenance: {report.rdf_provenance})")
    if report.shacl_conforms is not None:
        verdict = "conforms" if report.shacl_conforms else "VIOLATIONS"
        table.add_row("SHACL", f"{verdict} ({report.shacl_scope})")
    table.add_row("time", f"{sum(report.timings.values()):.1f} s")
    return table


def _where(d: dict) -> str:
    return str(d["file"]) + (f":{d['line']}" if d.get("line") else "")


def _listing(kind: str, items: list[tuple[str, str]], *, shown: int = 10) -> None:
    """The first ``shown`` items of a kind, as text (file names and values are never markup)."""
    for where, what in items[:shown]:
        console.print(f"[yellow]{kind}[/] ", end="")
        console.print(f"{where}: {what}", markup=False, highlight=False)
    if len(items) > shown:
        console.print(f"... and {len(items) - shown} more {kind}s (see report.json)", markup=False)


@app.command()
@handle_errors
def build(
    inputs: list[Path] = typer.Argument(
        ..., help="Input files or directories (Daily Papers pages, JSONL/JSON, arXiv Atom, "
        "Semantic Scholar, OpenAlex, BibTeX, Zotero CSV).", show_default=False
    ),
    outdir: Path = typer.Option(Path("outputs"), "--out", "-o", help="Output directory."),
    format: str | None = typer.Option(
        None, "--format", "-f", help="Input format; detected from content when omitted."
    ),
    jobs: int = typer.Option(
        0, "--jobs", "-j", min=0, help="Worker processes for extraction; 0: one per core (up to 8), "
        "and one per 500 papers to extract.", show_default="0"
    ),
    no_model: bool = typer.Option(
        False, "--no-model", help="Rules and gazetteer only; skip the trained NER (faster)."
    ),
    single_model: bool = typer.Option(
        False, "--single-model", help="Run the NER's first model alone, not the vote of its models (faster)."
    ),
    base_iri: str | None = typer.Option(None, "--base", help="Base IRI for entity IRIs."),
    jsonld: bool = typer.Option(False, "--jsonld", help="Also write graph.jsonld."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip SHACL validation."),
    rdf_provenance: str = typer.Option(
        "auto",
        "--rdf-provenance",
        help="Edge provenance in the RDF: full (every relation reified with its sentence), "
        "claims (Results, proposes and outperforms only) or auto (full up to 10,000 papers).",
    ),
    max_html_entities: int | None = typer.Option(
        None, "--max-html-entities", min=1, help="Cap on entity nodes drawn in graph.html."
    ),
    include_generic: bool = typer.Option(
        False, "--include-generic",
        help="Also make graph nodes of generic terms ('neural network', 'accuracy' as a bare word); they are "
        "always in extractions.jsonl, flagged generic.",
    ),
    include_unattested: bool = typer.Option(
        False, "--include-unattested",
        help="Also make graph nodes of methods without evidence: a plain-word name ('realistic learning') of one "
        "paper, in no dictionary and not what the paper proposes. Their mentions are always in extractions.jsonl.",
    ),
    cache: Path | None = typer.Option(
        None, "--cache", help="Folder of the extraction cache (default: OUT/.cache). Papers whose title and "
        "abstract were extracted before by the same papergraph, model and options are not extracted again.",
        show_default=False,
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every paper; neither read nor write a cache."),
    engine: str = typer.Option(
        "local", "--engine", help="Where extraction runs: local (this machine, --jobs processes) or dask "
        "(a Dask cluster; needs pip install 'papergraph\\[dask]')."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786) for --engine dask; "
        "without it a local cluster of --jobs workers is started.",
    ),
    partition_size: int = typer.Option(
        DEFAULT_PARTITION_SIZE, "--partition-size", min=1, help="Papers per Dask task (--engine dask)."
    ),
    compress: bool = typer.Option(
        False, "--compress", help="Write papers.jsonl, extractions.jsonl, graph.nt and graph.ttl (and graph.jsonld) "
        "gzip-compressed, as NAME.gz; every papergraph command reads either form.",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No progress (bars on a terminal, lines otherwise) and no summary."
    ),
) -> None:
    """Build papers.jsonl, extractions.jsonl, graph.ttl/.nt, graph.html and report.json."""
    from papergraph.pipeline import build as run_build

    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise usage(f"no such file or directory: {', '.join(missing)}")
    if no_cache and cache is not None:
        raise usage("--cache and --no-cache contradict each other; choose one")

    with progress_reporter(quiet=quiet) as progress:
        report = run_build(
            inputs,
            outdir,
            format=format,
            jobs=jobs,
            use_model=not no_model,
            ensemble=not single_model,
            base_iri=base_iri,
            jsonld=jsonld,
            validate=not no_validate,
            rdf_provenance=rdf_provenance,
            max_html_entities=max_html_entities,
            progress=progress,
            include_generic=include_generic,
            include_unattested=include_unattested,
            cache=False if no_cache else cache if cache is not None else True,
            engine=engine,  # type: ignore[arg-type]  # checked by the library, which names the choices
            scheduler=scheduler,
            partition_size=partition_size,
            compress=compress,
        )
    if not quiet:
        console.print(summary_table(report, outdir))
        for note in report.cache_notes:
            console.print("[yellow]cache[/] ", end="")
            console.print(note, markup=False, highlight=False)
        _listing("skipped", [(_where(d), d["reason"]) for d in report.papers_skipped])
        _listing("note", [(_where(d), d["reason"]) for d in report.notes])
        _listing("conflict", [(c["id"], f"{c['field']}: kept {c['kept']!r} ({c['kept_from']}), not "
                               f"{c['other']!r} ({c['other_from']})") for c in report.conflicts])
        console.print(f"Open {outdir / 'graph.html'} in a browser, or run: papergraph view {outdir}")
    if report.shacl_conforms is False:
        console.print("[bold red]error:[/] the graph does not conform to the SHACL shapes; "
                      f"run `papergraph validate {outdir}` for the report")
        raise typer.Exit(1)
