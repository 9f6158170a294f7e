r"""Just enough LaTeX-to-Unicode for BibTeX titles, abstracts and names.

Math (``$...$``, ``\(...\)``, ``\[...\]`` and the ``equation``/``align``-like
environments) is kept verbatim: it is part of what the authors wrote and a
later stage may want it. Outside math, accents and escapes become characters,
text-formatting commands and grouping braces are dropped, and whitespace runs
(BibTeX line wrapping) collapse to one space. Any other command leaves the text
of its braced argument (``\citet{X}`` -> ``X``) or, without one, goes away
with a space kept between the words around it (``a\foo b`` -> ``a b``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

__all__ = ["latex_to_text"]

_COMBINING = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    "u": "\u0306", ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b",
    "v": "\u030c", "d": "\u0323", "c": "\u0327", "k": "\u0328", "b": "\u0331",
}
# A backslash the text spells out ("{\textbackslash}emph") is parked here so that
# what follows it is not read as a command.
_BACKSLASH = "\ue0ff"
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
    "textbackslash": _BACKSLASH, "textless": "<", "textgreater": ">", "textasciitilde": "~",
    "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textbar": "|",
    "textunderscore": "_", "textquotesingle": "'", "textdegree": "°", "S": "§",
    "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
}
# Escaped characters are parked in private-use code points while braces are removed.
_ESCAPES = {"%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}"}
_PARK = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPES)}
_UNPARK = str.maketrans({v: k for k, v in _PARK.items()} | {_BACKSLASH: "\\"})
# Word macros papers define for themselves ("\ie", "\etal"): what they print.
_WORD_MACROS = {
    "ie": "i.e.", "eg": "e.g.", "etal": "et al.", "wrt": "w.r.t.", "etc": "etc.", "vs": "vs.",
}
# "Bj\orn" is a name written without the space that ends "\o": the letter, then "rn".
_GLUED_LETTERS = ("ss", "aa", "AA", "ae", "AE", "oe", "OE", "o", "O", "l", "L")

_WS = re.compile(r"\s+")
# "\\%" is an over-escaped "\%" in exported abstracts ("2\\% improvement"), not a line
# break followed by a comment, so both spellings give the character.
_ESCAPE = re.compile(r"\\\\?([%&$#_{}])")
# The optional argument is a length ("\\[2pt]"): bounded, so an unclosed "[" costs nothing.
_LINE_BREAK = re.compile(r"\\\\(?:\[[^\]\[]{0,40}\])?")
_SYMBOL_NAMES = "|".join(sorted(map(re.escape, _SYMBOLS), key=len, reverse=True))
# "{\ss}" keeps the following space; a bare control word "\ss x" eats one, as TeX does.
_SYMBOL = re.compile(
    rf"\{{\\({_SYMBOL_NAMES})\}}|\\({_SYMBOL_NAMES})(?![A-Za-z])(?:\{{\}}|\s)?"
)
_SIGN_ACCENT = re.compile(r"\\([`'^~=.\"])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))")
_LETTER_ACCENT = re.compile(r"\\([uvHckrbd])(?:\s*\{\s*(\\?[A-Za-z])\s*\}|\s+([A-Za-z]))")
_FORMAT = re.compile(
    r"\\(?:textbf|textit|textsl|textrm|texttt|textsc|textsf|textup|textnormal|emph|mbox|text|url|"
    r"uline|underline)\s*(?=\{)"
)
_FORMAT_SWITCH = re.compile(r"\\(?:bf|it|em|sc|tt|rm|sf|sl|small|large|Large|normalfont)(?![A-Za-z])\s?")
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
# "\ " and "\," are spaces; "\-" (a hyphenation point), "\/", "\@" and "\!" print nothing.
_SPACE_COMMAND = re.compile(r"\\[ ,;:]")
_SILENT_COMMAND = re.compile(r"\\[-/@!]")
# Commands whose braced argument is not text: dropped with it.
_NOT_TEXT = re.compile(
    r"\\(?:label|ref|eqref|vspace|hspace|index|nocite|color|textcolor|includegraphics|begin|end)\*?"
    r"(?:\s*\[[^\[\]{}]*\])*\s*\{[^{}]*\}"
)
# Any other command: its name, an optional argument or two if a braced one follows, the
# spaces after it. The braced argument's text stays (the braces go with the others).
_COMMAND = re.compile(r"\\([A-Za-z]+)\*?(?:(?:\s*\[[^\[\]{}]*\])+(?=\s*\{))?(\s*)")
_CLOSING = frozenset(".,;:!?)]}'\"”’")
_OPENING = frozenset("([{“‘")
_SPACES = re.compile(r"  +")
_BRACES = re.compile(r"[{}]")
_MATH = re.compile(r"(?<!\\)(\$\$?)(.+?)(?<!\\)\1", re.DOTALL)
_MATH_ENVS = "equation|align|gather|multline|eqnarray|displaymath|math"
# "\(", "\[" and math environments open math; each kind closes with its own closer.
_DELIMITER = re.compile(
    rf"(?<!\\)\\([(\[])|(?<!\\)\\([)\]])|\\(begin|end)\s*\{{((?:{_MATH_ENVS})\*?)\}}"
)
_CLOSER_OF = {"(": ")", "[": "]"}


def _accent(mark: str, letter: str) -> str:
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter.lstrip("\\"))
    return unicodedata.normalize("NFC", base + _COMBINING[mark])


def _unknown_command(m: re.Match[str]) -> str:
    """Nothing if an argument follows (``\\citet{X}`` -> ``X``); else a space between words."""
    text, start, end = m.string, m.start(), m.end()
    name, space = m.group(1), m.group(2)
    after = text[end : end + 1]
    before = text[start - 1 : start]
    if name in _WORD_MACROS:
        word = _WORD_MACROS[name]
        return (word[:-1] if after == "." else word) + (space and " ")
    if after == "{":
        return ""
    if before.isalpha():
        for letter in _GLUED_LETTERS:
            if name.startswith(letter) and name[len(letter):].islower():
                return _SYMBOLS[letter] + name[len(letter):] + (space and " ")
    if not before or before.isspace() or before in _OPENING:
        return ""
    return "" if not after or after.isspace() or after in _CLOSING else " "


def _plain(segment: str) -> str:
    s = _ESCAPE.sub(lambda m: _PARK[m.group(1)], segment)
    s = _LINE_BREAK.sub(" ", s)
    s = _HREF.sub(lambda m: f"{m.group(2)} ({m.group(1)})", s)
    s = _SIGN_ACCENT.sub(lambda m: _accent(m.group(1), m.group(2) or m.group(3)), s)
    s = _LETTER_ACCENT.sub(lambda m: _accent(m.group(1), m.group(2) or m.group(3)), s)
    s = _SYMBOL.sub(lambda m: _SYMBOLS[m.group(1) or m.group(2)], s)
    s = _FORMAT.sub("", s)
    s = _FORMAT_SWITCH.sub("", s)
    s = _SPACE_COMMAND.sub(" ", s)
    s = _SILENT_COMMAND.sub("", s)
    s = _NOT_TEXT.sub("", s)
    s = _COMMAND.sub(_unknown_command, s)
    s = _BRACES.sub("", s)
    s = s.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    s = s.replace("~", " ")
    return _SPACES.sub(" ", s).translate(_UNPARK)


def _delimited_math(value: str) -> list[tuple[int, int]]:
    """Spans of ``\\(...\\)``, ``\\[...\\]`` and math environments, left to right.

    Closers are looked up by bisection, so an opener that is never closed costs
    a lookup, not a scan of the rest of the text.
    """
    tokens = list(_DELIMITER.finditer(value))
    if not tokens:
        return []
    closers: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        if t.group(2) or t.group(3) == "end":
            closers.setdefault(t.group(2) or "end " + t.group(4), []).append(i)
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, t in enumerate(tokens):
        if t.start() < pos or not (t.group(1) or t.group(3) == "begin"):
            continue
        kind = _CLOSER_OF[t.group(1)] if t.group(1) else "end " + t.group(4)
        ends = closers.get(kind, [])
        j = bisect.bisect_right(ends, i)
        if j < len(ends):
            pos = tokens[ends[j]].end()
            spans.append((t.start(), pos))
    return spans


def _segments(value: str) -> Iterator[tuple[str, bool]]:
    """``value`` cut into (text, is_math) pieces, in order."""
    pos = 0
    for start, end in [*_delimited_math(value), (len(value), len(value))]:
        text = value[pos:start]
        inner = 0
        for m in _MATH.finditer(text):
            yield text[inner : m.start()], False
            yield m.group(0), True
            inner = m.end()
        yield text[inner:], False
        if end > start:
            yield value[start:end], True
        pos = end


def latex_to_text(value: str) -> str:
    """BibTeX field text -> plain Unicode (math kept as written)."""
    value = _WS.sub(" ", value).strip()
    if "\\" not in value and "{" not in value and "$" not in value and "-" not in value \
            and "~" not in value and "`" not in value and "'" not in value:
        return value
    return "".join(text if math else _plain(text) for text, math in _segments(value)).strip()
