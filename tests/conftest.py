"""Shared fixtures.

Tests that read ../shared use the ``shared`` fixture. On a user's machine
without ../shared they skip and say why; in CI (PAPERGRAPH_REQUIRE_SHARED=1,
set by the Makefile's test target when ../shared exists) a missing file fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PAPERGRAPH_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples"
#: Fixtures of two complete builds of examples/ (old_set, new_set, out), for the store and transaction tests.
pytest_plugins = ["tests.build_sets"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _need(path: Path) -> Path:
    if not path.exists():
        msg = f"needs {path} (the shared papergraph data, expected beside the project as ../shared)"
        if os.environ.get("PAPERGRAPH_REQUIRE_SHARED") == "1":
            pytest.fail(msg + "; PAPERGRAPH_REQUIRE_SHARED=1 forbids skipping")
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared directory; skips (or fails in CI) when absent."""
    return _need(SHARED)


@pytest.fixture(scope="session")
def seeds_dir(shared: Path) -> Path:
    return _need(shared / "data" / "seeds")


@pytest.fixture(scope="session")
def formats_dir(shared: Path) -> Path:
    return _need(shared / "data" / "formats")


@pytest.fixture(scope="session")
def train_dir(shared: Path) -> Path:
    return _need(shared / "data" / "train")


@pytest.fixture(scope="session")
def corpus_path(shared: Path) -> Path:
    return _need(shared / "data" / "corpus" / "arxiv-abstracts.jsonl.gz")


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
