"""Readers: every supported input format yields Paper records.

Contract (used by papergraph.pipeline):

    read_papers(paths: Sequence[Path], *, format: str | None = None) -> ReadResult

Directories are expanded to every supported file in them (sorted). Format is
detected from content unless ``format`` is given. Bad records become
``Problem`` entries in ``ReadResult.skipped`` and reading continues.
Duplicates (same id) are merged, keeping the richest metadata; the result is
sorted by nothing but input order of first appearance.
"""
