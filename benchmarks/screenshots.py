"""Regenerate the viewer screenshots in docs/ from real builds, in headless Chromium.

    .venv/bin/python benchmarks/screenshots.py --seeds out/seeds --large out/corpus20k [--out docs]

``--seeds`` and ``--large`` are output folders of ``papergraph build``; the page is
written afresh from each build's graph (so it shows the viewer of this checkout),
opened with the network blocked, and photographed at 1440x900:

- ``viewer-overview.png``: the seeds build as it opens;
- ``screenshot.png``: the seeds build with its dataset of most ranked claims opened
  (its papers drawn, the rest dimmed, the leaderboard in the panel); the README shows it;
- ``viewer-leaderboard.png``: that dataset's biggest leaderboard as a view of its own;
- ``viewer-large.png``: the larger build as it opens;
- ``viewer-community.png``: the larger build with its biggest community opened.

Needs /usr/bin/chromium (Debian package ``chromium``); no browser is downloaded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import papergraph
from papergraph.viz import write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
VIEWPORT = {"width": 1440, "height": 900}
# The dataset with most ranked leaderboard rows on the page; ties by id.
BEST_DATASET = """() => { const d = papergraph.data, n = {};
  for (const [id, e] of Object.entries(d.entities))
    if (e.lb) n[id] = e.lb.t.reduce((s, t) => s + t.r.length, 0);
  return Object.keys(n).sort((a, b) => n[b] - n[a] || (a < b ? -1 : 1))[0] || null; }"""


def page_of(browser: Any, build: Path, workdir: Path) -> Any:
    html = workdir / f"{build.name}.html"
    write_html(papergraph.load(build).to_networkx(copy=False), html)
    context = browser.new_context(viewport=VIEWPORT)
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
    )
    page = context.new_page()
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=120_000)
    page.wait_for_timeout(300)
    return page


def shoot(page: Any, out: Path) -> None:
    page.screenshot(path=str(out))
    print(f"wrote {out}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, required=True, help="output folder of the seeds build")
    ap.add_argument("--large", type=Path, help="output folder of a larger build")
    ap.add_argument("--out", type=Path, default=Path("docs"))
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"needs {CHROMIUM} (apt-get install -y chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = page_of(browser, args.seeds, Path(tmp))
        shoot(page, args.out / "viewer-overview.png")
        best = page.evaluate(BEST_DATASET)
        if best:
            page.evaluate(f"papergraph.focusNode({best!r})")
            page.wait_for_timeout(800)
        shoot(page, args.out / "screenshot.png")
        if best:
            page.locator("#panel button.open-board").first.click()
            page.wait_for_timeout(300)
            shoot(page, args.out / "viewer-leaderboard.png")
        page.context.close()
        if args.large:
            page = page_of(browser, args.large, Path(tmp))
            shoot(page, args.out / "viewer-large.png")
            page.evaluate("papergraph.focusNode('community:0')")
            page.wait_for_timeout(500)
            shoot(page, args.out / "viewer-community.png")
            page.context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
