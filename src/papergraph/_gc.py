"""Pausing Python's cycle collector around work that makes many objects and no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector and restore the caller's setting after.

    Making millions of dicts, lists and tuples that form no cycles (a batch of
    extractions, a corpus-sized graph read from disk) sets the collector off
    again and again to scan what reference counting frees anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
