"""The graph with attributes GraphML and GEXF can hold, shared by both writers.

Both formats take strings, numbers and booleans, one declared type per
attribute. So lists and maps become JSON text, None values are left out, and
text loses what XML 1.0 cannot carry: a character it forbids (a control
character other than tab and line feed) becomes U+FFFD, and a carriage
return a line feed (an XML reader would turn it into one anyway).

Two names change, the same in both formats: GEXF keeps ``start`` and ``end``
for time intervals, so the character offsets are ``char_start`` and
``char_end``.
"""

from __future__ import annotations

import re
from typing import Any, Final

import networkx as nx

from papergraph.export.schema import (
    AttrType,
    edge_values,
    node_values,
    sorted_edges,
    sorted_nodes,
    to_json,
)

#: Graph attribute names -> their names in GraphML and GEXF.
RENAMED: Final = {"start": "char_start", "end": "char_end"}

_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 can carry it (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("\ufffd", text)


def xml_value(value: Any, typ: AttrType) -> Any:
    if typ in ("list", "map"):
        return xml_text(to_json(value))
    if typ == "str":
        return xml_text(value)
    return value


def xml_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` for the XML writers: nodes by kind then id, edges by ends and relation."""
    X = nx.MultiDiGraph()
    for n, d in sorted_nodes(G):
        X.add_node(xml_text(n), **{RENAMED.get(k, k): xml_value(v, t) for k, t, v in node_values(n, d)})
    for u, v, key, d in sorted_edges(G):
        attrs = {RENAMED.get(k, k): xml_value(val, t) for k, t, val in edge_values(u, v, key, d)}
        X.add_edge(xml_text(u), xml_text(v), key=xml_text(key), **attrs)
    return X
