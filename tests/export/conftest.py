"""Graphs to export: the examples/ build (rules only, built once), and a hand-made
paper whose text holds everything a file format can trip on."""

from __future__ import annotations

from pathlib import Path

import pytest

import papergraph
from papergraph.graph import PaperGraph
from papergraph.pipeline import build
from tests.graph.conftest import records_from_spec

#: Quotes, commas, the Neo4j array delimiter, line breaks of several kinds, a tab, a
#: character XML forbids (\x0b) and non-ASCII letters, in names, authors and text.
HOSTILE_SPEC = {
    "papers": [
        {
            "id": "arxiv:2401.00001",
            "title": 'Say "hi", | to Foo|Net\u2028and more',
            "abstract": 'We propose Foo|Net, a "quoted, model".\nIt reaches 91.5% accuracy on '
                        "Bar\x0bSet,\ttab\u0085ed; r\u00e9sum\u00e9 \u2014 done.",
            "date": "2024-01",
            "authors": ["Doe, Jane", "A|B\x0b", "\u00dcn\u00ef \u00c7\u00f6d\u00e9"],
            "code_urls": ["https://example.org/a?x=1|2"],
            "mentions": [
                ["Foo|Net", "Method", {"proposed": True}],
                ["accuracy", "Metric"],
                ["Bar\x0bSet", "Dataset"],
            ],
            "results": [
                {"value_text": "91.5", "unit": "%", "metric": "accuracy", "dataset": "Bar\x0bSet",
                 "method": "Foo|Net", "relation": "absolute", "confidence": 0.9},
            ],
        },
        {
            "id": "doi:10.1000/x,y",
            "title": "",
            "abstract": "Foo|Net is used here with accuracy measured on Bar\x0bSet.",
            "mentions": [["Foo|Net", "Method"], ["accuracy", "Metric"], ["Bar\x0bSet", "Dataset"]],
            "results": [],
        },
    ]
}


@pytest.fixture(scope="session")
def examples_out(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    """A build of examples/ (rules only: the model is not what an export tests)."""
    out = tmp_path_factory.mktemp("export-build")
    build([examples_dir], out, use_model=False)
    return out


@pytest.fixture(scope="session")
def examples_kg(examples_out: Path) -> PaperGraph:
    return papergraph.load(examples_out)


@pytest.fixture(scope="session")
def hostile_kg() -> PaperGraph:
    papers, extractions = records_from_spec(HOSTILE_SPEC)
    return PaperGraph.from_records(papers, extractions)


@pytest.fixture(params=["examples", "hostile"])
def any_kg(request: pytest.FixtureRequest) -> PaperGraph:
    kg: PaperGraph = request.getfixturevalue(f"{request.param}_kg")
    return kg
