"""Pattern candidates for names in no list (component ``pg_patterns``).

* name-like tokens: CamelCase, inner digits or capitals ("FBNetV3", "ResMLP",
  "m2mKD", "GPT-4o"), typed by what surrounds them ("... dataset" -> Dataset);
* "X dataset / benchmark / corpus" -> Dataset X;
* task phrases ending in a task head ("gunshot detection", "machine translation");
* metric phrases and acronyms ("top-1 accuracy", "BLEU", "FLOPs").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.merge import Candidate
from papergraph.extract.state import get_state
from papergraph.extract.vocab import (
    GENERIC_METHODS,
    METRIC_ACRONYMS,
    METRIC_PHRASES,
    NOT_NAMES,
    PHRASE_STOP,
    TASK_HEADS,
    WEAK_TASK_HEADS,
)

SOURCE = "patterns"

# A name-like token: letters/digits with optional -, ., / joints ("ViT-B/16", "Qwen2.5-VL").
# Only tokens with something besides a leading capital and lower-case letters are
# tried: ordinary words are skipped at regex speed.
NAME = re.compile(r"(?<![\w\-])[A-Za-z][a-z]*[A-Z0-9\-./+_][\w]*(?:[-./+][A-Za-z0-9]+)*(?![\w])")
_DATASET_AFTER = re.compile(r"^\s*(?:-\s*)?(?:dataset|datasets|benchmark|benchmarks|corpus|corpora|test set|suite|leaderboard|challenge)\b", re.I)
_METRIC_RE = re.compile(rf"(?<![\w\-])(?:{METRIC_ACRONYMS})(?![\w\-])")
# Run on a lower-cased copy: case-sensitive matching is several times faster than re.I.
_METRIC_PHRASE_RE = re.compile(rf"(?<![\w\-])(?:{METRIC_PHRASES})(?![\w\-])")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
_CAP_NAME_BEFORE_DS = re.compile(
    r"(?P<name>(?:[A-Z][\w\-]*(?:\s+[A-Z0-9][\w\-]*){0,3}))\s+(?:dataset|benchmark|corpus|treebank)\b"
)
_EVAL_CUE = re.compile(r"\b(?:on|across)\s+(?:the\s+)?(?:challenging\s+|standard\s+|popular\s+|public\s+)?$", re.I)
_EVAL_VERBS = re.compile(r"\b(?:experiment|evaluat|result|benchmark|test|achiev|outperform|accuracy|state-of-the-art|SOTA|perform)", re.I)
_SINGLE_TASKS = frozenset({"summarization", "summarisation", "captioning", "paraphrasing"})


def is_name_like(tok: str) -> bool:
    """Does ``tok`` look like a coined name rather than a word?"""
    if tok in NOT_NAMES or len(tok) < 2:
        return False
    letters = sum(c.isalpha() for c in tok)
    if letters < 2:
        return False
    has_digit = any(c.isdigit() for c in tok)
    # Capitals right after a hyphen only ("Architecture-Recipe") are title case, not a name.
    inner_upper = any(c.isupper() and tok[i - 1] not in "-./" for i, c in enumerate(tok) if i)
    if not (has_digit or inner_upper):
        return False
    # "2D", "3D-aware", "10x": measurements, not names.
    return not re.fullmatch(r"\d+[A-Za-z]{1,2}|[A-Z]?\d+(?:\.\d+)?[kKMB]?", tok)


def name_candidates(text: str, start: int, end: int, sents: list[tuple[int, int]]) -> list[Candidate]:
    out: list[Candidate] = []
    for m in NAME.finditer(text, start, end):
        tok = m.group(0).rstrip(".")
        if tok.islower() or tok[1:].islower():
            continue  # ordinary words: the common case, checked first for speed
        a, b = m.start(), m.start() + len(tok)
        if not is_name_like(tok) or _METRIC_RE.fullmatch(tok):
            continue
        after = text[b : b + 20]
        before = text[max(start, a - 40) : a]
        if _DATASET_AFTER.match(after):
            out.append(Candidate(a, b, "Dataset", 0.7, SOURCE))
            continue
        if _EVAL_CUE.search(before):
            sent = next((s for s in sents if s[0] <= a < s[1]), (a, b))
            if _EVAL_VERBS.search(text[sent[0] : sent[1]]):
                out.append(Candidate(a, b, "Dataset", 0.5, SOURCE))
                continue
        conf = 0.4 if tok in GENERIC_METHODS or (tok.isupper() and len(tok) <= 4) else 0.55
        out.append(Candidate(a, b, "Method", conf, SOURCE))
    return out


_GENERIC_RE = re.compile(r"(?<![\w\-])(?:" + "|".join(sorted(GENERIC_METHODS, key=len, reverse=True)) + r")(?![\w])")


def generic_method_candidates(text: str, start: int, end: int) -> list[Candidate]:
    """Generic model-class acronyms ("CNN", "LLMs") that NOT_NAMES keeps out of names."""
    return [Candidate(m.start(), m.end(), "Method", 0.4, SOURCE) for m in _GENERIC_RE.finditer(text, start, end)]


def dataset_phrase_candidates(text: str, start: int, end: int) -> list[Candidate]:
    out = []
    for m in _CAP_NAME_BEFORE_DS.finditer(text, start, end):
        name = m.group("name")
        words = name.split()
        # Drop a sentence-initial function word: "The COCO dataset".
        while words and words[0].lower() in PHRASE_STOP:
            words = words[1:]
        if not words:
            continue
        a = m.start("name") + name.index(words[0])
        b = m.end("name")
        out.append(Candidate(a, b, "Dataset", 0.7, SOURCE))
    return out


def task_candidates(text: str, start: int, end: int) -> list[Candidate]:
    """Noun phrases ending in a task head, up to three modifiers, no stop words."""
    out = []
    words = [(m.start() + start, m.end() + start, m.group(0)) for m in _WORD.finditer(text[start:end])]
    for i, (_ws, we, w) in enumerate(words):
        low = w.lower()
        head = low.rsplit("-", 1)[-1] if "-" in low and low not in TASK_HEADS else low
        if head not in TASK_HEADS:
            continue
        j = i
        # Walk left over modifiers separated only by a single space or hyphen.
        while j > 0 and i - j < 3:
            ps, pe, pw = words[j - 1]
            gap = text[pe : words[j][0]]
            if gap not in (" ", "-") or pw.lower() in PHRASE_STOP or pw[0].isupper() and not pw.isupper():
                break
            if pw.lower() in TASK_HEADS and pw.lower() not in ("image", "video"):
                break
            j -= 1
        a = words[j][0]
        if j == i:
            if low not in _SINGLE_TASKS:
                continue
        elif head in WEAK_TASK_HEADS and i - j < 1:
            continue
        # "fine-grained image classification": keep; "-based classification": drop the stub.
        conf = 0.5 if head in WEAK_TASK_HEADS else 0.6
        out.append(Candidate(a, we, "Task", conf, SOURCE))
    return out


def metric_candidates(text: str, start: int, end: int) -> list[Candidate]:
    out = []
    for m in _METRIC_RE.finditer(text, start, end):
        tok = m.group(0)
        if tok in ("IS", "EM", "DINO", "TER", "ATE") and not _near_number(text, m.start(), m.end()):
            continue  # ordinary words or method names unless a value is attached
        out.append(Candidate(m.start(), m.end(), "Metric", 0.75, SOURCE))
    low = text.lower()
    if len(low) != len(text):  # a few Unicode letters change length when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for m in _METRIC_PHRASE_RE.finditer(low, start, end):
        a = m.start()
        while a < m.end() and text[a] == " ":
            a += 1
        out.append(Candidate(a, m.end(), "Metric", 0.65, SOURCE))
    return out


def _near_number(text: str, a: int, b: int) -> bool:
    return bool(re.search(r"\d", text[max(0, a - 15) : b + 15]))


def pattern_candidates(text: str, start: int, end: int, sents: list[tuple[int, int]]) -> list[Candidate]:
    return (
        name_candidates(text, start, end, sents)
        + generic_method_candidates(text, start, end)
        + dataset_phrase_candidates(text, start, end)
        + task_candidates(text, start, end)
        + metric_candidates(text, start, end)
    )


@Language.component("pg_patterns")
def patterns_component(doc: Doc) -> Doc:
    st = get_state(doc)
    for f in st.fields:
        st.candidates.extend(pattern_candidates(st.text, f.start, f.end, st.sents))
    return doc
