"""Build the viewer page: a pyvis network, drawn by our own template.

pyvis holds the nodes, edges and vis-network options; the page around them
is ours (``templates/viewer.html.j2``) because pyvis's own template loads
vis-network and Bootstrap from CDNs and writes data into script source.
Here every byte of input reaches the page only inside one
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped,
and the page script builds the DOM from it with ``textContent``.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from papergraph._io import atomic_write_text
from papergraph.progress import ProgressFn, noop
from papergraph.viz.assets import VIS_NETWORK_VERSION, load_assets
from papergraph.viz.data import build_records, text
from papergraph.viz.overview import (
    Overview,
    community_records,
    month_histogram,
    month_key,
    overview,
)
from papergraph.viz.pack import pack, script_json, split
from papergraph.viz.select import (
    DEFAULT_MAX_EMBEDDED,
    DEFAULT_MAX_ENTITIES,
    DEFAULT_MAX_PAPERS,
    Selection,
    node_kind,
    select,
)
from papergraph.viz.tail import TAIL_PAPERS, long_tail

#: Colour (Tableau 10) and vis-network shape of each node kind; the legend shows both.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "Paper": ("#4e79a7", "square"),
    "Method": ("#f28e2b", "diamond"),
    "Dataset": ("#59a14f", "triangle"),
    "Task": ("#e15759", "star"),
    "Metric": ("#b07aa1", "hexagon"),
    "Result": ("#9c755f", "dot"),
}
PAPER_LABEL_CHARS = 48

VIS_OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "randomSeed": 7},
    "interaction": {
        "hideEdgesOnDrag": True,
        "hideEdgesOnZoom": True,
        "tooltipDelay": 300,
        "keyboard": False,
        "navigationButtons": False,
    },
    "nodes": {
        "borderWidth": 1,
        # Labels are sized and shown by the page, per zoom level, so that they never overlap.
        "font": {"size": 13, "face": "system-ui, sans-serif", "color": "#1f2933",
                 "strokeWidth": 3, "strokeColor": "#fbfbfc"},
    },
    "edges": {
        "smooth": False,
        "width": 1,
        "selectionWidth": 2,
        "color": {"color": "#b8bfca", "highlight": "#2f3b4c", "opacity": 0.75},
        # co-occurrence has no direction; paper -> entity edges ask for their arrow
        "arrows": {"to": {"enabled": False, "scaleFactor": 0.35}},
    },
}

_TEMPLATES = Path(__file__).resolve().parent / "templates"


class _Ids(list[str]):
    """pyvis checks ``id in network.node_ids`` on every add; a set makes it O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[str] = set()

    def append(self, item: str) -> None:
        self._set.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def _label(G: nx.MultiDiGraph, n: str, kind: str) -> str:
    a = G.nodes[n]
    if kind == "Paper":
        title = " ".join((text(a.get("title")) or text(a.get("label")) or n).split())
        if len(title) > PAPER_LABEL_CHARS:
            title = title[: PAPER_LABEL_CHARS - 1].rstrip() + "…"
        return title
    if kind == "Result":
        value = text(a.get("value_text")) or text(a.get("value")) or "?"
        unit = text(a.get("unit"))
        return f"{value} {unit}" if unit and unit not in value else value
    return text(a.get("label")) or n


#: Kinds the legend lists (results are in the panels' tables, not drawn).
LEGEND_KINDS = ("Paper", "Method", "Dataset", "Task", "Metric")
#: Kinds drawn in the overview but switched off until the reader asks for them:
#: a metric such as accuracy is used with everything and would pull it together.
OFF_KINDS = ("Metric",)
#: Node radius (canvas pixels) for the least and the most used entity.
MIN_SIZE, MAX_SIZE = 6, 34
#: Entities drawn when the page opens (the "Draw the top N entities" slider starts here).
DEFAULT_TOP_N = 150


