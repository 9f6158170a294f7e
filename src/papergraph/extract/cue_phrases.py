"""Names right after a proposal cue: "we propose a novel positional disentanglement strategy"
gives "positional disentanglement", "two methods: X and Y" gives X and Y.

The noun phrase after the cue, without articles, praise words and generic heads
("strategy", "framework"), split at "and"; phrases that describe work rather
than name it ("a new class of ...") give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from papergraph.extract.cues import AND_VERB, STRONG, Cues
from papergraph.extract.patterns import is_name_like
from papergraph.extract.state import DocState
from papergraph.extract.vocab import (
    GENERIC_METHODS,
    GENERIC_NOT_METHODS,
    GENERIC_PHRASES,
    TITLE_DESCRIPTIVE,
)
from papergraph.types import Label

# "we propose weight-sharing NAS with multi-architectural sampling": the new part follows "with".
WITH_NEXT = re.compile(r"\s+with\s+")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_LEAD = re.compile(r"\s*(?:(?:to use|using|the use of)\s+)?(?P<det>(?:a|an|the|our|two|three|four|five|several|"
                   r"multiple|some|these|this|its|their|both|another|each|every|any)\s+)?", re.I)
_TOK = re.compile(r"\s*(?P<w>\w[\w\-'’/+]*(?:\.\w+)*)")
# Praise and scope words before the name: "a novel, simple ...".
_PRAISE = _set("""novel new simple general generic effective efficient lightweight light-weight unified
    principled straightforward powerful flexible scalable key first robust practical plug-and-play innovative
    elegant intuitive universal versatile dedicated specialized improved enhanced additional further original
    custom tailored advanced proposed better yet theoretically carefully designed well-designed main core""")
# Heads that say what kind of thing the name is, not part of it ("a positional disentanglement strategy").
_HEADS = _set("""strategy strategies framework frameworks method methods approach approaches architecture
    architectures model models technique techniques scheme schemes paradigm paradigms pipeline pipelines module
    modules layer layers algorithm algorithms system systems procedure procedures design designs co-design
    solution solutions component components family families series variant variants dataset datasets benchmark
    benchmarks corpus corpora suite toolkit library process""")
_NOUN_HEADS = _HEADS | _set("mechanism mechanisms")
_DATASET_HEADS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "suite"})
_STOP = _set("""that which who whose to for with based on in of by using via where when while as from into
    through across is are was were be can could will would should may might enabling allowing designed built
    inspired trained consisting comprising capable leveraging achieving called named dubbed termed coined we it
    its their per under over at than between among without within towards toward beyond during after before
    since because so such namely i.e. e.g. or but not also only both each them they us these those""")
# Words that make the phrase a description of work, not a name ("a case for ...", "a new class of ...").
_NOT_NAME = _set("""paper work study analysis case way question problem insight insights finding findings
    perspective perspectives theory set class variety number range idea notion concept version extension
    combination collection evidence understanding view lens look step attempt solution directions direction
    research potential future definition argument arguments experiment experiments result results implementation
    implementations""")
_NAMED_LATER = re.compile(r"(?:[^.]{0,80}?,\s*|\s*)(?:coined|dubbed|called|named|termed|referred to as|namely)\b", re.I)
_NAMING_AT = re.compile(r"\b(?:dubbed|termed|called|coined|named|referred to as|we call it|we name it|we term it)\s+"
                        r"[\"“](?P<q>[^\"”]{3,60})[\"”]", re.I)
_NOVEL_LIST = re.compile(r"\b(?:novel|new|innovative)\s+(?:[\w\-]+\s+){0,2}?[\w\-]+s,?\s+(?:including|namely|such as)\s+", re.I)
_ADJECTIVE_END = re.compile(r"(?:able|ible|ic|ical|ive|ous|ful|less|[^v]al)$")
# "an ... framework, Trace, which ...": the name follows the description.
_APPOSED_NAME = re.compile(r",\s+[A-Z][\w\-]*[A-Z0-9]?[\w\-]*\s*[,(]")
# "for which we introduce ...": a cue inside a relative clause describes a part, not the contribution.
_RELATIVE = re.compile(r"\b(?:which|whom|whose)\s+$", re.I)
_ENUM = re.compile(r"\s*\((?P<p>[A-Za-z]?)(?P<n>\d+|[ivx]+)\)\s*")


@dataclass(slots=True)  # treated as immutable; not frozen, which makes construction ~3x slower
class Phrase:
    """A name the paper introduces, located right after a proposal cue."""

    start: int
    end: int
    label: Label
    strong: bool  # a cue in the first/last sentence, "in this paper ...", or "novel"


def mentioned_before(text: str, st: DocState, a: int, b: int) -> bool:
    """Is the head word of text[a:b] used in the abstract before its sentence (an existing thing)?"""
    head = text[a:b].split()[-1]
    abstract = st.fields[-1]
    s0 = st.sent_at(a)[0]
    return abstract.start < s0 and bool(_word_re(head).search(text[abstract.start : s0]))


@lru_cache(maxsize=4096)
def _word_re(word: str) -> re.Pattern[str]:
    # Heads recur across papers; re's own cache is too small for a corpus.
    return re.compile(r"(?<![\w\-])" + re.escape(word) + r"(?![\w\-])", re.I)


_ING_ED_END = re.compile(r"(?:ing|ed)$")
_ED_WORD = re.compile(r"[a-z]+ed")
PLURAL_END = re.compile(r"[^sui]s$")
_S_END = re.compile(r"[^s]s$")
_OF_NEXT = re.compile(r"\s+of\b")
_LIST_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
_WE = re.compile(r"\bwe\b", re.I)


def _words(text: str, pos: int, end: int) -> tuple[list[tuple[int, int, str]], bool, int]:
    """The words of the noun phrase at ``pos``: (words, has a determiner, where it stopped)."""
    m = _LEAD.match(text, pos, end)
    i = m.end() if m else pos
    has_det = bool(m and m.group("det"))
    words: list[tuple[int, int, str]] = []
    while i < end:
        w = _TOK.match(text, i, end)
        if not w or w.start("w") > i + 1:
            break
        tok, j = w.group("w"), w.end("w")
        low = tok.lower()
        if not words and low in _PRAISE:
            i = j + 1 if text.startswith(",", j) else j  # "a lightweight, depth-aware ..."
            continue
        if not words and has_det and tok.islower() and text.startswith(", ", j) and low not in _STOP:
            i = j + 1  # "a parameter-efficient, multi-head clustering projector"
            continue
        if not words and low == "and":
            break  # "we introduce and release ...": the object comes after the second verb
        if low in _STOP or (words and (_ING_ED_END.search(low) and words[-1][2].lower() in _NOUN_HEADS
                                       or _ED_WORD.fullmatch(tok))):
            break  # "a ... mechanism operating on GRUs", "a dataset constructed via ...": a participle ends the name
        words.append((w.start("w"), j, tok))
        i = j
        if i < end and not text[i].isspace():
            break  # punctuation ends the phrase
    return words, has_det, i


def _items(text: str, words: list[tuple[int, int, str]], has_det: bool) -> list[tuple[int, int, Label]]:
    """Split "feature gating and interaction aggregation layers" into names, without generic heads."""
    label: Label = "Method"
    for k in range(len(words) - 2, -1, -1):
        if words[k][2].lower() in _HEADS and is_name_like(words[k + 1][2]):
            if words[k][2].lower() in _DATASET_HEADS:
                label = "Dataset"
            words = words[k + 1 :]  # "a generic framework W2PGNN", "example dataset DFN-2B"
            break
    while words and words[-1][2].lower() in _HEADS:
        if words[-1][2].lower() in _DATASET_HEADS:
            label = "Dataset"
        words = words[:-1]
    if words and words[0][2].islower() and words[-1][2].islower() and PLURAL_END.search(words[-1][2]):
        return []  # "rich entity and edge updating operations": an unnamed plural describes, it does not name
    groups: list[list[tuple[int, int, str]]] = [[]]
    for w in words:
        if w[2].lower() == "and":
            groups.append([])
        else:
            groups[-1].append(w)
    out = []
    for g in groups:
        if g and _good_name(text, g, has_det or len(groups) > 1):
            out.append((g[0][0], g[-1][1], label))
    return out


def _good_name(text: str, g: list[tuple[int, int, str]], has_det: bool) -> bool:
    toks = [w[2] for w in g]
    lows = [t.lower() for t in toks]
    if len(toks) > 5 or toks[0][0].isdigit() or any(t in _NOT_NAME or t.endswith("ly") for t in lows):
        return False
    if toks[-1] in GENERIC_METHODS or lows[-1] in ("task", "tasks") or (toks[-1].islower() and _ADJECTIVE_END.search(toks[-1])):
        return False  # "a spectral GNN", "a sparse averaging task", "an end-to-end trainable (model)"
    if text[g[-1][1] : g[-1][1] + 1] in ("\\", "{", "^", "_"):
        return False  # a name cut by markup ("Poincar\\'e")
    phrase = " ".join(lows)
    if phrase in GENERIC_PHRASES or toks[0] in GENERIC_METHODS or toks[0] in GENERIC_NOT_METHODS:
        return False
    if len(toks) > 1:
        return True
    t = toks[0]
    if is_name_like(t) or (t[:1].isupper() and t.lower() not in TITLE_DESCRIPTIVE):
        return True
    # A bare common word is a name only as "we introduce guidance, where ...".
    return not has_det and text.startswith(",", g[-1][1]) and not t.endswith("s") and len(t) > 3


def _after_cue(text: str, st: DocState, pos: int, end: int, strong: bool) -> list[Phrase]:
    words, has_det, stop = _words(text, pos, end)
    if _NAMED_LATER.match(text, stop, end) or _APPOSED_NAME.match(text, stop, end):
        return []  # "an Interest Dynamics modeling framework ..., coined IDNP": the name comes later
    if _OF_NEXT.match(text[stop:end]):
        return []  # "a joint learning of the codebook ...": a description, not a name
    if words and WITH_NEXT.match(text, stop, end) and mentioned_before(text, st, words[0][0], words[-1][1]):
        words, has_det, stop = _words(text, WITH_NEXT.match(text, stop, end).end(), end)  # type: ignore[union-attr]
    last = words[-1][2].lower() if words else ""
    if stop < end and text[stop] == ":" and (last in _HEADS or (has_det and _S_END.search(last))):
        return _colon_list(text, st, stop + 1, end, strong)
    out = []
    for a, b, lab in _items(text, words, has_det):
        toks = text[a:b].split()
        if len(toks) > 1 and all(t.islower() for t in toks[:-1]) and is_name_like(toks[-1]) and mentioned_before(text, st, a, b):
            continue  # "a novel nonlinear SDR (framework)": a variant of something the abstract already named
        out.append(Phrase(a, b, lab, strong))
    return out


def _list_items(text: str, i: int, end: int, strong: bool) -> list[Phrase]:
    """The names of a list "X, Y and Z" starting at ``i``, up to ``end``."""
    out: list[Phrase] = []
    while i < end:
        words, _, i = _words(text, i, end)
        out += [Phrase(a, b, lab, strong) for a, b, lab in _items(text, words, True)]
        nxt = _LIST_NEXT.match(text[i:end])
        if not words or not nxt:
            break
        i += nxt.end()
    return out


def _colon_list(text: str, st: DocState, pos: int, end: int, strong: bool) -> list[Phrase]:
    """"two methods: X and Y", "three solutions: (S1) X." and the later "(S2) Y." items."""
    out: list[Phrase] = []
    enum = _ENUM.match(text, pos, end)
    out += _list_items(text, enum.end() if enum else pos, end, strong)
    if enum:
        prefix = enum.group("p")
        for m in re.finditer(r"\(" + re.escape(prefix) + r"(\d+|[ivx]+)\)\s+", text[end : st.fields[-1].end]):
            a = end + m.end()
            words, has_det, stop = _words(text, a, min(st.fields[-1].end, a + 60))
            if stop < len(text) and text[stop] == ".":
                out += [Phrase(x, y, lab, strong) for x, y, lab in _items(text, words, True)]
    return out


def cue_phrases(text: str, st: DocState, cues: Cues | None = None) -> list[Phrase]:
    """Names right after "we propose ...", "referred to as "..."", "novel N, including ..."."""
    if cues is None:
        cues = Cues(text)
    abstract = st.fields[-1]
    body = [s for s in st.sents if s[0] >= abstract.start]
    edge = {body[0], body[-1]} if body else set()
    out: list[Phrase] = []
    for s0, s1 in st.sents:
        quoted = text.find('"', s0, s1) >= 0 or text.find("“", s0, s1) >= 0  # _NAMING_AT needs a quote
        novel = cues.may_list and (
            cues.has("including", s0, s1) or cues.has("namely", s0, s1) or cues.has("such as", s0, s1)) and (
            cues.has("novel", s0, s1) or cues.has("new", s0, s1) or cues.has("innovative", s0, s1))
        verbs = cues.may_have_verb(s0, s1)
        if not (quoted or novel or verbs):
            continue
        strong = (s0, s1) in edge or (cues.may_be_strong(s0, s1) and next(cues.finditer(STRONG, s0, s1), None) is not None)
        if verbs:
            found = [v.end() for v in cues.verbs(s0, s1) if not _RELATIVE.search(text, s0, v.start())]
            if cues.may_have_and_verb(s0, s1):
                found += [v.end() for v in cues.finditer(AND_VERB, s0, s1) if _WE.search(text[s0 : v.start()])]
            for pos in sorted(set(found)):
                out += _after_cue(text, st, pos, s1, strong)
        if not (quoted or novel):
            continue
        for m in _NAMING_AT.finditer(text, s0, s1):
            q = m.group("q").strip()
            a = m.start("q") + m.group("q").index(q)
            out.append(Phrase(a, a + len(q), "Method", strong))
        for m in _NOVEL_LIST.finditer(text, s0, s1):
            out += _list_items(text, m.end(), s1, strong)
    return out

