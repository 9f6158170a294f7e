"""The saved graph: load() reads the build's graph back instead of linking it again."""

from __future__ import annotations

import gzip
import json
import math
import pickle
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import papergraph
from papergraph.graph.build import build_graph
from papergraph.graph.saved import (
    SAVED_GRAPH,
    SavedGraphError,
    read_header,
    read_saved,
    save_graph,
    saved_chunks,
)
from papergraph.graph.store import read_build
from papergraph.pipeline import build
from papergraph.types import Extraction, Paper

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "papers.jsonl"


def assert_same_graph(got: nx.MultiDiGraph, want: nx.MultiDiGraph) -> None:
    """Equal attribute for attribute, in the same node, edge, successor and predecessor order."""
    assert got.graph == want.graph
    assert list(got.nodes(data=True)) == list(want.nodes(data=True))
    assert list(got.edges(keys=True, data=True)) == list(want.edges(keys=True, data=True))
    assert list(got.in_edges(keys=True, data=True)) == list(want.in_edges(keys=True, data=True))
    for n, d in want.nodes(data=True):
        assert list(got.nodes[n]) == list(d), n  # attribute order too
        assert list(got.pred[n]) == list(want.pred[n]), n
        for k, v in d.items():
            if isinstance(v, dict):
                assert list(got.nodes[n][k].items()) == list(v.items()), (n, k)
    for u, v, k, d in want.edges(keys=True, data=True):
        assert list(got.edges[u, v, k]) == list(d)
    assert got.number_of_edges() == want.number_of_edges()


@pytest.fixture(scope="module")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("saved-example")
    build([EXAMPLE], out, use_model=False, validate=False)
    return out


@pytest.fixture(scope="module")
def relinked(example_build: Path) -> nx.MultiDiGraph:
    papers, extractions = read_build(example_build)
    return build_graph(papers, extractions)


