"""Progress of the long stages (read, extract, graph, rdf, store, html, ...), for a terminal or a log.

The library reports progress through one callback, ``progress(stage, done,
total)`` (:data:`ProgressFn`; ``total`` is None while unknown). Stages call it
at their start (``done=0``), every so often as they go (per batch, never per
triple) and when they end (``done == total``). A :class:`Reporter` turns
those calls into something to read:

* :class:`RichReporter` draws a bar per stage with its rate and the time left,
  for a terminal;
* :class:`LineReporter` writes plain lines, for a log, CI or a pipe: a start
  line per stage, a progress line at most every ``interval`` seconds (also
  while a stage works between two reports: ``shacl running, 15s``), and an
  end line with the stage's time::

      papergraph: graph started (74728 papers)
      papergraph: graph 31000/74728 papers (41%), 2100/s, 21s left
      papergraph: graph done: 74728 papers in 35.6s

* :class:`SilentReporter` for ``--quiet``.

:func:`reporter` picks one for a stream. Stages run one after another, so a
new stage ends the one before it if it did not say so itself.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TextIO

from papergraph.errors import PapergraphError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, Task, TaskID

#: ``progress(stage, done, total)``; total is None when unknown.
ProgressFn = Callable[[str, int, int | None], None]

#: What each stage counts; a stage not listed counts "items", one of "" is a single step.
UNITS: dict[str, str] = {
    "read": "papers",
    "cached": "papers",
    "extract": "papers",
    "jsonl": "records",
    "link": "papers",
    "merge": "",
    "graph": "papers",
    "edges": "",
    "triples": "nodes+edges",
    "sort": "",
    "nt": "triples",
    "ttl": "triples",
    "shacl": "",
    "save": "nodes",
    "html": "steps",
    "store": "bytes",
    "index": "",
    "parse": "bytes",
    "eval": "documents",  # "eval LAYER SET": the first word decides
}
#: Seconds between two progress lines of :class:`LineReporter`.
LINE_INTERVAL = 5.0


def unit_of(stage: str) -> str:
    return UNITS.get(stage) or UNITS.get(stage.split(" ", 1)[0], "items")


def noop(stage: str, done: int, total: int | None) -> None:
    """A :data:`ProgressFn` that reports nothing."""
    return None


#: Stages that may run beside the others (a large build's SPARQL store loads in a thread, its
#: graph.ttl is written in a second process): their start does not end the open stage, and the
#: start of another does not end them.
BESIDE_STAGES = frozenset({"ttl", "store", "index"})


class Reporter(Protocol):
    """A :data:`ProgressFn` that shows progress somewhere; :meth:`close` ends every open stage."""

    def __call__(self, stage: str, done: int, total: int | None) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Reporter: ...

    def __exit__(self, *exc: object) -> None: ...


class _Base:
    """Context-manager support shared by the reporters."""

    def close(self) -> None:
        return None

    def __enter__(self) -> Reporter:
        return self  # type: ignore[return-value]  # every subclass is a Reporter

    def __exit__(self, *exc: object) -> None:
        self.close()


class SilentReporter(_Base):
    """Reports nothing (``--quiet``)."""

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        return None


def _counted(n: float, unit: str) -> str:
    """``74728 papers``, ``120.5 MB``; "" for a single-step stage."""
    return f"{_amount(n, unit)} {_unit_label(unit)}" if unit else ""


def _amount(n: float, unit: str) -> str:
    if unit == "bytes":
        return f"{n / 1e6:.1f}"
    return str(int(n))


def _unit_label(unit: str) -> str:
    return "MB" if unit == "bytes" else unit


def _rate(per_second: float, unit: str) -> str:
    if unit == "bytes":
        return f"{per_second / 1e6:.1f} MB/s"
    return f"{per_second:.0f}/s" if per_second >= 10 else f"{per_second:.1f}/s"


def duration(seconds: float) -> str:
    """``42s``, ``3m05s``, ``1h02m``: a time to read at a glance."""
    s = max(int(round(seconds)), 0)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{(s % 3600) // 60:02d}m"


@dataclass(slots=True)
class _Stage:
    name: str
    started: float
    done: int = 0
    total: int | None = None
    ended: bool = False


class LineReporter(_Base):
    """Plain progress lines on ``stream`` (see the module docstring).

    ``clock`` is injectable so tests need not wait; lines are flushed as they
    are written, so a log shows them while the stage runs.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        interval: float = LINE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        prefix: str = "papergraph",
        heartbeat: bool = False,
    ) -> None:
        self.stream = stream
        self.interval = interval
        self.clock = clock
        self.prefix = prefix
        self.stages: dict[str, _Stage] = {}
        self.last_line = float("-inf")
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        if heartbeat:
            self._beat = threading.Thread(target=self._beating, name="papergraph-progress", daemon=True)
            self._beat.start()

    def _write(self, text: str) -> None:
        self.stream.write(f"{self.prefix}: {text}\n")
        self.stream.flush()

    def _beating(self) -> None:
        while not self._stop.wait(1.0):  # pulse() writes only when ``interval`` has passed
            self.pulse()

    def pulse(self) -> None:
        """A line for the open stage when none was written for ``interval`` seconds, though it reported
        nothing new: a stage working without reports (a single step, or a phase between reports) still
        shows in a log that it runs."""
        with self._lock:
            now = self.clock()
            # The stage the build is in, rather than one running beside it (the store, graph.ttl).
            open_ = [s for s in self.stages.values() if not s.ended]
            st = next((s for s in reversed(open_) if s.name not in BESIDE_STAGES), open_[0] if open_ else None)
            if st is None or now - self.last_line < self.interval:
                return
            counted = unit_of(st.name) and st.total != 1 and st.done > 0
            self._write(self.line(st, now) if counted else f"{st.name} running, {duration(now - st.started)}")
            self.last_line = now

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        with self._lock:
            self._report(stage, done, total)

    def _report(self, stage: str, done: int, total: int | None) -> None:
        now = self.clock()
        st = self.stages.get(stage)
        started = st is None
        if st is None:
            if stage not in BESIDE_STAGES:
                self._end_others(stage, now)
            st = self.stages[stage] = _Stage(stage, now)
            unit = unit_of(stage)
            size = f" ({_counted(total, unit)})" if total is not None and unit else ""
            self._write(f"{stage} started{size}")
            self.last_line = now
        if st.ended:
            return
        st.done, st.total = done, total
        if total is not None and done >= total:
            self._end(st, now)
        elif not started and now - self.last_line >= self.interval:
            self._write(self.line(st, now))
            self.last_line = now

    def line(self, st: _Stage, now: float) -> str:
        """``graph 31000/74728 papers (41%), 2100/s, 21s left``."""
        unit = unit_of(st.name)
        elapsed = max(now - st.started, 1e-9)
        if unit == "steps":  # steps of unequal length: no rate, no estimate
            return f"{st.name} step {st.done}/{st.total}, {duration(elapsed)}"
        rate = st.done / elapsed
        if st.total is None:
            return f"{st.name} {_amount(st.done, unit)} {_unit_label(unit)}, {_rate(rate, unit)}"
        pct = int(100 * st.done / st.total) if st.total else 100
        text = (f"{st.name} {_amount(st.done, unit)}/{_amount(st.total, unit)} {_unit_label(unit)} ({pct}%), "
                f"{_rate(rate, unit)}")
        if rate > 0:
            text += f", {duration((st.total - st.done) / rate)} left"
        return text

    def _end(self, st: _Stage, now: float, how: str = "done") -> None:
        st.ended = True
        unit = unit_of(st.name)
        what = f": {_counted(st.done, unit)}" if unit else ""
        self._write(f"{st.name} {how}{what} in {now - st.started:.1f}s")
        self.last_line = now

    def _end_others(self, stage: str, now: float, how: str = "done") -> None:
        for other in self.stages.values():
            if not other.ended and other.name != stage and (not stage or other.name not in BESIDE_STAGES):
                self._end(other, now, how)

    def close(self, *, failed: bool = False) -> None:
        """End the open stage: ``done``, or ``stopped`` when the run failed (an error, Ctrl-C)."""
        self._stop.set()
        if self._beat is not None:
            self._beat.join()
        with self._lock:
            self._end_others("", self.clock(), "stopped" if failed else "done")

    def __exit__(self, *exc: object) -> None:
        self.close(failed=exc[0] is not None)


