"""Tables fit the terminal (COLUMNS; 80 when not a terminal), cutting names and sentences first; --wide does not cut."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from papergraph.cli._tables import (
    NUMBER_MIN,
    TEXT_MIN,
    TEXT_ROOMY,
    TEXT_TINY,
    Column,
    _floors,
    fit_widths,
    fitted_table,
)
from tests.cli.conftest import CliRun, run_cli

ELLIPSIS = "\u2026"
LEADERBOARD = ("query", "--name", "leaderboard", "--param", "dataset=ImageNet", "--format")


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_the_leaderboard_query_fits_80_columns(examples_build: tuple[Path, CliRun], tmp_path: Path) -> None:
    out, _ = examples_build
    fitted = run_cli(LEADERBOARD[0], out, *LEADERBOARD[1:], "table", tmp=tmp_path, env={"COLUMNS": "80"})
    assert fitted.code == 0, fitted.stderr
    assert _widest(fitted.stdout) <= 80
    assert ELLIPSIS in fitted.stdout
    assert fitted.stderr.strip().endswith("1 row(s)")


def test_wide_shows_every_cell_in_full(examples_build: tuple[Path, CliRun], tmp_path: Path) -> None:
    out, _ = examples_build
    wide = run_cli(LEADERBOARD[0], out, *LEADERBOARD[1:], "table", "--wide", tmp=tmp_path, env={"COLUMNS": "80"})
    as_csv = run_cli(LEADERBOARD[0], out, *LEADERBOARD[1:], "csv", tmp=tmp_path)
    assert wide.code == 0 and as_csv.code == 0
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows
    assert ELLIPSIS not in wide.stdout
    for row in rows:  # the longest cells, whole
        assert row["sentence"] in wide.stdout and row["title"] in wide.stdout
    assert _widest(wide.stdout) > 80


@pytest.mark.parametrize("columns", ["60", "100"])
def test_leaderboard_tables_fit(examples_build: tuple[Path, CliRun], tmp_path: Path, columns: str) -> None:
    out, _ = examples_build
    run = run_cli("leaderboard", out, "ImageNet", "--all", tmp=tmp_path, env={"COLUMNS": columns})
    assert run.code == 0, run.stderr
    assert _widest(run.stdout) <= int(columns)
    assert "81.9%" in run.stdout  # numbers are not cut
    gains = run_cli("leaderboard", out, "ImageNet", "--gains", tmp=tmp_path, env={"COLUMNS": columns})
    assert gains.code == 0 and _widest(gains.stdout) <= int(columns)


def test_entities_lists_names_most_papers_first(examples_build: tuple[Path, CliRun], tmp_path: Path) -> None:
    out, _ = examples_build
    table = run_cli("entities", out, "--kind", "dataset", "--top", "5", tmp=tmp_path, env={"COLUMNS": "80"})
    as_json = run_cli("entities", out, "--kind", "dataset", "--format", "json", tmp=tmp_path)
    assert table.code == 0 and as_json.code == 0
    import json

    rows = json.loads(as_json.stdout)
    assert {r["kind"] for r in rows} == {"Dataset"}
    assert [r["papers"] for r in rows] == sorted((r["papers"] for r in rows), reverse=True)
    for r in rows[:5]:
        assert r["name"] in table.stdout
    assert rows[5]["name"] not in table.stdout.split()
    assert _widest(table.stdout) <= 80
    assert table.stderr.strip() == f"5 dataset entities (of {len(rows)}; --top 0 lists all)"


@pytest.mark.parametrize(
    "natural, numeric, available, expected",
    [
        ([10, 5, 30], [False, True, False], 60, [10, 5, 30]),  # fits: nothing cut
        ([40, 6, 40], [False, True, False], 50, [22, 6, 22]),  # text columns evenly, the number kept
        ([40, 6, 12, 40], [False, True, False, False], 40, [12, 6, 11, 11]),  # widest first, rightmost of equals
        ([40, 9, 40], [False, True, False], 25, [8, 9, 8]),  # text down to 8 before the number is cut
        ([40, 9, 40], [False, True, False], 17, [4, 9, 4]),  # and down to 4
        ([40, 9, 40], [False, True, False], 12, [TEXT_TINY, NUMBER_MIN, TEXT_TINY]),  # numbers last
    ],
)
def test_fit_widths(natural: list[int], numeric: list[bool], available: int, expected: list[int]) -> None:
    widths = fit_widths(natural, _floors(natural, natural, numeric), available)
    assert widths == expected
    assert sum(widths) <= max(available, sum(_floors(natural, natural, numeric)[4]))


def test_a_number_column_loses_its_header_before_its_values() -> None:
    natural, data, numeric = [40, 10], [40, 4], [False, True]  # "confidence" over values like "0.75"
    floors = _floors(natural, data, numeric)
    assert floors[:3] == [[TEXT_ROOMY, 10], [TEXT_ROOMY, 4], [TEXT_MIN, 4]]
    assert fit_widths(natural, floors, 34) == [TEXT_ROOMY, 10]  # a long name is cut first
    assert fit_widths(natural, floors, 26) == [22, 4]  # then the number's header, then the name again


def test_many_columns_drop_the_borders() -> None:
    from rich.console import Console

    cols = [Column(f"column{i}") for i in range(12)]
    rows = [[f"value number {i} of a long row" for i in range(12)]]
    console = Console(width=80, file=io.StringIO())
    console.print(fitted_table(cols, rows, width=80))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert _widest(text) <= 80 and "\u2503" not in text and "\u2502" not in text
