"""Throughput of the extraction rule layer beside a bare spaCy tokenizer pass.

    .venv/bin/python benchmarks/bench_extract.py [--n 5000] [--jobs 1] [--model] [--corpus PATH]

Prints abstracts/s for ``Extractor.extract`` (rule layer; ``--model`` adds the
trained NER when shipped) and for ``spacy.blank("en").tokenizer`` over the same
title+abstract texts, and their ratio.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from itertools import islice
from pathlib import Path

import spacy

from papergraph.extract import load_extractor
from papergraph.types import Paper

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz"


def load_papers(path: Path, n: int) -> list[Paper]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in islice(fh, n)]
    return [Paper(id=str(r.get("id", i)), title=r.get("title") or "", abstract=r.get("abstract") or "") for i, r in enumerate(rows)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="number of abstracts")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes for the extractor")
    ap.add_argument("--model", action="store_true", help="include the trained NER component")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus} (pass --corpus)", file=sys.stderr)
        return 0
    papers = load_papers(args.corpus, args.n)
    texts = [f"{p.title}\n\n{p.abstract}" for p in papers]

    tok = spacy.blank("en").tokenizer
    t0 = time.perf_counter()
    for _ in tok.pipe(texts, batch_size=256):
        pass
    tok_rate = len(texts) / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    extractor = load_extractor(use_model=args.model)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_out = sum(1 for _ in extractor.extract(papers, n_process=args.jobs))
    ext_rate = n_out / (time.perf_counter() - t0)

    layer = "rules+NER" if "ner_model" in extractor.nlp.pipe_names else "rule layer"
    print(f"abstracts:            {len(papers)}")
    print(f"pipeline load:        {load_s:.2f} s ({', '.join(extractor.nlp.pipe_names)})")
    print(f"spaCy tokenizer only: {tok_rate:9.0f} abstracts/s")
    print(f"papergraph {layer:10s}: {ext_rate:9.0f} abstracts/s (jobs={args.jobs})")
    print(f"ratio extract/tokenizer: {ext_rate / tok_rate:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
