"""Errors papergraph raises. The CLI turns them into a message and exit code."""

from __future__ import annotations


class PapergraphError(Exception):
    """Base class of every error papergraph raises on purpose."""


class InputError(PapergraphError):
    """An input file or record could not be read. Names the file and line."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = ""
        if file is not None:
            where = f"{file}:{line}: " if line is not None else f"{file}: "
        super().__init__(where + message)


class BuildNotFoundError(PapergraphError):
    """An output directory does not hold a papergraph build."""


class QueryError(PapergraphError):
    """A SPARQL query is malformed, unknown, or tried to update the store."""


class ValidationError(PapergraphError):
    """A graph does not conform to the SHACL shapes."""


class EntityNotFoundError(PapergraphError, LookupError):
    """A name or node id matches nothing in the graph; the message lists close matches.

    ``reason`` is the message without its last sentence, which says how to list
    the names from Python; ``kinds`` the entity kinds searched (empty for a
    paper) and ``suggestions`` the close names, so an interface can say the same
    in its own terms.
    """

    def __init__(
        self, message: str, *, reason: str | None = None, kinds: tuple[str, ...] = (), suggestions: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.reason = message if reason is None else reason
        self.kinds = kinds
        self.suggestions = suggestions


class EntityKindError(EntityNotFoundError):
    """A name was found, but as another kind of entity than the call takes (a method
    given to ``methods_evaluated_on``); the message names the call to use instead."""

    def __init__(self, message: str, *, name: str, kind: str, expected: str, node: str) -> None:
        self.name = name
        self.kind = kind  # what the name is
        self.expected = expected  # what the call takes
        self.node = node
        super().__init__(message)


class MissingDependencyError(PapergraphError, ImportError):
    """An optional dependency is not installed; the message names the pip extra to install."""


class NoPathError(PapergraphError):
    """Two nodes are not connected in the graph."""


class OutputError(PapergraphError):
    """An output file or folder could not be written (disk full, read-only, no permission, ...).

    Names the file and the reason; nothing of the failed build replaced the previous outputs.
    """

    def __init__(self, message: str, *, path: str | None = None, reason: str | None = None) -> None:
        self.path = path
        self.reason = reason
        super().__init__(message)


class BuildLockedError(OutputError):
    """Another ``papergraph build`` holds the lock on the same output folder."""
