"""GraphML for yEd, Cytoscape and Gephi, through networkx's writer.

networkx's lxml writer streams the elements to the file one node or edge at a time,
so a corpus graph is written without its whole XML tree in memory.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from papergraph._io import atomic_open
from papergraph.export._xml import xml_graph


def write_graphml(G: nx.MultiDiGraph, path: Path) -> None:
    """Write ``G`` to ``path`` (atomically). Each edge's GraphML id is its relation, which
    together with its two ends identifies it (``read_graphml(..., edge_key_type=str)``)."""
    X = xml_graph(G)
    with atomic_open(path) as fh:
        nx.write_graphml_lxml(X, fh, encoding="utf-8", prettyprint=True)
