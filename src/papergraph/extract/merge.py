"""How the rule/dictionary layer and the trained NER are merged into one entity set.

Both layers hand over ``Candidate`` spans with character offsets into one
field (title or abstract). ``merge_candidates`` returns the final,
non-overlapping set. The policy is chosen on dev data (see docs/model.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from papergraph.types import Label


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    label: Label
    confidence: float
    source: str  # component name, e.g. "gazetteer", "patterns", "abbreviations", "ner"
    canonical: str | None = None
    proposed: bool = False


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def merge_candidates(rules: list[Candidate], ner: list[Candidate]) -> list[Candidate]:
    """Default policy: rule spans win on overlap; NER spans that touch no rule span are added.

    The result is sorted by (start, end).
    """
    kept = list(rules)
    for c in ner:
        if not any(_overlaps(c, r) for r in rules):
            kept.append(c)
    kept.sort(key=lambda c: (c.start, c.end))
    return kept
