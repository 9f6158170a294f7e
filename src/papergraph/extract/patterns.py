"""Pattern candidates for names in no list (component ``pg_patterns``).

* name-like tokens: CamelCase, inner digits or capitals ("FBNetV3", "ResMLP",
  "m2mKD", "GPT-4o"), typed by what surrounds them ("... dataset" -> Dataset)
  and by the gazetteer ("ImageNet-21K" is a variant of the dataset ImageNet);
* "X dataset / benchmark / corpus" -> Dataset X;
* task phrases ending in a task head ("gunshot detection", "machine translation");
* technique phrases ending in a method head ("weight-shared knowledge distillation");
* metric phrases and acronyms ("top-1 accuracy", "BLEU", "FLOPs").
"""

from __future__ import annotations

import re
from itertools import accumulate

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.abbreviations import is_word_char
from papergraph.extract.merge import Candidate
from papergraph.extract.normalize import lower_for_prechecks
from papergraph.extract.state import get_state
from papergraph.extract.vocab import (
    DESCRIPTIVE_DATASET_WORDS,
    GENERIC_METHODS,
    GENERIC_PHRASES,
    METHOD_MOD_STOP,
    METHOD_NP_HEADS,
    METRIC_ACCURACY,
    METRIC_ACRONYM_ALTERNATIVES,
    METRIC_OTHER_ALTERNATIVES,
    METRIC_PHRASES,
    MODEL_FAMILY,
    NOT_A_METHOD_AFTER,
    NOT_NAMES,
    PHRASE_STOP,
    STANDALONE_METHODS,
    TASK_AREAS,
    TASK_HEADS,
    TASK_LEARNING,
    VERBS,
    WEAK_TASK_HEADS,
)
from papergraph.extract.wordscan import WordStart, first_char_trie
from papergraph.extract.wordscan import word_starts as _word_starts

SOURCE = "patterns"

# A name-like token: letters/digits with optional -, ., / joints ("ViT-B/16", "Qwen2.5-VL").
# Only tokens with something besides a leading capital and lower-case letters are
# tried: ordinary words are skipped at regex speed. The possessive quantifiers
# (*+, ++) never give back a character the next item could take (each is followed
# by a class that excludes everything it repeats), so they match as the greedy
# ones would without retrying each shorter run; the group's * stays greedy, as
# giving back a whole "-part" can let the match end before it.
NAME_BODY = r"[A-Za-z][a-z]*+[A-Z0-9\-./+_][\w]*+(?:[-./+][A-Za-z0-9]++)*!?(?![\w])"
_NAME = WordStart(NAME_BODY)
_DATASET_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:dataset|datasets|benchmark|benchmarks|corpus|corpora|test set|test sets|"
    r"suite|leaderboard|challenge|split|splits|validation set)\b",
    re.I,
)
# "a new dataset DFN-2B": the name right after the noun.
_DATASET_BEFORE = re.compile(r"\b(?:dataset|benchmark|corpus)\s+$", re.I)
_OWNER = re.compile(r"['’]s\s+[A-Z]")
_METRIC_WORDS = frozenset({"accuracy", "throughput", "latency", "memory", "speed", "error", "loss", "perplexity"})


_METRIC_PAIR = re.compile(r"(?<![\w\-])(accuracy|throughput|latency|memory|speed|perplexity)-"
                          r"(accuracy|throughput|latency|memory|speed|perplexity|efficiency|cost|compute)(?![\w])")


def _is_metric_word(part: str) -> bool:
    return part.lower() in _METRIC_WORDS or bool(_METRIC.pattern.fullmatch(part))


