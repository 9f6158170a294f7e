"""A small, tolerant BibTeX reader.

Handles ``{...}`` and ``"..."`` values (nested braces), ``#`` concatenation,
``@string`` macros and the month macros, ``@comment``/``@preamble``, and
entries delimited by ``(...)``. A malformed entry becomes a Problem at its
line and reading resumes at the next ``@type{``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from papergraph.ingest._source import LineIndex
from papergraph.ingest.identity import normalise_doi
from papergraph.ingest.latex import latex_to_text
from papergraph.ingest.mapping import flip_name
from papergraph.ingest.records import Item, make_paper, month_number, normalise_date
from papergraph.types import Problem

__all__ = ["BibEntry", "parse_bibtex", "read_bibtex"]

FORMAT = "bibtex"

_ENTRY_START = re.compile(r"@[ \t]*([A-Za-z][\w-]*)\s*([{(])")
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
    def __init__(self, pos: int, msg: str) -> None:
        super().__init__(msg)
        self.pos = pos


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.macros: dict[str, str] = dict(_MONTHS)

    def ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def braced(self, pos: int) -> tuple[str, int]:
        """``text[pos] == '{'``: the inner text up to the matching brace."""
        depth = 0
        text = self.text
        i = pos
        while True:
            j = min((k for k in (text.find("{", i), text.find("}", i)) if k != -1), default=-1)
            if j == -1:
                raise _BibSyntax(pos, "unbalanced '{': no matching '}' before the end of the file")
            depth += 1 if text[j] == "{" else -1
            if depth == 0:
                return text[pos + 1 : j], j + 1
            i = j + 1

    def quoted(self, pos: int) -> tuple[str, int]:
        depth = 0
        text = self.text
        for i in range(pos + 1, len(text)):
            ch = text[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == '"' and depth == 0:
                return text[pos + 1 : i], i + 1
        raise _BibSyntax(pos, 'unterminated "..." value')

    def value(self, pos: int) -> tuple[str, int]:
        parts: list[str] = []
        text = self.text
        while True:
            pos = self.ws(pos)
            ch = text[pos : pos + 1]
            if ch == "{":
                part, pos = self.braced(pos)
            elif ch == '"':
                part, pos = self.quoted(pos)
            elif (m := _NUMBER.match(text, pos)) is not None:
                part, pos = m.group(0), m.end()
            elif (m := _NAME.match(text, pos)) is not None:
                part, pos = self.macros.get(m.group(0).lower(), m.group(0)), m.end()
            else:
                raise _BibSyntax(pos, "expected a value ({...}, \"...\", a number or a macro)")
            parts.append(part)
            pos = self.ws(pos)
            if not text.startswith("#", pos):
                return "".join(parts), pos
            pos += 1

    def fields(self, pos: int, closer: str) -> tuple[list[tuple[str, str]], int]:
        out: list[tuple[str, str]] = []
        text = self.text
        while True:
            pos = self.ws(pos)
            if text.startswith(closer, pos):
                return out, pos + 1
            m = _NAME.match(text, pos)
            if m is None:
                raise _BibSyntax(pos, f"expected a field name or {closer!r}")
            name = m.group(0).lower()
            pos = self.ws(m.end())
            if not text.startswith("=", pos):
                raise _BibSyntax(pos, f"expected '=' after field {name!r}")
            val, pos = self.value(pos + 1)
            out.append((name, val))
            if text.startswith(",", pos):
                pos += 1
            elif not text.startswith(closer, pos):
                raise _BibSyntax(pos, f"expected ',' or {closer!r} after field {name!r}")


def parse_bibtex(text: str) -> Iterator[BibEntry | Problem]:
    """Entries in file order; a Problem (file left empty) for each malformed one."""
    parser = _Parser(text)
    index = LineIndex(text)
    pos = 0
    while (m := _ENTRY_START.search(text, pos)) is not None:
        kind = m.group(1).lower()
        closer = "}" if m.group(2) == "{" else ")"
        start = m.end()
        line = index.line_of(m.start())
        try:
            if kind in ("comment", "preamble"):
                if m.group(2) == "{":
                    _, pos = parser.braced(m.end() - 1)
                else:
                    pos = text.find(")", start) + 1 or len(text)
                continue
            if kind == "string":
                fields, pos = parser.fields(start, closer)
                for name, val in fields:
                    parser.macros[name] = val
                continue
            comma = parser.ws(start)
            km = _KEY.match(text, comma)
            key = km.group(0) if km else ""
            pos = parser.ws(km.end() if km else comma)
            if text.startswith(",", pos):
                fields, pos = parser.fields(pos + 1, closer)
            elif text.startswith(closer, pos):
                fields, pos = [], pos + 1
            else:
                raise _BibSyntax(pos, "expected ',' after the citation key")
            yield BibEntry(kind, key, tuple(fields), line)
        except _BibSyntax as exc:
            yield Problem("", line, f"malformed @{kind} entry: {exc} (at line {index.line_of(exc.pos)})")
            pos = m.end()


def _authors(raw: str | None) -> list[str]:
    if not raw:
        return []
    names = [latex_to_text(n) for n in _AND.split(raw.strip())]
    return [flip_name(n) for n in names if n and n.lower() != "others"]


def _date(entry: BibEntry) -> str | None:
    if (d := entry.get("date")) is not None:
        return normalise_date(latex_to_text(d))
    year = entry.get("year")
    if year is None:
        return None
    iso = normalise_date(latex_to_text(year))
    month = entry.get("month")
    mnum = month_number(latex_to_text(month)) if month else None
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
