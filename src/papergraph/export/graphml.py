"""GraphML for yEd, Cytoscape and Gephi, through networkx's writer."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from papergraph._io import atomic_open
from papergraph.export._xml import xml_graph


def write_graphml(G: nx.MultiDiGraph, path: Path) -> None:
    """Write ``G`` to ``path`` (atomically). Each edge's GraphML id is its relation, which
    together with its two ends identifies it (``read_graphml(..., edge_key_type=str)``)."""
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(xml_graph(G))
    with atomic_open(path) as fh:
        writer.dump(fh)
        fh.write(b"\n")
