"""HTML size, build time and time-to-ready of the graph viewer, in one run.

For real builds (``--build``, an output folder of ``papergraph build``; give it
twice to measure the seeds and the corpus builds together), for synthetic
graphs of a few sizes (papers mentioning entities with a long-tailed
popularity, see papergraph.viz.synthetic), and optionally for a pickled
graph, prints the entities in the graph, the size of graph.html and of its two
data blocks (``plain``: what is drawn first, JSON; ``packed``: the other
entities, the papers, the results and the long tail, deflated, in base64), the seconds ``write_html`` took, and the
milliseconds until the page reported itself ready (first drawing done, data
unpacked, search and filters wired) in headless Chromium, with the network
blocked. Each page is opened ``--repeat`` times and the median is printed,
because shared machines are noisy.

    .venv/bin/python benchmarks/bench_viewer.py [--sizes 400,5000,20000,75000] [--repeat 3]
    .venv/bin/python benchmarks/bench_viewer.py --build out/seeds --build out/corpus --sizes ""
    .venv/bin/python benchmarks/bench_viewer.py --graph G.pickle

``--graph`` reads a pickled networkx graph (``pickle.dump(build_graph(...), f)``).
Screenshots for the docs come from benchmarks/screenshots.py.
Needs /usr/bin/chromium (Debian package ``chromium``); no browser is downloaded.
"""

from __future__ import annotations

import argparse
import pickle
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import papergraph
from papergraph.viz import write_html
from papergraph.viz.synthetic import synthetic_graph

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def open_ready(browser: Any, path: Path, *, viewport: tuple[int, int] = (1440, 900)) -> tuple[Any, float]:
    """Open ``path`` with the network blocked; return the page and its ready time in ms."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
    )
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return page, float(page.evaluate("window.papergraphReadyMs"))


def block_mb(html: str, block: str) -> float:
    m = re.search(f'id="{block}">(.*?)</script>', html, re.S)
    return len(m.group(1).encode("utf-8")) / 1e6 if m else 0.0


def measure(browser: Any, G: Any, label: str, repeat: int, workdir: Path) -> Path:
    path = workdir / f"{label}.html"
    label = label[-16:]
    entities = sum(1 for _, k in G.nodes(data="kind") if k in ("Method", "Dataset", "Task", "Metric"))
    t0 = time.perf_counter()
    write_html(G, path)
    build_s = time.perf_counter() - t0
    ready: list[float] = []
    drawn = 0
    for _ in range(repeat):
        page, ms = open_ready(browser, path)
        ready.append(ms)
        drawn = int(page.evaluate("papergraph.nodes.get({filter: n => !n.hidden}).length"))
        page.context.close()
    html = path.read_text(encoding="utf-8")
    print(
        f"{label:>16}  {entities:>8}  {path.stat().st_size / 1e6:>8.2f}  {block_mb(html, 'pg-data'):>6.2f}  "
        f"{block_mb(html, 'pg-packed') + block_mb(html, 'pg-lazy'):>6.2f}  {build_s:>8.2f}  {drawn:>6}  {statistics.median(ready):>9.0f}  "
        f"{min(ready):>7.0f}  {max(ready):>7.0f}",
        flush=True,
    )
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="400,5000,20000,75000", help="synthetic graph sizes, in papers")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--build", type=Path, action="append", default=[], help="a `papergraph build` output folder")
    ap.add_argument("--graph", type=Path, help="a pickled networkx graph from a real build")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"needs {CHROMIUM} (apt-get install -y chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    sizes = [int(s) for s in args.sizes.split(",") if s] if args.sizes else []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        print(f"{'graph':>16}  {'entities':>8}  {'HTML MB':>8}  {'plain':>6}  {'packed':>6}  {'build s':>8}  "
              f"{'drawn':>6}  {'ready ms':>9}  {'min':>7}  {'max':>7}", flush=True)
        if args.graph:
            with args.graph.open("rb") as fh:
                G = pickle.load(fh)  # a file the user made with pickle.dump
            measure(browser, G, args.graph.stem, args.repeat, Path(tmp))
        for folder in args.build:
            G = papergraph.load(folder).to_networkx(copy=False)
            measure(browser, G, folder.name, args.repeat, Path(tmp))
            del G
        for n in sizes:
            measure(browser, synthetic_graph(n, seed=1), f"synthetic-{n}", args.repeat, Path(tmp))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