def node_size(papers: int, most: int) -> int:
    """Radius of an entity node: area grows with its number of papers (rounded half up, as the page does)."""
    if most <= 0:
        return MIN_SIZE
    return math.floor(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(max(papers, 0) / most) + 0.5)


def opening_view(G: nx.MultiDiGraph, sel: Selection) -> tuple[set[str], int]:
    """The entities the page shows as it opens, and the most papers among them.

    The same rule the page applies (top :data:`DEFAULT_TOP_N` by papers, kinds
    switched on, at least one paper), decided here so that the page opens with
    nothing to hide or resize: on a corpus page that saves updating a
    thousand nodes before the first drawing.
    """
    shown = [
        e for e in sel.drawn_entities
        if node_kind(G, e) not in OFF_KINDS and sel.paper_counts.get(e, 0) > 0
    ][:DEFAULT_TOP_N]
    return set(shown), max((sel.paper_counts.get(e, 0) for e in shown), default=0)


def build_network(G: nx.MultiDiGraph, sel: Selection, ov: Overview) -> Network:
    """A pyvis network of the overview: entities placed by community, physics off."""
    net = Network(directed=True, cdn_resources="remote")
    ids = _Ids()
    net.node_ids = ids
    shown, most = opening_view(G, sel)
    for e in sel.drawn_entities:
        kind = node_kind(G, e)
        color, shape = KIND_STYLE[kind]
        x, y = ov.positions[e]
        # Only the opening view's entities are sized (and shown); the page sizes the others when they appear.
        net.add_node(
            e, label=_label(G, e, kind), shape=shape, color=color,
            size=node_size(sel.paper_counts.get(e, 0), most) if e in shown else MIN_SIZE,
            x=x, y=y, kind=kind, hidden=e not in shown,
        )
    # Papers asked for up front (max_papers) sit at the mean of their drawn entities.
    drawn = set(sel.drawn_entities)
    for i, p in enumerate(sel.drawn_papers):
        near = sorted(v for v in G.successors(p) if v in drawn)
        pts = [ov.positions[v] for v in near] or [(0, 0)]
        angle = i * 2.39996
        x = round(sum(q[0] for q in pts) / len(pts) + 40 * math.cos(angle))
        y = round(sum(q[1] for q in pts) / len(pts) + 40 * math.sin(angle))
        color, shape = KIND_STYLE["Paper"]
        net.add_node(p, label=_label(G, p, "Paper"), shape=shape, color=color, size=MIN_SIZE,
                     x=x, y=y, kind="Paper")
    for i, (u, v, w) in enumerate(ov.edges):
        net.add_edge(u, v, id=f"c{i}", rel="co", shared=w, hidden=u not in shown or v not in shown)
    edge_no = 0
    for p in sel.drawn_papers:
        for _, v, rel in sorted(G.out_edges(p, keys=True)):
            if v in drawn:
                net.add_edge(p, v, id=f"p{edge_no}", rel=str(rel), arrows="to", hidden=v not in shown)
                edge_no += 1
    net.options = VIS_OPTIONS  # type: ignore[assignment]
    return net


def month_index(G: nx.MultiDiGraph, sel: Selection) -> tuple[list[str], dict[str, int | None]]:
    """The months of the papers that name an entity, ascending, and each paper's index in them."""
    papers = set().union(*sel.linked.values()) if sel.linked else set()
    papers |= set(sel.embedded_papers)
    keys = {p: month_key(G.nodes[p].get("date")) for p in sorted(papers)}
    months = sorted({k for k in keys.values() if k is not None})
    # Every month from the first to the last, so the slider and charts move evenly.
    if months:
        y0, m0 = int(months[0][:4]), int(months[0][5:])
        y1, m1 = int(months[-1][:4]), int(months[-1][5:])
        months = [f"{y:04d}-{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13)
                  if (y, m) >= (y0, m0) and (y, m) <= (y1, m1)]
    at = {m: i for i, m in enumerate(months)}
    return months, {p: (at[k] if k is not None else None) for p, k in keys.items()}