class RichReporter(_Base):
    """A rich progress bar per stage, with its rate and the time left, on ``console``."""

    def __init__(self, console: Console, *, transient: bool = True) -> None:
        from rich.progress import (
            BarColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        count, speed = _columns()
        self.bar: Progress = Progress(
            TextColumn("[bold]{task.description:<8}"),
            BarColumn(),
            count(),
            speed(),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=transient,
        )
        self.tasks: dict[str, TaskID] = {}
        self.bar.start()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total, unit=unit_of(stage))
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def close(self) -> None:
        self.bar.stop()


def _columns() -> tuple[type, type]:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Count(ProgressColumn):
        """``31000/74728 papers`` (MB for bytes)."""

        def render(self, task: Task) -> Text:
            unit = task.fields.get("unit", "items")
            if not unit:  # one step: the bar and the time say it all
                return Text("")
            total = "?" if task.total is None else _amount(task.total, unit)
            return Text(f"{_amount(task.completed, unit)}/{total} {_unit_label(unit)}")

    class Speed(ProgressColumn):
        """``2100/s`` or ``30.1 MB/s``."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else _rate(speed, task.fields.get("unit", "items")))

    return Count, Speed



#: Seconds between progress lines, instead of :data:`LINE_INTERVAL` (0: a line at every report).
INTERVAL_ENV = "PAPERGRAPH_PROGRESS_INTERVAL"


def line_interval() -> float:
    """The seconds between progress lines: :data:`INTERVAL_ENV` when set, else :data:`LINE_INTERVAL`."""
    text = os.environ.get(INTERVAL_ENV, "").strip()
    if not text:
        return LINE_INTERVAL
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses nan
        raise PapergraphError(f"{INTERVAL_ENV} is seconds between progress lines (0 or more), not {text!r}")
    return value


def reporter(
    stream: TextIO, *, quiet: bool = False, console: Console | None = None, interval: float | None = None
) -> Reporter:
    """The reporter for ``stream``: silent when ``quiet``, bars on a terminal, lines otherwise.

    ``console`` is the rich console the bars draw on (one on ``stream`` when
    not given); ``interval`` the seconds between lines (default: :func:`line_interval`).
    """
    if quiet:
        return SilentReporter()
    if stream.isatty():
        if console is None:
            from rich.console import Console

            console = Console(file=stream)
        return RichReporter(console)
    return LineReporter(stream, interval=line_interval() if interval is None else interval, heartbeat=True)


class Throttle:
    """Calls ``progress(stage, done, total)`` at most once per ``every`` items, and always at the end.

    Used inside loops so a stage reports per batch, never per item.
    """

    __slots__ = ("progress", "stage", "total", "every", "next")

    def __init__(self, progress: ProgressFn, stage: str, total: int | None, *, every: int = 0) -> None:
        self.progress, self.stage, self.total = progress, stage, total
        self.every = every or max((total or 0) // 100, 1000)
        self.next = self.every
        progress(stage, 0, total)

    def __call__(self, done: int) -> None:
        if done >= self.next:
            self.next = done + self.every
            self.progress(self.stage, done, self.total)

    def end(self, done: int) -> None:
        """The stage is over after ``done`` items (its total when the total was not known)."""
        self.progress(self.stage, done, done if self.total is None else self.total)


class CountingReader:
    """A binary file that reports how many bytes were read, every 0.5% of ``total`` (at least 1 MB).

    For parsers and loaders that read a file themselves (pyoxigraph's bulk
    load, rdflib's parsers): they call ``read``/``readinto``; ``close`` is left
    to the owner of ``fh``.
    """

    def __init__(self, fh: BinaryIO, total: int, report: Callable[[int], None]) -> None:
        self.fh, self.total, self.report = fh, total, report
        self.done = 0
        self.step = max(total // 200, 1 << 20)
        self.next = self.step

    def _count(self, n: int) -> None:
        self.done += n
        if self.done >= self.next:
            self.next = self.done + self.step
            self.report(self.done)

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self._count(len(data))
        return data

    def readinto(self, buf: Any) -> int:
        n = self.fh.readinto(buf)  # type: ignore[attr-defined]
        self._count(n)
        return n  # type: ignore[no-any-return]

    def close(self) -> None:
        return None
