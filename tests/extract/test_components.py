"""Each rule component on sentences written for these tests."""

from __future__ import annotations

import pytest

from papergraph.extract import load_extractor
from papergraph.extract.abbreviations import find_abbreviations
from papergraph.extract.patterns import is_name_like
from papergraph.extract.urls import find_code_urls
from papergraph.types import Paper


@pytest.fixture(scope="module")
def extractor():
    return load_extractor(use_model=False)


def _ents(extractor, abstract, title=""):
    ex = extractor.extract_one(Paper(id="t", title=title, abstract=abstract))
    return ex


@pytest.mark.parametrize(
    "text, short, long",
    [
        ("Many pipelines use graph neural networks (GNNs) today.", "GNNs", "graph neural networks"),
        ("We study acoustic echo cancellation (AEC) in calls.", "AEC", "acoustic echo cancellation"),
        ("A Mixture of Quantized Experts (MoQE) is cheap.", "MoQE", "Mixture of Quantized Experts"),
        ("a domain expert mixture (DEMix) layer", "DEMix", "domain expert mixture"),
    ],
)
def test_abbreviation_definitions(text, short, long):
    (ab,) = find_abbreviations(text)
    assert ab.short == short
    assert text[ab.long_start : ab.long_end] == long


def test_abbreviation_reuse_shares_canonical(extractor):
    ex = _ents(extractor, "We build graph neural networks (GNNs) for molecules. Our GNN beats prior GNNs.")
    gnn = [m for m in ex.entities if m.text.startswith("GNN") or m.text == "graph neural networks"]
    assert len(gnn) == 4
    assert {m.canonical for m in gnn} == {"GNN"}
    assert {m.label for m in gnn} == {"Method"}


def test_parenthetical_non_abbreviation_is_ignored():
    assert find_abbreviations("The error (see Fig. 2) is small.") == []


@pytest.mark.parametrize(
    "abstract, text, label",
    [
        ("We evaluate on the COCO dataset and on ImageNet.", "COCO", "Dataset"),
        ("We evaluate on the COCO dataset and on ImageNet.", "ImageNet", "Dataset"),
        ("We fine-tune BERT with the Adam optimizer.", "Adam", "Method"),
        ("We report top-1 accuracy and FLOPs for each model.", "top-1 accuracy", "Metric"),
        ("Our model improves machine translation quality.", "machine translation", "Task"),
        ("It handles joint gunshot detection in the wild.", "gunshot detection", "Task"),
        ("Scores are given in BLEU and perplexity.", "BLEU", "Metric"),
        ("Scores are given in BLEU and perplexity.", "perplexity", "Metric"),
        ("We compare against FBNetV3 and EfficientNet.", "FBNetV3", "Method"),
    ],
)
def test_entity_types(extractor, abstract, text, label):
    ex = _ents(extractor, abstract)
    found = {(m.text, m.label) for m in ex.entities}
    assert (text, label) in found, found


@pytest.mark.parametrize(
    "abstract, absent",
    [
        ("Attention is what we pay to the details of training.", "Attention"),
        ("Adam went to the market with a friend.", "Adam"),
        ("We train on 3 GPUs with 2D inputs.", "2D"),
        # Companies, platforms and venues are not methods.
        ("We deploy the ranking model at LinkedIn for people search.", "LinkedIn"),
        ("The code is on GitHub and the paper was accepted at ICLR.", "GitHub"),
        ("The code is on GitHub and the paper was accepted at ICLR.", "ICLR"),
        ("We study a language model developed by Google for content moderation.", "Google"),
        # A title-case description is not a dataset name.
        ("MedBench: A Comprehensive Benchmark for Medical Reasoning", "Comprehensive Benchmark"),
        # Sensors, imaging modalities and units are not methods.
        ("We fuse LiDAR and camera inputs for 3D detection.", "LiDAR"),
        ("Segmentation of CT and MRI scans improves by 2 dB in PSNR.", "MRI"),
        # Verbs and plain adjectives do not start a technique name.
        ("The objective maximizes learning progress of the agent.", "maximizes learning"),
        ("We deploy complex neural networks on phones.", "complex neural networks"),
    ],
)
def test_ambiguous_words_are_not_entities(extractor, abstract, absent):
    ex = _ents(extractor, abstract)
    assert absent not in {m.text for m in ex.entities}


