"""SHACL validation time against triple count, papergraph's engine beside pyshacl, of written builds.

    .venv/bin/python benchmarks/bench_shacl.py OUTDIR [OUTDIR ...]
    .venv/bin/python benchmarks/bench_shacl.py OUTDIR --no-whole   # no whole-graph pyshacl run (large builds)

For each build: its triples, then the CPU seconds of papergraph's streaming
engine over every triple (what every build does, and `papergraph validate`),
of pyshacl on the sample a large build gets with `--engine pyshacl`, and of
parsing graph.nt into rdflib and running pyshacl on the whole graph
(`--engine pyshacl --full`), with whether each conforms. CPU time, not wall:
the figures should not depend on what else the machine runs. Each build is
measured in a new process, so one's memory does not weigh on the next; the
peak is that process's (so it includes pyshacl's when the whole graph runs).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

_RUN = """\
import resource, sys, time
from rdflib import Graph
from papergraph.rdf.validate import validate_outdir, validate_rdflib
path, whole = sys.argv[1], sys.argv[2] == "1"
c0 = time.process_time()
ours = validate_outdir(path)
c1 = time.process_time()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
verdict = lambda v: "conforms" if v.conforms else f"{v.violations} violations"
line = (f"{ours.triples_total:>10,} triples  papergraph {c1 - c0:6.1f} s ({(c1 - c0) / max(ours.triples_total, 1) * 1e6:.1f} us "
        f"a triple, {verdict(ours)}, peak {peak:.2f} GB)")
s = validate_outdir(path, full_limit=0, engine="pyshacl")
c2 = time.process_time()
line += f"  pyshacl sample {c2 - c1:6.1f} s ({s.triples_checked:,} triples, {verdict(s)})"
if whole:
    g = Graph().parse(path + "/graph.nt", format="nt")
    c3 = time.process_time()
    v = validate_rdflib(g)
    c4 = time.process_time()
    per = (c4 - c2) / max(len(g), 1) * 1e6
    line += f"  pyshacl whole: parse {c3 - c2:6.1f} s, check {c4 - c3:6.1f} s ({per:.0f} us a triple), {verdict(v)}"
print(f"{line}  {path}", flush=True)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdirs", nargs="+", type=Path)
    ap.add_argument("--no-whole", action="store_true", help="No whole-graph pyshacl run.")
    args = ap.parse_args()
    for out in args.outdirs:
        if not (out / "graph.nt").is_file():
            print(f"{out}: no graph.nt; build it first", file=sys.stderr)
            return 2
        subprocess.run([sys.executable, "-c", _RUN, str(out), "0" if args.no_whole else "1"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
