"""Rebuild the shipped NER model: `python training/train.py [--install]`.

Same as `papergraph train`; kept as a script so the model can be rebuilt
from a checkout without the CLI. Logs go to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from papergraph.evaluate.spans import format_scores
from papergraph.extract.ner import MODEL_DIR
from papergraph.training.ner import train_ner

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "train")
    ap.add_argument("--config", type=Path, default=ROOT / "training" / "config.cfg")
    ap.add_argument("--output", type=Path, default=ROOT / "training" / "output" / "run")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--tokenizer", default=None, help="registered spaCy tokenizer name")
    ap.add_argument("--vectors", type=Path, default=None, help="spaCy vectors dir (training/vectors.py)")
    ap.add_argument("--oversample", default=None, help="copies per corpus, e.g. scierc=3,tdmsci=3,scirex=1")
    ap.add_argument("--aux", action="store_true", help="also train SciERC's OtherScientificTerm/Generic as labels")
    ap.add_argument("--init-tok2vec", type=Path, default=None, help="weights from training/pretrain.py")
    ap.add_argument("--install", action="store_true", help="copy model-best into the package")
    a = ap.parse_args()
    report = train_ner(
        train_dir=a.data,
        output_dir=a.output,
        config_path=a.config,
        seed=a.seed,
        max_steps=a.max_steps,
        tokenizer=a.tokenizer,
        vectors=a.vectors,
        oversample={k: int(v) for k, v in (x.split("=") for x in a.oversample.split(","))} if a.oversample else None,
        aux_labels=a.aux,
        init_tok2vec=a.init_tok2vec,
        install_to=MODEL_DIR if a.install else None,
        log=sys.stdout,
    )
    print(f"train texts {report.n_train}, dev texts {report.n_dev}, dropped spans {report.dropped_spans}")
    print(format_scores(report.scores))
    print(f"span priors: min_rate {report.prior_threshold:.2f} (chosen on dev)")
    if report.installed_to:
        print(f"installed {report.model_dir} -> {report.installed_to}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
