"""Which reader a file needs, decided from its content (the extension only breaks ties)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from papergraph.errors import InputError
from papergraph.ingest._source import NotTextError, sniff
from papergraph.ingest.atom import looks_like_atom
from papergraph.ingest.csvfmt import header_has_paper_columns

__all__ = ["FORMATS", "SUPPORTED_SUFFIXES", "UnknownFormat", "detect_format", "detect_text"]

#: Names accepted by ``--format`` (and returned by :func:`detect_format`).
FORMATS: tuple[str, ...] = ("daily-page", "jsonl", "json", "arxiv-atom", "bibtex", "csv")

#: Files picked up when a directory is given (each also with ``.gz``).
SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".json", ".xml", ".atom", ".bib", ".csv")

_BIB_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+\s*[{(]", re.MULTILINE)
_DAILY_MARKERS = re.compile(
    r"^(?:Daily Papers|Get trending papers in your email inbox|Subscribe|\s*•\s*\d+ authors?$|·$)",
    re.MULTILINE,
)


class UnknownFormat(InputError):
    """The content matches none of the supported formats."""


def _suffixes(path: Path) -> list[str]:
    sfx = [s.lower() for s in path.suffixes]
    return sfx[:-1] if sfx and sfx[-1] == ".gz" else sfx


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()


def detect_text(head: str, *, suffix: str = "") -> str:
    """The format of a file whose first bytes decode to ``head``.

    Raises UnknownFormat (an InputError) saying what was seen.
    """
    body = head.lstrip("\ufeff \t\r\n")
    if not body:
        raise UnknownFormat("file is empty")
    first = body[0]
    if first == "<":
        if looks_like_atom(body):
            return "arxiv-atom"
        raise UnknownFormat("XML but not an Atom feed (no <feed> or <entry>); not a paper list")
    if first == "[":
        return "json"
    if first == "{":
        lines = [ln for ln in body.split("\n") if ln.strip()]
        try:
            json.loads(lines[0])
            one_line_object = True
        except (ValueError, RecursionError):  # RecursionError: nested too deeply to tell
            one_line_object = False
        if suffix in (".jsonl", ".ndjson"):
            return "jsonl"
        if one_line_object and len(lines) > 1 and lines[1].lstrip().startswith("{"):
            return "jsonl"
        if one_line_object and len(lines) == 1 and suffix != ".json":
            return "jsonl"
        # A first line cut short: several objects still start at column 0 (pretty JSON indents).
        if not one_line_object and sum(ln.startswith("{") for ln in lines[:20]) >= 3:
            return "jsonl"
        return "json"
    if _BIB_ENTRY.search(body[:65536]):
        return "bibtex"
    header = _first_line(body)
    if "," in header or "\t" in header:
        try:
            cells = next(csv.reader([header]))
        except csv.Error:
            cells = []
        if header_has_paper_columns(cells):
            return "csv"
    if _DAILY_MARKERS.search(body) or suffix == ".txt":
        return "daily-page"
    raise UnknownFormat(
        "cannot tell the format from the content; give --format with one of "
        + ", ".join(FORMATS)
    )


def detect_format(path: str | Path) -> str:
    """The format name (one of :data:`FORMATS`) of the file at ``path``.

    Raises InputError when the file is binary, empty or of no known format.
    """
    p = Path(path)
    try:
        head = sniff(p)
    except NotTextError as exc:
        raise UnknownFormat(str(exc), file=str(p)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=str(p)) from exc
    sfx = _suffixes(p)
    try:
        return detect_text(head, suffix=sfx[-1] if sfx else "")
    except UnknownFormat as exc:
        raise UnknownFormat(str(exc), file=str(p)) from exc
