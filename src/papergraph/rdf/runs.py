"""Sorting and de-duplicating more N-Triples lines than are worth holding at once.

A corpus build emits millions of triples. Holding all of them as a set, then
as a sorted list, made the RDF stage the peak of a build's memory. Here lines
are gathered a run at a time: each run is de-duplicated, sorted and spilled to
a file beside the output, and the runs are merged back in order. Memory is
one run, whatever the size of the graph; the result is the same sorted,
distinct sequence a single ``sorted(set(lines))`` gives.

A line is ``"S P O .\\n"`` with N-Triples terms: IRIs hold no space and
literals escape every control character, so sorting lines sorts triples by
subject, predicate and object, as the outputs have always been ordered.
"""

from __future__ import annotations

import contextlib
import heapq
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from papergraph._io import open_output

#: Lines per run: a few hundred megabytes of strings at most.
RUN_LINES = 500_000
_BUFFER = 1 << 20


def _spill(lines: list[str], folder: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=".triples-run-", suffix=".nt", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=_BUFFER) as fh:
        fh.writelines(lines)
    return Path(name)


def _read(path: Path) -> Iterator[str]:
    # newline="\n": only "\n" ends a line (a literal may hold U+2028 and the like, never a raw "\n").
    with io.TextIOWrapper(open_output(path), encoding="utf-8", newline="\n") as fh:  # graph.nt or graph.nt.gz
        yield from fh


def _distinct(lines: Iterable[str]) -> Iterator[str]:
    prev = None
    for line in lines:
        if line != prev:
            yield line
            prev = line


@contextlib.contextmanager
def sorted_distinct(lines: Iterable[str], folder: Path, *, run_lines: int = RUN_LINES) -> Iterator[Iterator[str]]:
    """``sorted(set(lines))`` as an iterator, holding at most ``run_lines`` lines in memory.

    Runs are spilled into ``folder`` and removed when the block ends.
    """
    runs: list[Path] = []
    try:
        batch: set[str] = set()
        for line in lines:
            batch.add(line)
            if len(batch) >= run_lines:
                runs.append(_spill(sorted(batch), folder))
                batch = set()
        last = sorted(batch)
        del batch
        if not runs:
            yield iter(last)
        else:
            yield _distinct(heapq.merge(last, *(_read(run) for run in runs)))
    finally:
        for run in runs:
            with contextlib.suppress(OSError):
                run.unlink()


def split_line(line: str) -> tuple[str, str, str]:
    """``(subject, predicate, object)`` of one N-Triples line papergraph wrote."""
    i = line.index(" ")
    j = line.index(" ", i + 1)
    return line[:i], line[i + 1 : j], line[j + 1 : -3]


def read_triples(path: Path) -> Iterator[tuple[str, str, str]]:
    """The triples of an N-Triples file papergraph wrote, in file order."""
    for line in _read(path):
        yield split_line(line)
