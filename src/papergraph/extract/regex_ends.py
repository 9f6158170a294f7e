"""Which characters a regex can begin or end a match with, read from re's own parser.

Fast paths use this to skip a regex where no match can begin or end (the
tokenizer's suffix search), and tests use it to check hand-written pre-checks
(the lookahead classes of the metric regexes). ``None`` means "not sure": a
negated set, a category or anything else this does not follow. Callers then
run the regex as usual.
"""

from __future__ import annotations

from re import _constants, _parser  # type: ignore[attr-defined]  # the parser re itself compiles with
from typing import Any

Ends = tuple[set[str], bool]  # the characters, and whether the match can be empty


def end_chars(pattern: str, *, last: bool) -> Ends | None:
    """The characters a match of ``pattern`` can start with, or end with when ``last``."""
    return _sequence(_parser.parse(pattern), last)


def _sequence(items: Any, last: bool) -> Ends | None:
    chars: set[str] = set()
    for op, av in reversed(list(items)) if last else items:
        found = _item(op, av, last)
        if found is None:
            return None
        chars |= found[0]
        if not found[1]:
            return chars, False
    return chars, True


def _item(op: object, av: Any, last: bool) -> Ends | None:
    c = _constants
    if op is c.LITERAL:
        return {chr(av)}, False
    if op is c.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is c.LITERAL:
                chars.add(chr(a))
            elif o is c.RANGE:
                chars.update(map(chr, range(a[0], a[1] + 1)))
            else:
                return None  # a negated set or a category
        return chars, False
    if op is c.SUBPATTERN:
        return _sequence(av[3], last)
    if op is c.BRANCH:
        chars, empty = set(), False
        for alt in av[1]:
            found = _sequence(alt, last)
            if found is None:
                return None
            chars |= found[0]
            empty |= found[1]
        return chars, empty
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        found = _sequence(av[2], last)
        return None if found is None else (found[0], av[0] == 0 or found[1])
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return set(), True  # zero width: the neighbouring item decides
    return None
