"""Command-line interface: thin Typer commands over the library.

Each module registers its commands on the shared ``app``; none holds logic
beyond parsing arguments, calling one library function and printing.
"""

from __future__ import annotations

# Importing the modules registers their commands.
from papergraph.cli import build as _build  # noqa: F401
from papergraph.cli import entities as _entities  # noqa: F401
from papergraph.cli import export as _export  # noqa: F401
from papergraph.cli import extract as _extract  # noqa: F401
from papergraph.cli import leaderboard as _leaderboard  # noqa: F401
from papergraph.cli import rdf as _rdf  # noqa: F401
from papergraph.cli import train as _train  # noqa: F401
from papergraph.cli import view as _view  # noqa: F401
from papergraph.cli._app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
