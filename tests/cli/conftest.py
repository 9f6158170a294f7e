"""A build of examples/ made by the command line, as a user runs it: a subprocess whose stderr is a file."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class CliRun:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, tmp: Path, env: dict[str, str] | None = None) -> CliRun:
    """``python -m papergraph ARGS``, stdout and stderr written to files (not a terminal)."""
    out, err = tmp / "stdout.txt", tmp / "stderr.txt"
    with out.open("w") as o, err.open("w") as e:
        code = subprocess.run(
            [sys.executable, "-m", "papergraph", *map(str, args)], stdout=o, stderr=e, stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})}, check=False,
        ).returncode
    return CliRun(code, out.read_text("utf-8"), err.read_text("utf-8"))


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> tuple[Path, CliRun]:
    """examples/ built rules-only with progress lines at every report; the folder and the run."""
    tmp = tmp_path_factory.mktemp("cli-build")
    run = run_cli("build", examples_dir, "-o", tmp / "out", "--no-model", "--no-cache", tmp=tmp,
                  env={"PAPERGRAPH_PROGRESS_INTERVAL": "0"})
    assert run.code == 0, run.stderr
    return tmp / "out", run
