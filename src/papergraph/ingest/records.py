"""Turning the fields a reader found into a :class:`Paper`, or a :class:`Problem`.

Every reader funnels through :func:`make_paper`, so identity, code-link
discovery and the checks on title and abstract are the same for every format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from papergraph.ingest.identity import (
    find_arxiv_id,
    find_code_urls,
    id_from_normalised,
    normalise_arxiv_id,
    normalise_doi,
)
from papergraph.types import Paper, Problem

__all__ = ["MAX_TEXT_CHARS", "Item", "fit_abstract", "make_paper", "normalise_date"]

#: What a reader yields: one record, good or bad.
Item = Paper | Problem

#: The longest abstract (and title) papergraph extracts from, in characters. spaCy
#: refuses a text over ``nlp.max_length`` (1,000,000; error E088) because its parser
#: and NER need about 1 GB of temporary memory per 100,000 characters. A real
#: abstract is a few thousand characters (arXiv allows 1,920), so a cap fifty times
#: that only ever cuts a full text pasted into the abstract field, keeps one paper's
#: memory bounded, and leaves title plus abstract far below spaCy's limit.
MAX_TEXT_CHARS = 100_000
# A sentence ends at . ! or ? (after any closing quotes or brackets) before a space.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s)")

# Lone surrogates come from bytes that were not valid UTF-8 (see _source.py).
_BAD_BYTES = re.compile("[\udc80-\udcff]")
_ISO_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")  # ASCII digits only
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def normalise_date(value: object) -> str | None:
    """ISO 8601 (possibly partial) from the many shapes dates come in.

    ``2024-05-08T00:00:00Z`` -> ``2024-05-08``; ``2021`` -> ``2021``; an
    unrecognised value gives None rather than a guess.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"{value:04d}" if 1000 <= value <= 9999 else None
    text = str(value).strip()
    m = _ISO_DATE.match(text)
    if m is None:
        return None
    year, month, day = m.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return year
    if day is None or not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def month_number(name: str) -> int | None:
    """``"Oct"``/``"october"``/``"10"`` -> 10."""
    name = name.strip().lower()
    if name.isascii() and name.isdigit() and len(name) <= 2:
        n = int(name)
        return n if 1 <= n <= 12 else None
    return _MONTHS.get(name[:3])


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for v in values:
        v = v.strip()
        if v:
            seen.setdefault(v, None)
    return tuple(seen)


def _bad_text(title: str, abstract: str, authors: Sequence[str]) -> str | None:
    text = "\n".join((title, abstract, *authors))
    if text.isascii():  # fast path: escaped bytes are never ASCII
        return None
    m = _BAD_BYTES.search(text)
    return f"byte 0x{ord(m.group(0)) - 0xDC00:02X}" if m else None


def fit_abstract(abstract: str, cap: int = MAX_TEXT_CHARS) -> tuple[str, str | None]:
    """``abstract`` cut to at most ``cap`` characters, and a note saying so (None when it fits).

    The cut is at the last sentence end in the second half of the allowance, else
    at the last space there, else (one unbroken run of characters) at ``cap``.
    """
    if len(abstract) <= cap:
        return abstract, None
    window = abstract[: cap + 1]  # a sentence may end exactly at the cap
    end = None
    for m in _SENTENCE_END.finditer(window, cap // 2):
        end = m.end()
    where = "at a sentence boundary"
    if end is None:
        space = max(window.rfind(ws, cap // 2) for ws in " \n\t")
        end, where = (space, "at a word boundary") if space > 0 else (cap, "mid-word")
    cut = abstract[:end].rstrip()
    return cut, f"abstract truncated from {len(abstract)} to {len(cut)} characters {where}"


def make_paper(
    *,
    title: str | None,
    abstract: str | None,
    source_file: str,
    source_line: int | None,
    source_format: str,
    authors: Sequence[str] = (),
    author_count: int | None = None,
    date: str | None = None,
    upvotes: int | None = None,
    urls: Sequence[str] = (),
    code_urls: Sequence[str] = (),
    arxiv_id: str | None = None,
    doi: str | None = None,
    id_hints: Sequence[str | None] = (),
    source_id: str | None = None,
) -> Item:
    """A Paper, or a Problem saying why the record cannot be one.

    ``id_hints`` are free-text fields (notes, journal, "Extra") that may hold an
    ``arXiv:`` id; ``urls`` and ``doi`` are searched for one as well.
    ``source_id`` is the record's own id as written (kept, never used as the paper id).

    A record with an abstract and no title is a paper with title "". An abstract
    over :data:`MAX_TEXT_CHARS` is cut (:func:`fit_abstract`) and the paper's
    ``notes`` say so; a title that long is not a title, and the record is skipped.
    """
    title = (title or "").strip()
    abstract = (abstract or "").strip()
    source_id = (source_id or "").strip() or None
    if not title and not abstract:
        return Problem(source_file, source_line, "record has neither title nor abstract")
    if len(title) > MAX_TEXT_CHARS:
        return Problem(
            source_file,
            source_line,
            f"the title is {len(title)} characters long (at most {MAX_TEXT_CHARS}); "
            "is the full text in the title field?",
        )
    if not abstract:
        return Problem(
            source_file,
            source_line,
            f"no abstract for {title[:80]!r}; papergraph extracts from abstracts, add one",
        )
    bad = _bad_text(title, abstract, authors)
    if bad:
        return Problem(
            source_file,
            source_line,
            f"text is not valid UTF-8 ({bad}); re-save the file as UTF-8",
        )
    url_list = _dedupe(urls)
    ndoi = normalise_doi(doi)
    arxiv = normalise_arxiv_id(arxiv_id) or find_arxiv_id(*url_list, ndoi, *id_hints)
    codes = find_code_urls([*code_urls, *url_list, abstract])  # links past a cut still count
    abstract, note = fit_abstract(abstract)
    return Paper(
        id=id_from_normalised(title, arxiv, ndoi, abstract=abstract),
        title=title,
        abstract=abstract,
        authors=tuple(a for a in (s.strip() for s in authors) if a),
        author_count=author_count,
        date=date,
        upvotes=upvotes,
        urls=url_list,
        code_urls=codes,
        arxiv_id=arxiv,
        doi=ndoi,
        source_file=source_file,
        source_line=source_line,
        source_format=source_format,
        source_id=source_id,
        notes=(note,) if note else (),
    )
