"""Seed-style dev F1 of the extractor with a given NER model (default: the shipped one).

    .venv/bin/python training/seeds_dev.py [--model MODEL_DIR] [seeds_eval options]

Same table as ``python -m papergraph.evaluate.seeds``, but the ``ner_model``
component loads MODEL_DIR, so a candidate can be judged before it is installed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import papergraph.extract.ner as ner
from papergraph.evaluate import seeds as seeds_eval


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=None)
    a, rest = ap.parse_known_args()
    if a.model is not None:
        # The component reads the module default when no model_dir is given.
        ner.MODEL_DIR = a.model.resolve()
    return seeds_eval.main(rest)


if __name__ == "__main__":
    sys.exit(main())
