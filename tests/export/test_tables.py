"""Plain CSV tables: one row per paper, entity, claim and edge, each claim traceable to its text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from papergraph.export import export
from papergraph.export.tables import CLAIM_COLUMNS, EDGE_COLUMNS, ENTITY_COLUMNS, PAPER_COLUMNS
from papergraph.graph import PaperGraph


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or ()), rows


@pytest.fixture
def tables(any_kg: PaperGraph, tmp_path: Path) -> Path:
    export(any_kg, "csv", tmp_path / "csv")
    return tmp_path / "csv"


def test_one_row_per_record(any_kg: PaperGraph, tables: Path) -> None:
    entities = any_kg.methods() + any_kg.datasets() + any_kg.tasks() + any_kg.metrics()
    expected = {
        "papers.csv": (PAPER_COLUMNS, [p.id for p in any_kg.papers()]),
        "entities.csv": (ENTITY_COLUMNS, [e.id for e in entities]),
        "claims.csv": (CLAIM_COLUMNS, [r.id for r in any_kg.results()]),
    }
    assert sorted(p.name for p in tables.iterdir()) == ["claims.csv", "edges.csv", "entities.csv", "papers.csv"]
    for name, (columns, ids) in expected.items():
        header, rows = read(tables / name)
        assert header == list(columns)
        assert len(rows) == len(ids) and sorted(r["id"] for r in rows) == sorted(ids), name
    header, rows = read(tables / "edges.csv")
    G = any_kg.to_networkx()
    assert header == list(EDGE_COLUMNS) and len(rows) == G.number_of_edges()
    assert sorted((r["source"], r["target"], r["relation"]) for r in rows) == sorted(G.edges(keys=True))


def test_claims_point_at_their_text(any_kg: PaperGraph, tables: Path) -> None:
    _, papers = read(tables / "papers.csv")
    text = {p["id"]: {"abstract": p["abstract"], "title": p["title"]} for p in papers}
    _, entities = read(tables / "entities.csv")
    names = {e["id"]: e["name"] for e in entities}
    _, claims = read(tables / "claims.csv")
    records = {r.id: r for r in any_kg.results()}
    for c in claims:
        r = records[c["id"]]
        start, end = int(c["start"]), int(c["end"])
        assert (start, end, c["field"], float(c["value"])) == (r.start, r.end, r.field, r.value)
        assert text[c["paper"]][c["field"]][start:end] == c["value_text"] == r.value_text
        assert c["sentence"] == r.sentence and float(c["confidence"]) == r.confidence
        assert c["extractor"] == "results" and c["status"] == r.board and c["flag"] == r.flag
        for part in ("method", "dataset", "metric", "task", "baseline"):
            if c[f"{part}_id"]:
                assert names[c[f"{part}_id"]], (c["id"], part)
                assert getattr(r, part), (c["id"], part)  # linked only when the claim names one


def test_examples_claims_are_linked(examples_kg: PaperGraph, tmp_path: Path) -> None:
    export(examples_kg, "csv", tmp_path / "csv")
    _, claims = read(tmp_path / "csv" / "claims.csv")
    ranked = [c for c in claims if c["status"] == "ranked"]
    assert ranked and all(c["method_id"] and c["dataset_id"] and c["metric_id"] for c in ranked)
    rows = {(r.result, r.method_id, r.dataset_id) for r in examples_kg.leaderboard("ImageNet")}
    assert rows <= {(c["id"], c["method_id"], c["dataset_id"]) for c in ranked}


def test_hostile_values_read_back(hostile_kg: PaperGraph, tmp_path: Path) -> None:
    export(hostile_kg, "csv", tmp_path / "csv")
    _, papers = read(tmp_path / "csv" / "papers.csv")
    G = hostile_kg.to_networkx()
    by_id = {p["id"]: p for p in papers}
    for n in ("paper:arxiv:2401.00001", "paper:doi:10.1000/x,y"):
        d, row = G.nodes[n], by_id[n]
        assert row["paper_id"] == n.split(":", 1)[1]
        assert (row["title"], row["abstract"], row["label"]) == (d["title"], d["abstract"], d["label"])
        assert json.loads(row["authors"]) == d["authors"]
        assert json.loads(row["merged_source_ids"]) == []
    _, entities = read(tmp_path / "csv" / "entities.csv")
    # An alias is the name on one line: the vertical tab the papers put inside it is a space there.
    assert {e["id"]: json.loads(e["aliases"]) for e in entities}["dataset:bar-set"] == {"Bar Set": 3}
