"""Extraction quality rules, each on sentences written for these tests."""

from __future__ import annotations

import pytest

from papergraph.extract import load_extractor
from papergraph.extract.resolve import canonical_metric
from papergraph.types import Paper


@pytest.fixture(scope="module")
def extractor():
    return load_extractor(use_model=False)


def _extract(extractor, abstract, title=""):
    return extractor.extract_one(Paper(id="q", title=title, abstract=abstract))


def _found(extractor, abstract, title=""):
    return {(m.text, m.label) for m in _extract(extractor, abstract, title).entities}


@pytest.mark.parametrize(
    "abstract, text, label",
    [
        # Dataset names with split / variant suffixes are captured whole.
        ("A plain ResNet-50 gets 79.1% top-1 accuracy on ImageNet-val after our recipe.", "ImageNet-val", "Dataset"),
        ("We pre-train on ImageNet-21K and fine-tune on ImageNet-1K.", "ImageNet-21K", "Dataset"),
        ("We pre-train on ImageNet-21K and fine-tune on ImageNet-1K.", "ImageNet-1K", "Dataset"),
        ("Robustness is measured on ImageNet-R and ImageNet-C.", "ImageNet-R", "Dataset"),
        ("Results on CIFAR10/100 are reported in the appendix.", "CIFAR10/100", "Dataset"),
        # Unknown names listed beside a known dataset are datasets too.
        ("Our model wins on COCO, FooBench-7 and BarSet2 alike.", "FooBench-7", "Dataset"),
        ("Our model wins on COCO, FooBench-7 and BarSet2 alike.", "BarSet2", "Dataset"),
        ("We then release a new dataset QuuxQA-9 for this setting.", "QuuxQA-9", "Dataset"),
        ("Scores on the Fancy Words Benchmark improve.", "Fancy Words Benchmark", "Dataset"),
        # Technique phrases are methods, with their modifiers.
        ("Students learn by in-place knowledge distillation from the teacher.", "in-place knowledge distillation", "Method"),
        ("Deep stacks of fully connected networks are hard to train.", "fully connected networks", "Method"),
        ("We add skip connections between the blocks.", "skip connections", "Method"),
        ("Training relies on weight sharing across the candidates.", "weight sharing", "Method"),
        ("A one-shot variant, weight-sharing NAS, is cheaper.", "weight-sharing NAS", "Method"),
        ("Transformers dominate sequence modelling today.", "Transformers", "Method"),
        ("We fine-tune large language models (LLMs) on code.", "large language models", "Method"),
        ("We fine-tune large language models (LLMs) on code.", "LLMs", "Method"),
        # Research areas and task acronyms are tasks; longer task names win over their heads.
        ("Attention changed computer vision and natural language processing.", "computer vision", "Task"),
        ("Attention changed computer vision and natural language processing.", "natural language processing", "Task"),
        ("It is a staple of NLP pipelines.", "NLP", "Task"),
        ("One model for universal image segmentation is enough.", "universal image segmentation", "Task"),
        ("Forgetting is the core issue of continual learning.", "continual learning", "Task"),
        # Metrics, whole and canonical.
        ("It lifts top-1 accuracies by two points.", "top-1 accuracies", "Metric"),
        ("Our kernel cuts the FLOPS of inference in half.", "FLOPS", "Metric"),
        ("We study the accuracy-latency trade-off of pruning.", "latency", "Metric"),
        ("It matches the baseline with 40% fewer parameters.", "parameters", "Metric"),
        ("The new optimizer halves training speed losses and power consumption.", "power consumption", "Metric"),
    ],
)
def test_entity_found(extractor, abstract, text, label):
    assert (text, label) in _found(extractor, abstract)


@pytest.mark.parametrize(
    "abstract, text, label",
    [
        ("We pre-train on ImageNet-21K and fine-tune on ImageNet-1K.", "ImageNet-21K", "Method"),
        ("We pre-train on ImageNet-21K and fine-tune on ImageNet-1K.", "ImageNet", "Dataset"),
        ("Deep neural networks (NNs) are generic function approximators.", "NNs", "Method"),
        ("Deep neural networks are generic function approximators.", "neural networks", "Method"),
        ("We train on the CPU and report energy.", "CPU", "Dataset"),
        ("Prior work has to unify image segmentation across tasks.", "unify image segmentation", "Task"),
        ("We tune the learning rate (LR) per block.", "LR", "Metric"),
        ("The model is robust in mixed precision training.", "precision", "Metric"),
        ("This lets wide networks and mesh models train faster.", "wide networks", "Method"),
        ("This lets wide networks and mesh models train faster.", "mesh models", "Method"),
        ("A MLP-based mixer helps.", "MLP-based", "Method"),
        ("Numbers for ViT-ResNAS beat the plain ViT.", "ViT", "Dataset"),
    ],
)
def test_entity_not_found(extractor, abstract, text, label):
    assert (text, label) not in _found(extractor, abstract)