def _no_relinking(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("load() linked the graph again")

    monkeypatch.setattr("papergraph.graph.build.build_graph", fail)
    monkeypatch.setattr("papergraph.graph.store.read_build", fail)


def test_load_reads_the_saved_graph_and_gives_the_relinked_one(
    example_build: Path, relinked: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (example_build / SAVED_GRAPH).is_file()
    report = json.loads((example_build / "report.json").read_text("utf-8"))
    assert SAVED_GRAPH in {f["name"] for f in report["files"]}
    _no_relinking(monkeypatch)
    kg = papergraph.load(example_build)
    assert_same_graph(kg.to_networkx(copy=False), relinked)
    assert [t.rows for t in kg.leaderboards("ImageNet")] == [
        t.rows for t in papergraph.PaperGraph(relinked).leaderboards("ImageNet")
    ]


def test_seeds_graph_round_trips(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "seeds"
    build([seeds_dir], out, use_model=False, validate=False)
    papers, extractions = read_build(out)
    assert_same_graph(papergraph.load(out).to_networkx(copy=False), build_graph(papers, extractions))


def test_tiny_corpus_round_trips(tiny_records: tuple[list[Paper], list[Extraction]], tmp_path: Path) -> None:
    papers, extractions = tiny_records
    for generic, unattested in ((False, False), (True, True)):
        G = build_graph(papers, extractions, include_generic=generic, include_unattested=unattested)
        path = tmp_path / f"{generic}-{unattested}.gz"
        save_graph(G, path, include_generic=generic, include_unattested=unattested)
        header, got = read_saved(path)
        assert (header.include_generic, header.include_unattested) == (generic, unattested)
        assert_same_graph(got, G)


@pytest.mark.parametrize(
    "option, value",
    [("include_generic", True), ("include_unattested", True)],
)
def test_other_options_than_the_build_used_link_again(
    example_build: Path, option: str, value: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    papers, extractions = read_build(example_build)
    want = build_graph(papers, extractions, **{option: value})

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the saved graph was read for other options")

    monkeypatch.setattr("papergraph.graph.saved.read_saved", fail)
    assert_same_graph(papergraph.PaperGraph.load(example_build, **{option: value}).to_networkx(copy=False), want)


def test_build_with_options_saves_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "generic"
    build([EXAMPLE], out, use_model=False, validate=False, include_generic=True)
    header = read_header(out / SAVED_GRAPH)
    assert (header.include_generic, header.include_unattested) == (True, False)
    papers, extractions = read_build(out)
    want = build_graph(papers, extractions, include_generic=True)
    _no_relinking(monkeypatch)
    assert_same_graph(papergraph.load(out).to_networkx(copy=False), want)  # the build's options by default


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".store*"))
    return dst


def test_a_build_without_a_saved_graph_is_linked_again(
    example_build: Path, relinked: nx.MultiDiGraph, tmp_path: Path
) -> None:
    out = _copy(example_build, tmp_path / "old-build")
    (out / SAVED_GRAPH).unlink()
    assert_same_graph(papergraph.load(out).to_networkx(copy=False), relinked)


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


class _Payload:
    """Unpickling this would create the file named by ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def _damaged(example_build: Path) -> list[tuple[str, bytes]]:
    good = (example_build / SAVED_GRAPH).read_bytes()
    lines = gzip.decompress(good).splitlines(keepends=True)
    header = json.loads(lines[0])
    return [
        ("empty", b""),
        ("not gzip", b"{}\n"),
        ("cut short", good[: len(good) // 2]),
        ("a line missing", _gz(b"".join(lines[:3]))),
        ("another version", _gz(json.dumps({**header, "version": 99}).encode() + b"\n" + b"".join(lines[1:]))),
        ("a string index out of range", _gz(b"".join(lines[:2]) + lines[2].replace(b'"id":[0,', b'"id":[99999999,', 1)
                                            + lines[3])),
        ("a negative index", _gz(b"".join(lines[:2]) + lines[2].replace(b'"id":[0,', b'"id":[-5,', 1) + lines[3])),
        ("edges cut", _gz(b"".join(lines[:3]) + lines[3].replace(b'"u":[', b'"u":[0,', 1))),
    ]


def test_a_damaged_saved_graph_warns_and_links_again(
    example_build: Path, relinked: nx.MultiDiGraph, tmp_path: Path
) -> None:
    for i, (what, data) in enumerate(_damaged(example_build)):
        out = _copy(example_build, tmp_path / f"damaged-{i}")
        (out / SAVED_GRAPH).write_bytes(data)
        with pytest.raises(SavedGraphError, match="delete it to link the graph"):
            read_saved(out / SAVED_GRAPH)
        with pytest.warns(RuntimeWarning, match="linking the graph from the records instead"):
            kg = papergraph.load(out)
        assert_same_graph(kg.to_networkx(copy=False), relinked), what


def test_a_pickle_in_place_of_the_saved_graph_runs_nothing(
    example_build: Path, relinked: nx.MultiDiGraph, tmp_path: Path
) -> None:
    out = _copy(example_build, tmp_path / "hostile")
    marker = tmp_path / "code-ran"
    (out / SAVED_GRAPH).write_bytes(_gz(pickle.dumps(_Payload(marker))))
    with pytest.warns(RuntimeWarning):
        kg = papergraph.load(out)
    assert not marker.exists()
    assert_same_graph(kg.to_networkx(copy=False), relinked)


def test_saving_is_deterministic(relinked: nx.MultiDiGraph, tmp_path: Path) -> None:
    first = b"".join(saved_chunks(relinked, include_generic=False, include_unattested=False))
    (tmp_path / "g.gz").write_bytes(first)
    _, read_back = read_saved(tmp_path / "g.gz")
    again = b"".join(saved_chunks(read_back, include_generic=False, include_unattested=False))
    assert first == again
    assert first[4:8] == b"\0\0\0\0"  # no time in the gzip header
    assert gzip.decompress(first).count(b"\n") == 4


def _odd_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(note="hand-made", n=3)
    G.add_node("paper:a", kind="Paper", label="A", authors=[], date=None, upvotes=0, nested={"x": [1, "y", None]})
    G.add_node("method:b", kind="Method", label="B", aliases={}, gazetteer=False, score=float("nan"))
    G.add_node("method:c", kind="Method", label="C", aliases={"C": 2, "cee": 1}, gazetteer=True, score=1.0)
    G.add_node("bare")
    G.add_edge("method:c", "paper:a", key="uses")
    G.add_edge("paper:a", "method:c", key="uses", relation="uses", start=None, confidence=0.25)
    G.add_edge("paper:a", "method:c", key="mentions", relation="mentions", start=3, confidence=1e-300)
    G.add_edge("paper:a", "method:b", key="uses", relation="uses", start=0, confidence=1)
    G.add_edge("method:b", "method:c", key="variantOf", mixed=[1, "two"], big=10**30, flag=True)
    G.add_edge("bare", "bare", key="self")
    return G


def test_any_json_attributes_round_trip(tmp_path: Path) -> None:
    G = _odd_graph()
    save_graph(G, tmp_path / "g.gz", include_generic=False, include_unattested=False)
    _, got = read_saved(tmp_path / "g.gz")
    assert math.isnan(got.nodes["method:b"]["score"])
    got.nodes["method:b"]["score"] = G.nodes["method:b"]["score"] = 0.0
    assert_same_graph(got, G)
    assert type(got.edges["paper:a", "method:b", "uses"]["confidence"]) is int
    assert type(got.edges["paper:a", "method:c", "uses"]["confidence"]) is float


@pytest.mark.parametrize(
    "attrs",
    [{"authors": ("a", "b")}, {"ids": {1: "x"}}, {"when": object()}],
)
def test_values_that_would_not_read_back_equal_are_refused(attrs: dict[str, Any], tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    G.add_node("paper:a", kind="Paper", **attrs)
    with pytest.raises(TypeError):
        save_graph(G, tmp_path / "g.gz", include_generic=False, include_unattested=False)
    assert not (tmp_path / "g.gz").exists()