@pytest.mark.parametrize(
    "tok, expected",
    [("FBNetV3", True), ("ResMLP", True), ("m2mKD", True), ("GPT-4o", True), ("Model", False),
     ("model", False), ("2D", False), ("Architecture-Recipe", False), ("GPU", False)],
)
def test_name_shapes(tok, expected):
    assert is_name_like(tok) is expected


@pytest.mark.parametrize(
    "title, abstract, proposed",
    [
        ("", "We propose FooNet, a network for parsing receipts.", "FooNet"),
        ("", "We introduce a new sampler dubbed QuickStep for diffusion models.", "QuickStep"),
        ("BarBench: A Benchmark for Table Reasoning", "We test many models.", "BarBench"),
        ("", "SpeedyViT, a novel vision backbone, runs on phones.", "SpeedyViT"),
    ],
)
def test_proposed(extractor, title, abstract, proposed):
    ex = _ents(extractor, abstract, title)
    marked = {m.text for m in ex.entities if m.proposed}
    assert proposed in marked, [(m.text, m.proposed) for m in ex.entities]


def test_used_method_is_not_proposed(extractor):
    ex = _ents(extractor, "We present an analysis of the Transformer and its attention heads.")
    assert not any(m.proposed for m in ex.entities)


@pytest.mark.parametrize(
    "abstract, values, relation",
    [
        ("On ImageNet, FooNet achieves 81.2% top-1 accuracy.", [81.2], "absolute"),
        ("FooNet improves accuracy by 5.1% and 5.4% on the two splits.", [5.1, 5.4], "improvement"),
        ("Accuracy rises from 76.5% to 80.9% with our loss.", [76.5, 80.9], "absolute"),
        ("It reduces latency by 40% on a phone.", [40.0], "reduction"),
        ("Inference is 3.2x faster than the teacher.", [3.2], "speedup"),
        ("FooNet reaches a BLEU of 28.4 on the test set.", [28.4], "absolute"),
        # The change named right before the number.
        ("FooNet gives absolute improvements of 2.4% in accuracy on VQA.", [2.4], "improvement"),
        ("Pruning gives a reduction of 28% in FLOPs.", [28.0], "reduction"),
        ("Our early exit rule keeps accuracy, reducing 31.4% and 36.3% of the latency.", [31.4, 36.3], "reduction"),
        ("FooNet beats the prior methods by a margin of 6.75% in accuracy.", [6.75], "improvement"),
        ("FooNet achieves 5%, 16% and 32% higher accuracy than BarNet.", [5.0, 16.0, 32.0], "improvement"),
        ("Token pruning yields nearly 90% savings in compute.", [90.0], "reduction"),
    ],
)
def test_results(extractor, abstract, values, relation):
    ex = _ents(extractor, abstract)
    assert [r.value for r in ex.results] == values
    assert all(r.relation == relation for r in ex.results) or relation == "absolute"
    for r in ex.results:
        assert abstract[r.start : r.end] == r.value_text


def test_result_binds_metric_dataset_method_baseline(extractor):
    ex = _ents(extractor, "We propose FooNet. On ImageNet, FooNet achieves 81.2% top-1 accuracy, outperforming ResNet-50.")
    (r,) = ex.results
    assert (r.metric or "").lower() == "top-1 accuracy"
    assert r.dataset == "ImageNet"
    assert r.method == "FooNet"
    assert r.baseline == "ResNet-50"


@pytest.mark.parametrize(
    "abstract",
    [
        "We train on 224x224 images for 300 epochs in 2021.",
        "The dataset holds 3459 recordings from 12 speakers [4].",
        "A 7B model with 32 layers is trained with 10% of the data.",
        "For 4x super-resolution on Manga109, the images are cropped.",
        "For $2\\times$ SR on Urban100, we follow the usual protocol.",
    ],
)
def test_setup_numbers_are_not_results(extractor, abstract):
    results = _ents(extractor, abstract + " It achieves good accuracy.").results
    assert results, "every number is a claim"
    assert {r.kind for r in results} == {"not-a-result"}, [(r.value_text, r.kind, r.reason) for r in results]
    assert all(r.reason and r.metric is None and r.method is None for r in results)


@pytest.mark.parametrize(
    "text, urls",
    [
        ("Code is at https://github.com/acme/foo.", ["https://github.com/acme/foo"]),
        ("See github.com/acme/bar and https://acme.github.io/proj/ (project page).", ["https://github.com/acme/bar", "https://acme.github.io/proj/"]),
        ("Paper: https://arxiv.org/abs/2401.00001", []),
    ],
)
def test_code_urls(text, urls):
    assert find_code_urls(text) == urls
