"""Read the records a ``papergraph build`` wrote, to rebuild its graph without NLP."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from papergraph.errors import BuildNotFoundError, InputError
from papergraph.types import Extraction, Paper

T = TypeVar("T")
BUILD_FILES = ("papers.jsonl", "extractions.jsonl")


def _rows(path: Path, make: Callable[[dict[str, Any]], T]) -> Iterator[T]:
    with path.open(encoding="utf-8") as fh:
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
    """The papers and extractions of the build in ``outdir``."""
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
    papers = list(_rows(outdir / "papers.jsonl", Paper.from_dict))
    extractions = list(_rows(outdir / "extractions.jsonl", Extraction.from_dict))
    return papers, extractions
