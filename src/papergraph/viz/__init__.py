"""The self-contained interactive HTML viewer.

Contract (used by papergraph.pipeline):

    write_html(G, path, *, max_entities: int | None = None) -> None
"""

from papergraph.viz.html import KIND_STYLE, render_html, write_html
from papergraph.viz.open import find_viewer, open_viewer
from papergraph.viz.select import DEFAULT_MAX_EMBEDDED, DEFAULT_MAX_ENTITIES, DEFAULT_MAX_PAPERS

__all__ = [
    "DEFAULT_MAX_EMBEDDED",
    "DEFAULT_MAX_ENTITIES",
    "DEFAULT_MAX_PAPERS",
    "KIND_STYLE",
    "find_viewer",
    "open_viewer",
    "render_html",
    "write_html",
]
