"""Train the static floret vectors the NER's tok2vec reads: `python training/vectors.py`.

    .venv/bin/python training/vectors.py [--corpus ../shared/data/corpus/arxiv-abstracts.jsonl.gz]
        [--out training/output/vectors] [--limit 40000] [--threads 1]

Steps, all with fixed settings and seed so the table is rebuilt from the
unlabeled arXiv corpus alone (no overlap with any labelled dev or test set):

1. titles and abstracts are tokenized with papergraph's own tokenizer
   (``papergraph.tokenizer.v1``), one text per line, tokens space-joined, case
   kept (the tok2vec looks vectors up by the exact token text);
2. ``floret`` (pip package ``floret``) trains skipgram vectors in floret mode:
   words and their character 4-5-grams share one small hashed table, so any
   unseen scientific name still gets a vector from its subwords;
3. ``spacy init vectors`` converts the table into a spaCy vocab directory,
   which ``[paths] vectors`` in ``training/config.cfg`` points at. The table
   ends up inside the trained pipeline (``vocab/vectors``), so it ships with
   the model and nothing is downloaded at run time.

floret seeds its random generator with a constant (0), so with ``--threads 1``
(the default) training is single-threaded and should repeat exactly; more threads are faster but update the table in a racy order.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Small table: BUCKET x DIM float32 is what ships (20,000 x 100 x 4 B = 8 MB).
FLORET = {
    "model": "skipgram",
    "mode": "floret",
    "dim": 100,
    "bucket": 20_000,
    "hashCount": 2,
    "minn": 4,
    "maxn": 5,
    "minCount": 5,
    "epoch": 5,
    "ws": 5,
    "neg": 5,
    "lr": 0.05,
}


def tokenized_lines(corpus: Path, *, limit: int | None) -> list[str]:
    """Title + abstract per record, tokenized by papergraph's tokenizer, whitespace collapsed."""
    from papergraph.extract.tokenizer import blank_nlp

    nlp = blank_nlp()
    texts = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(texts) >= limit:
                break
            row = json.loads(line)
            text = f"{row.get('title') or ''}. {row.get('abstract') or ''}"
            texts.append(" ".join(text.split()))
    return [" ".join(t.text for t in doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz")
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "output" / "vectors")
    ap.add_argument("--limit", type=int, default=40_000, help="first N records of the corpus")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    import floret

    a.out.mkdir(parents=True, exist_ok=True)
    text_path = a.out / "corpus.txt"
    if not text_path.exists():
        lines = tokenized_lines(a.corpus, limit=a.limit)
        text_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"tokenized {len(lines)} texts -> {text_path}")
    model = floret.train_unsupervised(str(text_path), thread=a.threads, verbose=1, **FLORET)
    vec_path = a.out / "vectors.floret"
    model.save_floret_vectors(str(vec_path))
    print(f"floret vectors -> {vec_path}")
    spacy_dir = a.out / "spacy"
    subprocess.run(
        [sys.executable, "-m", "spacy", "init", "vectors", "en", str(vec_path), str(spacy_dir), "--mode", "floret"],
        check=True,
    )
    print(f"spaCy vectors -> {spacy_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
