"""Which entities the paper itself contributes (component ``pg_proposed``).

Cues: "we propose / introduce / present X", "X, a novel ...", "dubbed X",
"referred to as X", "our method, X", a title of the form "X: ...", lists after
"we propose two methods: X and Y", and a coined acronym the abstract keeps
using when no other cue fired. Marking is per entity: once X is proposed,
every mention with X's canonical name is, so an abbreviation and its long form
are proposed together.

Unnamed techniques ("we propose a novel positional disentanglement strategy")
become new Method mentions: the noun phrase after the cue, without articles,
praise words and generic heads. Such a name is then marked at each later
occurrence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.abbreviations import is_word_char, word_uses
from papergraph.extract.merge import Candidate
from papergraph.extract.normalize import lower_for_prechecks
from papergraph.extract.patterns import is_name_like
from papergraph.extract.state import DocState, get_state
from papergraph.extract.vocab import (
    GENERIC_METHODS,
    GENERIC_NOT_METHODS,
    GENERIC_PHRASES,
    TITLE_DESCRIPTIVE,
)
from papergraph.types import Label

_ADVERB = r"(?:(?:\w+ly|also|further|then|first|here|now|additionally|thus|therefore|hence)\s+)?"
_VERB = re.compile(
    r"\b(?:we|this (?:paper|work|study|report)|here we|in this (?:paper|work),? we)\s+" + _ADVERB +
    r"(?:propose|proposed|introduce|introduced|present|presented|develop|design|build|release|"
    r"contribute|construct|curate|create|unveil|describe|offer|put forward|proposes|introduces|"
    r"presents|develops|releases|describes)\b",
    re.I,
)
_NAMING = re.compile(
    r"\b(?:dubbed|named|called|termed|coined|namely|referred to as|refer to (?:it |them )?as|we call|we call it|"
    r"we name it|we term)\s+[\"“]?$",
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
# "our best performing dataset DFN-5B", "our method, FooNet,": the paper's own thing named.
_OUR_THING = re.compile(r"\bour\s+(?:[\w\-]+\s+){0,3}?(?:dataset|benchmark|model|method|framework|approach|system|"
                        r"algorithm|architecture|network|corpus|suite)s?,?\s+$", re.I)
# "we propose weight-sharing NAS with multi-architectural sampling": the new part follows "with".
_WITH = re.compile(r"\s+with\s+")


def _canon(text: str, c: Candidate) -> str:
    return c.canonical or " ".join(text[c.start : c.end].split())


# Cheap necessary conditions for the case-insensitive cue regexes, run on a
# lower-cased copy (see lower_for_prechecks): a sentence without them cannot
# hold a cue, and most do not.
_SUBJECT = re.compile(r"(?:we|this)\s")  # every _VERB match starts with "we"/"this" and a space
# Every _VERB and _AND_VERB match holds one of these.
_VERB_STEMS = ("propos", "introduc", "present", "develop", "design", "build", "releas", "contribut", "construct",
               "curat", "creat", "unveil", "describ", "offer", "put forward")
_NAMING_STEMS = ("dubbed", "name", "call", "term", "coined", "refer")
_LIST_CUES = ("including", "namely", "such as")  # one of them follows _NOVEL_LIST's noun


class _Cues:
    """Per-Doc pre-checks and the _VERB matches of each sentence, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        low = self.low = lower_for_prechecks(text)
        self.subjects = [m.start() for m in _SUBJECT.finditer(low)] if low is not None else []
        self.stems = _occurrences(low, _VERB_STEMS) if low is not None else []
        # "novel X, including ...": without such words in the whole text no sentence needs testing.
        self.may_list = low is None or any(w in low for w in _LIST_CUES)
        self._verbs: dict[tuple[int, int], list[re.Match[str]]] = {}

    def has(self, word: str, a: int, b: int) -> bool:
        """Might text[a:b] hold ``word`` in any case (a lower-case ASCII word)?"""
        return self.low is None or self.low.find(word, a, b) >= 0

    def _any_in(self, starts: list[int], a: int, b: int) -> bool:
        k = bisect_left(starts, a)
        return k < len(starts) and starts[k] < b

    def may_have_verb(self, s0: int, s1: int) -> bool:
        """Might a _VERB or _AND_VERB match lie in text[s0:s1]?"""
        return self.low is None or self._any_in(self.stems, s0, s1)

    def verbs(self, s0: int, s1: int) -> list[re.Match[str]]:
        out = self._verbs.get((s0, s1))
        if out is None:
            maybe = self.low is None or (self._any_in(self.stems, s0, s1) and self._any_in(self.subjects, s0, s1))
            out = self._verbs[(s0, s1)] = list(self.finditer(_VERB, s0, s1)) if maybe else []
        return out

    def finditer(self, pattern: re.Pattern[str], s0: int, s1: int) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text, s0, s1)``, by its case-sensitive twin on the lower-cased copy when there is one."""
        if self.low is None:
            return pattern.finditer(self.text, s0, s1)
        return _LOWER_TWIN[pattern].finditer(self.low, s0, s1)

    def may_name(self, a: int, b: int) -> bool:
        """Might text[a:b] hold a naming word ("dubbed", "we call", "referred to as")?"""
        low = self.low
        return low is None or any(low.find(w, a, b) >= 0 for w in _NAMING_STEMS)


def _occurrences(low: str, words: tuple[str, ...]) -> list[int]:
    """Sorted start offsets of every occurrence of each word in ``low`` (str.find beats one regex alternation)."""
    out: list[int] = []
    for w in words:
        i = low.find(w)
        while i >= 0:
            out.append(i)
            i = low.find(w, i + 1)
    out.sort()
    return out


def _verbs(text: str, s0: int, s1: int) -> list[re.Match[str]]:
    return list(_VERB.finditer(text, s0, s1))


def proposed_canonicals(text: str, st: DocState, cues: _Cues | None = None) -> set[str]:
    """Canonical names of the named entities the paper proposes."""
    if cues is None:
        cues = _Cues(text)
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
                if _WITH.match(text, e.end) and mentioned_before(text, st, e.start, e.end):
                    break  # an existing technique; the contribution is what it is combined with
                out.add(_canon(text, e))
                break
        for e in in_sent:
            a = max(s0, e.start - 25)
            if cues.may_name(a, e.start) and _NAMING.search(text[a : e.start]):
                out.add(_canon(text, e))
                continue
            after = text[e.end : e.end + 50]
            if after.lstrip().startswith(",") and _APPOSITION.match(after):
                out.add(_canon(text, e))
                continue
            a = max(s0, e.start - 60)
            if cues.has("our", a, e.start) and is_name_like(text[e.start : e.end].split()[-1]) and _OUR_THING.search(text, a, e.start):
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


# --- Noun phrases after a proposal cue -------------------------------------------------------


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
_AND_VERB = re.compile(r"\b(?:and|,)\s+" + _ADVERB + r"(?:propose|introduce|present|develop|design)\b", re.I)
_NAMING_AT = re.compile(r"\b(?:dubbed|termed|called|coined|named|referred to as|we call it|we name it|we term it)\s+"
                        r"[\"“](?P<q>[^\"”]{3,60})[\"”]", re.I)
_NOVEL_LIST = re.compile(r"\b(?:novel|new|innovative)\s+(?:[\w\-]+\s+){0,2}?[\w\-]+s,?\s+(?:including|namely|such as)\s+", re.I)
_ADJECTIVE_END = re.compile(r"(?:able|ible|ic|ical|ive|ous|ful|less|[^v]al)$")
# "an ... framework, Trace, which ...": the name follows the description.
_APPOSED_NAME = re.compile(r",\s+[A-Z][\w\-]*[A-Z0-9]?[\w\-]*\s*[,(]")
# "for which we introduce ...": a cue inside a relative clause describes a part, not the contribution.
_RELATIVE = re.compile(r"\b(?:which|whom|whose)\s+$", re.I)
_ENUM = re.compile(r"\s*\((?P<p>[A-Za-z]?)(?P<n>\d+|[ivx]+)\)\s*")
_STRONG = re.compile(r"\bin this (?:paper|work|study)\b|\bnovel\b|\bnew\b", re.I)
# Case-insensitive cues spelled in lower case, for _Cues.finditer: case-sensitive
# matching on a lower-cased copy finds the same spans several times faster.
_LOWER_TWIN = {p: re.compile(p.pattern) for p in (_VERB, _AND_VERB, _STRONG)}


@dataclass(frozen=True, slots=True)
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
_PLURAL_END = re.compile(r"[^sui]s$")
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
    if words and words[0][2].islower() and words[-1][2].islower() and _PLURAL_END.search(words[-1][2]):
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
    if words and _WITH.match(text, stop, end) and mentioned_before(text, st, words[0][0], words[-1][1]):
        words, has_det, stop = _words(text, _WITH.match(text, stop, end).end(), end)  # type: ignore[union-attr]
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


def cue_phrases(text: str, st: DocState, cues: _Cues | None = None) -> list[Phrase]:
    """Names right after "we propose ...", "referred to as "..."", "novel N, including ..."."""
    if cues is None:
        cues = _Cues(text)
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
        strong = (s0, s1) in edge or next(cues.finditer(_STRONG, s0, s1), None) is not None
        if verbs:
            found = [v.end() for v in cues.verbs(s0, s1) if not _RELATIVE.search(text, s0, v.start())]
            found += [v.end() for v in cues.finditer(_AND_VERB, s0, s1) if _WE.search(text[s0 : v.start()])]
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


def _short_for(st: DocState, a: int, b: int) -> str | None:
    """The abbreviation whose long form ends at ``b`` and starts inside [a, b): "Blockwise Learning Rate (LR)"."""
    for ab in st.abbreviations:
        if ab.long_end == b and a <= ab.long_start < b:
            short = ab.short
            return short[:-1] if short.endswith("s") and short[-2:-1].isupper() else short
    return None


def _place(text: str, st: DocState, ph: Phrase, known: frozenset[str]) -> tuple[str | None, Candidate | None]:
    """Bind one cue phrase to an entity (existing, widened, or new): its canonical name and the new span."""
    a, b = ph.start, ph.end
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
    if not inner and surface[0].islower() and _PLURAL_END.search(last):
        return None, None  # "efficient rejection protocols": an unnamed plural is a description
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


def mark_proposed(text: str, st: DocState) -> None:
    cues = _Cues(text)
    names = proposed_canonicals(text, st, cues)
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
