"""Entity linking results as a networkx MultiDiGraph, and the PaperGraph API.

Contract (used by papergraph.pipeline):

    build_graph(papers: Sequence[Paper], extractions: Sequence[Extraction]) -> nx.MultiDiGraph

The graph follows papergraph.graph.model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from papergraph.errors import EntityNotFoundError, NoPathError
    from papergraph.graph.api import PaperGraph, load
    from papergraph.graph.build import build_graph
from papergraph.graph.records import (
        Cooccurrence,
        Entity,
        LeaderboardRow,
        PaperRecord,
        RelatedPaper,
        ResultRecord,
    )

# Resolved on first use: papergraph.link imports graph.model, and importing the
# whole graph package (networkx, the builder) from there would be circular.
_EXPORTS = {
    "PaperGraph": "papergraph.graph.api",
    "load": "papergraph.graph.api",
    "build_graph": "papergraph.graph.build",
    "Cooccurrence": "papergraph.graph.records",
    "Entity": "papergraph.graph.records",
    "EntityNotFoundError": "papergraph.errors",
    "LeaderboardRow": "papergraph.graph.records",
    "NoPathError": "papergraph.errors",
    "PaperRecord": "papergraph.graph.records",
    "RelatedPaper": "papergraph.graph.records",
    "ResultRecord": "papergraph.graph.records",
}

__all__ = [
    "Cooccurrence",
    "Entity",
    "EntityNotFoundError",
    "LeaderboardRow",
    "NoPathError",
    "PaperGraph",
    "PaperRecord",
    "RelatedPaper",
    "ResultRecord",
    "build_graph",
    "load",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'papergraph.graph' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
