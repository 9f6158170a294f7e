"""What papergraph knows about a metric: its canonical key, which way is better,
and which values it can take.

Metric names reach the graph as the papers wrote them ("Top-1", "top-1 acc.",
"Top-1 Accuracy"); leaderboards group by :func:`canonical_metric` at query time
so that a build never has to be redone when these rules improve.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Literal

Direction = Literal["higher", "lower"]

# Checked before _LOWER: "memory efficiency" or "energy saving" is better when higher,
# although "memory" and "energy" alone are costs.
_HIGHER_FIRST = re.compile(r"\b(?:efficiency|efficient|savings?|speed|speed-?ups?|throughput)\b")
# Checked before _HIGHER: "top-1 error" is an error even though it says top-1.
_LOWER = re.compile(
    r"\b(?:error|errors|err|wer|cer|ter|per|perplexity|ppl|fid|kid|fvd|latency|loss|mse|rmse|mae"
    r"|mape|nll|ece|eer|lpips|chamfer|epe|bpc|bpd|bits per \w+|miss rate|false (?:positive|alarm)"
    r"|fpr|fnr|regret|ade|fde|distance|inference time|runtime|run time|memory|flops?|[gmt]flops?|macs|noc(?:@\d+)?"
    r"|parameters|params|energy|cost|hausdorff|abs ?rel|sq ?rel|word error rate|drop"
    r"|(?:training|inference|search|wall-?clock|gpu|compute|decoding|generation|running) time"
    r"|gpu[ -]?(?:hours|days)|model size|consumption|footprint|overhead)\b"
)
_HIGHER = re.compile(
    r"\b(?:accuracy|acc|top-?\d|f1|f-?score|f-?measure|bleu|rouge(?:-\w+)?|meteor|cider|spice"
    r"|chrf|bertscore|m?ap(?:@?[\w.]+)?|ap\d*|auc|auroc|roc|precision|recall|r@\d+|recall@\d+"
    r"|iou|miou|dice|psnr|ssim|ms-ssim|em|exact match|hits?@?\d*|ndcg(?:@\d+)?|mrr|success rate"
    r"|sr|pass@\d+|win rate|clip ?score|inception score|is|reward|return|fps|throughput"
    r"|speedup|spearman|pearson|correlation|kappa|r2|mcc|pq|nds|mota|hota|idf1|sacrebleu"
    r"|coverage|agreement|elo)\b"
)


@lru_cache(maxsize=4096)
def metric_direction(name: str) -> Direction | None:
    """``"higher"`` for accuracy-like metrics, ``"lower"`` for errors and costs, or None.

    >>> [metric_direction(m) for m in ("top-1 accuracy", "Top-1 error", "FID", "mAP", "MOS-X")]
    ['higher', 'lower', 'lower', 'higher', None]
    >>> [metric_direction(m) for m in ("training time", "GFLOPs", "memory efficiency")]
    ['lower', 'lower', 'higher']
    """
    s = " ".join(name.lower().replace("_", " ").split())
    if _HIGHER_FIRST.search(s):
        return "higher"
    if _LOWER.search(s):
        return "lower"
    if _HIGHER.search(s):
        return "higher"
    return None


# -- canonical keys --------------------------------------------------------------

# Single words that are abbreviations or plurals of the word every paper uses.
_WORDS = {
    "acc": "accuracy",
    "accuracies": "accuracy",
    "err": "error",
    "errors": "error",
    "flop": "flops",
    "params": "parameters",
    "#params": "parameters",
    "parameter": "parameters",
    "ppl": "perplexity",
}
# Whole names that mean one metric.
_PHRASES = {
    "f1 score": "f1",
    "f1-score": "f1",
    "f-1": "f1",
    "f1 measure": "f1",
    "f1-measure": "f1",
    "bleu score": "bleu",
    "fid score": "fid",
    "frechet inception distance": "fid",
    "word error rate": "wer",
    "character error rate": "cer",
    "mean average precision": "map",
    "mean iou": "miou",
    "mean intersection over union": "miou",
    "# parameters": "parameters",
    "number of parameters": "parameters",
    "parameter count": "parameters",
    "model parameters": "parameters",
    "em": "exact match",
    "error rate": "error",
}
_TOPK = re.compile(r"\btop[\s-]?(\d+)\b")
_TOPK_ALONE = re.compile(r"^(top-\d+)(?: rate)?$")
_PERCENT = re.compile(r"\(\s*%\s*\)|%")
_AT = re.compile(r"\s*@\s*")
_ERROR_RATE = re.compile(r"\berror rate\b")


@lru_cache(maxsize=8192)
def canonical_metric(name: str) -> str:
    """The key under which leaderboards group a metric name.

    Case, spacing, abbreviations and "(%)" do not matter; "Top-1" alone means
    top-1 accuracy. Different metrics keep different keys: "accuracy" is not
    "top-1 accuracy", and "GFLOPs" (another scale) is not "FLOPs".

    >>> {canonical_metric(m) for m in ("Top-1", "top-1 accuracy", "Top-1 Acc.", "top1 acc (%)")}
    {'top-1 accuracy'}
    >>> [canonical_metric(m) for m in ("FLOPS", "#Params", "F1-score", "Top-1 error rate")]
    ['flops', 'parameters', 'f1', 'top-1 error']
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower().replace("_", " ")
    s = _AT.sub("@", _PERCENT.sub(" ", s))
    s = _TOPK.sub(r"top-\1", s)
    s = " ".join(s.split()).strip(" .,:;")
    s = " ".join(_WORDS.get(w.rstrip("."), w) for w in s.split())
    s = _PHRASES.get(s, s)
    s = _ERROR_RATE.sub("error", s)
    return _TOPK_ALONE.sub(r"\1 accuracy", s)


