"""What kind of claim a number is, and whether it is asserted.

Every number of a title or abstract becomes a claim of one kind
(eval/CLAIMS_GUIDELINES.md):

* ``score``: a measured value of a metric for a system;
* ``change``: a difference or ratio against something else (a gain, a
  reduction, a speed-up, "x fewer", "within 5%");
* ``other-system``: a score that belongs to a baseline or prior work;
* ``not-a-result``: a setting, size, count, date, name or condition.

and carries a flag: ``negated`` ("does not achieve 100%"), ``hypothetical``
("could reach 90%") or ``none``. Each decision comes with a short reason, kept
in extractions.jsonl, so a reader can see why a number is or is not on a
leaderboard. The rules look at the words around the number; the entities the
rule and NER layers found (metrics above all) decide the close cases.
"""

from __future__ import annotations

import re

Kind = str  # "score" | "change" | "other-system" | "not-a-result"
KINDS: tuple[str, ...] = ("score", "change", "other-system", "not-a-result")
FLAGS: tuple[str, ...] = ("none", "negated", "hypothetical")

# -- not a result ------------------------------------------------------------------

# "Table 2", "Pixel 1", "Llama 3", "COCO 2017", "Stage 1": a capitalised word and a
# bare integer name a thing. Metric words are excluded by the caller ("BLEU 28.4").
_NAME_BEFORE = re.compile(r"(?:^|[\s(\[])(?:[A-Z][\w\-]*|(?i:v|version|stage|phase|step|level|round|top|rank|"
                          r"table|figure|fig\.|section|sec\.|eq\.|equation|appendix|task|track|part|day|"
                          r"generation|gen|tier|type|class|category|chapter|lemma|theorem))\s$")
_CAPITAL_BEFORE = re.compile(r"(?:^|[\s(\[])[A-Z][\w\-]*\s$")
# "k = 5", "λ=0.1", "N = 100", "T=4": a symbol set to a value is a setting.
_ASSIGN_BEFORE = re.compile(r"(?:^|[\s(\[,])(?:[A-Za-z]{1,3}|[α-ωΑ-Ω][\w]?|\w+_\w+)\s*(?:=|≤|≥|<|>|≈)\s*$|"
                            r"[_^]\{[^{}]*(?:\{[^{}]*\}[^{}]*)?\}\s*(?:=|≤|≥|<|>|≈)\s*$")  # "$B_{\mathrm{probe}}=3$"
# "r = 0.74", "R^2 = 0.92", "rho >= 0.94", "Krippendorff's α = 0.042": a reported statistic, not a setting.
STATISTIC_BEFORE = re.compile(r"(?:^|[\s(\[,$|])(?P<sym>r|R\^?\{?2\}?|R²|ρ|rho|τ|tau|κ|kappa|(?:Krippendorff's|Cronbach's)\s+(?:α|alpha))"
                              r"\s*\|?\s*\$?\s*(?:=|≥|>=|≈|~)\s*\$?\s*$")
# "(1)", "1)", "i)": enumerations.
_ENUM = re.compile(r"(?:^|[\s:;,])\(?$")
_ENUM_AFTER = re.compile(r"^\)\s")
# A measurement condition: "at 95% precision", "at an IoU threshold of 0.5", "NoC@95".
_CONDITION_BEFORE = re.compile(
    r"(?:\bat|@)\s*(?:an?\s+|the\s+)?(?:(?:iou|confidence|detection|decision|similarity)\s+)?"
    r"(?:precision|recall|iou|threshold|fpr|tpr|false positive rate|true positive rate|coverage|"
    r"confidence(?: level)?|significance level|level)\s*(?:of|=|:|@)?\s*$|"
    r"\b(?:threshold|confidence level|significance level|p-value|p)\s*(?:of|=|<|>|≤)\s*$|"
    # "under 30% corruption", "at rates up to 50%", "noise up to 50% of": the setting an experiment runs at
    r"\bunder\s+(?:an?\s+)?$|\bat\s+(?:[\w\-]+\s+)?rates?\s+(?:of\s+)?(?:up\s+to\s+)?$|"
    r"\bnoise\s+(?:of\s+)?(?:up\s+to\s+)?$", re.I)
