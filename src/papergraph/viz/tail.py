"""The long tail: every entity the page does not embed, and the papers that name it.

A corpus build names a quarter of a million entities; the page embeds the
details of a few thousand. The others still have to be found and opened, so
each gets a row in parallel columns (name, kind, papers) and the ids of its
newest few papers, which point into a light list of papers (title, month,
arXiv id) rather than into the full records the page carries for embedded ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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
    build, ``p`` indices into ``plist`` of the newest papers of each, one after
    the other, ``pc`` how many each has (one digit each); most papers first.
    ``plist``: ``id`` node ids, ``t`` titles, ``m`` month indices (-1
    undated), ``ax`` arXiv ids ("" for none), in id order. Text columns are
    single strings of lines: a browser parses one long string far faster than
    a quarter of a million short ones, and splits it when the search or a
    panel first needs it. :func:`tail_rows` reads them back.
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
        "l": _lines(label(e) for e in rest),
        "k": "".join(KIND_LETTER[node_kind(G, e)] for e in rest),
        "n": [sel.paper_counts[e] for e in rest],
        "p": [at[p] for ps in refs for p in ps],
        "pc": "".join(str(len(ps)) for ps in refs),
    }
    plist = {
        "id": _lines(listed),
        "t": _lines(_title(G, p) for p in listed),
        "m": [m if (m := month_of.get(p)) is not None else -1 for p in listed],
        "ax": _lines(text(G.nodes[p].get("arxiv_id")) or "" for p in listed),
    }
    return more, plist


def _lines(values: Iterable[str]) -> str:
    # one line each: a line break inside a value would shift every value after it
    return "\n".join(" ".join(v.split()) for v in values)


def tail_rows(more: Mapping[str, Any], plist: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The long tail as one record per entity (name, kind, papers, newest papers' ids): for tools and tests."""
    names = more["l"].split("\n") if more["l"] else []
    ids = plist["id"].split("\n") if plist["id"] else []
    rows: list[dict[str, Any]] = []
    at = 0
    for name, kind, n, count in zip(names, more["k"], more["n"], more["pc"], strict=True):
        refs = more["p"][at : at + int(count)]
        at += int(count)
        rows.append({"name": name, "kind": kind, "papers": n, "newest": [ids[i] for i in refs]})
    return rows


def _title(G: nx.MultiDiGraph, p: str) -> str:
    a = G.nodes[p]
    return " ".join((text(a.get("title")) or text(a.get("label")) or p).split())
