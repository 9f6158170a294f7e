"""Leaderboard query latency: pyoxigraph (papergraph's store) against rdflib.

    .venv/bin/python benchmarks/bench_sparql.py                  # synthetic, 74,728 papers
    .venv/bin/python benchmarks/bench_sparql.py --build OUTDIR   # a real build's graph.nt
    .venv/bin/python benchmarks/bench_sparql.py --papers 5000 --repeat 5

Without --build the graph is synthetic, with the corpus's paper count: each
paper proposes one method, uses three methods and two datasets, addresses a
task, and reports results with provenance, over entity vocabularies of
gazetteer size, with dataset popularity following a Zipf law (so
"dataset-0" is the busiest leaderboard). Both engines answer the same .rq
file with the same parameter values, in the same run, and must return the
same number of rows.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from papergraph.rdf import write_rdf
from papergraph.rdf.named import bind_params, get_query
from papergraph.rdf.sparql import collect, execute
from papergraph.rdf.store import open_store

SENTENCE = "Method-{m} reaches {v}% {metric} on Dataset-{d}, outperforming prior work."


def synthetic_graph(n_papers: int, *, seed: int = 0) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    n_methods, n_datasets, n_tasks, n_metrics = 6000, 2500, 1500, 400
    G = nx.MultiDiGraph()

    def entity(kind: str, prefix: str, i: int) -> str:
        nid = f"{prefix}:{prefix}-{i}"
        G.add_node(nid, kind=kind, label=f"{kind}-{i}", aliases={f"{kind}-{i}": 1, f"{prefix}{i}": 1},
                   mentions=1, papers=1, gazetteer=True)
        return nid

    methods = [entity("Method", "method", i) for i in range(n_methods)]
    datasets = [entity("Dataset", "dataset", i) for i in range(n_datasets)]
    tasks = [entity("Task", "task", i) for i in range(n_tasks)]
    metrics = [entity("Metric", "metric", i) for i in range(n_metrics)]
    for i in range(1, 40):  # a few variants, so the property path has work to do
        G.add_edge(datasets[i * 7], datasets[0], key="variantOf", relation="variantOf")
    zipf = [1 / (r + 1) for r in range(n_datasets)]

    for p in range(n_papers):
        pid = f"arxiv:25{p // 10000:02d}.{p % 10000:05d}"
        pn = f"paper:{pid}"
        G.add_node(pn, kind="Paper", label=f"Paper {p}", title=f"Paper {p}", date="2025-03-01",
                   authors=[f"Author {rng.randrange(50000)}" for _ in range(3)], arxiv_id=pid)
        m = rng.choice(methods)
        d = rng.choices(datasets, weights=zipf)[0]
        metric = rng.choice(metrics[:40])
        v = round(rng.uniform(10, 99), 1)
        sent = SENTENCE.format(m=m, v=v, metric=metric, d=d)

        def prov(sent: str = sent, pn: str = pn) -> dict:
            return {"paper": pn, "sentence": sent, "field": "abstract", "start": 0, "end": 8,
                    "confidence": 0.8, "source": "rules", "count": 1}

        G.add_edge(pn, m, key="proposes", relation="proposes", **prov())
        for u in rng.sample(methods, 3):
            G.add_edge(pn, u, key="uses", relation="uses", **prov())
        G.add_edge(pn, d, key="uses", relation="uses", **prov())
        G.add_edge(pn, rng.choice(tasks), key="addresses", relation="addresses", **prov())
        for k in range(rng.choice((0, 1, 1, 2))):
            rid = f"result:{pid}:{k}"
            G.add_node(rid, kind="Result", label=f"{v}%", value=v, value_text=f"{v}%", unit="%",
                       relation="absolute", paper=pn, sentence=sent, field="abstract",
                       start=10, end=15, confidence=0.7)
            G.add_edge(pn, rid, key="reports", relation="reports", **prov())
            for rel, target in (("hasMetric", metric), ("hasDataset", d), ("hasMethod", m)):
                G.add_edge(rid, target, key=rel, relation=rel, **prov())
    return G


def report(name: str, ts: list[float]) -> None:
    print(f"  {name:<11} median {statistics.median(ts):9.1f} ms   min {min(ts):9.1f}   "
          f"max {max(ts):9.1f}   (n={len(ts)})", flush=True)


def timed(fn, repeat: int) -> tuple[list[float], object]:
    out = fn()  # warm-up, not timed
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", type=Path, help="a build's output directory (default: synthetic)")
    ap.add_argument("--papers", type=int, default=74_728)
    ap.add_argument("--dataset", default=None, help="leaderboard dataset (default: the busiest)")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--rdflib-repeat", type=int, default=None, help="repeats for rdflib (default --repeat)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        if args.build:
            outdir, what = args.build, f"build {args.build}"
            dataset = args.dataset
        else:
            t0 = time.perf_counter()
            G = synthetic_graph(args.papers)
            outdir = Path(tmp)
            written = write_rdf(G, outdir, validate=False)
            what = f"synthetic graph of {args.papers:,} papers ({written.triples:,} triples)"
            del G  # free the graph before rdflib loads its copy
            print(f"generated and wrote {what} in {time.perf_counter() - t0:.1f} s")
            dataset = args.dataset or "Dataset-0"
        if dataset is None:
            ap.error("--dataset is required with --build")
        nq = get_query("leaderboard")
        bound = bind_params(nq, {"dataset": dataset})

        t0 = time.perf_counter()
        st = open_store(outdir, rebuild=True)
        print(f"pyoxigraph: store loaded in {time.perf_counter() - t0:.1f} s")
        ox_times, ox_rows = timed(lambda: collect(execute(st.store, nq.sparql, base=st.base, bindings=bound)), args.repeat)
        report("pyoxigraph", ox_times)

        from rdflib import Graph

        t0 = time.perf_counter()
        g = Graph()
        g.parse(outdir / "graph.nt", format="nt")
        print(f"rdflib: {len(g):,} triples parsed in {time.perf_counter() - t0:.1f} s")
        print("rdflib: running the query (the first run is a warm-up)...", flush=True)
        rd_times, rd_rows = timed(lambda: list(g.query(nq.sparql, initBindings=bound)),
                                  args.rdflib_repeat or args.repeat)
        report("rdflib", rd_times)

    n_ox, n_rd = len(ox_rows), len(rd_rows)  # type: ignore[arg-type]
    print(f"\nleaderboard for {dataset!r} on {what}: {n_ox} rows (pyoxigraph), {n_rd} rows (rdflib)")
    for name, ts in (("pyoxigraph", ox_times), ("rdflib", rd_times)):
        report(name, ts)
    ratio = statistics.median(rd_times) / statistics.median(ox_times)
    print(f"  rdflib / pyoxigraph median ratio: {ratio:.1f}x")
    if n_ox != n_rd:
        print("error: the engines disagree on the number of rows", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
