"""Which method, baseline, dataset and metric each numeric claim is bound to.

Gold results carry only values, so the bindings are pinned here on sentences
written for these tests: a baseline's score must never be credited to the
paper's own method.
"""

from __future__ import annotations

import pytest

from papergraph.extract import load_extractor
from papergraph.types import Paper, Result


@pytest.fixture(scope="module")
def extractor():
    return load_extractor(use_model=False)


def _results(extractor, abstract: str, title: str = "") -> dict[str, Result]:
    ex = extractor.extract_one(Paper(id="t", title=title, abstract=abstract))
    return {r.value_text: r for r in ex.results}


_INTRO = "We propose FooNet, a network for images. "

# value_text -> (value, kind, metric, dataset, method, baseline, relation); None = not bound.
# A baseline's own score is an other-system claim credited to that system
# (method), never to the paper; a change names what it is measured against.
CASES = [
    (  # "from A to B": A is the starting point, B the paper's
        _INTRO + "On CIFAR-100, FooNet improves few-shot accuracy from 27.4% to 39.1%.",
        {"27.4%": (27.4, "other-system", "few-shot accuracy", "CIFAR-100", None, None, "absolute"),
         "39.1%": (39.1, "score", "few-shot accuracy", "CIFAR-100", "FooNet", None, "absolute")},
    ),
    (  # the object of "improves" is the baseline the first number belongs to
        "Our loss improves ResNet-50 from 76.1% to 79.3% top-1 accuracy on ImageNet.",
        {"76.1%": (76.1, "other-system", "top-1 accuracy", "ImageNet", "ResNet-50", None, "absolute"),
         "79.3%": (79.3, "score", "top-1 accuracy", "ImageNet", None, None, "absolute")},
    ),
    (  # a parenthesised score after an outperformed method
        _INTRO + "On ImageNet, FooNet outperforms ResNet-50 (71.2%) with 74.5% top-1 accuracy.",
        {"71.2%": (71.2, "other-system", "top-1 accuracy", "ImageNet", "ResNet-50", None, "absolute"),
         "74.5%": (74.5, "score", "top-1 accuracy", "ImageNet", "FooNet", "ResNet-50", "absolute")},
    ),
    (  # "compared to N for X"
        _INTRO + "FooNet reaches 72.5% accuracy on ImageNet, compared to 68.0% for ResNet-50.",
        {"72.5%": (72.5, "score", "accuracy", "ImageNet", "FooNet", None, "absolute"),
         "68.0%": (68.0, "other-system", "accuracy", "ImageNet", "ResNet-50", None, "absolute")},
    ),
    (  # "X achieves A vs B for Y"
        "On COCO, DETR achieves 80.1% mAP vs 78.3% for YOLOv3.",
        {"80.1%": (80.1, "score", "mAP", "COCO", "DETR", None, "absolute"),
         "78.3%": (78.3, "other-system", "mAP", "COCO", "YOLOv3", None, "absolute")},
    ),
    (  # an unnamed previous best
        _INTRO + "FooNet sets a BLEU of 47.9 on WMT14, surpassing the previous best of 45.2.",
        {"47.9": (47.9, "score", "BLEU", "WMT14", "FooNet", None, "absolute"),
         "45.2": (45.2, "other-system", "BLEU", "WMT14", None, None, "absolute")},
    ),
    (  # a delta over a named baseline
        _INTRO + "FooNet improves top-1 accuracy by 2.3% over ResNet-50 on ImageNet.",
        {"2.3%": (2.3, "change", "top-1 accuracy", "ImageNet", "FooNet", "ResNet-50", "improvement")},
    ),
    (  # a signed delta in points
        _INTRO + "On ImageNet, our model gains +1.2 points of accuracy.",
        {"+1.2 points": (1.2, "change", "accuracy", "ImageNet", "FooNet", None, "improvement")},
    ),
    (  # a speed-up over a named baseline
        _INTRO + "FooNet gives a 3x speedup over ResNet-50 at equal accuracy on ImageNet.",
        {"3x": (3.0, "change", "speedup", "ImageNet", "FooNet", "ResNet-50", "speedup")},
    ),
    (  # a reduction
        _INTRO + "FooNet reduces latency by 40% on ImageNet.",
        {"40%": (40.0, "change", "latency", "ImageNet", "FooNet", None, "reduction")},
    ),
    (  # the dataset from the previous sentence
        _INTRO + "We evaluate on SQuAD. Our model reaches an F1 of 91.2.",
        {"91.2": (91.2, "score", "F1", "SQuAD", "FooNet", None, "absolute")},
    ),
    (  # the dataset from the title; the title names the method too
        "FooNet reaches 88.5% accuracy with half the compute.",
        {"88.5%": (88.5, "score", "accuracy", "ImageNet", "FooNet", None, "absolute")},
    ),
    (  # the metric nearest the number in its clause
        _INTRO + "FooNet reaches 81.0% accuracy and a perplexity of 12.3 on WikiText-103.",
        {"81.0%": (81.0, "score", "accuracy", "WikiText-103", "FooNet", None, "absolute"),
         "12.3": (12.3, "score", "perplexity", "WikiText-103", "FooNet", None, "absolute")},
    ),
    (  # a method named as the subject, no proposal in the text
        "A vanilla ViT-B/16 reaches 79.9% top-1 accuracy on ImageNet.",
        {"79.9%": (79.9, "score", "top-1 accuracy", "ImageNet", "ViT-B/16", None, "absolute")},
    ),
    (  # perplexity falling: the first number is the old model's
        "Our best single model improves perplexity from 51.3 down to 30.0 on the One Billion Word Benchmark.",
        {"51.3": (51.3, "other-system", "perplexity", "One Billion Word Benchmark", None, None, "absolute"),
         "30.0": (30.0, "score", "perplexity", "One Billion Word Benchmark", None, None, "absolute")},
    ),
]
TITLES = {11: "Scaling FooNet on ImageNet"}


@pytest.mark.parametrize("i", range(len(CASES)))
def test_binding(extractor, i):
    abstract, expected = CASES[i]
    got = _results(extractor, abstract, TITLES.get(i, ""))
    assert set(got) == set(expected), sorted(got)
    for value_text, (value, kind, metric, dataset, method, baseline, relation) in expected.items():
        r = got[value_text]
        assert (r.value, r.kind, (r.metric or "").lower() or None, r.dataset, r.method, r.baseline, r.relation) == (
            value, kind, metric.lower() if metric else None, dataset, method, baseline, relation
        ), value_text


def test_baseline_score_has_lower_confidence(extractor):
    got = _results(extractor, _INTRO + "On ImageNet, FooNet outperforms ResNet-50 (71.2%) with 74.5% top-1 accuracy.")
    assert got["71.2%"].confidence < got["74.5%"].confidence


@pytest.mark.parametrize(
    "abstract",
    [
        "We train with a batch size of 256 and a learning rate of 0.001 for 300 epochs, reaching good accuracy.",
        "Images are resized to 224x224 and 10,000 samples are drawn; accuracy is reported.",
        "The model has 12 layers [2018] and achieves high accuracy.",
        "We use 8 GPUs and a 7B model, and report accuracy.",
        "In 2021 the benchmark had 5 tasks, and accuracy was low.",
    ],
)
def test_setup_numbers_are_not_results(extractor, abstract):
    got = _results(extractor, abstract)
    assert got, "every number is kept as a claim"
    for value_text, r in got.items():
        assert (r.kind, r.metric, r.dataset, r.method, r.reason != "") == ("not-a-result", None, None, None, True), value_text
