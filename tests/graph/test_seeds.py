"""The graph of the five seed pages, built with the real readers and extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.graph import PaperGraph

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_kg(seeds_dir: Path) -> PaperGraph:
    from papergraph.pipeline import extract, read

    rr = read([seeds_dir])
    return PaperGraph.from_records(rr.papers, extract(rr.papers))


def test_imagenet_leaderboard_has_the_resnet50_claim(seeds_kg: PaperGraph) -> None:
    rows = seeds_kg.leaderboard("ImageNet")
    hits = [r for r in rows if r.method == "ResNet-50" and r.value == 80.4]
    assert hits, "ResNet-50 80.4% top-1 (ResNet strikes back) missing from leaderboard('ImageNet')"
    assert "top-1" in (hits[0].metric or "").lower() and hits[0].unit == "%"
    assert "ImageNet-val" in hits[0].sentence
    # the same claim under the metric's own name
    assert any(r.value == 80.4 for r in seeds_kg.leaderboard("ImageNet", "top-1 accuracy"))


def test_imagenet_leaderboard_includes_imagenet_1k_claims(seeds_kg: PaperGraph) -> None:
    datasets = {r.dataset_id for r in seeds_kg.leaderboard("ImageNet")}
    assert {"dataset:imagenet", "dataset:imagenet-1k"} <= datasets


def test_papers_using_transformer(seeds_kg: PaperGraph) -> None:
    assert len(seeds_kg.papers_using("Transformer")) >= 5


def test_papers_using_a_dataset_task_or_metric(seeds_kg: PaperGraph) -> None:
    imagenet = {p.paper_id for p in seeds_kg.papers_using("ImageNet")}
    board = {r.paper for r in seeds_kg.leaderboard("ImageNet")}
    assert board and board <= imagenet
    only = {p.paper_id for p in seeds_kg.papers_using("ImageNet", include_variants=False)}
    assert only and only < imagenet  # ImageNet-1k and the others add papers
    assert seeds_kg.papers_using("image classification")
    assert seeds_kg.papers_using("accuracy")


@pytest.mark.parametrize("typo", ["ImagNet", "Imagenett", "ImageNe", "Imgenet"])
def test_a_typo_of_imagenet_suggests_imagenet_first(seeds_kg: PaperGraph, typo: str) -> None:
    assert seeds_kg.suggest(typo)[0].id == "dataset:imagenet"
    with pytest.raises(LookupError, match=r"Did you mean: 'ImageNet' \(Dataset\), "):
        seeds_kg.papers_using(typo)


@pytest.mark.parametrize(
    "a, b",
    [
        ("ImageNet-1K", "ImageNet-1k"),
        ("GNN", "graph neural networks"),
        ("GNNs", "Graph Neural Networks"),
        ("Transformer", "Transformers"),
        ("ResNet", "residual networks"),
    ],
)
def test_spellings_merge(seeds_kg: PaperGraph, a: str, b: str) -> None:
    assert seeds_kg.entity(a).id == seeds_kg.entity(b).id


def test_variants_stay_apart_and_link(seeds_kg: PaperGraph) -> None:
    kg = seeds_kg
    in1k, in21k, inet = kg.entity("ImageNet-1K"), kg.entity("ImageNet-21K"), kg.entity("ImageNet")
    assert len({in1k.id, in21k.id, inet.id}) == 3
    assert in1k.variant_of == inet.id and in21k.variant_of == inet.id
    assert in21k.kind == "Dataset"
    assert kg.entity("ResNet-50").variant_of == kg.entity("ResNet").id
