"""The long tail: every entity the page does not embed, and the papers that name it.

A corpus build names a quarter of a million entities; the page embeds the
details of a few thousand. The others still have to be found and opened, so
each gets a row in parallel columns (name, kind, papers) and the ids of its
newest few papers, which point into a light list of papers (title, month,
arXiv id) rather than into the full records the page carries for embedded ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import networkx as nx

from papergraph.viz.data import text
from papergraph.viz.select import Selection, node_kind

#: Papers listed per entity of the long tail: its newest.
TAIL_PAPERS = 3
#: Kind letters of the long tail's ``k`` column.
KIND_LETTER = {"Method": "M", "Dataset": "D", "Task": "T", "Metric": "X"}


def _newest(papers: AbstractSet[str], date_of: Mapping[str, str]) -> list[str]:
    # Newest first, then by id: the same graph lists the same papers.
    return sorted(papers, key=lambda p: (date_of.get(p, ""), p), reverse=True)[:TAIL_PAPERS]


def long_tail(
    G: nx.MultiDiGraph,
    sel: Selection,
    embedded: AbstractSet[str],
    *,
    label: Callable[[str], str],
    month_of: Mapping[str, int | None],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The long tail's columns (``more``) and the light paper list they point into (``plist``).

    ``more``: ``l`` names, ``k`` kinds (one letter each), ``n`` papers in the
    build, ``p`` indices into ``plist`` of its newest papers; most papers
    first. ``plist``: ``id`` node ids, ``t`` titles, ``m`` month indices
    (-1 undated), ``ax`` arXiv ids ("" for none), in id order.
    """
    rest = sorted(
        (e for e in sel.paper_counts if e not in embedded),
        key=lambda e: (-sel.paper_counts[e], e),
    )
    date_of: dict[str, str] = {}
    refs: list[list[str]] = []
    for e in rest:
        ps: AbstractSet[str] = sel.linked.get(e, set())
        for p in ps:
            if p not in date_of:
                date_of[p] = text(G.nodes[p].get("date")) or ""
        refs.append(_newest(ps, date_of))
    listed = sorted({p for ps in refs for p in ps})
    at = {p: i for i, p in enumerate(listed)}
    more = {
        "l": [label(e) for e in rest],
        "k": "".join(KIND_LETTER[node_kind(G, e)] for e in rest),
        "n": [sel.paper_counts[e] for e in rest],
        "p": [[at[p] for p in ps] for ps in refs],
    }
    plist = {
        "id": listed,
        "t": [_title(G, p) for p in listed],
        "m": [m if (m := month_of.get(p)) is not None else -1 for p in listed],
        "ax": [text(G.nodes[p].get("arxiv_id")) or "" for p in listed],
    }
    return more, plist


def _title(G: nx.MultiDiGraph, p: str) -> str:
    a = G.nodes[p]
    return " ".join((text(a.get("title")) or text(a.get("label")) or p).split())
