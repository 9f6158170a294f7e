"""CSV with a header row (Zotero's export or any table with title/abstract columns).

A quoted field may span lines, so one missing closing quote can swallow the
rest of the file into one cell. Rows are therefore read strictly: a quoted
field that never closes, that runs into what can only be the next row, or
that holds lines which read as complete rows of their own is reported at the
line where its quote opened, and reading starts again on the line after it.
A field over the csv module's size limit costs its row, not the rest of the
file. Every line is re-read at most about once, so a broken file still reads
in time proportional to its size.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterable, Iterator

from papergraph.ingest.mapping import ABSTRACT_KEYS, TITLE_KEYS, paper_from_mapping
from papergraph.ingest.records import Item
from papergraph.types import Problem

__all__ = ["header_has_paper_columns", "read_csv"]

FORMAT = "csv"

Line = tuple[int, str]
_WIDE = 8


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def header_has_paper_columns(header: Iterable[str]) -> bool:
    names = {_norm(h.lstrip("\ufeff")) for h in header}
    return bool(names & set(TITLE_KEYS)) and bool(names & set(ABSTRACT_KEYS))


class _Feed:
    """The file's lines for csv.reader, numbered; the lines of the row being read are
    kept so that a bad row can be re-read from a later line."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._file = enumerate(lines, 1)
        self._again: deque[Line] = deque()
        self.taken: list[Line] = []
        self.ended = False  # the file ran out while the current row was being read
        self.read = 0  # lines read from the file (re-reads not counted)

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self._again:
            item = self._again.popleft()
        else:
            got = next(self._file, None)
            if got is None:
                self.ended = True
                raise StopIteration
            item = got
            self.read += 1
        self.taken.append(item)
        return item[1]

    def new_row(self) -> None:
        self.taken = []
        self.ended = False

    def pull(self) -> Line | None:
        """One more line of the current row, outside csv.reader."""
        try:
            next(self)
        except StopIteration:
            return None
        return self.taken[-1]

    def again(self, lines: list[Line]) -> None:
        self._again.extendleft(reversed(lines))


def _quote_open_after(line: str, quoted: bool) -> tuple[bool, bool]:
    """Whether a quoted field is open at the end of ``line``, and whether it opened on it.

    ``quoted``: one was open at the line's start. Follows csv's default dialect: a
    quote opens a field only as its first character, ``""`` inside one is a quote.
    """
    opened = False
    i = 0
    while True:
        if not quoted:  # i is where a field starts
            if line.startswith('"', i):
                quoted, opened = True, True
                i += 1
                continue
            k = line.find(",", i)
            if k < 0:
                return False, False
            i = k + 1
            continue
        j = line.find('"', i)
        if j < 0:
            return True, opened
        if line.startswith('"', j + 1):
            i = j + 2
            continue
        quoted, opened = False, False
        k = line.find(",", j + 1)
        if k < 0:
            return False, False
        i = k + 1


def _quote_line(lines: list[Line]) -> int:
    """The line where the quoted field still open at the end of ``lines`` opened."""
    quoted, where = False, lines[0][0]
    for n, text in lines:
        quoted, opened = _quote_open_after(text, quoted)
        if opened:
            where = n
    return where


def _cells(text: str) -> list[str] | None:
    try:
        return next(csv.reader([text]), [])
    except csv.Error:
        return None


def _swallowed_row(lines: list[Line], width: int) -> int | None:
    """Index of an inner line of a multi-line row that reads as a complete row by itself.

    Only inner lines count (the last one holds the closing quote and the rest of
    the row), and only in tables of at least _WIDE columns: in a narrower one a
    hard-wrapped abstract line with two or three commas would look like a row.
    Narrow tables still get the strict checks, which catch a swallowed row as
    soon as it holds a quote.
    """
    if width < _WIDE:
        return None
    for i, (_, text) in enumerate(lines[1:-1], 1):
        cells = _cells(text)
        if cells is not None and len(cells) == width and cells[0].strip():
            return i
    return None


