"""What a query may not do: fetch a URL, or nest deeper than the parser can.

pyoxigraph runs ``SERVICE <url> { ... }`` by sending an HTTP request to the
URL, and its ``Store.query`` has no switch to turn that off. So
:func:`check_query` reads the query text before the parser does and refuses
the SERVICE keyword. It skips what cannot hold a keyword (strings, IRIs,
comments, the local part of a prefixed name, variable names, blank node
labels) and refuses every other "service", whatever its case, even glued to
its neighbours: oxigraph's parser reads ``SERVICEex:x`` and ``?o.SERVICE`` as
the keyword. A prefix whose name holds "service" is refused too.

SPARQL decodes ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes in the whole query
before parsing, and oxigraph does not; both readings are checked.

The same pass measures nesting: brackets, braces, parentheses, ``<< >>`` and
runs of ``!``/``+``/``-``. The parser recurses once per level and a few
thousand levels overflow its stack, which kills the process, so a query
nested deeper than :data:`MAX_NESTING` is refused before it is parsed.
Long flat chains (``1+1+...``, ``{} UNION {} ...``) recurse as well;
:func:`on_deep_stack` gives the parser a thread with a large stack for them.

The check reads each character a bounded number of times: linear in the
query's length.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from papergraph.errors import QueryError

MAX_NESTING = 256
DEEP_STACK_BYTES = 256 << 20

# Character classes of the SPARQL 1.1 grammar (section 19.8).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SPACE = re.compile(r"[ \t\r\n]+")
_EOL = re.compile(r"[^\r\n]*")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_SHORT = {q: re.compile(q + r"(?:[^" + q + r"\\\n\r]|\\.)*" + q) for q in "'\""}
_LONG = {q: re.compile(q * 3 + r"(?:[^" + q + r"\\]|\\.|" + q + r"(?!" + q * 2 + r"))*" + q * 3, re.S)
         for q in "'\""}
_VAR = re.compile(f"[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*")
_BNODE = re.compile(f"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?")
_WORD = re.compile(f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?")
_LOCAL = re.compile(f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?")
_OTHER = re.compile(f"[^ \\t\\r\\n#'\"<?$_:{_BASE}]+")
_SERVICE = re.compile("service", re.IGNORECASE)
_NESTING = re.compile(r"<<|>>|[(){}\[\]]|[!+\-](?:[ \t\r\n]*[!+\-])*")
_OPEN = {"(", "{", "[", "<<"}
_CLOSE = {")", "}", "]", ">>"}

T = TypeVar("T")


def unescape_codepoints(text: str) -> str:
    """``text`` with SPARQL's ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes decoded."""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPE.sub(char, text)


def _end(pattern: re.Pattern[str], text: str, i: int) -> int:
    m = pattern.match(text, i)
    return m.end() if m else i


