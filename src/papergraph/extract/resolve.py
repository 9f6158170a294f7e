"""One entity set per paper from the rule candidates and the NER (component ``pg_merge``).

Rule candidates overlap (a gazetteer name inside a task phrase, a pattern and
a dictionary hit on the same span). Same span and type from two components is
agreement and raises confidence; otherwise the stronger, longer candidate wins.
The resolved rule set is then merged with the NER spans by
:func:`papergraph.extract.merge.merge_candidates`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.merge import Candidate, merge_candidates
from papergraph.extract.state import DocState, get_state
from papergraph.types import LABELS

# Which component's name a merged span carries when several agree.
_SOURCE_RANK = {"abbreviations": 0, "gazetteer": 1, "patterns": 2, "proposed": 3}


def _agree(group: list[Candidate]) -> Candidate:
    """Candidates on one span: the best label; agreement between sources adds confidence."""
    by_label: dict[str, list[Candidate]] = {}
    for c in group:
        by_label.setdefault(c.label, []).append(c)
    best_label = max(by_label, key=lambda lab: (max(c.confidence for c in by_label[lab]), len(by_label[lab])))
    cs = sorted(by_label[best_label], key=lambda c: _SOURCE_RANK.get(c.source, 9))
    conf = max(c.confidence for c in cs)
    if len({c.source for c in cs}) > 1:
        conf = min(0.95, conf + 0.15)
    canonical = next((c.canonical for c in cs if c.canonical), None)
    first = cs[0]
    return Candidate(first.start, first.end, first.label, round(conf, 3), first.source, canonical)


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|io|net|ai)/\S*")


def resolve_rules(candidates: list[Candidate], text: str = "") -> list[Candidate]:
    """Non-overlapping rule entities, sorted by position; nothing inside a URL."""
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    groups: dict[tuple[int, int], list[Candidate]] = {}
    for c in candidates:
        if any(c.start < b and a < c.end for a, b in urls):
            continue
        if c.end > c.start:
            groups.setdefault((c.start, c.end), []).append(c)
    merged = [_agree(g) for g in groups.values()]
    # Stronger first; among equals the longer span ("top-1 accuracy" over "accuracy").
    merged.sort(key=lambda c: (-(c.confidence + min(0.15, 0.01 * (c.end - c.start))), c.start))
    kept: list[Candidate] = []
    for c in merged:
        if all(c.end <= k.start or k.end <= c.start for k in kept):
            kept.append(c)
    kept.sort(key=lambda c: (c.start, c.end))
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


def fill_canonicals(text: str, st: DocState, entities: list[Candidate]) -> list[Candidate]:
    """Give every entity a canonical name; a surface already named in the paper reuses it."""
    by_surface: dict[str, str] = {}
    for e in entities:
        if e.canonical:
            by_surface.setdefault(text[e.start : e.end], e.canonical)
    for ab in st.abbreviations:
        by_surface.setdefault(text[ab.long_start : ab.long_end], ab.short)
    out = []
    for e in entities:
        surface = text[e.start : e.end]
        canonical = e.canonical or by_surface.get(surface) or " ".join(surface.split())
        out.append(Candidate(e.start, e.end, e.label, e.confidence, e.source, canonical, e.proposed))
    return out


@Language.component("pg_merge")
def merge_component(doc: Doc) -> Doc:
    st = get_state(doc)
    rules = resolve_rules(st.candidates, st.text)
    entities = merge_candidates(rules, ner_candidates(doc))
    st.entities = fill_canonicals(st.text, st, entities)
    return doc
