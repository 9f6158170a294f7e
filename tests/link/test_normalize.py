"""Surface keys, variants and splits: what merges and what must not."""

from __future__ import annotations

import pytest

from papergraph.link.normalize import (
    display_form,
    is_acronym,
    plausible_abbreviation,
    strip_generic,
    surface_key,
)
from papergraph.link.variants import parse_subset, variant_bases


@pytest.mark.parametrize(
    "a, b",
    [
        ("ImageNet-1K", "ImageNet-1k"),
        ("ImageNet-1K", "ImageNet 1K"),
        ("ImageNet-1K", "ImageNet1K"),
        ("graph neural networks", "Graph Neural Network"),
        ("GNNs", "GNN"),
        ("LLMs", "llm"),
        ("Mixtures of Experts", "mixture of experts"),
        ("the Transformer", "Transformer"),
        ("Graph Neural Networks (GNNs)", "graph neural network"),
        ("Vision\u2013Transformer", "Vision-Transformer"),
        ("BERT-base", "BERT base"),
    ],
)
def test_spellings_share_a_key(a: str, b: str) -> None:
    assert surface_key(a) == surface_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("ImageNet-21K", "ImageNet-1K"),
        ("ResNet-50", "ResNet-101"),
        ("ResNet-50", "ResNet"),
        ("CIFAR-10", "CIFAR-100"),
        ("NAS", "NA"),
        ("loss", "lo"),
        ("C++", "C"),
        ("GPT-4", "GPT-4o"),
    ],
)
def test_different_things_keep_different_keys(a: str, b: str) -> None:
    assert surface_key(a) != surface_key(b)


@pytest.mark.parametrize(
    "surface, bases",
    [
        ("ResNet-50", ["ResNet"]),
        ("ImageNet-1K", ["ImageNet"]),
        ("ImageNet-21K", ["ImageNet"]),
        ("Llama-2-7B", ["Llama-2", "Llama"]),
        ("ViT-B/16", ["ViT-B", "ViT"]),
        ("Transformer-XL", ["Transformer"]),
        ("YOLOv8", ["YOLO"]),
        ("MobileNetV2", ["MobileNet"]),
        ("COCO 2017", ["COCO"]),
        ("U-Net", []),
        ("Sharpness-Aware Minimization", []),
        ("Multi-Head Attention", []),
        ("MobileNetV2+HAQ", []),
        ("T5", []),
    ],
)
def test_variant_bases(surface: str, bases: list[str]) -> None:
    assert [b for b, _ in variant_bases(surface)] == bases


@pytest.mark.parametrize(
    "surface, base, split",
    [
        ("ImageNet-val", "ImageNet", "val"),
        ("ImageNet validation set", "ImageNet", "val"),
        ("the test set of CIFAR-10", "CIFAR-10", "test"),
        ("validation split of the COCO dataset", "COCO dataset", "val"),
        ("COCO test-dev", "COCO", "test-dev"),
        ("SQuAD v1.1 dev set", "SQuAD v1.1", "dev"),
    ],
)
def test_parse_subset(surface: str, base: str, split: str) -> None:
    sub = parse_subset(surface)
    assert sub is not None
    assert (sub.base, sub.split) == (base, split)


@pytest.mark.parametrize("surface", ["ImageNet", "Test of Time", "test set", "ResNet-50"])
def test_not_a_subset(surface: str) -> None:
    assert parse_subset(surface) is None


def test_split_spellings_share_a_subset_key() -> None:
    keys = {parse_subset(s).key for s in ("ImageNet-val", "ImageNet validation set",  # type: ignore[union-attr]
                                          "the validation split of ImageNet")}
    assert len(keys) == 1


@pytest.mark.parametrize(
    "text, label, expected",
    [
        ("the ImageNet dataset", "Dataset", ("ImageNet", "imagenet")),
        ("Transformer model", "Method", ("Transformer", "transformer")),
        ("vanilla ResNet-50", "Method", ("ResNet-50", "resnet50")),
        ("BLEU score", "Metric", ("BLEU", "bleu")),
        ("language model", "Dataset", None),
        ("Transformer", "Method", None),
    ],
)
def test_strip_generic(text: str, label: str, expected: tuple[str, str] | None) -> None:
    assert strip_generic(text, label) == expected


@pytest.mark.parametrize(
    "short, long, ok",
    [
        ("GNN", "graph neural networks", True),
        ("GNNs", "graph neural networks", True),
        ("ViT", "Vision Transformer", True),
        ("SAM", "Segment Anything Model", True),
        ("SVM", "random forest", False),
        ("BERT", "", False),
    ],
)
def test_plausible_abbreviation(short: str, long: str, ok: bool) -> None:
    assert plausible_abbreviation(short, long) is ok


def test_acronyms_and_display_forms() -> None:
    assert [is_acronym(s) for s in ("GNN", "ViT", "LLMs", "Transformer", "graph nets")] == [
        True, True, True, False, False
    ]  # fmt: skip
    assert display_form("graph neural networks") == "graph neural network"
    assert display_form("Vision-Transformers") == "Vision-Transformer"
    assert display_form("loss") == "loss"
