"""A small, tolerant BibTeX reader.

Handles ``{...}`` and ``"..."`` values (nested braces), ``#`` concatenation,
``@string`` macros and the month macros, ``@comment``/``@preamble``, and
entries delimited by ``(...)``. A malformed entry becomes a Problem at its
line naming what is wrong and where; reading resumes where the error was
found, or, for a brace or quote never closed, at the next line that opens an
entry, so a broken file costs time in proportion to its size.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from papergraph.ingest._source import LineIndex
from papergraph.ingest.identity import normalise_doi
from papergraph.ingest.latex import latex_to_text
from papergraph.ingest.mapping import flip_name
from papergraph.ingest.records import Item, make_paper, normalise_date
from papergraph.types import Problem

__all__ = ["BibEntry", "parse_bibtex", "read_bibtex"]

FORMAT = "bibtex"

_ENTRY_START = re.compile(r"@[ \t]*([A-Za-z][\w-]*)\s*([{(])")
# An entry that opens a line: where a broken entry before it is cut off.
_LINE_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z][\w-]*\s*[{(]", re.MULTILINE)
_BRACE = re.compile(r"[{}]")
_QUOTED_STOP = re.compile(r'[{}"]')
_MAX_VALUE = 1_000_000
# ASCII digits only: str.isdigit() and int() accept "²" and other scripts' digits.
_MONTH_DIGITS = re.compile(r"[0-9]{1,2}")
_ISO_START = re.compile(r"[0-9]{4}(?![0-9])")
_WS = re.compile(r"\s*")
_NAME = re.compile(r"[^\s=,{}()\"#]+")
_NUMBER = re.compile(r"\d+")
_KEY = re.compile(r"[^,\s{}()]*")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_MONTHS = {
    m: name
    for m, name in zip(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"),
        strict=True,
    )
}
_MONTH_NUMBERS = {m: i for i, m in enumerate(_MONTHS, 1)}


@dataclass(frozen=True, slots=True)
class BibEntry:
    type: str
    key: str
    fields: tuple[tuple[str, str], ...]  # (lower-case name, raw value), in file order
    line: int

    def get(self, name: str) -> str | None:
        for k, v in self.fields:
            if k == name and v.strip():
                return v
        return None

    def get_all(self, name: str) -> list[str]:
        return [v for k, v in self.fields if k == name]


class _BibSyntax(Exception):
    """A malformed entry. ``resume`` is where reading goes on (None: after ``pos``)."""

    def __init__(self, pos: int, msg: str, *, resume: int | None = None) -> None:
        super().__init__(msg)
        self.pos = pos
        self.resume = resume


def _brace_pairs(text: str) -> dict[int, int]:
    """Offset of every ``{`` -> offset of its ``}``, in one pass (unmatched ones absent).

    Counting braces forward from one ``{`` finds the same ``}`` as this stack does,
    so looking a value up here costs nothing however long the rest of the file is.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACE.finditer(text):
        if m.group() == "{":
            stack.append(m.start())
        elif stack:
            pairs[stack.pop()] = m.start()
    return pairs


