"""Where extraction runs: in this process and its forks ("local"), or on a Dask cluster ("dask").

Both engines take the papers that need extracting and yield one Extraction
per paper, in input order, and both run the same :class:`~papergraph.extract.Extractor`
over batches of papers, so their outputs are byte-identical.

The Dask engine cuts the papers into partitions of ``partition_size`` and
submits them to a cluster: a :class:`distributed.LocalCluster` of ``jobs``
single-threaded worker processes, or the scheduler at the address the user
names (the only network connection papergraph makes). Each worker process
builds the extractor the first time a partition reaches it and keeps it for
every later one. A few partitions per worker are in flight at a time, so the
scheduler never holds the whole corpus. Each partition's result says which
extractor made it; a worker running another papergraph, model or option set
stops the build rather than mix its extractions with ours.

Dask is an optional extra (``pip install 'papergraph[dask]'``) and is
imported only when the Dask engine runs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from papergraph.__about__ import __version__
from papergraph.errors import PapergraphError
from papergraph.types import Extraction, Paper

Engine = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")
#: Papers per Dask task: a few seconds of work for one worker with the model, well above Dask's
#: per-task overhead, and the batch size the local engine uses.
DEFAULT_PARTITION_SIZE = 256
#: Partitions in flight per worker thread; more finish in any order and wait in memory.
_IN_FLIGHT_PER_THREAD = 2
_MISSING = (
    "the dask engine needs Dask, an optional extra: pip install 'papergraph[dask]' "
    "(or choose --engine local)"
)


#: ``jobs=0`` (the CLI's default) runs one process per usable core, up to this many...
AUTO_MAX_JOBS = 8
#: ...and at most one per this many papers to extract: below it a worker's batches are too
#: few to pay for its start (a batch is 256 papers).
AUTO_PAPERS_PER_JOB = 500


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def auto_jobs(n_papers: int) -> int:
    """The processes ``jobs=0`` runs for ``n_papers`` papers to extract.

    >>> auto_jobs(100)
    1
    """
    return max(1, min(usable_cores(), AUTO_MAX_JOBS, n_papers // AUTO_PAPERS_PER_JOB))


def local_processes(jobs: int, n_papers: int) -> int:
    """The processes the local engine runs: ``jobs``, or for 0 :func:`auto_jobs` of ``n_papers``."""
    return auto_jobs(n_papers) if jobs == 0 else jobs


def check_jobs(jobs: int) -> None:
    if jobs < 0:
        raise PapergraphError(f"jobs is a number of processes, or 0 for one a core; not {jobs}")


def check_engine(engine: str, *, scheduler: str | None, partition_size: int) -> None:
    """Raise PapergraphError for options no engine can run, before any work is done."""
    if engine not in ENGINES:
        raise PapergraphError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if scheduler is not None and engine != "dask":
        raise PapergraphError("a scheduler address needs the dask engine (--engine dask)")
    if partition_size < 1:
        raise PapergraphError(f"the partition size must be at least 1, not {partition_size}")
    if engine == "dask":
        _distributed()


def run(
    papers: Sequence[Paper],
    *,
    engine: Engine = "local",
    jobs: int = 1,
    use_model: bool = True,
    ensemble: bool = True,
    scheduler: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
) -> Iterator[Extraction]:
    """One Extraction per paper of ``papers``, in order, made by ``engine``.

    ``jobs``: the local engine's processes, or the local Dask cluster's workers;
    0 picks them: one per usable core, up to :data:`AUTO_MAX_JOBS`, and locally
    no more than one per :data:`AUTO_PAPERS_PER_JOB` papers.
    """
    check_engine(engine, scheduler=scheduler, partition_size=partition_size)
    check_jobs(jobs)
    if not papers:  # nothing new: no pipeline to load, no cluster to start
        return iter(())
    if engine == "dask":
        return _run_dask(
            papers, jobs=jobs, use_model=use_model, ensemble=ensemble,
            scheduler=scheduler, partition_size=partition_size,
        )
    from papergraph.extract import load_extractor

    processes = local_processes(jobs, len(papers))
    return load_extractor(use_model=use_model, ensemble=ensemble).extract(papers, n_process=processes)


# --- the Dask engine ----------------------------------------------------------------------------


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise PapergraphError(f"{_MISSING}; import failed: {exc}") from None
    return distributed


@contextlib.contextmanager
def _client(distributed: Any, *, scheduler: str | None, jobs: int) -> Iterator[Any]:
    """A client of the named scheduler, or of a LocalCluster of ``jobs`` workers (0: one a usable core,
    up to AUTO_MAX_JOBS) made for this run."""
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout="30s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise PapergraphError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); check the address "
                "(tcp://HOST:8786), or leave out --scheduler to run a local cluster"
            ) from None
        with client:
            yield client
        return
    cluster = distributed.LocalCluster(
        n_workers=jobs if jobs >= 1 else min(usable_cores(), AUTO_MAX_JOBS),
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",  # this machine only, on free ports
        scheduler_port=0,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, distributed.Client(cluster, set_as_default=False) as client:
        yield client


def _run_dask(
    papers: Sequence[Paper],
    *,
    jobs: int,
    use_model: bool,
    ensemble: bool,
    scheduler: str | None,
    partition_size: int,
) -> Iterator[Extraction]:
    from papergraph.cache import fingerprint

    distributed = _distributed()
    ours = fingerprint(use_model=use_model, ensemble=ensemble)
    # Workers need only what an Extraction is made of, not authors, dates or urls.
    slim = [Paper(id=p.id, title=p.title, abstract=p.abstract, source_id=p.source_id) for p in papers]
    parts = [slim[i : i + partition_size] for i in range(0, len(slim), partition_size)]
    if not parts:
        return
    with _client(distributed, scheduler=scheduler, jobs=jobs) as client:
        queue = distributed.as_completed(loop=client.loop)
        index: dict[str, int] = {}
        submitted = 0

        def top_up() -> None:
            nonlocal submitted
            threads = sum(client.nthreads().values())
            limit = max(2, _IN_FLIGHT_PER_THREAD * threads)
            while submitted < len(parts) and len(index) < limit:
                fut = client.submit(_extract_partition, parts[submitted], use_model, ensemble, pure=False)
                index[fut.key] = submitted
                queue.add(fut)
                submitted += 1

        top_up()
        finished: dict[int, list[Extraction]] = {}
        emitted = 0
        for fut in queue:
            i = index.pop(fut.key)
            try:
                theirs, version, extractions = fut.result()
            except Exception as exc:  # any worker failure: say which papers, keep the cause
                first = i * partition_size
                raise PapergraphError(
                    f"a Dask worker failed on papers {first + 1}-{first + len(parts[i])} "
                    f"({parts[i][0].id}, ...): {type(exc).__name__}: {exc}"
                ) from exc
            fut.release()
            if theirs != ours:
                raise PapergraphError(
                    f"a Dask worker runs another extractor (papergraph {version}, or another model, "
                    f"gazetteer or library version) than this process (papergraph {__version__}); "
                    "install the same papergraph on every worker"
                )
            finished[i] = extractions
            top_up()
            while emitted in finished:
                yield from finished.pop(emitted)
                emitted += 1


# --- on a worker --------------------------------------------------------------------------------

#: Extractors this worker process built, by options; each is built once and kept.
_BUILT: dict[tuple[bool, bool], Any] = {}
_BUILDS = 0
# A worker with several threads runs one partition at a time: the pipeline is not thread-safe.
_WORKER_LOCK = threading.Lock()


def _extract_partition(
    papers: list[Paper], use_model: bool, ensemble: bool
) -> tuple[str, str, list[Extraction]]:
    """Run on a Dask worker: the partition's extractions, with the fingerprint of what made them."""
    from papergraph.cache import fingerprint
    from papergraph.extract import load_extractor

    with _WORKER_LOCK:
        key = (use_model, ensemble)
        extractor = _BUILT.get(key)
        if extractor is None:
            global _BUILDS
            extractor = _BUILT[key] = load_extractor(use_model=use_model, ensemble=ensemble)
            _BUILDS += 1
        out = list(extractor._extract_serial(papers, len(papers)))
    return fingerprint(use_model=use_model, ensemble=ensemble), __version__, out


def _builds_on_worker() -> int:
    """How many extractors this worker process has built (for tests and diagnostics)."""
    return _BUILDS
