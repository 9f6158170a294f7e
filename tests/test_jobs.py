"""How many processes extract when the user does not say (``jobs=0``, the default)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
from typer.testing import CliRunner

from papergraph import engines
from papergraph.cli import app
from papergraph.types import Paper


@pytest.mark.parametrize(
    "cores, papers, expected",
    [
        (2, 100, 1),  # a small build stays in one process
        (2, 999, 1),
        (2, 1_000, 2),
        (2, 75_000, 2),
        (4, 1_600, 3),  # one process per 500 papers...
        (16, 10**6, 8),  # ...and at most eight
        (1, 10**6, 1),
    ],
)
def test_auto_jobs(monkeypatch: pytest.MonkeyPatch, cores: int, papers: int, expected: int) -> None:
    monkeypatch.setattr(engines, "usable_cores", lambda: cores)
    assert engines.auto_jobs(papers) == expected


def test_usable_cores_is_at_least_one() -> None:
    assert engines.usable_cores() >= 1


class _Recorder:
    def __init__(self) -> None:
        self.n_process: list[int] = []

    def extract(self, papers: Iterable[Paper], *, n_process: int = 1) -> Iterator[str]:
        self.n_process.append(n_process)
        return iter([p.id for p in papers])


@pytest.mark.parametrize("jobs, expected", [(0, 2), (1, 1), (3, 3)])
def test_the_local_engine_runs_the_processes_asked_or_picked(
    monkeypatch: pytest.MonkeyPatch, jobs: int, expected: int
) -> None:
    import papergraph.extract

    recorder = _Recorder()
    monkeypatch.setattr(papergraph.extract, "load_extractor", lambda **kwargs: recorder, raising=False)
    monkeypatch.setattr(engines, "usable_cores", lambda: 4)
    papers = [Paper(id=f"p{i}", title="t", abstract="a") for i in range(1_000)]
    assert len(list(engines.run(papers, jobs=jobs, use_model=False))) == 1_000
    assert recorder.n_process == [expected]


@pytest.mark.parametrize("command", ["build", "extract"])
def test_the_cli_defaults_to_picking_and_refuses_a_negative_count(command: str) -> None:
    import typer.main

    (jobs,) = [p for p in typer.main.get_command(app).commands[command].params if p.name == "jobs"]  # type: ignore[attr-defined]
    assert jobs.default == 0 and "one per core" in (jobs.help or "")
    result = CliRunner().invoke(app, [command, "nowhere.jsonl", "-o", "out", "--jobs", "-1"])
    assert result.exit_code == 2 and "--jobs" in result.output
