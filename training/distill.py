"""Label unlabeled abstracts with a vote of several NER models: `python training/distill.py`.

    .venv/bin/python training/distill.py TEACHER_DIR [TEACHER_DIR ...]
        [--corpus ../shared/data/corpus/arxiv-abstracts.jsonl.gz] [--skip 40000] [--limit 4000]
        [--min-votes N] [--out training/output/silver.jsonl]

Each teacher is a trained model directory (``papergraph train --seed N`` writes
one per seed) and predicts exactly as shipped, span priors included. A span is
kept when at least ``--min-votes`` teachers (default: a majority) predict it
with the same boundaries and type; with a strict majority, kept spans cannot
overlap. The abstracts are ``--limit`` corpus records after the first
``--skip`` (the first 40,000 went into the floret vectors and tok2vec
pretraining; no record of the corpus is in any labelled dev or test set).

``papergraph train --silver OUT`` then trains one model on the gold training
data plus these texts, so a single model learns from the ensemble's vote.
Dev scores and checkpoint selection stay on the gold dev split.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_abstracts(corpus: Path, *, skip: int, limit: int) -> list[tuple[str, str]]:
    """(id, abstract with whitespace collapsed) of ``limit`` records after the first ``skip``."""
    out = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in islice(fh, skip, skip + limit):
            row = json.loads(line)
            text = " ".join((row.get("abstract") or "").split())
            if text:
                out.append((str(row.get("id", len(out))), text))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("teachers", type=Path, nargs="+", help="trained model directories")
    ap.add_argument(
        "--corpus",
        type=Path,
        default=ROOT.parent / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz",
    )
    ap.add_argument("--skip", type=int, default=40_000, help="records to pass over first")
    ap.add_argument("--limit", type=int, default=4_000, help="records to label")
    ap.add_argument(
        "--min-votes", type=int, default=None, help="default: a strict majority of the teachers"
    )
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "output" / "silver.jsonl")
    a = ap.parse_args()

    from papergraph.training.ner import predict_spans, vote

    min_votes = a.min_votes if a.min_votes is not None else len(a.teachers) // 2 + 1
    if not 1 <= min_votes <= len(a.teachers):
        ap.error(f"--min-votes must be between 1 and {len(a.teachers)}")
    rows = read_abstracts(a.corpus, skip=a.skip, limit=a.limit)
    texts = [t for _, t in rows]
    per_teacher = []
    for d in a.teachers:
        print(f"labelling {len(texts)} abstracts with {d}", file=sys.stderr)
        per_teacher.append(predict_spans(d, texts))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    n_spans = 0
    tmp = a.out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as dst:
        for i, (key, text) in enumerate(rows):
            spans = vote([p[i] for p in per_teacher], min_votes)
            n_spans += len(spans)
            dst.write(
                json.dumps({"id": key, "text": text, "spans": [list(s) for s in spans]}) + "\n"
            )
    tmp.replace(a.out)
    print(
        f"wrote {len(rows)} texts, {n_spans} spans (at least {min_votes} of {len(a.teachers)} votes) to {a.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
