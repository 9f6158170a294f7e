"""End-to-end `build` throughput and peak memory on the arXiv corpus, from scratch and from the cache.

Builds the first N abstracts of ../shared/data/corpus/arxiv-abstracts.jsonl.gz
three times into one output folder and prints per-stage seconds for each:

  full       an empty extraction cache: every abstract is extracted
  unchanged  the same input again: every extraction comes from the cache
  +1%        the input grown by --grow percent new abstracts: only those are extracted

beside a spaCy tokenizer-only pass over the same texts measured in the same run
(the baseline: machines here are noisy, so compare ratios, not seconds).

    python benchmarks/bench_build.py --n 5000 [--jobs 2] [--no-model] [--grow 1] [--engine dask]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz"


def tokenizer_pass(texts: list[str]) -> float:
    import spacy

    tok = spacy.blank("en").tokenizer
    t0 = time.perf_counter()
    for _ in tok.pipe(texts, batch_size=1000):
        pass
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="abstracts to build (default 5000)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--no-model", action="store_true", help="rules and gazetteer only")
    ap.add_argument("--grow", type=float, default=1.0, help="percent of new abstracts for the third build (default 1)")
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found (the shared corpus)", file=sys.stderr)
        return 0

    from papergraph.pipeline import build

    added = max(1, round(args.n * args.grow / 100))
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, args.n + added))
    texts = [json.loads(line)["abstract"] for line in lines[: args.n]]
    base = tokenizer_pass(texts)

    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        # One input path for every build: papers.jsonl records it.
        sample, out = Path(tmp) / "sample.jsonl", Path(tmp) / "out"
        options = {"jobs": args.jobs, "use_model": not args.no_model, "engine": args.engine}
        for name, rows in (("full", args.n), ("unchanged", args.n), (f"+{added} new", args.n + added)):
            sample.write_text("".join(lines[:rows]), encoding="utf-8")
            t0 = time.perf_counter()
            report = build([sample], out, **options)
            runs[name] = (time.perf_counter() - t0, report)
        cache_mb = sum(p.stat().st_size for p in (out / ".cache").iterdir()) / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    n = runs["full"][1].papers_written
    print(f"abstracts            {n} (then {added} more)")
    print(f"model                {'off (rules only)' if args.no_model else 'on'}; jobs {args.jobs}; engine {args.engine}")
    print(f"{'':<20} " + " ".join(f"{name:>12}" for name in runs))
    print(f"{'  extracted':<20} " + " ".join(f"{r.cache_misses:>12}" for _, r in runs.values()))
    print(f"{'  from the cache':<20} " + " ".join(f"{r.cache_hits:>12}" for _, r in runs.values()))
    for stage in runs["full"][1].timings:
        print(f"  {stage:<18} " + " ".join(f"{r.timings.get(stage, 0):>10.2f} s" for _, r in runs.values()))
    print(f"{'build wall':<20} " + " ".join(f"{wall:>10.2f} s" for wall, _ in runs.values()))
    full = runs["full"][0]
    print(f"{'  / full build':<20} " + " ".join(f"{wall / full:>12.2f}" for wall, _ in runs.values()))
    print(f"{'  / tokenizer pass':<20} " + " ".join(f"{wall / base:>12.1f}" for wall, _ in runs.values()))
    print(f"tokenizer-only pass  {base:8.2f} s   {n / base:8.0f} abstracts/s")
    print(f"full build           {n / full:8.0f} abstracts/s")
    print(f"cache file           {cache_mb:8.1f} MB ({cache_mb * 1e3 / (n + added):.1f} kB an abstract)")
    print(f"peak RSS             {peak_mb:8.0f} MB (main)  {children_mb:8.0f} MB (largest worker)")
    report = runs["full"][1]
    print(f"graph                {report.nodes} nodes, {report.edges} edges, {report.triples} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
