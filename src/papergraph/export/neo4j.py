"""CSV files for ``neo4j-admin database import full``, and the command that loads them.

One node file per label (``nodes_paper.csv``, ``nodes_method.csv``, ...) with an
``id:ID`` column (the papergraph node id, kept as the ``id`` property), a
``:LABEL`` column and typed properties; one ``relationships.csv`` with
``:START_ID``, ``:END_ID``, ``:TYPE`` and the edge's provenance. Node ids share
one id space: papergraph's ids carry their kind (``method:resnet-50``).

Types: integers are ``long`` and decimals ``double`` (Cypher's INTEGER and FLOAT
are 64-bit; the importer's ``int`` and ``float`` are 32-bit), booleans
``boolean``, lists ``string[]`` with ``|`` between elements (a ``|`` inside an
element is written as U+FF5C, ``｜``), and an entity's aliases two parallel
arrays, ``aliases:string[]`` and ``alias_counts:long[]``. Relationship types
are the relations in upper snake case (``evaluatedOn`` -> ``EVALUATED_ON``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import networkx as nx

from papergraph._io import atomic_write_text
from papergraph.export import schema as S
from papergraph.export._csv import write_csv

ARRAY_DELIMITER: Final = "|"
#: What a ``|`` inside an array element becomes.
ARRAY_DELIMITER_STANDIN: Final = "\uff5c"
RELATIONSHIPS_FILE: Final = "relationships.csv"
IMPORT_SCRIPT: Final = "import.sh"
#: The options every load needs: the files' delimiters and quoting, and text spanning lines.
IMPORT_OPTIONS: Final = (
    "--id-type=string",
    "--delimiter=,",
    f"--array-delimiter='{ARRAY_DELIMITER}'",
    "--quote='\"'",
    "--multiline-fields=true",
)

_HEADER_TYPE: Final[dict[S.AttrType, str]] = {
    "str": "",
    "int": ":long",
    "float": ":double",
    "bool": ":boolean",
    "list": ":string[]",
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def node_file(kind: str) -> str:
    return f"nodes_{kind.lower()}.csv"


def relationship_type(relation: str) -> str:
    """``evaluatedOn`` -> ``EVALUATED_ON``."""
    return _CAMEL.sub("_", relation).upper()


def _array(values: list[str]) -> str:
    return ARRAY_DELIMITER.join(v.replace(ARRAY_DELIMITER, ARRAY_DELIMITER_STANDIN) for v in values)


def _properties(columns: S.Columns, skip: frozenset[str]) -> list[str]:
    header: list[str] = []
    for name, typ in columns:
        if name in skip:
            continue
        if typ == "map":  # the aliases: names, and their counts in the same order
            header += [f"{name}:string[]", "alias_counts:long[]"]
        else:
            header.append(name + _HEADER_TYPE[typ])
    return header


def _cells(values: dict[str, Any], columns: S.Columns, skip: frozenset[str]) -> list[Any]:
    row: list[Any] = []
    for name, typ in columns:
        if name in skip:
            continue
        value = values.get(name)
        if typ == "map":
            row += [None, None] if value is None else [_array(list(value)), _array([str(c) for c in value.values()])]
        elif typ == "list":
            row.append(_array(value) if value else None)
        else:
            row.append(value)
    return row


_NODE_SKIP: Final = frozenset({"label"})  # written as ``name``
_EDGE_SKIP: Final = frozenset({"relation"})  # written as ``:TYPE``


def node_header(kind: str) -> list[str]:
    return ["id:ID", ":LABEL", "name", *_properties(S.NODE_ATTRS[kind], _NODE_SKIP)]


def relationship_header() -> list[str]:
    return [":START_ID", ":END_ID", ":TYPE", *_properties(S.EDGE_ATTRS, _EDGE_SKIP)]


def _node_rows(nodes: list[tuple[str, dict[str, Any]]]) -> Iterator[list[Any]]:
    for n, d in nodes:
        values = {name: v for name, _t, v in S.node_values(n, d)}
        kind = values["kind"]
        yield [n, kind, values.get("label"), *_cells(values, S.NODE_ATTRS[kind], _NODE_SKIP)]


def _edge_rows(G: nx.MultiDiGraph) -> Iterator[list[Any]]:
    for u, v, key, d in S.sorted_edges(G):
        values = {name: val for name, _t, val in S.edge_values(u, v, key, d)}
        yield [u, v, relationship_type(values["relation"]), *_cells(values, S.EDGE_ATTRS, _EDGE_SKIP)]


def import_command(node_files: list[str], database: str = "neo4j") -> list[str]:
    """The ``neo4j-admin`` command that loads the files into ``database``, as shell words
    (the delimiter options are quoted for a POSIX shell)."""
    return [
        "neo4j-admin", "database", "import", "full",
        *(f"--nodes={f}" for f in node_files),
        f"--relationships={RELATIONSHIPS_FILE}",
        *IMPORT_OPTIONS,
        database,
    ]


def _script(node_files: list[str]) -> str:
    args = import_command(node_files, '"${1:-neo4j}"')
    body = " \\\n  ".join([" ".join(args[:4]), *args[4:]])
    return (
        "#!/bin/sh\n"
        "# Loads this folder into a new Neo4j database: sh import.sh [DATABASE]  (default neo4j).\n"
        "# The database must not exist yet (or add --overwrite-destination); stop Neo4j first\n"
        "# when it is the default database. See papergraph's docs/export.md.\n"
        'cd "$(dirname "$0")" || exit 1\n'
        f"exec {body}\n"
    )


def write_neo4j(G: nx.MultiDiGraph, folder: Path) -> dict[str, int]:
    """Write the node files, the relationship file and ``import.sh`` into ``folder``;
    returns the rows of each CSV file, by name."""
    by_kind: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for n, d in S.sorted_nodes(G):
        by_kind.setdefault(str(d.get("kind")), []).append((n, d))
    rows: dict[str, int] = {}
    for kind in S.NODE_KINDS:
        if by_kind.get(kind):
            rows[node_file(kind)] = write_csv(folder / node_file(kind), node_header(kind),
                                              _node_rows(by_kind[kind]))
    rows[RELATIONSHIPS_FILE] = write_csv(folder / RELATIONSHIPS_FILE, relationship_header(), _edge_rows(G))
    atomic_write_text(folder / IMPORT_SCRIPT, _script([f for f in rows if f != RELATIONSHIPS_FILE]))
    return rows
