"""Readers: every supported input format yields Paper records.

Contract (used by papergraph.pipeline):

    read_papers(paths: Sequence[Path], *, format: str | None = None) -> ReadResult

Directories are expanded to every supported file in them (sorted). Format is
detected from content unless ``format`` is given. Bad records become
``Problem`` entries in ``ReadResult.skipped`` and reading continues.
Duplicates (same id) are merged, keeping the richest metadata; the result is
sorted by nothing but input order of first appearance.
"""

from __future__ import annotations

from papergraph.ingest.detect import FORMATS, SUPPORTED_SUFFIXES, detect_format
from papergraph.ingest.identity import (
    find_code_urls,
    normalise_arxiv_id,
    normalise_doi,
    normalise_title,
    paper_id,
)
from papergraph.ingest.reader import expand_paths, iter_records, read_papers

__all__ = [
    "FORMATS",
    "SUPPORTED_SUFFIXES",
    "detect_format",
    "expand_paths",
    "find_code_urls",
    "iter_records",
    "normalise_arxiv_id",
    "normalise_doi",
    "normalise_title",
    "paper_id",
    "read_papers",
]
