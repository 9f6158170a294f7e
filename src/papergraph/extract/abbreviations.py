"""Abbreviation definitions and their reuse (component ``pg_abbreviations``).

"graph neural networks (GNNs)" defines GNNs; every later "GNN"/"GNNs" in the
paper is the same entity. The long form is the shortest run of preceding
words whose initial letters can spell the short form in order (the
Schwartz & Hearst idea, written for papergraph). Both forms get one canonical
name, the singular short form, and the type of the long form: from a
dictionary or pattern candidate covering it, else from its head word.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.merge import Candidate
from papergraph.extract.state import Abbreviation, DocState, get_state
from papergraph.extract.vocab import (
    DATASET_HEADS,
    METHOD_HEADS,
    METRIC_HEADS,
    NOT_NAMES,
    TASK_HEADS,
)
from papergraph.types import Label

SOURCE = "abbreviations"

_PAREN = re.compile(r"\((?P<sf>[A-Za-z][\w\-+/.&]{0,11}?)(?:s)?\)")
_PAREN_ANY = re.compile(r"\(([^()]{1,14})\)")
_WORD = re.compile(r"[\w][\w\-']*")
_ROMAN = re.compile(r"[IVXivx]+")
# Nouns after "long form (SF)" that make the pair a quantity, not a thing: "out-of-memory (OOM) errors",
# "mutual information (MI) values".
_NO_ENTITY_AFTER = frozenset({"error", "errors", "value", "values"})
_HEAD_AFTER = re.compile(r"\)\s([a-z]+)\b")
# A short form glued to more name ("ViT-ResNAS", "NAS-Bench") is not a use of it;
# "-based", "-like" leave it a use.
_JOINED = re.compile(r"-(?!(?:based|like|style|free|aware|only|specific|driven)\b)\w|[/.]\w")


def _spells(short: str, long_words: list[str]) -> bool:
    """Can ``short``'s letters be found, in order, in ``long_words``, the first at a word start?"""
    # Digits stand for words ("m2mKD": module-to-module), so only letters must be spelled.
    letters = [c.lower() for c in short if c.isalpha()]
    if not letters or letters[0] != long_words[0][0].lower():
        return False
    text = " ".join(long_words).lower()
    i = 0
    for c in letters:
        i = text.find(c, i)
        if i < 0:
            return False
        i += 1
    return True


def find_abbreviations(text: str, start: int = 0, end: int | None = None) -> list[Abbreviation]:
    """Definitions "long form (SF)" in ``text[start:end]``; offsets into ``text``."""
    end = len(text) if end is None else end
    found: list[Abbreviation] = []
    for m in _PAREN_ANY.finditer(text, start, end):
        sf = m.group(1).strip()
        if not (2 <= len(sf) <= 12) or " " in sf or not any(c.isupper() for c in sf) or sf in NOT_NAMES and sf not in ("GNN", "GNNs", "CNN", "CNNs", "RNN", "RNNs", "LLM", "LLMs", "VLM", "VLMs", "MoE", "MoEs", "RL", "DNN", "DNNs"):
            continue
        if not sf[0].isalnum() or _ROMAN.fullmatch(sf):
            continue  # "(II)" numbers an item of a list
        sf_start = m.start(1) + m.group(1).index(sf)
        sf_end = sf_start + len(sf)
        core = sf[:-1] if sf.endswith("s") and len(sf) > 2 and sf[-2].isupper() else sf
        n_letters = sum(c.isalpha() for c in core)
        window = text[max(start, m.start() - 120) : m.start()].rstrip()
        words = list(_WORD.finditer(window))
        if not words:
            continue
        max_words = min(n_letters + 5, n_letters * 2)
        best = None
        # Shortest suffix of the preceding words that spells the short form.
        for k in range(1, min(len(words), max_words) + 1):
            cand = [w.group(0) for w in words[-k:]]
            if cand[0].lower() in ("the", "a", "an", "of", "and", "for", "to", "in", "with"):
                continue
            if _spells(core, cand):
                best = k
                break
        if best is None:
            continue
        base = max(start, m.start() - 120)
        ls = base + words[-best].start()
        le = base + words[-1].end()
        found.append(Abbreviation(sf, sf_start, sf_end, ls, le))
    return found


_VIA = re.compile(r"\b(?:with|via|using)\b")
_MODEL_WORD = re.compile(r"\b(?:neural|network|networks|model|learning)\b")


