"""Canned leaderboard query latency: today's .rq against the previous text, on one store, in one run.

    .venv/bin/python benchmarks/bench_sparql.py --build OUTDIR --dataset ImageNet   # a real build
    .venv/bin/python benchmarks/bench_sparql.py                                     # synthetic, 74,728 papers
    .venv/bin/python benchmarks/bench_sparql.py --build OUTDIR --dataset COCO --repeat 20 --no-endpoint

Both texts run on the build's pyoxigraph store with the same parameters and must
return the same rows. Three ways in, each warm (after one untimed run):

* python:   papergraph.rdf.run_named(OUTDIR, "leaderboard", {...}) in this process;
* cli:      `papergraph query OUTDIR --name leaderboard --param dataset=... --format json`,
            each run a new process timed from after its imports (so without interpreter
            start and imports, but with opening the store and printing, as every CLI run
            does); the whole process's wall time is printed beside it;
* endpoint: GET /query of `papergraph serve OUTDIR` with the query text, its parameters
            given by a VALUES block (as a client sends a canned query).

Without --build the graph is synthetic, with the corpus's paper count: each paper
proposes one method, uses three methods and two datasets, addresses a task and
reports results, over entity vocabularies of gazetteer size, with dataset popularity
following a Zipf law ("Dataset-0" is the busiest leaderboard).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Literal

from papergraph.rdf.named import NamedQuery, _parse, bind_params, get_query
from papergraph.rdf.sparql import collect, execute
from papergraph.rdf.store import open_store

ROOT = Path(__file__).resolve().parent.parent

#: The leaderboard query as it was before the store-shaped rewrite (papergraph 0.1.0, one
#: group of patterns and OPTIONALs, names compared with LCASE on every label): the baseline.
PREVIOUS_LEADERBOARD = """\
# param: dataset (required) Dataset name or alias
# param: metric (optional) Only this metric
PREFIX pg: <https://papergraph.dev/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?metricKey ?unitKey ?metricName ?value ?unit ?methodName ?datasetName ?paper ?title ?confidence
       ?conflicting ?sentence ?result ?dataset ?metric
WHERE {
  ?ds a pg:Dataset ;
      rdfs:label|skos:altLabel ?dsName .
  FILTER(LCASE(STR(?dsName)) = LCASE(STR(?dataset)))
  ?result pg:hasDataset ?rds .
  ?rds (pg:variantOf|pg:subsetOf)* ?ds .
  ?result pg:leaderboardStatus "ranked" ;
          pg:value ?value ;
          pg:metricKey ?metricKey ;
          pg:hasMetric ?m ;
          pg:hasMethod/rdfs:label ?methodName ;
          prov:wasDerivedFrom ?paper .
  ?m rdfs:label ?metricName .
  ?rds rdfs:label ?datasetName .
  OPTIONAL { ?paper dcterms:title ?title }
  OPTIONAL { ?m pg:direction ?direction }
  OPTIONAL {
    ?m rdfs:label|skos:altLabel ?mName .
    FILTER(LCASE(STR(?mName)) = LCASE(STR(?metric)))
  }
  FILTER(STR(?metric) = "" || BOUND(?mName))
  OPTIONAL { ?result pg:unitKey ?unitKey }
  OPTIONAL { ?result pg:unit ?unit }
  OPTIONAL { ?result pg:confidence ?confidence }
  OPTIONAL { ?result pg:conflicting ?conflicting }
  OPTIONAL { ?result pg:evidence/oa:hasSelector/oa:exact ?sentence }
  BIND(IF(COALESCE(?direction, "") = "lower", -?value, IF(COALESCE(?direction, "") = "higher", ?value, 0)) AS ?score)
}
ORDER BY ?metricKey ?unitKey DESC(?score) ?paper ?result
"""

_CLI = """\
import contextlib, io, sys, time
from papergraph.cli import app
args = sys.argv[1:]
with contextlib.redirect_stdout(io.StringIO()):  # loads what the command imports (typer's parsing
    app(["query", "--list"], standalone_mode=False)  # included), without opening a store: not timed
t0 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        app(args, standalone_mode=False)
    except SystemExit:
        pass
