"""Read the records a ``papergraph build`` wrote, to rebuild its graph without NLP."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from papergraph.errors import BuildNotFoundError, InputError
from papergraph.outputs import roll_forward
from papergraph.types import Extraction, Paper

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
    missing = [name for name in BUILD_FILES if not (outdir / name).is_file()]
    if missing:
        raise BuildNotFoundError(
            f"{outdir} holds no papergraph build (missing {', '.join(missing)}); "
            f"run `papergraph build INPUTS -o {outdir}` first"
        )
    # Both files are opened before either is read: a build committing meanwhile
    # renames new files over these names, and open files keep the old ones.
    papers_path, extractions_path = outdir / "papers.jsonl", outdir / "extractions.jsonl"
    with papers_path.open(encoding="utf-8") as pf, extractions_path.open(encoding="utf-8") as ef:
        papers = list(_rows(pf, papers_path, Paper.from_dict))
        extractions = list(_rows(ef, extractions_path, Extraction.from_dict))
    return papers, extractions
