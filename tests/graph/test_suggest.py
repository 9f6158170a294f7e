"""Close-match suggestions rank by name similarity, then by papers."""

from __future__ import annotations

import networkx as nx
import pytest

from papergraph.graph import PaperGraph
from papergraph.graph.suggest import MIN_SIMILARITY, Candidate, match_score, rank_matches
from papergraph.viz.synthetic import add_entity


def _nodes(matches: list) -> list[str]:
    return [m.node for m in matches]


@pytest.mark.parametrize(
    "key, candidates, expected",
    [
        # Equally alike: the name in more papers first (not the alphabetical one).
        ("resnet5", [("resnet50", "a", 2), ("resnet56", "b", 40)], ["b", "a"]),
        # Clearly more alike beats more papers.
        ("imagnet", [("imagenet", "imagenet", 1), ("imagenet1k", "imagenet-1k", 200)],
         ["imagenet", "imagenet-1k"]),
        # About as alike: the common name before the rare one a little closer.
        ("visiontransformr", [("visiontransformer", "common", 300), ("visiontransformrs", "rare", 1)],
         ["common", "rare"]),
        # Not alike at all: never offered, however many papers use it.
        ("imagnet", [("bleu", "bleu", 10_000), ("imagenet", "imagenet", 1)], ["imagenet"]),
        # One node under several keys is offered once.
        ("vitl", [("vitlarge", "vit-l", 3), ("vitl16", "vit-l", 3), ("vitb", "vit-b", 1)],
         ["vit-l", "vit-b"]),
    ],
)
def test_rank_matches(key: str, candidates: list[tuple[str, str, int]], expected: list[str]) -> None:
    cands = [Candidate(k, n, p) for k, n, p in candidates]
    assert _nodes(rank_matches(key, cands)) == expected
    assert _nodes(rank_matches(key, list(reversed(cands)))) == expected  # order-independent


def test_scores_and_limits() -> None:
    cands = [Candidate(f"model{i}", f"m{i}", i) for i in range(10)]
    found = rank_matches("model", cands, n=3)
    assert len(found) == 3
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert all(m.similarity >= MIN_SIMILARITY for m in found)
    assert found[0].score == pytest.approx(match_score(found[0].similarity, found[0].papers))
    assert rank_matches("model", cands, n=0) == []
    assert match_score(0.8, 0) == 0.8 and match_score(0.8, 3) > match_score(0.8, 1)


def _graph(entities: list[tuple[str, str, int]]) -> PaperGraph:
    G = nx.MultiDiGraph()
    for kind, name, papers in entities:
        G.nodes[add_entity(G, kind, name)]["papers"] = papers
    return PaperGraph(G)


def test_a_typo_of_imagenet_suggests_imagenet_first() -> None:
    kg = _graph([("Method", "Image Encoder", 2), ("Method", "image search", 1),
                 ("Dataset", "ImageNet", 120), ("Dataset", "ImageNet-1K", 40),
                 ("Dataset", "ImageNet-21K", 9)])  # fmt: skip
    assert [e.name for e in kg.suggest("ImagNet")][:3] == ["ImageNet", "ImageNet-1K", "ImageNet-21K"]
    with pytest.raises(LookupError, match=r"Did you mean: 'ImageNet' \(Dataset\), 'ImageNet-1K'"):
        kg.papers_using("ImagNet")
    # Restricted to one kind, the message lists names only.
    with pytest.raises(LookupError, match=r"no Method named 'image encodr'.*Did you mean: 'Image Encoder', 'image search'\?"):
        kg.entity("image encodr", kind="Method")


def test_frequency_orders_names_equally_alike() -> None:
    kg = _graph([("Method", "FooNet-A", 1), ("Method", "FooNet-B", 30), ("Method", "FooNet-C", 4)])
    assert [e.name for e in kg.suggest("FooNet-D")] == ["FooNet-B", "FooNet-C", "FooNet-A"]
    assert [e.name for e in kg.suggest("FooNet-D", n=1)] == ["FooNet-B"]
    assert kg.suggest("zzzzzz") == []
