"""Per-document working state shared by the papergraph pipeline components.

The pipeline runs on one spaCy Doc per paper whose text is the normalised
title, a blank line, and the normalised abstract. Components read and add to
a :class:`DocState` kept in ``doc.user_data["papergraph"]``; a Doc built from
plain text (as in the component tests) gets a state that treats the whole
text as the abstract.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc

from papergraph.extract.merge import Candidate
from papergraph.extract.normalize import Normalized, normalize
from papergraph.types import Field, Relation

KEY = "papergraph"
FIELD_SEP = "\n\n"


@dataclass(slots=True)
class FieldSpan:
    """Where one paper field sits in the Doc text, with its offset map."""

    name: Field
    start: int  # offset of the field in doc.text
    end: int
    norm: Normalized


@dataclass(slots=True)
class Abbreviation:
    short: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


@dataclass(slots=True)
class ResultCandidate:
    """A numeric claim, offsets into doc.text; bound entities are canonical names."""

    value: float
    value_text: str
    unit: str | None
    start: int
    end: int
    sent: tuple[int, int]
    relation: Relation = "absolute"
    metric: str | None = None
    dataset: str | None = None
    method: str | None = None
    task: str | None = None
    baseline: str | None = None
    confidence: float = 0.5
    kind: str = "score"  # score | change | other-system | not-a-result (papergraph.extract.claims)
    flag: str = "none"  # none | negated | hypothetical
    reason: str = ""  # why the kind (and flag) were chosen


@dataclass(slots=True)
class DocState:
    fields: list[FieldSpan]
    text: str = ""  # doc.text, kept because spaCy rebuilds that string on every access
    sents: list[tuple[int, int]] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # rule candidates
    entities: list[Candidate] = field(default_factory=list)  # final, after merge
    results: list[ResultCandidate] = field(default_factory=list)
    code_urls: list[str] = field(default_factory=list)
    # Sentence starts for bisection: (the list they were taken from, its length,
    # the starts or None when the spans are not sorted and disjoint).
    _sent_index: tuple[object, int, list[int] | None] = field(default=(None, 0, None), repr=False, compare=False)

    def field_at(self, pos: int) -> FieldSpan:
        for f in self.fields:
            if f.start <= pos <= f.end:
                return f
        return self.fields[-1]

    def sent_at(self, pos: int) -> tuple[int, int]:
        """The first sentence holding ``pos``, or the empty span ``(pos, pos)``."""
        sents = self.sents
        of, n, starts = self._sent_index
        if of is not sents or n != len(sents):
            ordered = all(a[1] <= b[0] for a, b in pairwise(sents))
            starts = [s[0] for s in sents] if ordered else None
            self._sent_index = (sents, len(sents), starts)
        if starts is None:
            for s in sents:
                if s[0] <= pos < s[1]:
                    return s
            return (pos, pos)
        k = bisect_right(starts, pos) - 1
        if k >= 0 and pos < sents[k][1]:
            return sents[k]
        return (pos, pos)


def compose(title: str, abstract: str) -> tuple[str, list[FieldSpan]]:
    """The Doc text for one paper and where each field sits in it."""
    nt, na = normalize(title), normalize(abstract)
    t_end = len(nt.text)
    a_start = t_end + len(FIELD_SEP)
    text = nt.text + FIELD_SEP + na.text
    return text, [
        FieldSpan("title", 0, t_end, nt),
        FieldSpan("abstract", a_start, a_start + len(na.text), na),
    ]


def get_state(doc: Doc) -> DocState:
    """The Doc's state; created (whole text = abstract) when the Doc has none."""
    st = doc.user_data.get(KEY)
    if st is None:
        norm = Normalized(doc.text, doc.text)
        st = DocState(fields=[FieldSpan("abstract", 0, len(norm.text), norm)], text=norm.text)
        doc.user_data[KEY] = st
    return st
