"""GEXF for Gephi, through networkx's writer."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from papergraph.__about__ import __version__
from papergraph._io import atomic_open
from papergraph.export._xml import xml_graph


def write_gexf(G: nx.MultiDiGraph, path: Path) -> None:
    """Write ``G`` to ``path`` (atomically).

    Nodes keep ``label`` as their GEXF label; an edge's label is its relation and
    its weight the number of times it was found (``count``), which Gephi's
    layouts use. The file names no date, so the same graph gives the same bytes.
    """
    X = xml_graph(G)
    for n, (_u, _v, _k, d) in enumerate(X.edges(keys=True, data=True)):
        d["id"] = f"e{n}"
        d["label"] = d["relation"]
        d["weight"] = float(d.get("count", 1))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(X)
    meta = writer.xml.find("meta")
    if meta is not None:  # networkx stamps today's date and its own name
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = f"papergraph {__version__}"
    with atomic_open(path) as fh:
        writer.write(fh)
        fh.write(b"\n")
