"""Throughput of the extraction rule layer beside a bare spaCy tokenizer pass.

    .venv/bin/python benchmarks/bench_extract.py [--n 5000] [--jobs 1] [--model] [--corpus PATH]
    .venv/bin/python benchmarks/bench_extract.py --model --n 2000 --previous ccc1743

Prints abstracts/s for ``Extractor.extract`` (rule layer; ``--model`` adds the
trained NER when shipped) and for ``spacy.blank("en").tokenizer`` over the same
title+abstract texts, and their ratio. The two run alternately on the same
chunks of abstracts, so a load spike from other work on the machine hits both
and the ratio stays comparable between runs; CPU-time rates (this process
only) are printed too. With ``--jobs N`` the extractor also makes one pass
with N worker processes, timed by the wall clock.

``--previous REV`` also times the extractor of an earlier commit (its ``src/``
taken with ``git archive``) against this checkout's ``src/`` on the same
abstracts: the two run in turn in fresh processes, both as pure Python, and
the ratio this/previous is taken pair by pair (median of ``--pairs``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

import spacy

from papergraph.extract import is_compiled, load_extractor
from papergraph.types import Paper

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _previous import previous_sources  # noqa: E402  (a sibling module, after the path is set)

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
    ap.add_argument("--previous", metavar="REV", help="also time the extractor of this git revision, in turn with this one")
    ap.add_argument("--pairs", type=int, default=3, help="with --previous: this/previous pairs to run")
    ap.add_argument("--_time-src", dest="time_src", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.time_src is not None:
        return _time_once(args)
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
    if args.previous:
        _versus_previous(args)
    return 0


def _time_once(args: argparse.Namespace) -> int:
    """In a fresh process whose PYTHONPATH is ``args.time_src``: time one extraction pass."""
    papers = load_papers(args.corpus, args.n)
    extractor = load_extractor(use_model=args.model)
    extractor.extract(papers[:50])  # warm caches the same way for both
    clock = Clock()
    with clock:
        n_out = sum(1 for _ in extractor.extract(papers))
    print(json.dumps({"n": n_out, "wall": clock.wall, "cpu": clock.cpu}))
    return 0


def _versus_previous(args: argparse.Namespace) -> None:
    repo = Path(__file__).resolve().parents[1]
    here = repo / "src"
    with tempfile.TemporaryDirectory(prefix="pg-previous-") as tmp:
        previous = previous_sources(args.previous, Path(tmp))

        def run(src: Path) -> dict[str, float]:
            cmd = [sys.executable, __file__, "--_time-src", str(src), "--n", str(args.n), "--corpus", str(args.corpus)]
            if args.model:
                cmd.append("--model")
            env = {**os.environ, "PYTHONPATH": str(src)}
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=tmp).stdout
            return dict(json.loads(out.strip().splitlines()[-1]))

        pairs = []
        for _ in range(args.pairs):
            this, prev = run(here), run(previous)
            pairs.append((this, prev))
    n = pairs[0][0]["n"]
    med = statistics.median
    print(f"this checkout vs {args.previous} (pure Python both, {n} abstracts, {args.pairs} pairs, median):")
    print(f"  this:      {n / med(p[0]['wall'] for p in pairs):8.0f} abstracts/s wall")
    print(f"  previous:  {n / med(p[1]['wall'] for p in pairs):8.0f} abstracts/s wall")
    print(f"  time ratio this/previous: {med(p[0]['wall'] / p[1]['wall'] for p in pairs):.3f} wall, "
          f"{med(p[0]['cpu'] / p[1]['cpu'] for p in pairs):.3f} cpu")


if __name__ == "__main__":
    raise SystemExit(main())
