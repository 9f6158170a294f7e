"""The self-contained interactive HTML viewer.

Contract (used by papergraph.pipeline):

    write_html(G, path, *, max_entities: int | None = None) -> None
"""
