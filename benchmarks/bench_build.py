"""End-to-end `build` throughput and peak memory on the arXiv corpus.

Prints per-stage seconds, abstracts/s and peak RSS for a build of the first N
abstracts of ../shared/data/corpus/arxiv-abstracts.jsonl.gz, beside a spaCy
tokenizer-only pass over the same texts measured in the same run (the
baseline: machines here are noisy, so compare ratios, not seconds).

    python benchmarks/bench_build.py --n 5000 [--jobs 2] [--no-model]
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
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found (the shared corpus)", file=sys.stderr)
        return 0

    from papergraph.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with gzip.open(args.corpus, "rt", encoding="utf-8") as fh, sample.open("w") as out:
            lines = list(itertools.islice(fh, args.n))
            out.writelines(lines)
        texts = [json.loads(line)["abstract"] for line in lines]

        base = tokenizer_pass(texts)
        t0 = time.perf_counter()
        report = build(
            [sample], Path(tmp) / "out", jobs=args.jobs, use_model=not args.no_model
        )
        wall = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    n = report.papers_written
    print(f"abstracts            {n}")
    print(f"model                {'off (rules only)' if args.no_model else 'on'}; jobs {args.jobs}")
    for stage, secs in report.timings.items():
        print(f"  {stage:<18} {secs:8.2f} s")
    print(f"build wall           {wall:8.2f} s   {n / wall:8.0f} abstracts/s")
    print(f"tokenizer-only pass  {base:8.2f} s   {n / base:8.0f} abstracts/s")
    print(f"build / tokenizer    {wall / base:8.1f} x")
    print(f"peak RSS             {peak_mb:8.0f} MB (main)  {children_mb:8.0f} MB (largest worker)")
    print(f"graph                {report.nodes} nodes, {report.edges} edges, {report.triples} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