def _label_from_head(long_text: str) -> tuple[Label, float] | None:
    low = long_text.lower()
    if low.endswith(("learning rate", "learning rates")):
        # A hyperparameter; a named schedule of it ("Blockwise Learning Rate") is a technique.
        return ("Method", 0.65) if len(low.split()) > 2 else None
    if _VIA.search(low) and _MODEL_WORD.search(low):
        return "Method", 0.65  # "Neural Common Neighbor with Completion": a named model
    last = long_text.split()[-1].lower()
    last = last.rsplit("-", 1)[-1] if last not in TASK_HEADS else last
    if last in DATASET_HEADS:
        return "Dataset", 0.7
    if last in TASK_HEADS:
        return "Task", 0.65
    if last in METRIC_HEADS:
        return "Metric", 0.65
    if last in METHOD_HEADS or last.rstrip("s") in METHOD_HEADS:
        return "Method", 0.65
    return None


def _singular(sf: str) -> str:
    return sf[:-1] if sf.endswith("s") and len(sf) > 2 and sf[-2].isupper() else sf


def is_word_char(c: str) -> bool:
    """Is ``c`` a regex ``\\w`` character (letter, digit or underscore, in Unicode)?"""
    return c.isalnum() or c == "_"


def word_uses(text: str, short: str) -> list[tuple[int, int]]:
    """Spans of ``short`` (or its plural with "s") standing as a word of its own.

    The same spans as the regex ``(?<![\\w\\-])SHORT s?(?![\\w])`` finds, by str.find:
    compiling a regex per abbreviation misses re's cache on a large corpus.
    """
    out: list[tuple[int, int]] = []
    n, k = len(text), len(short)
    i = text.find(short)
    while i >= 0:
        j = i + k
        if i and (is_word_char(text[i - 1]) or text[i - 1] == "-"):
            i = text.find(short, i + 1)
            continue
        if j < n and text[j] == "s":
            j += 1  # the plural; the regex's "s?" is greedy, and with "s" dropped "s" itself is a word character
        if j < n and is_word_char(text[j]):
            i = text.find(short, i + 1)
            continue
        out.append((i, j))
        i = text.find(short, j)
    return out


def apply_abbreviations(text: str, st: DocState) -> list[Candidate]:
    """Candidates for each definition and every later use of its short form."""
    out: list[Candidate] = []
    for ab in st.abbreviations:
        long_text = text[ab.long_start : ab.long_end]
        head = _HEAD_AFTER.match(text, ab.short_end)
        if head and head.group(1).lower() in _NO_ENTITY_AFTER:
            continue  # "out-of-memory (OOM) errors", "mutual information (MI) values": no entity
        if head and head.group(1).lower() in TASK_HEADS:
            # "Click-through rate (CTR) prediction": the acronym names a modifier of the task.
            out.append(Candidate(ab.long_start, head.end(1), "Task", 0.7, SOURCE))
            continue
        label_conf = None
        # A candidate that covers the long form (or ends with it) decides the type.
        for c in st.candidates:
            if c.end == ab.long_end and c.start >= ab.long_start - 1 and c.label:
                label_conf = (c.label, max(c.confidence, 0.7))
                break
        if label_conf is None:
            label_conf = _label_from_head(long_text)
        if label_conf is None:
            # A coined short form the patterns typed ("UNFs") lends its type to the long form.
            short = next((c for c in st.candidates if c.start == ab.short_start and c.end == ab.short_end), None)
            if short is not None and short.label in ("Method", "Dataset"):
                label_conf = (short.label, 0.6)
        if head and head.group(1).lower() in DATASET_HEADS:
            # "Google Speech Commands v0.02 (GSC) benchmarks": the acronym names data.
            label_conf = ("Dataset", max(label_conf[1] if label_conf else 0.0, 0.7))
        if label_conf is None:
            continue
        label, conf = label_conf
        canonical = _singular(ab.short)
        out.append(Candidate(ab.long_start, ab.long_end, label, conf, SOURCE, canonical))  # type: ignore[arg-type]
        out.append(Candidate(ab.short_start, ab.short_end, label, conf, SOURCE, canonical))  # type: ignore[arg-type]
        for a, b in word_uses(text, canonical):
            if a == ab.short_start or _JOINED.match(text, b):
                continue  # the definition itself, or part of a longer name ("ViT-ResNAS")
            out.append(Candidate(a, b, label, conf - 0.05, SOURCE, canonical))  # type: ignore[arg-type]
    return out


@Language.component("pg_abbreviations")
def abbreviations_component(doc: Doc) -> Doc:
    st = get_state(doc)
    st.abbreviations = [a for f in st.fields for a in find_abbreviations(st.text, f.start, f.end)]
    st.candidates.extend(apply_abbreviations(st.text, st))
    return doc
