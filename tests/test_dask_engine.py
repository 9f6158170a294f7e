"""The Dask engine writes the same bytes as the local one, and says what to install when Dask is missing.

The cluster tests need the optional extra (pip install 'papergraph[dask]'): they skip
without it, except where PAPERGRAPH_REQUIRE_DASK=1 (set by `make test`, which installs it).
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import papergraph.cache
from papergraph import engines
from papergraph.cli import app
from papergraph.errors import PapergraphError
from papergraph.pipeline import build
from tests.same_outputs import assert_same_outputs

runner = CliRunner()
N = 240
FAST = {"use_model": False, "validate": False}
HAVE_DASK = importlib.util.find_spec("distributed") is not None


def _need_dask() -> None:
    if HAVE_DASK:
        return
    msg = "needs Dask (pip install 'papergraph[dask]')"
    if os.environ.get("PAPERGRAPH_REQUIRE_DASK") == "1":
        pytest.fail(msg + "; PAPERGRAPH_REQUIRE_DASK=1 forbids skipping")
    pytest.skip(msg)


@pytest.fixture(scope="module")
def abstracts(tmp_path_factory: pytest.TempPathFactory, corpus_path: Path) -> Path:
    with gzip.open(corpus_path, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, N))
    path = tmp_path_factory.mktemp("dask-input") / "abstracts.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory, abstracts: Path) -> Path:
    out = tmp_path_factory.mktemp("local")
    build([abstracts], out, cache=False, **FAST)
    return out


# --- without a cluster --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options, message",
    [
        ({"engine": "spark"}, "unknown engine 'spark'; choose one of: local, dask"),
        ({"scheduler": "tcp://127.0.0.1:8786"}, "needs the dask engine (--engine dask)"),
        ({"engine": "dask", "partition_size": 0}, "at least 1"),
        ({"jobs": -1}, "a number of processes, or 0 for one a core; not -1"),
    ],
)
def test_bad_engine_options_fail_before_any_work(tmp_path: Path, examples_dir: Path, options: dict, message: str) -> None:
    with pytest.raises(PapergraphError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build([examples_dir], tmp_path / "out", **FAST, **options)
    assert not (tmp_path / "out" / "report.json").exists()


def test_missing_dask_names_the_extra(tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    with pytest.raises(PapergraphError, match=r"pip install 'papergraph\[dask\]'"):
        build([examples_dir], tmp_path / "out", engine="dask", **FAST)
    result = runner.invoke(app, ["build", str(examples_dir), "-o", str(tmp_path / "cli"), "--engine", "dask", "-q"])
    assert result.exit_code != 0
    assert "papergraph[dask]" in result.output


def test_nothing_to_extract_starts_no_cluster(tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    n = build([examples_dir], out, **FAST).cache_misses
    _need_dask()

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started with nothing to extract")

    monkeypatch.setattr(engines, "_client", no_cluster)
    report = build([examples_dir], out, engine="dask", **FAST)
    assert (report.cache_hits, report.cache_misses) == (n, 0)


# --- on a cluster -------------------------------------------------------------------------------


def test_dask_output_is_the_local_output(tmp_path: Path, abstracts: Path, local_build: Path) -> None:
    _need_dask()
    out = tmp_path / "dask"
    report = build([abstracts], out, engine="dask", jobs=2, partition_size=40, cache=False, **FAST)
    assert report.cache_misses == N
    assert_same_outputs(out, local_build)


def test_a_named_scheduler_runs_only_the_new_papers_and_loads_once_per_worker(
    tmp_path: Path, abstracts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _need_dask()
    import logging

    import distributed

    out = tmp_path / "out"
    lines = abstracts.read_text(encoding="utf-8").splitlines(keepends=True)
    grown = tmp_path / "input" / abstracts.name
    grown.parent.mkdir()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        # The input path is part of papers.jsonl: build the smaller input at the same path, then grow it.
        grown.write_text("".join(lines[: N // 2]), encoding="utf-8")
        first = build([grown], out, engine="dask", scheduler=cluster.scheduler_address, partition_size=20, **FAST)
        grown.write_text("".join(lines), encoding="utf-8")
        second = build([grown], out, engine="dask", scheduler=cluster.scheduler_address, partition_size=20, **FAST)
        builds = client.run(engines._builds_on_worker)
        # workers whose extractor differs from this process's stop the build
        monkeypatch.setattr(papergraph.cache, "fingerprint", lambda **kw: "another extractor")
        with pytest.raises(PapergraphError, match="a Dask worker runs another extractor"):
            build([grown], tmp_path / "mixed", engine="dask", scheduler=cluster.scheduler_address, **FAST)
        assert not (tmp_path / "mixed" / "report.json").exists()
    assert (first.cache_hits, first.cache_misses) == (0, N // 2)
    assert (second.cache_hits, second.cache_misses) == (N // 2, N - N // 2)
    # 12 partitions over 2 workers, one extractor each
    assert len(builds) == 2 and sum(builds.values()) >= 1
    assert all(n in (0, 1) for n in builds.values()), builds
    reference = tmp_path / "reference"
    build([grown], reference, cache=False, **FAST)
    assert_same_outputs(out, reference)
