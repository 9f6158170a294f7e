"""Paper identity: arXiv ids, DOIs, normalised titles and the id built from them.

An id is ``arxiv:<id without version>`` when an arXiv id is known, else
``doi:<lower-case doi>``, else ``t:<16 hex of sha1(normalised title)>``, and
for a record without a title ``a:<16 hex of sha1(normalised abstract)>``. Two
records with the same id are the same paper and get merged.

Why the abstract and not the record's own id (its source id) for an untitled
record: a source id is only unique within the file or service that wrote it
(SciERC's ``doc_key``, a CSV's row numbers, a Zotero item key), so "1" in two
files would merge two papers, and an id built from the file name as well would
change when a file is renamed or moved. The abstract is the paper's own text:
the same untitled record gives the same id in any file, in any order, and two
exports of it merge. Normalising (NFKC, case, punctuation, spacing) keeps
re-wrapped or re-punctuated copies together.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "find_arxiv_id",
    "find_code_urls",
    "normalise_arxiv_id",
    "normalise_doi",
    "normalise_title",
    "paper_id",
]

# New-style ids (0704.0001 onwards) and old-style archive/YYMMNNN ids.
_ARXIV_CORE = r"(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})"
_ARXIV_BARE = re.compile(rf"(?:arxiv:\s*)?({_ARXIV_CORE})(?:v\d+)?", re.IGNORECASE)
_ARXIV_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html|format)/({_ARXIV_CORE})(?:v\d+)?", re.IGNORECASE
)
# Free text such as a Zotero "Extra" field ("arXiv: 2003.07441") or a DOI.
_ARXIV_IN_TEXT = re.compile(
    rf"(?:arxiv[:\s.]\s*|10\.48550/arxiv\.)({_ARXIV_CORE})(?:v\d+)?", re.IGNORECASE
)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[\W_]+")
# Anchored on the host name (a literal the regex engine can scan for quickly); the
# scheme is rebuilt as https:// below.
_CODE_URL = re.compile(
    r"(github|gitlab)\.com/([A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)?)", re.IGNORECASE
)


def normalise_title(title: str) -> str:
    """NFKC, casefold, every run of non-alphanumerics becomes one space."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_ALNUM.sub(" ", folded).strip()


def normalise_arxiv_id(value: str | None) -> str | None:
    """``"arXiv:2103.14030v2"`` -> ``"2103.14030"``; None when it is not an arXiv id."""
    if not value:
        return None
    value = value.strip()
    m = _ARXIV_BARE.fullmatch(value)
    if m is None:
        m = _ARXIV_URL.search(value)
    return m.group(1) if m else None


def normalise_doi(value: str | None) -> str | None:
    """Lower-case DOI without resolver prefix; None when ``value`` holds no valid DOI."""
    if not value:
        return None
    value = _DOI_PREFIX.sub("", value.strip())
    m = _DOI.match(value)
    if m is None:
        return None
    return m.group(0).rstrip(".,;").lower()


def find_arxiv_id(*texts: str | None) -> str | None:
    """The first arXiv id found in URLs, DOIs or ``arXiv:``-prefixed free text."""
    for text in texts:
        if not text:
            continue
        m = _ARXIV_URL.search(text) or _ARXIV_IN_TEXT.search(text)
        if m:
            return m.group(1)
    return None


def find_code_urls(texts: Iterable[str | None]) -> tuple[str, ...]:
    """GitHub/GitLab repository links in ``texts``, in order, without duplicates.

    Trailing sentence punctuation is dropped and a missing scheme becomes
    ``https://`` so every entry is a usable link.
    """
    seen: dict[str, None] = {}
    for text in texts:
        # Cheap substring test first: most abstracts have no link at all.
        if not text or (".com/" not in text and ".COM/" not in text):
            continue
        for m in _CODE_URL.finditer(text):
            path = m.group(2).rstrip(".")
            if path.endswith(".git"):
                path = path[:-4]
            seen.setdefault(f"https://{m.group(1).lower()}.com/{path}", None)
    return tuple(seen)


def paper_id(
    title: str, arxiv_id: str | None = None, doi: str | None = None, *, abstract: str = ""
) -> str:
    """The stable id of a paper: arXiv id, else DOI, else a hash of the normalised
    title, or of the normalised abstract when there is no title."""
    arxiv = normalise_arxiv_id(arxiv_id) if arxiv_id else None
    ndoi = normalise_doi(doi) if doi else None
    if arxiv is None and ndoi is not None:
        arxiv = find_arxiv_id(ndoi)
    return id_from_normalised(title, arxiv, ndoi, abstract=abstract)


def _digest(text: str) -> str:
    key = normalise_title(text) or text.strip()
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def id_from_normalised(title: str, arxiv: str | None, doi: str | None, *, abstract: str = "") -> str:
    """:func:`paper_id` for an arXiv id and DOI that are already normalised."""
    if arxiv:
        return f"arxiv:{arxiv}"
    if doi:
        return f"doi:{doi}"
    if not title.strip() and abstract.strip():
        return "a:" + _digest(abstract)
    return "t:" + _digest(title)
