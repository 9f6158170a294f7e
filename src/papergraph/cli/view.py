"""``papergraph view OUTDIR``: open a build's graph.html in a browser."""

from __future__ import annotations

from pathlib import Path

import typer

from papergraph.cli._app import app, console, handle_errors, out


@app.command("view")
@handle_errors
def view(
    outdir: Path = typer.Argument(Path("outputs"), help="A build directory (or its graph.html)."),
    print_only: bool = typer.Option(
        False, "--print", help="Only print the path of graph.html; do not open a browser."
    ),
) -> None:
    """Open the interactive graph viewer of a build in a web browser."""
    from papergraph.outputs import roll_forward
    from papergraph.viz import find_viewer, open_viewer

    if outdir.is_dir():  # finish a commit an interrupted build left half done
        roll_forward(outdir)
    page = find_viewer(outdir)
    if not print_only and open_viewer(page):
        console.print(f"opened {page} in a browser")
        return
    if not print_only:
        console.print("no browser available; open this file in one:")
    out.print(str(page), markup=False, highlight=False)
