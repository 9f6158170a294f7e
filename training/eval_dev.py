"""Score a trained NER model on the dev split, per corpus and type, and check its confidences.

    .venv/bin/python training/eval_dev.py MODEL_DIR [--data ../shared/data/train]

Uses the ``ner_model`` component exactly as shipped (own tokenizer, greedy
decoding); exact span and type match against the raw dev annotation. The
calibration table splits predicted spans into confidence quintiles and gives
the precision of each.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy

from papergraph.evaluate.spans import format_scores, score
from papergraph.extract.ner import add_ner
from papergraph.training.corpus import CORPUS_LABELS, read_gold
from papergraph.types import LABELS

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", type=Path)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "train")
    a = ap.parse_args()
    golds = read_gold(a.data, split="dev")
    nlp = spacy.blank("en")
    add_ner(nlp, model_dir=a.model)
    preds, scored = [], []
    for g, doc in zip(golds, nlp.pipe([g.text for g in golds]), strict=True):
        group = doc.spans["ner"]
        spans = [(s.start_char, s.end_char, s.label_) for s in group]
        preds.append(spans)
        types = CORPUS_LABELS.get(g.corpus, LABELS)
        gold = set(g.spans)
        scored += [(p, sp in gold) for sp, p in zip(spans, group.attrs["scores"], strict=True) if sp[2] in types]
    print(format_scores(score(golds, preds)))
    scored.sort()
    print("\nconfidence       spans  precision")
    for q in range(5):
        part = scored[q * len(scored) // 5 : (q + 1) * len(scored) // 5]
        if part:
            prec = sum(ok for _, ok in part) / len(part)
            print(f"{part[0][0]:.2f} - {part[-1][0]:.2f}  {len(part):6d}  {prec:9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
