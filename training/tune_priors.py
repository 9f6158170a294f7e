"""Choose the span-prior threshold on dev and write ``priors.json`` beside a model.

    .venv/bin/python training/tune_priors.py MODEL_DIR [--data ../shared/data/train] [--write]

``papergraph train`` does this itself for the model it trains; this script
shows the whole table for any model. Annotation rates come from the training
split only (``papergraph.extract.priors``); the threshold kept is the one with
the best mean F1 over SciERC and TDMSci dev, the corpora the NER is judged by.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from papergraph.training.corpus import read_gold
from papergraph.training.ner import tune_priors

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", type=Path)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "train")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="save priors.json with the chosen threshold")
    a = ap.parse_args()
    dev = read_gold(a.data, split="dev")
    priors, table = tune_priors(a.model, a.data, dev, min_count=a.min_count)
    print(f"{len(priors.rates)} span texts with an annotation rate (seen >= {a.min_count} times in train)")
    corpora = ("scierc", "tdmsci", "scirex", "all")
    print(f"{'min_rate':>8} " + " ".join(f"{c:>7}" for c in corpora))
    for t, f1 in table:
        print(f"{t:8.2f} " + " ".join(f"{f1.get(c, 0.0):7.3f}" for c in corpora))
    print(f"chosen min_rate {priors.min_rate:.2f}")
    if a.write:
        print(f"wrote {priors.to_disk(a.model)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
