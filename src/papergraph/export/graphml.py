"""GraphML for yEd, Cytoscape and Gephi, through networkx's writer."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from papergraph._io import atomic_write_bytes
from papergraph.export._xml import xml_graph


def write_graphml(G: nx.MultiDiGraph, path: Path) -> None:
    """Write ``G`` to ``path`` (atomically). Each edge's GraphML id is its relation, which
    together with its two ends identifies it (``read_graphml(..., edge_key_type=str)``)."""
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(xml_graph(G))
    buf = io.BytesIO()
    writer.dump(buf)
    atomic_write_bytes(path, buf.getvalue() + b"\n")
