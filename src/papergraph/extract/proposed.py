"""Which entities the paper itself contributes (component ``pg_proposed``).

Cues: "we propose / introduce / present X", "X, a novel ...", "dubbed X",
"referred to as X", "our method, X", a title of the form "X: ...", lists after
"we propose two methods: X and Y", and a coined acronym the abstract keeps
using when no other cue fired. Marking is per entity: once X is proposed,
every mention with X's canonical name is, so an abbreviation and its long form
are proposed together.

Unnamed techniques ("we propose a novel positional disentanglement strategy")
become new Method mentions (the phrases of cue_phrases), each then marked at
every later occurrence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.abbreviations import is_word_char, word_uses
from papergraph.extract.cue_phrases import (
    PLURAL_END,
    WITH_NEXT,
    Phrase,
    cue_phrases,
    mentioned_before,
)
from papergraph.extract.cues import NAMING, Cues
from papergraph.extract.fragments import fragment
from papergraph.extract.merge import Candidate
from papergraph.extract.patterns import is_name_like
from papergraph.extract.state import DocState, get_state
from papergraph.extract.vocab import (
    GENERIC_METHODS,
    GENERIC_PHRASES,
    METHOD_HEADS,
    TITLE_DESCRIPTIVE,
)
from papergraph.extract.vocab import word_set as _words

_USED_IN = re.compile(r"(?:\s*\([^()]{1,15}\))?\s+(?:protocol|framework|approach|method|pipeline|algorithm|strategy|"
                      r"scheme|module|system|technique|procedure|setting|setup|objective|loss|baseline)\b", re.I)
# Words that mean the entity after the verb is not the thing presented ("an analysis of X").
_GAP_STOP = re.compile(r"\b(?:of|where|which|that|on|for|in|to|by|with|from|using|based|analysis|study|overview|survey|investigation|evaluation)\b", re.I)
_APPOSITION = re.compile(r"^\s*,\s+(?:a|an)\s+(?:\w+\s+){0,3}?(?:novel|new|simple|unified|general|first|efficient|lightweight|scalable|large-scale|comprehensive)\b", re.I)
_NOT_PROPOSED_AFTER = re.compile(r"\b(?:based on|using|built (?:up)?on|with|from|via|extend\w*|adapt\w*|leverag\w*|such as|including|like|e\.g\.)\s", re.I)
_TITLE_HEAD = re.compile(r"^\s*(?P<x>[^:]{2,40}?)\s*:\s")
# "our best performing dataset DFN-5B", "our method, FooNet,": the paper's own thing named.
_OUR_THING = re.compile(r"\bour\s+(?:[\w\-]+\s+){0,3}?(?:dataset|benchmark|model|method|framework|approach|system|"
                        r"algorithm|architecture|network|corpus|suite)s?,?\s+$", re.I)


def _canon(text: str, c: Candidate) -> str:
    return c.canonical or " ".join(text[c.start : c.end].split())


def proposed_canonicals(text: str, st: DocState, cues: Cues | None = None) -> set[str]:
    """Canonical names of the named entities the paper proposes."""
    if cues is None:
        cues = Cues(text)
    ents = [e for e in st.entities if e.label in ("Method", "Dataset")]
    # A short form counts from where its long form starts: "we propose Feature Attenuation ... (FADeR)".
    long_start = {ab.short_start: ab.long_start for ab in st.abbreviations}
    known = _known_names()
    out: set[str] = set()
    # Entities come sorted by start from the merge: each sentence's are then one slice.
    starts = [e.start for e in ents]
    ordered = all(a <= b for a, b in pairwise(starts))
    for s0, s1 in st.sents:
        if ordered:
            in_sent = ents[bisect_left(starts, s0) : bisect_left(starts, s1)]
        else:
            in_sent = [e for e in ents if s0 <= e.start < s1]
        if not in_sent:
            continue
        for v in cues.verbs(s0, s1):
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
                if WITH_NEXT.match(text, e.end) and mentioned_before(text, st, e.start, e.end):
                    break  # an existing technique; the contribution is what it is combined with
                out.add(_canon(text, e))
                break
        for e in in_sent:
            a = max(s0, e.start - 25)
            if cues.may_name(a, e.start) and NAMING.search(text[a : e.start]):
                out.add(_canon(text, e))
                continue
            after = text[e.end : e.end + 50]
            if after.lstrip().startswith(",") and _APPOSITION.match(after):
                out.add(_canon(text, e))
                continue
            a = max(s0, e.start - 60)
            if cues.may_be_ours(a, e.start) and is_name_like(text[e.start : e.end].split()[-1]) and _OUR_THING.search(text, a, e.start):
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
    if len(words) > 1 and not any(is_name_like(w) for w in words) and (
            _SENTENCE.search(text, m.end("x"), title.end)
            or (words[-1].islower() and words[-1] not in _TECHNIQUE_HEADS)):
        return None  # "Nonlinear Advantage: ... Might Not Be ...", "Categorical semiotics: ...": no method's name
    return m.start("x"), m.end("x")


# The head words of a lower-case technique's name ("self-guided training", "progressive shrinking").
_TECHNIQUE_HEADS = METHOD_HEADS | _words("""training search tuning decoding estimation optimization optimisation inference
    alignment shrinking growing growth sharing gating routing pooling initialization initialisation scheduling
    framework method approach technique algorithm scheme strategy loss objective operator solver""")
_COORDINATED = re.compile(r"\s(?:and|or)\s")
# "an extensible and modular language": two adjectives of one description.
_COORDINATED_BEFORE = re.compile(r"\b(?:a|an|the|our)\s+[a-z-]+,?\s+(?:and|or)\s+$")
# An auxiliary or modal verb makes the rest of a title a sentence.
_SENTENCE = re.compile(r"\b(?:is|are|was|were|be|can|could|may|might|must|should|will|would|do|does|did|not)\b", re.I)


_SENTENCE_OPENERS = _words("""it we you our your this that why how what when where which who do does did is are
    can should""")


def _name_like_head(words: list[str]) -> bool:
    """A coined name ("ZetaNet", "m2mKD", "Yi", "Franca"), not a description ("Deep Learning")
    or a sentence ("It's All Connected", "Why Do We Need ...")."""
    if any("'" in w or "\u2019" in w for w in words) or words[0].lower() in _SENTENCE_OPENERS:
        return False
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



def _short_for(st: DocState, a: int, b: int) -> str | None:
    """The abbreviation whose long form ends at ``b`` and starts inside [a, b): "Blockwise Learning Rate (LR)"."""
    for ab in st.abbreviations:
        if ab.long_end == b and a <= ab.long_start < b:
            short = ab.short
            return short[:-1] if short.endswith("s") and short[-2:-1].isupper() else short
    return None


def _place(text: str, st: DocState, ph: Phrase, known: frozenset[str]) -> tuple[str | None, Candidate | None]:
    """Bind one cue phrase to an entity (existing, widened, or new): its canonical name and the new span."""
    kept = fragment(text, Candidate(ph.start, ph.end, ph.label, 0.7, "proposed"))
    if kept is None:
        return None, None  # "describe how attention has been used": a clause, not a name
    a, b = kept.start, kept.end  # "our predictor FLAN" names FLAN
    surface = " ".join(text[a:b].split())
    if surface in known or surface.lower() in known or surface.lower() in GENERIC_PHRASES:
        return None, None  # a known technique the paper uses
    ents = [e for e in st.entities if e.start < b and a < e.end]
    same = next((e for e in ents if e.start == a and e.end == b and e.label in ("Method", "Dataset")), None)
    if same is not None:
        return _canon(text, same), None
    if any(e.start < a or e.end > b for e in ents):
        return None, None  # the phrase cuts through a longer name: leave that name to the other rules
    inner = [e for e in ents if e.label in ("Method", "Dataset")]
    if any(text[e.start : e.end] in known or text[e.start : e.end].lower() in known for e in inner):
        return None, None  # "large-scale VoVNet": a variant of a known model
    last = surface.split()[-1]
    if not inner and surface[0].islower() and PLURAL_END.search(last):
        return None, None  # "efficient rejection protocols": an unnamed plural is a description
    if (not inner and surface.islower() and last not in _TECHNIQUE_HEADS
            and (_COORDINATED.search(surface) or _COORDINATED_BEFORE.search(text, max(0, a - 40), a))):
        return None, None  # "an extensible and modular language": a description, not a name
    short = _short_for(st, a, b)
    canonical = short or next((_canon(text, e) for e in inner if e.end == b and e.canonical
                               and e.canonical != " ".join(text[e.start : e.end].split())), None) or surface
    label = ph.label if not inner else inner[-1].label
    conf = 0.85 if ph.strong else 0.7
    new = Candidate(a, b, label, conf, "proposed", canonical, False)
    st.entities = [e for e in st.entities if e not in ents]
    st.entities.append(new)
    st.entities.sort(key=lambda c: (c.start, c.end))
    return canonical, new


def _repeat_mentions(text: str, st: DocState, spans: list[Candidate]) -> None:
    """Mark later occurrences of a newly named technique (every occurrence is a mention).

    A widened long form also widens its short form: "Blockwise Learning Rate (LR)" makes
    a later "Blockwise LR" one mention.
    """
    low = text.lower() if spans and text.isascii() else None
    for c in spans:
        surfaces = [text[c.start : c.end]]
        ab = next((x for x in st.abbreviations if x.long_end == c.end and c.start < x.long_start), None)
        if ab is not None:
            surfaces.append(text[c.start : ab.long_start] + ab.short)
        for surface in surfaces:
            for a, b in repeat_spans(text, surface, low):
                if a == c.start:
                    continue
                inside = [e for e in st.entities if e.start < b and a < e.end]
                if any(e.start < a or e.end > b for e in inside):
                    continue
                st.entities = [e for e in st.entities if e not in inside]
                st.entities.append(Candidate(a, b, c.label, c.confidence, "proposed", c.canonical))
    st.entities.sort(key=lambda c: (c.start, c.end))


def repeat_spans(text: str, surface: str, low: str | None = None) -> list[tuple[int, int]]:
    """Spans of ``surface`` in any case, not inside a longer name: the spans of the regex
    ``(?<![\\w\\-/.])SURFACE(?![\\w\\-/])`` with ``re.I``.

    Every surface would compile a regex of its own, and they rarely repeat
    across papers. In ASCII text, case-insensitive matching is equality of
    the lower-cased strings, so ``str.find`` on a lower-cased copy (``low``,
    when the caller has it) does the same; other text takes the regex.
    """
    if not text.isascii() or not surface:
        pattern = r"(?<![\w\-/.])" + re.escape(surface) + r"(?![\w\-/])"
        return [m.span() for m in re.finditer(pattern, text, re.I)]
    if low is None:
        low = text.lower()
    key = surface.lower()
    out: list[tuple[int, int]] = []
    n, k = len(text), len(key)
    i = low.find(key)
    while i >= 0:
        j = i + k
        if (i and (is_word_char(text[i - 1]) or text[i - 1] in "-/.")) or (
            j < n and (is_word_char(text[j]) or text[j] in "-/")
        ):
            i = low.find(key, i + 1)
            continue
        out.append((i, j))
        i = low.find(key, j)
    return out


# "a framework named Click-Pose", "dubbed DeltaNet": a capitalised name right after a naming word.
_NAMED_THING = re.compile(r"(?<!so-)\b(?:named|dubbed|called|termed|coined)\s+(?P<name>(?:[A-Z][\w\-+]*|[a-z]+[A-Z][\w\-+]*)"
                          r"(?:\s+[A-Z0-9][\w\-+]*){0,2})")
_NAMED_NOT = frozenset(["The", "This", "It", "We", "Our", "A", "An", "In", "On", "For", "As"])
_DATASET_BEFORE = re.compile(r"\b(?:dataset|benchmark|corpus|suite|collection|leaderboard)\b[^.]{0,30}$", re.I)


def _named_things(text: str, st: DocState) -> list[Candidate]:
    """Names that follow a naming word and that no layer found: new proposed mentions."""
    low = text.lower()
    if not any(w in low for w in ("named", "dubbed", "called", "termed", "coined")):
        return []
    out: list[Candidate] = []
    for m in _NAMED_THING.finditer(text):
        a, b = m.span("name")
        name = m.group("name").rstrip("-+")
        b = a + len(name)
        if name.split()[0] in _NAMED_NOT or name.upper() in ("AI", "ML"):
            continue
        label = "Dataset" if _DATASET_BEFORE.search(text, max(0, m.start() - 60), m.start()) else "Method"
        found = [e for e in st.entities if e.start < b and a < e.end]
        if found:
            # A layer found it (the cue marks it through proposed_canonicals); "a benchmark dubbed X" is a Dataset.
            same = [e for e in found if (e.start, e.end) == (a, b) and e.label == "Method" and e.source != "gazetteer"]
            if label == "Dataset" and same:
                st.entities = [replace(e, label="Dataset") if e in same else e for e in st.entities]
            continue
        c = Candidate(a, b, label, 0.8, "proposed", name, True)  # type: ignore[arg-type]
        st.entities.append(c)
        out.append(c)
    if out:
        st.entities.sort(key=lambda c: (c.start, c.end))
    return out


def mark_proposed(text: str, st: DocState) -> None:
    cues = Cues(text)
    named = _named_things(text, st)
    names = proposed_canonicals(text, st, cues)
    names.update(c.canonical for c in named if c.canonical)
    _repeat_mentions(text, st, named)
    known = _known_names()
    added: list[Candidate] = []
    for ph in cue_phrases(text, st, cues):
        canonical, new = _place(text, st, ph, known)
        if canonical is not None:
            names.add(canonical)
        if new is not None:
            added.append(new)
    _repeat_mentions(text, st, [c for c in added if c in st.entities])
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
        coined = _coined_acronym(text, st, known)
        if coined is not None:
            names.add(coined)
    names -= GENERIC_METHODS
    if not names:
        return
    st.entities = [
        Candidate(e.start, e.end, e.label, e.confidence, e.source, e.canonical, True)
        if _canon(text, e) in names and e.label in ("Method", "Dataset")
        else e
        for e in st.entities
    ]


_LOWER = re.compile(r"[a-z]")
_TWO_CAPS = re.compile(r"[A-Z].*[A-Z]")


def _coined_acronym(text: str, st: DocState, known: frozenset[str]) -> str | None:
    """With no explicit cue, a mixed-case acronym the paper defines and keeps using ("CoLa") is its own."""
    best: tuple[int, str] | None = None
    for ab in st.abbreviations:
        short = ab.short
        core = short[:-1] if short.endswith("s") else short
        if not _LOWER.search(core[1:]) or not _TWO_CAPS.search(core):
            continue  # all capitals ("LSM") names existing concepts as often as new ones
        long = text[ab.long_start : ab.long_end]
        if core in known or long.lower() in known or core in GENERIC_METHODS:
            continue
        uses = len(word_uses(text, core))
        ent = next((e for e in st.entities if e.start == ab.short_start and e.label == "Method"), None)
        if ent is not None and uses >= 3 and (best is None or uses > best[0]):
            best = (uses, _canon(text, ent))
    return best[1] if best else None


@Language.component("pg_proposed")
def proposed_component(doc: Doc) -> Doc:
    st = get_state(doc)
    mark_proposed(st.text, st)
    return doc
