"""The attribute tables and value conversions every format shares."""

from __future__ import annotations

import pytest

from papergraph.export._csv import cell
from papergraph.export.neo4j import relationship_type
from papergraph.export.schema import NODE_ATTRS, node_values, typed
from papergraph.graph import model as M


@pytest.mark.parametrize("value, typ, expected", [
    (None, "int", None),
    (3, "int", 3),
    (3, "float", 3.0),
    (0.25, "float", 0.25),
    (True, "bool", True),
    (("a", "b"), "list", ["a", "b"]),
    ({"ResNet": 2}, "map", {"ResNet": 2}),
    ("x", "str", "x"),
])
def test_typed_accepts(value: object, typ: str, expected: object) -> None:
    got = typed(value, typ, "here")  # type: ignore[arg-type]
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("value, typ", [(True, "int"), (False, "float"), ("3", "int"), (3, "str"), ("a", "list"),
                                        ([1], "map"), (1, "bool")])
def test_typed_refuses_naming_the_place(value: object, typ: str) -> None:
    with pytest.raises(TypeError, match=rf"^node 'method:x', attribute 'papers': {type(value).__name__} value .*, expected {typ}$"):
        typed(value, typ, "node 'method:x', attribute 'papers'")  # type: ignore[arg-type]


def test_a_node_of_another_kind_is_refused() -> None:
    with pytest.raises(TypeError, match="node 'x:1': kind 'Author' is not one of Paper, Method, Dataset, Task, Metric, Result"):
        list(node_values("x:1", {"kind": "Author"}))


def test_one_type_per_attribute_name() -> None:
    # GraphML and GEXF declare a type per name, whatever the node's kind.
    types: dict[str, set[str]] = {}
    for kind in NODE_ATTRS:
        for name, typ in NODE_ATTRS[kind]:
            types.setdefault(name, set()).add(typ)
    assert {n: t for n, t in types.items() if len(t) > 1} == {}


@pytest.mark.parametrize("relation, expected", [
    (M.PROPOSES, "PROPOSES"), (M.EVALUATED_ON, "EVALUATED_ON"), (M.HAS_METRIC, "HAS_METRIC"),
    (M.VARIANT_OF, "VARIANT_OF"), (M.SUBSET_OF, "SUBSET_OF"), (M.OUTPERFORMS, "OUTPERFORMS"),
])
def test_relationship_types(relation: str, expected: str) -> None:
    assert relationship_type(relation) == expected


def test_every_relation_gets_its_own_type() -> None:
    assert len({relationship_type(r) for r in M.RELATIONS}) == len(M.RELATIONS)


@pytest.mark.parametrize("value, expected", [
    (None, ""), (True, "true"), (False, "false"), (0, "0"), (0.1, "0.1"), (1e-07, "1e-07"), (81.9, "81.9"),
    (float("nan"), "NaN"), (float("inf"), "Infinity"), (float("-inf"), "-Infinity"), ("a,b", "a,b"),
])
def test_csv_cells(value: object, expected: str) -> None:
    assert cell(value) == expected
