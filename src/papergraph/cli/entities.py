"""``papergraph entities OUTDIR``: the names of a build's methods, datasets, tasks and metrics."""

from __future__ import annotations

import csv
from pathlib import Path

import typer

from papergraph._io import json_array_text
from papergraph.cli._app import app, console, handle_errors, out, usage
from papergraph.cli._tables import Column, WideOpt, fitted_table, print_table

KINDS = ("method", "dataset", "task", "metric")
#: The aliases shown beside a name in the table.
ALIASES_SHOWN = 3


@app.command("entities")
@handle_errors
def entities_cmd(
    outdir: Path = typer.Argument(..., help="A build's output directory."),
    kind: str = typer.Option(None, "--kind", "-k", help="method, dataset, task or metric (default: all four)."),
    top: int = typer.Option(0, "--top", "-n", min=0, help="Only the N named by most papers (0: all)."),
    fmt: str = typer.Option("table", "--format", help="table, json or csv."),
    wide: bool = WideOpt,
) -> None:
    """List the entities of a build, most papers first: the names other commands take."""
    from papergraph.graph.api import load

    if kind is not None and kind.lower() not in KINDS:
        raise usage(f"--kind is {', '.join(KINDS)}, not {kind!r}")
    if fmt not in ("table", "json", "csv"):
        raise usage(f"--format is table, json or csv, not {fmt!r}")
    found = load(outdir).entities(kind.capitalize() if kind else None)
    shown = found[:top] if top else found
    aliases = [[a for a, _ in e.aliases if a != e.name] for e in shown]
    if fmt == "json":
        rows = [{"name": e.name, "kind": e.kind, "papers": e.n_papers, "mentions": e.n_mentions, "id": e.id,
                 "aliases": also} for e, also in zip(shown, aliases, strict=True)]
        out.file.write(json_array_text(rows) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(out.file, lineterminator="\n")
        writer.writerow(["name", "kind", "papers", "mentions", "id", "aliases"])
        writer.writerows([e.name, e.kind, e.n_papers, e.n_mentions, e.id, "|".join(also)]
                         for e, also in zip(shown, aliases, strict=True))
        return
    columns = [Column("Name"), Column("Kind"), Column("Papers", "right", numeric=True),
               Column("Mentions", "right", numeric=True), Column("Also written")]
    cells = [(e.name, e.kind, str(e.n_papers), str(e.n_mentions), ", ".join(also[:ALIASES_SHOWN]))
             for e, also in zip(shown, aliases, strict=True)]
    print_table(out, fitted_table(columns, cells, wide=wide))
    what = f"{kind.lower()} entities" if kind else "entities"
    more = f" (of {len(found)}; --top 0 lists all)" if len(shown) < len(found) else ""
    console.print(f"{len(shown)} {what}{more}", markup=False, highlight=False)
