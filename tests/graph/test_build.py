"""build_graph follows graph/model.py, keeps provenance, and is deterministic."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from papergraph._io import atomic_write_jsonl
from papergraph.errors import BuildNotFoundError, InputError
from papergraph.graph import PaperGraph, build_graph
from papergraph.graph import model as M
from papergraph.types import Extraction, Paper

Records = tuple[list[Paper], list[Extraction]]
PROVENANCE = ("relation", "paper", "sentence", "field", "start", "end", "confidence", "source", "count")
ALLOWED = {  # relation -> (subject kinds, object kinds)
    M.PROPOSES: ({"Paper"}, {"Method", "Dataset"}),
    M.USES: ({"Paper"}, {"Method", "Dataset", "Metric"}),
    M.EVALUATED_ON: ({"Method"}, {"Dataset"}),
    M.ADDRESSES: ({"Paper", "Method"}, {"Task"}),
    M.REPORTS: ({"Paper"}, {"Result"}),
    M.HAS_METRIC: ({"Result"}, {"Metric"}),
    M.HAS_DATASET: ({"Result"}, {"Dataset"}),
    M.HAS_METHOD: ({"Result"}, {"Method"}),
    M.HAS_BASELINE: ({"Result"}, {"Method"}),
    M.HAS_TASK: ({"Result"}, {"Task"}),
    M.OUTPERFORMS: ({"Method"}, {"Method"}),
    M.VARIANT_OF: ({"Method", "Dataset"}, {"Method", "Dataset"}),
    M.SUBSET_OF: ({"Dataset"}, {"Dataset"}),
    M.MENTIONS: ({"Paper"}, {"Method", "Dataset", "Task", "Metric"}),
}


@pytest.fixture(scope="module")
def G(tiny_records: Records) -> nx.MultiDiGraph:
    return build_graph(*tiny_records)


def test_nodes_follow_the_model(G: nx.MultiDiGraph) -> None:
    for n, d in G.nodes(data=True):
        assert M.kind_of(n) == d["kind"]
        assert isinstance(d["label"], str) and d["label"]
        if d["kind"] in ("Method", "Dataset", "Task", "Metric"):
            assert n == M.node_id(d["kind"], d["label"])
            assert {"aliases", "mentions", "papers", "gazetteer"} <= d.keys()
        if d["kind"] in ("Method", "Dataset"):
            assert "variant_of" in d
        if d["kind"] == "Metric":
            assert d["direction"] in ("higher", "lower", None)
    kinds = [d["kind"] for _, d in G.nodes(data=True)]
    assert kinds.count("Paper") == 6 and kinds.count("Result") == 7


def test_every_edge_is_typed_keyed_and_has_provenance(G: nx.MultiDiGraph) -> None:
    for u, v, key, d in G.edges(keys=True, data=True):
        assert key == d["relation"] and key in M.RELATIONS
        subj, obj = ALLOWED[key]
        assert G.nodes[u]["kind"] in subj and G.nodes[v]["kind"] in obj, (u, key, v)
        assert all(f in d for f in PROVENANCE), (u, key, v)
        assert d["paper"] in G and G.nodes[d["paper"]]["kind"] == "Paper"
        text = G.nodes[d["paper"]][d["field"]]
        assert d["sentence"] and d["sentence"] in text
        assert 0 <= d["start"] < d["end"] <= len(text)


def test_mention_edges_point_at_the_mention(G: nx.MultiDiGraph) -> None:
    d = G.edges["paper:arxiv:2010.11929", "method:vit-large", M.PROPOSES]
    abstract = G.nodes["paper:arxiv:2010.11929"]["abstract"]
    assert abstract[d["start"] : d["end"]] == "ViT-Large"
    assert d["count"] == 2 and d["source"] == "ner"


def test_results_and_comparisons(G: nx.MultiDiGraph) -> None:
    r = G.nodes["result:arxiv:2110.00476:0"]
    assert (r["value"], r["unit"], r["metric"], r["dataset"], r["method"]) == (
        80.4, "%", "top-1 accuracy", "ImageNet-val", "ResNet-50"
    )  # fmt: skip
    assert r["paper"] == "paper:arxiv:2110.00476"
    assert G.has_edge("method:vit-large", "method:resnet-50", M.OUTPERFORMS)
    assert G.has_edge("method:molgnn", "method:transformer", M.OUTPERFORMS)
    assert G.has_edge("dataset:imagenet-1k", "dataset:imagenet", M.VARIANT_OF)
    assert G.has_edge("dataset:imagenet-val", "dataset:imagenet", M.SUBSET_OF)
    assert not G.has_edge("dataset:imagenet-21k", "dataset:imagenet-1k", M.VARIANT_OF)


def test_results_outrank_cooccurrence_as_provenance(G: nx.MultiDiGraph) -> None:
    d = G.edges["method:vit-large", "dataset:imagenet-1k", M.EVALUATED_ON]
    assert d["source"] == "results" and d["count"] == 3
    d = G.edges["method:vit-large", "dataset:imagenet-21k", M.EVALUATED_ON]
    assert d["source"] == "cooccurrence" and d["confidence"] < 0.5


def test_code_urls_are_paper_attributes(G: nx.MultiDiGraph) -> None:
    assert G.nodes["paper:arxiv:1706.03762"]["code_urls"] == [
        "https://github.com/example/tensor2tensor"
    ]


def _dump(G: nx.MultiDiGraph) -> tuple[list, list]:
    return list(G.nodes(data=True)), list(G.edges(keys=True, data=True))


def test_deterministic(tiny_records: Records) -> None:
    papers, extractions = tiny_records
    assert _dump(build_graph(papers, extractions)) == _dump(build_graph(list(papers), list(extractions)))


def test_load_round_trip(tmp_path: Path, tiny_records: Records, kg: PaperGraph) -> None:
    papers, extractions = tiny_records
    atomic_write_jsonl(tmp_path / "papers.jsonl", (p.to_dict() for p in papers))
    atomic_write_jsonl(tmp_path / "extractions.jsonl", (e.to_dict() for e in extractions))
    loaded = PaperGraph.load(tmp_path)
    assert _dump(loaded.to_networkx()) == _dump(kg.to_networkx())


def test_load_without_a_build_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(BuildNotFoundError, match="papergraph build"):
        PaperGraph.load(tmp_path / "nowhere")
    (tmp_path / "papers.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(BuildNotFoundError, match="missing extractions.jsonl"):
        PaperGraph.load(tmp_path)


def test_load_names_the_bad_line(tmp_path: Path) -> None:
    (tmp_path / "papers.jsonl").write_text('{"id": "a", "title": "t", "abstract": ""}\n{oops\n')
    (tmp_path / "extractions.jsonl").write_text("")
    with pytest.raises(InputError, match=r"papers\.jsonl:2"):
        PaperGraph.load(tmp_path)


def test_extraction_without_paper_and_paper_without_extraction() -> None:
    G = build_graph([Paper("a", "Only a paper", "")], [Extraction("b", "Only an extraction")])
    assert G.nodes["paper:a"]["title"] == "Only a paper"
    assert G.nodes["paper:b"]["title"] == "Only an extraction"
