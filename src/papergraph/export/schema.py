"""Which node and edge attributes an export carries, with one type each.

Every export format reads the graph through these tables, so the formats agree
on names and types, and an attribute has the same type on every node (GraphML
and GEXF declare one type per attribute; a Neo4j header types a column once).
The attributes are those of :mod:`papergraph.graph.model`; ``kind`` comes first
on every node, ``relation`` first on every edge.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Final, Literal

import networkx as nx

#: The value types an attribute can have. ``list`` is a list of strings; ``map``
#: a dict of string -> int (an entity's aliases with their counts).
AttrType = Literal["str", "int", "float", "bool", "list", "map"]
Columns = tuple[tuple[str, AttrType], ...]

#: Entity kinds, in the order exports list them.
ENTITY_KINDS: Final = ("Method", "Dataset", "Task", "Metric")
#: Every node kind, in the order exports list them.
NODE_KINDS: Final = ("Paper", *ENTITY_KINDS, "Result")

_ENTITY: Columns = (
    ("label", "str"),
    ("papers", "int"),
    ("mentions", "int"),
    ("aliases", "map"),
    ("gazetteer", "bool"),
    ("variant_of", "str"),
    ("subset_of", "str"),
    ("split", "str"),
    ("direction", "str"),
)

#: The attributes of each node kind, after ``kind``.
NODE_ATTRS: Final[dict[str, Columns]] = {
    "Paper": (
        ("label", "str"),
        ("title", "str"),
        ("date", "str"),
        ("authors", "list"),
        ("n_authors", "int"),
        ("upvotes", "int"),
        ("arxiv_id", "str"),
        ("doi", "str"),
        ("urls", "list"),
        ("code_urls", "list"),
        ("source_id", "str"),
        ("merged_source_ids", "list"),
        ("source_file", "str"),
        ("source_line", "int"),
        ("abstract", "str"),
    ),
    **dict.fromkeys(ENTITY_KINDS, _ENTITY),
    "Result": (
        ("label", "str"),
        ("paper", "str"),
        ("value", "float"),
        ("value_text", "str"),
        ("unit", "str"),
        ("relation", "str"),
        ("metric", "str"),
        ("dataset", "str"),
        ("method", "str"),
        ("task", "str"),
        ("baseline", "str"),
        ("claim", "str"),
        ("flag", "str"),
        ("board", "str"),
        ("conflict", "bool"),
        ("metric_key", "str"),
        ("unit_key", "str"),
        ("confidence", "float"),
        ("sentence", "str"),
        ("field", "str"),
        ("start", "int"),
        ("end", "int"),
        ("reason", "str"),
    ),
}

#: The attributes of every edge. ``extractor`` is the component that found the edge
#: (``source`` in the graph: a name every graph tool gives the edge's first node).
EDGE_ATTRS: Final[Columns] = (
    ("relation", "str"),
    ("paper", "str"),
    ("confidence", "float"),
    ("count", "int"),
    ("extractor", "str"),
    ("sentence", "str"),
    ("field", "str"),
    ("start", "int"),
    ("end", "int"),
)

#: Values an attribute has when the graph leaves it out: a result is marked ``conflict``
#: only when it conflicts.
_DEFAULTS: Final[dict[tuple[str, str], Any]] = {("Result", "conflict"): False}

#: Exported edge attribute names that differ from the graph's.
_EDGE_GRAPH_NAMES: Final = {"extractor": "source"}

_PYTHON: Final[dict[AttrType, tuple[type, ...]]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "list": (list, tuple),
    "map": (dict,),
}


def typed(value: Any, typ: AttrType, where: str) -> Any:
    """``value`` checked against ``typ`` (None stays None); a float column takes ints as floats.

    A value of another type means the graph does not follow papergraph.graph.model:
    the error names the node or edge and the attribute.
    """
    if value is None:
        return None
    ok = isinstance(value, _PYTHON[typ]) and not (typ in ("int", "float") and isinstance(value, bool))
    if not ok:
        raise TypeError(f"{where}: {type(value).__name__} value {value!r}, expected {typ}")
    if typ == "float":
        return float(value)
    if typ == "list":
        return [str(v) for v in value]
    return value


def to_json(value: list[str] | Mapping[str, int]) -> str:
    """A list or map as compact JSON, in its own order (aliases are most frequent first)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def node_kind(node: str, data: Mapping[str, Any]) -> str:
    kind = data.get("kind")
    if kind not in NODE_ATTRS:
        raise TypeError(f"node {node!r}: kind {kind!r} is not one of {', '.join(NODE_KINDS)}")
    return str(kind)


def node_values(node: str, data: Mapping[str, Any]) -> Iterator[tuple[str, AttrType, Any]]:
    """``(name, type, value)`` of each attribute of ``node`` in table order, None values left out."""
    kind = node_kind(node, data)
    yield "kind", "str", kind
    for name, typ in NODE_ATTRS[kind]:
        value = data.get(name, _DEFAULTS.get((kind, name)))
        value = typed(value, typ, f"node {node!r}, attribute {name!r}")
        if value is not None:
            yield name, typ, value


def edge_values(u: str, v: str, key: str, data: Mapping[str, Any]) -> Iterator[tuple[str, AttrType, Any]]:
    """``(name, type, value)`` of each attribute of an edge in table order, None values left out."""
    for name, typ in EDGE_ATTRS:
        value = data.get(_EDGE_GRAPH_NAMES.get(name, name), key if name == "relation" else None)
        value = typed(value, typ, f"edge {u!r} -{key}-> {v!r}, attribute {name!r}")
        if value is not None:
            yield name, typ, value


def sorted_nodes(G: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    """The nodes by kind (in :data:`NODE_KINDS` order), then id: the order every export uses."""
    rank = {kind: i for i, kind in enumerate(NODE_KINDS)}
    return sorted(G.nodes(data=True), key=lambda nd: (rank.get(nd[1].get("kind"), len(rank)), nd[0]))


def sorted_edges(G: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The edges by source, target and relation."""
    return sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))


def unknown_attributes(G: nx.MultiDiGraph) -> list[str]:
    """Attributes of the graph that these tables do not list (each ``kind.name`` once)."""
    found: set[str] = set()
    for _n, d in G.nodes(data=True):
        known = {"kind"} | {name for name, _ in NODE_ATTRS.get(d.get("kind"), ())}
        found.update(f"{d.get('kind')}.{k}" for k in d if k not in known)
    edge_known = {_EDGE_GRAPH_NAMES.get(name, name) for name, _ in EDGE_ATTRS}
    for _u, _v, d in G.edges(data=True):
        found.update(f"edge.{k}" for k in d if k not in edge_known)
    return sorted(found)
