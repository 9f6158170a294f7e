"""``papergraph leaderboard OUTDIR DATASET``: the claimed results on a dataset,
one ranked table per metric."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from papergraph.cli._app import app, console, handle_errors, out
from papergraph.errors import QueryError

if TYPE_CHECKING:
    from papergraph.graph.leaderboard import Leaderboard
    from papergraph.graph.records import LeaderboardRow

_NUMERIC = re.compile(r"[+\-\u2212]?[\d.,]+")
ARROWS = {"higher": "\u2191 higher is better", "lower": "\u2193 lower is better"}
TITLE_CHARS = 48
CONFLICT_MARK = " \u2020"  # a dagger after the value


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
            value = _value(r.value_text, r.unit) + (CONFLICT_MARK if r.conflict else "")
            cells = (str(rank), r.method or "\u2014", value, r.dataset,
                     _shorten(r.paper_title or r.paper, TITLE_CHARS))
            table.add_row(*map(escape, cells))
        out.print(table)
        if any(r.conflict for r in t.rows):
            console.print(f"{CONFLICT_MARK.strip()} conflicting claims: the same method, dataset and metric with "
                          "different values (both kept)", markup=False, highlight=False, style="dim")
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
        False, "--all", help="Also list the claims not ranked (baselines' scores, negated or hypothetical, needing "
        "review, without a metric or method) with the reason. JSON always holds them."
    ),
    gains: bool = typer.Option(
        False, "--gains", help="Print the claimed gains on the dataset (improvements, reductions, speedups, with the "
        "baseline they are measured against) instead of the scores."
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
    if gains:
        _print_gains(kg.gains(dataset, metric, include_variants=not exact, min_confidence=min_confidence),
                     dataset, fmt)
        return
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
        note += f"; {hidden} more not ranked (baselines' scores, needing review, without a metric or method): " \
                "--all lists them"
    n_gains = len(kg.gains(dataset, metric, include_variants=not exact, min_confidence=min_confidence))
    if n_gains:
        note += f"; {n_gains} claimed gain(s): --gains lists them"
    console.print(note, markup=False, highlight=False)


#: The columns of ``--gains --format csv``, in order.
GAIN_FIELDS = ("method", "value", "value_text", "unit", "relation", "baseline", "metric", "dataset", "paper",
               "paper_title", "confidence", "sentence", "field", "start", "end", "result")


def _print_gains(rows: list[LeaderboardRow], dataset: str, fmt: str) -> None:
    if fmt == "json":
        out.file.write(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "csv":
        writer = csv.DictWriter(out.file, fieldnames=GAIN_FIELDS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(asdict(r) for r in rows)
        return
    if rows:
        table = Table(title=f"claimed gains on {escape(dataset)}  [dim]changes against a baseline, not ranked[/]",
                      title_justify="left", header_style="bold")
        for name in ("Method", "Change", "Metric", "Over", "Dataset", "Paper"):
            table.add_column(name, overflow="fold")
        for r in rows:
            cells = (r.method or "\u2014", _value(r.value_text, r.unit) + f" ({r.relation})", r.metric or "\u2014",
                     r.baseline or "\u2014", r.dataset, _shorten(r.paper_title or r.paper, TITLE_CHARS))
            table.add_row(*map(escape, cells))
        out.print(table)
    console.print(f"{len(rows)} claimed gain(s) on {dataset}", markup=False, highlight=False)