def page_data(G: nx.MultiDiGraph, sel: Selection) -> dict[str, Any]:
    ov = overview(sel.drawn_entities, sel.papers_of, sel.paper_counts)
    net = build_network(G, sel, ov)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    months, month_of = month_index(G, sel)
    records = build_records(G, sel)
    rank = {e: i for i, e in enumerate(sel.drawn_entities)}
    for e, rec in records["entities"].items():
        if e in rank:
            rec["h"] = month_histogram(set(sel.papers_of[e]), month_of)
            rec["cm"] = ov.community[e]
            rec["rk"] = rank[e]
    totals = {"Paper": sel.total_papers, **sel.kind_totals}
    records["more"], records["plist"] = long_tail(
        G, sel, set(records["entities"]), label=lambda e: _label(G, e, node_kind(G, e)), month_of=month_of
    )
    return {
        "kinds": [
            {
                "kind": k,
                "color": KIND_STYLE[k][0],
                "shape": KIND_STYLE[k][1],
                "total": totals.get(k, 0),
                "on": k not in OFF_KINDS,
            }
            for k in LEGEND_KINDS
        ],
        "meta": {
            "papers_total": sel.total_papers,
            "entities_total": sel.total_entities,
            "papers_drawn": len(sel.drawn_papers),
            "entities_drawn": len(sel.drawn_entities),
            "papers_embedded": len(sel.embedded_papers),
            "months": months,
            "communities": len(ov.communities),
            "top_n": DEFAULT_TOP_N,
            "tail_papers": TAIL_PAPERS,
            "vis_network": VIS_NETWORK_VERSION,
        },
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "communities": community_records(ov, sel.papers_of, label=lambda e: _label(G, e, node_kind(G, e)),
                                         kind=lambda e: node_kind(G, e)),
        **records,
    }


#: The steps of the "html" progress stage.
HTML_STEPS = 4


def render_html(
    G: nx.MultiDiGraph,
    *,
    max_entities: int | None = None,
    max_papers: int | None = None,
    max_embedded: int | None = None,
    title: str = "papergraph",
    progress: ProgressFn | None = None,
) -> str:
    """The complete, self-contained viewer page for ``G``, as a string.

    ``None`` for a cap means its default (:data:`DEFAULT_MAX_ENTITIES`,
    :data:`DEFAULT_MAX_PAPERS`, :data:`DEFAULT_MAX_EMBEDDED`). ``progress``
    hears stage "html" in :data:`HTML_STEPS` steps: selecting what to draw,
    the page's data, the page, and (in :func:`write_html`) writing it.
    """
    progress = progress or noop
    progress("html", 0, HTML_STEPS)
    sel = select(
        G,
        max_entities=DEFAULT_MAX_ENTITIES if max_entities is None else max_entities,
        max_papers=DEFAULT_MAX_PAPERS if max_papers is None else max_papers,
        max_embedded=DEFAULT_MAX_EMBEDDED if max_embedded is None else max_embedded,
    )
    progress("html", 1, HTML_STEPS)
    plain, packed, lazy = split(page_data(G, sel))
    progress("html", 2, HTML_STEPS)
    assets = load_assets()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    page = env.get_template("viewer.html.j2").render(
        title=title,
        csp=assets.csp(),
        css=Markup(assets.css),
        vis_js=Markup(assets.vis_js),
        app_js=Markup(assets.app_js),
        data_json=Markup(script_json(plain)),
        packed=pack(packed),
        lazy=pack(lazy),
    )
    progress("html", 3, HTML_STEPS)
    return page


def write_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    max_entities: int | None = None,
    max_papers: int | None = None,
    max_embedded: int | None = None,
    progress: ProgressFn | None = None,
) -> None:
    """Write the viewer for ``G`` to ``path`` atomically; same graph, same bytes."""
    atomic_write_text(
        path,
        render_html(
            G, max_entities=max_entities, max_papers=max_papers, max_embedded=max_embedded, progress=progress
        ),
    )
    (progress or noop)("html", HTML_STEPS, HTML_STEPS)
