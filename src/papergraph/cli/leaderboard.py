"""``papergraph leaderboard OUTDIR DATASET``: the claimed results on a dataset,
one ranked table per metric."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from papergraph.cli._app import app, console, handle_errors, out
from papergraph.errors import QueryError

if TYPE_CHECKING:
    from papergraph.graph.leaderboard import Leaderboard

_NUMERIC = re.compile(r"[+\-\u2212]?[\d.,]+")
ARROWS = {"higher": "\u2191 higher is better", "lower": "\u2193 lower is better"}
TITLE_CHARS = 48


def _shorten(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _value(value_text: str, unit: str | None) -> str:
    """The value as the paper wrote it, with its unit when the text lacks it."""
    # "1.1 points" already says its unit, however the extractor normalised it.
    if not unit or not _NUMERIC.fullmatch(value_text.strip()):
        return value_text
    return f"{value_text}{unit}" if unit == "%" else f"{value_text} {unit}"


def _print_table(t: Leaderboard, *, show_all: bool) -> None:
    if not t.rows and not show_all:
        return
    if t.rows:
        arrow = ARROWS.get(t.direction or "", "direction unknown: in paper order, not ranked")
        table = Table(title=f"{escape(t.title)}  [dim]{arrow}[/]", title_justify="left", header_style="bold")
        for name, kw in (("#", {"justify": "right"}), ("Method", {}), ("Value", {"justify": "right"}),
                         ("Dataset", {}), ("Paper", {"overflow": "fold"})):
            table.add_column(name, **kw)  # type: ignore[arg-type]
        ranks = t.ranks or ("",) * len(t.rows)
        for rank, r in zip(ranks, t.rows, strict=True):
            cells = (str(rank), r.method or "\u2014", _value(r.value_text, r.unit), r.dataset,
                     _shorten(r.paper_title or r.paper, TITLE_CHARS))
            table.add_row(*map(escape, cells))
        out.print(table)
    if show_all and t.unranked:
        extra = Table(title=f"{escape(t.title)}: unranked / needs review", title_justify="left",
                      header_style="bold", title_style="dim")
        for name in ("Method", "Value", "Why not ranked", "Paper"):
            extra.add_column(name, overflow="fold")
        for u in t.unranked:
            r = u.row
            extra_cells = (r.method or "\u2014", _value(r.value_text, r.unit), u.reason,
                     _shorten(r.paper_title or r.paper, TITLE_CHARS))
            extra.add_row(*map(escape, extra_cells))
        out.print(extra)


@app.command("leaderboard")
@handle_errors
def leaderboard_cmd(
    outdir: Path = typer.Argument(..., help="A build's output directory."),
    dataset: str = typer.Argument(..., help="A dataset name, alias or id, e.g. ImageNet."),
    metric: str = typer.Option(None, "--metric", "-m", help="Keep one metric (and those containing its name)."),
    fmt: str = typer.Option("table", "--format", help="table, json or csv."),
    show_all: bool = typer.Option(
        False, "--all", help="Also list the claims not ranked (relative, needing review, without a metric) with the "
        "reason. JSON always holds them."
    ),
    exact: bool = typer.Option(False, "--exact", help="Only this dataset, not its variants and splits."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", help="Drop claims below this extraction confidence."),
) -> None:
    """Claimed results on a dataset: one table per metric and unit, best first."""
    from papergraph.graph.api import load
    from papergraph.graph.leaderboard import RECORD_FIELDS, flat_records

    if fmt not in ("table", "json", "csv"):
        raise QueryError(f"--format is table, json or csv, not {fmt!r}")
    kg = load(outdir)
    tables = kg.leaderboards(dataset, metric, include_variants=not exact, min_confidence=min_confidence)
    if fmt == "json":
        # Machine readers get every claim, each unranked one with its reason.
        out.file.write(json.dumps([t.to_dict() for t in tables], ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "csv":
        writer = csv.DictWriter(out.file, fieldnames=RECORD_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat_records(tables, include_unranked=show_all))
        return
    for t in tables:
        _print_table(t, show_all=show_all)
    ranked = sum(len(t.rows) for t in tables)
    hidden = sum(len(t.unranked) for t in tables)
    note = f"{ranked} claim(s) in {sum(1 for t in tables if t.rows)} table(s) on {dataset}"
    if hidden and not show_all:
        note += f"; {hidden} more not ranked (relative, needing review or without a metric): --all lists them"
    console.print(note, markup=False, highlight=False)
