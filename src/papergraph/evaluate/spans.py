"""Exact span-and-type scoring of predicted entities against gold texts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from papergraph.evaluate.scoring import PRF
from papergraph.training.corpus import CORPUS_LABELS, GoldText
from papergraph.types import LABELS


def score(
    golds: Sequence[GoldText], predicted: Sequence[Iterable[tuple[int, int, str]]]
) -> dict[str, dict[str, PRF]]:
    """Exact span-and-type P/R/F1 per corpus and label (corpus "all", label "ALL" for totals).

    Only the types a corpus annotates are scored on it: TDMSci has no Method
    annotation, so Method predictions on TDMSci texts are neither right nor wrong.
    """
    counts: dict[tuple[str, str], list[int]] = {}
    for g, pred in zip(golds, predicted, strict=True):
        gold_set = set(g.spans)
        types = CORPUS_LABELS.get(g.corpus, LABELS)
        pred_set = {(s, e, lab) for s, e, lab in pred if lab in types}
        for corpus in (g.corpus, "all"):
            for lab in (*LABELS, "ALL"):
                gs = {x for x in gold_set if lab in ("ALL", x[2])}
                ps = {x for x in pred_set if lab in ("ALL", x[2])}
                c = counts.setdefault((corpus, lab), [0, 0, 0])
                c[0] += len(gs & ps)
                c[1] += len(ps - gs)
                c[2] += len(gs - ps)
    scores: dict[str, dict[str, PRF]] = {}
    for (corpus, lab), (tp, fp, fn) in sorted(counts.items()):
        scores.setdefault(corpus, {})[lab] = PRF(tp, fp, fn)
    return scores


def format_scores(scores: dict[str, dict[str, PRF]]) -> str:
    lines = [f"{'corpus':<8} {'type':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    for corpus in sorted(scores, key=lambda c: (c == "all", c)):
        for lab in (*LABELS, "ALL"):
            s = scores[corpus].get(lab)
            if s is None or s.tp + s.fn + s.fp == 0:
                continue
            lines.append(
                f"{corpus:<8} {lab:<8} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp + s.fn:6d}"
            )
    return "\n".join(lines)
