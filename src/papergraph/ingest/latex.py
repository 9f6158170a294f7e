"""Just enough LaTeX-to-Unicode for BibTeX titles, abstracts and names.

Math (``$...$``) is kept verbatim: it is part of what the authors wrote and a
later stage may want it. Outside math, accents and escapes become characters,
text-formatting commands and grouping braces are dropped, and whitespace runs
(BibTeX line wrapping) collapse to one space.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["latex_to_text"]

_COMBINING = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    "u": "\u0306", ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b",
    "v": "\u030c", "d": "\u0323", "c": "\u0327", "k": "\u0328", "b": "\u0331",
}
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
    "textbackslash": "\\", "textless": "<", "textgreater": ">", "textasciitilde": "~",
    "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textbar": "|",
    "textunderscore": "_", "textquotesingle": "'", "textdegree": "°", "S": "§",
}
# Escaped characters are parked in private-use code points while braces are removed.
_ESCAPES = {"%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}"}
_PARK = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPES)}
_UNPARK = str.maketrans({v: k for k, v in _PARK.items()})

_WS = re.compile(r"\s+")
# "\\%" is an over-escaped "\%" in exported abstracts ("2\\% improvement"), not a line
# break followed by a comment, so both spellings give the character.
_ESCAPE = re.compile(r"\\\\?([%&$#_{}])")
_LINE_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")
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
_BRACES = re.compile(r"[{}]")
_MATH = re.compile(r"(?<!\\)(\$\$?)(.+?)(?<!\\)\1", re.DOTALL)


def _accent(mark: str, letter: str) -> str:
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter.lstrip("\\"))
    return unicodedata.normalize("NFC", base + _COMBINING[mark])


def _plain(segment: str) -> str:
    s = _ESCAPE.sub(lambda m: _PARK[m.group(1)], segment)
    s = _LINE_BREAK.sub(" ", s)
    s = _HREF.sub(lambda m: f"{m.group(2)} ({m.group(1)})", s)
    s = _SIGN_ACCENT.sub(lambda m: _accent(m.group(1), m.group(2) or m.group(3)), s)
    s = _LETTER_ACCENT.sub(lambda m: _accent(m.group(1), m.group(2) or m.group(3)), s)
    s = _SYMBOL.sub(lambda m: _SYMBOLS[m.group(1) or m.group(2)], s)
    s = _FORMAT.sub("", s)
    s = _FORMAT_SWITCH.sub("", s)
    s = _BRACES.sub("", s)
    s = s.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    s = s.replace("~", " ")
    return s.translate(_UNPARK)


def latex_to_text(value: str) -> str:
    """BibTeX field text -> plain Unicode (math kept as written)."""
    value = _WS.sub(" ", value).strip()
    if "\\" not in value and "{" not in value and "$" not in value and "-" not in value \
            and "~" not in value and "`" not in value and "'" not in value:
        return value
    out: list[str] = []
    pos = 0
    for m in _MATH.finditer(value):
        out.append(_plain(value[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_plain(value[pos:]))
    return "".join(out)
