"""CSV with a header row (Zotero's export or any table with title/abstract columns)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from papergraph.ingest.mapping import ABSTRACT_KEYS, TITLE_KEYS, paper_from_mapping
from papergraph.ingest.records import Item
from papergraph.types import Problem

__all__ = ["header_has_paper_columns", "read_csv"]

FORMAT = "csv"


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def header_has_paper_columns(header: Iterable[str]) -> bool:
    names = {_norm(h.lstrip("\ufeff")) for h in header}
    return bool(names & set(TITLE_KEYS)) and bool(names & set(ABSTRACT_KEYS))


def read_csv(lines: Iterable[str], *, source: str) -> Iterator[Item]:
    """One record per data row; the line is where the row starts in the file."""
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        return
    header = [h.lstrip("\ufeff").strip() for h in header]
    if not header_has_paper_columns(header):
        yield Problem(
            source,
            1,
            "CSV header has no title and abstract columns "
            f"(found: {', '.join(header[:8])}{', ...' if len(header) > 8 else ''})",
        )
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(source, start, f"malformed CSV row: {exc}; rest of the file not read")
            return
        if any(cell.strip() for cell in row):
            if len(row) != len(header):
                yield Problem(
                    source,
                    start,
                    f"row has {len(row)} cells but the header has {len(header)}; skipped",
                )
            else:
                yield paper_from_mapping(dict(zip(header, row, strict=True)), source=source,
                                         line=start, fmt=FORMAT)
        start = reader.line_num + 1
