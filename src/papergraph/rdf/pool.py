"""The endpoint's query workers: processes the server can stop from outside.

pyoxigraph cannot interrupt a query, so each query runs in a worker process
that holds the store open read-only, and the server waits for its answer.
While it waits it watches three things, and kills and replaces the worker
when one goes wrong:

- the deadline (parsing included: the worker parses);
- the worker's resident memory, read from ``/proc/PID/statm`` (Linux; where
  that file is missing there is no memory cap);
- the worker itself: one that dies mid-query is reported as a crash.

The pool keeps ``workers`` processes ready and starts more, up to
``max_workers``, while all are busy, so a slow query cannot hold up quick ones;
the extra workers stop after ``idle_retire`` seconds without work. When all
``max_workers`` are busy, a request waits ``busy_wait`` seconds at most and
then gets 503 with Retry-After.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from papergraph.errors import PapergraphError, QueryError
from papergraph.rdf.store import open_store

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_MEMORY_MB = 1024
DEFAULT_MAX_WORKERS = 4
DEFAULT_BUSY_WAIT = 2.0
DEFAULT_IDLE_RETIRE = 60.0
STARTUP_TIMEOUT = 60.0
POLL = 0.05  # seconds between checks of a busy worker
PLAIN = "text/plain; charset=utf-8"

try:
    _PAGE = os.sysconf("SC_PAGE_SIZE")
except (AttributeError, ValueError, OSError):
    _PAGE = 4096

# (media type -> pyoxigraph format name) for solutions, and for graphs
_SOLUTION_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/sparql-results+xml": "XML",
}
_GRAPH_TYPES = {
    "application/n-triples": "N_TRIPLES",
    "text/turtle": "TURTLE",
    "application/ld+json": "JSON_LD",
}


@dataclass(frozen=True, slots=True)
class Answer:
    """What the server sends back for one query."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def text_answer(status: int, message: str, *headers: tuple[str, str]) -> Answer:
    return Answer(status, PLAIN, (message + "\n").encode(), headers)


@dataclass(frozen=True, slots=True)
class PoolState:
    """Process ids of the pool's workers, by what they are doing."""

    idle: tuple[int, ...]
    busy: tuple[int, ...]
    starting: int


