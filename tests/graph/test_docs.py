"""docs/api.md is executable: its examples run against the current code."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import papergraph.graph.directions
import papergraph.link.linker
import papergraph.link.normalize
import papergraph.link.variants

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_api_md_examples() -> None:
    if not DOCS.exists():
        pytest.skip(f"{DOCS} not present")
    result = doctest.testfile(str(DOCS), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 20 and result.failed == 0


@pytest.mark.parametrize(
    "module",
    [papergraph.link.normalize, papergraph.link.variants, papergraph.link.linker,
     papergraph.graph.directions],
)  # fmt: skip
def test_module_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.failed == 0
