"""Numeric performance and efficiency claims (component ``pg_results``).

Every number in a claim sentence becomes one result ("76.5% to 80.9%" and
"by 5.1% and 5.4%" give two). Numbers that describe the setup are skipped:
years, citations, image resolutions, counts of data items, layers or GPUs.
Metric, dataset, task, method and baseline are bound from the entities of the
same sentence (the dataset also from the previous sentence).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from papergraph.extract.claims import change_cue, list_head, not_a_result
from papergraph.extract.claims import flag as claim_flag
from papergraph.extract.merge import Candidate
from papergraph.extract.state import DocState, ResultCandidate, get_state
from papergraph.extract.vocab import NUMBER
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
_RESOLUTION = re.compile(r"\d\s?[×x]\s?\d")
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
    if u in ("m", "b", "k"):
        return f"{u.upper()} params" if _PARAM_AFTER.match(after) else None
    return UNIT_MAP.get(u, u)


_SCALE_FACTOR = re.compile(r"^\W{0,3}(?:SR\b|super-?resolution|upscal|upsampl|downsampl|magnif|zoom)", re.I)


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
_TO_AFTER = re.compile(r"\s*(?:[\w\-]+\s+){0,6}?(?:to|down to|up to|→|->)\s*[+\-]?\.?\d", re.I)
# "compared to 68.0% for X", "vs. 78.3% for Y": a number right after the comparison word is the other side's.
_VERSUS_BEFORE = re.compile(r"\b(?:compared (?:to|with)|in comparison (?:to|with)|vs\.?|versus|against|relative to|"
                            r"as opposed to)\s+(?:(?:the|a|an)\s+)?(?:[\w\-]+(?:'s)?\s+){0,2}?$", re.I)
_OWNER_AFTER = re.compile(r"\s*(?:[\w\-]+\s+){0,2}?(?:for|of|by|from|with|achieved by|obtained by)\s+(?:the\s+)?$", re.I)
# "surpassing the previous best of 45.2", "the prior state of the art (45.2)".
_PREVIOUS_BEST = re.compile(r"\b(?:previous|prior|former|earlier|existing)\s+(?:best|state[- ]of[- ]the[- ]art|SOTA|record|"
                            r"best (?:result|score|method|model))(?:\s+(?:result|score|performance|accuracy))?"
                            r"(?:\s+(?:of|at)\s+|\s*\(\s*|\s*:\s*|\s+)$", re.I)
_BASELINE_WORD = re.compile(r"\bbaselines?(?:['’]s)?(?:\s+(?:of|at)\s+|\s*\(\s*|\s+)$", re.I)
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
    if _FROM_BEFORE.search(before) and _TO_AFTER.match(after):
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
    return c.canonical or " ".join(text[c.start : c.end].split())


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
        return (_nearest(found, m.start()) if found else None), 0.6
    size = run[1] - run[0] + 1
    if size > 1 and len(in_sent) > 1 and _RESPECTIVELY.search(text, sent[0], sent[1]):
        after_run = [e for e in in_sent if e.start >= numbers[run[1]][1]]
        before_run = [e for e in in_sent if e.end <= numbers[run[0]][0]]
        for group in (after_run, before_run, before_run[-size:]):
            if len(group) == size:
                return group[k - run[0]], 0.9
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
           prev_kind: str | None) -> tuple[str, str]:
    """The kind of the number at ``m`` and why (see papergraph.extract.claims)."""
    num = m.group("num")
    metric_before = metric is not None and metric.end <= m.start() and m.start() - metric.end <= 3
    integer = "." not in num
    why = not_a_result(text, m.start(), m.end("num"), unit, integer, sent[0], metric_before)
    if why:
        return "not-a-result", why
    metric_after = metric is not None and 0 <= metric.start - m.end() <= 3
    if not metric_after and _is_setup(text, m, unit, sent):
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
        methods = [e for e in in_sent if e.label == "Method"]
        numbers = [(x.start(), x.end()) for x in matches]
        runs = _runs(text, numbers)
        sent_datasets = _datasets(st, si, in_sent) if all_datasets else []
        prev_kind: str | None = None
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
                prev_kind = base.kind
                continue
            if unit is None:
                tail = _RANGE_TAIL.match(text, m.end())
                if tail:
                    unit = _unit(tail.group(1), "")
                    base.unit = unit
            metric = _nearest(metrics, m.start(), m.end())
            run_end = numbers[runs[k][1]][1]
            follows = [e for e in metrics if 0 <= e.start - run_end <= 14
                       and _METRIC_GAP.fullmatch(text, run_end, e.start)]
            if follows:
                metric = follows[0]  # "0.78 and 0.76 Spearman correlation": the metric after the list
            kind, why = _claim(text, m, unit, sent, metric, prev_kind)
            near_metric = metric is not None and min(abs(m.start() - metric.end), abs(metric.start - m.end())) <= 25
            if kind == "score" and unit is None and not near_metric and not (
                metric is not None and _COMPARED_BARE.search(text, max(sent[0], m.start() - 60), m.start())
            ):
                kind, why = "not-a-result", "a bare number with no unit and no metric next to it"
            if kind == "score" and unit in ("GPU hours", "GPU days") and not _REDUCE.search(s_text):
                kind, why = "not-a-result", "a training budget, not a result"
            if kind == "score" and not _plausible(value, unit, _canon(text, metric)):
                kind, why = "not-a-result", "a value the metric cannot take"
            prev_kind = kind
            if kind == "not-a-result":
                base.reason = why
                out.append(base)
                continue
            if metric is not None and min(abs(m.start() - metric.end), abs(metric.start - m.end())) > 90:
                metric = None
            dataset, ds_conf = _dataset_for(text, m, sent, sent_datasets, numbers, k, runs[k])
            rel: Relation = _relation(text, m, unit, sent) if kind == "change" else "absolute"
            if kind == "change" and rel == "absolute":
                rel = "other"
            theirs, owner = baseline_side(text, m, sent, methods) if kind == "score" else (False, None)
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
            flag, flag_why = claim_flag(text, m.start(), sent[0])
            if flag_why:
                why = f"{why}; {flag}: {flag_why}" if why else f"{flag}: {flag_why}"
            tasks = [e for e in in_sent if e.label == "Task"]
            conf = 0.45 + (0.25 if metric else 0) + (0.1 if unit else 0) + (0.1 * ds_conf if dataset else 0)
            conf = conf * (m_conf if method is not None else 0.8)
            if kind == "other-system":
                conf -= 0.1
            base.kind, base.flag, base.reason, base.relation = kind, flag, why or _SCORE_WHY, rel
            base.metric, base.dataset, base.method = _metric_name(text, metric), _canon(text, dataset), _canon(text, method)
            base.task, base.baseline = _canon(text, _nearest(tasks, m.start())), _canon(text, baseline)
            base.confidence = round(min(max(conf, 0.05), 0.95), 2)
            out.append(base)
    return out


_METRIC_GAP = re.compile(r"\s*(?:[\w\-]+\s+)?")
_AT_METRIC = re.compile(r"(?:\bat|@)\s*$", re.I)
_METRIC_QUALIFIER = re.compile(r"\b(box|mask|bbox|segm|keypoint|pose|instance|panoptic)\s+$", re.I)


def _metric_name(text: str, metric: Candidate | None) -> str | None:
    """The metric's canonical name, with the qualifier that makes it another table ("box AP", "mask AP")."""
    name = _canon(text, metric)
    if metric is None or name is None:
        return name
    q = _METRIC_QUALIFIER.search(text, max(0, metric.start - 12), metric.start)
    return f"{q.group(1).lower()} {name}" if q and not name.lower().startswith(q.group(1).lower()) else name


_SCORE_WHY = "a measured value (no change, setting or comparison cue around it)"


@Language.component("pg_results")
def results_component(doc: Doc) -> Doc:
    st = get_state(doc)
    st.results = find_results(st.text, st)
    return doc
