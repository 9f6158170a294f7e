"""Throughput of the extraction rule layer beside a bare spaCy tokenizer pass.

    .venv/bin/python benchmarks/bench_extract.py [--n 5000] [--jobs 1] [--model] [--corpus PATH]

Prints abstracts/s for ``Extractor.extract`` (rule layer; ``--model`` adds the
trained NER when shipped) and for ``spacy.blank("en").tokenizer`` over the same
title+abstract texts, and their ratio. The two run alternately on the same
chunks of abstracts, so a load spike from other work on the machine hits both
and the ratio stays comparable between runs; CPU-time rates (this process
only) are printed too. With ``--jobs N`` the extractor also makes one pass
with N worker processes, timed by the wall clock.
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

from papergraph.extract import is_compiled, load_extractor
from papergraph.types import Paper

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz"


def load_papers(path: Path, n: int) -> list[Paper]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in islice(fh, n)]
    return [Paper(id=str(r.get("id", i)), title=r.get("title") or "", abstract=r.get("abstract") or "") for i, r in enumerate(rows)]


class Clock:
    """Wall and process CPU seconds spent inside ``with`` blocks."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._w
        self.cpu += time.process_time() - self._c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="number of abstracts")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes for an extra extractor pass")
    ap.add_argument("--model", action="store_true", help="include the trained NER component")
    ap.add_argument("--chunk", type=int, default=250, help="abstracts per alternating chunk")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus} (pass --corpus)", file=sys.stderr)
        return 0
    papers = load_papers(args.corpus, args.n)
    texts = [f"{p.title}\n\n{p.abstract}" for p in papers]

    t0 = time.perf_counter()
    extractor = load_extractor(use_model=args.model)
    load_s = time.perf_counter() - t0
    tok = spacy.blank("en").tokenizer

    tok_clock, ext_clock = Clock(), Clock()
    n_out = 0
    for i in range(0, len(papers), args.chunk):
        with tok_clock:
            for _ in tok.pipe(texts[i : i + args.chunk]):
                pass
        with ext_clock:
            n_out += sum(1 for _ in extractor.extract(papers[i : i + args.chunk]))
    assert n_out == len(papers)

    n = len(papers)
    layer = "rules+NER" if "ner_model" in extractor.nlp.pipe_names else "rule layer"
    print(f"abstracts:               {n}")
    print(f"build:                   {'compiled (mypyc)' if is_compiled() else 'pure Python'}")
    print(f"pipeline load:           {load_s:.2f} s ({', '.join(extractor.nlp.pipe_names)})")
    print("                         wall abstracts/s   cpu abstracts/s")
    print(f"spaCy tokenizer only:    {n / tok_clock.wall:16.0f} {n / tok_clock.cpu:17.0f}")
    print(f"papergraph {layer:10s}:   {n / ext_clock.wall:16.0f} {n / ext_clock.cpu:17.0f}  (jobs=1)")
    print(f"ratio extract/tokenizer: {tok_clock.wall / ext_clock.wall:16.3f} {tok_clock.cpu / ext_clock.cpu:17.3f}")
    if args.jobs != 1:
        t0 = time.perf_counter()
        n_par = sum(1 for _ in extractor.extract(papers, n_process=args.jobs))
        par_rate = n_par / (time.perf_counter() - t0)
        print(f"papergraph {layer:10s}:   {par_rate:16.0f}  (jobs={args.jobs}, wall; tokenizer cache already warm in the parent)")
        print(f"ratio jobs={args.jobs}/jobs=1:      {par_rate / (n / ext_clock.wall):13.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
