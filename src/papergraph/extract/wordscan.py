"""Regexes that match only at the start of a word, scanned without a lookbehind at every position.

Two ways, one per kind of body: :class:`WordStart` (below) for any body, and
:func:`word_starts` for a body whose alternatives all open with a literal.

A pattern such as ``(?<![\\w\\-])BLEU|...`` opens with a zero-width assertion,
so ``re`` cannot skip ahead to a likely start: it runs the whole matcher at
every character of the text. :class:`WordStart` compiles the same body twice:

* ``pattern``: ``(?<![\\w\\-])`` + body, the plain regex (for ``match`` at one
  position and for ``fullmatch``);
* a scanner: ``[^\\w\\-](`` + body + ``)``. Its first item consumes the
  character before the match, a character class ``re`` can skip to, so the
  matcher runs only after a space or punctuation.

A match of the scanner whose group starts at ``p`` is exactly a match of
``pattern`` at ``p`` (the consumed character is the one the lookbehind looks
at, and the alternation tries the same alternatives in the same order). Only a
match at the very first position of the range has no consumed character
before it inside the range; ``pattern.match`` tries that one. So
:meth:`WordStart.spans` gives the spans of ``pattern.finditer`` and
:meth:`WordStart.search` the span of ``pattern.search``, for bodies whose
matches are never empty (the tests compare them on real abstracts).
"""

from __future__ import annotations

import re

from papergraph.extract.normalize import FOLDS_TO_ASCII

_BEFORE = r"(?<![\w\-])"


def ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` compiled with ``re.ASCII`` when that matches the same on every ASCII string, else ``pattern``.

    On an ASCII string ``\\w``, ``\\d`` and ``\\b`` mean the same under both flags, and
    ``re`` tests an ASCII class with a table instead of a Unicode database call
    per character. ``\\s`` does not (Unicode counts ``\\x1c``-``\\x1f`` as space), nor
    does case folding of the few characters that fold onto ASCII letters: patterns
    with either keep their Unicode form. Choose per text with ``str.isascii()``,
    which costs nothing (CPython stores the answer).
    """
    source = pattern.pattern
    if "\\s" in source or "\\S" in source or pattern.flags & re.ASCII:
        return pattern
    if pattern.flags & re.IGNORECASE and any(c in source for c in FOLDS_TO_ASCII):
        return pattern
    return re.compile(source, (pattern.flags & ~re.UNICODE) | re.ASCII)


class WordStart:
    """``(?<![\\w\\-])`` + ``body``, searched by its consuming twin (and ASCII twins of both)."""

    def __init__(self, body: str, flags: int = 0) -> None:
        self.pattern = re.compile(_BEFORE + body, flags)
        self._scan = re.compile(r"[^\w\-](" + body + ")", flags)
        self._pattern_ascii = ascii_twin(self.pattern)
        self._scan_ascii = ascii_twin(self._scan)

    def spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of ``self.pattern.finditer(text, start, end)``."""
        out: list[tuple[int, int]] = []
        pos = start
        plain = text.isascii()
        m = (self._pattern_ascii if plain else self.pattern).match(text, start, end)
        if m is not None:
            out.append(m.span())
            pos = m.end() - 1  # the scanner consumes the character before its next match
        search = (self._scan_ascii if plain else self._scan).search
        while (m := search(text, pos, end)) is not None:
            span = m.span(1)
            out.append(span)
            pos = span[1] - 1
        return out

    def search(self, text: str, pos: int, end: int) -> tuple[int, int] | None:
        """The span of ``self.pattern.search(text, pos, end)``, or None."""
        plain = text.isascii()
        m = (self._pattern_ascii if plain else self.pattern).match(text, pos, end)
        if m is not None:
            return m.span()
        m = (self._scan_ascii if plain else self._scan).search(text, pos, end)
        return None if m is None else m.span(1)



def word_starts(body: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    """``finditer`` of ``(?<![\\w\\-])`` + ``body``, the lookbehind tested here.

    The other way round from :class:`WordStart`, for a ``body`` whose
    alternatives all open with a literal: ``re`` then skips to the next
    possible first character by itself, and the lookbehind is checked on
    each match found. Same matches: where ``body`` matches, the lookbehind is
    the only other condition, and where it fails the scan resumes one
    character later, as finditer would.
    """
    out = []
    pos = start
    search = body.search
    while (m := search(text, pos, end)) is not None:
        a = m.start()
        if a and (text[a - 1].isalnum() or text[a - 1] in "_-"):
            pos = a + 1
            continue
        out.append(m)
        pos = m.end() if m.end() > a else a + 1
    return out


_NOT_LITERAL = frozenset("\\[](){}|.^$*+?")


def first_char_trie(alternatives: tuple[str, ...]) -> str:
    """The alternation of ``alternatives``, filed by first character: ``a(?:x|y)|b(?:z)``.

    ``re`` tries the alternatives of ``x|y|...`` one after the other at every
    position; when each opens with a literal character it skips a failing one
    after one comparison, so filing them under that character leaves about one
    comparison per distinct first character instead of one per alternative.
    The matches are the same: alternatives that start with different
    characters cannot match at the same position, and those under one
    character keep their order, so the first that matches is the same one.
    Each alternative must open with a literal character that no quantifier
    follows.
    """
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        if not alt or alt[0] in _NOT_LITERAL or alt[1:2] in ("*", "+", "?", "{"):
            raise ValueError(f"alternative {alt!r} does not open with a plain literal character")
        groups.setdefault(alt[0], []).append(alt[1:])
    return "|".join(re.escape(c) + "(?:" + "|".join(rests) + ")" for c, rests in groups.items())