# -- plausible values ------------------------------------------------------------

# Scores that live in 0..100 (as a percentage) or 0..1 (as a fraction). Word and
# character error rates are left out: insertions can push them above 100%.
_BOUNDED = re.compile(
    r"\b(?:accuracy|top-\d+ accuracy|f1|f-?score|f-?measure|precision|recall|iou|miou|dice"
    r"|map|ap\d*|auc|auroc|exact match|success rate|win rate|pass@\d+|hits@\d+|r@\d+"
    r"|recall@\d+|ndcg(?:@\d+)?|mrr|bleu|sacrebleu|rouge(?:-\w+)?|meteor|chrf)\b"
    r"|^(?:(?:top-\d+|test|train|training|validation|val|classification|label)\s+)?error$"
)
# Costs: never negative, and given as a percentage they are a change, not a value.
_COST = re.compile(
    r"\b(?:latency|flops|gflops|macs|parameters|memory|energy|time|runtime|cost|model size"
    r"|consumption|footprint)\b"
)
_NON_NEGATIVE = re.compile(r"\b(?:fid|kid|fvd|wer|cer|mse|rmse|mae|lpips|perplexity)\b")
_PERCENT_UNITS = frozenset({None, "%", "pp"})


def is_bounded(key: str) -> bool:
    """Whether the metric (a :func:`canonical_metric` key) is a 0..100 score."""
    return bool(_BOUNDED.search(key)) and not _COST.search(key)


def implausible(key: str, value: float, unit: str | None) -> str | None:
    """Why ``value`` (in ``unit``, a normalised unit or None) cannot be an absolute
    ``key`` score, or None when it can.

    >>> implausible("top-1 accuracy", 285.9, None)
    'a top-1 accuracy of 285.9 is above 100'
    >>> implausible("accuracy", 80.0, "ms")
    "unit 'ms' does not fit accuracy, a 0-100 score"
    >>> implausible("flops", 1.9, "%") is not None, implausible("top-1 accuracy", 85.9, "%")
    (True, None)
    """
    if not math.isfinite(value):
        return "the value is not a finite number"
    if is_bounded(key):
        if unit not in _PERCENT_UNITS:
            return f"unit {unit!r} does not fit {key}, a 0-100 score"
        if value > 100:
            return f"a {key} of {value:g} is above 100"
        if value < 0:
            return f"a {key} of {value:g} is negative"
        return None
    if _COST.search(key):
        if unit == "%":
            return f"a percentage of {key} is a relative change, not an absolute value"
        if value < 0:
            return f"a {key} of {value:g} is negative"
        return None
    if _NON_NEGATIVE.search(key) and value < 0:
        return f"a {key} of {value:g} is negative"
    if key == "perplexity" and value < 1:
        return f"a perplexity of {value:g} is below 1"
    return None
