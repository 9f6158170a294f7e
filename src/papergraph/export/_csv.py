"""CSV files written row by row, atomically, the same bytes for the same rows."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from papergraph._io import atomic_write_chunks

#: Rows per chunk handed to the file: large tables stream instead of being held whole.
_CHUNK_ROWS = 2000


def cell(value: Any) -> str:
    """One value as CSV text: None empty, booleans ``true``/``false``, floats in their shortest
    exact form (``Infinity``/``NaN`` as Java and Neo4j spell them)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    return str(value)


def _lines(header: Sequence[str], rows: Iterable[Sequence[Any]], counter: list[int]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    n = 0
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row of {len(row)} cells under a header of {len(header)}: {row!r}")
        writer.writerow([cell(v) for v in row])
        n += 1
        if n % _CHUNK_ROWS == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    counter.append(n)
    yield buf.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``header`` and ``rows`` to ``path`` (UTF-8, ``\\n`` line ends, quoted only where
    needed, a quote doubled); returns the number of rows."""
    counter: list[int] = []
    atomic_write_chunks(path, _lines(header, rows, counter))
    return counter[0]
