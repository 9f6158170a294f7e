"""End-to-end `build` time and peak memory on the arXiv corpus, then load() and leaderboard latency.

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

Then, on the folder as the +1% build left it:

  load()       papergraph.load() wall time (median, min, max of --load-repeat runs)
               and peak RSS, each run in a new process with its imports not timed
               (benchmarks/bench_load.py);
  leaderboard  the latency of the leaderboard of the busiest dataset (the most
               ranked rows), warm (after one untimed run), median, min and max of
               --query-repeat runs, through each interface: kg.leaderboard() on a
               loaded graph, papergraph.rdf.run_named() in this process, the
               `papergraph query` CLI (a new process each run, timed from after its
               imports; the whole process's wall time beside it) and GET /query of
               `papergraph serve` on a free local port (benchmarks/bench_sparql.py).

A build with no ranked leaderboard row says so and prints no latency.

With the model, the last line is the floor of its matrix products over the
full build's abstracts (benchmarks/bench_ner.py: their floating-point work,
counted on a sample of --floor-sample papers, at numpy's one-core rate on this
machine, over --jobs cores), beside the tokenizer pass.

    python benchmarks/bench_build.py --n 20000 --jobs 2 --no-model [--grow 1] [--engine dask]
    python benchmarks/bench_build.py --n 300 --no-model --no-load --no-queries   # the builds only
    python benchmarks/bench_build.py --n 74728 --jobs 2 --full-only              # one build, with the model
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_load  # noqa: E402  (a sibling script, after the path is set)
from bench_sparql import cli_times, endpoint_times, inline, timed  # noqa: E402

import papergraph  # noqa: E402
from papergraph.rdf import run_named  # noqa: E402
from papergraph.rdf.named import bind_params, get_query  # noqa: E402

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


def print_floor(lines: list[str], n: int, jobs: int, base: float) -> None:
    """The NER's matrix-product floor for ``n`` abstracts, from a sample (titles and abstracts, as built)."""
    from bench_ner import ner_floor

    texts = [t for line in lines for rec in [json.loads(line)] for t in (rec.get("title") or "", rec["abstract"])]
    seconds, flops, rate = ner_floor(texts, jobs)
    if not flops:
        print("NER floor            no shipped model")
        return
    scaled = seconds * n / len(lines)
    print(f"NER floor            {scaled:8.2f} s   the model's matrix products alone ({flops / len(lines) / 1e9:.2f} "
          f"GFLOP an abstract at {rate / 1e9:.0f} GFLOP/s a core, {jobs} core(s)): "
          f"{scaled / base:.1f} x the tokenizer pass")


def load_times(out: Path, repeat: int) -> tuple[list[float], float]:
    """load() wall seconds of ``repeat`` runs, each in a new process, and their peak RSS in MB."""
    runs = [bench_load.run(out, "saved") for _ in range(repeat)]
    return [float(r[0]) for r in runs], max(float(r[2]) for r in runs) * 1000


class Latency(NamedTuple):
    interface: str
    ms: list[float]
    note: str


class Board(NamedTuple):
    dataset: str
    ranked: int
    latencies: list[Latency]