def code_only(text: str, *, less_than: bool = False) -> str:
    """``text`` with everything that cannot hold a keyword blanked out.

    With ``less_than``, a ``<...>`` holding a quote or a ``#`` is read as a
    less-than sign up to that character (as oxigraph reads it after an operand: in
    ``FILTER(?o <'x>') SERVICE <u> {...} #'`` the quote then opens a string and
    the SERVICE is code), so a keyword that reading exposes is found too.

    Same length as ``text``, so positions still point into it. Strings,
    comments, IRIs, variables, blank node labels and local names become
    spaces; an IRI keeps its parentheses and brackets for the nesting count
    (an IRI-looking ``<...>`` can be a less-than to the parser).
    """
    out = list(text)
    n = len(text)
    i = 0

    def blank(start: int, end: int) -> int:
        out[start:end] = " " * (end - start)
        return end

    while i < n:
        c = text[i]
        m: re.Match[str] | None
        if c in " \t\r\n":
            i = _end(_SPACE, text, i)
        elif c == "#":
            i = blank(i, _end(_EOL, text, i))
        elif c in "'\"":
            long = text.startswith(c * 3, i)
            m = (_LONG if long else _SHORT)[c].match(text, i)
            # A string never closed is a syntax error from here on: nothing runs.
            i = blank(i, m.end() if m else n if long else _end(_EOL, text, i))
        elif c == "<":
            m = _IRI.match(text, i)
            # After an operand oxigraph reads '<' as less-than, even where an IRI
            # could follow. Only a ')' (leaving the expression) and a '#' (a
            # comment hiding the '>') could then hide a keyword inside.
            iri = m.group() if m else ""
            cut = min((k for k in (iri.find("'"), iri.find("#")) if k > 0), default=0) if less_than else 0
            if m and not (")" in iri and "#" in iri):
                # Read as a less-than, the run before the quote or hash is one token that cannot be a
                # pattern; lexing goes on from the quote or hash.
                end = i + cut if cut else m.end()
                for j in range(i, end):
                    if text[j] not in "()[]":
                        out[j] = " "
                i = end
            else:
                i += 1
        elif c in "?$":
            m = _VAR.match(text, i)
            i = blank(i, m.end()) if m else i + 1
        elif c == "_" and text.startswith("_:", i):
            m = _BNODE.match(text, i)
            i = blank(i, m.end() if m else i + 2)
        elif c == ":":
            m = _LOCAL.match(text, i + 1)
            i = blank(i + 1, m.end()) if m else i + 1
        else:  # keywords, prefixes, numbers, punctuation: all stay
            m = _WORD.match(text, i) or _OTHER.match(text, i)
            i = m.end() if m else i + 1
    return "".join(out)


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


def _check_view(text: str, view: str) -> None:
    code = code_only(text)
    m = _SERVICE.search(code) or _SERVICE.search(code_only(text, less_than=True))
    if m:
        around = code[m.start() - 1:m.start()] + code[m.end():m.end() + 1]
        hint = ""
        if any(ch.isalnum() or ch in ":_-" for ch in around):
            hint = "; a name holding 'service' outside a string or IRI reads as the keyword, rename it"
        raise QueryError(
            f"SERVICE is not allowed ({_where(text, m.start())}{view}): papergraph answers "
            f"from the local store only and never fetches a URL{hint}"
        )
    depth = 0
    for t in _NESTING.finditer(code):
        tok = t.group()
        if tok in _CLOSE:
            depth = max(0, depth - 1)
            continue
        if tok in _OPEN:
            depth += 1
            level = depth
        else:  # a run of unary operators nests one level per operator
            level = depth + sum(ch in "!+-" for ch in tok)
        if level > MAX_NESTING:
            raise QueryError(
                f"the query nests more than {MAX_NESTING} levels deep ({_where(text, t.start())}"
                f"{view}); brackets, braces, parentheses and runs of !, + or - count, "
                f"so flatten the query"
            )


def check_query(sparql: str) -> None:
    """Raise QueryError when ``sparql`` uses SERVICE or nests too deeply."""
    _check_view(sparql, "")
    decoded = unescape_codepoints(sparql)
    if decoded != sparql:
        _check_view(decoded, ", once \\u escapes are decoded")


def on_deep_stack(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on a thread with a large stack, or here if none can start.

    Parsing and planning recurse once per term of a flat chain: with the
    default 8 MiB stack, some 20,000 terms kill the process. The stack is
    reserved address space; only the part used becomes memory.
    """
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            error.append(exc)

    thread = _start_deep(target)
    if thread is None:
        return fn(*args)
    thread.join()
    if error:
        raise error[0]
    return result[0]


_stack_lock = threading.Lock()


def _start_deep(target: Callable[[], None]) -> threading.Thread | None:
    with _stack_lock:  # stack_size() is process-wide: set it only around this start
        try:
            old = threading.stack_size(DEEP_STACK_BYTES)
        except (ValueError, RuntimeError):
            return None
        try:
            thread = threading.Thread(target=target, name="papergraph-query", daemon=True)
            thread.start()
        except RuntimeError:
            return None
        finally:
            threading.stack_size(old)
    return thread
