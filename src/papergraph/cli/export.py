"""``papergraph export OUT --to FORMAT``: a build's graph for Gephi, yEd, Cytoscape, Neo4j or a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import typer

from papergraph.cli._app import app, handle_errors, out


@app.command("export")
@handle_errors
def export_cmd(
    outdir: Path = typer.Argument(..., help="A build's output directory."),
    to: str = typer.Option(..., "--to", "-t", help="graphml, gexf, neo4j or csv."),
    dest: Path = typer.Option(
        None, "--output", "-o",
        help="Where to write: a file for graphml and gexf, a folder for neo4j and csv. "
        "Default: OUT/export/graph.graphml, OUT/export/graph.gexf, OUT/export/neo4j, OUT/export/csv.",
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing file or non-empty folder."),
) -> None:
    """Export the graph as GraphML, GEXF, Neo4j import CSVs or plain CSV tables."""
    from papergraph.export import export_build

    result = export_build(outdir, to, dest, force=force)
    out.print(result.summary(), markup=False, highlight=False)
