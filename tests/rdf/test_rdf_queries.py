"""SPARQL on a build: canned queries, safe parameters, the store, the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from papergraph.cli import app
from papergraph.errors import BuildNotFoundError, QueryError
from papergraph.rdf import write_rdf
from papergraph.rdf.named import list_queries, run_named
from papergraph.rdf.sparql import query
from tests.rdf.rdf_graphs import tiny_graph

ID = "https://papergraph.dev/id/"


def cols(result, *names: str) -> list[tuple[str, ...]]:
    return [tuple(str(row.get(n, "")) for n in names) for row in result]


@pytest.mark.parametrize(
    "name, params, columns, expected",
    [
        ("leaderboard", {"dataset": "imagenet"}, ("methodName", "value"),
         [("FooNet", "85.3"), ("BarNet", "84.1")]),
        ("leaderboard", {"dataset": "IMAGENET-1K", "metric": "Top-1 Accuracy"}, ("methodName", "value"),
         [("FooNet", "85.3"), ("BarNet", "84.1")]),
        ("leaderboard", {"dataset": "imagenet", "metric": "BLEU"}, ("methodName",), []),
        # 97.2% on CIFAR-10 names no metric: kept, never a row
        ("leaderboard", {"dataset": "cifar-10"}, ("methodName", "value", "metricName"), []),
        ("leaderboard", {"dataset": "no such dataset"}, ("methodName",), []),
        ("methods-for-task", {"task": "Image Classification"}, ("methodName", "papers"),
         [("BarNet", "1"), ("LoRA", "1"), ("ResNet-50", "1")]),
        ("papers-proposing", {"name": "foonet"}, ("title", "sentence"),
         [("FooNet: Sparse Vision Transformers", "We propose FooNet, a sparse vision transformer.")]),
        ("papers-proposing", {"name": "LoRA"}, ("title",), []),
        ("claims-without-dataset", {}, ("valueText", "relation"), [("2.5x", "speedup")]),
        ("methods-used-together", {}, ("methodA", "methodB", "papers"),
         [("BarNet", "LoRA", "1"), ("BarNet", "ResNet-50", "1"), ("FooNet", "ResNet-50", "1"),
          ("LoRA", "ResNet-50", "1")]),
        ("methods-used-together", {"method": "low-rank adaptation"}, ("methodA", "methodB"),
         [("BarNet", "LoRA"), ("LoRA", "ResNet-50")]),
        ("methods-used-together", {"min_papers": "2"}, ("methodA",), []),
        ("paper-claims", {"paper": "2401.00002"}, ("valueText", "datasetName", "start"),
         [("84.1%", "ImageNet-1K", "78"), ("97.2%", "CIFAR-10", "115")]),
        ("paper-claims", {"paper": "quoted"}, ("valueText",), [("2.5x",)]),
        ("find-entity", {"text": "resnet"}, ("name", "kind", "aliases"),
         [("ResNet-50", "Method", "ResNet50"), ("ResNet", "Method", "")]),
        ("stats", {}, ("kind", "count"),
         [("Assertion", "14"), ("Dataset", "2"), ("Method", "5"), ("Metric", "1"), ("Paper", "3"),
          ("Result", "4"), ("Task", "1")]),
    ],
)
def test_canned_queries(tiny_build: Path, name: str, params: dict, columns: tuple, expected: list) -> None:
    result = run_named(tiny_build, name, params)
    assert cols(result, *columns) == expected
    assert not set(params) & set(result.variables)  # parameter echo columns are dropped


def test_every_canned_query_is_listed_with_its_parameters() -> None:
    catalogue = {q.name: q for q in list_queries()}
    assert {"leaderboard", "methods-for-task", "papers-proposing", "claims-without-dataset",
            "methods-used-together"} <= set(catalogue)
    assert [(p.name, p.required) for p in catalogue["leaderboard"].params] == [
        ("dataset", True), ("metric", False)]
    for q in catalogue.values():
        assert q.title and q.description


INJECTIONS = [
    'imagenet") } INSERT DATA { <a:b> <a:c> <a:d> } #',
    "imagenet' || true || '",
    '") || true || ("',
    "} UNION { ?r ?p ?o } #",
    "\\\" ) } #",
    "<https://papergraph.dev/id/dataset/imagenet-1k>",
]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_parameter_injection_is_harmless(tiny_build: Path, attack: str) -> None:
    assert len(run_named(tiny_build, "leaderboard", {"dataset": attack})) == 0
    assert len(run_named(tiny_build, "papers-proposing", {"name": attack})) == 0
    # the store is unchanged
    assert cols(run_named(tiny_build, "stats"), "kind", "count")[4] == ("Paper", "3")


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("leaderboard", {}, "needs --param dataset"),
        ("leaderboard", {"dataset": "x", "datset": "y"}, "no parameter 'datset'"),
        ("methods-used-together", {"min_papers": "two"}, "must be a integer"),
        ("leaderbord", {}, "no canned query named 'leaderbord'; available: "),
    ],
)
def test_bad_named_calls_say_what_to_do(tiny_build: Path, name: str, params: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        run_named(tiny_build, name, params)


def test_query_with_bindings_and_predeclared_prefixes(tiny_build: Path) -> None:
    sparql = "SELECT ?title ?p WHERE { ?p a pg:Paper ; dcterms:title ?title }"
    rows = list(query(tiny_build, sparql, bindings={"p": URIRef(ID + "paper/arxiv:2401.00002")}))
    assert rows == [{"title": Literal("BarNet"), "p": URIRef(ID + "paper/arxiv:2401.00002")}]
    assert query(tiny_build, "ASK { dataset:imagenet-1k a pg:Dataset }").boolean is True
    graph = query(tiny_build, "CONSTRUCT { ?d a pg:Dataset } WHERE { ?d a pg:Dataset }")
    assert graph.kind == "graph" and len(graph) == 2


@pytest.mark.parametrize(
    "sparql, message",
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "read-only"),
        ("PREFIX x: <a:> DELETE WHERE { ?s ?p ?o }", "read-only"),
        ("SELEKT * WHERE { ?s ?p ?o }", "syntax error"),
    ],
)
def test_updates_and_syntax_errors(tiny_build: Path, sparql: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        query(tiny_build, sparql)


def test_store_is_rebuilt_when_graph_nt_changes(tmp_path: Path) -> None:
    G = tiny_graph()
    write_rdf(G, tmp_path, validate=False)
    count = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pg:Paper }"
    assert str(next(iter(query(tmp_path, count)))["n"]) == "3"
    G.remove_node("paper:title-5f2a9c")
    G.remove_node("result:title-5f2a9c:0")
    write_rdf(G, tmp_path, validate=False)
    st = (tmp_path / "graph.nt").stat()
    os.utime(tmp_path / "graph.nt", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert str(next(iter(query(tmp_path, count)))["n"]) == "2"
    assert (tmp_path / ".store" / "db").is_dir()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.")]


def test_missing_build(tmp_path: Path) -> None:
    with pytest.raises(BuildNotFoundError, match="papergraph build"):
        query(tmp_path, "ASK {}")


def test_cli_query_formats(tiny_build: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["query", str(tiny_build), "--name", "leaderboard", "--param",
                            "dataset=ImageNet", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["head"]["vars"][:4] == ["metricKey", "unitKey", "metricName", "value"]
    bindings = data["results"]["bindings"]
    # One binding a line, between the head's line and the closing one.
    assert r.stdout.count("\n") == len(bindings) + 2
    assert [json.loads(line.rstrip(",")) for line in r.stdout.splitlines()[1:-1]] == bindings
    assert data == run_named(tiny_build, "leaderboard", {"dataset": "ImageNet"}).to_json()
    first = bindings[0]
    assert first["value"] == {"type": "literal", "value": "85.3",
                              "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert first["paper"]["type"] == "uri"
    r = runner.invoke(app, ["query", str(tiny_build), "SELECT ?t WHERE { ?p a pg:Paper ; dcterms:title ?t } ORDER BY ?t",
                            "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert list(csv.reader(io.StringIO(r.stdout.strip()))) == [
        ["t"], ["BarNet"], ["FooNet: Sparse Vision Transformers"], ["Quoted"]]
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?d WHERE { ?d a pg:Dataset }", "utf-8")
    r = runner.invoke(app, ["query", str(tiny_build), "--file", str(rq)])
    assert r.exit_code == 0 and "dataset:imagenet-1k" in r.stdout
    r = runner.invoke(app, ["query", "--list"])
    assert r.exit_code == 0 and "--param dataset=..." in r.stdout
    r = runner.invoke(app, ["query", str(tiny_build), "DROP ALL"])
    assert r.exit_code == 1 and "read-only" in r.output


def test_unwritable_build_queries_from_memory(
    tiny_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papergraph.rdf import store

    ro = tmp_path / "ro"
    shutil.copytree(tiny_build, ro, ignore=shutil.ignore_patterns(".store*"))

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(store, "_fill", refuse)
    opened = store.open_store(ro)
    assert opened.path is None
    assert len(run_named(ro, "stats")) == 7
    assert not (ro / ".store").exists()
