"""The Typer application object shared by the command modules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console

from papergraph.errors import PapergraphError
from papergraph.progress import Reporter, reporter

app = typer.Typer(
    name="papergraph",
    help="Turn ML paper abstracts into a traceable knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def progress_reporter(*, quiet: bool = False) -> Reporter:
    """Progress on stderr: bars on a terminal, plain lines in a log or pipe, nothing when ``quiet``."""
    return reporter(sys.stderr, quiet=quiet, console=console)


def handle_errors(func: F) -> F:
    """Turn a PapergraphError into a one-line message and exit code 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PapergraphError as exc:
            # The message is text, not markup ("[...]" in a path stays as written), and one line
            # however narrow the terminal or log.
            console.print("[bold red]error:[/] ", end="")
            console.print(str(exc), markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            console.print("interrupted")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]
