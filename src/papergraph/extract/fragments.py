"""Spans that are pieces of a sentence rather than names (run after the merge).

A name never holds a finite verb in its middle ("tutorial surveys neural
network", "evolution adapts algorithm", "lets us categorize network"), a
pronoun, or an em dash ("blocks---or similarly restrictive search"), and does
not end on a dangling capital ("nodes and edges O"). Such spans are dropped.
A span that starts on a word that only leads into a phrase ("Unlike
cloud-based deep learning", "like data regression", "same reconstruction",
"10 times labeling") loses that word. Dictionary (gazetteer) spans are
names already and are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from papergraph.extract.merge import Candidate
from papergraph.extract.vocab import (
    GENERIC_METHODS,
    GENERIC_NOT_METHODS,
    METRIC_ACRONYMS,
    NOT_NAMES,
    VERBS,
)
from papergraph.extract.vocab import word_set as _words

_KEEP_SOURCES = frozenset({"gazetteer"})
# Third-person verbs of VERBS ("improves", "unifies") and a few more seen in fragments.
_FINITE = frozenset(
    w for w in VERBS if w.endswith("s") and (w[:-1] in VERBS or w[:-2] in VERBS or w[:-3] + "y" in VERBS)
) | _words("""lets eases uncovers adapts surveys calculate calculates categorize categorizes is are was were has have
    can could may might will would should involves contains relies depends consists""")
_PRONOUNS = _words("we us our it it's its they them their you i")
_LEADING = _words("""unlike like same such other various several little down each both either more less also
    only just even very times per via whereas while although if eg e.g. e.g., i.e. i.e., ie between before after
    among with without within through from into onto of for on at by to countless numerous many most some certain
    particular designed mainstream introduced proposed presented developed used employed adopted applied called
    termed named dubbed leveraged utilized""")
# Quantifiers that lead into a phrase when written in lower case ("a single training run"); capitalised they
# may open a name ("Single Shot MultiBox Detector").
_LEADING_LOWER = _words("single multiple different additional alternative detailed")
# Capitalised verbs that open a paper title ("Scaling Supervised Local Learning with ...", "Rethinking ..."):
# the name is what follows.
_TITLE_OPENERS = _words("""scaling rethinking revisiting understanding exploring improving enhancing unleashing
    unlocking accelerating bridging democratizing taming benchmarking evaluating""")
_NOT_VERBS = _words("""via per toward towards through across among within upon versus vs performance three two four
    five six first second new design designs study studies rule rules limit limits match matches need needs
    advance advances drive drives transform transforms support""")
# A verb that opens a span ("describe expressive search", "constrain embedding", "transfers transformer").
_OPENING_VERBS = (VERBS - _NOT_VERBS) | _words("""describe describes constrain constrains transfer transfers speed
    speeds allows let lets ensure ensures reveal reveals construct constructs call calls chose choose incur incurs
    bypass bypasses attract attracts attracted help helps involves involve contains relies depends consists
    generate generates reestablish reestablishes establish establishes""")
_CONJUNCTIONS = _words("but and or nor yet so then thus hence")
# A question word opens a clause ("how attention has been used"), never a name.
_WH = _words("how what why when where which whether who whose whom")
# A role noun before a coined name ("our predictor FLAN", "the framework GraphGPS"): the name is the last word.
_ROLE_NOUNS = _words("""predictor model method framework approach architecture algorithm system network module
    benchmark dataset tool toolkit library agent pipeline technique optimizer planner policy encoder decoder
    backbone variant baseline family suite""")
# Prepositions that join two phrases of a clause, never two halves of a name.
_CLAUSE_PREPOSITIONS = _words("between among into onto than without versus whereas")
_ROMAN = re.compile(r"^(?:[IVX]{2,4})$")
_WORD_NUMBER = re.compile(r"^[a-z]+-\d+$")  # "depth-2" alone: a setting ("top-1 accuracy" stays)
_GLUED = re.compile(r"^(?:to|of|in|on|at|by|for|approx|about|around|over|under|nearly|only)\d")  # "to1.5B": a word glued to a number
_DASHES = ("---", "—", "--")
# One hyphenated modifier is no name: "ReLU-activated", "attention-based", "low-FLOP", "high-resolution".
_MODIFIER_ENDS = (r"activated|based|driven|guided|aware|inspired|augmented|enhanced|equipped|free|like|style|level|"
                  r"scale|wise|specific|agnostic|oriented|centric|accelerated|optimi[sz]ed|enabled|powered|"
                  r"compatible|friendly")
_MODIFIER = re.compile(rf"^[\w.]+-(?:{_MODIFIER_ENDS})$|^(?:low|high)-[\w-]+$", re.I)
# A guessed name that only qualifies what follows ("NAICS-aware GraphSAGE") is not used as a method;
# "CNN-based", "MCTS-guided" still use the method.
_QUALIFIER_ENDS = r"aware|specific|agnostic|oriented|centric|level|scale|wise"
_MODIFIER_AFTER = re.compile(rf"-(?:{_QUALIFIER_ENDS})\b", re.I)
_QUALIFIED = re.compile(rf"-(?:{_QUALIFIER_ENDS})\s+", re.I)
# A citation key ("yao2023spike") is a reference, not a name.
_CITATION_KEY = re.compile(r"[a-z]+(?:19|20)\d\d[a-z]+")
# A verb in the third person opens a clause: "generalizes standard molecular feature extraction".
# A repository path ("MindSpore/models") or a subscript from LaTeX ("CO_2") is no name.
_PATH_OR_FORMULA = re.compile(r"^[\w.-]+/(?:models?|src|code|tree|blob|main|master|repo)$|_\d|[a-z]_[a-z]")
_THIRD_PERSON = re.compile(r"^[a-z]{4,}(?:izes|ises|ifies|ates)$")
_ABSENT_AFTER = re.compile(r"-(?:free|less)\b", re.I)


# A guessed span that ends on a lower-case word right before "space(s)" or "landscape" stopped inside a longer
# phrase: "NAS search spaces", "the ANN training landscape", "expressive search space design".
_PHRASE_GOES_ON = re.compile(r" (?:space|spaces|landscape|landscapes)\b")


def _ends_inside_phrase(text: str, c: Candidate) -> bool:
    if c.source != "patterns" or c.confidence > 0.55 or not _PHRASE_GOES_ON.match(text, c.end):
        return False
    last = text[c.start : c.end].rsplit(None, 1)[-1]
    return last.isalpha() and last.islower()


def fragment(text: str, c: Candidate) -> Candidate | None:
    """``c`` as a name (maybe without a leading word), or None when it is a piece of a sentence."""
    if c.source in _KEEP_SOURCES:
        return c
    if _ABSENT_AFTER.match(text, c.end):
        return None  # "backpropagation-free": the thing is absent
    if c.source == "patterns" and _MODIFIER_AFTER.match(text, c.end):
        return None
    if _ends_inside_phrase(text, c):
        return None
    if _CITATION_KEY.fullmatch(text, c.start, c.end):
        return None
    if c.start > 1 and text[c.start - 1] == "-" and text[c.start - 2].isalpha() and " " in text[c.start : c.end]:
        return None  # starts inside a compound: "scale video-text training" of "large-scale ..."
    cut = _verdict(text[c.start : c.end], c.label)
    if cut is None:
        return None
    if cut == 0:
        return c
    return Candidate(c.start + cut, c.end, c.label, c.confidence, c.source, None, c.proposed)


@lru_cache(maxsize=1 << 16)
def _verdict(span: str, label: str) -> int | None:
    """None: not a name; 0: keep; n > 0: keep from character n (a leading word trimmed)."""
    if (" " not in span and "-" not in span and "/" not in span and "_" not in span and not span.isupper()
            and not _GLUED.match(span)):
        return 0  # one plain word: nothing below applies
    if _MODIFIER.match(span) or _PATH_OR_FORMULA.search(span):
        return None
    if any(d in span for d in _DASHES):
        return None
    words = span.split()
    if not words:
        return 0
    lows = [w.lower() for w in words]
    if len(words) == 1:
        if _ROMAN.match(span) or (_WORD_NUMBER.match(span) and label != "Metric" and not _METRIC_SHAPE.fullmatch(span)):
            return None
        return None if _GLUED.match(span) else 0
    first = words[0]
    if _GLUED.match(first) or lows[0] in _WH:
        return None
    last = words[-1]
    if (all(w.islower() and w in _ROLE_NOUNS for w in words[:-1])
            and (any(ch.isupper() or ch.isdigit() for ch in last[1:]) and last[0].isupper())):
        return span.rindex(last)  # "predictor FLAN": the coined name alone
    if first.islower() and (first in _OPENING_VERBS or first in _CONJUNCTIONS or _THIRD_PERSON.match(first)):
        return None
    if span.islower() and any(w in _CLAUSE_PREPOSITIONS for w in words[1:-1]):
        return None
    if first.islower() and first.endswith("ly") and (lows[1] in _OPENING_VERBS or lows[1] in _FINITE):
        return None  # "rapidly speed up training": an adverb and a verb open a clause ("fully connected" stays)
    if len(last) == 1 and last.isupper():
        return None  # "nodes and edges O"
    for w, low in zip(words[:-1], lows[:-1], strict=True):
        if w.islower() and (low in _FINITE or low in _PRONOUNS):
            return None  # a verb or pronoun inside: a clause, not a name
    if any(low in _PRONOUNS for low in lows):
        return None
    cut = 1 if first[0].isupper() and lows[0] in _TITLE_OPENERS else 0
    while cut < len(words) - 1 and (lows[cut] in _LEADING or (words[cut] in _LEADING_LOWER)):
        cut += 1
    if cut == 0:
        return 0
    if lows[cut] in _LEADING:
        return None
    at = 0
    for w in words[:cut]:
        at = span.index(w, at) + len(w)
    return span.index(words[cut], at)


# Hardware, platforms, number formats ("fp32", "int8") and bare units ("mJ/inference") are none of the
# four entity types.
_HARDWARE = re.compile(r"(?:non-)?(?:(?:fp|bf|u?int)(?:4|8|16|32|64)|[mkuµnMGT]?(?:eV|J|Wh?|s|Hz|FLOPs?)(?:/[A-Za-z]+)+|[GTCNI]PUs?|CUDA|FPGAs?|ASICs?|(?:NVIDIA\s+)?(?:A100|H100|V100|T4|RTX\s*\d{4})s?|"
                       r"Raspberry\s+Pi|Jetson(?:\s+\w+)?|(?:AMD|Xilinx|NVIDIA|Intel|Qualcomm|ARM)(?:\s*/\s*"
                       r"(?:AMD|Xilinx|NVIDIA|Intel|Qualcomm|ARM))?)(?:[- ]hours?)?", re.I)
_METRIC_SHAPE = re.compile(rf"(?:{METRIC_ACRONYMS})")


# "pre-trained on JFT-300M", "evaluated on LoCoMo": what a model is trained or evaluated on is data.
_DATA_BEFORE = re.compile(r"\b(?:pre-?trained|trained|evaluated|fine-?tuned|tested|benchmarked|experiments|results|"
                          r"accuracy|performance)\s+on\s+(?:the\s+)?$|"
                          r"\b(?:datasets|benchmarks|corpora)\s*\((?:[^()]{0,60},\s*)?$|"  # "datasets (ImageNet, JFT)"
                          r"\b(?:subset|split|portion)\s+of\s+(?:the\s+)?$|"  # "a subset of ReLAION-2B"
                          r"\b(?:refined|collected|sampled|curated|drawn|scraped)\s+from\s+(?:the\s+)?$|"
                          r"\b(?:datasets|benchmarks|corpora),?\s+(?:such\s+as|including|like|e\.g\.,?)\s+"
                          r"(?:[^.;()]{0,60}?(?:,|\band)\s+)?$", re.I)  # "datasets, including M3, M4 and TOURISM"
# "NAS-Bench-201", "ONNX-Bench", "IIIT-5K" (thousands of examples): a benchmark is data.
_BENCHMARK = re.compile(r"[\w-]*[a-zA-Z]-?[Bb]ench(?:mark)?(?:-?\d+)?|[A-Z][A-Za-z]*-\d+[Kk]")
# Words that are none of the four types when tagged a method ("PDE", "MRI", "NeurIPS", "LaTeX").
_NOT_METHODS = NOT_NAMES - GENERIC_METHODS - GENERIC_NOT_METHODS - _words("MoE MoEs CoT")
# A name before a hardware noun is a product ("an XCZU7EV device", "the MetaX GPU cluster").
_HARDWARE_AFTER = re.compile(
    r"(?:\s*\([^()]{1,12}\))?\)?(?:\s+[A-Z]+\d[\w-]*)?\s+(?:[GTCN]PU|device|chip|board|FPGA|SoC|processor|microcontroller|hardware)s?\b")
# Inside complexity notation ("O(LL)", "O(LlogL)") letters are variables.
_BIG_O = re.compile(r"(?:\b[O\u03a9\u0398]|Omega|Theta)\($")
_MODEL_AFTER = re.compile(r"\s*(?:model|models|architecture|backbone|network|encoder|checkpoint)s?\b", re.I)


@lru_cache(maxsize=1)
def _dataset_names() -> frozenset[str]:
    """Names the dictionary knows only as datasets, as written ("ZINC", "LSUN")."""
    from papergraph.extract.gazetteer import load_entries

    entries = load_entries()
    others = {e.text for e in entries if e.label != "Dataset"}
    return frozenset(e.text for e in entries if e.label == "Dataset" and e.case == "exact" and e.text not in others)


def retype(text: str, c: Candidate) -> Candidate | None:
    """Hardware is dropped; a metric's name tagged as another type ("NoC", "MFLOPs") becomes a Metric;
    a name a model is trained or evaluated on ("pre-trained on JFT-300M") becomes a Dataset."""
    span = text[c.start : c.end]
    if _HARDWARE.fullmatch(span) or (c.label == "Method" and span in _NOT_METHODS):
        return None
    if c.source != "gazetteer" and (_BIG_O.search(text, max(0, c.start - 6), c.start)
                                    or (c.label == "Method" and _HARDWARE_AFTER.match(text, c.end))):
        return None
    if c.label != "Metric" and _METRIC_SHAPE.fullmatch(span):
        return Candidate(c.start, c.end, "Metric", c.confidence, c.source, None, False)
    if c.label == "Method" and (_BENCHMARK.fullmatch(span) or (c.source != "gazetteer" and span in _dataset_names())):
        return Candidate(c.start, c.end, "Dataset", c.confidence, c.source, None, c.proposed)
    if (c.label == "Method" and c.source != "gazetteer" and not span.islower()
            and _DATA_BEFORE.search(text, max(0, c.start - 80), c.start) and not _MODEL_AFTER.match(text, c.end)):
        return Candidate(c.start, c.end, "Dataset", c.confidence, c.source, None, c.proposed)
    return c


# Between two items of one list: "A, B", "A and B", "A (AB), B", "A, and B".
_LIST_GAP = re.compile(r"\)?\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")
# A list item ends the list or leads to the next item: "ResNet56 on CIFAR10, VGG19 on CIFAR100" and
# "On EnWik8, TCNCA outperforms MEGA" are no lists of datasets.
_ITEM_END = re.compile(r"\s*(?:[,;.)]|(?:and|or)\b|$)")
_WEAK = 0.6  # a name the patterns guessed a Method by its shape alone


def _listed_with_data(text: str, out: list[Candidate], i: int) -> bool:
    c = out[i]
    if c.label != "Method" or c.source != "patterns" or c.proposed or c.confidence > _WEAK:
        return False
    if text[c.start : c.end].islower() or not _ITEM_END.match(text, c.end):
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(out) and out[j].label == "Dataset":
            a, b = (out[j], c) if j < i else (c, out[j])
            if _LIST_GAP.fullmatch(text, a.end, b.start):
                return True
    return False


def _join_qualified(text: str, entities: list[Candidate]) -> list[Candidate]:
    """"NAICS-aware GraphSAGE": a guessed name qualifying the next name is part of that name."""
    out: list[Candidate] = []
    for c in entities:
        prev = out[-1] if out else None
        if (prev is not None and prev.source == "patterns" and c.label == "Method"
                and _QUALIFIED.fullmatch(text, prev.end, c.start)):
            out[-1] = Candidate(prev.start, c.end, c.label, max(prev.confidence, c.confidence), c.source, None,
                                prev.proposed or c.proposed)
        else:
            out.append(c)
    return out


# "ResNet/DeiT", "ViT/MLP-Mixer", "MATLAB/Octave": two names written as a pair. "DeiT-Ti/S/B", "ViT-H/14" and
# "CIFAR10/100" are one name with its sizes or splits.
_PAIR_PART = re.compile(r"[A-Z][\w+.-]*[A-Za-z][\w+.-]*")


def _split_pairs(text: str, entities: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in entities:
        span = text[c.start : c.end]
        parts = span.split("/")
        if c.source == "gazetteer" or len(parts) < 2 or " " in span or not all(_PAIR_PART.fullmatch(p) for p in parts):
            out.append(c)
            continue
        at = c.start
        for part in parts:
            out.append(Candidate(at, at + len(part), c.label, c.confidence, c.source, None, c.proposed))
            at += len(part) + 1
    return out


def drop_fragments(text: str, entities: list[Candidate]) -> list[Candidate]:
    entities = _split_pairs(text, _join_qualified(text, entities))
    out = []
    for c in entities:
        kept = fragment(text, c)
        if kept is not None:
            kept = retype(text, kept)
        if kept is not None:
            out.append(kept)
    # A weak Method listed beside a Dataset is one more dataset ("ImageNet-21K and ReLAION-2B",
    # "NASBench-101 (NB101), NB201, NB301"); both directions, so a list takes the type along.
    for order in (range(len(out)), range(len(out) - 1, -1, -1)):
        for i in order:
            if _listed_with_data(text, out, i):
                c = out[i]
                out[i] = Candidate(c.start, c.end, "Dataset", c.confidence, c.source, c.canonical, c.proposed)
    return out
