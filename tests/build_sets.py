"""Two complete builds of examples/ (an old and a new input) and a folder holding a copy of the old one,
shared by the store and output-transaction tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from papergraph.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
OLD_INPUT = ROOT / "examples" / "daily_papers.txt"
NEW_INPUT = ROOT / "examples" / "papers.jsonl"
FAST = {"use_model": False, "validate": False}


@pytest.fixture(scope="module")
def old_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("old-set")
    build([OLD_INPUT], out, **FAST)
    return out


@pytest.fixture(scope="module")
def new_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("new-set")
    build([NEW_INPUT], out, **FAST)
    return out


@pytest.fixture()
def out(tmp_path: Path, old_set: Path) -> Path:
    """An output folder holding the old complete build (copies keep graph.nt's mtime, so the store's key holds)."""
    target = tmp_path / "out"
    shutil.copytree(old_set, target)
    return target
