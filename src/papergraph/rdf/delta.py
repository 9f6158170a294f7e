"""What changed between two builds' graph.nt: the lines only one of them has.

A build writes graph.nt with its lines sorted and distinct, so two builds'
files are compared in one pass of each, holding only the lines that differ.
The SPARQL store of the previous build is brought up to date with that
difference instead of loading every triple again (:mod:`papergraph.rdf.store`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from papergraph._io import open_output

#: Above this share of the new file's lines changed, loading it afresh is as cheap.
MAX_CHANGED = 0.25
_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Delta:
    """Lines of the old file that the new one lacks, and lines of the new one the old lacks."""

    removed: tuple[bytes, ...]
    added: tuple[bytes, ...]
    kept: int  # lines in both

    @property
    def changed(self) -> int:
        return len(self.removed) + len(self.added)


class NotSorted(ValueError):
    """A file whose lines are not sorted and distinct (not a graph.nt papergraph wrote)."""


def _lines(path: Path) -> Iterator[bytes]:
    """The lines of ``path``, checked to be strictly increasing; raises NotSorted when not."""
    prev = b""
    with open_output(path) as fh:  # graph.nt or graph.nt.gz
        for line in fh:
            if line <= prev:
                raise NotSorted(f"{path}: lines are not sorted and distinct")
            prev = line
            yield line


def _count_lines(path: Path) -> int:
    with open_output(path) as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(_BLOCK), b""))


def nt_delta(old: Path, new: Path, *, max_changed: float = MAX_CHANGED) -> Delta | None:
    """The difference of two sorted N-Triples files; None when more than ``max_changed``
    of ``new``'s lines differ, or either file is not sorted and distinct."""
    removed: list[bytes] = []
    added: list[bytes] = []
    kept = 0
    budget = max_changed * max(_count_lines(new), 1)
    a, b = _lines(old), _lines(new)
    try:
        x, y = next(a, None), next(b, None)
        while x is not None or y is not None:
            if x == y:
                kept += 1
                x, y = next(a, None), next(b, None)
                continue
            if y is None or (x is not None and x < y):
                removed.append(x)  # type: ignore[arg-type]
                x = next(a, None)
            else:
                added.append(y)
                y = next(b, None)
            if len(removed) + len(added) > budget:
                return None
    except NotSorted:
        return None
    return Delta(removed=tuple(removed), added=tuple(added), kept=kept)
