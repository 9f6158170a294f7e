"""JSON documents and JSON Lines.

A JSON document may be a single record, an array of records, or an API
envelope holding the array (``{"data": [...]}`` from Semantic Scholar,
``{"results": [...]}`` from OpenAlex). Arrays are decoded element by element so
each record keeps the line it starts on, and records before a syntax error are
still read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from papergraph.ingest._source import LineIndex
from papergraph.ingest.mapping import TITLE_KEYS, has_title_key, paper_from_mapping
from papergraph.ingest.records import Item
from papergraph.types import Problem

__all__ = ["ENVELOPE_KEYS", "read_json", "read_jsonl"]

ENVELOPE_KEYS = ("data", "results", "papers", "items", "records", "entries", "hits")
_WS = re.compile(r"\s*")
_DECODER = json.JSONDecoder()


def _describe(value: Any) -> str:
    if value is None:
        return "null (the API found no paper for this entry)"
    return f"a JSON {type(value).__name__}, not an object"


def _line_error(line: str) -> str:
    # Decode without the newline so a cut-off string reads "Unterminated string".
    try:
        json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        return f"invalid JSON at column {exc.colno}: {exc.msg}; is the line truncated?"
    return "invalid JSON"


def read_jsonl(lines: Iterable[str], *, source: str, fmt: str = "jsonl") -> Iterator[Item]:
    loads = json.loads
    for n, line in enumerate(lines, 1):
        if not line or line.isspace():
            continue
        try:
            obj = loads(line)
        except json.JSONDecodeError:
            yield Problem(source, n, _line_error(line))
            continue
        if isinstance(obj, dict):
            yield paper_from_mapping(obj, source=source, line=n, fmt=fmt)
        else:
            yield Problem(source, n, f"expected one JSON object per line, found {_describe(obj)}")


class _Syntax(Exception):
    def __init__(self, offset: int, msg: str) -> None:
        super().__init__(msg)
        self.offset = offset
        self.msg = msg


def _skip_ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _array_items(text: str, pos: int) -> Iterator[tuple[int, Any]]:
    """(offset, value) for each element of the array starting at ``text[pos] == '['``."""
    pos = _skip_ws(text, pos + 1)
    if text.startswith("]", pos):
        return
    while True:
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise _Syntax(exc.pos, exc.msg) from exc
        yield pos, value
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
        elif text.startswith("]", pos):
            return
        else:
            raise _Syntax(pos, "expected ',' or ']' after an array element")


def _envelope_array(text: str, key: str) -> int:
    """Offset of the '[' that holds the top-level ``key`` of a JSON object."""
    pos = _skip_ws(text, 0) + 1
    while True:
        pos = _skip_ws(text, pos)
        name, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos) + 1  # ':'
        pos = _skip_ws(text, pos)
        if name == key:
            return pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos) + 1  # ',' (the document already parsed, so it is valid)


def read_json(text: str, *, source: str, fmt: str = "json") -> Iterator[Item]:
    """Records of a JSON document (already decoded to ``text``)."""
    from papergraph.ingest.atom import looks_like_atom, read_atom

    index = LineIndex(text)
    start = _skip_ws(text, 0)
    items: list[tuple[int, Any]] = []
    error: _Syntax | None = None
    if text.startswith("[", start):
        try:
            for item in _array_items(text, start):
                items.append(item)
        except _Syntax as exc:
            error = exc
    else:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Problem(source, exc.lineno, f"invalid JSON at column {exc.colno}: {exc.msg}")
            return
        if isinstance(doc, dict) and isinstance(doc.get("body"), str) and looks_like_atom(
            doc["body"]
        ):
            # A recorded HTTP response: {"url": ..., "status_code": ..., "body": "<feed ...>"}.
            body_at = text.find('"body"')
            yield from read_atom(
                doc["body"], source=source, at_line=index.line_of(max(body_at, 0))
            )
            return
        key = next(
            (k for k in ENVELOPE_KEYS if isinstance(doc, dict) and isinstance(doc.get(k), list)),
            None,
        )
        if key is not None and not has_title_key(doc):
            items = list(_array_items(text, _envelope_array(text, key)))
        else:
            items = [(start, doc)]

    if not items and error is None:
        yield Problem(source, index.line_of(start), "JSON holds no records (empty array)")
    elif items and not any(has_title_key(v) for _, v in items):
        yield Problem(
            source,
            index.line_of(items[0][0]),
            f"{len(items)} JSON value(s) but none has a title or abstract field "
            f"(looked for {', '.join(TITLE_KEYS)}, abstract, summary, ...); not a list of papers",
        )
    else:
        for offset, value in items:
            line = index.line_of(offset)
            if isinstance(value, dict):
                yield paper_from_mapping(value, source=source, line=line, fmt=fmt)
            else:
                yield Problem(source, line, f"expected a paper object, found {_describe(value)}")
    if error is not None:
        yield Problem(
            source,
            index.line_of(error.offset),
            f"invalid JSON: {error.msg}; records after this point were not read",
        )
    elif text.startswith("[", start):
        tail_start = _skip_ws(text, _array_end(text, start, items))
        if tail_start < len(text):
            yield Problem(source, index.line_of(tail_start), "unexpected data after the JSON array")


def _array_end(text: str, start: int, items: list[tuple[int, Any]]) -> int:
    """Offset just past the closing ']' of a fully parsed top-level array."""
    pos = start + 1
    if items:
        _, pos = _DECODER.raw_decode(text, items[-1][0])
    pos = _skip_ws(text, pos)
    return pos + 1 if text.startswith("]", pos) else pos
