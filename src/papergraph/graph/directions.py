"""Which way is better for a metric: ``"higher"``, ``"lower"`` or unknown (None)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

Direction = Literal["higher", "lower"]

# Checked first: "top-1 error" is an error even though it says top-1.
_LOWER = re.compile(
    r"\b(?:error|errors|err|wer|cer|ter|per|perplexity|ppl|fid|kid|fvd|latency|loss|mse|rmse|mae"
    r"|mape|nll|ece|eer|lpips|chamfer|epe|bpc|bpd|bits per \w+|miss rate|false (?:positive|alarm)"
    r"|fpr|fnr|regret|ade|fde|distance|inference time|runtime|run time|memory|flops?|macs"
    r"|parameters|params|energy|cost|hausdorff|abs ?rel|sq ?rel|word error rate|drop)\b"
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
    """``"higher"`` for accuracy-like metrics, ``"lower"`` for errors, or None.

    >>> [metric_direction(m) for m in ("top-1 accuracy", "Top-1 error", "FID", "mAP", "MOS-X")]
    ['higher', 'lower', 'lower', 'higher', None]
    """
    s = " ".join(name.lower().replace("_", " ").split())
    if _LOWER.search(s):
        return "lower"
    if _HIGHER.search(s):
        return "higher"
    return None