def busiest_dataset(kg: papergraph.PaperGraph) -> tuple[str, int]:
    """The name of the dataset with the most ranked leaderboard rows (its variants' included)
    and that count. Candidates are the ten datasets with the most ranked results of their own
    (read off the graph, so a corpus build is not asked for every dataset's leaderboard)."""
    from collections import Counter

    from papergraph.graph.model import HAS_DATASET

    G = kg.to_networkx(copy=False)
    own: Counter[str] = Counter()
    for n, d in G.nodes(data=True):
        if d.get("kind") == "Result" and d.get("board") == "ranked":
            own.update(v for _, v, key in G.out_edges(n, keys=True) if key == HAS_DATASET)
    names = [G.nodes[v].get("label", v) for v, _ in sorted(own.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
    counts = [(len(kg.leaderboard(name)), name) for name in names]
    ranked, name = max(counts, key=lambda c: c[0], default=(0, ""))
    return name, ranked


def leaderboard_latency(out: Path, repeat: int) -> Board | None:
    """The busiest dataset's leaderboard timed through each interface; None without a ranked row."""
    kg = papergraph.load(out)
    dataset, ranked = busiest_dataset(kg)
    if not ranked:
        return None
    params = {"dataset": dataset}
    api_ms, rows = timed(lambda: kg.leaderboard(dataset), repeat)
    sparql_ms, result = timed(lambda: run_named(out, "leaderboard", params), repeat)
    cli_ms, cli_walls, _ = cli_times(out, params, repeat)
    nq = get_query("leaderboard")
    text = inline(nq, {k: str(v) for k, v in bind_params(nq, params).items()})
    endpoint_ms, served = endpoint_times(out, {"endpoint": (text, repeat)})["endpoint"]
    return Board(dataset, ranked, [
        Latency("python API", api_ms, f"{len(rows)} rows"),
        Latency("SPARQL (python)", sparql_ms, f"{len(result)} rows"),
        Latency("CLI", cli_ms, f"whole process {statistics.median(cli_walls) / 1000:.2f} s"),
        Latency("endpoint", endpoint_ms, f"{served} rows"),
    ])


def print_load(walls: list[float], peak_mb: float) -> None:
    print(f"load()               {statistics.median(walls):.2f} s wall (min {min(walls):.2f}, "
          f"max {max(walls):.2f}), {peak_mb:.0f} MB peak (n={len(walls)}, each a new process)")


def print_board(board: Board | None, repeat: int) -> None:
    if board is None:
        print("leaderboard          no ranked leaderboard row in this build: no query latency")
        return
    print(f"leaderboard          {board.dataset!r}, the busiest dataset ({board.ranked} ranked rows); "
          f"warm, {repeat} runs an interface")
    for lat in board.latencies:
        ms = lat.ms
        print(f"  {lat.interface:<18} {statistics.median(ms):8.1f} ms median "
              f"(min {min(ms):.1f}, max {max(ms):.1f})   {lat.note}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="abstracts to build (default 5000)")
    ap.add_argument("--jobs", type=int, default=0, help="extraction processes (default 0: as papergraph build, one a core)")
    ap.add_argument("--no-model", action="store_true", help="rules and gazetteer only")
    ap.add_argument("--grow", type=float, default=1.0, help="percent of new abstracts for the third build (default 1)")
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--load-repeat", type=int, default=3, help="load() runs (default 3)")
    ap.add_argument("--query-repeat", type=int, default=10, help="timed runs of each query (default 10)")
    ap.add_argument("--full-only", action="store_true", help="the build from scratch only (no rebuilds)")
    ap.add_argument("--no-load", action="store_true", help="do not time load()")
    ap.add_argument("--no-queries", action="store_true", help="do not time the leaderboard query")
    ap.add_argument("--floor-sample", type=int, default=500,
                    help="papers on which the NER's matrix products are counted (default 500; 0: no floor line)")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found (the shared corpus)", file=sys.stderr)
        return 0

    added = max(1, round(args.n * args.grow / 100))
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, args.n + added))
    # The +1% build needs abstracts beyond the first N: over the whole corpus, the full build
    # takes all but the last 1% and the grown one all of it.
    first = min(args.n, len(lines) if args.full_only else len(lines) - added)
    if first < args.n:
        print(f"the corpus holds {len(lines)} abstracts: building the first {first}"
              + ("" if args.full_only else f", then all {first + added}"))
    texts = [json.loads(line)["abstract"] for line in lines[:first]]
    base = tokenizer_pass(texts)

    runs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        # One input path for every build: papers.jsonl records it.
        sample, out = Path(tmp) / "sample.jsonl", Path(tmp) / "out"
        options = {"jobs": args.jobs, "use_model": not args.no_model, "engine": args.engine}
        builds = [("full", first), ("unchanged", first), (f"+{added} new", first + added)]
        for name, rows in builds[:1] if args.full_only else builds:
            sample.write_text("".join(lines[:rows]), encoding="utf-8")
            runs[name] = one_build(sample, out, options)
        cache_mb = sum(p.stat().st_size for p in (out / ".cache").iterdir()) / 1e6
        # On the folder as the last build left it.
        loads = None if args.no_load else load_times(out, args.load_repeat)
        board = None if args.no_queries else leaderboard_latency(out, args.query_repeat)

    reports = [r["report"] for r in runs.values()]
    n = reports[0]["papers_written"]

    def row(label: str, cells: list[str]) -> None:
        print(f"{label:<20} " + " ".join(f"{c:>12}" for c in cells))

    print(f"abstracts            {n}" + ("" if args.full_only else f" (then {added} more)"))
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
    if not args.no_model and args.floor_sample:
        print_floor(lines[: min(first, args.floor_sample)], n, args.jobs, base)
    if loads is not None:
        print_load(*loads)
    if not args.no_queries:
        print_board(board, args.query_repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
