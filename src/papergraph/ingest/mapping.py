"""One JSON object (or CSV row) -> Paper, whatever API it came from.

Keys are compared after lower-casing and dropping non-alphanumerics, so
``publicationDate``, ``publication_date`` and ``Publication Date`` are one key.
Shapes understood besides flat ``{title, abstract, ...}`` records: Semantic
Scholar papers (``externalIds``), OpenAlex works (``abstract_inverted_index``,
``authorships``), Hugging Face daily-papers entries (``{"paper": {...}}``) and
Zotero CSV rows (``Abstract Note``, ``Author`` as ``"Last, First; ..."``).
Extraction corpora (SciERC, SciREX) hold a ``doc_key``/``doc_id`` and ``text``
(or ``abstract``) and no title; such a record is a paper with an empty title.

The record's own id (``Paper.source_id``) is the first of :data:`SOURCE_ID_KEYS`
that holds a string or an integer, kept as written: an internal id, an OpenAlex
work (``https://openalex.org/W...``), a Semantic Scholar ``paperId``, SciERC's
``doc_key``, a Zotero CSV ``Key``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from papergraph.ingest.identity import normalise_arxiv_id
from papergraph.ingest.records import Item, make_paper, normalise_date
from papergraph.types import Problem

__all__ = ["SOURCE_ID_KEYS", "TITLE_KEYS", "has_title_key", "paper_from_mapping"]

TITLE_KEYS = ("title", "papertitle", "articletitle")
ABSTRACT_KEYS = (
    "abstract", "summary", "abstractnote", "abstracttext", "paperabstract", "description", "text",
)
#: Keys of the record's own id, normalised (``paperId``, ``paper_id`` -> ``paperid``;
#: ``_id`` -> ``id``), in order of preference: ``id`` (JSONL ids, OpenAlex, Hugging
#: Face, CSV), ``paperId`` (Semantic Scholar), ``doc_key``/``doc_id`` (SciERC,
#: SciREX), ``key`` (Zotero CSV), ``citationkey``/``citekey`` (Better BibTeX CSV).
SOURCE_ID_KEYS = ("id", "paperid", "dockey", "docid", "key", "citationkey", "citekey")
_AUTHOR_KEYS = ("authors", "author", "creators", "authorships", "authornames")
_COUNT_KEYS = ("authorcount", "numauthors", "nauthors")
_DATE_KEYS = (
    "publicationdate", "publishedat", "published", "date", "publisheddate", "pubdate",
    "issued", "created", "publicationyear", "year",
)
_UPVOTE_KEYS = ("upvotes", "numupvotes", "likes")
_URL_KEYS = (
    "url", "link", "links", "urls", "pdfurl", "landingpageurl", "absurl", "pdf",
    "openaccesspdf", "primarylocation", "bestoalocation",
)
_CODE_KEYS = ("githubrepo", "github", "code", "codeurl", "codeurls", "repo", "repository", "software")
_ARXIV_KEYS = ("arxivid", "arxiv", "eprint")
_HINT_KEYS = ("extra", "note", "notes", "journal", "journalref", "comment", "comments")
_LIST_SPLIT = re.compile(r"\s*;\s*|\s+and\s+")


def _norm_key(key: str) -> str:
    return "".join(ch for ch in key.lower() if ch.isalnum())


@lru_cache(maxsize=1024)
def _norm_keys(keys: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """Normalised keys of one key set, and whether they stay distinct.

    Records of one file share their key set, so this runs once per file shape.
    """
    norm = tuple(_norm_key(k) for k in keys)
    return norm, len(set(norm)) == len(norm)


def _normalised(obj: Mapping[str, Any]) -> dict[str, Any]:
    keys, distinct = _norm_keys(tuple(obj))
    if distinct:
        return dict(zip(keys, obj.values(), strict=True))
    out: dict[str, Any] = {}
    for k, v in zip(keys, obj.values(), strict=True):
        out.setdefault(k, v)  # first spelling wins
    return out


def _flatten(obj: Mapping[str, Any]) -> dict[str, Any]:
    """Hugging Face wraps the paper: ``{"paper": {...}, "title": ..., ...}``."""
    norm = _normalised(obj)
    inner = norm.get("paper")
    if isinstance(inner, dict):
        merged = _normalised(inner)
        for k, v in norm.items():
            merged.setdefault(k, v)
        return merged
    return norm


def has_title_key(obj: object) -> bool:
    """Whether ``obj`` looks like a paper record at all."""
    if not isinstance(obj, dict):
        return False
    norm = _flatten(obj)
    return any(k in norm for k in TITLE_KEYS) or any(k in norm for k in ABSTRACT_KEYS)


def _first_text(norm: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = norm.get(k)
        if isinstance(v, str) and v.strip():
            return v
    return None


def _inverted_index_text(index: Mapping[str, Any]) -> str:
    """OpenAlex stores abstracts as ``{word: [positions]}``; rebuild the word order."""
    slots: dict[int, str] = {}
    for word, positions in index.items():
        if isinstance(positions, list):
            for pos in positions:
                if isinstance(pos, int):
                    slots[pos] = word
    return " ".join(slots[i] for i in sorted(slots))


def _person(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        norm = _normalised(value)
        if isinstance(norm.get("author"), dict):  # OpenAlex authorship: prefer the author
            name = _person(norm["author"])
            if name:
                return name
        for k in ("name", "fullname", "displayname", "rawauthorname"):
            if isinstance(norm.get(k), str):
                return norm[k]
        parts = [norm.get(k) for k in ("given", "firstname", "family", "lastname")]
        name = " ".join(p for p in parts if isinstance(p, str) and p)
        return name or None
    return None


def flip_name(name: str) -> str:
    """``"Vaswani, Ashish"`` -> ``"Ashish Vaswani"``; other forms unchanged."""
    if name.count(",") == 1:
        last, first = (s.strip() for s in name.split(","))
        if first and last:
            return f"{first} {last}"
    return name.strip()


def _authors(norm: Mapping[str, Any]) -> tuple[str, ...]:
    for k in _AUTHOR_KEYS:
        v = norm.get(k)
        if isinstance(v, list) and v:
            if all(type(x) is str for x in v):  # the common case: a list of names
                return tuple(v)
            names = (_person(x) for x in v)
            return tuple(n for n in names if n)
        if isinstance(v, str) and v.strip():
            return tuple(flip_name(n) for n in _LIST_SPLIT.split(v.strip()) if n.strip())
    return ()


# The largest plausible value of each count; beyond it the number is junk, not data.
MAX_UPVOTES = 10**9
MAX_AUTHOR_COUNT = 100_000
_DIGITS = re.compile(r"[0-9]+")


class BadCount(ValueError):
    """A count field holds something that is not a plausible count; the message says what."""


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= 24:
        return repr(text) if isinstance(value, str) else text
    return f"{text[:12]!r}... ({len(text)} characters)"


def _int(value: Any, *, limit: int) -> int | None:
    """A count from an int, an integral float or a string of ASCII digits; None when blank.

    Raises BadCount for anything else, a negative number or one above
    ``limit``. Digit strings are length-checked before ``int()``: Python
    refuses to convert more than 4300 digits, and "²" passes ``isdigit``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    n: int | None = None
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        n = value
    elif isinstance(value, float) and value.is_integer():
        n = int(value)
    elif isinstance(value, str) and _DIGITS.fullmatch(text := value.strip()):
        text = text.lstrip("0") or "0"
        n = int(text) if len(text) <= len(str(limit)) else limit + 1
    if n is None:
        raise BadCount(f"{_shown(value)} is not a whole number")
    if not 0 <= n <= limit:
        raise BadCount(f"{_shown(value)} is out of range (0 to {limit})")
    return n


