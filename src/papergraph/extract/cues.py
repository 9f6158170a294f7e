"""Proposal cues ("we propose", "dubbed", "in this paper") and the cheap pre-checks that skip
the sentences without them.

Most sentences hold no cue, and the cue regexes are case-insensitive alternations:
a lower-cased copy of the text and a few ``str.find`` calls rule a sentence out
before any regex runs on it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from papergraph.extract.normalize import lower_for_prechecks

_ADVERB = r"(?:(?:\w+ly|also|further|then|first|here|now|additionally|thus|therefore|hence)\s+)?"
VERB = re.compile(
    r"\b(?:we|this (?:paper|work|study|report)|here we|in this (?:paper|work),? we)\s+" + _ADVERB +
    r"(?:propose|proposed|introduce|introduced|present|presented|develop|design|build|release|"
    r"contribute|construct|curate|create|unveil|describe|offer|put forward|proposes|introduces|"
    r"presents|develops|releases|describes)\b",
    re.I,
)
NAMING = re.compile(
    r"\b(?:dubbed|named|called|termed|coined|namely|referred to as|refer to (?:it |them )?as|we call|we call it|"
    r"we name it|we term)\s+[\"“]?$",
    re.I,
)
AND_VERB = re.compile(r"\b(?:and|,)\s+" + _ADVERB + r"(?:propose|introduce|present|develop|design)\b", re.I)
STRONG = re.compile(r"\bin this (?:paper|work|study)\b|\bnovel\b|\bnew\b", re.I)

# Cheap necessary conditions for the case-insensitive cue regexes, run on a
# lower-cased copy (see lower_for_prechecks): a sentence without them cannot
# hold a cue, and most do not.
_SUBJECTS = ("we", "this")  # every VERB match starts with one and whitespace
# Every AND_VERB match holds one of the first, every VERB match one of either.
_AND_VERB_STEMS = ("propos", "introduc", "present", "develop", "design")
_OTHER_VERB_STEMS = ("build", "releas", "contribut", "construct", "curat", "creat", "unveil", "describ", "offer",
                     "put forward")
_NAMING_STEMS = ("dubbed", "name", "call", "term", "coined", "refer")
_LIST_CUES = ("including", "namely", "such as")  # one of them follows the noun in "novel Xs, including ..."


class Cues:
    """Per-Doc pre-checks and the VERB matches of each sentence, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        low = self.low = lower_for_prechecks(text)
        self.subjects: list[int] = []
        self.and_stems: list[int] = []
        self.stems: list[int] = []  # of AND_VERB and VERB alike
        if low is not None:
            self.subjects = _occurrences(low, _SUBJECTS, then_space=True)
            self.and_stems = _occurrences(low, _AND_VERB_STEMS)
            self.stems = sorted(self.and_stems + _occurrences(low, _OTHER_VERB_STEMS))
        # "novel X, including ...": without such words in the whole text no sentence needs testing.
        self.may_list = low is None or any(w in low for w in _LIST_CUES)
        # Asked about the words before each entity: looked up once per Doc, then bisected.
        self.naming = _occurrences(low, _NAMING_STEMS) if low is not None else []
        self.ours = _occurrences(low, ("our",)) if low is not None else []
        self._verbs: dict[tuple[int, int], list[re.Match[str]]] = {}

    def has(self, word: str, a: int, b: int) -> bool:
        """Might text[a:b] hold ``word`` in any case (a lower-case ASCII word)?"""
        return self.low is None or self.low.find(word, a, b) >= 0

    def _any_in(self, starts: list[int], a: int, b: int) -> bool:
        k = bisect_left(starts, a)
        return k < len(starts) and starts[k] < b

    def may_have_verb(self, s0: int, s1: int) -> bool:
        """Might a VERB or AND_VERB match lie in text[s0:s1]?"""
        return self.low is None or self._any_in(self.stems, s0, s1)

    def may_have_and_verb(self, s0: int, s1: int) -> bool:
        """Might an AND_VERB match lie in text[s0:s1]?"""
        return self.low is None or self._any_in(self.and_stems, s0, s1)

    def may_be_strong(self, s0: int, s1: int) -> bool:
        """Might a STRONG match lie in text[s0:s1]? Each holds one of these words."""
        return self.has("in this ", s0, s1) or self.has("novel", s0, s1) or self.has("new", s0, s1)

    def verbs(self, s0: int, s1: int) -> list[re.Match[str]]:
        out = self._verbs.get((s0, s1))
        if out is None:
            maybe = self.low is None or (self._any_in(self.stems, s0, s1) and self._any_in(self.subjects, s0, s1))
            out = self._verbs[(s0, s1)] = list(self.finditer(VERB, s0, s1)) if maybe else []
        return out

    def finditer(self, pattern: re.Pattern[str], s0: int, s1: int) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text, s0, s1)``, by its case-sensitive twin on the lower-cased copy when there is one."""
        if self.low is None:
            return pattern.finditer(self.text, s0, s1)
        return LOWER_TWIN[pattern].finditer(self.low, s0, s1)

    def may_name(self, a: int, b: int) -> bool:
        """Might text[a:b] hold a naming word ("dubbed", "we call", "referred to as")?

        True when one starts there: a word running past ``b`` only costs the regex a look.
        """
        return self.low is None or self._any_in(self.naming, a, b)

    def may_be_ours(self, a: int, b: int) -> bool:
        """Might text[a:b] hold "our" in any case? (True as well when one starts there and runs past ``b``.)"""
        return self.low is None or self._any_in(self.ours, a, b)


def _occurrences(low: str, words: tuple[str, ...], *, then_space: bool = False) -> list[int]:
    """Sorted start offsets of every occurrence of each word in ``low`` (str.find beats one regex alternation).

    ``then_space``: only occurrences followed by whitespace (the offsets of ``(?:w1|w2)\\s`` matches
    when no word can overlap another's match, as with "we" and "this").
    """
    out: list[int] = []
    for w in words:
        i = low.find(w)
        while i >= 0:
            if not then_space or low[i + len(w) : i + len(w) + 1].isspace():
                out.append(i)
            i = low.find(w, i + 1)
    out.sort()
    return out


# Case-insensitive cues spelled in lower case, for Cues.finditer: case-sensitive
# matching on a lower-cased copy finds the same spans several times faster.
LOWER_TWIN = {p: re.compile(p.pattern) for p in (VERB, AND_VERB, STRONG)}
