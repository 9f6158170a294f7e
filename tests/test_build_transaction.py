"""A build is one transaction: OUT holds the previous complete set or the new one, never a mix.

Kill tests run a real `papergraph build` and stop it at a named step of the commit with the
test hook PAPERGRAPH_TEST_PAUSE_AT (see papergraph.outputs), then `kill -9` it.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import papergraph
from papergraph.cli import app
from papergraph.errors import OutputError
from papergraph.outputs import (
    JOURNAL_FILE,
    LOCK_FILE,
    PAUSE_ENV,
    STAGING_PREFIX,
    roll_forward,
    verify,
)
from papergraph.pipeline import build
from tests.build_sets import FAST, NEW_INPUT, OLD_INPUT  # and the old_set, new_set and out fixtures

ROOT = Path(__file__).resolve().parent.parent
FAST_FLAGS = ["--no-model", "--no-validate", "--quiet"]
runner = CliRunner()


def _snapshot(out: Path) -> dict[str, object]:
    """The visible files of a build; report.json without its run-to-run timings and cache counters."""
    files: dict[str, object] = {}
    for path in sorted(out.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.name == "report.json":
            report = json.loads(path.read_text(encoding="utf-8"))
            report.pop("timings")
            for key in [k for k in report if k.startswith("cache_")]:
                report.pop(key)
            report.pop("inputs_key", None)  # names papergraph's own installed files too (reuse.py)
            files[path.name] = report
        else:
            files[path.name] = path.read_bytes()
    return files


def _debris(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith((STAGING_PREFIX, JOURNAL_FILE)))


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != PAUSE_ENV}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


def _start_paused(out: Path, step: str, flag: Path) -> subprocess.Popen[str]:
    """A `papergraph build` of NEW_INPUT into ``out`` that waits at ``step`` once it gets there."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "papergraph", "build", str(NEW_INPUT), "-o", str(out), *FAST_FLAGS],
        env=_env(**{PAUSE_ENV: f"{step}:{flag}"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not flag.exists():
        if proc.poll() is not None:
            pytest.fail(f"build ended before step {step!r}: {proc.stderr.read() if proc.stderr else ''}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"build never reached step {step!r}")
        time.sleep(0.02)
    return proc


@pytest.mark.parametrize(
    "step, survivor",
    [
        ("locked", "old"),  # lock and staging folder made, no input read yet
        ("staged", "old"),  # every file staged, the journal not written
        ("committed", "new"),  # journal written (the commit point), nothing moved
        ("moving", "new"),  # one file moved, the others still staged
        ("moved", "new"),  # every file moved, the journal not yet removed
    ],
)
def test_kill_9_at_each_step_leaves_one_complete_set(
    step: str, survivor: str, out: Path, tmp_path: Path, old_set: Path, new_set: Path
) -> None:
    proc = _start_paused(out, step, tmp_path / "paused")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert (out / JOURNAL_FILE).exists() == (survivor == "new")  # killed after the commit point

    kg = papergraph.load(out)  # a reader finishes a commit the build left half done
    expected = old_set if survivor == "old" else new_set
    assert _snapshot(out) == _snapshot(expected)
    assert verify(out) == []
    assert len(kg.papers()) == len(_snapshot(expected)["papers.jsonl"].splitlines())  # type: ignore[union-attr]
    assert JOURNAL_FILE not in _debris(out)


def test_next_build_removes_the_staging_folder_of_a_killed_build(
    out: Path, tmp_path: Path, new_set: Path
) -> None:
    proc = _start_paused(out, "staged", tmp_path / "paused")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert [name for name in _debris(out) if name.startswith(STAGING_PREFIX)]

    build([NEW_INPUT], out, **FAST)
    assert _debris(out) == []
    assert _snapshot(out) == _snapshot(new_set)


def _papers_in_store(out: Path) -> int:
    from papergraph.rdf import query

    return int(next(iter(query(out, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pg:Paper }")))["n"])


def test_sparql_store_follows_a_commit_finished_by_a_reader(
    out: Path, tmp_path: Path, old_set: Path, new_set: Path
) -> None:
    def papers(build_dir: Path) -> int:
        return len((build_dir / "papers.jsonl").read_text(encoding="utf-8").splitlines())

    assert _papers_in_store(out) == papers(old_set)
    assert (out / ".store").is_dir()

    proc = _start_paused(out, "moving", tmp_path / "paused")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert (out / JOURNAL_FILE).exists()

    # open_store finishes the commit, sees a new graph.nt and reloads the store from it
    assert _papers_in_store(out) == papers(new_set) != papers(old_set)
    assert not (out / JOURNAL_FILE).exists()


def test_concurrent_build_fails_with_the_lock_message_and_one_set_survives(
    out: Path, tmp_path: Path, new_set: Path
) -> None:
    flag = tmp_path / "paused"
    first = _start_paused(out, "locked", flag)
    started = time.monotonic()
    second = subprocess.run(
        [sys.executable, "-m", "papergraph", "build", str(OLD_INPUT), "-o", str(out), *FAST_FLAGS],
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert second.returncode == 3  # another build holds the lock: try again later
    assert f"another papergraph build (pid {first.pid}, started " in second.stderr
    assert f"is writing {out}; wait for it or choose another --out" in " ".join(second.stderr.split())
    assert "Traceback" not in second.stderr
    assert time.monotonic() - started < 30

    flag.unlink()  # let the first build go on to its commit
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    assert _snapshot(out) == _snapshot(new_set)
    assert verify(out) == []


def _no_input_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("input was read or extraction ran before the output folder was checked")

    monkeypatch.setattr("papergraph.pipeline.read", fail)
    monkeypatch.setattr("papergraph.pipeline.extract", fail)
    monkeypatch.setattr("papergraph.pipeline._extract", fail)


def _one_error_line(output: str) -> str:
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines and lines[0].startswith("error: "), output
    return " ".join(output.split())


def test_second_build_fails_before_reading_input_while_the_lock_is_held(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.ftruncate(fd, 0)
        os.write(fd, b'{"pid": 4242, "started": "2025-01-02 03:04:05"}\n')
        _no_input_read(monkeypatch)
        result = runner.invoke(app, ["build", str(NEW_INPUT), "-o", str(out), *FAST_FLAGS])
    finally:
        os.close(fd)
    assert result.exit_code == 3  # another build holds the lock: try again later
    assert (
        f"error: another papergraph build (pid 4242, started 2025-01-02 03:04:05) is writing {out}; "
        "wait for it or choose another --out"
    ) in _one_error_line(result.output)


def test_out_under_a_regular_file_fails_up_front_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder\n")
    target = tmp_path / "notes.txt" / "out"
    _no_input_read(monkeypatch)
    result = runner.invoke(app, ["build", str(NEW_INPUT), "-o", str(target), *FAST_FLAGS])
    assert result.exit_code == 1
    assert (
        f"error: cannot create the output folder {target}: a part of that path is a file, not a folder"
        in _one_error_line(result.output)
    )


def test_read_only_output_folder_fails_up_front_and_keeps_the_old_set(
    out: Path, old_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(out)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    _no_input_read(monkeypatch)
    result = runner.invoke(app, ["build", str(NEW_INPUT), "-o", str(out), *FAST_FLAGS])
    assert result.exit_code == 1
    assert (
        f"error: cannot write to the output folder {out}: the file system is read-only"
        in _one_error_line(result.output)
    )
    monkeypatch.undo()
    assert _snapshot(out) == _snapshot(old_set)
    assert _debris(out) == []


@pytest.mark.parametrize(
    "failing, named",
    [
        ("papers.jsonl", "papers.jsonl"),  # the first staged file
        ("graph.ttl", "graph.ttl"),  # in the middle of the RDF
        ("report.json", "report.json"),  # the last file of the set
        (JOURNAL_FILE, JOURNAL_FILE),  # the commit point itself
    ],
)
def test_disk_full_leaves_the_previous_set_intact(
    failing: str, named: str, out: Path, old_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        # The file being synced, by its temporary name (".graph.ttl.x1y2.tmp").
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(f".{failing}."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    result = runner.invoke(app, ["build", str(NEW_INPUT), "-o", str(out), *FAST_FLAGS])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert (
        f"error: cannot write {out / named}: the disk is full (no space left on device); "
        f"free some space and try again (the previous outputs in {out} are unchanged)"
    ) in _one_error_line(result.output)
    assert _snapshot(out) == _snapshot(old_set)
    assert _debris(out) == []
    assert verify(out) == []


def test_reader_of_a_read_only_folder_with_a_journal_says_so(
    out: Path, tmp_path: Path, new_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proc = _start_paused(out, "committed", tmp_path / "paused")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "replace", read_only)
    monkeypatch.setattr(Path, "unlink", read_only)
    with pytest.raises(OutputError, match=r"interrupted while its outputs were being put in place .*"
                       r"\.commit\.json\), and the folder is read-only"):
        papergraph.load(out)
    monkeypatch.undo()
    assert roll_forward(out) is True
    assert roll_forward(out) is False
    assert _snapshot(out) == _snapshot(new_set)


def test_rebuild_without_jsonld_removes_the_old_graph_jsonld(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([NEW_INPUT], out, jsonld=True, **FAST)
    assert (out / "graph.jsonld").is_file()
    assert "graph.jsonld" in {f["name"] for f in json.loads((out / "report.json").read_text())["files"]}
    build([NEW_INPUT], out, **FAST)
    assert not (out / "graph.jsonld").exists()
    assert verify(out) == []
    assert _debris(out) == []


def test_report_lists_every_file_and_verify_spots_a_changed_one(new_set: Path, tmp_path: Path) -> None:
    report = json.loads((new_set / "report.json").read_text())
    names = [f["name"] for f in report["files"]]
    assert names == ["extractions.jsonl", "graph.html", "graph.nt", "graph.nx", "graph.ttl", "papers.jsonl"]
    assert all(len(f["sha256"]) == 64 and f["size"] == (new_set / f["name"]).stat().st_size for f in report["files"])
    copy = tmp_path / "copy"
    shutil.copytree(new_set, copy)
    with (copy / "graph.nt").open("a") as fh:
        fh.write("\n")
    assert verify(copy) == [f"{copy / 'graph.nt'}: not the file report.json lists (size or sha256 differ)"]