print(f"{(time.perf_counter() - t0) * 1000:.3f} {out.getvalue().count(chr(10))}")
"""


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
    sentence = "Method-{m} reaches {v}% {metric} on Dataset-{d}, outperforming prior work."

    for p in range(n_papers):
        pid = f"arxiv:25{p // 10000:02d}.{p % 10000:05d}"
        pn = f"paper:{pid}"
        G.add_node(pn, kind="Paper", label=f"Paper {p}", title=f"Paper {p}", date="2025-03-01",
                   authors=[f"Author {rng.randrange(50000)}" for _ in range(3)], arxiv_id=pid)
        m = rng.choice(methods)
        d = rng.choices(datasets, weights=zipf)[0]
        metric = rng.choice(metrics[:40])
        v = round(rng.uniform(10, 99), 1)
        sent = sentence.format(m=m, v=v, metric=metric, d=d)

        def prov(sent: str = sent, pn: str = pn) -> dict[str, Any]:
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


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    out = fn()  # warm-up, not timed
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, out


def line(name: str, ts: list[float]) -> str:
    return (f"  {name:<22} median {statistics.median(ts):9.1f} ms   min {min(ts):9.1f}   "
            f"max {max(ts):9.1f}   (n={len(ts)})")


def inline(nq: NamedQuery, params: dict[str, str]) -> str:
    """The query as plain SPARQL, its parameters given by a VALUES block."""
    names = " ".join(f"?{k}" for k in params)
    row = " ".join(Literal(v).n3() for v in params.values())
    return re.sub(r"\bWHERE\s*\{", f"WHERE {{ VALUES ({names}) {{ ({row}) }}", nq.sparql, count=1)


def cli_times(outdir: Path, params: dict[str, str], repeat: int) -> tuple[list[float], list[float], int]:
    args = ["query", str(outdir), "--name", "leaderboard", "--format", "json"]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    times, walls, lines = [], [], 0
    for i in range(repeat + 1):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", _CLI, *args], capture_output=True, text=True, env=env, check=True)
        wall = (time.perf_counter() - t0) * 1000
        ms, lines = out.stdout.split()
        if i:  # the first run warms the page cache
            times.append(float(ms))
            walls.append(wall)
    return times, walls, int(lines)


def endpoint_times(outdir: Path, texts: dict[str, tuple[str, int]]) -> dict[str, tuple[list[float], int]]:
    from papergraph.rdf.server import make_server

    server = make_server(outdir, port=0, timeout=600)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        out = {}
        for name, (text, repeat) in texts.items():
            url = server.info.url + "query?" + urllib.parse.urlencode({"query": text})
            req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})

            def get(req: urllib.request.Request = req) -> int:
                with urllib.request.urlopen(req, timeout=600) as resp:
                    return len(json.loads(resp.read())["results"]["bindings"])

            out[name] = timed(get, repeat)
        return out
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", type=Path, help="a build's output directory (default: synthetic)")
    ap.add_argument("--papers", type=int, default=74_728)
    ap.add_argument("--dataset", default=None, help="leaderboard dataset (default: the busiest synthetic one)")
    ap.add_argument("--metric", default="", help="leaderboard metric (default: all)")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--baseline-repeat", type=int, default=3, help="runs of the previous text (slow)")
    ap.add_argument("--no-cli", action="store_true")
    ap.add_argument("--no-endpoint", action="store_true")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        if args.build:
            outdir, what, dataset = args.build, f"build {args.build}", args.dataset
            if dataset is None:
                ap.error("--dataset is required with --build")
        else:
            from papergraph.rdf import write_rdf

            t0 = time.perf_counter()
            G = synthetic_graph(args.papers)
            outdir = Path(tmp)
            written = write_rdf(G, outdir, validate=False)
            what = f"synthetic graph of {args.papers:,} papers ({written.triples:,} triples)"
            del G
            print(f"generated and wrote {what} in {time.perf_counter() - t0:.1f} s")
            dataset = args.dataset or "Dataset-0"

        params = {"dataset": dataset, "metric": args.metric}
        t0 = time.perf_counter()
        st = open_store(outdir)
        print(f"store opened in {time.perf_counter() - t0:.2f} s (loaded from graph.nt when the build had not)")

        new = get_query("leaderboard")
        old = _parse("leaderboard", PREVIOUS_LEADERBOARD)
        bound = bind_params(new, params)
        rows: dict[str, Any] = {}
        results: list[str] = []

        def engine(nq: NamedQuery) -> Any:
            return collect(execute(st.store, nq.sparql, base=st.base, bindings=bound))

        ts, rows["previous"] = timed(lambda: engine(old), args.baseline_repeat)
        results.append(line("python, previous text", ts))
        print(results[-1], flush=True)
        ts, rows["today"] = timed(lambda: engine(new), args.repeat)
        results.append(line("python, today's .rq", ts))
        print(results[-1], flush=True)

        if not args.no_cli:
            ts, walls, n = cli_times(outdir, {k: v for k, v in params.items() if v}, args.repeat)
            results.append(line("cli, today's .rq", ts) + f"  [{n} output lines]")
            results.append(line("  whole cli process", walls))
            print(*results[-2:], sep="\n", flush=True)
        if not args.no_endpoint:
            timings = endpoint_times(outdir, {
                "endpoint, previous text": (inline(old, params), args.baseline_repeat),
                "endpoint, today's .rq": (inline(new, params), args.repeat),
            })
            for name, (ts, n) in timings.items():
                results.append(line(name, ts) + f"  [{n} rows]")
                print(results[-1], flush=True)

    same = rows["previous"].rows == rows["today"].rows
    print(f"\nleaderboard for {dataset!r}{' / ' + args.metric if args.metric else ''} on {what}: "
          f"{len(rows['today'])} rows; previous and today's text give {'the same rows' if same else 'DIFFERENT rows'}")
    for r in results:
        print(r)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
