"""Jupyter display: records as HTML tables, and the viewer of a subgraph inline.

Everything shown comes from paper text, so every cell, caption and attribute
is escaped with :func:`html.escape`. The viewer is the self-contained page of
:mod:`papergraph.viz` (vis-network inlined, no request leaves the page) in an
``<iframe srcdoc>``, sandboxed to run its own scripts only.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from papergraph._io import atomic_write_text

if TYPE_CHECKING:
    import networkx as nx

#: Rows an HTML table shows; the rest are counted below it (``to_pandas()`` has them all).
MAX_TABLE_ROWS = 50
#: Height of the inline viewer, in CSS pixels.
VIEW_HEIGHT = 600


def cell(value: object) -> str:
    """The escaped text of one table cell: "" for None, floats without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else html.escape(f"{value:g}")
    return html.escape(str(value))


def html_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str | None = None,
    limit: int = MAX_TABLE_ROWS,
) -> str:
    """An HTML table of ``rows`` (the first ``limit``), every cell escaped."""
    out = ['<table class="papergraph">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    if headers:
        out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows[:limit]:
        out.append("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>")
    out.append("</tbody>")
    if len(rows) > limit:
        more = len(rows) - limit
        span = max(len(headers), 1)
        out.append(
            f'<tfoot><tr><td colspan="{span}">and {more:,} more rows '
            "(<code>.to_pandas()</code> has them all)</td></tr></tfoot>"
        )
    out.append("</table>")
    return "\n".join(out)


class GraphView:
    """The interactive viewer of a (sub)graph, for Jupyter: ``kg.show("ImageNet")``.

    ``html`` is the complete page, as ``papergraph build`` writes ``graph.html``;
    Jupyter shows it inline in a sandboxed iframe. ``save(path)`` writes it to a file.
    """

    def __init__(self, graph: nx.MultiDiGraph, *, title: str = "papergraph", height: int = VIEW_HEIGHT) -> None:
        if height <= 0:
            raise ValueError(f"height must be a positive number of pixels, not {height!r}")
        self.graph = graph
        self.title = title
        self.height = height
        self._html: str | None = None

    @property
    def html(self) -> str:
        """The self-contained viewer page (made once, on first use)."""
        if self._html is None:
            from papergraph.viz import render_html

            self._html = render_html(self.graph, title=self.title)
        return self._html

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path``; it opens from disk with no network."""
        atomic_write_text(path, self.html)
        return Path(path)

    def _repr_html_(self) -> str:
        # srcdoc is an attribute: escaping quotes and ampersands keeps the page whole,
        # and the browser unescapes it back to the page before parsing it.
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            f'title="{html.escape(self.title, quote=True)}" '
            'sandbox="allow-scripts" referrerpolicy="no-referrer" '
            f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #d0d5dd;"></iframe>'
        )

    def __repr__(self) -> str:
        return (
            f"GraphView({self.title!r}, nodes={self.graph.number_of_nodes()}, "
            f"edges={self.graph.number_of_edges()})"
        )
