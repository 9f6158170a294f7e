"""Writing an export: the same bytes every time, all or nothing, never over what it should not
replace; and `papergraph export` on the command line."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import papergraph.export.tables
from papergraph.cli import app
from papergraph.errors import BuildNotFoundError, OutputError, PapergraphError
from papergraph.export import FORMATS, default_dest, export, export_build
from papergraph.export.schema import unknown_attributes
from papergraph.graph import PaperGraph

runner = CliRunner()


def snapshot(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def shuffled(kg: PaperGraph) -> PaperGraph:
    """The same graph with its nodes and edges added in the opposite order."""
    G = kg.to_networkx()
    H = nx.MultiDiGraph()
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    return PaperGraph(H)


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_graph_same_bytes(examples_kg: PaperGraph, fmt: str, tmp_path: Path) -> None:
    name = {"graphml": "g.graphml", "gexf": "g.gexf"}.get(fmt, fmt)
    first = export(examples_kg, fmt, tmp_path / "a" / name).dest
    second = export(shuffled(examples_kg), fmt, tmp_path / "b" / name).dest
    again = export(examples_kg, fmt, tmp_path / "c" / name).dest
    assert snapshot(first) == snapshot(second) == snapshot(again)
    assert all(snapshot(first).values())


def test_the_tables_cover_every_attribute(examples_out: Path) -> None:
    # An attribute the export tables do not list would be left out of every format.
    for options in ({}, {"include_generic": True, "include_unattested": True}):
        kg = PaperGraph.load(examples_out, **options)
        assert unknown_attributes(kg.to_networkx()) == [], options


def test_missing_build(tmp_path: Path) -> None:
    with pytest.raises(BuildNotFoundError, match="papergraph build"):
        export_build(tmp_path / "nope", "csv")
    assert not (tmp_path / "nope").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(BuildNotFoundError, match="holds no papergraph build"):
        export_build(tmp_path / "empty", "graphml")
    assert list((tmp_path / "empty").iterdir()) == []


def test_unknown_format(examples_kg: PaperGraph, tmp_path: Path) -> None:
    with pytest.raises(PapergraphError, match="unknown export format 'xlsx'; use one of graphml, gexf, neo4j, csv"):
        export(examples_kg, "xlsx", tmp_path / "x")


@pytest.mark.parametrize("fmt", FORMATS)
def test_existing_destination_needs_force(examples_kg: PaperGraph, fmt: str, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    if fmt in ("graphml", "gexf"):
        dest.write_text("keep me", encoding="utf-8")
    else:
        dest.mkdir()
        (dest / "keep.txt").write_text("keep me", encoding="utf-8")
    before = snapshot(dest)
    with pytest.raises(OutputError, match=r"pass --force to replace it"):
        export(examples_kg, fmt, dest)
    assert snapshot(dest) == before
    export(examples_kg, fmt, dest, force=True)
    after = snapshot(dest)
    assert "keep.txt" not in after and b"keep me" not in after.values() and after
    assert [p.name for p in tmp_path.iterdir()] == ["dest"]  # no staging folder or old copy left


def test_empty_folder_is_used_and_kind_must_match(examples_kg: PaperGraph, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert export(examples_kg, "csv", tmp_path / "empty").files[0] == ("papers.csv", len(examples_kg.papers()))
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="it is a file, and this format writes a folder"):
        export(examples_kg, "neo4j", tmp_path / "file", force=True)
    with pytest.raises(OutputError, match="it is a folder, and this format writes one file"):
        export(examples_kg, "gexf", tmp_path / "empty", force=True)


def test_never_replaces_the_build(examples_out: Path) -> None:
    before = sorted(p.name for p in examples_out.iterdir())
    for dest in (examples_out, examples_out.parent):
        with pytest.raises(OutputError, match="holds the build"):
            export_build(examples_out, "csv", dest, force=True)
    assert sorted(p.name for p in examples_out.iterdir()) == before


def test_failure_leaves_nothing(examples_kg: PaperGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail_midway(G: nx.MultiDiGraph, folder: Path) -> dict[str, int]:
        (folder / "papers.csv").write_text("half", encoding="utf-8")
        raise OutputError("disk full", path=str(folder / "entities.csv"), reason="disk full")

    monkeypatch.setattr(papergraph.export.tables, "write_tables", fail_midway)
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "old.csv").write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match="disk full"):
        export(examples_kg, "csv", tmp_path / "csv", force=True)
    assert snapshot(tmp_path / "csv") == {"old.csv": b"old"}  # the previous export, untouched
    assert [p.name for p in tmp_path.iterdir()] == ["csv"]


def test_default_destinations(tmp_path: Path) -> None:
    assert [default_dest(tmp_path, f).relative_to(tmp_path).as_posix() for f in FORMATS] == [
        "export/graph.graphml", "export/graph.gexf", "export/neo4j", "export/csv"]


def test_cli_writes_and_summarises(examples_out: Path, examples_kg: PaperGraph, tmp_path: Path) -> None:
    G = examples_kg.to_networkx()
    counts = f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
    result = runner.invoke(app, ["export", str(examples_out), "--to", "csv", "-o", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert "\n" not in line and line.startswith(f"wrote {tmp_path / 'csv'}: {counts}; rows: ")
    rows = dict(re.findall(r"(\w+\.csv) (\d+)", line))
    assert rows == {"papers.csv": str(len(examples_kg.papers())), "claims.csv": str(len(examples_kg.results())),
                    "entities.csv": str(sum(map(len, (examples_kg.methods(), examples_kg.datasets(),
                                                      examples_kg.tasks(), examples_kg.metrics())))),
                    "edges.csv": str(G.number_of_edges())}

    again = runner.invoke(app, ["export", str(examples_out), "--to", "csv", "-o", str(tmp_path / "csv")])
    assert again.exit_code == 1
    assert "error: cannot export to" in again.output and "pass --force" in again.output
    forced = runner.invoke(app, ["export", str(examples_out), "--to", "csv", "-o", str(tmp_path / "csv"), "--force"])
    assert forced.exit_code == 0, forced.output


def test_cli_default_destination_and_errors(examples_out: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(examples_out), "--to", "graphml", "--force"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {examples_out / 'export' / 'graph.graphml'}: ")
    assert nx.read_graphml(examples_out / "export" / "graph.graphml", edge_key_type=str).number_of_nodes() > 100
    missing = runner.invoke(app, ["export", str(tmp_path / "nope"), "--to", "neo4j"])
    assert missing.exit_code == 1 and "papergraph build" in missing.output
    bad = runner.invoke(app, ["export", str(examples_out), "--to", "dot"])
    assert bad.exit_code == 1 and "unknown export format 'dot'" in bad.output
