"""Progress on stderr when it is not a terminal: a start line, progress lines and an end line per stage."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.cli.conftest import CliRun, run_cli

#: The stages of a rules-only build without a cache, in order.
BUILD_STAGES = ("read", "extract", "jsonl", "link", "merge", "graph", "edges", "nt", "ttl",
                "shacl", "save", "html", "store", "index")
_DONE = re.compile(r"papergraph: (\S+) done(?:: [\d.]+ [\w+]+)? in \d+\.\ds")


def _stages(stderr: str, pattern: str) -> list[str]:
    return [m.group(1) for m in re.finditer(pattern, stderr, re.M)]


def _check_stages(stderr: str, stages: tuple[str, ...]) -> None:
    started = _stages(stderr, r"^papergraph: (\S+) started")
    done = [m.group(1) for line in stderr.splitlines() if (m := _DONE.fullmatch(line))]
    assert started == list(stages)
    assert done == list(stages)
    lines = stderr.splitlines()
    for stage in stages:  # each stage's start comes before its end
        first = next(i for i, line in enumerate(lines) if line.startswith(f"papergraph: {stage} started"))
        last = next(i for i, line in enumerate(lines) if line.startswith(f"papergraph: {stage} done"))
        assert first < last


def test_a_build_logs_every_stage(examples_build: tuple[Path, CliRun]) -> None:
    _out, run = examples_build
    _check_stages(run.stderr, BUILD_STAGES)
    assert "papergraph: extract started (20 papers)" in run.stderr
    # Progress lines between start and end, with count, percentage and rate.
    extract = re.findall(r"^papergraph: extract (\d+)/20 papers \((\d+)%\), [\d.]+/s, \S+ left$", run.stderr, re.M)
    counts = [int(n) for n, _ in extract]  # a line per report (a slow paper may get a second one)
    assert sorted(set(counts)) == list(range(1, 20)) and counts == sorted(counts)
    assert all(int(pct) == int(100 * int(n) / 20) for n, pct in extract)
    assert re.search(r"^papergraph: html step 1/4, \d+s$", run.stderr, re.M)
    assert "Traceback" not in run.stderr


def test_quiet_build_writes_no_progress(tmp_path: Path, examples_dir: Path) -> None:
    run = run_cli("build", examples_dir, "-o", tmp_path / "out", "--no-model", "--no-cache", "--quiet", tmp=tmp_path,
                  env={"PAPERGRAPH_PROGRESS_INTERVAL": "0"})
    assert run.code == 0
    assert run.stderr == ""
    assert (tmp_path / "out" / "report.json").is_file()


def test_validate_logs_its_stages(examples_build: tuple[Path, CliRun], tmp_path: Path) -> None:
    out, _ = examples_build
    run = run_cli("validate", out, tmp=tmp_path)
    assert run.code == 0
    assert run.stdout.startswith("OK: conforms")
    _check_stages(run.stderr, ("shacl",))  # two passes over graph.nt, in triples read
    assert run_cli("validate", out, "--quiet", tmp=tmp_path).stderr == ""
    reference = run_cli("validate", out, "--engine", "pyshacl", "--full", tmp=tmp_path)
    assert reference.code == 0 and reference.stdout.startswith("OK: conforms")
    _check_stages(reference.stderr, ("parse", "shacl"))
    size = (out / "graph.nt").stat().st_size
    assert f"papergraph: parse started ({size / 1e6:.1f} MB)" in reference.stderr


def test_the_first_query_of_a_build_without_its_store_logs_the_load(
    examples_build: tuple[Path, CliRun], tmp_path: Path
) -> None:
    out, _ = examples_build
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns(".store*"))
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?p a pg:Paper }"
    first = run_cli("query", copy, query, "--format", "csv", tmp=tmp_path)
    assert first.code == 0 and first.stdout.splitlines() == ["n", "20"]
    _check_stages(first.stderr, ("store", "index"))
    again = run_cli("query", copy, query, "--format", "csv", tmp=tmp_path)
    assert again.stdout == first.stdout and again.stderr == ""  # the store is in place now


def test_a_bad_interval_is_a_clear_error(examples_build: tuple[Path, CliRun], tmp_path: Path) -> None:
    out, _ = examples_build
    run = run_cli("validate", out, tmp=tmp_path, env={"PAPERGRAPH_PROGRESS_INTERVAL": "soon"})
    assert run.code == 1
    assert run.stderr.strip() == (
        "error: PAPERGRAPH_PROGRESS_INTERVAL is seconds between progress lines (0 or more), not 'soon'"
    )


