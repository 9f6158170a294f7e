"""`papergraph build --compress`: the large text outputs as .gz, read back by every reader of a build."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papergraph.cli import app
from papergraph.errors import InputError
from papergraph.graph.api import PaperGraph
from papergraph.outputs import verify
from papergraph.pipeline import COMPRESSIBLE_FILES, OUTPUT_FILES, build
from papergraph.rdf import query, run_named, validate, write_rdf
from papergraph.rdf.store import STORE_DIR
from tests.rdf.rdf_graphs import broken_graph
from tests.same_outputs import assert_same_outputs, comparable_report, content

runner = CliRunner()
#: The outputs a build of examples/ writes compressed (it writes no graph.jsonld).
GZIPPED = sorted(n for n in OUTPUT_FILES if n in COMPRESSIBLE_FILES)
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _visible(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def _listed(out: Path) -> list[str]:
    return sorted(f["name"] for f in json.loads((out / "report.json").read_text())["files"])


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("plain")
    build([examples_dir], out, use_model=False)
    return out


@pytest.fixture(scope="module")
def compressed(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("compressed")
    result = runner.invoke(app, ["build", str(examples_dir), "-o", str(out), "--no-model", "--quiet", "--compress"])
    assert result.exit_code == 0, result.output
    return out


def test_compressed_build_writes_gz_files_and_lists_them(compressed: Path) -> None:
    assert GZIPPED == ["extractions.jsonl", "graph.nt", "graph.ttl", "papers.jsonl"]
    expected = sorted(
        [f"{n}.gz" for n in GZIPPED] + [n for n in OUTPUT_FILES if n not in GZIPPED and n != "report.json"]
    )
    assert _listed(compressed) == expected
    assert _visible(compressed) == sorted([*expected, "report.json"])
    assert verify(compressed) == []
    outputs = json.loads((compressed / "report.json").read_text())["outputs"]
    assert outputs == {n: f"{n}.gz" if n in GZIPPED else n for n in OUTPUT_FILES}
    for name in GZIPPED:
        data = (compressed / f"{name}.gz").read_bytes()
        assert data[3] == 0 and data[4:8] == b"\0\0\0\0", name  # no file name, mtime 0


def test_decompressed_files_equal_the_plain_build(plain: Path, compressed: Path) -> None:
    for name in OUTPUT_FILES:
        if name == "report.json":
            continue
        assert content(compressed, name) == (plain / name).read_bytes(), name
    for name in GZIPPED:
        assert (compressed / f"{name}.gz").stat().st_size < (plain / name).stat().st_size / 2, name
    a, b = comparable_report(plain), comparable_report(compressed)
    for key in ("files", "outputs"):  # the names, sizes and hashes of the files differ, as they should
        del a[key]
        del b[key]
    assert a == b


def test_two_compressed_builds_are_byte_identical(compressed: Path, examples_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build([examples_dir], again, compress=True, cache=False, use_model=False)
    assert_same_outputs(compressed, again)
    assert _listed(again) == _listed(compressed)


def _graph_signature(kg: PaperGraph) -> tuple[list[str], list[str]]:
    G = kg.to_networkx()
    nodes = sorted(json.dumps([n, d], sort_keys=True, default=str) for n, d in G.nodes(data=True))
    edges = sorted(json.dumps([u, v, k, d], sort_keys=True, default=str) for u, v, k, d in G.edges(keys=True, data=True))
    return nodes, edges


@pytest.mark.parametrize("include_generic", [None, True])  # the saved graph; linked again from the JSONL
def test_load_gives_the_same_graph(plain: Path, compressed: Path, include_generic: bool | None) -> None:
    a = PaperGraph.load(plain, include_generic=include_generic)
    b = PaperGraph.load(compressed, include_generic=include_generic)
    assert _graph_signature(a) == _graph_signature(b)
    assert [p.title for p in a.papers()] == [p.title for p in b.papers()]
    assert len(a.papers()) > 10


def test_queries_give_the_same_answers(plain: Path, compressed: Path, tmp_path: Path) -> None:
    board = run_named(plain, "leaderboard", {"dataset": "ImageNet"})
    assert len(board) > 0
    assert run_named(compressed, "leaderboard", {"dataset": "ImageNet"}).rows == board.rows
    triples = json.loads((plain / "report.json").read_text())["triples"]
    assert query(compressed, COUNT_TRIPLES).rows[0][0].toPython() == triples
    # Without the store the build wrote, the query loads graph.nt.gz itself.
    copy = tmp_path / "copy"
    shutil.copytree(compressed, copy)
    shutil.rmtree(copy / STORE_DIR)
    assert query(copy, COUNT_TRIPLES).rows[0][0].toPython() == triples
    assert run_named(copy, "leaderboard", {"dataset": "ImageNet"}).rows == board.rows


def test_cli_query_and_validate_on_a_compressed_build(plain: Path, compressed: Path) -> None:
    args = ["--name", "leaderboard", "--param", "dataset=ImageNet", "--format", "csv"]
    a = runner.invoke(app, ["query", str(plain), *args])
    b = runner.invoke(app, ["query", str(compressed), *args])
    assert a.exit_code == b.exit_code == 0 and a.output == b.output and a.output.count("\n") > 1
    v = runner.invoke(app, ["validate", str(compressed)])
    assert v.exit_code == 0, v.output
    assert "conforms" in v.output and "triples of graph.nt.gz" in v.output


@pytest.mark.parametrize("keep", ["graph.nt", "graph.ttl"])
def test_validate_finds_the_same_violations_in_either_form(tmp_path: Path, keep: str) -> None:
    plain_dir, gz_dir = tmp_path / "plain", tmp_path / "gz"
    write_rdf(broken_graph(), plain_dir, validate=False)
    report = write_rdf(broken_graph(), gz_dir, validate=False, compress=True)
    assert report.files == ("graph.nt.gz", "graph.ttl.gz")
    for d, suffix in ((plain_dir, ""), (gz_dir, ".gz")):
        for other in {"graph.nt", "graph.ttl"} - {keep}:
            (d / f"{other}{suffix}").unlink()
    a, b = validate(plain_dir), validate(gz_dir)
    assert (a.conforms, a.violations, a.text) == (b.conforms, b.violations, b.text) == (False, 3, a.text)
    assert b.scope.endswith(f"of {keep}.gz")


def test_switching_modes_leaves_no_stale_file(examples_dir: Path, plain: Path, compressed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for compress, reference in ((False, plain), (True, compressed), (False, plain), (True, compressed)):
        build([examples_dir], out, compress=compress, use_model=False)
        assert _visible(out) == _visible(reference)
        assert _listed(out) == _listed(reference)
        assert verify(out) == []
        assert_same_outputs(out, reference)
        # The store follows the graph file in place, not the one the previous build wrote.
        assert run_named(out, "leaderboard", {"dataset": "ImageNet"}).rows == run_named(
            reference, "leaderboard", {"dataset": "ImageNet"}
        ).rows


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _not_gzip(path: Path) -> None:
    path.write_bytes(b"<a> <b> <c> .\n")


@pytest.mark.parametrize(("damage", "reason"), [(_truncate, "ends early"), (_not_gzip, "Not a gzipped file")])
def test_a_damaged_gz_output_gives_an_error_naming_it(
    compressed: Path, tmp_path: Path, damage, reason: str  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "out"
    shutil.copytree(compressed, out)
    nt, extractions = out / "graph.nt.gz", out / "extractions.jsonl.gz"
    damage(nt)
    damage(extractions)
    message = rf"damaged gzip file \(.*{reason}.*\); run `papergraph build` again"
    with pytest.raises(InputError, match=rf"^{nt}: {message}"):
        query(out, COUNT_TRIPLES)
    with pytest.raises(InputError, match=rf"^{nt}: {message}"):
        validate(out)
    with pytest.raises(InputError, match=rf"^{extractions}: {message}"):
        PaperGraph.load(out, include_generic=True)  # links again from the JSONL
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 1
    assert f"{nt}: damaged gzip file" in " ".join(result.output.split())


@pytest.mark.skipif(shutil.which("gzip") is None, reason="needs the gzip command")
def test_the_gzip_command_reads_the_outputs(compressed: Path, plain: Path) -> None:
    # Plain gzip files, for zcat, Oxigraph's and QLever's loaders as much as for papergraph.
    for name in GZIPPED:
        done = subprocess.run(["gzip", "-dc", str(compressed / f"{name}.gz")], capture_output=True, check=True)
        assert done.stdout == (plain / name).read_bytes(), name
