"""N-Triples terms as strings: the fast path from networkx to RDF text.

Building millions of rdflib term objects only to print them again is the
slowest part of an export, so the mapping emits N-Triples term strings
directly; rdflib parses them back wherever a Graph is wanted. Every function
here returns text that is valid in both N-Triples and Turtle.
"""

from __future__ import annotations

import hashlib
import math
import re
from decimal import Decimal, InvalidOperation
from numbers import Integral, Real
from urllib.parse import quote

import pyoxigraph

XSD = "http://www.w3.org/2001/XMLSchema#"

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f\ud800-\udfff]')
_IRI_ILLEGAL = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if "\ud800" <= ch <= "\udfff":  # a lone surrogate cannot be encoded as UTF-8
        return "\ufffd"
    return f"\\u{ord(ch):04X}"


def literal(text: str) -> str:
    """A plain (xsd:string) literal."""
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def typed(lexical: str, datatype: str) -> str:
    """A literal of an XSD datatype given by its local name (``"decimal"``)."""
    return f'"{lexical}"^^<{XSD}{datatype}>'


def iri(value: str) -> str:
    return f"<{value}>"


def integer(value: object, *, datatype: str = "integer") -> str | None:
    """An integer literal, or None when ``value`` is not an integer."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Integral):
        return typed(str(int(value)), datatype)
    if isinstance(value, Real) and float(value).is_integer():
        return typed(str(int(float(value))), datatype)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return typed(str(int(value)), datatype)
    return None


def decimal(value: object) -> str | None:
    """An xsd:decimal literal in canonical form ("85.0", "0.001"), or None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, Real):
            f = float(value)
            if not math.isfinite(f):
                return None
            d = Decimal(repr(f))
        else:
            d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    s = format(d, "f")
    if "." not in s:
        s += ".0"
    # Canonical form drops trailing zeros but keeps one digit after the point.
    head, tail = s.split(".")
    tail = tail.rstrip("0") or "0"
    if head in ("-0", "") and set(tail) == {"0"}:
        head = "0"
    return typed(f"{head}.{tail}", "decimal")


def boolean(value: object) -> str | None:
    if isinstance(value, bool):
        return typed("true" if value else "false", "boolean")
    return None


def date(value: object) -> str | None:
    """xsd:date, xsd:gYearMonth or xsd:gYear for a full or partial ISO date."""
    if not isinstance(value, str):
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month is not None and not 1 <= int(month) <= 12:
        return None
    if day is not None:
        if not 1 <= int(day) <= 31:
            return None
        return typed(f"{year}-{month}-{day}", "date")
    if month is not None:
        return typed(f"{year}-{month}", "gYearMonth")
    return typed(year, "gYear")


def external_iri(url: object) -> str | None:
    """An IRI term for a URL read from input, or None when it cannot be one.

    Characters N-Triples forbids are percent-encoded; what is still not an
    IRI (no scheme, broken host) is left out rather than breaking the store.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not _SCHEME.match(url):
        return None
    url = _IRI_ILLEGAL.sub(lambda m: quote(m.group(0), safe=""), url)
    try:
        pyoxigraph.NamedNode(url)
    except ValueError:
        return None
    return iri(url)


def check_base(base: str) -> str:
    """``base`` if it can prefix papergraph's IRIs; raises ValueError otherwise."""
    if not base.endswith(("/", "#")) or not _SCHEME.match(base):
        raise ValueError(
            f"base IRI {base!r} must be absolute and end with '/' or '#', "
            "e.g. 'https://papergraph.dev/id/'"
        )
    try:
        pyoxigraph.NamedNode(base + "x")
    except ValueError as exc:
        raise ValueError(f"base IRI {base!r} is not a valid IRI: {exc}") from None
    return base


def local_part(text: str) -> str:
    """Percent-encode an id so it is one path segment and a Turtle local name."""
    return quote(text, safe=":-._~")


def digest(*parts: object) -> str:
    """A short, stable hash naming an auxiliary node (evidence, selector, alias)."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8", "replace"))
    return h.hexdigest()[:16]
