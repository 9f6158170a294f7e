"""Fixtures of the viewer tests: hand-made graphs and a headless Chromium.

The browser is the Debian ``chromium`` package driven by Playwright; no browser
is ever downloaded. Without /usr/bin/chromium the browser tests skip, unless
PAPERGRAPH_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tests.viz.viz_graphs import make_small_graph

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    return make_small_graph()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        msg = f"needs the Debian chromium package ({CHROMIUM}); `apt-get install -y chromium`"
        if os.environ.get("PAPERGRAPH_REQUIRE_BROWSER") == "1":
            pytest.fail(msg + "; PAPERGRAPH_REQUIRE_BROWSER=1 forbids skipping")
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
