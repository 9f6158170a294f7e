"""The build writes the SPARQL store; a reader never answers from a store of another graph.nt."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from papergraph.outputs import JOURNAL_FILE, PAUSE_ENV
from papergraph.pipeline import build
from papergraph.rdf import query
from papergraph.rdf import store as S
from tests.build_sets import FAST, NEW_INPUT  # and the old_set, new_set and out fixtures

ROOT = Path(__file__).resolve().parents[2]
COUNT = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pg:Paper }"


def _papers(out: Path) -> int:
    return len((out / "papers.jsonl").read_text(encoding="utf-8").splitlines())


def _in_store(out: Path) -> int:
    return int(next(iter(query(out, COUNT)))["n"])


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Make any load of graph.nt into a store fail; returns the loads attempted."""
    calls: list[Path] = []

    def refuse(tmp: Path, nt: Path, **kwargs: object) -> None:
        calls.append(nt)
        raise AssertionError(f"a reader loaded {nt} again")

    monkeypatch.setattr(S, "_fill", refuse)
    S._open.clear()
    return calls


def _store_dirs(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".store") and p.is_dir())


def test_the_build_writes_the_store_and_a_query_does_not_load_it(
    new_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = json.loads((new_set / ".store" / "source").read_text("utf-8"))
    report = json.loads((new_set / "report.json").read_text("utf-8"))
    listed = next(f for f in report["files"] if f["name"] == "graph.nt")
    st = (new_set / "graph.nt").stat()
    assert source["stamp"] == f"{st.st_size}:{st.st_mtime_ns}"
    assert source["sha256"] == listed["sha256"]
    assert "store" in report["timings"]
    assert _store_dirs(new_set) == [".store"]
    calls = _no_loading(monkeypatch)
    assert _in_store(new_set) == _papers(new_set)
    assert calls == []


def test_build_reports_store_progress(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    report = build([NEW_INPUT], tmp_path / "out", progress=lambda *a: seen.append(a), **FAST)
    store = [s for s in seen if s[0] == "store"]
    size = (tmp_path / "out" / "graph.nt").stat().st_size
    assert store[0] == ("store", 0, size) and store[-1] == ("store", size, size)
    assert ("save", 0, report.nodes) in seen and ("save", report.nodes, report.nodes) in seen
    stages = list(dict.fromkeys(s[0] for s in seen))
    assert stages.index("ttl") < stages.index("save") < stages.index("store")


def test_a_store_of_another_graph_nt_is_never_used(out: Path, new_set: Path) -> None:
    # Same size and mtime as the store's key, other content: report.json's sha256 tells them apart.
    report = json.loads((out / "report.json").read_text("utf-8"))
    for f in report["files"]:
        if f["name"] == "graph.nt":
            f["sha256"] = "0" * 64
    (out / "report.json").write_text(json.dumps(report), "utf-8")
    S._open.clear()
    before = json.loads((out / ".store" / "source").read_text("utf-8"))
    assert _in_store(out) == _papers(out)
    after = json.loads((out / ".store" / "source").read_text("utf-8"))
    assert after["sha256"] != "0" * 64 and after == before  # loaded again: same graph.nt, same key
    assert _store_dirs(out) == [".store"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != PAUSE_ENV}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


def _kill_at(out: Path, step: str, flag: Path) -> None:
    """Run a build of NEW_INPUT into ``out`` and kill -9 it when it reaches ``step``."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "papergraph", "build", str(NEW_INPUT), "-o", str(out),
         "--no-model", "--no-validate", "--quiet"],
        env=_env(**{PAUSE_ENV: f"{step}:{flag}"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not flag.exists():
        if proc.poll() is not None:
            pytest.fail(f"build ended before step {step!r}: {proc.stderr.read() if proc.stderr else ''}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"build never reached step {step!r}")
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()


@pytest.mark.parametrize(
    "step, survivor, adopted",
    [
        ("staged", "old", False),  # store built, nothing committed: the old store still matches
        ("committed", "new", True),  # journal written: the reader finishes the commit, adopts the new store
        ("moved", "new", True),
        ("store", "new", True),  # committed, the new store complete beside the old one, not swapped in
    ],
)
def test_kill_9_around_the_commit_leaves_a_store_of_the_committed_graph(
    step: str, survivor: str, adopted: bool, out: Path, tmp_path: Path, old_set: Path, new_set: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _kill_at(out, step, tmp_path / "paused")
    assert any(name.startswith(".store.tmp-") for name in _store_dirs(out))
    assert (out / JOURNAL_FILE).exists() == (step in ("committed", "moved"))
    calls = _no_loading(monkeypatch)  # the store comes from the killed build, never from a new load
    expected = old_set if survivor == "old" else new_set
    assert _in_store(out) == _papers(expected)
    assert calls == []
    assert (out / "graph.nt").read_bytes() == (expected / "graph.nt").read_bytes()
    if adopted:
        assert _store_dirs(out) == [".store"]
    else:  # the unused store is debris, removed by the next writer of the store
        monkeypatch.undo()
        build([NEW_INPUT], out, **FAST)
        assert _store_dirs(out) == [".store"]


def test_a_store_killed_while_loading_is_loaded_again_by_the_reader(out: Path, tmp_path: Path, new_set: Path) -> None:
    _kill_at(out, "store", tmp_path / "paused")
    # As if killed while loading graph.nt: the new store has no key yet.
    (tmp, ) = [p for p in out.iterdir() if p.name.startswith(".store.tmp-")]
    (tmp / "source").unlink()
    S._open.clear()
    assert _in_store(out) == _papers(new_set)
    assert _store_dirs(out) == [".store"]


def test_a_failure_after_the_commit_leaves_no_stale_store_in_use(
    out: Path, new_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: S.StagedStore) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(S.StagedStore, "install", fail)
    with pytest.raises(OSError):
        build([NEW_INPUT], out, **FAST)
    monkeypatch.undo()
    assert (out / "graph.nt").read_bytes() == (new_set / "graph.nt").read_bytes()  # the commit happened
    assert _store_dirs(out) == [".store"]  # the unused new store was removed; the old one is stale
    S._open.clear()
    assert _in_store(out) == _papers(new_set)


def test_a_store_stage_that_cannot_write_keeps_the_previous_set(
    out: Path, old_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papergraph.errors import OutputError

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(S, "_fill", full)
    with pytest.raises(OutputError, match=r"cannot write .*/\.store: the disk is full.*previous outputs in .* are unchanged"):
        build([NEW_INPUT], out, **FAST)
    monkeypatch.undo()
    assert (out / "graph.nt").read_bytes() == (old_set / "graph.nt").read_bytes()
    S._open.clear()
    assert _in_store(out) == _papers(old_set)


def test_graph_nt_is_loaded_in_pieces_with_every_triple(old_set: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyoxigraph as ox

    nt = old_set / "graph.nt"
    at_once = ox.Store()
    at_once.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    whole = {str(q) for q in at_once}
    monkeypatch.setattr(S, "LOAD_LINES", 7)
    seen: list[int] = []
    pieced = ox.Store()
    S._load(nt, pieced, progress=lambda stage, done, total: seen.append(done))
    assert {str(q) for q in pieced} == whole
    lines = len(nt.read_bytes().splitlines())
    # a report before, one a piece, one at the end
    assert len(seen) == -(-lines // 7) + 2 and seen[0] == 0 and seen[-1] == nt.stat().st_size


def test_a_damaged_graph_nt_fails_to_load_with_its_name(tmp_path: Path, old_set: Path) -> None:
    import pyoxigraph as ox

    nt = tmp_path / "graph.nt"
    nt.write_bytes((old_set / "graph.nt").read_bytes() + b"<http://x/s> <http://x/p> \"unclosed .\n")
    with pytest.raises(S.PapergraphError, match="graph.nt is not valid N-Triples"):
        S._load(nt, ox.Store())


def test_a_large_graph_s_store_loads_beside_the_other_stages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papergraph import pipeline
    from tests.same_outputs import assert_same_outputs

    after = build([NEW_INPUT], tmp_path / "after", **FAST)
    monkeypatch.setattr(pipeline, "STORE_BESIDE_FROM", 0)
    seen: list[tuple[str, int, int | None]] = []
    beside = build([NEW_INPUT], tmp_path / "beside", progress=lambda *a: seen.append(a), **FAST)
    assert_same_outputs(tmp_path / "after", tmp_path / "beside")
    assert (beside.triples, beside.nodes) == (after.triples, after.nodes)
    stages = list(dict.fromkeys(s[0] for s in seen))
    assert stages.index("nt") < stages.index("store") < stages.index("save")  # started before graph.nx
    size = (tmp_path / "beside" / "graph.nt").stat().st_size
    assert ("store", size, size) in seen
    assert _store_dirs(tmp_path / "beside") == [".store"]
    calls = _no_loading(monkeypatch)
    assert _in_store(tmp_path / "beside") == _papers(tmp_path / "beside") and calls == []


def test_a_store_failing_beside_the_build_keeps_the_previous_set(
    out: Path, old_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papergraph import pipeline
    from papergraph.errors import OutputError

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "STORE_BESIDE_FROM", 0)
    monkeypatch.setattr(S, "_fill", full)
    with pytest.raises(OutputError, match=r"cannot write .*/\.store: the disk is full"):
        build([NEW_INPUT], out, **FAST)
    monkeypatch.undo()
    assert (out / "graph.nt").read_bytes() == (old_set / "graph.nt").read_bytes()
    assert _store_dirs(out) == [".store"]
    S._open.clear()
    assert _in_store(out) == _papers(old_set)


def test_a_build_failing_while_its_store_loads_beside_stops_the_load(
    out: Path, old_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from papergraph import pipeline, viz

    pieces = 0
    real_pieces = S._pieces
    html_started = threading.Event()

    def slow_pieces(fh, lines):  # type: ignore[no-untyped-def]
        nonlocal pieces
        for piece in real_pieces(fh, lines):
            html_started.wait(10)  # loading is still going on when the page fails
            time.sleep(0.005)  # and would go on for seconds
            pieces += 1
            yield piece

    def broken_page(*args: object, **kwargs: object) -> None:
        html_started.set()
        raise RuntimeError("the page could not be written")

    monkeypatch.setattr(pipeline, "STORE_BESIDE_FROM", 0)
    monkeypatch.setattr(S, "LOAD_LINES", 10)
    monkeypatch.setattr(S, "_pieces", slow_pieces)
    monkeypatch.setattr(viz, "write_html", broken_page)
    with pytest.raises(RuntimeError, match="the page could not be written"):
        build([NEW_INPUT], out, **FAST)
    lines = len((old_set / "graph.nt").read_bytes().splitlines())
    assert pieces < lines // 10  # stopped between two pieces, not loaded to the end
    assert not [t for t in threading.enumerate() if t.name == "papergraph-store"]
    monkeypatch.undo()
    assert (out / "graph.nt").read_bytes() == (old_set / "graph.nt").read_bytes()
    assert _store_dirs(out) == [".store"]
    S._open.clear()
    assert _in_store(out) == _papers(old_set)