def _first_int(norm: Mapping[str, Any], keys: tuple[str, ...], *, limit: int) -> int | None:
    """The count under the first of ``keys`` that is present and not blank."""
    for k in keys:
        v = norm.get(k)
        if v is None:
            continue
        try:
            n = _int(v, limit=limit)
        except BadCount as exc:
            raise BadCount(f"{k} {exc}") from None
        if n is not None:
            return n
    return None


def _counts(norm: Mapping[str, Any]) -> tuple[int | None, int | None] | str:
    """(upvotes, author count), or why one of them is unusable."""
    try:
        return (
            _first_int(norm, _UPVOTE_KEYS, limit=MAX_UPVOTES),
            _first_int(norm, _COUNT_KEYS, limit=MAX_AUTHOR_COUNT),
        )
    except BadCount as exc:
        return f"{exc}; fix the field or remove it"


def _strings(value: Any) -> Iterator[str]:
    """URLs from a string, a list of strings, or objects with a url/href."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for k in ("url", "href", "landing_page_url", "pdf_url"):
            if isinstance(value.get(k), str):
                yield value[k]


def _urls(norm: Mapping[str, Any], keys: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for k in keys:
        v = norm.get(k)
        if v is not None:
            out.extend(u for u in _strings(v) if u.startswith("http"))
    return out


def _external(norm: Mapping[str, Any], name: str) -> str | None:
    for container in ("externalids", "ids"):
        ext = norm.get(container)
        if isinstance(ext, dict):
            for k, v in ext.items():
                if isinstance(k, str) and k.lower() == name and isinstance(v, str):
                    return v
    return None


def _source_id(norm: Mapping[str, Any]) -> str | None:
    for k in SOURCE_ID_KEYS:
        v = norm.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
    return None


def paper_from_mapping(
    obj: Mapping[str, Any], *, source: str, line: int | None, fmt: str
) -> Item:
    norm = _flatten(obj)
    title = _first_text(norm, TITLE_KEYS)
    abstract = _first_text(norm, ABSTRACT_KEYS)
    if abstract is None and isinstance(norm.get("abstractinvertedindex"), dict):
        abstract = _inverted_index_text(norm["abstractinvertedindex"])
    date = None
    for k in _DATE_KEYS:
        v = norm.get(k)
        if v is not None and (date := normalise_date(v)):
            break
    counts = _counts(norm)
    if isinstance(counts, str):
        return Problem(source, line, counts)
    upvotes, count = counts

    arxiv = _external(norm, "arxiv")
    if not arxiv:
        for k in (*_ARXIV_KEYS, "id", "paperid"):
            v = norm.get(k)
            if isinstance(v, str) and (arxiv := normalise_arxiv_id(v)):
                break
    doi = _first_text(norm, ("doi",)) or _external(norm, "doi")
    urls = _urls(norm, _URL_KEYS)
    ident = norm.get("id")
    if isinstance(ident, str) and ident.startswith("http"):
        urls.append(ident)  # OpenAlex work URL
    hints = [v for k in _HINT_KEYS if isinstance(v := norm.get(k), str)]
    return make_paper(
        title=title,
        abstract=abstract,
        source_file=source,
        source_line=line,
        source_format=fmt,
        authors=_authors(norm),
        author_count=count,
        date=date,
        upvotes=upvotes,
        urls=urls,
        code_urls=[u for k in _CODE_KEYS if (v := norm.get(k)) is not None for u in _strings(v)],
        arxiv_id=arxiv,
        doi=doi,
        id_hints=hints,
        source_id=_source_id(norm),
    )
