"""SPARQL syntax errors a person can act on.

pyoxigraph's parser reports ``error at LINE:COLUMN: expected one of ...``,
where the list can be the grammar's character classes over several lines.
:func:`explain` turns that into the position, the offending line with a caret
under the column, and a hint for the usual slips: a prefix that is not
declared (papergraph declares its own, see :func:`papergraph.rdf.namespace.prefixes`),
unbalanced braces, a triple pattern without its closing ``.``, a string left
open, a misspelt keyword. The CLI and the endpoint show the same text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from papergraph.rdf.namespace import VOCAB_PREFIXES

_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
#: Parts of a query where braces, dots and colons are not syntax.
_OPAQUE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s"{}|^`\\]*>|#[^\n]*')
_PNAME = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%]|\s|$)")
_PNAME_BEFORE = re.compile(r"(?<![\w?$])([A-Za-z][\w.-]*)?:[\w.%-]*$")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_WORD = re.compile(r"(?<![?$:\w])[A-Za-z_]+(?![\w:])")
_ENDS_TERM = re.compile(r"""(?:[?$]\w+|[\w%)>"']|\bfalse|\btrue)\s*$""")
_STARTS_SUBJECT = re.compile(r"^(?:[?$]\w|<|_:|[A-Za-z][\w.-]*:)")
_KEYWORD_LINE = re.compile(r"^(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE|FILTER|BIND|OPTIONAL|MINUS|UNION|"
                           r"VALUES|GRAPH|SERVICE|ORDER|GROUP|HAVING|LIMIT|OFFSET|LATERAL)\b", re.I)
KEYWORDS = (
    "SELECT", "DISTINCT", "REDUCED", "WHERE", "PREFIX", "BASE", "ASK", "CONSTRUCT", "DESCRIBE", "FILTER", "OPTIONAL",
    "UNION", "MINUS", "GRAPH", "BIND", "VALUES", "ORDER", "GROUP", "BY", "HAVING", "LIMIT", "OFFSET", "ASC", "DESC",
    "EXISTS", "NOT", "COUNT", "SAMPLE", "GROUP_CONCAT", "LATERAL", "FROM", "NAMED", "SEPARATOR",
)
#: An "expected ..." list longer than this, or with character classes in it, is the grammar: left out.
_EXPECTED_MAX = 60


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """Where a query failed to parse, and what to say about it."""

    line: int  # 1-based
    column: int  # 1-based, in characters
    expected: str  # the parser's "expected ..." when short, else ""
    hint: str  # "" when no common slip explains it

    def message(self, sparql: str) -> str:
        lines = sparql.split("\n")
        head = f"SPARQL syntax error at line {self.line}, column {self.column}"
        head += f": {self.expected}" if self.expected else ""
        parts = [head]
        if 1 <= self.line <= len(lines):
            text = lines[self.line - 1].replace("\t", " ").rstrip("\r")
            number = f"{self.line} | "
            parts.append(f"  {number}{text}")
            parts.append("  " + " " * (len(number) - 2) + "| " + " " * (min(self.column, len(text) + 1) - 1) + "^")
        if self.hint:
            parts.append(f"hint: {self.hint}")
        return "\n".join(parts)


