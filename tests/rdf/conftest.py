from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.rdf import write_rdf
from tests.rdf.rdf_graphs import broken_graph, tiny_graph


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A written build of graphs.tiny_graph (graph.nt, graph.ttl, graph.jsonld)."""
    out = tmp_path_factory.mktemp("tiny")
    report = write_rdf(tiny_graph(), out, jsonld=True)
    assert report.conforms is True
    return out


@pytest.fixture(scope="session")
def broken_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("broken")
    write_rdf(broken_graph(), out, validate=False)
    return out
