"""arXiv API responses (Atom 1.0 feeds)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from papergraph.ingest._source import LineIndex
from papergraph.ingest.records import Item, make_paper, normalise_date
from papergraph.types import Problem

__all__ = ["looks_like_atom", "read_atom"]

_A = "{http://www.w3.org/2005/Atom}"
_X = "{http://arxiv.org/schemas/atom}"
_ENTRY_TAG = re.compile(r"<(?:[\w.-]+:)?entry[\s>/]")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (see _source.py)
_ATOM_HINT = re.compile(r"<(?:[\w.-]+:)?(?:feed|entry)[\s>]")


def looks_like_atom(text: str) -> bool:
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and _ATOM_HINT.search(text[:65536]) is not None


def _text(el: ET.Element, tag: str) -> str | None:
    child = el.find(tag)
    if child is None or child.text is None:
        return None
    return child.text


def _parse(text: str) -> ET.Element:
    """The XML tree of ``text``, honouring its encoding declaration where the bytes allow.

    The bytes go to expat as read (undecodable ones restored), so a feed declared
    ISO-8859-1 is decoded as such. When the declaration cannot be used (an
    unknown name, or UTF-16 for text read from UTF-16) the decoded text is
    parsed instead, if it holds no undecodable bytes.
    """
    try:
        return ET.fromstring(text.encode("utf-8", errors="surrogateescape"))
    except ET.ParseError as exc:
        if "encoding specified in XML declaration" not in str(exc) or _UNDECODED.search(text):
            raise
    except (LookupError, ValueError):  # unknown or multi-byte encoding declared
        if _UNDECODED.search(text):
            raise
    return ET.fromstring(text)


def read_atom(
    text: str, *, source: str, at_line: int | None = None, fmt: str = "arxiv-atom"
) -> Iterator[Item]:
    """One record per ``<entry>``; the line is where its ``<entry>`` tag starts.

    ``at_line`` is for a feed embedded in another file (a recorded HTTP
    response in JSON): every record is then placed on that line of the file.
    """
    try:
        root = _parse(text)
    except ET.ParseError as exc:
        err_line, col = exc.position
        yield Problem(source, at_line or err_line, f"invalid XML at column {col + 1}: {exc}")
        return
    except (LookupError, ValueError) as exc:
        yield Problem(
            source, at_line or 1, f"cannot decode the XML ({exc}); re-save the file as UTF-8"
        )
        return
    entries = root.findall(f"{_A}entry") if root.tag != f"{_A}entry" else [root]
    if not entries:
        yield Problem(source, at_line or 1, "Atom feed without <entry> elements: no papers in it")
        return
    index = LineIndex(text)
    line: int | None
    starts = [m.start() for m in _ENTRY_TAG.finditer(text)]
    for i, entry in enumerate(entries):
        line = at_line or (index.line_of(starts[i]) if i < len(starts) else None)
        links = [
            href
            for link in entry.findall(f"{_A}link")
            if (href := link.get("href"))
        ]
        ident = _text(entry, f"{_A}id")
        urls = ([ident] if ident and ident.startswith("http") else []) + links
        yield make_paper(
            title=_text(entry, f"{_A}title"),
            abstract=_text(entry, f"{_A}summary") or _text(entry, f"{_A}content"),
            source_file=source,
            source_line=line,
            source_format=fmt,
            authors=[
                name
                for a in entry.findall(f"{_A}author")
                if (name := _text(a, f"{_A}name"))
            ],
            date=normalise_date(_text(entry, f"{_A}published") or _text(entry, f"{_A}updated")),
            urls=urls,
            doi=_text(entry, f"{_X}doi"),
            id_hints=[ident],
            source_id=ident,
        )
