"""Hugging Face "Daily Papers" page dumps (text copied from the web page).

Two layouts occur:

(a) blank-line separated blocks: title, abstract, then optionally an
    ``"  • N authors"`` line (or an organisation line), a ``"·"`` line and a
    date such as ``"Oct 2, 2021"``, ``"Jun 25"`` or ``"Sep 4, 2024 2"`` (the
    trailing number is the upvote count);
(b) compact: a title line, then an abstract line, repeated, with
    ``"Subscribe"`` glued to the first title.

Both are read by one state machine over non-blank lines. A date line only
counts as a date right after ``"·"`` and an author line only after an
abstract, so a title that looks like a date is still a title. Page chrome is
only recognised before the first paper (and the long "Get trending papers"
banners anywhere), so a paper called "Subscribe" is not lost.

A stray or missing line must not shift every paper after it by one, so the
parser also goes by length: a line longer than any title is never taken for
one (it is reported, and the paper before it keeps its author and date lines),
and a title-sized line directly followed by an abstract-sized one starts a
new paper even if the title before it is still waiting for its abstract.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from papergraph.ingest.records import Item, make_paper, month_number
from papergraph.types import Problem

__all__ = ["parse_page_date", "read_daily_page"]

FORMAT = "daily-page"

_CHROME_HEAD = frozenset(
    {
        "new",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
    }
)
_BANNERS = frozenset(
    {
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
    }
)
_GLUED_PREFIX = "Subscribe"
_DOT = "·"
# ASCII digits only: int() takes other scripts' digits too (and refuses 5000 of them, see _count).
_AUTHORS = re.compile(r"\s*•\s*([0-9]+)\s+authors?\s*")
_DATE = re.compile(
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? ([0-9]{1,2})(?:, ([0-9]{4}))?"
    r"(?: ([0-9]+))?"
)
# No paper on the seed pages has a title over 150 characters, nor an abstract under 400: a
# line longer than this is an abstract (or a stray paragraph), never a title.
_MAX_TITLE = 300


def _count(digits: str | None) -> int | None:
    """An author or upvote count; None for a number no page shows (or int() would refuse)."""
    return int(digits) if digits and len(digits) <= 9 else None


def parse_page_date(text: str) -> tuple[str | None, int | None] | None:
    """``"Sep 4, 2024 2"`` -> ``("2024-09-04", 2)``; ``"Jun 25"`` -> ``("--06-25", None)``.

    A date without a year is kept as the ISO 8601 month-day form ``--MM-DD``
    (xsd:gMonthDay); no year is invented. None when ``text`` is not a date line.
    """
    m = _DATE.fullmatch(text.strip())
    if m is None:
        return None
    mon, day, year, votes = m.groups()
    month = month_number(mon)
    d = int(day)
    if month is None or not 1 <= d <= 31:
        return None
    iso = f"{year}-{month:02d}-{d:02d}" if year else f"--{month:02d}-{d:02d}"
    return iso, _count(votes)


@dataclass
class _Pending:
    title: str
    line: int
    abstract: str | None = None
    author_count: int | None = None
    date: str | None = None
    upvotes: int | None = None
    reported: bool = False  # already yielded as a Problem; its metadata is only consumed


def _finish(rec: _Pending, source: str) -> Item:
    return make_paper(
        title=rec.title,
        abstract=rec.abstract,
        source_file=source,
        source_line=rec.line,
        source_format=FORMAT,
        author_count=rec.author_count,
        date=rec.date,
        upvotes=rec.upvotes,
    )


def _can_be_title(line: str) -> bool:
    return len(line) <= _MAX_TITLE


def _not_a_title(source: str, line: str, n: int, after: _Pending | None) -> Problem:
    where = f" after the abstract of {after.title[:80]!r} (line {after.line})" if after else ""
    return Problem(
        source,
        n,
        f"a {len(line)}-character line where a title was expected{where}: an abstract without "
        "its title line, or a paragraph of the abstract before it; skipped",
    )


def _significant(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if line.strip():
            yield n, line


def read_daily_page(lines: Iterable[str], *, source: str) -> Iterator[Item]:
    """Yield one Paper (or Problem) per paper on the page, in page order."""
    stream = _significant(lines)
    in_header = True
    rec: _Pending | None = None  # a title waiting for its abstract
    meta: _Pending | None = None  # a finished record still taking metadata lines
    after_dot = False  # the previous line was "·": a date may follow
    lookahead: tuple[int, str] | None = None

    def next_line() -> tuple[int, str] | None:
        nonlocal lookahead
        if lookahead is not None:
            item, lookahead = lookahead, None
            return item
        return next(stream, None)

    def peek() -> tuple[int, str] | None:
        nonlocal lookahead
        if lookahead is None:
            lookahead = next(stream, None)
        return lookahead

    while (item := next_line()) is not None:
        n, line = item
        stripped = line.strip()
        if stripped in _BANNERS:
            continue
        if in_header:
            if stripped in _CHROME_HEAD or parse_page_date(stripped) is not None:
                continue
            in_header = False
            rest = line[len(_GLUED_PREFIX):]
            # "SubscribeResMLP: ..." is chrome glued to a title; "Subscriber ..." is a title.
            if line.startswith(_GLUED_PREFIX) and rest.strip() and not rest[0].islower():
                line = rest
                stripped = line.strip()

        if after_dot:
            after_dot = False
            parsed = parse_page_date(stripped)
            if parsed is not None and meta is not None:
                meta.date, meta.upvotes = parsed
                continue
        if meta is not None:
            # Lines after an abstract: author count, organisation, "·", date.
            if stripped == _DOT:
                after_dot = True
                continue
            m = _AUTHORS.fullmatch(line)
            if m:
                meta.author_count = _count(m.group(1))
                continue
            nxt = peek()
            if not _can_be_title(stripped) and not meta.reported and meta.date is None:
                # A stray paragraph: the paper before it may still have its authors and date.
                yield _not_a_title(source, stripped, n, meta)
                continue
            if nxt is not None and nxt[1].strip() == _DOT and meta.author_count is None \
                    and _can_be_title(stripped):
                continue  # organisation line ("openbmb OpenBMB"): not a paper
            if not meta.reported and meta.date is None and meta.author_count is None \
                    and nxt is not None and _AUTHORS.fullmatch(nxt[1]):
                # No title is followed by its author line: the line is stray, and the
                # author line is the paper's before it.
                yield Problem(
                    source,
                    n,
                    f"a line between the abstract of {meta.title[:80]!r} (line {meta.line}) "
                    f"and its author line: {stripped[:60]!r}; skipped",
                )
                continue
            if not meta.reported:
                yield _finish(meta, source)
            meta = None
        if rec is None:
            if stripped == _DOT or _AUTHORS.fullmatch(line):
                yield Problem(source, n, f"{stripped!r} without a paper before it; skipped")
                meta = _Pending(title="", line=n, reported=True)
                after_dot = stripped == _DOT
                continue
            if not _can_be_title(stripped):
                yield _not_a_title(source, stripped, n, None)
                # Its authors and date lines, if any, belong to this reported record.
                meta = _Pending(title="", line=n, reported=True)
                continue
            rec = _Pending(title=stripped, line=n)
            continue
        # rec has a title and waits for its abstract.
        if stripped == _DOT or _AUTHORS.fullmatch(line):
            yield _finish(rec, source)  # no abstract: becomes a Problem
            meta, rec = rec, None
            meta.reported = True
            after_dot = stripped == _DOT
            continue
        nxt = peek()
        if _can_be_title(stripped) and nxt is not None:
            if not _can_be_title(nxt[1].strip()):
                # A title-sized line followed by an abstract: the next paper; rec lost its abstract.
                yield _finish(rec, source)
                rec = _Pending(title=stripped, line=n)
                continue
            if nxt[1].strip() == _DOT or parse_page_date(stripped) is not None:
                # An organisation line or a date where the abstract should be: rec has none,
                # and the metadata lines that follow are its own.
                yield _finish(rec, source)
                meta, rec = rec, None
                meta.reported = True
                continue
        rec.abstract = stripped
        meta, rec = rec, None
    if meta is not None and not meta.reported:
        yield _finish(meta, source)
    if rec is not None:
        yield _finish(rec, source)
