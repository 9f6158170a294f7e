"""Numeric claims (component ``pg_results``): every number of a title or abstract.

Each number becomes one claim ("76.5% to 80.9%" and "by 5.1% and 5.4%" give two),
typed by :mod:`papergraph.extract.claims` (score, change, other-system or
not-a-result, with a flag and a reason) and bound to the metric, dataset,
method and baseline it belongs to:

* the metric written with the number ("39.0 mAP", "an F1 of 91.2", a metric
  after a list), never one written with another number unless the two are
  compared ("from 76.1% to 79.3% top-1 accuracy");
* the dataset by "respectively" alignment, "on X" after the number, the
  clause before it, the sentence, then (a guess) the previous sentence or the
  title; never a dataset the model was pre-trained on;
* the method the paper proposes or the sentence's subject; a baseline's score
  goes to that baseline.

A claim's confidence is that of its weakest binding; a binding below
:data:`UNSURE` is named in the reason ("unsure: dataset"), and such a claim
is kept but never ranked on a leaderboard.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.claims import STATISTIC_BEFORE, change_cue, list_head, not_a_result
from papergraph.extract.claims import flag as claim_flag
from papergraph.extract.generic import generic_method, is_generic
from papergraph.extract.merge import Candidate
from papergraph.extract.state import DocState, ResultCandidate, get_state
from papergraph.extract.vocab import METRIC_ACRONYMS, NOT_NAMES, NUMBER, word_set
from papergraph.types import Relation

# Nouns that make a number a count of things in the setup, not a claim.
_SETUP_NOUN = re.compile(
    r"^\s*(?:[-\w]+\s){0,2}?(?:images?|samples?|examples?|recordings?|videos?|clips?|hours?|tokens?|questions?|"
    r"pairs?|sentences?|documents?|annotations?|instances?|subjects?|participants?|languages?|"
    r"classes|categories|tasks?|datasets?|benchmarks?|layers?|heads?|GPUs?|TPUs?|nodes?|steps?|epochs?|"
    r"experts?|domains?|users?|patients?|scenes?|objects?|frames?|papers?|articles?|words?|"
    r"demonstrations?|trajectories|episodes?|prompts?|queries|problems?|models?|agents?|"
    r"million|billion|thousand|people|points? clouds?|views?|shots?|seeds?|runs?|rounds?|"
    r"bits?|bit|dimensions?|channels?|blocks?|stages?|modalities|days?|years?|months?|minutes?|seconds?|"
    r"countries|cities|hospitals|sites|labels|decimal places?|times? (?:more|larger|bigger) data)\b",
    re.I,
)
_SETUP_PERCENT = re.compile(r"^\s*(?:of\s+(?:the\s+)?(?:training\s+|labeled\s+|labelled\s+|available\s+)?(?:data|samples|labels|examples|dataset|images|annotations|training set)|(?:labeled|labelled)\b|(?:of\s+the\s+)?(?:training\s+)?data\b)", re.I)
_DIGIT = re.compile(r"\d")
_RESOLUTION = re.compile(r"\d+(?:\.\d+)?\s?(?:[×x]|\\times)\s?\d")
_IMPROVE = re.compile(r"(?:improv|gain|boost|increas|outperform\w*\s+(?:\S+\s+){0,6}?by|surpass\w*\s+(?:\S+\s+){0,6}?by|higher|better|\+\s?$|up by|raises?|lifts?|absolute)", re.I)
_REDUCE = re.compile(r"(?:reduc|decreas|lower|cut|sav|fewer|less|shrink|compress|drop|smaller)", re.I)
_SPEED = re.compile(r"(?:faster|speed-?up|accelerat|throughput)", re.I)
_BASELINE_CUE = re.compile(r"\b(?:over|than|compared (?:to|with)|vs\.?|versus|against|relative to|outperform\w*|surpass\w*|beat\w*)\s+$", re.I)

# "76.5 to 80.9%": the first number of a range takes the unit of the second.
_RANGE_TAIL = re.compile(r"\s*(?:to|-|–|and|or|/|vs\.?)\s*[+\-]?\d[\d.,]*\s?(%|×|x\b|pp\b|points?\b)")
# Measures bounded by 100 when given in percent (accuracy, F1, success rate ...).
_BOUNDED = re.compile(r"accura|top-?[15]|precision|recall|f1|f-|success|win rate|pass|exact match|iou|map|auc|score", re.I)
_UNBOUNDED = re.compile(r"perplex|error|loss|fid|fvd|latency|throughput|flop|mac|param|time|speed|cost|bleu|rouge", re.I)

UNIT_MAP = {"mj": "mJ", "j": "J", "µj": "µJ", "gpu hours": "GPU hours", "gpu-hours": "GPU hours",
            "gpu days": "GPU days", "gpu-days": "GPU days","%": "%", "×": "x", "x": "x", "fold": "x", "times": "x", "ms": "ms", "db": "dB", "fps": "FPS", "pp": "pp", "points": "pp", "point": "pp", "percentage points": "pp"}


_PARAM_AFTER = re.compile(r"^\s*(?:trainable |learnable )?param", re.I)
_CLOSE_BRACKET = re.compile(r"^\s*[\]]")
_TIMES_BEFORE = re.compile(r"\d\s?[×x]\s?$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SMALL_CLAIM = re.compile(r"\b(?:only|just|fewer|less|reduc|compact|small|lightweight|tiny)", re.I)
_MAGNITUDE_AFTER = re.compile(r"^\s?[MBK]\b")


def _unit(raw: str | None, after: str) -> str | None:
    if not raw:
        return None
    u = raw.strip().lstrip("-").strip().lower()
    if not u:
        return None  # the unit group matched only a space
    if u in ("m", "b", "k"):
        return f"{u.upper()} params" if _PARAM_AFTER.match(after) else None
    return UNIT_MAP.get(u, u)


_SCALE_FACTOR = re.compile(r"^\W{0,3}(?:SR\b|super-?resolution|upscal|upsampl|downsampl|magnif|zoom)", re.I)


_SIZES_RANGE = re.compile(r"\bsizes?\s+(?:that\s+)?(?:range|ranging|vary|varying)\s+from\s+(?:[\d.,]+\s*\S*\s+to\s+)?$",
                          re.I)


def _is_setup(text: str, m: re.Match[str], unit: str | None, sent: tuple[int, int]) -> bool:
    num = m.group("num")
    after = text[m.end() : m.end() + 40]
    before = text[max(sent[0], m.start() - 3) : m.start()]
    if _SETTING_BEFORE.search(text[max(sent[0], m.start() - 30) : m.start()]):
        return True  # a training setting, not a result
    if before.endswith("[") or before.endswith("@") or _CLOSE_BRACKET.match(after):
        return True  # citation "[12]" or recall@k
    if _RESOLUTION.match(text, m.start()) or _TIMES_BEFORE.search(before):
        return True
    if unit is None and _YEAR.fullmatch(num):
        return True  # a year
    if unit == "x" and _SCALE_FACTOR.match(after):
        return True  # "4x super-resolution", "2x SR", "40x magnification": a setting
    if unit in (None, "x") and _SETUP_NOUN.match(after):
        return True
    if unit == "%" and _SETUP_PERCENT.match(after):
        return True
    if unit in ("M params", "B params", "K params"):
        claim = text[sent[0] : sent[1]]
        return not _SMALL_CLAIM.search(claim)
    return bool(unit is None and _MAGNITUDE_AFTER.match(after))


def _plausible(value: float, unit: str | None, metric: str | None) -> bool:
    """Accuracy-like scores cannot exceed 100 (in % or bare); anything else passes."""
    if metric is None or _UNBOUNDED.search(metric) or not _BOUNDED.search(metric):
        return unit != "%" or abs(value) <= 1000
    return abs(value) <= 100


# Hedges between a change word and its number: "by up to 5%", "a gain of about 2%".
_HEDGE = r"(?:up to|about|over|nearly|approximately|roughly|an average of)\s+"
_APPROX = rf"(?:{_HEDGE}|a\s+)?"
_REDUCE_JUST_BEFORE = re.compile(r"\b(?:reduc\w*|decreas\w*|cut(?:s|ting)?|sav(?:es|ing|ed|ings?)|lower(?:s|ing|ed)|"
                                 r"drops?|dropped|dropping)\s+(?:(?:of|by)\s+)?" + _APPROX + "$", re.I)
_IMPROVE_JUST_BEFORE = re.compile(r"\b(?:(?:improv\w*|gain(?:s|ed|ing)?|boost\w*|increas\w*)\s+(?:(?:of|by)\s+)?|"
                                  r"(?:large\s+|wide\s+|significant\s+|clear\s+|substantial\s+)?margins?\s+of\s+)"
                                  + _APPROX + "$", re.I)
# The word after the number, or after the rest of a list of numbers: "5%, 16% and 32% higher accuracy".
_LIST_REST = r"^(?:\s*(?:,\s*and|,|and|or)\s*[+\-]?\d[\d.,]*\s*%?)*\s*(?:%\s*)?"
_REDUCE_AFTER = re.compile(_LIST_REST + r"(?:lower|less|fewer|reduction|decrease|smaller|savings?)", re.I)
_IMPROVE_AFTER = re.compile(_LIST_REST + r"(?:higher|more|improvement|gain|increase|better|relative improvement|"
                            r"absolute improvement)", re.I)


_FASTER_AFTER = re.compile(r"\s*(?:[\w\-]+\s+)?(?:faster|speed-?ups?|accelerat|throughput)", re.I)
_BY_BEFORE = re.compile(rf"\bby\s+(?:{_HEDGE})?$", re.I)
_AND_BEFORE = re.compile(r"\b(?:and|,)\s*$")


def _relation(text: str, m: re.Match[str], unit: str | None, sent: tuple[int, int]) -> Relation:
    clause_start = max(sent[0], m.start() - 70)
    before = text[clause_start : m.start()]
    after = text[m.end() : m.end() + 30]
    sign = m.group("sign")
    if unit == "x":
        if _REDUCE.search(after[:20]) or _REDUCE.search(before[-40:]):
            return "reduction"
        return "speedup"
    if _FASTER_AFTER.match(after):
        return "speedup"  # "40% faster", not "78.3% for Faster R-CNN"
    if sign == "+" or unit == "pp":
        return "improvement"
    tail = before[-45:]
    if _BY_BEFORE.search(before) or _AND_BEFORE.search(tail):
        if _REDUCE.search(tail):
            return "reduction"
        if _IMPROVE.search(tail) or _SPEED.search(tail):
            return "speedup" if _SPEED.search(tail) and not _IMPROVE.search(tail) else "improvement"
    # The change named right before the number: "reducing 31.4%", "improvements of 2.37%".
    if _REDUCE_JUST_BEFORE.search(tail):
        return "reduction"
    if _IMPROVE_JUST_BEFORE.search(tail):
        return "improvement"
    if _REDUCE_AFTER.match(after):
        return "reduction"
    if _IMPROVE_AFTER.match(after):
        return "improvement"
    return "absolute"


# "from 27.4% to 39.1%": the first number is the score before the change.
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:an?|the)\s+)?$", re.I)
_TO_AFTER = re.compile(r"\s?%?\s*(?:\([^()]{0,40}\)\s*)?(?:[\w\-]+\s+){0,6}?(?:to|down to|up to|→|->)\s*[+\-]?\.?\d",
                       re.I)
# "ranging from 84.76% to 94.98%", "between 0.6 and 0.8": a range of scores, not a change.
_RANGE_FROM = re.compile(r"\b(?:rang\w*|varies|vary|varying|spanning|spans?)\s+from\s+$", re.I)
# "compared to 68.0% for X", "vs. 78.3% for Y": a number right after the comparison word is the other side's.
_VERSUS_BEFORE = re.compile(r"\b(?:compared (?:to|with)|in comparison (?:to|with)|vs\.?|versus|against|relative to|"
                            r"as opposed to)\s+(?:(?:the|a|an)\s+)?(?:[\w\-]+(?:'s)?\s+){0,2}?$", re.I)
_OWNER_AFTER = re.compile(r"\s*(?:[\w\-]+\s+){0,2}?(?:for|of|by|from|with|achieved by|obtained by)\s+(?:the\s+)?$", re.I)
# "surpassing the previous best of 45.2", "the prior state of the art (45.2)".
_PREVIOUS_BEST = re.compile(r"\b(?:previous|prior|former|earlier|existing)\s+(?:best|state[- ]of[- ]the[- ]art|SOTA|record|"
                            r"best (?:result|score|method|model))(?:\s+(?:result|score|performance|accuracy))?"
                            r"(?:\s+(?:of|at)\s+|\s*\(\s*|\s*:\s*|\s+)$", re.I)
_BASELINE_WORD = re.compile(r"\bbaselines?(?:['’]s)?(?:\s+(?:of|at)\s+|\s*\(\s*|\s+)$|"
                            r"\bbaselines?\s+(?:that|which)\s+(?:only\s+)?(?:achiev|reach|obtain|scor|get|attain)\w*\s+"
                            r"(?:only\s+|just\s+)?$", re.I)
# "compared to 0.171 for GPT-only and 0.210 for unconditional RAG": the rest of the other side.
_FOR_OWNER_AFTER = re.compile(r"\s?%?\s*(?:for|of|by|from)\s+(?:the\s+)?")
# Training and optimisation settings: "batch size of 256", "learning rate of 3e-4", "for 300 epochs".
_SETTING_BEFORE = re.compile(r"\b(?:batch size|learning rate|lr|weight decay|dropout|warm-?up|momentum|temperature|"
                             r"resolution|context length|sequence length|image size|seed)s?\s*(?:of|=|:|to)?\s*$", re.I)


# A bare score may sit far from its metric when it is the other side of a comparison.
_COMPARED_BARE = re.compile(_PREVIOUS_BEST.pattern + "|" + _VERSUS_BEFORE.pattern, re.I)


_OWNER_FROM = re.compile(r"\s*(?:'s\s*)?(?:[\w\-]+\s+){0,3}?from\s+")
_OPEN_PAREN_BEFORE = re.compile(r"\(\s*$")
_OPEN_PAREN_GAP = re.compile(r"\s*\(\s*")
_SCORE_OF_AFTER = re.compile(r"\s*(?:[\w\-]+\s+){0,2}?(?:for|of|by|from|with|achieved by|obtained by)\s+(?:the\s+)?")
_FROM_TO_BEFORE = re.compile(r"\bfrom\s+[+\-]?\.?\d[\d.,]*\s?%?\s+(?:[\w\-]+\s+){0,6}?(?:to|down to|up to)\s*$", re.I)
_OWNER_GAP = re.compile(r"\s*(?:'s\s*)?(?:[\w\-]+\s+){0,3}?")
_OURS = re.compile(r"\b(?:our|we|proposed|it|this)\b", re.I)
_COMPARED_BEFORE = re.compile(
    r"\b(?:over|than|compared (?:to|with)|vs\.?|versus|against|outperform\w*|surpass\w*|beat\w*|exceed\w*)\b", re.I
)


def baseline_side(text: str, m: re.Match[str], sent: tuple[int, int], methods: list[Candidate]) -> tuple[bool, Candidate | None]:
    """Is the number at ``m`` the baseline's score rather than the paper's, and whose is it?

    Covers "from A to B" (A), "outperforms X (71.2%)", "compared to 68.0% for X",
    "80.1% vs 78.3% for Y" and "the previous best of 45.2".
    """
    before = text[sent[0] : m.start()]
    after = text[m.end() : sent[1]]
    if _FROM_BEFORE.search(before) and _TO_AFTER.match(after) and not _RANGE_FROM.search(before):
        # "improves ResNet-50 from 76.1% to ...": the object of the verb is the starting point.
        starts = [e for e in methods if e.end <= m.start() and not e.proposed
                  and _OWNER_FROM.fullmatch(text, e.end, m.start())]
        return True, starts[-1] if starts else None
    if _OPEN_PAREN_BEFORE.search(before):
        named = [e for e in methods if e.end <= m.start() and _OPEN_PAREN_GAP.fullmatch(text, e.end, m.start())]
        if named:
            e = named[-1]
            if e.proposed:
                return False, None
            cue = _BASELINE_CUE.search(text[sent[0] : e.start]) or _COMPARED_BEFORE.search(text[sent[0] : e.start])
            if cue:
                return True, e
    if _VERSUS_BEFORE.search(before):
        k = _SCORE_OF_AFTER.match(after)
        owner = next((e for e in methods if k and e.start == m.end() + k.end()), None)
        if owner is None:
            named = [e for e in methods if e.end <= m.start() and _BASELINE_CUE.search(text[max(sent[0], e.start - 30) : e.start])]
            owner = named[-1] if named else None
        return True, owner
    if _PREVIOUS_BEST.search(before[-60:]) or _BASELINE_WORD.search(before[-30:]):
        return True, None
    # "better than the state-of-the-art result (57.7% box AP and 50.2% mask AP) achieved by Swin-L"
    k = _PRIOR_PAREN.search(before[-120:])
    if k and ")" not in before[-120:][k.end():]:
        close = after.find(")")
        if close >= 0:
            by = _ACHIEVED_BY.match(after, close + 1)
            at = m.end() + close + 1 + (by.end() - close - 1 if by else 0)
            owner = next((e for e in methods if by and e.start == at), None)
            return True, owner
        return True, None
    return False, None


_PRIOR_PAREN = re.compile(r"\b(?:state[- ]of[- ]the[- ]art|SOTA|previous|prior|best|baselines?|existing)\b"
                          r"[^()]{0,40}\(\s*[^()]*$", re.I)
_ACHIEVED_BY = re.compile(r"\s*(?:achieved|obtained|reported|set|held)?\s*by\s+(?:the\s+)?", re.I)


_CUE_SPEED = re.compile(r"speed|faster|accelerat", re.I)
_CUE_REDUCE = re.compile(r"reduc|decreas|lower|fewer|less|drop|sav|cut|shrink|smaller|loss|declin", re.I)
_CUE_IMPROVE = re.compile(r"improv|gain|higher|better|increas|boost|more|outperform|surpass|exceed|beat|\+", re.I)


def _relation_from_cue(why: str) -> Relation:
    """The direction of a change from the cue that made it one ("'accuracy improvement' after the number")."""
    if _CUE_SPEED.search(why):
        return "speedup"
    if _CUE_REDUCE.search(why):
        return "reduction"
    if _CUE_IMPROVE.search(why):
        return "improvement"
    return "other"


def _range_start_owner(text: str, m: re.Match[str], sent: tuple[int, int], methods: list[Candidate]) -> Candidate | None:
    """For B in "improves X from A to B", X: the starting point, which B no longer belongs to."""
    before = text[sent[0] : m.start()]
    k = _FROM_TO_BEFORE.search(before)
    if not k:
        return None
    at = sent[0] + k.start()
    owner = [e for e in methods if e.end <= at and not e.proposed
             and _OWNER_GAP.fullmatch(text, e.end, at)]
    return owner[-1] if owner else None


# -- metric ownership ------------------------------------------------------------------

# "39.0 mAP", "90% recall": a metric written right after a number is that number's.
_METRIC_RIGHT_AFTER = re.compile(r"\s?(?:%|pp|points?)?\s?")
# "an IRR of approximately 0.52", "accuracies: 97.3%", "F1 = 91.2": a metric that leads to a number.
_METRIC_LEADS = re.compile(r"\s*(?:\([^()]{1,15}\)\s*)?(?:of|:|=|is|was|reaches|reached|at|around|about)?\s*"
                           r"(?:(?:approximately|about|around|only|just|over|nearly|up to|roughly|almost|"
                           r"an average of|a|an)\s+)*")
# Numbers of one series: a list ("97.8%, 96.5%, and 92.8%") or parallel pairs ("97.3% on IC13, 58.3% on IC15").
_SERIES_GAP = re.compile(r"\s?(?:%|pp|points?|×|x)?\s*(?:(?:on|in|for|with|at)\s+[^,;()]{1,40}?\s*)?"
                         r"(?:,\s*and|,|and|or|/|;)\s*(?:(?:and|or)\s+)?[+\-]?")


def _series(text: str, numbers: list[tuple[int, int]]) -> list[int]:
    """For each number, the index of the first number of its series."""
    out: list[int] = []
    for k in range(len(numbers)):
        joined = k and _SERIES_GAP.fullmatch(text, numbers[k - 1][1], numbers[k][0])
        out.append(out[-1] if joined else k)
    return out


def _metric_owners(text: str, metrics: list[Candidate], numbers: list[tuple[int, int]]) -> dict[int, int]:
    """id(metric) -> the number it is written with: right after that number, or leading to it."""
    owners: dict[int, int] = {}
    for e in metrics:
        for j, (_, b) in enumerate(numbers):
            if b <= e.start and _METRIC_RIGHT_AFTER.fullmatch(text, b, e.start):
                owners[id(e)] = j
                break
        else:
            for j, (a, _) in enumerate(numbers):
                if e.end <= a and a - e.end <= 30 and _METRIC_LEADS.fullmatch(text, e.end, a):
                    owners[id(e)] = j
                    break
    return owners


# Two numbers compared ("from 76.1% to 79.3% top-1 accuracy", "72.5% ... compared to 68.0%", "X (71.2%) with
# 74.5% top-1 accuracy"): the metric of one is the other's too.
_COMPARED_GAP = re.compile(r"\b(?:to|vs\.?|versus|compared|than|over|against|relative|outperform\w*|surpass\w*|"
                           r"beat\w*|exceed\w*)\b|→|->|\)", re.I)


def _free_metrics(text: str, metrics: list[Candidate], owners: dict[int, int], series: list[int],
                  numbers: list[tuple[int, int]], k: int) -> list[Candidate]:
    """The metrics number ``k`` may take: its own, its series', one of a number it is compared
    with, or those written with no number."""
    out = []
    for e in metrics:
        j = owners.get(id(e))
        if j is None or j == k or series[j] == series[k]:
            out.append(e)
            continue
        a, b = (numbers[j][1], numbers[k][0]) if j < k else (numbers[k][1], numbers[j][0])
        if b - a <= 90 and _COMPARED_GAP.search(text, a, b):
            out.append(e)
    return out


# -- who holds the number ------------------------------------------------------------------

_METRIC_NAME = re.compile(rf"(?:{METRIC_ACRONYMS}|min(?:ADE|FDE)(?:@\d+)?)")


# "ImageNet-pretrained ViT", "pre-trained on ImageNet-21K": a dataset used for training, not for the score.
_PRETRAINED_AFTER = re.compile(r"[-\s]?(?:pre-?trained|pretraining|pre-training|initiali[sz]ed)\b", re.I)
_PRETRAINED_BEFORE = re.compile(r"\b(?:pre-?trained|pretraining|pre-training)\s+"
                                r"(?:\w+\s+){0,2}?(?:on|with|from)\s+(?:the\s+)?$", re.I)
# "an average score across 18 benchmarks", "mean accuracy over all datasets": an aggregate of several datasets.
_AGGREGATE_AFTER = re.compile(r"^\s?%?\s*(?:[\w\-]+\s+){0,4}?(?:across|over|on|averaged over)\s+(?:all\s+|the\s+)?"
                              r"(?:\d+|\w+)\s+(?:\w+\s+)?(?:benchmarks|datasets|tasks|domains|languages|splits)\b",
                              re.I)
_AGGREGATE_METRIC = re.compile(r"^(?:average|mean|avg\.?|overall)\b", re.I)


def _training_dataset(text: str, e: Candidate) -> bool:
    return bool(_PRETRAINED_AFTER.match(text, e.end) or _PRETRAINED_BEFORE.search(text, max(0, e.start - 40), e.start))


# Metrics that are themselves a change: a number of them is never a score.
_RELATIVE_METRIC = re.compile(r"^(?:speed-?ups?|acceleration|improvements?|gains?|reductions?|savings?)$", re.I)


# -- metrics written with the number that no entity layer found -------------------------

_STATISTIC_NAMES = {"r": "correlation (r)", "r2": "R²", "r^2": "R²", "r^{2}": "R²", "r²": "R²", "ρ": "Spearman's rho",
                    "rho": "Spearman's rho", "τ": "Kendall's tau", "tau": "Kendall's tau", "κ": "Cohen's kappa",
                    "kappa": "Cohen's kappa"}
# "gFID of 1.89", "MedAE 17.1", "Macro-AUC: 0.90", "a CHrF++ score of 49.88": a mostly upper-case name, or a
# name followed by score or rate, right before the number.
_NAMED_BEFORE = re.compile(r"(?:^|[\s(])(?P<name>[A-Za-z][\w+\-@]*(?:\s+(?:score|rate|coefficient))?)\s*(?:of|=|:)\s*"
                           r"(?:(?:approximately|about|around|only|just|over|nearly|up to)\s+)?$")


def _written_metric(text: str, start: int, sent0: int) -> Candidate | None:
    window = max(sent0, start - 40)
    k = STATISTIC_BEFORE.search(text, window, start)
    if k and not _AT_STATISTIC.search(text, window, k.start("sym")):
        sym = k.group("sym")
        key = sym.lower().replace("$", "")
        name = "Krippendorff's alpha" if "rippendorff" in sym else "Cronbach's alpha" if "ronbach" in sym else (
            _STATISTIC_NAMES.get(key, sym))
        return Candidate(k.start("sym"), k.end("sym"), "Metric", 0.8, "statistic", canonical=name)
    k = _NAMED_BEFORE.search(text, window, start)
    if not k:
        return None
    name = k.group("name")
    head = name.split()[0]
    upper = sum(c.isupper() for c in head)
    if name.endswith((" score", " rate", " coefficient")) or (upper >= 2 and upper >= sum(c.islower() for c in head)):
        if head.upper() in _NOT_METRIC_WORDS or head in NOT_NAMES:
            return None
        return Candidate(k.start("name"), k.end("name"), "Metric", 0.7, "claims", canonical=name)
    return None


_AT_STATISTIC = re.compile(r"\b(?:at|for|with|when|where|if)\s*\$?\s*$", re.I)  # "at r = 2": a setting
_NOT_METRIC_WORDS = word_set("TABLE FIGURE FIG SECTION STAGE PHASE STEP TOP RANK")


def _nearest(ents: list[Candidate], pos: int, end: int | None = None) -> Candidate | None:
    end = pos if end is None else end
    best, best_d = None, 10**9
    for e in ents:
        d = pos - e.end if e.end <= pos else max(0, e.start - end)
        # A metric just after the number ("80.4% top-1 accuracy") binds as tightly as one before.
        if d < best_d:
            best, best_d = e, d
    return best


def _datasets(st: DocState, si: int, in_sent: list[Candidate]) -> list[Candidate]:
    """Datasets of the sentence, else of the previous sentence, else of the title."""
    found = [e for e in in_sent if e.label == "Dataset"]
    if not found and si > 0:
        prev = st.sents[si - 1]
        found = [e for e in st.entities if prev[0] <= e.start < prev[1] and e.label == "Dataset"]
    if not found:
        title = next((f for f in st.fields if f.name == "title"), None)
        if title is not None and title.end > title.start:
            found = [e for e in st.entities if title.start <= e.start < title.end and e.label == "Dataset"]
    return found


def _named_baseline(text: str, sent: tuple[int, int], methods: list[Candidate]) -> Candidate | None:
    """The method the sentence compares against ("over ResNet-50", "outperforms X")."""
    for e in methods:
        if not e.proposed and _BASELINE_CUE.search(text[max(sent[0], e.start - 30) : e.start]):
            return e
    return None


_OTHER_SIDE = re.compile(r"\b(?:compared (?:to|with)|vs\.?|versus|against|relative to)\s+[^,;]{0,25}?\d[\d.,]*\s?%?\s+"
                         r"(?:for|of|by|achieved by|obtained by)\s+(?:the\s+)?$", re.I)


def _is_other_side(text: str, e: Candidate, sent: tuple[int, int]) -> bool:
    """A method named in a comparison ("compared to 68.0% for X") is not the claim's subject."""
    return bool(_OTHER_SIDE.search(text, sent[0], e.start))


