"""Close-match suggestions for a name that matches nothing: "did you mean ...?".

Candidates are ranked by how alike the names are and, among names about as
alike, by how many papers use them, so a typo of "ImageNet" offers the
dataset of a hundred papers before a rare "Image Encoder". One function
serves the PaperGraph errors and any front end (``kg.suggest()``).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass

#: Below this name similarity (difflib's ratio of the lookup keys) nothing is offered.
MIN_SIMILARITY = 0.6
#: What frequency adds to the similarity: this times log2(1 + papers), so one paper
#: adds 0.01, fifteen 0.04 and 255 papers 0.08. Enough to rank a common name above a
#: rare one about as alike (one edit in a ten-letter name costs about 0.1), never
#: enough to offer a name that is not alike (the cutoff is on similarity alone).
PAPERS_WEIGHT = 0.01


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name that could be meant: its lookup ``key``, the ``node`` it names, how
    many ``papers`` use that node."""

    key: str
    node: str
    papers: int


@dataclass(frozen=True, slots=True)
class Match:
    """A suggested node, its name ``similarity`` to the query and its ranking ``score``."""

    node: str
    key: str
    papers: int
    similarity: float
    score: float


def match_score(similarity: float, papers: int) -> float:
    """The ranking score: name similarity, plus a little for every doubling of papers."""
    return similarity + PAPERS_WEIGHT * math.log2(1 + max(papers, 0))


def rank_matches(
    key: str, candidates: Iterable[Candidate], *, n: int = 5, cutoff: float = MIN_SIMILARITY
) -> list[Match]:
    """The ``n`` candidates most likely meant by the lookup ``key``, best first.

    Each node is offered once, under its most similar key. Ties are broken by
    papers, then node id, so the order never depends on the input order.
    """
    if n <= 0:
        return []
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    best: dict[str, Match] = {}
    for c in candidates:
        matcher.set_seq1(c.key)
        # The cheap upper bounds first: most candidates fail them.
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        sim = matcher.ratio()
        if sim < cutoff:
            continue
        sim = round(sim, 6)
        old = best.get(c.node)
        if old is None or sim > old.similarity or (sim == old.similarity and c.key < old.key):
            best[c.node] = Match(c.node, c.key, c.papers, sim, round(match_score(sim, c.papers), 6))
    ranked = sorted(best.values(), key=lambda m: (-m.score, -m.papers, m.node))
    return ranked[:n]