_CONDITION_AFTER = re.compile(r"^\s?%?\s*(?:precision|recall|fpr|tpr|false positive rate|confidence|"
                              r"overlap|iou threshold)\b", re.I)
_AT_BEFORE = re.compile(r"\bat\s+$", re.I)
# "± 0.3": the spread of a score, not a score.
_PLUS_MINUS = re.compile(r"(?:±|\+/-|\\pm)\s*$")
# "70% of papers", "in 20% of configurations": a share of the world, not of a system's output.
_SHARE_OF = re.compile(r"^\s?%?\s*of\s+(?:the\s+|all\s+|these\s+|those\s+|its\s+|their\s+)?(?:\w+\s+){0,2}?"
                       r"(?P<noun>papers|users|people|participants|respondents|studies|works|articles|"
                       r"companies|organizations|developers|researchers|patients|cases|configurations|"
                       r"samples|images|data|documents|questions|tokens|parameters|weights|neurons|layers|"
                       r"heads|experts|the population|population|web|internet|repositories|projects)\b", re.I)
_SHARE_CLAIM = re.compile(r"\b(?:solv|pass|answer|resolv|succeed|correct|complet|accomplish|win|fool|jailbr|"
                          r"attack|classif|identif|detect|recogni|predict|retriev|fix|generat)\w*", re.I)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")
