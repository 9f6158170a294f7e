"""Which entities the paper itself contributes (component ``pg_proposed``).

Cues: "we propose / introduce / present X", "X, a novel ...", "dubbed X",
"named X", and a title of the form "X: ...". Marking is per entity: once X is
proposed, every mention with X's canonical name is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.merge import Candidate
from papergraph.extract.patterns import is_name_like
from papergraph.extract.state import DocState, get_state
from papergraph.extract.vocab import GENERIC_METHODS, TITLE_DESCRIPTIVE

_VERB = re.compile(
    r"\b(?:we|this (?:paper|work|study|report)|here we|in this (?:paper|work),? we)\s+(?:\w+ly\s+)?"
    r"(?:propose|proposed|introduce|introduced|present|presented|develop|design|build|release|"
    r"contribute|construct|curate|create|unveil|describe|offer|put forward|proposes|introduces|"
    r"presents|develops|releases|describes)\b",
    re.I,
)
_NAMING = re.compile(
    r"\b(?:dubbed|named|called|termed|coined|namely|referred to as|refer to (?:it |them )?as|we call|we call it|"
    r"we name it|we term)\s+$",
    re.I,
)
# "a Monte Carlo Tree Search (MCTS) protocol": a known technique used inside the new thing.
_USED_IN = re.compile(r"(?:\s*\([^()]{1,15}\))?\s+(?:protocol|framework|approach|method|pipeline|algorithm|strategy|"
                      r"scheme|module|system|technique|procedure|setting|setup|objective|loss|baseline)\b", re.I)
# Words that mean the entity after the verb is not the thing presented ("an analysis of X").
_GAP_STOP = re.compile(r"\b(?:of|where|which|that|on|for|in|to|by|with|from|using|based|analysis|study|overview|survey|investigation|evaluation)\b", re.I)
_APPOSITION = re.compile(r"^\s*,\s+(?:a|an)\s+(?:\w+\s+){0,3}?(?:novel|new|simple|unified|general|first|efficient|lightweight|scalable|large-scale|comprehensive)\b", re.I)
_NOT_PROPOSED_AFTER = re.compile(r"\b(?:based on|using|built (?:up)?on|with|from|via|extend\w*|adapt\w*|leverag\w*|such as|including|like|e\.g\.)\s", re.I)
_TITLE_HEAD = re.compile(r"^\s*(?P<x>[^:]{2,40}?)\s*:\s")




def _canon(text: str, c: Candidate) -> str:
    return c.canonical or " ".join(text[c.start : c.end].split())


def proposed_canonicals(text: str, st: DocState) -> set[str]:
    """Canonical names of the entities the paper proposes."""
    ents = [e for e in st.entities if e.label in ("Method", "Dataset")]
    # A short form counts from where its long form starts: "we propose Feature Attenuation ... (FADeR)".
    long_start = {ab.short_start: ab.long_start for ab in st.abbreviations}
    known = _known_names()
    out: set[str] = set()
    for s0, s1 in st.sents:
        in_sent = [e for e in ents if s0 <= e.start < s1]
        if not in_sent:
            continue
        for v in _VERB.finditer(text, s0, s1):
            for e in in_sent:
                at = min(e.start, long_start.get(e.start, e.start))
                if e.start < v.end() or at < v.end() or at - v.end() > 70:
                    continue
                name = text[e.start : e.end]
                if (name in known or name.lower() in known) and _USED_IN.match(text, e.end):
                    break
                gap = text[v.end() : at]
                if _NOT_PROPOSED_AFTER.search(gap) or _GAP_STOP.search(gap) or len(gap.split()) > 7:
                    break
                out.add(_canon(text, e))
                break
        for e in in_sent:
            if _NAMING.search(text[max(s0, e.start - 25) : e.start]) or _APPOSITION.match(text[e.end : e.end + 50]):
                out.add(_canon(text, e))
    return {c for c in out if c not in GENERIC_METHODS}


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    """Names of the shipped gazetteer: a paper that names one of them merely uses it."""
    from papergraph.extract.gazetteer import load_entries

    return frozenset(e.text if e.case == "exact" else e.text.lower() for e in load_entries())


def title_head(text: str, st: DocState) -> tuple[int, int] | None:
    """The span of X in a title "X: ...", when X looks like a name."""
    title = next((f for f in st.fields if f.name == "title"), None)
    if title is None or title.end == title.start:
        return None
    m = _TITLE_HEAD.match(text, title.start, title.end)
    if not m:
        return None
    x = m.group("x")
    words = x.split()
    if len(words) > 4 or not _name_like_head(words):
        return None
    return m.start("x"), m.end("x")


def _name_like_head(words: list[str]) -> bool:
    """A coined name ("ZetaNet", "m2mKD", "Yi", "Franca"), not a description ("Deep Learning")."""
    if any(is_name_like(w) for w in words):
        return True
    if len(words) == 1:
        w = words[0]
        # A short coined word: capitalised, not a word the gazetteer or vocabulary knows as a phrase.
        return w[:1].isupper() and w.lower() not in TITLE_DESCRIPTIVE and len(w) <= 12
    # Several plain words name a new thing only when none is an ordinary descriptive word.
    if any(w.lower() in TITLE_DESCRIPTIVE for w in words):
        return False
    return all(w[:1].isupper() for w in words) or (len(words) == 2 and words[0][:1].isupper())


def mark_proposed(text: str, st: DocState) -> None:
    names = proposed_canonicals(text, st)
    head = title_head(text, st)
    if head is not None:
        a, b = head
        hit = next((e for e in st.entities if e.start == a and e.end == b), None)
        if hit is None:
            overlapping = [e for e in st.entities if e.start < b and a < e.end]
            if not overlapping:
                hit = Candidate(a, b, "Dataset" if re.search(r":\s.*\b(?:benchmark|dataset|corpus)\b", text[a : st.fields[0].end], re.I) else "Method", 0.6, "proposed")
                st.entities.append(hit)
                st.entities.sort(key=lambda c: (c.start, c.end))
        if hit is not None:
            names.add(_canon(text, hit))
    if not names:
        return
    st.entities = [
        Candidate(e.start, e.end, e.label, e.confidence, e.source, e.canonical, True)
        if _canon(text, e) in names and e.label in ("Method", "Dataset")
        else e
        for e in st.entities
    ]


@Language.component("pg_proposed")
def proposed_component(doc: Doc) -> Doc:
    st = get_state(doc)
    mark_proposed(st.text, st)
    return doc
