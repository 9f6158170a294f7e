"""Text normalisation with an offset map back to the original string.

Abstracts arrive hard-wrapped, with LaTeX (``80.4\\%``, ``$\\times$``,
``\\textbf{X}``) and stray double spaces. The rules and the tokenizer work
better on a cleaned copy, but every offset papergraph outputs must index the
string *as given*. :func:`normalize` returns the cleaned text and, for every
cleaned character, the original span it came from.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# LaTeX commands that stand for one printable character.
_LATEX_SYMBOLS = {
    "times": "×", "sim": "~", "approx": "≈", "pm": "±", "le": "≤", "leq": "≤", "ge": "≥",
    "geq": "≥", "rightarrow": "→", "to": "→", "uparrow": "↑", "downarrow": "↓",
    "alpha": "α", "beta": "β", "gamma": "γ", "lambda": "λ", "mu": "μ", "sigma": "σ",
    "tau": "τ", "epsilon": "ε", "delta": "δ", "theta": "θ", "pi": "π", "cdot": "·",
    "%": "%", "&": "&", "_": "_", "#": "#", "$": "$",
}

# Style and font switches that carry no text of their own.
_STYLE_COMMANDS = frozenset({
    "textbf", "textit", "texttt", "emph", "mathrm", "mathbf", "mathit", "mathcal", "mathbb", "text",
    "textsc", "operatorname", "bf", "it", "em", "rm", "tt", "sc", "small", "large", "Large", "footnotesize",
    "cite", "citet", "citep", "ref", "eqref", "url", "href", "footnote", "label", "noindent", "xspace",
})

# One alternation, tried left to right at each position.
_SPECIAL = re.compile(
    # Every alternative starts with a fixed character class, so the scan fails fast.
    r"(?P<ws>\s{2,}|[^\S ])"
    r"|(?P<esc>\\[%&_#$])"
    # Any command with a braced argument keeps the argument alone: "\textbf{X}", "\citet{X}" -> "X".
    r"|(?P<wrap>\\[A-Za-z]+\*?\{)"
    r"|(?P<sym>\\[A-Za-z]+)(?![A-Za-z])\s?"
    r"|(?P<dollar>\$)"
)


# Most abstracts hold no LaTeX: whitespace alone is a much cheaper scan. Same
# matches as ``\s{2,}|[^\S ]``, but a pattern that starts with a character
# class lets the regex engine skip ahead to the next whitespace character.
_WS_ONLY = re.compile(r"\s(?:\s+|(?<! ))")

# Nine fields in ten hold whitespace only as single characters (a hard-wrapped
# abstract's newlines) after a first character that is not whitespace. Each
# such character becomes one space, so the cleaned text has the original's
# length and every offset maps to itself.
_WS_PAIR = re.compile(r"\s\s")
WHITESPACE = (  # every character but the space for which str.isspace() holds (tested)
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_TO_SPACE = str.maketrans(WHITESPACE, " " * len(WHITESPACE))
_ASCII_SPACES = "".join(c for c in WHITESPACE if c.isascii() and c != "\n")  # besides the space and newline


def _spaced(text: str) -> str | None:
    """``text`` with every whitespace character a space, or None when a run of two or a leading one would be dropped.

    Hard-wrapped ASCII text holds newlines and spaces only: replacing the
    newlines and looking for two spaces is a few ``str`` calls, against a
    regex scan and a translation for other text.
    """
    flat = text.replace("\n", " ")
    if flat.isascii() and not any(c in flat for c in _ASCII_SPACES):
        return None if flat.startswith(" ") or "  " in flat else flat
    if text[:1].isspace() or _WS_PAIR.search(text) is not None:
        return None
    return text.translate(_TO_SPACE)


# Case-insensitive regexes fold these onto ASCII letters ("ı" matches "i", "ſ"
# matches "s"); str.lower() leaves them alone or changes the string's length.
FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def lower_for_prechecks(text: str) -> str | None:
    """``text`` lower-cased, or None when that copy cannot stand in for case-insensitive matching.

    Pre-checks look for a lower-case ASCII word in the copy before running a
    case-insensitive regex that needs the word: wherever the regex could match,
    the copy holds the word at the same offsets, unless the text holds one of
    FOLDS_TO_ASCII or a letter whose lower case is longer.
    """
    low = text.lower()
    if len(low) == len(text) and (text.isascii() or not any(c in text for c in FOLDS_TO_ASCII)):
        return low
    return None


@dataclass(slots=True)  # treated as immutable; not frozen, which makes construction ~3x slower
class Normalized:
    """A cleaned string and, per cleaned character, the original [start, end)."""

    text: str
    original: str
    # Segments of the cleaned text, by cleaned start offset: a copied run maps
    # character i to orig + (i - start); a replacement (orig_end set) maps every
    # character to [orig, orig_end). None means the identity map: nothing
    # changed, or single whitespace characters became spaces.
    seg_starts: tuple[int, ...] | None = None
    seg_orig: tuple[int, ...] = ()
    seg_orig_end: tuple[int, ...] = ()  # -1 for copied runs

    def _char(self, i: int) -> tuple[int, int]:
        assert self.seg_starts is not None
        k = bisect_right(self.seg_starts, i) - 1
        base, orig, oend = self.seg_starts[k], self.seg_orig[k], self.seg_orig_end[k]
        if oend < 0:
            return orig + i - base, orig + i - base + 1
        return orig, oend

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``text`` to the original string."""
        if self.seg_starts is None:
            return start, end
        if start >= len(self.text):
            return len(self.original), len(self.original)
        if end <= start:
            pos = self._char(start)[0]
            return pos, pos
        return self._char(start)[0], self._char(end - 1)[1]


