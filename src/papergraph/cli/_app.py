"""The Typer application object shared by the command modules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console

from papergraph.errors import BuildLockedError, EntityNotFoundError, PapergraphError
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

#: Exit codes (docs/cli.md): 0 done; 1 an error in the input or the run (a message says which);
#: 2 a usage error (a bad option or argument, as typer reports them); 3 another build holds the
#: output folder's lock (try again later); 130 interrupted (Ctrl-C).
EXIT_ERROR, EXIT_USAGE, EXIT_BUSY, EXIT_INTERRUPTED = 1, 2, 3, 130


def progress_reporter(*, quiet: bool = False) -> Reporter:
    """Progress on stderr: bars on a terminal, plain lines in a log or pipe, nothing when ``quiet``."""
    return reporter(sys.stderr, quiet=quiet, console=console)


def usage(message: str) -> typer.Exit:
    """Print a usage error (a bad option or argument) and return the exit to raise: code 2, as typer's own."""
    console.print("[bold red]error:[/] ", end="")
    console.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_USAGE)


def cli_message(exc: PapergraphError, outdir: object = None) -> str:
    """The message of ``exc`` in command-line terms: a name not found says which command lists the names."""
    if not isinstance(exc, EntityNotFoundError):
        return str(exc)
    if not exc.kinds or outdir is None:
        return exc.reason
    kind = f" --kind {exc.kinds[0].lower()}" if len(exc.kinds) == 1 else ""
    return f"{exc.reason} List the names with: papergraph entities {outdir}{kind}"


def handle_errors(func: F) -> F:
    """Turn a PapergraphError into a message (see :func:`cli_message`) and exit code 1 (3 for a held lock)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PapergraphError as exc:
            # The message is text, not markup ("[...]" in a path stays as written), and one line
            # however narrow the terminal or log.
            console.print("[bold red]error:[/] ", end="")
            console.print(cli_message(exc, kwargs.get("outdir")), markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_BUSY if isinstance(exc, BuildLockedError) else EXIT_ERROR) from None
        except KeyboardInterrupt:
            console.print("interrupted")
            sys.exit(EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]
