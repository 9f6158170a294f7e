"""Neo4j import CSVs: headers neo4j-admin accepts, every relationship between known nodes,
typed values that parse back to the graph's."""

from __future__ import annotations

import csv
import re
import shlex
from collections import Counter
from pathlib import Path

import pytest

from papergraph.export import export
from papergraph.export.neo4j import ARRAY_DELIMITER, relationship_type
from papergraph.graph import PaperGraph

#: The value types of neo4j-admin's CSV header format (each may end in [] for an array).
NEO4J_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point",
               "date", "localtime", "time", "localdatetime", "datetime", "duration"}
_FIELD = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?::(?P<type>[A-Za-z_]+(?:\[\])?))?")
_SPECIAL = {"ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"}


def parse_header(header: list[str]) -> list[tuple[str, str]]:
    """(name, type) per column; raises AssertionError for a field neo4j-admin would refuse."""
    fields = []
    for h in header:
        m = _FIELD.fullmatch(h)
        assert m and h, f"not a neo4j header field: {h!r}"
        name, typ = m["name"] or "", m["type"] or "string"
        assert typ in _SPECIAL or typ.removesuffix("[]") in NEO4J_TYPES, f"unknown type in {h!r}"
        assert name or typ in _SPECIAL, f"a property needs a name: {h!r}"
        fields.append((name, typ))
    props = [n for n, t in fields if t not in _SPECIAL or t == "ID"]
    assert len(props) == len(set(props)), f"a property twice: {header}"
    return fields


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


@pytest.fixture
def neo4j_dir(any_kg: PaperGraph, tmp_path: Path) -> Path:
    export(any_kg, "neo4j", tmp_path / "neo4j")
    return tmp_path / "neo4j"


def node_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("nodes_*.csv"))


def test_headers_are_valid(neo4j_dir: Path) -> None:
    assert node_files(neo4j_dir)
    for path in node_files(neo4j_dir):
        types = [t for _n, t in parse_header(read(path)[0])]
        assert types.count("ID") == 1 and types.count("LABEL") == 1, path.name
        assert not {"START_ID", "END_ID", "TYPE"} & set(types), path.name
    types = [t for _n, t in parse_header(read(neo4j_dir / "relationships.csv")[0])]
    assert [types.count(s) for s in ("START_ID", "END_ID", "TYPE", "ID")] == [1, 1, 1, 0]


def test_rows_are_the_graph(any_kg: PaperGraph, neo4j_dir: Path) -> None:
    G = any_kg.to_networkx()
    ids: dict[str, str] = {}
    for path in node_files(neo4j_dir):
        header, rows = read(path)
        id_col, label_col = header.index("id:ID"), header.index(":LABEL")
        for row in rows:
            assert len(row) == len(header), path.name
            assert row[id_col] not in ids, f"{row[id_col]} twice"
            ids[row[id_col]] = row[label_col]
    assert ids == {n: d["kind"] for n, d in G.nodes(data=True)}
    header, rows = read(neo4j_dir / "relationships.csv")
    start, end, typ = header.index(":START_ID"), header.index(":END_ID"), header.index(":TYPE")
    assert all(r[start] in ids and r[end] in ids for r in rows)
    assert len(rows) == G.number_of_edges()
    assert Counter((r[start], r[end], r[typ]) for r in rows) == Counter(
        (u, v, relationship_type(k)) for u, v, k in G.edges(keys=True))


def _typed(value: str, typ: str) -> object:
    if typ.endswith("[]"):
        return [_typed(v, typ[:-2]) for v in value.split(ARRAY_DELIMITER)] if value else None
    if not value:
        return None
    return {"long": int, "double": float, "boolean": lambda s: {"true": True, "false": False}[s]}.get(
        typ, str)(value)


def test_values_parse_back(any_kg: PaperGraph, neo4j_dir: Path) -> None:
    G = any_kg.to_networkx()
    checked = 0
    for path in node_files(neo4j_dir):
        header, rows = read(path)
        fields = parse_header(header)
        for row in rows:
            node = {name: _typed(v, t) for (name, t), v in zip(fields, row, strict=True) if t != "LABEL"}
            d = G.nodes[node["id"]]
            assert node["name"] == d["label"]
            for name, value in node.items():
                if name in ("id", "name"):
                    continue
                if name == "aliases":
                    want = [a.replace("|", "\uff5c") for a in d["aliases"]]
                    assert value == want and node["alias_counts"] == list(d["aliases"].values())
                elif name != "alias_counts":
                    want = d.get(name, False if name == "conflict" else None)
                    if isinstance(want, list):
                        want = [w.replace("|", "\uff5c") for w in want] or None
                    assert value == (want if want != "" else None), (node["id"], name)
                checked += 1
    assert checked > len(G)


def test_relationship_values_parse_back(any_kg: PaperGraph, neo4j_dir: Path) -> None:
    G = any_kg.to_networkx()
    relation = {relationship_type(k): k for _u, _v, k in G.edges(keys=True)}
    header, rows = read(neo4j_dir / "relationships.csv")
    fields = parse_header(header)
    for row in rows:
        r = {name or f":{t}": _typed(v, t) for (name, t), v in zip(fields, row, strict=True)}
        d = G.edges[r[":START_ID"], r[":END_ID"], relation[str(r[":TYPE"])]]
        want = {("extractor" if k == "source" else k): v for k, v in d.items() if k != "relation"}
        got = {k: v for k, v in r.items() if not k.startswith(":") and v is not None}
        assert got == {k: v for k, v in want.items() if v not in (None, "")}


def test_arrays_keep_their_elements(hostile_kg: PaperGraph, tmp_path: Path) -> None:
    export(hostile_kg, "neo4j", tmp_path / "n")
    header, rows = read(tmp_path / "n" / "nodes_paper.csv")
    paper = dict(zip(header, rows[[r[0] for r in rows].index("paper:arxiv:2401.00001")], strict=True))
    # Three authors, the "|" inside one stood in for, so the array still has three elements.
    assert paper["authors:string[]"].split("|") == ["Doe, Jane", "A\uff5cB\x0b", "\u00dcn\u00ef \u00c7\u00f6d\u00e9"]
    assert paper["name"] == 'Say "hi", | to Foo|Net\u2028and more'
    assert "\n" in paper["abstract"] and "\x0b" in paper["abstract"]


def test_import_script_loads_every_file(neo4j_dir: Path) -> None:
    script = (neo4j_dir / "import.sh").read_text(encoding="utf-8")
    words = shlex.split(script.split("exec ", 1)[1], comments=False)
    assert words[:4] == ["neo4j-admin", "database", "import", "full"]
    nodes = [w.split("=", 1)[1] for w in words if w.startswith("--nodes=")]
    rels = [w.split("=", 1)[1] for w in words if w.startswith("--relationships=")]
    assert sorted(nodes) == [p.name for p in node_files(neo4j_dir)]
    assert rels == ["relationships.csv"]
    assert {"--array-delimiter=|", "--multiline-fields=true", '--quote="', "--delimiter=,"} <= set(words)
