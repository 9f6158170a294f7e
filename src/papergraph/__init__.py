"""papergraph: ML paper abstracts into a traceable knowledge graph.

>>> import papergraph
>>> kg = papergraph.load("outputs")            # doctest: +SKIP
>>> kg.leaderboard("ImageNet")[:3]             # doctest: +SKIP

Heavy modules (spaCy, rdflib, pyvis) load on first use, not at import.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from papergraph.__about__ import __version__
from papergraph.errors import (
    BuildLockedError,
    BuildNotFoundError,
    EntityKindError,
    EntityNotFoundError,
    InputError,
    MissingDependencyError,
    NoPathError,
    OutputError,
    PapergraphError,
    QueryError,
    ValidationError,
)
from papergraph.types import (
    BuildReport,
    Conflict,
    Extraction,
    Mention,
    Note,
    Paper,
    Problem,
    ReadResult,
    Result,
)

if TYPE_CHECKING:
    from papergraph.graph.api import PaperGraph

__all__ = [
    "BuildLockedError",
    "BuildNotFoundError",
    "BuildReport",
    "Conflict",
    "EntityKindError",
    "EntityNotFoundError",
    "Extraction",
    "InputError",
    "Mention",
    "MissingDependencyError",
    "NoPathError",
    "Note",
    "OutputError",
    "Paper",
    "PaperGraph",
    "PapergraphError",
    "Problem",
    "QueryError",
    "ReadResult",
    "Result",
    "ValidationError",
    "__version__",
    "build",
    "extract",
    "load",
    "read",
]


def read(paths: Sequence[str | os.PathLike[str]], *, format: str | None = None) -> ReadResult:
    """Read papers from files or directories (format detected from content)."""
    from papergraph import pipeline

    return pipeline.read(paths, format=format)


def extract(
    papers: Sequence[Paper], *, jobs: int = 1, use_model: bool = True, ensemble: bool = True
) -> list[Extraction]:
    """Run the NLP pass: one Extraction per paper, in order.

    ``ensemble=False`` runs the trained NER's first model alone (faster, a
    little less accurate) instead of the vote of all its models.
    """
    from papergraph import pipeline

    return pipeline.extract(papers, jobs=jobs, use_model=use_model, ensemble=ensemble)


def build(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    outdir: str | os.PathLike[str] | None = None,
    format: str | None = None,
    jobs: int = 1,
    use_model: bool = True,
    ensemble: bool = True,
) -> PaperGraph:
    """Read, extract and link ``paths`` into a PaperGraph.

    With ``outdir``, also write every output file there (as ``papergraph build``).
    """
    from papergraph import pipeline
    from papergraph.graph.api import PaperGraph

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if outdir is not None:
        pipeline.build(paths, outdir, format=format, jobs=jobs, use_model=use_model, ensemble=ensemble)
        return PaperGraph.load(outdir)
    rr = pipeline.read(paths, format=format)
    extractions = pipeline.extract(rr.papers, jobs=jobs, use_model=use_model, ensemble=ensemble)
    return PaperGraph.from_records(rr.papers, extractions)


def load(outdir: str | os.PathLike[str]) -> PaperGraph:
    """Load a finished build from ``outdir`` (no NLP rerun)."""
    from papergraph.graph.api import PaperGraph

    return PaperGraph.load(outdir)


def __getattr__(name: str) -> Any:
    if name == "PaperGraph":
        from papergraph.graph.api import PaperGraph

        return PaperGraph
    raise AttributeError(f"module 'papergraph' has no attribute {name!r}")