def normalize(text: str) -> Normalized:
    """Clean ``text`` for NLP; see the module docstring. Never changes letters."""
    if "\\" not in text and "$" not in text:
        return _collapse_whitespace(text)
    if not _SPECIAL.search(text):
        return Normalized(text, text)
    return _clean_latex(text, _SPECIAL)


def _collapse_whitespace(text: str) -> Normalized:
    """:func:`normalize` for text without LaTeX: runs of whitespace become one space.

    The general loop below gives the same result; this one does less per match,
    which matters because nearly every abstract is hard-wrapped. When no
    whitespace is dropped (no run of two, none leading), the cleaned text is a
    translation of the original and keeps the identity map.
    """
    spaced = _spaced(text)
    if spaced is not None:
        return Normalized(spaced, text)
    parts: list[str] = []
    seg_starts: list[int] = []
    seg_orig: list[int] = []
    seg_end: list[int] = []
    n = 0
    pos = -1  # no match yet
    for m in _WS_ONLY.finditer(text):
        s, e = m.span()
        if pos < 0:
            pos = 0
        if s > pos:
            parts.append(text[pos:s])
            seg_starts.append(n)
            seg_orig.append(pos)
            seg_end.append(-1)
            n += s - pos
        # A match never directly follows a space or another match, so the only
        # whitespace run dropped rather than replaced is one at the very start.
        if n:
            parts.append(" ")
            seg_starts.append(n)
            seg_orig.append(s)
            seg_end.append(e)
            n += 1
        pos = e
    if pos < 0:
        return Normalized(text, text)
    if pos < len(text):
        parts.append(text[pos:])
        seg_starts.append(n)
        seg_orig.append(pos)
        seg_end.append(-1)
    return Normalized("".join(parts), text, tuple(seg_starts), tuple(seg_orig), tuple(seg_end))


def _clean_latex(text: str, pattern: re.Pattern[str]) -> Normalized:
    """:func:`normalize` for text with LaTeX markup or math dollars."""
    out: list[str] = []
    seg_starts: list[int] = []
    seg_orig: list[int] = []
    seg_end: list[int] = []
    n = 0  # length of the cleaned text so far
    pos = 0
    brace_depth = 0  # open \textbf{ ... } groups whose closing brace we drop
    last = ""  # last character emitted, to avoid doubled spaces

    def emit(chunk: str, orig: int, orig_end: int) -> None:
        nonlocal n, last
        out.append(chunk)
        seg_starts.append(n)
        seg_orig.append(orig)
        seg_end.append(orig_end)
        n += len(chunk)
        last = chunk[-1]

    def keep(upto: int) -> None:
        nonlocal pos, brace_depth
        while pos < upto:
            close = text.find("}", pos, upto) if brace_depth else -1
            stop = upto if close < 0 else close
            if stop > pos:
                emit(text[pos:stop], pos, -1)
            pos = stop
            if close >= 0:
                brace_depth -= 1
                pos += 1

    for m in pattern.finditer(text):
        keep(m.start())
        kind = m.lastgroup
        s, e = m.start(), m.end()
        if kind == "ws":
            repl = " " if last and last != " " else ""
        elif kind == "esc":
            repl = m.group(0)[1]
        elif kind == "wrap":
            brace_depth += 1
            repl = ""
        elif kind == "sym":
            name = m.group("sym")[1:]
            repl = _LATEX_SYMBOLS.get(name, "")
            if not repl and name in _STYLE_COMMANDS:
                pass  # "\emph word": the style goes (with one space after it), the word stays
            elif not repl:
                # Unknown command (\ell, \infty...): keep its name as text so nothing vanishes.
                repl = name
                e = m.start() + len(m.group("sym"))
        else:  # a math-mode dollar: dropped, the content stays
            repl = ""
        if repl:
            emit(repl, s, e)
        pos = e
    keep(len(text))
    return Normalized("".join(out), text, tuple(seg_starts), tuple(seg_orig), tuple(seg_end))
