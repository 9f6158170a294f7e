"""Read a ``papergraph build``'s graph back: the saved graph, or its records linked again.

A build saves its linked graph (:mod:`papergraph.graph.saved`), and
:func:`load_graph` reads that when it was made with the options asked for.
Otherwise (another ``include_generic`` or ``include_unattested``, a build made
before graphs were saved, a damaged file) the graph is linked again from
papers.jsonl and extractions.jsonl (or their .gz, from ``build --compress``),
which gives the same graph, only slower.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from papergraph._io import open_output_text, output_file
from papergraph.errors import BuildNotFoundError, InputError
from papergraph.outputs import roll_forward
from papergraph.types import Extraction, Paper

if TYPE_CHECKING:
    import networkx as nx

T = TypeVar("T")
BUILD_FILES = ("papers.jsonl", "extractions.jsonl")


def _rows(fh: TextIO, path: Path, make: Callable[[dict[str, Any]], T]) -> Iterator[T]:
    for line_no, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            yield make(json.loads(line))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"not a papergraph record ({exc}); rebuild with `papergraph build`",
                file=str(path),
                line=line_no,
            ) from exc


def read_build(outdir: Path) -> tuple[list[Paper], list[Extraction]]:
    """The papers and extractions of the build in ``outdir``.

    A commit an interrupted build left half done is finished first, so the
    records always come from one complete build.
    """
    roll_forward(outdir)
    if not outdir.is_dir():
        raise BuildNotFoundError(
            f"{outdir} is not a directory; run `papergraph build INPUTS -o {outdir}` first"
        )
    papers_path, extractions_path = (output_file(outdir, name) for name in BUILD_FILES)
    if papers_path is None or extractions_path is None:
        missing = [name for name, path in zip(BUILD_FILES, (papers_path, extractions_path), strict=True) if path is None]
        raise BuildNotFoundError(
            f"{outdir} holds no papergraph build (missing {', '.join(missing)}); "
            f"run `papergraph build INPUTS -o {outdir}` first"
        )
    # Both files are opened before either is read: a build committing meanwhile
    # renames new files over these names, and open files keep the old ones.
    with open_output_text(papers_path) as pf, open_output_text(extractions_path) as ef:
        papers = list(_rows(pf, papers_path, Paper.from_dict))
        extractions = list(_rows(ef, extractions_path, Extraction.from_dict))
    return papers, extractions


def built_with(outdir: Path, option: str) -> bool:
    """The value of a boolean build option as report.json records it (False when it does not)."""
    try:
        return bool(json.loads((outdir / "report.json").read_text(encoding="utf-8")).get(option))
    except (OSError, ValueError, AttributeError):
        return False


#: How many entities' saved name keys :func:`load_graph` computes again to check them.
KEY_SAMPLE = 256


def _keys_still_hold(G: nx.MultiDiGraph, keys: dict[str, list[str]]) -> bool:
    """Whether the saved name keys are what this papergraph computes (a sample of entities, spread
    over the graph): a newer normalizer makes the index compute them all again."""
    from papergraph.graph.index import name_keys

    entities = [n for n in keys]
    step = max(len(entities) // KEY_SAMPLE, 1)
    return all(name_keys(G.nodes[n]) == keys[n] for n in entities[::step])


def load_graph(
    outdir: Path,
    *,
    include_generic: bool | None = None,
    include_unattested: bool | None = None,
) -> tuple[nx.MultiDiGraph, dict[str, list[str]] | None]:
    """The graph of the build in ``outdir`` and its entities' name keys (None: not saved).

    The saved graph when the build used the options asked for (None: what the
    build used), else the graph linked again from the records.
    """
    from papergraph.graph.build import build_graph
    from papergraph.graph.saved import SAVED_GRAPH, SavedGraphError, read_header, read_saved

    roll_forward(outdir)
    if include_generic is None:
        include_generic = built_with(outdir, "include_generic")
    if include_unattested is None:
        include_unattested = built_with(outdir, "include_unattested")
    path = outdir / SAVED_GRAPH
    if path.is_file():
        try:
            header = read_header(path)
            if (header.include_generic, header.include_unattested) == (include_generic, include_unattested):
                saved = read_saved(path)
                keys = saved.name_keys if _keys_still_hold(saved.graph, saved.name_keys) else None
                return saved.graph, keys
        except SavedGraphError as exc:
            warnings.warn(f"{exc}; linking the graph from the records instead", RuntimeWarning, stacklevel=3)
    papers, extractions = read_build(outdir)
    G = build_graph(papers, extractions, include_generic=include_generic, include_unattested=include_unattested)
    return G, None
