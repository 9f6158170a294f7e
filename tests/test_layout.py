"""The package keeps what runs at build time apart from how it is trained and judged."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import papergraph

SRC = Path(papergraph.__file__).parent
RUNTIME = ("extract", "ingest", "link", "graph", "rdf", "viz")
OFFLINE = ("papergraph.training", "papergraph.evaluate")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("package", RUNTIME)
def test_runtime_never_imports_training_or_evaluation(package):
    offenders = {
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted((SRC / package).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(OFFLINE)
    }
    assert not offenders


@pytest.mark.parametrize("old", ["train.py", "evaluate.py", "seeds_eval.py", "gazetteer_build.py", "scoring.py"])
def test_extract_holds_only_the_runtime(old):
    # Training lives in papergraph.training, scoring in papergraph.evaluate.
    assert not (SRC / "extract" / old).exists()
