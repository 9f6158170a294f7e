"""SHACL validation time against triple count, whole graph and sample, of written builds.

    .venv/bin/python benchmarks/bench_shacl.py OUTDIR [OUTDIR ...]
    .venv/bin/python benchmarks/bench_shacl.py OUTDIR --no-whole   # the sample only (large builds)

For each build: its triples, then the CPU seconds of parsing graph.nt into rdflib
and of pyshacl on the whole graph (what a build at or below the whole-graph
limit does, and `papergraph validate --full`), and of the sample a larger
build validates (papergraph.rdf.validate). CPU time, not wall: the figures
should not depend on what else the machine runs. Each build is measured in a
new process, so one's memory does not weigh on the next.
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
s = validate_outdir(path, full_limit=0)
c1 = time.process_time()
line = f"{s.triples_total:>10,} triples  sample {c1 - c0:6.1f} s ({s.triples_checked:,} triples)"
if whole:
    g = Graph().parse(path + "/graph.nt", format="nt")
    c2 = time.process_time()
    v = validate_rdflib(g)
    c3 = time.process_time()
    per = (c3 - c1) / max(len(g), 1) * 1e6
    line += (f"  whole: parse {c2 - c1:6.1f} s, pyshacl {c3 - c2:6.1f} s ({per:.0f} us a triple in all), "
             f"{'conforms' if v.conforms else str(v.violations) + ' violations'}")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
print(f"{line}  peak {peak:.2f} GB  {path}", flush=True)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdirs", nargs="+", type=Path)
    ap.add_argument("--no-whole", action="store_true", help="Time the sample only.")
    args = ap.parse_args()
    for out in args.outdirs:
        if not (out / "graph.nt").is_file():
            print(f"{out}: no graph.nt; build it first", file=sys.stderr)
            return 2
        subprocess.run([sys.executable, "-c", _RUN, str(out), "0" if args.no_whole else "1"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
