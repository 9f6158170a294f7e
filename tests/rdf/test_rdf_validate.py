"""SHACL: fixtures conform, broken ones do not, and `papergraph validate` says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from papergraph.cli import app
from papergraph.rdf import validate, write_rdf
from papergraph.rdf.validate import sample_graph, validate_graph
from tests.rdf.rdf_graphs import broken_graph, tiny_graph

EXPECTED = [
    "result:arxiv:2401.00001:0 pg:confidence: A result needs one pg:confidence between 0 and 1. (value '1.7')",
    "result:arxiv:2401.00002:1 pg:hasDataset: pg:hasDataset points to a pg:Dataset. (value method:lora)",
    "result:title-5f2a9c:0 pg:value: A result needs exactly one xsd:decimal pg:value.",
]


def test_tiny_fixture_conforms(tiny_build: Path) -> None:
    v = validate(tiny_build)
    assert v.conforms and v.violations == 0 and v.text == ""


def test_broken_fixture_lists_each_violation(broken_build: Path) -> None:
    v = validate(broken_build)
    assert not v.conforms
    assert v.violations == 3
    assert v.text.splitlines() == EXPECTED


def test_write_rdf_reports_violations_without_raising(tmp_path: Path) -> None:
    report = write_rdf(broken_graph(), tmp_path)
    assert report.conforms is False and report.violations == 3
    assert (tmp_path / "graph.nt").exists()


@pytest.mark.parametrize(
    "graph, conforms, violations", [(tiny_graph, True, 0), (broken_graph, False, 3)]
)
def test_sampled_validation_of_large_graphs(graph, conforms: bool, violations: int) -> None:
    v = validate_graph(graph(), full_limit=0, sample_papers=3)
    assert v.scope.startswith("sample of 3 papers")
    assert (v.conforms, v.violations) == (conforms, violations)


def test_sample_is_deterministic_and_complete_for_its_papers() -> None:
    G = tiny_graph()
    H1, H2 = sample_graph(G, papers=1), sample_graph(G, papers=1)
    assert sorted(H1.nodes) == sorted(H2.nodes)
    papers = [n for n in H1 if n.startswith("paper:") and H1.out_degree(n)]
    assert len(papers) == 1
    assert set(H1.successors(papers[0])) == set(G.successors(papers[0]))
    assert validate_graph(H1, full_limit=10**9).conforms


def test_cli_validate_exit_codes(tiny_build: Path, broken_build: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(tiny_build)])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("OK: conforms") and len(ok.stdout.strip().splitlines()) == 1
    bad = runner.invoke(app, ["validate", str(broken_build)])
    assert bad.exit_code == 1
    assert "3 SHACL violation(s)" in bad.output
    assert "pg:hasDataset points to a pg:Dataset" in bad.output
    missing = runner.invoke(app, ["validate", str(tmp_path / "nothing")])
    assert missing.exit_code == 1
    assert "papergraph build" in missing.output
