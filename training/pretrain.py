"""Pretrain the NER's tok2vec on unlabeled arXiv abstracts: `python training/pretrain.py`.

    .venv/bin/python training/pretrain.py [--corpus ../shared/data/corpus/arxiv-abstracts.jsonl.gz]
        [--out training/output/pretrain] [--limit 40000] [--vectors DIR]

``spacy pretrain`` with the characters objective: the tok2vec of
``training/config.cfg`` (same hash embeddings, static vectors and CNN) learns
to predict the first and last four characters of each word from its context.
Settings are in ``training/pretrain.cfg`` (merged onto ``config.cfg``).

1. the first ``--limit`` records of the corpus (the records the floret vectors
   were trained on; no overlap with any labelled dev or test set), title +
   abstract, are written one JSON text per line to ``OUT/texts.jsonl``;
2. one pass over them (seed 0, single-threaded); the weights land in
   ``OUT/model-last.bin``;
3. ``training/train.py --init-tok2vec OUT/model-last.bin`` starts the NER's
   tok2vec from them.

The static vectors are read from the shipped model unless ``--vectors`` names
another spaCy directory (``training/vectors.py`` writes one).
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_texts(corpus: Path, out: Path, *, limit: int, skip: int = 0) -> int:
    """Title + abstract of ``limit`` records after the first ``skip``, whitespace collapsed, as JSONL."""
    n = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for _ in zip(range(skip), fh, strict=False):
            pass
        for line in fh:
            if n >= limit:
                break
            row = json.loads(line)
            text = " ".join(f"{row.get('title') or ''}. {row.get('abstract') or ''}".split())
            dst.write(json.dumps({"text": text}) + "\n")
            n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz")
    ap.add_argument("--config", type=Path, default=ROOT / "training" / "config.cfg")
    ap.add_argument("--pretrain-config", type=Path, default=ROOT / "training" / "pretrain.cfg")
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "output" / "pretrain")
    ap.add_argument("--limit", type=int, default=40_000, help="first N records of the corpus")
    ap.add_argument("--skip", type=int, default=0, help="records to pass over before the first one used")
    ap.add_argument("--resume", type=Path, default=None, help="continue from weights of an earlier pass")
    ap.add_argument("--vectors", type=Path, default=None, help="spaCy vectors dir (default: the shipped model's)")
    a = ap.parse_args()

    from spacy.training.pretrain import pretrain
    from thinc.api import Config

    import papergraph.extract.tokenizer  # noqa: F401  (registers papergraph.tokenizer.v1)
    from papergraph.training.ner import _vectors_source

    a.out.mkdir(parents=True, exist_ok=True)
    texts = a.out / "texts.jsonl"
    print(f"{write_texts(a.corpus, texts, limit=a.limit, skip=a.skip)} texts -> {texts}")
    raw = Config().from_disk(a.config, interpolate=False)
    raw = raw.merge(Config().from_disk(a.pretrain_config, interpolate=False))
    raw["paths"]["raw_text"] = str(texts)
    raw["paths"]["vectors"] = str(_vectors_source(a.vectors))
    raw.to_disk(a.out / "config.cfg")
    pretrain(raw.interpolate(), a.out, resume_path=a.resume, epoch_resume=0 if a.resume else None, silent=False)
    print(f"pretrained tok2vec -> {a.out / 'model-last.bin'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
