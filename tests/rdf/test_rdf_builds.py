"""End to end: real builds are SHACL-valid and answer the canned queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from papergraph.pipeline import build
from papergraph.rdf import list_queries, run_named, validate


@pytest.fixture(scope="module")
def seeds_build(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    report = build([seeds_dir], out)
    assert report.triples > 0
    assert report.shacl_conforms is True
    assert report.shacl_scope.startswith("full: all ")  # the seeds build is validated whole
    return out


@pytest.mark.slow
def test_seeds_build_is_shacl_valid_in_full(seeds_build: Path) -> None:
    v = validate(seeds_build)
    assert v.conforms, v.text
    assert v.scope.startswith("full")


@pytest.mark.slow
def test_seeds_turtle_and_ntriples_agree(seeds_build: Path) -> None:
    ttl = Graph().parse(seeds_build / "graph.ttl", format="turtle")
    nt = Graph().parse(seeds_build / "graph.nt", format="nt")
    assert len(ttl) == len(nt)
    assert isomorphic(ttl, nt)


@pytest.mark.slow
def test_every_canned_query_runs_on_the_seeds(seeds_build: Path) -> None:
    samples = {"dataset": "ImageNet", "task": "image classification", "name": "LoRA",
               "paper": "none", "text": "bench", "method": "", "metric": "", "min_papers": "2"}
    for nq in list_queries():
        params = {p.name: samples[p.name] for p in nq.params if p.required or samples.get(p.name)}
        result = run_named(seeds_build, nq.name, params)
        assert result.kind == "select"
    stats = {str(r["kind"]): int(r["count"]) for r in run_named(seeds_build, "stats")}
    assert stats["Paper"] == 410


@pytest.mark.slow
def test_examples_build_is_shacl_valid(examples_dir: Path, tmp_path: Path) -> None:
    inputs = sorted(p for p in examples_dir.glob("*") if p.is_file()) if examples_dir.is_dir() else []
    if not inputs:
        pytest.skip(f"no example inputs in {examples_dir}")
    report = build([examples_dir], tmp_path)
    assert report.shacl_conforms is True
    v = validate(tmp_path)
    assert v.conforms, v.text
