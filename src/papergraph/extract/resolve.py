"""One entity set per paper from the rule candidates and the NER (component ``pg_merge``).

Rule candidates overlap (a gazetteer name inside a task phrase, a pattern and
a dictionary hit on the same span). Same span and type from two components is
agreement and raises confidence; otherwise the stronger, longer candidate wins.
The resolved rule set is then merged with the NER spans by
:func:`papergraph.extract.merge.merge_candidates`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.fragments import drop_fragments
from papergraph.extract.merge import Candidate, merge_candidates, round3
from papergraph.extract.state import DocState, get_state
from papergraph.extract.urls import hinted_finditer
from papergraph.types import LABELS

# Which component's name a merged span carries when several agree.
_SOURCE_RANK = {"abbreviations": 0, "gazetteer": 1, "patterns": 2, "proposed": 3}


def _source_rank(c: Candidate) -> int:
    return _SOURCE_RANK.get(c.source, 9)


def _agree(group: list[Candidate]) -> Candidate:
    """Candidates on one span: the best label; agreement between sources adds confidence."""
    if len(group) == 1:
        # The common case; the same record as below when nothing needs rounding or resetting.
        c = group[0]
        if not c.proposed and round3(c.confidence) == c.confidence:
            return c
        return Candidate(c.start, c.end, c.label, round3(c.confidence), c.source, c.canonical)
    label = group[0].label
    if all(c.label == label for c in group):
        cs = group  # the usual disagreement-free group: two sources, one type
    else:
        by_label: dict[str, list[Candidate]] = {}
        for c in group:
            by_label.setdefault(c.label, []).append(c)
        best_label = max(by_label, key=lambda lab: (max(c.confidence for c in by_label[lab]), len(by_label[lab])))
        cs = by_label[best_label]
    cs = sorted(cs, key=_source_rank)
    conf = max(c.confidence for c in cs)
    if len({c.source for c in cs}) > 1:
        conf = min(0.95, conf + 0.15)
    canonical = next((c.canonical for c in cs if c.canonical), None)
    first = cs[0]
    return Candidate(first.start, first.end, first.label, round3(conf), first.source, canonical)


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|io|net|ai)/\S*")
# Every _URL match contains one of these; most abstracts hold none.
_URL_HINTS = ("://", "www.", ".com/", ".org/", ".io/", ".net/", ".ai/")


def _url_spans(text: str) -> list[tuple[int, int]]:
    if not any(h in text for h in _URL_HINTS):
        return []
    # No whitespace lies between the start of a match and its hint (see hinted_finditer).
    return [(m.start(), m.end()) for m in hinted_finditer(_URL, text, text, _URL_HINTS)]


def _prefer_extensions(merged: list[Candidate]) -> list[Candidate]:
    """A phrase that extends a name to the left keeps the name's strength.

    "in-place knowledge distillation" and "universal image segmentation" are
    the names the paper uses; the dictionary only knows their heads.
    """
    by_end: dict[tuple[int, str], list[Candidate]] = {}
    for c in merged:
        by_end.setdefault((c.end, c.label), []).append(c)
    out = []
    for c in merged:
        shorter = [d for d in by_end[(c.end, c.label)] if d.start > c.start]
        if shorter and c.source == "patterns":
            best = max(d.confidence for d in shorter)
            if best > c.confidence:
                c = replace(c, confidence=best, canonical=None)
        out.append(c)
    return out


# Separators of a coordinated list of names: "X, Y, and Z", "X/Y", "X or Y".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+|/)\s*(?:[A-Z]\w*['’]s\s+)?")


_COORD = re.compile(r"\b(?:and|or)\b|/")


def _propagate_datasets(kept: list[Candidate], text: str) -> list[Candidate]:
    """Unknown names listed beside a dataset are datasets ("on ImageNet, Libri2Mix and WHAM!")."""
    out = list(kept)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and _LIST_GAP.fullmatch(text, out[j].end, out[j + 1].start):
            j += 1
        chain = range(i, j + 1)
        # A real list has a coordinator or three items: "On ImageNet, FooNet achieves" is not one.
        coordinated = j - i >= 2 or bool(_COORD.search(text, out[i].end, out[j].start))
        if coordinated and any(out[k].label == "Dataset" and out[k].confidence >= 0.6 for k in chain):
            for k in chain:
                c = out[k]
                if c.label == "Method" and c.source == "patterns" and c.confidence <= 0.55 and " " not in text[c.start : c.end]:
                    out[k] = replace(c, label="Dataset", confidence=0.6)
        i = j + 1
    return out


def resolve_rules(candidates: list[Candidate], text: str = "") -> list[Candidate]:
    """Non-overlapping rule entities, sorted by position; nothing inside a URL."""
    urls = _url_spans(text)
    groups: dict[tuple[int, int], list[Candidate]] = {}
    for c in candidates:
        if urls and any(c.start < b and a < c.end for a, b in urls):
            continue
        if c.end > c.start:
            groups.setdefault((c.start, c.end), []).append(c)
    merged = _prefer_extensions([_agree(g) for g in groups.values()])
    # Stronger first; among equals the longer span ("top-1 accuracy" over "accuracy").
    merged.sort(key=lambda c: (-(c.confidence + min(0.15, 0.01 * (c.end - c.start))), c.start))
    return _propagate_datasets(_first_disjoint(merged), text)


def _first_disjoint(ranked: list[Candidate]) -> list[Candidate]:
    """Each candidate that overlaps none taken before it, sorted by (start, end).

    The spans taken are disjoint and non-empty, so sorted by start they are
    sorted by end too: a new span overlaps one of them exactly when it
    overlaps the last one starting before its end (found by bisection).
    """
    kept: list[Candidate] = []
    starts: list[int] = []
    for c in ranked:
        i = bisect_left(starts, c.end)
        if i and kept[i - 1].end > c.start:
            continue
        kept.insert(i, c)
        starts.insert(i, c.start)
    return kept


def ner_candidates(doc: Doc) -> list[Candidate]:
    """The trained NER's spans (``doc.spans["ner"]``), if that component ran."""
    if "ner" not in doc.spans:
        return []
    group = doc.spans["ner"]
    scores = group.attrs.get("scores") or [0.5] * len(group)
    out = []
    for span, score in zip(group, scores, strict=False):
        if span.label_ in LABELS:
            out.append(Candidate(span.start_char, span.end_char, span.label_, float(score), "ner_model"))  # type: ignore[arg-type]
    return out


