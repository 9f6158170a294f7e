"""End-to-end `build` time and peak memory on the arXiv corpus: from scratch, unchanged, and grown by 1%.

Builds the first N abstracts of ../shared/data/corpus/arxiv-abstracts.jsonl.gz
three times into one output folder and prints per-stage seconds for each:

  full       an empty extraction cache: every abstract is extracted
  unchanged  the same input again: every extraction comes from the cache
  +1%        the input grown by --grow percent new abstracts: only those are extracted

Each build runs in its own process, so the peak RSS printed is that build's
own (the main process; extraction workers apart). CPU seconds (the build's
process and its workers) are printed beside wall seconds: on a busy machine
they are the fairer comparison. A spaCy tokenizer-only pass over the same
texts is the baseline for throughput.

    python benchmarks/bench_build.py --n 20000 --jobs 2 --no-model [--grow 1] [--engine dask]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz"

# Run in a fresh interpreter per build: one build, then its figures as JSON on the last line.
_ONE_BUILD = """
import json, resource, sys, time
from papergraph.pipeline import build
args = json.loads(sys.argv[1])
t0 = time.perf_counter()
report = build([args["sample"]], args["out"], **args["options"])
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "wall": wall, "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
    "rss_mb": me.ru_maxrss / 1024, "worker_rss_mb": kids.ru_maxrss / 1024, "report": report.to_dict(),
}))
"""


def one_build(sample: Path, out: Path, options: dict) -> dict:
    arg = json.dumps({"sample": str(sample), "out": str(out), "options": options})
    done = subprocess.run(
        [sys.executable, "-c", _ONE_BUILD, arg], check=True, capture_output=True, text=True, env=os.environ
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


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

    added = max(1, round(args.n * args.grow / 100))
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, args.n + added))
    texts = [json.loads(line)["abstract"] for line in lines[: args.n]]
    base = tokenizer_pass(texts)

    runs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        # One input path for every build: papers.jsonl records it.
        sample, out = Path(tmp) / "sample.jsonl", Path(tmp) / "out"
        options = {"jobs": args.jobs, "use_model": not args.no_model, "engine": args.engine}
        for name, rows in (("full", args.n), ("unchanged", args.n), (f"+{added} new", args.n + added)):
            sample.write_text("".join(lines[:rows]), encoding="utf-8")
            runs[name] = one_build(sample, out, options)
        cache_mb = sum(p.stat().st_size for p in (out / ".cache").iterdir()) / 1e6

    reports = [r["report"] for r in runs.values()]
    n = reports[0]["papers_written"]

    def row(label: str, cells: list[str]) -> None:
        print(f"{label:<20} " + " ".join(f"{c:>12}" for c in cells))

    print(f"abstracts            {n} (then {added} more)")
    print(f"model                {'off (rules only)' if args.no_model else 'on'}; jobs {args.jobs}; engine {args.engine}")
    row("", list(runs))
    row("  extracted", [str(r["cache_misses"]) for r in reports])
    row("  from the cache", [str(r["cache_hits"]) for r in reports])
    row("  outputs reused", ["yes" if r.get("cache_reused") else "no" for r in reports])
    stages = list(dict.fromkeys(s for r in reports for s in r["timings"]))
    for stage in stages:
        row(f"  {stage}", [f"{r['timings'][stage]:.2f} s" if stage in r["timings"] else "-" for r in reports])
    full_wall, full_cpu = runs["full"]["wall"], runs["full"]["cpu"]
    row("build wall", [f"{r['wall']:.2f} s" for r in runs.values()])
    row("  / full build", [f"{r['wall'] / full_wall:.3f}" for r in runs.values()])
    row("build CPU", [f"{r['cpu']:.2f} s" for r in runs.values()])
    row("  / full build", [f"{r['cpu'] / full_cpu:.3f}" for r in runs.values()])
    row("peak RSS (main)", [f"{r['rss_mb']:.0f} MB" for r in runs.values()])
    row("peak RSS (worker)", [f"{r['worker_rss_mb']:.0f} MB" for r in runs.values()])
    print(f"tokenizer-only pass  {base:8.2f} s   {n / base:8.0f} abstracts/s")
    print(f"full build           {n / full_wall:8.0f} abstracts/s ({full_wall / base:.1f} x the tokenizer pass)")
    print(f"cache file           {cache_mb:8.1f} MB ({cache_mb * 1e3 / (n + added):.1f} kB an abstract)")
    full = reports[0]
    print(f"graph                {full['nodes']} nodes, {full['edges']} edges, {full['triples']} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
