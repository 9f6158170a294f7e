"""``papergraph leaderboard OUTDIR DATASET``: the claimed results on a dataset,
one ranked table per metric."""

from __future__ import annotations

import csv
import re
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.text import Text

from papergraph._io import json_array_text
from papergraph.cli._app import app, console, handle_errors, out, usage
from papergraph.cli._tables import Column, WideOpt, fitted_table, print_table

if TYPE_CHECKING:
    from papergraph.graph.leaderboard import Leaderboard
    from papergraph.graph.records import LeaderboardRow

_NUMERIC = re.compile(r"[+\-\u2212]?[\d.,]+")
ARROWS = {"higher": "\u2191 higher is better", "lower": "\u2193 lower is better"}
CONFLICT_MARK = " \u2020"  # a dagger after the value


def _value(value_text: str, unit: str | None) -> str:
    """The value as the paper wrote it, with its unit when the text lacks it."""
    # "1.1 points" already says its unit, however the extractor normalised it.
    if not unit or not _NUMERIC.fullmatch(value_text.strip()):
        return value_text
    return f"{value_text}{unit}" if unit == "%" else f"{value_text} {unit}"


def _print_table(t: Leaderboard, *, show_all: bool, wide: bool) -> None:
    if not t.rows and not show_all:
        return
    if t.rows:
        arrow = ARROWS.get(t.direction or "", "direction unknown: in paper order, not ranked")
        columns = [Column("#", "right", numeric=True), Column("Method"), Column("Value", "right", numeric=True),
                   Column("Dataset"), Column("Paper")]
        ranks = t.ranks or ("",) * len(t.rows)
        rows = [(str(rank), r.method or "\u2014", _value(r.value_text, r.unit) + (CONFLICT_MARK if r.conflict else ""),
                 r.dataset, r.paper_title or r.paper) for rank, r in zip(ranks, t.rows, strict=True)]
        title = Text.assemble(t.title, ("  " + arrow, "dim"))
        print_table(out, fitted_table(columns, rows, wide=wide, title=title))
        if any(r.conflict for r in t.rows):
            console.print(f"{CONFLICT_MARK.strip()} conflicting claims: the same method, dataset and metric with "
                          "different values (both kept)", markup=False, highlight=False, style="dim")
    if show_all and t.unranked:
        columns = [Column("Method"), Column("Value", "right", numeric=True), Column("Why not ranked"), Column("Paper")]
        unranked = [(u.row.method or "\u2014", _value(u.row.value_text, u.row.unit), u.reason,
                     u.row.paper_title or u.row.paper) for u in t.unranked]
        print_table(out, fitted_table(columns, unranked, wide=wide, title=f"{t.title}: unranked / needs review",
                                      title_style="dim"))


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
    wide: bool = WideOpt,
) -> None:
    """Claimed results on a dataset: one table per metric and unit, best first."""
    from papergraph.graph.api import load
    from papergraph.graph.leaderboard import RECORD_FIELDS, flat_records

    if fmt not in ("table", "json", "csv"):
        raise usage(f"--format is table, json or csv, not {fmt!r}")
    kg = load(outdir)
    if gains:
        _print_gains(kg.gains(dataset, metric, include_variants=not exact, min_confidence=min_confidence),
                     dataset, fmt, wide=wide)
        return
    tables = kg.leaderboards(dataset, metric, include_variants=not exact, min_confidence=min_confidence)
    if fmt == "json":
        # Machine readers get every claim, each unranked one with its reason.
        out.file.write(json_array_text(t.to_dict() for t in tables) + "\n")
        return
    if fmt == "csv":
        writer = csv.DictWriter(out.file, fieldnames=RECORD_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat_records(tables, include_unranked=show_all))
        return
    for t in tables:
        _print_table(t, show_all=show_all, wide=wide)
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


def _print_gains(rows: list[LeaderboardRow], dataset: str, fmt: str, *, wide: bool) -> None:
    if fmt == "json":
        out.file.write(json_array_text(asdict(r) for r in rows) + "\n")
        return
    if fmt == "csv":
        writer = csv.DictWriter(out.file, fieldnames=GAIN_FIELDS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(asdict(r) for r in rows)
        return
    if rows:
        columns = [Column(name) for name in ("Method", "Change", "Metric", "Over", "Dataset", "Paper")]
        cells = [(r.method or "\u2014", _value(r.value_text, r.unit) + f" ({r.relation})", r.metric or "\u2014",
                  r.baseline or "\u2014", r.dataset, r.paper_title or r.paper) for r in rows]
        title = Text.assemble(f"claimed gains on {dataset}", ("  changes against a baseline, not ranked", "dim"))
        print_table(out, fitted_table(columns, cells, wide=wide, title=title))
    console.print(f"{len(rows)} claimed gain(s) on {dataset}", markup=False, highlight=False)