_TOPK = re.compile(r"^top[- ]?([15])(?:[- ](?:accuracy|accuracies|acc\.?|rate))?$")
_METRIC_SPELLING = {"flops": "FLOPs", "gflops": "GFLOPs", "tflops": "TFLOPs", "flop": "FLOPs", "mflops": "MFLOPs",
                    "speed-up": "speedup", "speed-ups": "speedup", "speedups": "speedup",
                    "accuracies": "accuracy", "accuracy rate": "accuracy", "acc": "accuracy"}


def canonical_metric(surface: str) -> str:
    """One name per metric: "Top-1", "top1 accuracy", "Top-1 Accuracies" -> "top-1 accuracy"."""
    name = " ".join(surface.split())
    low = name.lower()
    m = _TOPK.match(low)
    if m:
        return f"top-{m.group(1)} accuracy"
    if low in _METRIC_SPELLING:
        return _METRIC_SPELLING[low]
    if any(c.isupper() for c in name[1:]) or name.isupper():
        return name  # an acronym or a coined name: "BLEU", "mAP", "CLIPScore"
    if low.endswith(" accuracies"):
        low = low[: -len("accuracies")] + "accuracy"
    return low


def fill_canonicals(text: str, st: DocState, entities: list[Candidate]) -> list[Candidate]:
    """Give every entity a canonical name; a surface already named in the paper reuses it."""
    by_surface: dict[str, str] = {}
    for e in entities:
        if e.canonical:
            by_surface.setdefault(text[e.start : e.end], e.canonical)
    # Long forms name their short form in any case and number ("data filtering networks" -> DFN).
    by_long: dict[str, str] = {}
    for ab in st.abbreviations:
        long = " ".join(text[ab.long_start : ab.long_end].split()).lower()
        short = ab.short[:-1] if ab.short.endswith("s") and ab.short[-2:-1].isupper() else ab.short
        for key in (long, long + "s", long[:-1] if long.endswith("s") else long):
            by_long.setdefault(key, short)
    out = []
    for e in entities:
        surface = text[e.start : e.end]
        if e.label == "Metric":
            canonical = canonical_metric(surface)
        else:
            canonical = (
                e.canonical or by_surface.get(surface) or by_long.get(" ".join(surface.split()).lower())
                or " ".join(surface.split())
            )
        # Most entities keep the name they carry: the same record, without building a copy.
        out.append(e if canonical == e.canonical else Candidate(e.start, e.end, e.label, e.confidence, e.source, canonical, e.proposed))
    return out


@Language.component("pg_merge")
def merge_component(doc: Doc) -> Doc:
    st = get_state(doc)
    rules = resolve_rules(st.candidates, st.text)
    # The merge policy weighs rule spans against the NER's; without the NER
    # (``use_model=False``) there is nothing to weigh, and the rule layer stands alone.
    entities = merge_candidates(rules, ner_candidates(doc)) if "ner" in doc.spans else rules
    st.entities = fill_canonicals(st.text, st, drop_fragments(st.text, entities))
    return doc
