"""Commands registered on the shared app (see papergraph.cli)."""

from __future__ import annotations
