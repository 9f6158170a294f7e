"""How often a span text is an entity when it occurs: a prior that filters the NER's spans.

Some strings are tagged by the model wherever they appear ("NLP", "parsing",
"English") although the annotated corpora mark them only now and then. From
the training texts alone, :func:`annotation_rates` counts, for every string
that is a gold span at least once, how many of its free-standing occurrences
are annotated as an entity. A predicted span whose text is annotated less
often than ``min_rate`` is more likely wrong than right, and is dropped.

The table and the threshold ship beside the model as ``priors.json``; the
threshold is chosen on dev data (``training/tune_priors.py``).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

FILE_NAME = "priors.json"
# Longest span, in tokens, whose occurrences are counted (longer strings rarely repeat).
MAX_TOKENS = 6


class _Gold(Protocol):
    @property
    def corpus(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def spans(self) -> Sequence[tuple[int, int, str]]: ...


def key(text: str) -> str:
    """The form strings are compared in: lower case, runs of whitespace as one space."""
    return " ".join(text.lower().split())


@dataclass(frozen=True, slots=True)
class SpanPriors:
    """Annotation rate per span text and the rate below which a predicted span is dropped."""

    rates: Mapping[str, float]
    min_rate: float = 0.0

    def keep(self, text: str) -> bool:
        rate = self.rates.get(key(text))
        return rate is None or rate >= self.min_rate

    def with_threshold(self, min_rate: float) -> SpanPriors:
        return SpanPriors(self.rates, min_rate)

    def to_disk(self, model_dir: Path) -> Path:
        path = Path(model_dir) / FILE_NAME
        data = {"min_rate": self.min_rate, "rates": dict(sorted(self.rates.items()))}
        path.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_disk(cls, model_dir: Path) -> SpanPriors | None:
        """The priors saved beside a model, or None when the model has none."""
        path = Path(model_dir) / FILE_NAME
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({str(k): float(v) for k, v in data["rates"].items()}, float(data["min_rate"]))


def annotation_rates(
    golds: Sequence[_Gold],
    tokenize,
    *,
    corpus_labels: Mapping[str, Iterable[str]],
    all_labels: Iterable[str],
    min_count: int = 3,
) -> dict[str, float]:
    """Share of each gold string's free-standing occurrences that are annotated.

    ``tokenize`` turns a text into spaCy-like tokens (with ``idx`` and ``text``);
    occurrences are token n-grams matched in lower case. An occurrence strictly
    inside a longer gold span is not free-standing and is not counted. A string
    counts only in corpora that annotate its most frequent label (TDMSci marks
    no methods, so "BERT" there says nothing). Strings seen fewer than
    ``min_count`` times are left out: their rate is too uncertain to act on.
    """
    labels_of: dict[str, Counter[str]] = defaultdict(Counter)
    for g in golds:
        for s, e, lab in g.spans:
            labels_of[key(g.text[s:e])][lab] += 1
    wanted = set(labels_of)
    default = tuple(all_labels)
    annotated: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for g in golds:
        types = set(corpus_labels.get(g.corpus, default))
        gold = {(s, e) for s, e, _ in g.spans}
        ordered = sorted(gold)
        toks = [(t.idx, t.idx + len(t.text), t.text.lower()) for t in tokenize(g.text)]
        for i in range(len(toks)):
            for j in range(i, min(i + MAX_TOKENS, len(toks))):
                start, end = toks[i][0], toks[j][1]
                k = key(g.text[start:end])
                if k not in wanted or labels_of[k].most_common(1)[0][0] not in types:
                    continue
                if (start, end) in gold:
                    annotated[k] += 1
                    seen[k] += 1
                elif not any(s <= start and end <= e and (s, e) != (start, end) for s, e in ordered):
                    seen[k] += 1
    return {k: annotated[k] / n for k, n in seen.items() if n >= min_count}
