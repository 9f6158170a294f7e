"""SHACL: fixtures conform, broken ones do not, and `papergraph validate` says so."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from papergraph.cli import app
from papergraph.rdf import validate, write_rdf
from papergraph.rdf.mapping import unique_triples
from papergraph.rdf.neighbourhood import check_local_shapes, sample
from papergraph.rdf.validate import (
    FULL_LIMIT,
    schema_text,
    validate_graph,
    validate_outdir,
    violations_of,
)
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
    v = validate_graph(graph(), full_limit=0, sample_papers=3, engine="pyshacl")
    assert v.scope.startswith("sample: 3 of 3 papers, ")
    assert not v.full and v.papers_sampled == 3 and 0 < v.triples_checked <= v.triples_total
    assert (v.conforms, v.violations) == (conforms, violations)


def test_small_graphs_are_validated_whole() -> None:
    triples = unique_triples(tiny_graph())
    v = validate_graph(tiny_graph())
    assert v.full and v.scope == f"full: all {len(triples):,} triples"
    assert v.triples_checked == v.triples_total == len(triples) <= FULL_LIMIT


def test_sample_is_deterministic_and_holds_what_its_papers_own() -> None:
    triples = unique_triples(tiny_graph())
    first, again = sample(lambda: triples, papers=1), sample(lambda: triples, papers=1)
    assert first == again and first.papers == 1 and first.papers_total == 3
    papers = {s for s, p, o in triples if o.endswith("ontology#Paper>")}
    (chosen,) = first.nodes & papers
    linked = {o for s, _, o in triples if s == chosen and o.startswith("<") and o not in papers}
    linked.discard("<https://papergraph.dev/ontology#Paper>")
    assert {o for o in linked if "/id/" in o} <= first.nodes  # its results, entities, authors
    derived = {s for s, p, o in triples if p.endswith("prov#wasDerivedFrom>") and o == chosen}
    assert derived and derived <= first.nodes  # its results and reified relations


def _planted() -> tuple[list[tuple[str, str, str]], set[str]]:
    """The tiny graph's triples with one violation of each kind of constraint the shapes use."""
    T = set(unique_triples(tiny_graph()))
    base = "https://papergraph.dev/"
    pg, xsd = base + "ontology#", "http://www.w3.org/2001/XMLSchema#"
    r0, r1 = f"<{base}id/result/arxiv:2401.00001:0>", f"<{base}id/result/arxiv:2401.00002:0>"
    p1, p2 = f"<{base}id/paper/arxiv:2401.00001>", f"<{base}id/paper/arxiv:2401.00002>"
    task, lora = f"<{base}id/task/image-classification>", f"<{base}id/method/lora>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    sel_type = "<http://www.w3.org/ns/oa#TextPositionSelector>"
    selectors = sorted(s for s, p, o in T if o == sel_type)
    evidence = sorted(s for s, p, o in T if p == "<http://www.w3.org/ns/oa#hasSelector>" and o == selectors[0])
    T.discard((r0, f"<{pg}confidence>", f'"0.9"^^<{xsd}decimal>'))
    T.add((r0, f"<{pg}confidence>", f'"1.7"^^<{xsd}decimal>'))  # a literal out of range
    T.add((r1, f"<{pg}hasDataset>", lora))  # sh:class of a neighbour
    T -= {t for t in T if t[1] == f"<{pg}reports>" and t[2] == r1}  # sh:inversePath
    T.add((p2, f"<{pg}proposes>", task))  # sh:or of sh:class
    T.add((evidence[0] if evidence[0] != selectors[1] else evidence[-1], "<http://www.w3.org/ns/oa#hasSelector>",
           selectors[1]))  # a qualified value shape: two position selectors
    start = next(t for t in T if t[0] == selectors[2] and t[1].endswith("oa#start>"))
    T.discard(start)
    T.add((start[0], start[1], f'"100000"^^<{xsd}nonNegativeInteger>'))  # sh:lessThan
    T.add((task, label, '"a second label"'))  # sh:maxCount
    T -= {t for t in T if t[0] == p1 and t[1] == "<http://purl.org/dc/terms/date>"}
    T.add((p1, "<http://purl.org/dc/terms/date>", '"2 January 2024"'))  # sh:or of sh:datatype
    return sorted(T), {r0, r1, p1, p2, task, evidence[0], selectors[2]}


