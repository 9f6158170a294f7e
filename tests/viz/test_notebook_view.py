"""kg.show()'s iframe in a real headless Chromium: the viewer draws inside it, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from papergraph.graph import PaperGraph
from tests.viz.viz_graphs import FOONET, HOSTILE, HOSTILE_TITLE, IMAGENET, VIT, make_small_graph

pytestmark = pytest.mark.browser


def test_the_iframe_draws_the_subgraph_offline(browser: Any, tmp_path: Path) -> None:
    kg = PaperGraph(make_small_graph())
    view = kg.show([HOSTILE], depth=1)
    host = tmp_path / "notebook.html"
    # What Jupyter does with _repr_html_: put it into the page of the notebook.
    host.write_text(f"<!DOCTYPE html><html><body>{view._repr_html_()}</body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    external: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(host.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("body[data-ready='1']").wait_for(timeout=30_000)
        viewer = next(f for f in page.frames if f is not page.main_frame)
        drawn = set(viewer.evaluate("papergraph.nodes.get().map(n => n.id)"))
        assert {VIT, FOONET} <= drawn  # the hostile paper's entities, one edge away
        assert IMAGENET not in set(view.graph) and IMAGENET not in drawn  # nothing beyond it
        assert viewer.evaluate("document.title") == "papergraph: " + HOSTILE_TITLE
        assert page.evaluate("document.querySelectorAll('img, svg, script').length") == 0
        assert external == [] and errors == [] and dialogs == []
    finally:
        context.close()
