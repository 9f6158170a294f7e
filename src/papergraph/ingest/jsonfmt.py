"""JSON documents and JSON Lines.

A JSON document may be a single record, an array of records, or an API
envelope holding the array (``{"data": [...]}`` from Semantic Scholar,
``{"results": [...]}`` from OpenAlex). Arrays are decoded element by element so
each record keeps the line it starts on and its position in the array (API
responses are one line long), and records before a syntax error are still read.

Hostile JSON is reported, never raised: a value nested deeper than Python's
parser can recurse is skipped (its end found by a flat bracket scan), and an
integer too long for ``int()`` is kept as its digits (see :func:`_decode_value`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from papergraph.ingest._source import LineIndex, bad_text, surrogate_reason
from papergraph.ingest.mapping import TITLE_KEYS, has_title_key, paper_from_mapping
from papergraph.ingest.records import Item
from papergraph.types import Paper, Problem

__all__ = ["ENVELOPE_KEYS", "read_json", "read_jsonl"]

ENVELOPE_KEYS = ("data", "results", "papers", "items", "records", "entries", "hits")
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# Integers past 100 digits mean nothing in paper metadata; keeping their text
# avoids int()'s 4300-digit limit (a ValueError) and its quadratic cost.
_LONG_INT_DECODER = json.JSONDecoder(parse_int=lambda s: int(s) if len(s) <= 100 else s)
_BRACKET_OR_QUOTE = re.compile(r'[\[\]{}"]')
_STRING_TAIL = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_TOO_DEEP_REASON = "nested deeper than Python's JSON parser allows (about 1000 levels); skipped"


class _TooDeep:
    """Stands for a value nested too deeply to decode."""

    def __repr__(self) -> str:
        return "<too deep>"


_TOO_DEEP = _TooDeep()


class _Syntax(Exception):
    def __init__(self, offset: int, msg: str) -> None:
        super().__init__(msg)
        self.offset = offset
        self.msg = msg


def _describe(value: Any) -> str:
    if value is None:
        return "null (the API found no paper for this entry)"
    return f"a JSON {type(value).__name__}, not an object"


def _skip_ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _skip_nested(text: str, pos: int) -> int:
    """Offset just past the array or object opening at ``pos``, by counting brackets; -1 if unclosed."""
    depth = 0
    while (m := _BRACKET_OR_QUOTE.search(text, pos)) is not None:
        pos = m.end()
        ch = m.group()
        if ch == '"':
            tail = _STRING_TAIL.match(text, pos)
            if tail is None:
                return -1
            pos = tail.end()
        elif ch in "[{":
            depth += 1
        else:
            depth -= 1
            if depth <= 0:
                return pos
    return -1


def _decode_value(text: str, pos: int) -> tuple[Any, int]:
    """The JSON value starting at ``pos`` and the offset after it; raises _Syntax."""
    decoder = _DECODER
    while True:
        try:
            return decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise _Syntax(exc.pos, exc.msg) from None
        except RecursionError:
            end = _skip_nested(text, pos)
            if end < 0:
                raise _Syntax(pos, "arrays or objects nested too deeply, never closed") from None
            return _TOO_DEEP, end
        except ValueError:  # int() refused a number with thousands of digits
            if decoder is _LONG_INT_DECODER:
                raise
            decoder = _LONG_INT_DECODER


def _decode_document(text: str) -> Any:
    value, end = _decode_value(text, _skip_ws(text, 0))
    end = _skip_ws(text, end)
    if end != len(text):
        raise _Syntax(end, "Extra data")
    return value


def _record(
    value: Any,
    *,
    source: str,
    line: int | None,
    fmt: str,
    record: int | None = None,
    container: str = "",
    not_object: str = "expected a paper object, found {}",
) -> Item:
    """A Paper from one decoded record, or a Problem that names its line and array position."""
    if value is _TOO_DEEP:
        reason = f"value {_TOO_DEEP_REASON}"
    elif not isinstance(value, dict):
        reason = not_object.format(_describe(value))
    elif deep := [k for k, v in value.items() if v is _TOO_DEEP]:
        reason = f"field {deep[0]!r} is {_TOO_DEEP_REASON}"
    else:
        try:
            item = paper_from_mapping(value, source=source, line=line, fmt=fmt)
        except RecursionError:
            item = Problem(source, line, f"a field is {_TOO_DEEP_REASON}")
        except UnicodeEncodeError as exc:  # a lone surrogate met while building the id
            char = exc.object[exc.start]
            field = next((k for k, v in value.items() if isinstance(v, str) and char in v), "text")
            item = Problem(source, line, surrogate_reason(field, char))
        if isinstance(item, Paper):
            why = bad_text(item)
            if why is None:
                return item
            reason = why
        else:
            reason = item.reason
    if record is not None:
        reason = f"record {record} of {container}: {reason}"
    return Problem(source, line, reason, record=record)


def read_jsonl(lines: Iterable[str], *, source: str, fmt: str = "jsonl") -> Iterator[Item]:
    loads = json.loads
    for n, line in enumerate(lines, 1):
        if not line or line.isspace():
            continue
        try:
            obj = loads(line)
        except (ValueError, RecursionError):
            # The slow path tells a syntax error from a too-deep or too-long value.
            # Decode without the newline so a cut-off string reads "Unterminated string".
            try:
                obj = _decode_document(line.rstrip("\r\n"))
            except _Syntax as exc:
                yield Problem(
                    source,
                    n,
                    f"invalid JSON at column {exc.offset + 1}: {exc.msg}; is the line truncated?",
                )
                continue
        yield _record(
            obj, source=source, line=n, fmt=fmt, not_object="expected one JSON object per line, found {}"
        )


def _array(text: str, pos: int) -> tuple[list[tuple[int, Any]], int, _Syntax | None]:
    """Elements (offset, value) of the array at ``text[pos] == '['``, the offset after
    its ``]``, and the syntax error that stopped the reading, if one did."""
    items: list[tuple[int, Any]] = []
    pos = _skip_ws(text, pos + 1)
    if text.startswith("]", pos):
        return items, pos + 1, None
    try:
        while True:
            value, end = _decode_value(text, pos)
            items.append((pos, value))
            pos = _skip_ws(text, end)
            if text.startswith(",", pos):
                pos = _skip_ws(text, pos + 1)
            elif text.startswith("]", pos):
                return items, pos + 1, None
            else:
                raise _Syntax(pos, "expected ',' or ']' after an array element")
    except _Syntax as exc:
        return items, pos, exc


class _Partial:
    """An envelope array cut short by a syntax error: the records before it, and the error."""

    def __init__(self, items: list[tuple[int, Any]], error: _Syntax) -> None:
        self.items = items
        self.error = error


def _members(text: str, pos: int) -> tuple[list[tuple[str, int, Any]], int, _Syntax | None]:
    """Members (key, value offset, value) of the object at ``text[pos] == '{'``, the
    offset after its ``}``, and the syntax error that stopped the reading, if one did.

    Values are decoded one by one so a too-deep one does not hide the others,
    and an envelope array broken part-way becomes a :class:`_Partial`.
    """
    out: list[tuple[str, int, Any]] = []
    pos = _skip_ws(text, pos + 1)
    if text.startswith("}", pos):
        return out, pos + 1, None
    try:
        while True:
            if not text.startswith('"', pos):
                raise _Syntax(pos, "Expecting property name enclosed in double quotes")
            key, pos = _decode_value(text, pos)
            pos = _skip_ws(text, pos)
            if not text.startswith(":", pos):
                raise _Syntax(pos, "Expecting ':' delimiter")
            pos = _skip_ws(text, pos + 1)
            try:
                value, end = _decode_value(text, pos)
            except _Syntax as exc:
                if key in ENVELOPE_KEYS and text.startswith("[", pos):
                    items, _, error = _array(text, pos)
                    out.append((key, pos, _Partial(items, error or exc)))
                raise
            out.append((key, pos, value))
            pos = _skip_ws(text, end)
            if text.startswith(",", pos):
                pos = _skip_ws(text, pos + 1)
            elif text.startswith("}", pos):
                return out, pos + 1, None
            else:
                raise _Syntax(pos, "Expecting ',' delimiter")
    except _Syntax as exc:
        return out, pos, exc


def read_json(text: str, *, source: str, fmt: str = "json") -> Iterator[Item]:
    """Records of a JSON document (already decoded to ``text``)."""
    from papergraph.ingest.atom import looks_like_atom, read_atom

    index = LineIndex(text)
    start = _skip_ws(text, 0)

    def invalid(exc: _Syntax, what: str = "") -> Problem:
        line, col = index.line_of(exc.offset), index.column_of(exc.offset)
        return Problem(source, line, f"invalid JSON at column {col}{what}: {exc.msg}")

    container = "the top-level array"
    error: _Syntax | None = None
    end = len(text)
    if text.startswith("[", start):
        items, end, error = _array(text, start)
    elif text.startswith("{", start):
        members, end, error = _members(text, start)
        doc = {key: value for key, _, value in members}
        offsets = {key: offset for key, offset, _ in members}
        body = doc.get("body")
        if error is None and isinstance(body, str) and looks_like_atom(body):
            # A recorded HTTP response: {"url": ..., "status_code": ..., "body": "<feed ...>"}.
            yield from read_atom(body, source=source, at_line=index.line_of(offsets["body"]))
            return
        key = next(
            (
                k
                for k in ENVELOPE_KEYS
                if isinstance(doc.get(k), list | _Partial)
                or (doc.get(k) is _TOO_DEEP and text.startswith("[", offsets[k]))
            ),
            None,
        )
        envelope = doc.get(key) if key is not None and not has_title_key(doc) else None
        if error is not None and not isinstance(envelope, _Partial):
            yield invalid(error)
            return
        if isinstance(envelope, _Partial):
            container, items, error = f"{key}[]", envelope.items, envelope.error
        elif key is not None and envelope is not None:
            container = f"{key}[]"
            items, _, error = _array(text, offsets[key])
        else:
            items, container = [(start, doc)], ""
    else:
        try:
            items = [(start, _decode_document(text))]
        except _Syntax as exc:
            yield invalid(exc)
            return

    numbered = bool(container)
    if not items and error is None:
        yield Problem(source, index.line_of(start), "JSON holds no records (empty array)")
    elif items and not any(has_title_key(v) or v is _TOO_DEEP for _, v in items):
        yield Problem(
            source,
            index.line_of(items[0][0]),
            f"{len(items)} JSON value(s) but none has a title or abstract field "
            f"(looked for {', '.join(TITLE_KEYS)}, abstract, summary, ...); not a list of papers",
        )
    else:
        for i, (offset, value) in enumerate(items, 1):
            yield _record(
                value,
                source=source,
                line=index.line_of(offset),
                fmt=fmt,
                record=i if numbered else None,
                container=container,
            )
    if error is not None:
        after = f" after record {len(items)} of {container}" if items else f" in {container}"
        problem = invalid(error, after)
        yield Problem(
            problem.file, problem.line, problem.reason + "; records after this point were not read"
        )
        return
    tail = _skip_ws(text, end)
    if tail < len(text):
        yield Problem(
            source,
            index.line_of(tail),
            f"unexpected data after the JSON {'array' if text.startswith('[', start) else 'object'}"
            "; not read (a .json file holds one document; use JSON Lines for one record per line)",
        )
