"""papergraph.load() of a build: from the saved graph (graph.nx) against linking the records again.

    .venv/bin/python benchmarks/bench_load.py OUTDIR              # both, 3 runs of the saved graph
    .venv/bin/python benchmarks/bench_load.py OUTDIR --no-relink  # the saved graph only

Each load runs in a new process (imports not timed), which prints its wall time,
CPU time and peak RSS. The re-linked baseline is load() with the saved graph out
of the way, as a build made before graphs were saved is read, in the same run.
The two graphs are compared node for node and edge for edge.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_LOAD = """\
import resource, sys, time
import papergraph
if sys.argv[2] == "relink":
    from papergraph.graph import saved
    saved.SAVED_GRAPH = "no-saved-graph-here"
w0, c0 = time.perf_counter(), time.process_time()
kg = papergraph.load(sys.argv[1])
wall, cpu = time.perf_counter() - w0, time.process_time() - c0
G = kg.to_networkx(copy=False)
import hashlib
h = hashlib.sha256()
for n, d in G.nodes(data=True):
    h.update(repr((n, sorted(d.items()))).encode())
for e in G.edges(keys=True, data=True):
    h.update(repr((e[:3], sorted(e[3].items()))).encode())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
print(f"{wall:.3f} {cpu:.3f} {peak:.3f} {G.number_of_nodes()} {G.number_of_edges()} {h.hexdigest()[:16]}")
"""


def run(outdir: Path, mode: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", _LOAD, str(outdir), mode], capture_output=True, text=True,
                         env=env, check=True)
    return out.stdout.split()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-relink", action="store_true")
    args = ap.parse_args(argv)

    saved = [run(args.outdir, "saved") for _ in range(args.repeat)]
    walls = [float(r[0]) for r in saved]
    print(f"saved graph: wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}), "
          f"cpu {saved[0][1]} s, peak RSS {max(float(r[2]) for r in saved):.2f} GB, "
          f"{int(saved[0][3]):,} nodes, {int(saved[0][4]):,} edges (n={args.repeat})", flush=True)
    if args.no_relink:
        return 0
    relinked = run(args.outdir, "relink")
    print(f"re-linked:   wall {relinked[0]} s, cpu {relinked[1]} s, peak RSS {relinked[2]} GB")
    same = relinked[3:] == saved[0][3:]
    print(f"the two graphs are {'the same' if same else 'DIFFERENT'} (node and edge data digest)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