class _Parser:
    """Entries are parsed within ``[start, limit)``: ``limit`` is the next line that opens
    an entry, so a missing ``}`` or ``"`` costs one entry, not the rest of the file, and
    reading a file of broken entries stays linear in its size.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.macros: dict[str, str] = dict(_MONTHS)
        self.pairs = _brace_pairs(text)
        self.bounds = [m.start() for m in _LINE_ENTRY.finditer(text)]
        self.limit = len(text)

    def limit_after(self, pos: int) -> int:
        i = bisect.bisect_right(self.bounds, pos)
        return self.bounds[i] if i < len(self.bounds) else len(self.text)

    def where(self) -> str:
        if self.limit >= len(self.text):
            return "before the end of the file"
        return f"before the next entry at line {self.index.line_of(self.limit)}"

    def ws(self, pos: int) -> int:
        return _WS.match(self.text, pos, self.limit).end()  # type: ignore[union-attr]

    def at(self, pos: int, s: str) -> bool:
        return self.text.startswith(s, pos, self.limit)

    def braced(self, pos: int, *, bounded: bool = True) -> tuple[str, int]:
        """``text[pos] == '{'``: the inner text up to the matching brace."""
        end = self.pairs.get(pos)
        if end is None or (bounded and end >= self.limit):
            where = self.where() if bounded else "before the end of the file"
            raise _BibSyntax(
                pos,
                f"unbalanced '{{' at line {self.index.line_of(pos)}: no matching '}}' {where}",
                resume=self.limit if bounded else None,
            )
        return self.text[pos + 1 : end], end + 1

    def quoted(self, pos: int) -> tuple[str, int]:
        text = self.text
        i = pos + 1
        while (m := _QUOTED_STOP.search(text, i, self.limit)) is not None:
            ch, j = m.group(), m.start()
            if ch == '"':
                return text[pos + 1 : j], j + 1
            if ch == "}":
                raise _BibSyntax(
                    j,
                    f"'}}' at line {self.index.line_of(j)} inside the \"...\" value opened at line "
                    f"{self.index.line_of(pos)}: is its closing '\"' missing?",
                )
            _, i = self.braced(j)
        raise _BibSyntax(
            pos,
            f"unterminated \"...\" value opened at line {self.index.line_of(pos)}: "
            f"no closing '\"' {self.where()}",
            resume=self.limit,
        )

    def value(self, pos: int) -> tuple[str, int]:
        parts: list[str] = []
        size = 0
        text = self.text
        while True:
            pos = self.ws(pos)
            ch = text[pos : pos + 1] if pos < self.limit else ""
            if ch == "{":
                part, pos = self.braced(pos)
            elif ch == '"':
                part, pos = self.quoted(pos)
            elif (m := _NUMBER.match(text, pos, self.limit)) is not None:
                part, pos = m.group(0), m.end()
            elif (m := _NAME.match(text, pos, self.limit)) is not None:
                part, pos = self.macros.get(m.group(0).lower(), m.group(0)), m.end()
            else:
                raise _BibSyntax(pos, "expected a value ({...}, \"...\", a number or a macro)")
            size += len(part)
            if size > _MAX_VALUE:  # @string macros concatenated into each other grow fast
                raise _BibSyntax(pos, f"a value longer than {_MAX_VALUE:,} characters")
            parts.append(part)
            pos = self.ws(pos)
            if not self.at(pos, "#"):
                return "".join(parts), pos
            pos += 1

    def unclosed(self, pos: int, closer: str, last: tuple[str, int, int] | None) -> _BibSyntax:
        """The entry reaches the next entry line without its closer."""
        msg = f"no closing {closer!r} {self.where()}"
        if last is not None and self.index.line_of(last[2]) > self.index.line_of(last[1]):
            # A value running over lines most likely took in the closer meant for the entry.
            name, start, end = last
            msg += (
                f"; the value of {name!r} opened at line {self.index.line_of(start)} runs to line "
                f"{self.index.line_of(end)}: is a '}}' missing in it?"
            )
        return _BibSyntax(pos, msg, resume=self.limit)

    def fields(self, pos: int, closer: str) -> tuple[list[tuple[str, str]], int]:
        out: list[tuple[str, str]] = []
        text = self.text
        last: tuple[str, int, int] | None = None  # the last field: name, value start and end
        while True:
            pos = self.ws(pos)
            if self.at(pos, closer):
                return out, pos + 1
            if pos >= self.limit:
                raise self.unclosed(pos, closer, last)
            m = _NAME.match(text, pos, self.limit)
            if m is None:
                raise _BibSyntax(pos, f"expected a field name or {closer!r}")
            name = m.group(0).lower()
            pos = self.ws(m.end())
            if not self.at(pos, "="):
                raise _BibSyntax(pos, f"expected '=' after field {name!r}")
            start = self.ws(pos + 1)
            val, pos = self.value(start)
            last = (name, start, pos - 1)
            out.append((name, val))
            if self.at(pos, ","):
                pos += 1
            elif not self.at(pos, closer):
                if pos >= self.limit:
                    raise self.unclosed(pos, closer, last)
                raise _BibSyntax(pos, f"expected ',' or {closer!r} after field {name!r}")


def parse_bibtex(text: str) -> Iterator[BibEntry | Problem]:
    """Entries in file order; a Problem (file left empty) for each malformed one.

    After a malformed entry reading resumes where the error was found, or, for a
    ``{`` or ``"`` that is never closed, at the next line that opens an entry.
    """
    parser = _Parser(text)
    index = parser.index
    pos = 0
    while (m := _ENTRY_START.search(text, pos)) is not None:
        kind = m.group(1).lower()
        closer = "}" if m.group(2) == "{" else ")"
        start = m.end()
        line = index.line_of(m.start())
        parser.limit = parser.limit_after(m.start())
        try:
            if kind in ("comment", "preamble"):
                # A comment may hold whole entries, so it is not cut at the next entry line.
                if m.group(2) == "{":
                    _, pos = parser.braced(m.end() - 1, bounded=False)
                else:  # "@comment(...": up to ")", and never past the next entry
                    end = text.find(")", start, parser.limit)
                    pos = end + 1 if end != -1 else parser.limit
                continue
            if kind == "string":
                fields, pos = parser.fields(start, closer)
                for name, val in fields:
                    parser.macros[name] = val
                continue
            comma = parser.ws(start)
            km = _KEY.match(text, comma, parser.limit)
            key = km.group(0) if km else ""
            pos = parser.ws(km.end() if km else comma)
            if parser.at(pos, ","):
                fields, pos = parser.fields(pos + 1, closer)
            elif parser.at(pos, closer):
                fields, pos = [], pos + 1
            else:
                raise _BibSyntax(pos, "expected ',' after the citation key")
            yield BibEntry(kind, key, tuple(fields), line)
        except _BibSyntax as exc:
            reason = f"malformed @{kind} entry: {exc}"
            if exc.resume is None:
                reason += f" (at line {index.line_of(exc.pos)})"
                pos = max(exc.pos, m.end())
            else:
                pos = max(exc.resume, m.end())
            yield Problem("", line, reason + "; entry skipped")


def _authors(raw: str | None) -> list[str]:
    if not raw:
        return []
    names = [latex_to_text(n) for n in _AND.split(raw.strip())]
    return [flip_name(n) for n in names if n and n.lower() != "others"]


def _month(text: str) -> int | None:
    """``"jul"``/``"July"``/``"7"``/``"07"`` -> 7; anything else (``"²"``, 5000 digits) -> None."""
    text = text.strip()
    if _MONTH_DIGITS.fullmatch(text):
        n = int(text)
        return n if 1 <= n <= 12 else None
    return _MONTH_NUMBERS.get(text[:3].lower()) if text[:3].isalpha() else None


def _date(entry: BibEntry) -> str | None:
    """ISO date from ``date``, or ``year`` and ``month``; a month that is not one keeps the year."""
    if (d := entry.get("date")) is not None:
        text = latex_to_text(d)
        return normalise_date(text) if _ISO_START.match(text) else None
    year = entry.get("year")
    if year is None:
        return None
    text = latex_to_text(year)
    iso = normalise_date(text) if _ISO_START.match(text) else None
    month = entry.get("month")
    mnum = _month(latex_to_text(month)) if month else None
    if iso and len(iso) == 4 and mnum:
        return f"{iso}-{mnum:02d}"
    return iso


def read_bibtex(text: str, *, source: str) -> Iterator[Item]:
    for item in parse_bibtex(text):
        if isinstance(item, Problem):
            yield Problem(source, item.line, item.reason)
            continue
        e = item
        if e.type == "proceedings" and e.get("abstract") is None:
            yield Problem(
                source, e.line, f"@proceedings {e.key!r} describes a volume, not a paper; skipped"
            )
            continue
        title, abstract = e.get("title"), e.get("abstract")
        doi = next((d for d in e.get_all("doi") if normalise_doi(latex_to_text(d))), None)
        urls = [latex_to_text(u) for k in ("url", "pdf", "ee", "link") for u in e.get_all(k)]
        eprint = e.get("eprint")
        prefix = (e.get("archiveprefix") or e.get("eprinttype") or "").lower()
        yield make_paper(
            title=latex_to_text(title) if title else None,
            abstract=latex_to_text(abstract) if abstract else None,
            source_file=source,
            source_line=e.line,
            source_format=FORMAT,
            authors=_authors(e.get("author")),
            date=_date(e),
            urls=urls,
            code_urls=[latex_to_text(v) for k in ("software", "code", "github") for v in e.get_all(k)],
            arxiv_id=eprint if eprint and prefix == "arxiv" else None,
            doi=latex_to_text(doi) if doi else None,
            id_hints=[e.get(k) for k in ("eprint", "journal", "note", "howpublished")],
            source_id=e.key,
        )