def _blank(sparql: str) -> str:
    """``sparql`` with strings, IRIs and comments blanked out (same length, newlines kept)."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), sparql)


def _offset(sparql: str, line: int, column: int) -> int:
    lines = sparql.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1


def _prefix_hint(sparql: str, line: int, column: int, declared: set[str]) -> str:
    plain = _blank(sparql)
    text = plain.split("\n")[line - 1] if line <= plain.count("\n") + 1 else ""
    m = _PNAME_BEFORE.search(text[: max(column - 1, 0)])
    used = [m.group(1) or ""] if m else []
    # The name at the error may be cut short; any undeclared prefix in the query will do.
    used += [p.group(1) or "" for p in _PNAME.finditer(plain)]
    for prefix in dict.fromkeys(used):
        if prefix in declared:
            continue
        close = difflib.get_close_matches(prefix, sorted(declared), n=1, cutoff=0.5)
        mean = f"; did you mean {close[0]}:?" if close else ""
        vocab = [p for p in VOCAB_PREFIXES if p in declared]
        known = ", ".join(f"{p}:" for p in [*vocab, *sorted(declared - set(vocab))] if p)
        return (f"the prefix {prefix}: is not declared{mean} Declare it with PREFIX {prefix}: <IRI>, or use one "
                f"papergraph declares for every query: {known}")
    return ""


def _brace_hint(sparql: str) -> str:
    plain = _blank(sparql)
    for open_, close, name in (("{", "}", "brace"), ("(", ")", "parenthesis")):
        opened, closed = plain.count(open_), plain.count(close)
        if opened > closed:
            return f"{opened} '{open_}' but {closed} '{close}': a closing {name} is missing"
        if closed > opened:
            return f"{closed} '{close}' but {opened} '{open_}': a closing {name} too many, or an opening one missing"
    return ""


def _dot_hint(sparql: str, line: int) -> str:
    """A line that ends a triple pattern followed by one that starts another, with no ``.`` between."""
    rows = [(i + 1, x.strip()) for i, x in enumerate(_blank(sparql).split("\n")) if x.strip()]
    for (n, this), (_, nxt) in zip(rows, rows[1:], strict=False):
        if n >= line:
            break
        if _KEYWORD_LINE.match(this) or this.endswith(("{", ".", ";", ",")) or len(this.split()) < 3:
            continue
        if _ENDS_TERM.search(this) and _STARTS_SUBJECT.match(nxt):
            return f"line {n} ends a triple pattern without ' .' before the next one"
    return ""


def _keyword_hint(sparql: str, line: int, column: int) -> str:
    """A misspelt keyword among the last few words before the error (variables and prefixed names aside)."""
    plain = _blank(sparql).split("\n")
    text = plain[line - 1][: column + 1] if line <= len(plain) else ""
    words = [w for w in _WORD.findall(text) if w.upper() not in KEYWORDS and len(w) >= 3]
    for word in reversed(words[-3:]):
        close = difflib.get_close_matches(word.upper(), KEYWORDS, n=1, cutoff=0.75)
        if close:
            return f"{word!r} is not a SPARQL keyword; did you mean {close[0]}?"
    return ""


def _expected(rest: str) -> str:
    rest = rest.strip()
    if "\n" in rest or "[" in rest or "not found" in rest or len(rest) > _EXPECTED_MAX:
        return ""
    return rest


def diagnose(sparql: str, error: str, declared: Iterable[str]) -> SyntaxProblem | None:
    """The position and hint of pyoxigraph's syntax ``error`` for ``sparql`` (None if it gives no position).

    ``declared`` are the prefixes the query may use without declaring them.
    """
    m = _POSITION.match(error.strip())
    if m is None:
        return None
    line, column, rest = int(m.group(1)), int(m.group(2)), m.group(3)
    names = set(declared) | {d.group(1) or "" for d in _DECLARED.finditer(_blank(sparql))}
    hint = ""
    if "Prefix not found" in rest:
        hint = _prefix_hint(sparql, line, column, names)
    if not hint and re.search(r'expected one of "\\""', rest) and sparql.count('"') % 2:
        hint = "a string is not closed: a '\"' is missing"
    hint = hint or _brace_hint(sparql) or _dot_hint(sparql, line) or _keyword_hint(sparql, line, column)
    expected = _expected(rest)
    if not hint and not expected and _offset(sparql, line, column) >= len(sparql.rstrip()):
        hint = "the query ends too early"
    return SyntaxProblem(line=line, column=column, expected=expected, hint=hint)


def explain(sparql: str, error: str, declared: Iterable[str]) -> str:
    """The message for pyoxigraph's syntax ``error`` on ``sparql``: position, line, caret and hint."""
    problem = diagnose(sparql, error, declared)
    if problem is None:
        first = error.strip().split("\n", 1)[0]
        return f"SPARQL syntax error: {first}"
    return problem.message(sparql)
