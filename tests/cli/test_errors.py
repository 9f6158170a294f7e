"""Errors speak the command line: the command that lists names, the close names, the SPARQL position; exit codes."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import CliRun, run_cli


def test_an_unknown_dataset_suggests_close_names_and_the_listing_command(
    examples_build: tuple[Path, CliRun], tmp_path: Path
) -> None:
    out, _ = examples_build
    run = run_cli("leaderboard", out, "ImageNett", tmp=tmp_path, env={"COLUMNS": "80"})
    assert run.code == 1
    assert run.stdout == ""
    message = " ".join(run.stderr.split())
    assert message.startswith("error: no Dataset named 'ImageNett' in this graph. Did you mean: ")
    assert "'ImageNet'" in message.split("Did you mean:", 1)[1].split("?", 1)[0]
    assert message.endswith(f"List the names with: papergraph entities {out} --kind dataset")
    assert "kg." not in message and "()" not in message
    # The command it names works and lists the suggestion.
    listed = run_cli("entities", out, "--kind", "dataset", tmp=tmp_path, env={"COLUMNS": "200"})
    assert listed.code == 0 and "ImageNet" in listed.stdout


def test_an_unknown_metric_names_the_metric_listing(examples_build: tuple[Path, CliRun], tmp_path: Path) -> None:
    out, _ = examples_build
    run = run_cli("leaderboard", out, "ImageNet", "--metric", "top1 acuracy", tmp=tmp_path)
    message = " ".join(run.stderr.split())
    assert run.code == 1 and "Did you mean: 'top-1 accuracy'" in message
    assert message.endswith("--kind metric") and "kg." not in message


def test_a_sparql_typo_shows_the_line_a_caret_and_a_hint(examples_build: tuple[Path, CliRun], tmp_path: Path) -> None:
    out, _ = examples_build
    run = run_cli("query", out, "SELECT ?t WHERE {\n  ?p dct:title ?t\n}", tmp=tmp_path)
    assert run.code == 1
    lines = run.stderr.splitlines()
    assert lines[0] == "error: SPARQL syntax error at line 2, column 15"
    assert lines[1] == "  2 |   ?p dct:title ?t"
    assert lines[2] == "    |               ^"
    assert lines[3].startswith("hint: the prefix dct: is not declared; did you mean dcterms:?")
    assert len(lines) == 4 and "\\u{" not in run.stderr and "expected one of" not in run.stderr


def test_exit_codes(examples_build: tuple[Path, CliRun], tmp_path: Path) -> None:
    out, _ = examples_build
    assert run_cli("query", out, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "csv", tmp=tmp_path).code == 0
    usage = run_cli("query", out, "SELECT * WHERE { ?s ?p ?o }", "--format", "xml", tmp=tmp_path)
    assert usage.code == 2 and usage.stderr.strip() == "error: --format is table, json or csv, not 'xml'"
    assert run_cli("entities", out, "--kind", "model", tmp=tmp_path).code == 2
    assert run_cli("entities", out, "--top", "-1", tmp=tmp_path).code == 2  # typer's own check
    assert run_cli("validate", tmp_path / "nothing", tmp=tmp_path).code == 1
