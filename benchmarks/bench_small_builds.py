"""Small builds against an earlier revision: whole `papergraph build` processes, run in turn.

    .venv/bin/python benchmarks/bench_small_builds.py --previous 29eefef [--sizes 100,1000] [--pairs 5]

For each size N, the first N abstracts of the corpus are built with this
checkout's sources and with those of REV (``git archive``), each build a new
``python -m papergraph build SAMPLE -o OUT`` process with the default options
(the model on; one job before --jobs picked one a core) into a fresh folder, alternating this, previous, this,
... after one untimed build of each. Wall time and CPU time (the process and
its children) are the whole process's, from its start to its exit; the ratio
this/previous is taken pair by pair, and its median and range printed.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _previous import REPO, previous_sources  # noqa: E402  (a sibling module, after the path is set)

CORPUS = REPO.parent / "shared" / "data" / "corpus" / "arxiv-abstracts.jsonl.gz"


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def one_build(src: Path, sample: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one whole build process with ``src`` on PYTHONPATH."""
    if not (src / "papergraph" / "__init__.py").is_file():  # else the installed papergraph would run
        raise SystemExit(f"no papergraph sources in {src}")
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(src)}
    cpu0, t0 = children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "papergraph", "build", str(sample), "-o", str(out)],
                   check=True, capture_output=True, env=env)
    return time.perf_counter() - t0, children_cpu() - cpu0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--previous", metavar="REV", required=True, help="the git revision to compare with")
    ap.add_argument("--sizes", default="100,1000", help="abstracts per build, comma-separated (default 100,1000)")
    ap.add_argument("--pairs", type=int, default=5, help="this/previous pairs per size (default 5)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found (the shared corpus)", file=sys.stderr)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, max(sizes)))
    med = statistics.median
    with tempfile.TemporaryDirectory(prefix="pg-small-") as tmp:
        root = Path(tmp)
        sources = {"this": REPO / "src", "previous": previous_sources(args.previous, root / "sources")}
        print(f"this checkout vs {args.previous}: pure Python sources both, default options, "
              f"{args.pairs} pairs a size after one untimed build each")
        for n in sizes:
            sample = root / f"first-{n}.jsonl"
            sample.write_text("".join(lines[:n]), encoding="utf-8")
            for name, src in sources.items():  # warm-up: the page cache, the model files
                one_build(src, sample, root / f"out-{name}")
            runs: dict[str, list[tuple[float, float]]] = {"this": [], "previous": []}
            for _ in range(args.pairs):
                for name, src in sources.items():
                    runs[name].append(one_build(src, sample, root / f"out-{name}"))
            wall = [a[0] / b[0] for a, b in zip(runs["this"], runs["previous"], strict=True)]
            cpu = [a[1] / b[1] for a, b in zip(runs["this"], runs["previous"], strict=True)]
            print(f"{n:>6} abstracts  this {med(w for w, _ in runs['this']):6.2f} s, previous "
                  f"{med(w for w, _ in runs['previous']):6.2f} s wall (medians); this/previous "
                  f"wall {med(wall):.3f} ({min(wall):.3f}-{max(wall):.3f}), "
                  f"cpu {med(cpu):.3f} ({min(cpu):.3f}-{max(cpu):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