# Data a model is trained or evaluated on: "pre-trained on X", "datasets such as X".
_DATASET_CUE = re.compile(
    r"(?:\b(?:trained|pretrained|pre-trained|fine-tuned|finetuned|evaluated|tested|benchmarked|"
    r"validated|experiments)\s+(?:\w+\s+){0,2}?on|\b(?:datasets?|benchmarks?|corpora)\s*(?:such as|like|including|:|,)"
    r"|\bdata:)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
# "-based", "-like": the name before them is a mention of its own ("ViT-based").
_NAME_SUFFIX = re.compile(
    r"-(?:based|like|style|aware|specific|driven|guided|powered|inspired|optimi[sz]ed|only|level|scale|"
    r"sized|pretrained|pre-trained|trained|generated|conditioned|centric|oriented|agnostic|friendly|"
    r"compatible|tuned|finetuned|fine-tuned|native|ready|family|series|variants?|type|derived|"
    r"initiali[sz]ed|distilled|supervised|free)$",
    re.I,
)
# The lookahead holds every first character of METRIC_ACRONYMS (a test checks it):
# most positions then fail before the alternation is tried, and the alternation is
# filed by first character, so the rest fail after a comparison or two.
_METRIC_FIRST = "ABCDEFGHIKLMNPRSTUVWcmnpt"
_METRIC = WordStart(rf"(?=[{_METRIC_FIRST}])(?:{first_char_trie(METRIC_ACRONYM_ALTERNATIVES)})(?![\w\-])")
# Run on a lower-cased copy: case-sensitive matching is several times faster than re.I.
_METRIC_PHRASE_FIRST = r" \-abcdefghiklmnoprstvwz"  # every first character of METRIC_PHRASES (tested)
_METRIC_PHRASE_RE = re.compile(rf"(?<![\w\-])(?=[{_METRIC_PHRASE_FIRST}])(?:{METRIC_PHRASES})(?![\w\-])")
# The same regex in its two parts, for _metric_phrases.
_ACCURACY_RE = re.compile(rf"(?<![\w\-])(?=[{_METRIC_PHRASE_FIRST}])(?:{METRIC_ACCURACY})(?![\w\-])")
# Filed by first character (first_char_trie): the alternation is long and tried at every word start.
_OTHER_METRIC = WordStart(rf"(?:{first_char_trie(METRIC_OTHER_ALTERNATIVES)})(?![\w\-])")
# The modifiers of METRIC_ACCURACY span at most this many characters before "accura" (tested).
_ACCURACY_REACH = 40
# "top-1" directly before "accuracy"/"error" belongs to the longer phrase.
_METRIC_CONTINUES = re.compile(r"[ -](?:accurac|error|err\b|acc\b)", re.I)
# Numerical precision ("low precision", "FP16 precision") is a setting, not a metric.
_PRECISION_SETTING = re.compile(
    r"(?:low|mixed|half|full|single|double|numerical|floating-point|arithmetic|bit|fp\d+|int\d+|\d+-bit|decimal places?)"
    r"[- ]$",
    re.I,
)
# "parameters" is a metric when the claim counts them ("with 40% fewer parameters").
_PARAMS = re.compile(r"(?:fewer|less|more|number of|level of|reduc\w*(?: the)?|% of)\s+(?:\w+[- ])?(parameters)\b")
_CAP_NAME_BEFORE_DS = re.compile(
    r"(?P<name>(?:[A-Z][\w\-]*(?:\s+[A-Z0-9][\w\-]*){0,3}))\s+(?P<noun>[Dd]ataset|[Bb]enchmark|[Cc]orpus|[Tt]reebank)\b"
)
_EVAL_CUE = re.compile(r"\b(?:on|across)\s+(?:the\s+)?(?:challenging\s+|standard\s+|popular\s+|public\s+)?$", re.I)
_EVAL_VERBS = re.compile(r"\b(?:experiment|evaluat|result|benchmark|test|achiev|outperform|accuracy|state-of-the-art|SOTA|perform)", re.I)
_TASK_AREA_BODY = re.compile("(?:" + "|".join(sorted(TASK_AREAS, key=len, reverse=True)) + r")s?(?![\w\-])")
_MEASURE = re.compile(r"\d+[A-Za-z]{1,2}|[A-Z]?\d+(?:\.\d+)?[kKMB]?")


def is_name_like(tok: str) -> bool:
    """Does ``tok`` look like a coined name rather than a word?"""
    if tok in NOT_NAMES or len(tok) < 2:
        return False
    if sum(map(str.isalpha, tok)) < 2:
        return False
    # Capitals right after a hyphen only ("Architecture-Recipe") are title case, not a name.
    if not any(map(str.isdigit, tok)) and not any(c.isupper() and tok[i - 1] not in "-./" for i, c in enumerate(tok) if i):
        return False
    # "2D", "3D-aware", "10x": measurements, not names.
    return not _MEASURE.fullmatch(tok)


_KEY_JOINTS = re.compile(r"[\s\-_.]")
_VARIANT_SPLIT = re.compile(r"[-/_]")


def dataset_key(name: str) -> str:
    """A spelling-insensitive key: "CIFAR-10" and "CIFAR10" are one dataset.

    Case is kept for short names ("CoLA" the dataset, "CoLa" a method) and
    folded for long ones ("CityScapes" is "Cityscapes").
    """
    key = _KEY_JOINTS.sub("", name)
    return key.casefold() if len(key) >= 6 else key


def is_dataset_variant(tok: str, dataset_keys: frozenset[str]) -> bool:
    """Is ``tok`` a known dataset or a split/variant of one ("ImageNet-21K", "CIFAR10/100", "N-MNIST")?"""
    if not dataset_keys:
        return False
    if dataset_key(tok.rstrip("!")) in dataset_keys:
        return True
    parts = [p for p in _VARIANT_SPLIT.split(tok.rstrip("!")) if p]
    if len(parts) < 2:
        return False
    return any(len(p) >= 4 and dataset_key(p) in dataset_keys for p in parts) or (
        dataset_key("-".join(parts[:2])) in dataset_keys and len(parts) > 2
    )


def _sent_of(sents: list[tuple[int, int]], a: int, b: int) -> tuple[int, int]:
    return next((s for s in sents if s[0] <= a < s[1]), (a, b))


# Pre-checks for the cues before a name, on a lower-cased copy of the text
# (lower_for_prechecks): words each regex needs, most 40-character windows
# hold none, and a regex ending in "$" is tried at every position of its window.
_DS_NOUN_END = ("dataset", "benchmark", "corpus")  # _DATASET_BEFORE: one of them, then spaces
_DS_CUE_WORDS = ("trained", "tuned", "evaluated", "tested", "benchmark", "validated", "experiments", "dataset",
                 "corpora", "data:")  # _DATASET_CUE holds one of them and ends in a space
_EVAL_CUE_END = ("on", "across", "the", "challenging", "standard", "popular", "public")  # _EVAL_CUE: then spaces


def _ends_with(low: str | None, a: int, b: int, words: tuple[str, ...]) -> bool:
    """Might low[a:b] end with one of ``words`` and then whitespace? (Always, without a copy.)"""
    if low is None:
        return True
    window = low[a:b]
    stripped = window.rstrip()
    return len(stripped) < len(window) and stripped.endswith(words)


def _holds(low: str | None, a: int, b: int, words: tuple[str, ...]) -> bool:
    """Might low[a:b] hold one of ``words`` and end in whitespace? (Always, without a copy.)"""
    if low is None:
        return True
    return b > a and low[b - 1].isspace() and any(low.find(w, a, b) >= 0 for w in words)


def name_candidates(
    text: str, start: int, end: int, sents: list[tuple[int, int]], dataset_keys: frozenset[str] = frozenset(),
    checks: str | None = None,
) -> list[Candidate]:
    """Name-like tokens, typed by their context; ``checks`` is lower_for_prechecks(text), when the caller has it."""
    out: list[Candidate] = []
    infos = _token_infos(dataset_keys)
    for m_start, m_end in _NAME.spans(text, start, end):
        raw = text[m_start:m_end]
        tok = raw.rstrip(".")
        if (tok.islower() or tok[1:].islower()) and not any(map(str.isdigit, tok)):
            continue  # ordinary words: the common case, checked first for speed
        info = infos.get(raw)
        if info is None:
            if len(infos) >= _TOKEN_CACHE_SIZE:
                infos.clear()
            info = infos[raw] = _token_info(tok, dataset_keys)
        kind, tok, is_variant, conf = info
        a, b = m_start, m_start + len(tok)
        if kind == _METRIC_PARTS:
            # "accuracy-MACs trade-off": two metrics joined by a hyphen.
            k = a
            for part in tok.split("-"):
                out.append(Candidate(k, k + len(part), "Metric", 0.7, SOURCE))
                k += len(part) + 1
            continue
        if kind == _NOT_A_NAME:
            continue
        after = text[b : b + 20]
        if _OWNER.match(after):
            continue  # "OpenAI's WIT": the owner, not the named thing
        b0 = max(start, a - 40)
        before = text[b0:a]
        if is_variant:
            out.append(Candidate(a, b, "Dataset", 0.8, SOURCE))
            continue
        if _DATASET_AFTER.match(after) or (_ends_with(checks, b0, a, _DS_NOUN_END) and _DATASET_BEFORE.search(before)):
            out.append(Candidate(a, b, "Dataset", 0.7, SOURCE))
            continue
        if _holds(checks, b0, a, _DS_CUE_WORDS) and _DATASET_CUE.search(before):
            out.append(Candidate(a, b, "Dataset", 0.6, SOURCE))
            continue
        if _ends_with(checks, b0, a, _EVAL_CUE_END) and _EVAL_CUE.search(before):
            sent = _sent_of(sents, a, b)
            if _EVAL_VERBS.search(text[sent[0] : sent[1]]):
                out.append(Candidate(a, b, "Dataset", 0.5, SOURCE))
                continue
        out.append(Candidate(a, b, "Method", conf, SOURCE))
    return out


# What name_candidates learns from a token alone, whatever surrounds it: name-like
# tokens recur ("LLMs", "GPT-4o", "ImageNet-1K": about three in four over the
# corpus), so it is worked out once per spelling and gazetteer.
_NOT_A_NAME, _METRIC_PARTS, _NAME_TOKEN = 0, 1, 2
_TOKEN_CACHE_SIZE = 200_000  # spellings per gazetteer; the cache starts over when full
_TOKEN_CACHES: dict[frozenset[str], dict[str, tuple[int, str, bool, float]]] = {}


def _token_infos(dataset_keys: frozenset[str]) -> dict[str, tuple[int, str, bool, float]]:
    infos = _TOKEN_CACHES.get(dataset_keys)
    if infos is None:
        if len(_TOKEN_CACHES) >= 8:
            _TOKEN_CACHES.clear()
        infos = _TOKEN_CACHES[dataset_keys] = {}
    return infos


def _token_info(tok: str, dataset_keys: frozenset[str]) -> tuple[int, str, bool, float]:
    """(kind, the token as a name, a known dataset or a variant of one, Method confidence) for a _NAME match.

    ``tok`` is the match without trailing dots and is no ordinary word.
    """
    if tok.endswith("!") and not tok[:-1].isupper():
        tok = tok[:-1]  # "!" belongs to shouted acronyms ("WHAM!"), not to prose
    suffix = _NAME_SUFFIX.search(tok)
    if suffix:
        tok = tok[: suffix.start()]
    if "-" in tok and all(_is_metric_word(p) for p in tok.split("-")):
        return _METRIC_PARTS, tok, False, 0.0
    if not is_name_like(tok) or _METRIC.pattern.fullmatch(tok):
        return _NOT_A_NAME, tok, False, 0.0
    conf = 0.4 if tok in GENERIC_METHODS or (tok.isupper() and len(tok) <= 4) else 0.55
    return _NAME_TOKEN, tok, is_dataset_variant(tok, dataset_keys), conf


_GENERIC_BODY = re.compile("(?:" + "|".join(sorted(GENERIC_METHODS, key=len, reverse=True)) + r")(?![\w])")


def generic_method_candidates(text: str, start: int, end: int) -> list[Candidate]:
    """Generic model-class acronyms ("CNN", "LLMs") that NOT_NAMES keeps out of names."""
    out = [Candidate(m.start(), m.end(), "Method", 0.4, SOURCE) for m in _word_starts(_GENERIC_BODY, text, start, end)]
    out += [Candidate(m.start(), m.end(), "Task", 0.6, SOURCE) for m in _word_starts(_TASK_AREA_BODY, text, start, end)]
    return out


# The nouns of _CAP_NAME_BEFORE_DS: (all but the first letter, the first letter's two cases).
_DS_NOUNS = (("ataset", "Dd"), ("enchmark", "Bb"), ("orpus", "Cc"), ("reebank", "Tt"))
_NAME_TOKENS = 4  # a name and up to three more tokens


def _name_reach(text: str, start: int, q: int) -> int:
    """The earliest start of a _CAP_NAME_BEFORE_DS match whose noun starts at ``q``, or -1 when none can end there.

    Between the match start and the noun there are only name tokens ([\\w-] runs)
    and the whitespace between them: at most _NAME_TOKENS runs back, the first
    possibly entered part-way.
    """
    k, first = q, -1
    for _ in range(_NAME_TOKENS):
        j = k
        while j > start and text[j - 1].isspace():
            j -= 1
        if j == k:
            break  # no whitespace before the noun or the token: the chain ends
        t = j
        while t > start and (is_word_char(text[t - 1]) or text[t - 1] == "-"):
            t -= 1
        if t == j:
            break
        first = k = t
    return first


def _dataset_phrase_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stretches of text[start:end] that hold every _CAP_NAME_BEFORE_DS match, in order.

    Each match ends with a noun; the stretch of a noun runs from its _name_reach
    to one character past it (what the closing \\b looks at). Overlapping stretches
    are joined, so a match lies in exactly one, and finditer over the stretches
    finds the matches finditer over the whole range finds, without trying the
    name at every capital letter of the abstract.
    """
    nouns: list[tuple[int, int]] = []
    for tail, first in _DS_NOUNS:
        i = text.find(tail, start + 1, end)
        while i >= 0:
            if text[i - 1] in first:
                nouns.append((i - 1, i + len(tail)))
            i = text.find(tail, i + 1, end)
    nouns.sort()
    spans: list[tuple[int, int]] = []
    for q, q_end in nouns:
        lo = _name_reach(text, start, q)
        if lo < 0:
            continue
        hi = min(end, q_end + 1)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def dataset_phrase_candidates(text: str, start: int, end: int) -> list[Candidate]:
    out: list[Candidate] = []
    matches = [m for a, b in _dataset_phrase_spans(text, start, end) for m in _CAP_NAME_BEFORE_DS.finditer(text, a, b)]
    for m in matches:
        name = m.group("name")
        words = name.split()
        # Drop a sentence-initial function word: "The COCO dataset".
        while words and words[0].lower() in PHRASE_STOP:
            words = words[1:]
        if not words or all(w.lower() in DESCRIPTIVE_DATASET_WORDS for w in words):
            continue  # "A Comprehensive Benchmark", "Large-Scale Multimodal Dataset": a description, no name
        a = m.start("name") + name.index(words[0])
        # "One Billion Word Benchmark": a capitalised noun is part of the name.
        b = m.end("noun") if m.group("noun")[0].isupper() else m.end("name")
        out.append(Candidate(a, b, "Dataset", 0.7, SOURCE))
    return out


_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
_SINGLE_TASKS = frozenset({"summarization", "summarisation", "captioning", "paraphrasing"})
# Words that end a modifier run: verbs and adverbs ("integrates feature extraction").
_VERBISH = re.compile(r"(?:ly|ing)$")
_ING_OK = frozenset({"tuning", "sharing", "passing", "masking", "filtering", "gating",
                     "pooling", "probing", "sampling", "prompting", "processing", "modeling", "modelling",
                     "reasoning", "understanding", "answering", "parsing", "matching", "tracking", "labeling",
                     "labelling", "tagging", "editing", "embedding", "encoding", "decoding", "pruning",
                     "clustering", "forecasting", "computing", "programming", "mining", "recurring",
                     "remaining", "existing", "solving", "grounding", "planning", "driving", "rendering",
                     "boosting", "hashing", "routing", "scaling", "streaming", "ranking", "rewriting",
                     "denoising", "inpainting", "captioning", "reading", "writing", "speaking", "thinking"})
# Modifier prefixes that make a hyphenated word a part, not a named technique ("sub-networks").
_PART_PREFIX = re.compile(r"^(?:sub|super|mini|micro|meta|multi|non|co|pre|post|re|inter|intra|over|under|self)-")


_NEXT_WORD = re.compile(r" ([A-Za-z]+)\b")
_EVALUATIVE = re.compile(r"(?:high|low|well|large|small|state|best|top|most|more|less|better|highly|fully|full|"
                         r"real|open|closed|plug|easy|user)-")
_SIZE_ADJ = frozenset({"wide", "deep", "shallow", "narrow", "large", "small", "big", "tiny", "huge", "giant"})


_WORD_SPLIT = re.compile(f"({_WORD.pattern})")


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The _WORD matches of text[start:end] as (start, end, word)."""
    # Splitting on the words (kept) and summing the piece lengths gives every
    # offset without building a Match object per word.
    parts = _WORD_SPLIT.split(text[start:end])
    offsets = list(accumulate(map(len, parts), initial=start))
    return list(zip(offsets[1:-1:2], offsets[2::2], parts[1::2], strict=True))


_HEAD_WORDS = TASK_HEADS | METHOD_NP_HEADS
_REACH = 3  # words a phrase end looks back at: _walk_left's max_mods, and the word before


Words = dict[int, tuple[int, int, str]]


def phrase_ends(text: str, start: int, end: int, low: str | None = None) -> tuple[Words, list[int]]:
    """The indices of the words of text[start:end] a task or technique phrase can end at, in order,
    and the words (as :func:`_words` gives them, by index) those phrases can reach.

    A phrase ends at a head word (in any case), at a hyphenated word (its last
    part may be the head) or right after one ("weight-sharing NAS"); most words
    are none of these. One comprehension over the lower-cased words finds the
    ends, and only the words from _REACH before each end to the end get their
    offsets and tuples. ``low`` is ``text`` lower-cased at the same length.
    """
    if low is not None and text.isascii():
        parts = _WORD_SPLIT.split(low[start:end])  # lower-cased ASCII: the same split
        lows = parts[1::2]
    else:
        parts = _WORD_SPLIT.split(text[start:end])
        lows = [w.lower() for w in parts[1::2]]  # words are ASCII letters and hyphens
    heads = _HEAD_WORDS
    at = [i for i, w in enumerate(lows) if w in heads or "-" in w]
    after = [i + 1 for i in at if "-" in lows[i] and i + 1 < len(lows)]
    if after:
        at = sorted(set(at).union(after))
    words: Words = {}
    pos, done = start, 0  # the offset of parts[done]
    for i in at:
        # Ends come in order, so each new index lies past every one already placed.
        for k in range(max(0, i - _REACH), i + 1):
            if k in words:
                continue
            p = 2 * k + 1
            pos += sum(map(len, parts[done:p]))
            done = p
            b = pos + len(parts[p])
            words[k] = (pos, b, text[pos:b])
    return words, at


def _sentence_start(text: str, pos: int, start: int) -> bool:
    k = pos - 1
    while k >= start and text[k] == " ":
        k -= 1
    return k < start or text[k] in ".!?:\n"


_ADJ_END = re.compile(r"(?:ed|ent|ant|al|ive)$")


def _bad_modifier(w: str, nxt: str = "") -> bool:
    low = w.lower()
    if low in _ING_OK or "-" in low:
        return False
    if low.endswith("ly") and _ADJ_END.search(nxt):
        return False  # "fully connected", "rotationally invariant"
    return low in VERBS or bool(_VERBISH.search(low))


def _walk_left(text: str, words: Words | list[tuple[int, int, str]], i: int, start: int, *, stop: frozenset[str],
               title_case: bool, max_mods: int) -> int:
    """Index of the first word of the noun phrase ending at word ``i``."""
    j = i
    while j > 0 and i - j < max_mods:
        ps, pe, pw = words[j - 1]
        gap = text[pe : words[j][0]]
        if gap not in (" ", "-"):
            break
        low = pw.lower()
        if low in PHRASE_STOP or low in stop or (gap == " " and _bad_modifier(pw, words[j][2])):
            break
        if ps > start and (text[ps - 1].isalnum() or text[ps - 1] in "'’"):
            break  # "3D modeling": the word regex started inside a token
        if pw[0].isupper() and not pw.isupper() and not title_case and not _sentence_start(text, ps, start):
            break
        j -= 1
    return j


def task_candidates(
    text: str, start: int, end: int, words: Words | list[tuple[int, int, str]] | None = None, at: list[int] | None = None,
) -> list[Candidate]:
    """Noun phrases ending in a task head, up to three modifiers, no stop words.

    ``words`` and ``at`` come from :func:`phrase_ends` or, without ``at``, ``words`` lists every word.
    """
    out = []
    if words is None:
        words = _words(text, start, end)
    if at is None:
        at = list(range(len(words)))
    for i in at:
        _ws, we, w = words[i]
        low = w.lower()
        head = low.rsplit("-", 1)[-1] if "-" in low and low not in TASK_HEADS else low
        if head not in TASK_HEADS:
            continue
        j = _walk_left(text, words, i, start, stop=TASK_HEADS - {"image", "video"} | {"deep", "unified"},
                       title_case=w[0].isupper(), max_mods=3)
        a = words[j][0]
        if j == i:
            if low not in _SINGLE_TASKS:
                continue
        elif head in WEAK_TASK_HEADS and i - j < 1:
            continue
        conf = 0.5 if head in WEAK_TASK_HEADS else 0.6
        out.append(Candidate(a, we, "Task", conf, SOURCE))
    return out


def method_candidates(
    text: str, start: int, end: int, words: Words | list[tuple[int, int, str]] | None = None, at: list[int] | None = None,
) -> list[Candidate]:
    """Technique phrases: modifiers + a method head ("fully connected networks", "weight sharing").

    ``words`` and ``at`` come from :func:`phrase_ends` or, without ``at``, ``words`` lists every word.
    """
    out = []
    if words is None:
        words = _words(text, start, end)
    if at is None:
        at = list(range(len(words)))
    for i in at:
        ws, we, w = words[i]
        if w.isupper() and len(w) >= 2 and i and text[words[i - 1][1] : ws] == " ":
            # "weight-sharing NAS", "two-stream MLP": a compound modifier names a variant.
            pw = words[i - 1][2]
            if (
                "-" in pw and (w not in NOT_NAMES or w in GENERIC_METHODS) and pw.lower() not in METHOD_MOD_STOP
                and not _PART_PREFIX.match(pw.lower()) and not _EVALUATIVE.match(pw.lower())
            ):
                end_w = we + 1 if text[we : we + 1] == "s" else we
                out.append(Candidate(words[i - 1][0], end_w, "Method", 0.55, SOURCE))
            continue
        low = w.lower()
        head = low.rsplit("-", 1)[-1] if "-" in low else low
        if head not in METHOD_NP_HEADS and low not in METHOD_NP_HEADS:
            continue
        if we < end and text[we] == "-":
            continue  # "transformer-based": a modifier itself
        nxt = _NEXT_WORD.match(text, we, end)
        if nxt and (nxt.group(1).lower() in NOT_A_METHOD_AFTER or nxt.group(1).isupper()):
            continue  # "learning rate", "training data", "weight-sharing NAS": the head is a modifier
        title_case = w[0].isupper() or w.rsplit("-", 1)[-1][:1].isupper()
        j = _walk_left(text, words, i, start, stop=METHOD_MOD_STOP, title_case=title_case, max_mods=3)
        while j < i and _EVALUATIVE.match(words[j][2].lower()):
            j += 1  # "high-performance network": praise, not part of the name
        # A leading generic word does not start a name: "deep convolutional networks" keeps "deep".
        a = words[j][0]
        phrase = text[a:we].lower()
        if phrase in TASK_LEARNING:
            out.append(Candidate(a, we, "Task", 0.65, SOURCE))
            continue
        if phrase in GENERIC_PHRASES or " ".join(phrase.split()[:-1]) in GENERIC_PHRASES:
            continue
        before_head = words[i - 1][2] if j < i else ""
        if head in ("model", "models") and j < i and before_head.lower() not in MODEL_FAMILY and "-" not in before_head:
            continue
        if j == i and _PART_PREFIX.match(low):
            continue
        if i - j == 1 and before_head.lower() in _SIZE_ADJ:
            continue  # "wide networks", "large models": a size, not a technique
        if j == i and low not in STANDALONE_METHODS and "-" not in low:
            continue
        if j == i and "-" in low and head not in STANDALONE_METHODS and len(low) < 12:
            continue  # "pre-training", "fine-tuning": generic on their own
        out.append(Candidate(a, we, "Method", 0.5, SOURCE))
    return out


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few Unicode letters change length when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def _metric_phrases(low: str, start: int, end: int) -> list[tuple[int, int]]:
    """``_METRIC_PHRASE_RE.finditer(low, start, end)``, its first alternative tried only near "accura".

    That alternative (modifiers, then "accuracy") costs as much as all the
    others, at every word start, and a third of abstracts never say "accura".
    Taking, at each step, the leftmost match of either part (the accuracy
    part on a tie, as the alternation tries it first) gives finditer's matches;
    all are non-empty. Spans, not Match objects.
    """
    out: list[tuple[int, int]] = []
    pos = start
    acc = _next_accuracy(low, pos, end)
    other = _OTHER_METRIC.search(low, pos, end)
    while True:
        if acc is not None and (other is None or acc[0] <= other[0]):
            m = acc
        elif other is not None:
            m = other
        else:
            return out
        out.append(m)
        pos = m[1]
        if acc is not None and acc[0] < pos:
            acc = _next_accuracy(low, pos, end)
        if other is not None and other[0] < pos:
            other = _OTHER_METRIC.search(low, pos, end)


def _next_accuracy(low: str, pos: int, end: int) -> tuple[int, int] | None:
    """The first _ACCURACY_RE match in low[pos:end], searched for only just before each "accura".

    The modifiers hold no "accura", so a match ends at the first "accura" after its start and starts at
    most _ACCURACY_REACH before it; the window reaches one character past "accuracies" for the lookahead.
    """
    q = low.find("accura", pos, end)
    while q >= 0:
        m = _ACCURACY_RE.search(low, max(pos, q - _ACCURACY_REACH), min(end, q + 11))
        if m is not None:
            return m.span()
        q = low.find("accura", q + 1, end)
    return None


# Pre-checks: a _METRIC_PAIR match starts with one of these.
_PAIR_FIRST = ("accuracy-", "throughput-", "latency-", "memory-", "speed-", "perplexity-")


def metric_candidates(text: str, start: int, end: int, low: str | None = None) -> list[Candidate]:
    out = []
    for a, b in _METRIC.spans(text, start, end):
        tok = text[a:b]
        if tok in ("IS", "EM", "DINO", "TER", "ATE") and not _near_number(text, a, b):
            continue  # ordinary words or method names unless a value is attached
        if tok[:3].lower() == "top" and _METRIC_CONTINUES.match(text, b):
            continue  # "top-1 accuracy": the phrase below covers it
        out.append(Candidate(a, b, "Metric", 0.75, SOURCE))
    if low is None:
        low = _lower_same_length(text)
    for a, b in _metric_phrases(low, start, end):
        while a < b and text[a] == " ":
            a += 1
        if low.startswith("precision", a) and _PRECISION_SETTING.search(low, max(start, a - 20), a):
            continue
        out.append(Candidate(a, b, "Metric", 0.65, SOURCE))
    if any(low.find(w, start, end) >= 0 for w in _PAIR_FIRST):
        for m in _METRIC_PAIR.finditer(low, start, end):
            for g in (1, 2):
                out.append(Candidate(m.start(g), m.end(g), "Metric", 0.7, SOURCE))
    if low.find("parameters", start, end) >= 0:
        for m in _PARAMS.finditer(low, start, end):
            out.append(Candidate(m.start(1), m.end(1), "Metric", 0.6, SOURCE))
    return out


_ANY_DIGIT = re.compile(r"\d")


def _near_number(text: str, a: int, b: int) -> bool:
    return _ANY_DIGIT.search(text, max(0, a - 15), b + 15) is not None


def pattern_candidates(
    text: str, start: int, end: int, sents: list[tuple[int, int]], dataset_keys: frozenset[str] = frozenset(),
    *, low: str | None = None, checks: str | None = None,
) -> list[Candidate]:
    """All pattern candidates of text[start:end].

    ``low`` is ``text`` lower-cased and ``checks`` lower_for_prechecks(text), when the caller has them.
    """
    words, at = phrase_ends(text, start, end, low)
    return (
        name_candidates(text, start, end, sents, dataset_keys, checks)
        + generic_method_candidates(text, start, end)
        + dataset_phrase_candidates(text, start, end)
        + task_candidates(text, start, end, words, at)
        + method_candidates(text, start, end, words, at)
        + metric_candidates(text, start, end, low)
    )


def gazetteer_dataset_keys() -> frozenset[str]:
    """Keys of the single-token dataset names of the shipped gazetteer that are not also methods."""
    from papergraph.extract.gazetteer import load_entries

    entries = load_entries()
    methods = {dataset_key(e.text) for e in entries if e.label == "Method"}
    keys = set()
    for e in entries:
        if e.label != "Dataset" or e.case != "exact" or " " in e.text:
            continue
        k = dataset_key(e.text)
        # Short codes ("SSD", "CAD") collide with acronyms papers define for themselves.
        if len(k) >= 4 and k not in methods and (e.text.isupper() or is_name_like(e.text) or len(k) >= 6):
            keys.add(k)
    return frozenset(keys)


class PatternsComponent:
    def __init__(self, dataset_keys: frozenset[str]) -> None:
        self.dataset_keys = dataset_keys

    def __call__(self, doc: Doc) -> Doc:
        st = get_state(doc)
        checks = lower_for_prechecks(st.text)
        low = checks if checks is not None else _lower_same_length(st.text)
        for f in st.fields:
            st.candidates.extend(
                pattern_candidates(st.text, f.start, f.end, st.sents, self.dataset_keys, low=low, checks=checks)
            )
        return doc


@Language.factory("pg_patterns")
def make_patterns(nlp: Language, name: str) -> PatternsComponent:
    return PatternsComponent(gazetteer_dataset_keys())