class _Rows:
    """Rows as (first line, cells), or Problems; reading restarts after a bad quote."""

    def __init__(self, lines: Iterable[str], source: str) -> None:
        self.feed = _Feed(lines)
        self.source = source
        self.reader = csv.reader(self.feed, strict=True)
        self.reread = 0
        self.width = 0  # the header's; set once it is read

    def _restart(self, lines: list[Line], quote: int, why: str) -> Problem:
        """Report the row of ``lines`` and read again from the line after ``quote``."""
        self.reader = csv.reader(self.feed, strict=True)
        rest = [ln for ln in lines if ln[0] > quote]
        first = lines[0][0]
        reason = f"the quoted field opened at line {quote} {why}; row skipped"
        if rest and self.reread + len(rest) > self.feed.read:
            # Re-reading again would make a file of broken quotes quadratic to read.
            reason += f", and lines {rest[0][0]}-{rest[-1][0]} with it"
        elif rest:
            self.reread += len(rest)
            self.feed.again(rest)
            reason += f"; reading goes on at line {rest[0][0]}"
        return Problem(self.source, first, reason)

    def _failed(self, exc: csv.Error) -> Iterator[tuple[int, list[str]] | Problem]:
        feed = self.feed
        lines = list(feed.taken)
        first = lines[0][0]
        if "field larger than field limit" in str(exc):
            # Skip the rest of the oversized field, which may go on over more lines.
            quoted = False
            for _, text in lines:
                quoted, _ = _quote_open_after(text, quoted)
            while quoted and (more := feed.pull()) is not None:
                quoted, _ = _quote_open_after(more[1], quoted)
            lines = list(feed.taken)
            if not quoted:
                self.reader = csv.reader(feed, strict=True)
                yield Problem(
                    self.source,
                    first,
                    f"a field is longer than {csv.field_size_limit():,} characters, more than "
                    f"any title or abstract; row (lines {first}-{lines[-1][0]}) skipped",
                )
                return
            yield self._restart(lines, _quote_line(lines), "is never closed (the file ends inside it)")
            return
        if feed.ended:
            yield self._restart(lines, _quote_line(lines), "is never closed (the file ends inside it)")
            return
        if len(lines) == 1:
            # A stray quote within one line ('"abc"def'): read leniently, as csv does by default.
            cells = _cells(lines[0][1])
            self.reader = csv.reader(feed, strict=True)
            if cells is None:
                yield Problem(self.source, first, f"malformed CSV row: {exc}; skipped")
            else:
                yield first, cells
            return
        yield self._restart(
            lines,
            _quote_line(lines[:-1]),
            f"runs into line {lines[-1][0]}, which cannot continue it ({exc})",
        )

    def __iter__(self) -> Iterator[tuple[int, list[str]] | Problem]:
        while True:
            self.feed.new_row()
            try:
                row = next(self.reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if not self.feed.taken:  # not seen, but re-reading nothing would never end
                    yield Problem(self.source, None, f"malformed CSV: {exc}; rest of the file not read")
                    return
                yield from self._failed(exc)
                continue
            lines = list(self.feed.taken)
            if len(lines) > 1 and (i := _swallowed_row(lines, self.width)) is not None:
                yield self._restart(
                    lines,
                    _quote_line(lines[:i]),
                    f"takes in line {lines[i][0]}, which reads as a row of its own "
                    "(is its closing quote missing?)",
                )
                continue
            yield lines[0][0], row


def read_csv(lines: Iterable[str], *, source: str) -> Iterator[Item]:
    """One record per data row; the line is where the row starts in the file."""
    reader = _Rows(lines, source)
    rows = iter(reader)
    first = next(rows, None)
    if first is None:
        return
    if isinstance(first, Problem):
        why = first.reason.split(";")[0]
        yield Problem(source, first.line, f"the CSV header row cannot be read: {why}; file not read")
        return
    header = [h.lstrip("\ufeff").strip() for h in first[1]]
    if not header_has_paper_columns(header):
        yield Problem(
            source,
            1,
            "CSV header has no title and abstract columns "
            f"(found: {', '.join(header[:8])}{', ...' if len(header) > 8 else ''})",
        )
        return
    reader.width = len(header)
    for item in rows:
        if isinstance(item, Problem):
            yield item
            continue
        start, row = item
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Problem(
                source, start, f"row has {len(row)} cells but the header has {len(header)}; skipped"
            )
        else:
            yield paper_from_mapping(
                dict(zip(header, row, strict=True)), source=source, line=start, fmt=FORMAT
            )
