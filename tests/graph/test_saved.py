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
from papergraph.graph.index import name_keys
from papergraph.graph.saved import (
    SAVED_GRAPH,
    SavedGraphError,
    read_header,
    read_saved,
    save_graph,
    saved_bytes,
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
        path = tmp_path / f"{generic}-{unattested}.nx"
        save_graph(G, path, include_generic=generic, include_unattested=unattested)
        saved = read_saved(path)
        assert (saved.header.include_generic, saved.header.include_unattested) == (generic, unattested)
        assert_same_graph(saved.graph, G)
        entities = [n for n, d in G.nodes(data=True) if name_keys(d) is not None]
        assert entities and saved.name_keys == {n: name_keys(G.nodes[n]) for n in entities}


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


def _section(data: bytes, name: str) -> tuple[int, int]:
    """Where section ``name`` of a saved graph starts, and its size."""
    head, _, _ = data.partition(b"\n")
    offset = len(head) + 1
    for got, _kind, size in json.loads(head)["sections"]:
        if got == name:
            return offset, size
        offset += size
    raise AssertionError(name)


def _patched(data: bytes, name: str, new: bytes) -> bytes:
    start, size = _section(data, name)
    assert len(new) <= size
    return data[:start] + new + data[start + len(new):]


def _damaged(example_build: Path) -> list[tuple[str, bytes]]:
    good = (example_build / SAVED_GRAPH).read_bytes()
    head, _, body = good.partition(b"\n")
    header = json.loads(head)
    minus_one = (-1).to_bytes(4, "little", signed=True)
    huge = (1 << 30).to_bytes(4, "little")
    return [
        ("empty", b""),
        ("not ours", b"{}\n"),
        ("cut short", good[: len(good) // 2]),
        ("one byte more", good + b"\0"),
        ("another version", json.dumps({**header, "version": 99}).encode() + b"\n" + body),
        ("a section renamed", head.replace(b'"nodes.id"', b'"nodes.ix"') + b"\n" + body),
        ("sizes that do not add up", head.replace(b'"edges":', b'"edges":1', 1) + b"\n" + body),
        ("a node id out of range", _patched(good, "nodes.id", huge)),
        ("a negative node id", _patched(good, "nodes.id", minus_one)),
        ("a negative edge end", _patched(good, "edges.v", minus_one)),
        ("a node id twice", _patched(good, "nodes.id", good[slice(*(lambda s, n: (s + 4, s + 8))(
            *_section(good, "nodes.id")))])),
        ("bad UTF-8", _patched(good, "strings.utf8", b"\xff\xfe")),
        ("predecessors that are not", _patched(good, "edges.pred", (0).to_bytes(4, "little") * 3)),
        ("gzip'd", _gz(good)),
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
    for payload in (pickle.dumps(_Payload(marker)), _gz(pickle.dumps(_Payload(marker)))):
        (out / SAVED_GRAPH).write_bytes(payload)
        with pytest.warns(RuntimeWarning):
            papergraph.load(out)
    (out / SAVED_GRAPH).write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.warns(RuntimeWarning):
        kg = papergraph.load(out)
    assert not marker.exists()
    assert_same_graph(kg.to_networkx(copy=False), relinked)


def test_saving_is_deterministic(relinked: nx.MultiDiGraph, tmp_path: Path) -> None:
    first = b"".join(saved_bytes(relinked, include_generic=False, include_unattested=False))
    (tmp_path / "g.nx").write_bytes(first)
    read_back = read_saved(tmp_path / "g.nx").graph
    again = b"".join(saved_bytes(read_back, include_generic=False, include_unattested=False))
    assert first == again


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
    save_graph(G, tmp_path / "g.nx", include_generic=False, include_unattested=False)
    got = read_saved(tmp_path / "g.nx").graph
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
        save_graph(G, tmp_path / "g.nx", include_generic=False, include_unattested=False)
    assert not (tmp_path / "g.nx").exists()


def test_load_takes_the_name_keys_from_the_saved_graph(
    example_build: Path, relinked: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import papergraph.graph.index as index

    calls = 0
    real = index.surface_key

    def counting(text: str) -> str:
        nonlocal calls
        calls += 1
        return real(text)

    names = sum(1 + len(d.get("aliases", {})) for _, d in relinked.nodes(data=True) if name_keys(d) is not None)
    monkeypatch.setattr(index, "surface_key", counting)
    monkeypatch.setattr("papergraph.graph.store.KEY_SAMPLE", 8)  # fewer than the example's entities
    kg = papergraph.load(example_build)
    assert 0 < calls < names  # only the sample that checks the saved keys
    fresh = papergraph.PaperGraph(relinked)
    for e in fresh.datasets() + fresh.methods():
        assert kg.entity(e.name).id == fresh.entity(e.name).id


def test_name_keys_of_another_normalizer_are_computed_again(example_build: Path, tmp_path: Path) -> None:
    out = _copy(example_build, tmp_path / "stale-keys")
    G = read_saved(out / SAVED_GRAPH).graph
    save_graph(G, out / SAVED_GRAPH, include_generic=False, include_unattested=False,
               keys_for=lambda d: ["stale"] if name_keys(d) is not None else None)
    kg = papergraph.load(out)
    assert kg.entity("ImageNet").name == "ImageNet"
    with pytest.raises(papergraph.EntityNotFoundError):
        kg.entity("stale")