def _canon(text: str, c: Candidate | None) -> str | None:
    if c is None:
        return None
    name = c.canonical or " ".join(text[c.start : c.end].split())
    # A sentence's full stop is not part of a name ("achieved by Swin-L.").
    return name[:-1] if name.endswith(".") and not name.endswith("..") and len(name) > 2 else name


_ON_AFTER = re.compile(r"\s?(?:%|pp|points?)?\s*(?:[\w\-]+\s+){0,4}?(?:on|in|for|over|across|at)\s+(?:the\s+)?$", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)


_LIST_GAP = re.compile(r"\s?(?:%|pp|points?|×|x)?\s*(?:,\s*and|,|and|or|/|;)\s*[+\-]?")


def _runs(text: str, numbers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each number, the [first, last] indices of the list it is in ("2.2% and 21.1%")."""
    out: list[tuple[int, int]] = []
    first = 0
    for k in range(len(numbers)):
        if k and not _LIST_GAP.fullmatch(text, numbers[k - 1][1], numbers[k][0]):
            first = k
        out.append((first, k))
    last = len(numbers) - 1
    for k in range(len(numbers) - 1, -1, -1):
        if k < len(numbers) - 1 and out[k + 1][0] != out[k][0]:
            last = k
        out[k] = (out[k][0], last)
    return out


def _dataset_for(text: str, m: re.Match[str], sent: tuple[int, int], found: list[Candidate],
                 numbers: list[tuple[int, int]], k: int, run: tuple[int, int]) -> tuple[Candidate | None, float]:
    """The dataset of the number ``numbers[k]`` and how sure the binding is.

    In order: the n-th dataset for the n-th number of a "respectively" list; a
    dataset written right after the number ("80.7% on ImageNet-CN"), before the
    next number; the closest dataset before the number in its clause; the
    nearest in the sentence; else (from the caller) the previous sentence or title.
    """
    in_sent = [e for e in found if sent[0] <= e.start < sent[1]]
    if not in_sent:
        # From the previous sentence or the title: likely, but a guess.
        return (_nearest(found, m.start()) if found else None), 0.55
    size = run[1] - run[0] + 1
    if size > 1 and _RESPECTIVELY.search(text, sent[0], sent[1]):
        after_run = [e for e in in_sent if e.start >= numbers[run[1]][1]]
        before_run = [e for e in in_sent if e.end <= numbers[run[0]][0]]
        for group in (after_run, before_run, before_run[-size:]):
            if len(group) == size:
                return group[k - run[0]], 0.9
        # "A, B and C on X, Y and Z, respectively" with the datasets not all found: unsure.
        return _nearest(in_sent, m.start(), m.end()), 0.4
    next_num = numbers[k + 1][0] if k + 1 < len(numbers) else sent[1]
    for e in in_sent:
        if m.end() <= e.start < next_num and _ON_AFTER.fullmatch(text, m.end(), e.start):
            return e, 0.95
    prev_num = numbers[k - 1][1] if k > 0 else sent[0]
    before = [e for e in in_sent if prev_num <= e.start and e.end <= m.start()]
    if before:
        return before[-1], 0.85
    return _nearest(in_sent, m.start(), m.end()), 0.75


def _claim(text: str, m: re.Match[str], unit: str | None, sent: tuple[int, int], metric: Candidate | None,
           prev_kind: str | None, bound: bool = False) -> tuple[str, str]:
    """The kind of the number at ``m`` and why (see papergraph.extract.claims)."""
    num = m.group("num")
    metric_before = metric is not None and metric.end <= m.start() and m.start() - metric.end <= 3
    integer = "." not in num
    why = not_a_result(text, m.start(), m.end("num"), unit, integer, sent[0], metric_before)
    if why:
        return "not-a-result", why
    metric_after = metric is not None and 0 <= metric.start - m.end() <= 3
    # A number whose metric is written with it or its series ("F1-scores of 0.60 for Severe and 0.58 for
    # critical categories") is measured, whatever nouns follow.
    if _SIZES_RANGE.search(text, max(sent[0], m.start() - 40), m.start()):
        return "not-a-result", "a range of model sizes (the space searched, not a result)"
    if not metric_after and not bound and _is_setup(text, m, unit, sent):
        return "not-a-result", "a setting, size or count (the words around it describe the setup)"
    change = change_cue(text, m.start(), m.end(), sent[0], m.group("sign"), unit)
    if change:
        return "change", change
    if prev_kind == "change" and list_head(text, m.start(), sent[0]) and unit != "%" or (
        prev_kind == "change" and list_head(text, m.start(), sent[0]) and unit == "%"
        and not _VERSUS_BEFORE.search(text, sent[0], m.start())
    ):
        return "change", "listed after a change"
    return "score", ""


def find_results(text: str, st: DocState) -> list[ResultCandidate]:
    """One claim for every number of the Doc, each with a kind, a flag and its bindings."""
    out: list[ResultCandidate] = []
    ents = st.entities
    proposed = [e for e in ents if e.proposed and e.label == "Method"]
    all_datasets = [e for e in ents if e.label == "Dataset"]
    # The abstract evaluates on one dataset only: a score in another sentence is on it.
    only_dataset = len({_canon(text, e) for e in all_datasets if not _training_dataset(text, e)}) == 1
    for si, sent in enumerate(st.sents):
        if not _DIGIT.search(text, sent[0], sent[1]):
            continue
        matches = list(NUMBER.finditer(text, sent[0], sent[1]))
        if not matches:
            continue
        s_text = text[sent[0] : sent[1]]
        in_sent = [e for e in ents if sent[0] <= e.start < sent[1]]
        # A metric named as a condition ("at precision 95%") is not what the numbers measure.
        metrics = [e for e in in_sent if e.label == "Metric" and not _AT_METRIC.search(text, max(0, e.start - 4), e.start)]
        # A metric's name tagged as a method ("minADE") holds no score.
        methods = [e for e in in_sent if e.label == "Method" and not _METRIC_NAME.fullmatch(text, e.start, e.end)]
        numbers = [(x.start(), x.end()) for x in matches]
        runs = _runs(text, numbers)
        series = _series(text, numbers)
        owners = _metric_owners(text, metrics, numbers)
        sent_datasets = _datasets(st, si, in_sent) if all_datasets else []
        sent_datasets = [e for e in sent_datasets if not _training_dataset(text, e)]
        prev_kind: str | None = None
        prev_final: str | None = None  # the kind the previous number ended with
        for k, m in enumerate(matches):
            after = text[m.end() : m.end() + 40]
            raw_unit = m.group("unit")
            unit = _unit(raw_unit, after)
            value_text = text[m.start() : m.end()].strip()
            try:
                value = float(m.group("num").replace(",", ""))
            except ValueError:
                continue
            if m.group("sign") in ("-", "−"):
                value = -value
            base = ResultCandidate(value=value, value_text=value_text, unit=unit, start=m.start(),
                                   end=m.start() + len(value_text), sent=sent, relation="other",
                                   kind="not-a-result", confidence=0.9)
            if raw_unit and unit is None:
                base.reason = "a size or magnitude (7B, 12M) naming a model or data, not a score"
                out.append(base)
                prev_kind = prev_final = base.kind
                continue
            if unit is None and _PERCENT_WORD.match(text, m.end()):
                unit = base.unit = "%"  # "85 percent of queries"
            if unit is None:
                tail = _RANGE_TAIL.match(text, m.end())
                if tail:
                    unit = _unit(tail.group(1), "")
                    base.unit = unit
            free = _free_metrics(text, metrics, owners, series, numbers, k)
            metric = _nearest(free, m.start(), m.end())
            run_end = numbers[runs[k][1]][1]
            follows = [e for e in free if 0 <= e.start - run_end <= 14
                       and _METRIC_GAP.fullmatch(text, run_end, e.start)]
            if follows:
                metric = follows[0]  # "0.78 and 0.76 Spearman correlation": the metric after the list
            # How surely the metric is this number's: written with it (or its list), near it, or farther.
            if metric is None:
                mt_conf = 0.0
            elif owners.get(id(metric)) is not None or follows:
                mt_conf = 0.95
            else:
                gap = min(abs(m.start() - metric.end), abs(metric.start - m.end()))
                mt_conf = 0.8 if gap <= 25 else 0.55
            if metric is None or min(abs(m.start() - metric.end), abs(metric.start - m.end())) > 25:
                named = _written_metric(text, m.start(), sent[0])
                if named is not None:
                    # "r = 0.74", "gFID of 1.89": a metric the entity layers missed, written with the number
                    # (a statistic such as r or kappa describes an analysis, so it never ranks)
                    metric, mt_conf = named, 0.8 if named.source == "claims" else 0.55
            bound = metric is not None and (bool(follows) or owners.get(id(metric)) is not None)
            kind, why = _claim(text, m, unit, sent, metric, prev_kind, bound)
            near_metric = bound or (
                metric is not None and min(abs(m.start() - metric.end), abs(metric.start - m.end())) <= 25
            )
            if kind == "score" and unit is None and not near_metric and not (
                metric is not None and _COMPARED_BARE.search(text, max(sent[0], m.start() - 60), m.start())
            ):
                kind, why = "not-a-result", "a bare number with no unit and no metric next to it"
            if kind == "score" and unit in ("GPU hours", "GPU days") and not _REDUCE.search(s_text):
                kind, why = "not-a-result", "a training budget, not a result"
            if kind == "score" and not _plausible(value, unit, _canon(text, metric)):
                kind, why = "not-a-result", "a value the metric cannot take"
            if kind == "score" and metric is not None and _RELATIVE_METRIC.match(_canon(text, metric) or ""):
                kind, why = "change", f"the metric ({_canon(text, metric)}) is itself a change"
            prev_kind = kind
            if kind == "not-a-result":
                base.reason = why
                out.append(base)
                prev_final = kind
                continue
            if metric is not None and min(abs(m.start() - metric.end), abs(metric.start - m.end())) > 90:
                metric = None
            dataset, ds_conf = _dataset_for(text, m, sent, sent_datasets, numbers, k, runs[k])
            if dataset is not None and ds_conf < UNSURE and not (sent[0] <= dataset.start < sent[1]) and only_dataset:
                ds_conf = 0.7  # the abstract evaluates on one dataset only: the score is on it
            metric_name = _canon(text, metric) or ""
            if dataset is not None and (_AGGREGATE_AFTER.match(text, m.end()) or (
                _AGGREGATE_METRIC.match(metric_name) and len({_canon(text, e) for e in sent_datasets
                                                              if sent[0] <= e.start < sent[1]}) > 1
            )):
                ds_conf = 0.3  # an average over several datasets is no one dataset's score
            rel: Relation = _relation(text, m, unit, sent) if kind == "change" else "absolute"
            if kind == "change" and rel == "absolute":
                rel = _relation_from_cue(why)
            theirs, owner = baseline_side(text, m, sent, methods) if kind == "score" else (False, None)
            if kind == "score" and not theirs and prev_final == "other-system" and list_head(text, m.start(), sent[0]):
                k_for = _FOR_OWNER_AFTER.match(text, m.end())
                if k_for:
                    theirs = True
                    owner = next((e for e in methods if e.start == m.end() + k_for.end()), None)
            if theirs:
                kind, why = "other-system", "the other side of a comparison (a baseline's or prior work's score)"
                # The other side's score: it belongs to the baseline, never to the paper's method.
                method = owner
                baseline = None
                m_conf = 0.8 if owner is not None else 0.5
            else:
                baseline = _named_baseline(text, sent, methods)
                start_owner = _range_start_owner(text, m, sent, methods)
                method = next((e for e in methods if e.proposed), None)
                m_conf = 0.9
                if method is None:
                    cands = [e for e in methods if e is not baseline and e is not start_owner and e.end <= m.start()
                             and not _is_other_side(text, e, sent)]
                    method = _nearest(cands, m.start()) if cands else None
                    m_conf = 0.7
                if method is None and proposed and _OURS.search(s_text):
                    method, m_conf = proposed[0], 0.75
            held_by = _canon(text, method) or ""
            if method is not None and (generic_method(held_by) or is_generic(held_by, "Method")):
                m_conf = min(m_conf, 0.4)  # "our fine-tuned SLM", "LLMs": a description, not a name
            flag, flag_why = claim_flag(text, m.start(), sent[0])
            if flag_why:
                why = f"{why}; {flag}: {flag_why}" if why else f"{flag}: {flag_why}"
            tasks = [e for e in in_sent if e.label == "Task"]
            # The claim is as sure as its weakest binding: a row needs all three (RANK_CONFIDENCE).
            conf = min(0.95 if unit or metric else 0.7, mt_conf if metric else 0.5,
                       ds_conf if dataset else 0.5, m_conf if method is not None else 0.5)
            if kind == "other-system":
                conf -= 0.1
            unsure = [name for name, c, bound in (("metric", mt_conf, metric), ("dataset", ds_conf, dataset),
                                                  ("method", m_conf, method)) if bound is not None and c < UNSURE]
            if unsure:
                why = f"{why or _SCORE_WHY}; unsure: {', '.join(unsure)}"
            base.kind, base.flag, base.reason, base.relation = kind, flag, why or _SCORE_WHY, rel
            base.metric, base.dataset, base.method = _metric_name(text, metric), _canon(text, dataset), _canon(text, method)
            base.task, base.baseline = _canon(text, _nearest(tasks, m.start())), _canon(text, baseline)
            base.confidence = round(min(max(conf, 0.05), 0.95), 2)
            out.append(base)
            prev_final = kind
    return out


_METRIC_GAP = re.compile(r"\s*(?:[\w\-]+\s+)?")
_PERCENT_WORD = re.compile(r"\s?(?:percent|per cent)\b(?!age points)", re.I)
_AT_METRIC = re.compile(r"(?:\bat|@)\s*$", re.I)
_METRIC_QUALIFIER = re.compile(r"\b(box|mask|bbox|segm|keypoint|pose|instance|panoptic|slot|intent|entity|"
                               r"relation|event|span|token|sentence|document|frame|video|character|word)\s+$", re.I)


def _metric_name(text: str, metric: Candidate | None) -> str | None:
    """The metric's canonical name, with the qualifier that makes it another table ("box AP", "mask AP")."""
    name = _canon(text, metric)
    if metric is None or name is None:
        return name
    q = _METRIC_QUALIFIER.search(text, max(0, metric.start - 12), metric.start)
    return f"{q.group(1).lower()} {name}" if q and not name.lower().startswith(q.group(1).lower()) else name


_SCORE_WHY = "a measured value (no change, setting or comparison cue around it)"
#: A binding surer than this is taken as read; below it the claim says which binding is unsure,
#: and its confidence (the weakest binding's) keeps it off leaderboards.
UNSURE = 0.6


@Language.component("pg_results")
def results_component(doc: Doc) -> Doc:
    st = get_state(doc)
    st.results = find_results(st.text, st)
    return doc