def test_name_suffix_is_split(extractor):
    found = _found(extractor, "A ViT-based detector and a KANet-like head are compared.")
    assert ("ViT", "Method") in found
    assert ("KANet", "Method") in found


def test_short_form_inside_longer_name_is_not_reused(extractor):
    ex = _extract(extractor, "Vision Transformer (ViT) is strong. We build ViT-ResNAS on top of it.")
    texts = [m.text for m in ex.entities]
    assert "ViT-ResNAS" in texts
    assert texts.count("ViT") == 1


def test_acronym_modifying_a_task_head(extractor):
    found = _found(extractor, "We study click-through rate (CTR) prediction for ads. Deep CTR prediction is hard.")
    assert ("CTR", "Metric") not in found
    assert ("CTR prediction", "Task") in found


@pytest.mark.parametrize(
    "surface, canonical",
    [
        ("Top-1", "top-1 accuracy"),
        ("top1 accuracy", "top-1 accuracy"),
        ("Top-1 Accuracy", "top-1 accuracy"),
        ("top-1 accuracies", "top-1 accuracy"),
        ("FLOPS", "FLOPs"),
        ("BLEU", "BLEU"),
        ("Accuracy", "accuracy"),
        ("speed-ups", "speedup"),
    ],
)
def test_canonical_metric(surface, canonical):
    assert canonical_metric(surface) == canonical


@pytest.mark.parametrize(
    "abstract, values",
    [
        ("Accuracy rises from 76.5 to 80.9% on ImageNet.", {76.5, 80.9}),
        ("It improves top-1 accuracy by 1.2% and 0.8% on two splits.", {1.2, 0.8}),
        ("Inference costs 0.4 mJ per sample, a 3x reduction.", {0.4, 3.0}),
        ("The recipe saves 900 GPU hours of training.", {900.0}),
    ],
)
def test_results_found(extractor, abstract, values):
    got = {r.value for r in _extract(extractor, abstract).results}
    assert values <= got, got


@pytest.mark.parametrize(
    "abstract, value",
    [
        # An accuracy-like score above 100 is not a percentage claim.
        ("The net reaches a 97.1% accuracy with a Top-1 rate of 285.9 on the test split.", 285.9),
        ("We train the model for 1200 GPU hours on web data.", 1200.0),
        ("It sorts an average of 211.5 labels per batch with high accuracy.", 211.5),
    ],
)
def test_results_rejected(extractor, abstract, value):
    # Every number is kept as a claim; these are not results and bind to nothing.
    kinds = {r.value: (r.kind, r.metric, r.method) for r in _extract(extractor, abstract).results}
    assert kinds[value] == ("not-a-result", None, None), kinds


def test_result_metric_is_canonical(extractor):
    (r,) = _extract(extractor, "A vanilla ResNet-50 reaches 80.4% Top-1 Accuracy on ImageNet-val.").results
    assert r.metric == "top-1 accuracy"
    assert r.dataset == "ImageNet-val"
    assert r.method == "ResNet-50"


@pytest.mark.parametrize(
    "title, abstract, proposed",
    [
        ("", "We propose Sparse Token Folding (STF), which merges tokens. STF is fast.", "STF"),
        ("", "We give a solver, which we call GRIDLOCK-3, for the puzzle.", "GRIDLOCK-3"),
        ("", "This work builds operators, which we refer to as warp units (WUs), for graphs.", "WU"),
        ("ZetaNet: Fast Mixing for Images", "ZetaNet mixes tokens cheaply.", "ZetaNet"),
    ],
)
def test_proposed(extractor, title, abstract, proposed):
    ex = _extract(extractor, abstract, title)
    assert proposed in {m.canonical for m in ex.entities if m.proposed}


@pytest.mark.parametrize(
    "title, abstract, not_proposed",
    [
        ("", "We develop a Monte Carlo Tree Search (MCTS) protocol to pick layers.", "MCTS"),
        ("Deep Learning: A Survey", "We review deep learning.", "Deep Learning"),
    ],
)
def test_not_proposed(extractor, title, abstract, not_proposed):
    ex = _extract(extractor, abstract, title)
    assert not_proposed not in {m.canonical for m in ex.entities if m.proposed}


def test_an_acronym_before_a_dataset_noun_names_data(extractor):
    found = _found(extractor, "We train on the handwritten isolated English character (HIEC) dataset. HIEC is small.")
    assert ("HIEC", "Dataset") in found and ("HIEC", "Method") not in found


def test_an_acronym_of_a_quantity_is_no_defined_entity(extractor):
    ex = _extract(extractor, "Pigeon also triggers fewer out-of-memory (OOM) errors than DGL.")
    assert not any(m.text == "out-of-memory" for m in ex.entities)
    # at most the patterns' weakest guess, which makes no graph node on its own (graph/evidence.py)
    assert all(m.confidence <= 0.4 for m in ex.entities if m.text == "OOM")