def rss_bytes(pid: int) -> int | None:
    """Resident memory of process ``pid`` (Linux ``/proc``); None where unknown."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def _answer(st: Any, sparql: str, accept: list[str]) -> tuple[int, str, bytes]:
    """Run one query in a worker; (status, content type, body)."""
    import pyoxigraph as ox

    from papergraph.rdf.sparql import execute

    try:
        results = execute(st.store, sparql, base=st.base)
        if isinstance(results, ox.QueryTriples):
            fmt = next((_GRAPH_TYPES[m] for m in accept if m in _GRAPH_TYPES), "N_TRIPLES")
            rdf = getattr(ox.RdfFormat, fmt)
            return 200, rdf.media_type, results.serialize(format=rdf) or b""
        name = next((_SOLUTION_TYPES[m] for m in accept if m in _SOLUTION_TYPES), "JSON")
        qrf = getattr(ox.QueryResultsFormat, name)
        return 200, qrf.media_type, results.serialize(format=qrf) or b""
    except QueryError as exc:
        status = 403 if "read-only" in str(exc) else 400
        return status, PLAIN, (str(exc) + "\n").encode()


def _serve(outdir: str, conn: Connection) -> None:
    try:
        st = open_store(outdir)
    except Exception as exc:  # noqa: BLE001 - the parent reports why the worker could not start
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        sparql, accept = msg
        try:
            conn.send(_answer(st, sparql, accept))
        except Exception as exc:  # noqa: BLE001 - report any failure to the client, keep serving
            conn.send((500, PLAIN, f"query failed: {exc}\n".encode()))


def _exit_with_parent(ppid: int) -> None:
    # A worker deep in a query only notices a closed pipe when the query ends.
    while os.getppid() == ppid:
        time.sleep(1.0)
    os._exit(0)


def _worker_main(outdir: str, conn: Connection) -> None:
    from papergraph.rdf.guard import on_deep_stack

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        on_deep_stack(_serve, outdir, conn)
    except (EOFError, OSError):
        return  # the server went away


class _Worker:
    def __init__(self, ctx: Any, outdir: str) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(outdir, child), daemon=True)
        self.proc.start()
        child.close()
        self.idle_since = time.monotonic()

    @property
    def pid(self) -> int:
        return int(self.proc.pid or 0)

    def wait_ready(self, timeout: float) -> None:
        """Block until the worker has opened the store; raise if it cannot."""
        if self.conn.poll(timeout):
            try:
                state, detail = self.conn.recv()
            except (EOFError, OSError):
                state, detail = "failed", "the worker exited"
            if state == "ready":
                return
        else:
            detail = f"no answer within {timeout:g} s"
        self.stop()
        raise PapergraphError(f"a SPARQL query worker could not start: {detail}")

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)
        self.conn.close()

    def how_it_ended(self) -> str:
        code = self.proc.exitcode
        if code is None:
            return "it stopped answering"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"


class QueryPool:
    """Worker processes that run queries with a deadline and a memory cap."""

    def __init__(
        self,
        outdir: str | os.PathLike[str],
        *,
        workers: int = 2,
        max_workers: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB,
        busy_wait: float = DEFAULT_BUSY_WAIT,
        idle_retire: float = DEFAULT_IDLE_RETIRE,
        log: Callable[[str], None] | None = None,
    ) -> None:
        max_workers = max(workers, DEFAULT_MAX_WORKERS) if max_workers is None else max_workers
        if workers < 1 or max_workers < workers:
            raise PapergraphError(
                f"need 1 <= workers <= max_workers, got workers={workers}, max_workers={max_workers}"
            )
        if timeout <= 0 or busy_wait < 0 or idle_retire < 0:
            raise PapergraphError("timeout must be positive, busy_wait and idle_retire not negative")
        if max_memory_mb is not None and max_memory_mb <= 0:
            raise PapergraphError(f"the memory cap must be positive MB (or None for none), got {max_memory_mb}")
        self.outdir = str(Path(outdir).resolve())
        self.workers = workers
        self.max_workers = max_workers
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.busy_wait = busy_wait
        self.idle_retire = idle_retire
        self.log = log or (lambda _line: None)
        self._ctx = mp.get_context("spawn")  # no fork from a threaded server
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []  # last in, first out: the warmest worker first
        self._busy: set[_Worker] = set()
        self._starting = 0
        self._waiting = 0
        self._failure = ""
        self._failures = 0
        self._closed = False
        first: list[_Worker] = []
        try:
            first.extend(_Worker(self._ctx, self.outdir) for _ in range(workers))
            for w in first:
                w.wait_ready(STARTUP_TIMEOUT)
            self._check_cap(first[0])
        except BaseException:
            for w in first:
                w.stop()
            raise
        self._idle.extend(first)

    @property
    def _cap(self) -> int | None:
        return None if self.max_memory_mb is None else self.max_memory_mb << 20

    def _check_cap(self, w: _Worker) -> None:
        rss, cap = rss_bytes(w.pid), self._cap
        if rss is not None and cap is not None and rss >= cap:
            raise PapergraphError(
                f"a memory cap of {self.max_memory_mb} MB is below what an idle query worker "
                f"already holds ({rss >> 20} MB); raise --max-memory"
            )

    def state(self) -> PoolState:
        with self._cond:
            return PoolState(
                idle=tuple(w.pid for w in self._idle),
                busy=tuple(w.pid for w in self._busy),
                starting=self._starting,
            )

    # --- growing and shrinking -------------------------------------------------

    def _total(self) -> int:
        return len(self._idle) + len(self._busy) + self._starting

    def _top_up(self) -> None:
        """Start workers: back to ``workers``, plus one for each waiting request and a spare."""
        want = max(self.workers - self._total(), self._waiting + 1 - len(self._idle) - self._starting)
        for _ in range(min(want, self.max_workers - self._total())):
            self._starting += 1
            threading.Thread(target=self._bring_up, daemon=True).start()

    def _bring_up(self) -> None:
        try:
            w = _Worker(self._ctx, self.outdir)
            w.wait_ready(STARTUP_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - told to the requests waiting for a worker
            self.log(f"a query worker failed to start: {exc}")
            with self._cond:
                self._starting -= 1
                self._failure = str(exc)
                self._failures += 1
                self._cond.notify_all()
            return
        with self._cond:
            self._starting -= 1
            if not self._closed:
                w.idle_since = time.monotonic()
                self._idle.append(w)
                self._cond.notify_all()
                return
        w.stop()

    def reap(self, now: float | None = None) -> int:
        """Stop extra workers idle for ``idle_retire`` seconds; how many stopped."""
        now = time.monotonic() if now is None else now
        with self._cond:
            extra = self._total() - self.workers
            old = sorted((w for w in self._idle if now - w.idle_since >= self.idle_retire),
                         key=lambda w: w.idle_since)[:max(0, extra)]
            for w in old:
                self._idle.remove(w)
        for w in old:
            w.stop()
        return len(old)

    # --- running a query -------------------------------------------------------

    def _acquire(self) -> _Worker | Answer:
        start = time.monotonic()
        w: _Worker | None = None
        with self._cond:
            failures = self._failures
            self._waiting += 1
            try:
                while not self._closed:
                    if self._idle:
                        w = self._idle.pop()
                        self._busy.add(w)
                        break
                    if self._failures != failures and not self._starting:
                        return text_answer(503, f"no query worker could start: {self._failure}")
                    self._top_up()
                    # Wait for a worker that is starting; when none can start, busy_wait only.
                    limit = start + (STARTUP_TIMEOUT if self._starting else self.busy_wait)
                    left = limit - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
            finally:
                self._waiting -= 1
            if self._closed:
                return text_answer(503, "the server is shutting down")
            if w is not None:
                self._top_up()  # a spare for the next request
                return w
        retry = str(max(1, math.ceil(self.busy_wait)))
        return text_answer(
            503, f"all {self.max_workers} query workers are busy; try again in a few seconds",
            ("Retry-After", retry),
        )

    def _release(self, w: _Worker) -> None:
        rss, cap = rss_bytes(w.pid), self._cap
        if rss is not None and cap is not None and rss > cap // 2:
            self._discard(w)  # give back what the last query left allocated
            return
        with self._cond:
            self._busy.discard(w)
            if self._closed:
                w.stop()
                return
            w.idle_since = time.monotonic()
            self._idle.append(w)
            self._cond.notify_all()

    def _discard(self, w: _Worker) -> None:
        with self._cond:
            self._busy.discard(w)
        w.stop()
        with self._cond:
            if not self._closed:
                self._top_up()
            self._cond.notify_all()

    def run(self, sparql: str, accept: list[str]) -> Answer:
        """Answer one query (status, content type, body), within the limits."""
        got = self._acquire()
        if isinstance(got, Answer):
            return got
        w = got
        try:
            w.conn.send((sparql, accept))
        except (OSError, ValueError):
            self._discard(w)
            return text_answer(500, f"a query worker had died ({w.how_it_ended()}); it was replaced, try again")
        return self._wait(w)

    def _wait(self, w: _Worker) -> Answer:
        deadline = time.monotonic() + self.timeout
        cap = self._cap
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self._discard(w)
                return text_answer(503, f"query did not finish within {self.timeout:g} s and was stopped")
            try:
                if w.conn.poll(min(POLL, left)):
                    status, ctype, body = w.conn.recv()
                    self._release(w)
                    return Answer(status, ctype, body)
                dead = not w.proc.is_alive() and not w.conn.poll(0)
            except (EOFError, OSError):  # the worker died, or close() killed it
                dead = True
            if dead:
                self._discard(w)
                if self._closed:
                    return text_answer(503, "the server is shutting down")
                return text_answer(
                    500, f"the query crashed the worker ({w.how_it_ended()}); the worker was replaced"
                )
            rss = rss_bytes(w.pid) if cap is not None else None
            if rss is not None and cap is not None and rss > cap:
                self._discard(w)
                self.log(f"stopped a query at {rss >> 20} MB (cap {self.max_memory_mb} MB)")
                return text_answer(503, f"the query used more than {self.max_memory_mb} MB and was stopped")

    def close(self) -> None:
        """Stop every worker. A busy one is killed; its request thread tidies up after it."""
        with self._cond:
            self._closed = True
            idle, busy = list(self._idle), list(self._busy)
            self._idle.clear()
            self._cond.notify_all()
        for w in idle:
            w.stop()
        for w in busy:
            if w.proc.is_alive():
                w.proc.kill()