_DATE_AFTER = re.compile(r"^\s?(?:January|February|March|April|May|June|July|August|September|October|"
                         r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")
_RATIO = re.compile(r"^\s?[:/]\s?\d")
_RATIO_BEFORE = re.compile(r"\d\s?[:/]\s?$")

# "50% of spatial patches", "1% of all posts", "16% of trajectory steps": a share of something counted.
_SHARE_ANY = re.compile(r"^\s?%?\s*of\s+(?:the\s+|all\s+|these\s+|those\s+|such\s+|its\s+|their\s+|our\s+|"
                        r"each\s+)?(?:[\w\-]+\s+){0,3}?(?P<noun>patch(?:es)?|tokens?|data|dataset|steps|posts|"
                        r"content|parameters|weights|layers|pixels|bands|frames|examples|labels|annotations|"
                        r"budget|compute|training|samples|images|channels|neurons|heads|experts|vocabulary|"
                        r"population|agents|users|comments|messages|articles|pages|videos)\b")
_SHARE_OF_SCORE = re.compile(r"\b(?:accura\w*|performance|score|quality|precision|recall|f1|bleu|throughput|"
                             r"speed|capabilit\w*|gains?|improvement|time|cost|memory|parameters|flops|compute|"
                             r"latency|runtime|energy|errors?|loss|size|storage|bandwidth|footprint|overhead|"
                             r"teacher|baseline|original|full|dense|oracle|reference|upper)\b", re.I)
# "1% COCO labeled data", "10% of the labels": how much data a run may use.
_LABELED_SHARE = re.compile(r"^\s?\\?%?\s*(?:of\s+(?:the\s+)?)?(?:[A-Z][\w\-]*\s+)?(?:labell?ed|annotated|unlabell?ed|"
                            r"training|labels\b)")
# "training (70%), validation (15%), and test (15%)": a data split.
_SPLIT_BEFORE = re.compile(r"\b(?:train(?:ing)?|validation|val|dev|test(?:ing)?)\s*(?:sets?|splits?|data)?\s*[(:]?\s*$", re.I)
# "6 LLM development initiatives", "500 jobs": an integer that counts the plural noun after it.
_COUNT_AFTER = re.compile(r"^\s+(?:(?!(?:for|of|on|in|with|at|by|to|from|and|or|than)\b)[\w\-]+\s+){0,3}?"
                          r"(?P<noun>[a-z][a-z\-]*[a-z]s)\b")
_NOT_COUNTED = frozenset({"points", "times", "percent", "errors", "orders", "folds", "bits", "tokens/s", "fps",
                          "seconds", "minutes", "hours", "days", "ms", "parameters", "flops", "gains"})
# "CC BY 4.0", "version 2.1", "v1.5": a licence or version.
_VERSION_BEFORE = re.compile(r"(?:\bCC[\s-]+BY(?:[\s-]+(?:NC|SA|ND))*|\bversion|\bv|\bGPL-?|\bApache)\s*-?$", re.I)
# "$μ_{(2)}$", "R^2", "x^{2}": a subscript or exponent in mathematics.
_MATH_INDEX_BEFORE = re.compile(r"[_^]\{?\(?$")

# -- changes -------------------------------------------------------------------------

_CHANGE_AFTER = re.compile(
    # The rest of a list first: "0.7% and 1.5% higher", "5%, 16% and 32% lower".
    r"^(?:\s?\\?(?:%|pp|points?)?\s*(?:,\s*and|,|and|or|/|to|-)\s*[+\-]?\d[\d.,]*)*"
    r"\s?(?:%|pp|p\.p\.|points?|percentage points?|percent|×|x|times|fold|-fold)?\s*"
    # A change noun may follow what changed: "4.0% ImageNet top-1 accuracy improvement".
    r"(?:(?:[\w\-]+\s+){0,3}?(?:improvements?|gains?|increases?|boosts?|uplifts?|reductions?|decreases?|"
    r"drops?|declines?|degradations?|speed-?ups?|savings?|gaps?|differences?|advantage|margin|lead|"
    r"increment|enhancements?|loss|losses)"
    # A comparative must follow at once: "1.5% higher", "3x fewer", "2 points above".
    r"|(?:absolute\s+|relative\s+)?(?:lower|higher|better|worse|fewer|less|more|smaller|larger|faster|slower|"
    r"cheaper|shorter|longer|over|above|below|ahead|behind))(?![\w\-])", re.I)
_CHANGE_BEFORE = re.compile(
    r"(?:\bwithin|\bby(?:\s+(?:up\s+to|about|over|nearly|approximately|roughly|around|almost|at\s+least|"
    r"more\s+than|an?\s+average\s+of|average|only|just))?|\bmargins?\s+of|\bgaps?\s+of|\bgains?\s+of|"
    r"\bimprovements?\s+of|\breductions?\s+of|\bincreases?\s+of|\bdecreases?\s+of|\bdrops?\s+of|"
    r"\bboosts?\s+of|\bspeed-?ups?\s+of|\bspeed-?ups?|\bsaves?|\bsaving|\bgains?|"
    r"\boutperform\w*\s+(?:\S+\s+){0,6}?by|"
    r"\bsurpass\w*\s+(?:\S+\s+){0,6}?by|\bexceed\w*\s+(?:\S+\s+){0,6}?by|\bbeat\w*\s+(?:\S+\s+){0,6}?by|"
    r"\b(?:reduc|decreas|lower|cut|sav|improv|increas|boost|rais|lift)\w*\s+(?:by\s+|of\s+)?(?:up\s+to\s+|about\s+|"
    r"nearly\s+|approximately\s+|roughly\s+|over\s+|around\s+|almost\s+)?|"
    r"\bimprov\w*\s+(?:\S+\s+){0,6}?by|\breduc\w*\s+(?:\S+\s+){0,6}?by|\bdecreas\w*\s+(?:\S+\s+){0,6}?by|"
    r"\bincreas\w*\s+(?:\S+\s+){0,6}?by|\blower\w*\s+(?:\S+\s+){0,6}?by|\bspeed\w*\s+(?:\S+\s+){0,6}?by)"
    r"\s*(?:an?\s+|the\s+)?$", re.I)
# Emphasis and hedges between a change word and its number: "by **11.94%**", "by $\textbf{4.8}$\%", "by >20%".
_MARKUP_BEFORE = re.compile(r"(?:\s|\*|\$|~|≈|>|<|\\textbf\{|\\mathbf\{|\\bm\{)+$")
_MARKUP_AFTER = re.compile(r"^(?:\*|\$|\})+")
# "an increase in honest responses of 5.26%", "the performance drop is just 0.3 dB", "PSNR dropped 0.59 dB".
_CHANGE_NOUN_OF = re.compile(r"\b(?:increases?|decreases?|reductions?|improvements?|gains?|drops?|declines?|losses|loss|"
                             r"gaps?)\s+(?:(?:in|of)\s+(?:[\w\-]+\s+){0,4}?)?(?:of|is|was|are|were)\s+(?:just|only|about|"
                             r"approximately|around|roughly|nearly|over|up\s+to|an?\s+average\s+of)?\s*$|"
                             r"\b(?:dropped|drops|fell|falls|rose|rises|climbed|climbs)\s+(?:by\s+)?(?:about\s+|nearly\s+)?$",
                             re.I)
# "by 5.1% and 5.4%": the second of a list takes the first's kind (checked by the caller).
_LIST_BEFORE = re.compile(r"(?:,|\band\b|\bor\b|/|\bvs\.?|\bto)\s*$")
_OF_THE_BASELINE = re.compile(r"^\s?%?\s*of\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+){0,2}?(?:teacher|baseline|"
                              r"original|full|dense|uncompressed|unpruned|oracle|reference|upper bound|"
                              r"fp16|fp32|full-precision|full precision|base model|larger|counterpart)", re.I)
_TIMES_THE = re.compile(r"^\s?(?:×|x|times)\s+(?:the|as|of|that|less|fewer|more|smaller|larger|lower|higher)\b",
                        re.I)

# -- flags ---------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[;:]|,\s(?:and|but|while|whereas|which)\b|\bwhile\b|\bwhereas\b|\bbut\b")
_NEGATED = re.compile(
    r"\b(?:not|n't|never|no longer|fail(?:s|ed|ing)? to|unable to|cannot|can't|without reaching)\s+"
    r"(?:\w+\s+){0,3}?(?:achiev|reach|attain|exceed|surpass|obtain|get|scor|perform|match|improv|outperform|"
    r"yield|produc|go|rise|drop|fall|reduc|surpass|hit|break|cross)\w*\b|"
    r"\bno\s+(?:\w+\s+){0,2}?(?:achiev|reach|scor|exceed|surpass|obtain)\w*\b", re.I)
_HYPOTHETICAL = re.compile(
    r"\b(?:could|would|might|may|should|expected to|aims? (?:to|for|at)|aiming (?:to|for|at)|targets?|"
    r"targeting|goal of|hopes? to|potentially|projected to|predicted to|estimated to|promises? to|"
    r"hypothesi[sz]e|if\b|whether|(?:is|are)\s+designed to|intended to|likely to)\b", re.I)


def _after(text: str, end: int, n: int = 60) -> str:
    return text[end : end + n]


def not_a_result(text: str, start: int, end: int, unit: str | None, integer: bool, sent0: int,
                 metric_before: bool) -> str | None:
    """Why the number at ``text[start:end]`` is a setting, a name or a count, or None.

    ``metric_before`` says a metric mention ends just before the number ("BLEU 28.4").
    """
    before = text[max(sent0, start - 40) : start]
    after = _after(text, end)
    if text.startswith("+", end) and not text.startswith(("+/-", "+-"), end) and not text[end + 1 : end + 2].isdigit():
        return "a lower bound (80+%, 100+ tasks), not a measured value"
    if _PLUS_MINUS.search(before):
        return "spread: the number after ± is a standard deviation or error bar"
    if _MATH_INDEX_BEFORE.search(before):
        return "a subscript or exponent in a formula"
    if _VERSION_BEFORE.search(before):
        return "a version or licence number"
    if _ORDINAL_AFTER.match(after):
        return "ordinal"
    if unit is None and _DATE_AFTER.match(after):
        return "date"
    if unit is None and (_RATIO.match(after) or _RATIO_BEFORE.search(before)) and not metric_before:
        return "ratio or fraction of a setup (1:1, 1/10)"
    if _CONDITION_BEFORE.search(before) or (_AT_BEFORE.search(before) and _CONDITION_AFTER.match(after)):
        return "a measurement condition (at 95% precision, threshold of 0.5)"
    if unit is None and not metric_before and _ASSIGN_BEFORE.search(before) and not STATISTIC_BEFORE.search(before):
        return "a symbol set to a value (k = 5): a setting"
    if unit == "%" and _LABELED_SHARE.match(after):
        return "a share of the training data (a setting)"
    if unit == "%" and _SPLIT_BEFORE.search(before):
        return "the share of a data split (training 70%)"
    if integer and unit is None and not metric_before:
        k = _COUNT_AFTER.match(after)
        if k and k.group("noun") not in _NOT_COUNTED and not _CHANGE_AFTER.match(after):
            return f"a count of {k.group('noun')}"
    if integer and unit is None and _ENUM.search(before) and _ENUM_AFTER.match(after) and len(text[start:end]) <= 2:
        return "an enumeration (1)"
    if integer and unit is None and not metric_before and _NAME_BEFORE.search(before) and (
        _CAPITAL_BEFORE.search(before) or not _CHANGE_AFTER.match(after)
    ):
        return "part of a name or reference (Table 2, Pixel 1, COCO 2017)"
    if unit == "%":
        k = _SHARE_OF.match(after) or _SHARE_ANY.match(after)
        if k and not _SHARE_CLAIM.search(text[max(sent0, start - 60) : start]) and not _SHARE_OF_SCORE.search(
            after[: k.end()]
        ):
            return f"a share of {k.group('noun')}, not a system's score"
    return None


def change_cue(text: str, start: int, end: int, sent0: int, sign: str | None, unit: str | None) -> str | None:
    """Why the number is a difference or ratio, or None."""
    after = _MARKUP_AFTER.sub("", _after(text, end, 50))
    before = text[max(sent0, start - 80) : start]
    before = _MARKUP_BEFORE.sub(" ", before) if _MARKUP_BEFORE.search(before) else before
    if sign == "+":
        return "signed +: a gain"
    if sign in ("-", "−") and unit in ("%", "pp"):
        return "signed -: a drop"
    if unit == "pp":
        return "percentage points: a difference of two scores"
    if unit == "x":
        return "a factor (×): a ratio against another system"
    if _TIMES_THE.match(text, end) or _TIMES_THE.match(after):
        return "n times the ...: a ratio"
    if _OF_THE_BASELINE.match(after):
        return "a share of the baseline's value: a ratio"
    k = _CHANGE_AFTER.match(after)
    if k and not after[: k.end()].rstrip().lower().endswith(("over", "above", "below")):
        return f"'{' '.join(after[: k.end()].split())}' after the number"
    if k:
        # "5% over the baseline", "2 points above": a difference when a comparison follows.
        return f"'{' '.join(after[: k.end()].split())}' after the number"
    b = _CHANGE_BEFORE.search(before) or _CHANGE_NOUN_OF.search(before)
    if b:
        return f"'{' '.join(before[b.start():].split())}' before the number"
    return None


def list_head(text: str, start: int, sent0: int) -> bool:
    """Is the number the second or later of a list ("by 5.1% and 5.4%", "2.2% and 21.1%")?"""
    return bool(_LIST_BEFORE.search(text, max(sent0, start - 12), start))


def clause_before(text: str, start: int, sent0: int) -> tuple[int, str]:
    """The clause that leads to the number: from the last clause break (``;``, ``, but``)."""
    window_start = max(sent0, start - 160)
    window = text[window_start:start]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(window):
        cut = m.end()
    return window_start + cut, window[cut:]


def flag(text: str, start: int, sent0: int) -> tuple[str, str | None]:
    """``("negated" | "hypothetical" | "none", reason)`` from the clause before the number."""
    _, clause = clause_before(text, start, sent0)
    k = _NEGATED.search(clause)
    if k:
        return "negated", f"'{' '.join(k.group(0).split())}'"
    k = _HYPOTHETICAL.search(clause)
    if k:
        return "hypothetical", f"'{k.group(0)}'"
    return "none", None
