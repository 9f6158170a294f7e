"""Plain CSV tables for spreadsheets, pandas and R: papers, entities, claims and edges.

UTF-8 with a header row; lists and maps as JSON text (``["A. Author","B. Author"]``,
``{"ResNet-50":3}``); None an empty cell; booleans ``true``/``false``. Rows are in a
fixed order: papers and entities by node id (entities by kind first), claims by
paper and their order in it, edges by their ends and relation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import networkx as nx

from papergraph.export import schema as S
from papergraph.export._csv import write_csv
from papergraph.graph import model as M

PAPERS: Final = "papers.csv"
ENTITIES: Final = "entities.csv"
CLAIMS: Final = "claims.csv"
EDGES: Final = "edges.csv"
FILES: Final = (PAPERS, ENTITIES, CLAIMS, EDGES)

#: A claim's linked entities: column prefix -> the result's edge to that entity.
_LINKS: Final = (
    ("method", M.HAS_METHOD),
    ("dataset", M.HAS_DATASET),
    ("metric", M.HAS_METRIC),
    ("task", M.HAS_TASK),
    ("baseline", M.HAS_BASELINE),
)

PAPER_COLUMNS: Final = ("id", "paper_id", *(name for name, _ in S.NODE_ATTRS["Paper"]))
ENTITY_COLUMNS: Final = ("id", "kind", "name", *(n for n, _ in S.NODE_ATTRS["Method"] if n != "label"))
CLAIM_COLUMNS: Final = (
    "id", "paper",
    *(c for prefix, _ in _LINKS for c in (prefix, f"{prefix}_id")),
    "value", "value_text", "unit", "relation", "claim", "flag", "status", "conflict",
    "metric_key", "unit_key", "confidence", "extractor", "sentence", "field", "start", "end", "reason",
)
EDGE_COLUMNS: Final = ("source", "target", "relation", "paper", "confidence", "count", "extractor",
                       "sentence", "field", "start", "end")


def _plain(typ: S.AttrType, value: Any) -> Any:
    return S.to_json(value) if typ in ("list", "map") else value


def _values(node: str, d: dict[str, Any]) -> dict[str, Any]:
    return {name: _plain(typ, v) for name, typ, v in S.node_values(node, d)}


def _papers(nodes: list[tuple[str, dict[str, Any]]]) -> Iterator[list[Any]]:
    for n, d in nodes:
        if d.get("kind") == "Paper":
            v = _values(n, d)
            yield [n, n.split(":", 1)[1], *(v.get(c) for c in PAPER_COLUMNS[2:])]


def _entities(nodes: list[tuple[str, dict[str, Any]]]) -> Iterator[list[Any]]:
    for n, d in nodes:
        if d.get("kind") in S.ENTITY_KINDS:
            v = _values(n, d)
            yield [n, v["kind"], v.get("label"), *(v.get(c) for c in ENTITY_COLUMNS[3:])]


def _claim_order(node: str) -> tuple[str, int]:
    """``result:<paper id>:<n>`` sorts by paper, then n as a number."""
    paper, _, n = node.rpartition(":")
    return (paper, int(n)) if n.isdigit() else (node, -1)


def _claims(G: nx.MultiDiGraph, nodes: list[tuple[str, dict[str, Any]]]) -> Iterator[list[Any]]:
    results = sorted((n for n, d in nodes if d.get("kind") == "Result"), key=_claim_order)
    for n in results:
        v = _values(n, G.nodes[n])
        out = {rel: target for _u, target, rel in G.out_edges(n, keys=True)}
        reported = [d.get("source") for _u, _v, rel, d in G.in_edges(n, keys=True, data=True)
                    if rel == M.REPORTS]
        row: dict[str, Any] = {
            **v,
            "id": n,
            "status": v.get("board"),
            "extractor": reported[0] if reported else None,
        }
        for prefix, rel in _LINKS:
            row[f"{prefix}_id"] = out.get(rel)
        yield [row.get(c) for c in CLAIM_COLUMNS]


def _edges(G: nx.MultiDiGraph) -> Iterator[list[Any]]:
    for u, v, key, d in S.sorted_edges(G):
        vals = {name: val for name, _t, val in S.edge_values(u, v, key, d)}
        yield [u, v, *(vals.get(c) for c in EDGE_COLUMNS[2:])]


def write_tables(G: nx.MultiDiGraph, folder: Path) -> dict[str, int]:
    """Write the four tables into ``folder``; returns the rows of each, by file name."""
    nodes = S.sorted_nodes(G)
    return {
        PAPERS: write_csv(folder / PAPERS, PAPER_COLUMNS, _papers(nodes)),
        ENTITIES: write_csv(folder / ENTITIES, ENTITY_COLUMNS, _entities(nodes)),
        CLAIMS: write_csv(folder / CLAIMS, CLAIM_COLUMNS, _claims(G, nodes)),
        EDGES: write_csv(folder / EDGES, EDGE_COLUMNS, _edges(G)),
    }
