"""Lookups by name take every kind that makes sense, and say what to call when one does not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from papergraph.errors import EntityKindError, EntityNotFoundError, PapergraphError
from papergraph.graph import PaperGraph
from papergraph.graph import model as M

RSB = "paper:arxiv:2110.00476"
VIT = "paper:arxiv:2010.11929"
MOL = "paper:arxiv:2301.00001"
ATT = "paper:arxiv:1706.03762"
ABL = "paper:arxiv:2204.07118"


@pytest.mark.parametrize(
    "name, kind, variants, expected",
    [
        ("ResNet-50", "Method", True, {RSB, VIT, ABL}),
        # ImageNet itself is named by ABL; its variants by VIT, its split ImageNet-val by RSB.
        ("ImageNet", "Dataset", True, {RSB, VIT, ABL}),
        ("ImageNet", "Dataset", False, {ABL}),
        ("ImageNet-val", "Dataset", True, {RSB}),
        ("image classification", "Task", True, {RSB, VIT}),
        ("machine translation", "Task", True, {ATT}),
        ("BLEU", "Metric", True, {ATT}),
        ("top-1 error", "Metric", True, {ABL}),
    ],
)
def test_papers_using_takes_every_kind(
    kg: PaperGraph, name: str, kind: str, variants: bool, expected: set[str]
) -> None:
    assert kg.entity(name).kind == kind
    papers = kg.papers_using(name, include_variants=variants)
    assert [p.id for p in papers] == sorted(expected)


def test_papers_using_counts_papers_whose_results_bind_the_entity(kg: PaperGraph) -> None:
    # Without its mention edges, "top-1 accuracy" is still the metric of RSB's and VIT's results.
    G = kg.to_networkx()
    metric = kg.entity("top-1 accuracy").id
    mention_edges = [(u, v, r) for u, v, r in G.in_edges(metric, keys=True) if G.nodes[u]["kind"] == "Paper"]
    assert mention_edges
    G.remove_edges_from(mention_edges)
    bound = PaperGraph(G)
    assert [p.id for p in bound.papers_using("top-1 accuracy")] == sorted([RSB, VIT])
    assert [p.id for p in kg.papers_using("top-1 accuracy")] == sorted([RSB, VIT])


def test_a_method_addressing_a_task_is_no_paper(kg: PaperGraph) -> None:
    # ViT-Large addresses image classification too; it must not count as a paper.
    assert all(p.id.startswith("paper:") for p in kg.papers_using("image classification"))
    related = kg.related_papers(VIT)
    assert related and all(r.paper.id.startswith("paper:") for r in related)


def test_papers_proposing_takes_any_kind(kg: PaperGraph) -> None:
    assert [p.id for p in kg.papers_proposing("Transformer")] == [ATT]
    assert kg.papers_proposing("QM9") == []
    assert kg.papers_proposing("image classification") == []


def _call(name: str, *args: Any) -> Callable[[PaperGraph], object]:
    return lambda kg: getattr(kg, name)(*args)


@pytest.mark.parametrize(
    "call, given, kind, expected, instead",
    [
        (_call("methods_evaluated_on", "ResNet-50"), "ResNet-50", "Method", "Dataset",
         "kg.neighbors('ResNet-50', kind='Dataset', relation='evaluatedOn')"),
        (_call("methods_evaluated_on", "image classification"), "image classification", "Task",
         "Dataset", "kg.papers_using('image classification')"),
        (_call("leaderboard", "top-1 accuracy"), "top-1 accuracy", "Metric", "Dataset",
         "kg.leaderboard(dataset, metric='top-1 accuracy')"),
        (_call("leaderboards", "ViT"), "ViT", "Method", "Dataset", "kg.neighbors('ViT', kind='Dataset'"),
        (_call("gains", "BLEU"), "BLEU", "Metric", "Dataset", "metric='BLEU'"),
        (_call("leaderboard", "ImageNet", "QM9"), "QM9", "Dataset", "Metric", "kg.leaderboard('QM9')"),
        (_call("cooccurring_methods", "ImageNet"), "ImageNet", "Dataset", "Method",
         "kg.papers_using('ImageNet')"),
        (_call("related_papers", "ResNet-50"), "ResNet-50", "Method", "Paper",
         "kg.papers_using('ResNet-50')"),
        (_call("paper", "QM9"), "QM9", "Dataset", "Paper", "kg.papers_using('QM9')"),
    ],
)
def test_a_lookup_given_another_kind_names_the_call_to_use(
    kg: PaperGraph, call: Callable[[PaperGraph], object], given: str, kind: str, expected: str,
    instead: str,
) -> None:
    with pytest.raises(EntityKindError) as exc:
        call(kg)
    err = exc.value
    assert isinstance(err, EntityNotFoundError) and isinstance(err, PapergraphError)
    assert isinstance(err, LookupError)
    assert (err.name, err.kind, err.expected) == (given, kind, expected)
    assert err.node == kg.entity(given).id
    message = str(err)
    assert f"is a {kind}" in message
    assert instead in message


def test_the_call_named_instead_answers(kg: PaperGraph) -> None:
    with pytest.raises(EntityKindError, match="relation='evaluatedOn'"):
        kg.methods_evaluated_on("ViT-Large")
    datasets = kg.neighbors("ViT-Large", kind="Dataset", relation=M.EVALUATED_ON)
    assert "ImageNet-1K" in {d.name for d in datasets}  # type: ignore[union-attr]
    assert kg.leaderboard("ImageNet", metric="top-1 accuracy")


def test_entity_with_a_kind_names_the_kind_it_is(kg: PaperGraph) -> None:
    with pytest.raises(EntityKindError, match=r"no Dataset named 'ResNet-50'.*is a Method") as exc:
        kg.entity("ResNet-50", kind="Dataset")
    assert "kg.entity('ResNet-50')" in str(exc.value)


@pytest.mark.parametrize(
    "call",
    [
        _call("methods_evaluated_on", "ImageNett"),
        _call("papers_using", "ImageNett"),
        _call("leaderboard", "ImageNett"),
    ],
)
def test_a_name_of_no_kind_is_not_found_with_suggestions(
    kg: PaperGraph, call: Callable[[PaperGraph], object]
) -> None:
    with pytest.raises(EntityNotFoundError) as exc:
        call(kg)
    assert not isinstance(exc.value, EntityKindError)
    assert "Did you mean: 'ImageNet'" in str(exc.value)  # the closest name first
