"""Entity linking: one entity per real method, dataset, task or metric.

    link(extractions, *, papers=None) -> Linking

See :mod:`papergraph.link.linker` for the merge rules.
"""

from papergraph.link.linker import LinkedEntity, Linking, ResultLinks, link
from papergraph.link.normalize import surface_key

__all__ = ["LinkedEntity", "Linking", "ResultLinks", "link", "surface_key"]
