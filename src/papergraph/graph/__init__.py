"""Entity linking results as a networkx MultiDiGraph, and the PaperGraph API.

Contract (used by papergraph.pipeline):

    build_graph(papers: Sequence[Paper], extractions: Sequence[Extraction]) -> nx.MultiDiGraph

The graph follows papergraph.graph.model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from papergraph.errors import EntityKindError, EntityNotFoundError, NoPathError
    from papergraph.graph.api import PaperGraph, load
    from papergraph.graph.build import build_graph
    from papergraph.graph.lists import (
        EntityList,
        LeaderboardList,
        LeaderboardRows,
        PaperList,
        ResultList,
    )
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
    "EntityKindError": "papergraph.errors",
    "EntityList": "papergraph.graph.lists",
    "EntityNotFoundError": "papergraph.errors",
    "LeaderboardList": "papergraph.graph.lists",
    "LeaderboardRows": "papergraph.graph.lists",
    "PaperList": "papergraph.graph.lists",
    "ResultList": "papergraph.graph.lists",
    "LeaderboardRow": "papergraph.graph.records",
    "NoPathError": "papergraph.errors",
    "PaperRecord": "papergraph.graph.records",
    "RelatedPaper": "papergraph.graph.records",
    "ResultRecord": "papergraph.graph.records",
}

__all__ = [
    "Cooccurrence",
    "Entity",
    "EntityKindError",
    "EntityList",
    "EntityNotFoundError",
    "LeaderboardList",
    "LeaderboardRow",
    "LeaderboardRows",
    "NoPathError",
    "PaperGraph",
    "PaperList",
    "PaperRecord",
    "RelatedPaper",
    "ResultList",
    "ResultRecord",
    "build_graph",
    "load",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'papergraph.graph' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
