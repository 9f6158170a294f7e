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
from papergraph.viz.assets import VIS_NETWORK_VERSION, load_assets
from papergraph.viz.data import build_records, text
from papergraph.viz.layout import force_layout
from papergraph.viz.select import (
    DEFAULT_MAX_EMBEDDED,
    DEFAULT_MAX_ENTITIES,
    DEFAULT_MAX_PAPERS,
    Selection,
    node_kind,
    select,
)

#: Colour (Tableau 10) and vis-network shape of each node kind; the legend shows both.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "Paper": ("#4e79a7", "square"),
    "Method": ("#f28e2b", "diamond"),
    "Dataset": ("#59a14f", "triangle"),
    "Task": ("#e15759", "star"),
    "Metric": ("#b07aa1", "hexagon"),
    "Result": ("#9c755f", "dot"),
}
#: Kinds drawn but hidden until their filter is switched on.
HIDDEN_KINDS = ("Result",)
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
        "font": {"size": 13, "face": "system-ui, sans-serif", "color": "#1f2933"},
        "scaling": {
            "min": 6,
            "max": 32,
            "label": {"enabled": True, "min": 11, "max": 30, "drawThreshold": 7},
        },
    },
    "edges": {
        "smooth": False,
        "width": 1,
        "selectionWidth": 2,
        "color": {"color": "#b8bfca", "highlight": "#2f3b4c", "opacity": 0.75},
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.35}},
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


def build_network(G: nx.MultiDiGraph, sel: Selection) -> Network:
    """A pyvis network of the drawn part of ``G``, laid out, physics off."""
    net = Network(directed=True, cdn_resources="remote")
    ids = _Ids()
    net.node_ids = ids
    core = [*sel.drawn_entities, *sel.drawn_papers]
    index = {n: i for i, n in enumerate(core)}
    drawn = set(core) | set(sel.drawn_results)

    pairs: dict[tuple[str, str], set[str]] = {}
    for u, v, rel in G.edges(keys=True):
        if u in drawn and v in drawn and u != v:
            pairs.setdefault((u, v), set()).add(str(rel))
    degree = dict.fromkeys(drawn, 0)
    for u, v in pairs:
        degree[u] += 1
        degree[v] += 1
    # Lay out the important nodes first: the spiral start puts them central.
    order = sorted(core, key=lambda n: (-degree[n], index[n]))
    rank = {n: i for i, n in enumerate(order)}
    layout_edges = sorted(
        (rank[u], rank[v]) for (u, v) in pairs if u in rank and v in rank
    )
    pos = force_layout(len(order), layout_edges)
    xy = {n: pos[rank[n]] for n in order}

    for n in core:
        kind = node_kind(G, n)
        color, shape = KIND_STYLE[kind]
        x, y = xy[n]
        net.add_node(
            n, label=_label(G, n, kind), shape=shape, color=color,
            value=degree[n] + 1, x=x, y=y, kind=kind,
        )
    by_paper: dict[str, int] = {}
    for r in sel.drawn_results:
        owner = G.nodes[r].get("paper")
        i = by_paper[owner] = by_paper.get(owner, 0) + 1
        px, py = xy.get(owner, (0, 0)) if isinstance(owner, str) else (0, 0)
        # Results sit on a small ring around their paper.
        angle = i * 2.39996
        color, shape = KIND_STYLE["Result"]
        net.add_node(
            r, label=_label(G, r, "Result"), shape=shape, color=color, value=1,
            x=px + round(55 * math.cos(angle)), y=py + round(55 * math.sin(angle)),
            kind="Result", hidden=True,
        )
    kinds = {n: node_kind(G, n) for n in drawn}
    for i, ((u, v), rels) in enumerate(sorted(pairs.items())):
        hidden = kinds[u] in HIDDEN_KINDS or kinds[v] in HIDDEN_KINDS
        options: dict[str, Any] = {"id": f"e{i}", "rel": " ".join(sorted(rels))}
        if "proposes" in rels:
            options["width"] = 2
        if hidden:
            options["hidden"] = True
        net.add_edge(u, v, **options)
    net.options = VIS_OPTIONS  # type: ignore[assignment]
    return net


def script_json(obj: Any) -> str:
    """JSON safe inside an HTML <script> element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where the ``\\u``
    escapes decode to the same characters, so ``</script>`` and ``<!--`` in a
    title can neither end the element nor change how the parser reads it.
    """
    raw = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (
        raw.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def page_data(G: nx.MultiDiGraph, sel: Selection, net: Network) -> dict[str, Any]:
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    counts = {k: 0 for k in KIND_STYLE}
    for n in nodes:
        counts[n["kind"]] += 1
    return {
        "kinds": [
            {
                "kind": k,
                "color": c,
                "shape": s,
                "drawn": counts[k],
                "on": k not in HIDDEN_KINDS,
            }
            for k, (c, s) in KIND_STYLE.items()
        ],
        "meta": {
            "papers_total": sel.total_papers,
            "entities_total": sel.total_entities,
            "papers_drawn": len(sel.drawn_papers),
            "entities_drawn": len(sel.drawn_entities),
            "papers_embedded": len(sel.embedded_papers),
            "vis_network": VIS_NETWORK_VERSION,
        },
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        **build_records(G, sel),
    }


def render_html(
    G: nx.MultiDiGraph,
    *,
    max_entities: int | None = None,
    max_papers: int | None = None,
    max_embedded: int | None = None,
    title: str = "papergraph",
) -> str:
    """The complete, self-contained viewer page for ``G``, as a string.

    ``None`` for a cap means its default (:data:`DEFAULT_MAX_ENTITIES`,
    :data:`DEFAULT_MAX_PAPERS`, :data:`DEFAULT_MAX_EMBEDDED`).
    """
    sel = select(
        G,
        max_entities=DEFAULT_MAX_ENTITIES if max_entities is None else max_entities,
        max_papers=DEFAULT_MAX_PAPERS if max_papers is None else max_papers,
        max_embedded=DEFAULT_MAX_EMBEDDED if max_embedded is None else max_embedded,
    )
    net = build_network(G, sel)
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
        data_json=Markup(script_json(page_data(G, sel, net))),
    )
    return page


def write_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    max_entities: int | None = None,
    max_papers: int | None = None,
    max_embedded: int | None = None,
) -> None:
    """Write the viewer for ``G`` to ``path`` atomically; same graph, same bytes."""
    atomic_write_text(
        path,
        render_html(
            G, max_entities=max_entities, max_papers=max_papers, max_embedded=max_embedded
        ),
    )