def test_chunked_validation_agrees_with_the_whole_graph() -> None:
    triples, planted = _planted()
    subjects = sorted({s for s, _, _ in triples})
    whole = violations_of(lambda: triples, subjects)
    focus = {line.split(" ", 1)[0].rstrip(":") for line in whole}
    assert len(whole) == 8 and len(focus) == len(planted), whole  # one per planted violation
    for chunks in (2, 5):
        parts = [subjects[i::chunks] for i in range(chunks)]
        union = sorted(line for part in parts for line in violations_of(lambda: triples, part))
        assert union == whole


def test_sample_finds_the_whole_graph_violations_of_its_nodes() -> None:
    triples, _ = _planted()
    whole = violations_of(lambda: triples, {s for s, _, _ in triples})
    for papers in (1, 2, 3):
        chosen = sample(lambda: triples, papers=papers)
        got = violations_of(lambda: triples, chosen.nodes)
        assert set(got) <= set(whole)
        assert got  # every paper of the tiny graph owns a planted violation


def test_shapes_are_local() -> None:
    assert check_local_shapes(Graph().parse(data=schema_text("shapes.ttl"))) == {
        "<https://papergraph.dev/ontology#reports>"
    }
    deep = Graph().parse(data=schema_text("shapes.ttl") + """
        pgsh:Deep a sh:NodeShape ; sh:targetClass pg:Result ;
            sh:property [ sh:path ( pg:hasMethod rdfs:label ) ; sh:minCount 1 ] .""")
    with pytest.raises(ValueError, match="neither a predicate nor its inverse"):
        check_local_shapes(deep)


def test_pyshacl_samples_above_the_limit_unless_full(broken_build: Path) -> None:
    sampled = validate_outdir(broken_build, full_limit=10, sample_papers=2, engine="pyshacl")
    assert sampled.scope.startswith("sample: 2 of 3 papers, ")
    whole = validate_outdir(broken_build, full=True, full_limit=10, engine="pyshacl")
    assert whole.full and whole.violations == 3 and whole.scope.startswith("full: all ")
    assert set(sampled.text.splitlines()) <= set(whole.text.splitlines())


def test_cli_validate_exit_codes(tiny_build: Path, broken_build: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(tiny_build)])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("OK: conforms") and len(ok.stdout.strip().splitlines()) == 1
    bad = runner.invoke(app, ["validate", str(broken_build)])
    assert bad.exit_code == 1
    assert "3 SHACL violation(s)" in bad.output
    assert "pg:hasDataset points to a pg:Dataset" in bad.output
    full = runner.invoke(app, ["validate", "--full", str(broken_build)])
    assert full.exit_code == 1 and "(full: all " in full.output
    missing = runner.invoke(app, ["validate", str(tmp_path / "nothing")])
    assert missing.exit_code == 1
    assert "papergraph build" in missing.output


def test_a_build_validates_every_triple_and_says_so(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shacl = importlib.import_module("papergraph.rdf.validate")  # the package exports a function of that name
    monkeypatch.setattr(shacl, "FULL_LIMIT", 1_000)  # pyshacl's limit: not the build's
    monkeypatch.setattr(shacl, "SAMPLE_PAPERS", 5)
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(examples_dir), "-o", str(tmp_path), "--no-model"])
    assert built.exit_code == 0, built.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["shacl_scope"] == f"full: all {report['triples']:,} triples" and report["shacl_conforms"]
    (row,) = [line for line in built.output.splitlines() if "SHACL" in line]
    assert "conforms (full: all" in row
    whole = runner.invoke(app, ["validate", str(tmp_path)])
    assert whole.exit_code == 0
    assert f"(full: all {report['triples']:,} triples of graph.nt)" in " ".join(whole.output.split())
    sampled = runner.invoke(app, ["validate", "--engine", "pyshacl", str(tmp_path)])
    assert sampled.exit_code == 0 and "(sample: 5 of 20 papers" in " ".join(sampled.output.split())
    full = runner.invoke(app, ["validate", "--engine", "pyshacl", "--full", str(tmp_path)])
    assert full.exit_code == 0
    assert f"(full: all {report['triples']:,} triples of graph.nt)" in " ".join(full.output.split())
    wrong = runner.invoke(app, ["validate", "--engine", "shaclex", str(tmp_path)])
    assert wrong.exit_code == 1 and "unknown SHACL engine 'shaclex'" in wrong.output
