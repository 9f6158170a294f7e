"""Every number is a claim of one kind, with a flag and a reason (eval/CLAIMS_GUIDELINES.md).

The sentences restate, in our own words, the mistakes a new user found on the seeds
build: changes ranked as scores, settings read as results, a baseline's numbers
credited to the paper, negations, and scores bound to the wrong metric or dataset.
"""

from __future__ import annotations

import pytest

from papergraph.extract import load_extractor
from papergraph.extract.results import generic_method
from papergraph.types import Paper, Result


@pytest.fixture(scope="module")
def extractor():
    return load_extractor()  # the whole extractor, as papergraph build runs it


def _claims(extractor, abstract: str) -> dict[str, Result]:
    ex = extractor.extract_one(Paper(id="t", title="", abstract=abstract))
    return {r.value_text: r for r in ex.results}


# abstract, value_text, kind, flag
KINDS = [
    ("Our model does not achieve a 100% accuracy rate on ImageNet.", "100%", "score", "negated"),
    ("With such a recipe, the model could reach 90% accuracy on ImageNet.", "90%", "score", "hypothetical"),
    ("ALTIS is designed to achieve an IRR of approximately 0.52 on the audit.", "0.52", "score", "hypothetical"),
    ("SpaceEvo yields a 10.1% accuracy improvement on ImageNet.", "10.1%", "change", "none"),
    ("It brings a 72% relative reduction in error rate on CIFAR-10.", "72%", "change", "none"),
    ("tpSGD trains models within 5% accuracy of SGD on CIFAR-10.", "5%", "change", "none"),
    ("Our network is 0.09 percent better than the previous best on CIFAR-10.", "0.09", "change", "none"),
    ("ED-Pose gains +3.0 AP on Human-Art over the COCO-trained model.", "+3.0", "change", "none"),
    ("StreamMeCo achieves a 1.6-2.0 times inference speedup.", "2.0 times", "change", "none"),
    ("FooNet outperforms ResNet-50 by >20% on CIFAR-100.", "20%", "change", "none"),
    ("LeanEvolve further improves performance by **7.47%** on average.", "7.47%", "change", "none"),
    ("Sparse training kept quality: PSNR dropped 0.59 dB on the test scenes.", "0.59 dB", "change", "none"),
    ("The search needs only 1/10 training time of prior methods.", "1", "not-a-result", "none"),
    ("The model runs at 79ms latency on a Pixel 1 phone.", "1", "not-a-result", "none"),
    ("On the benchmark, NoC@95 (at precision 95%) drops to 3.1 clicks.", "95%", "not-a-result", "none"),
    ("We pre-train with a batch size of 4096 for 300 epochs on 8 GPUs.", "4096", "not-a-result", "none"),
    ("The dataset is split into training (70%), validation (15%) and test (15%) sets.", "70%", "not-a-result", "none"),
    ("It gains +11.6 mAP with just 1% COCO labeled data.", "1%", "not-a-result", "none"),
    ("Under 30% bimodal-random corruption, RoPoLL keeps its accuracy.", "30%", "not-a-result", "none"),
    ("We release the benchmark under the CC BY 4.0 license.", "4.0", "not-a-result", "none"),
    ("We survey documentation released by 6 LLM development initiatives.", "6", "not-a-result", "none"),
    ("Propaganda accounts for 42% of all political content on the platform.", "42%", "not-a-result", "none"),
    # a lower bound, not a measured value (a seeds sentence, reworded)
    ("This is the first time that a spiking network reaches 80+% accuracy on ImageNet.", "80", "not-a-result",
     "none"),
    ("We evaluate on 100+ tasks and reach 71.3% accuracy on ImageNet.", "100", "not-a-result", "none"),
    ("Agreement with human ratings is strong (r = 0.74).", "0.74", "score", "none"),
    ("Ideal further produces a gFID of 1.89 on class-conditional generation.", "1.89", "score", "none"),
]


@pytest.mark.parametrize("abstract, value_text, kind, flag", KINDS)
def test_kind_and_flag(extractor, abstract: str, value_text: str, kind: str, flag: str) -> None:
    got = _claims(extractor, abstract)
    r = got[value_text]
    assert (r.kind, r.flag) == (kind, flag), r.reason
    assert r.reason  # every claim says why
    if kind == "not-a-result":
        assert (r.metric, r.dataset, r.method) == (None, None, None)


def test_a_baselines_scores_are_credited_to_it(extractor) -> None:
    got = _claims(extractor, "Our Dual-Swin-L achieves 59.4% box AP on COCO, better than the state-of-the-art "
                             "result (57.7% box AP and 50.2% mask AP) achieved by Swin-L.")
    assert got["59.4%"].kind == "score"
    for v, metric in (("57.7%", "box AP"), ("50.2%", "mask AP")):
        assert (got[v].kind, got[v].method, got[v].metric) == ("other-system", "Swin-L", metric)


def test_respectively_binds_each_dataset(extractor) -> None:
    got = _claims(extractor, "Our M2-Encoder reaches 88.5% and 80.7% top-1 accuracy on ImageNet and ImageNet-CN, "
                             "respectively.")
    assert (got["88.5%"].dataset, got["80.7%"].dataset) == ("ImageNet", "ImageNet-CN")


def test_nlp_scores_are_found_with_their_metric(extractor) -> None:
    got = _claims(extractor, "Our LSTM reaches a perplexity of 57.3 on Penn Treebank and 1.08 bits-per-character "
                             "on enwik8.")
    assert (got["57.3"].kind, got["57.3"].metric, got["57.3"].dataset) == ("score", "perplexity", "Penn Treebank")
    assert (got["1.08"].metric, got["1.08"].dataset) == ("bits-per-character", "enwik8")


def test_a_metric_written_with_another_number_is_not_borrowed(extractor) -> None:
    got = _claims(extractor, "On nuScenes, Tiny-BEV achieves 39.0 mAP for detection, 1.08 minADE for forecasting.")
    assert got["39.0"].metric == "mAP"
    assert got["1.08"].metric != "mAP"


def test_a_metric_after_a_list_is_the_lists(extractor) -> None:
    got = _claims(extractor, "The predicted scores reach 0.78 and 0.76 Spearman correlation with human judgments.")
    assert {(got["0.78"].metric or "").lower(), (got["0.76"].metric or "").lower()} == {"spearman correlation"}
    assert "accuracy" not in (got["0.78"].metric or "")


@pytest.mark.parametrize(
    "abstract, value_text, unsure",
    [
        # a dataset only in the previous sentence is a guess (when the abstract names several)
        ("We evaluate on SQuAD and TriviaQA. Our FooNet reaches an F1 of 91.2.", "91.2", "dataset"),
        # an average over several datasets is no one dataset's score
        ("FooNet scores 97.3% on IC13 and 58.3% on IC15, an average accuracy of 77.8%.", "77.8%", "dataset"),
        # a description, not a name, holds the score
        ("Our fine-tuned SLM achieves a 77.55% pass rate on ToolBench.", "77.55%", "method"),
    ],
)
def test_unsure_bindings_say_so_and_lower_the_confidence(extractor, abstract: str, value_text: str,
                                                         unsure: str) -> None:  # fmt: skip
    r = _claims(extractor, abstract)[value_text]
    assert r.kind == "score"
    assert r.reason.endswith(f"unsure: {unsure}")
    assert r.confidence < 0.6


def test_the_only_dataset_of_the_abstract_is_sure(extractor) -> None:
    r = _claims(extractor, "We evaluate on SQuAD. Our FooNet reaches an F1 of 91.2.")["91.2"]
    assert (r.dataset, r.confidence >= 0.6, "unsure" in r.reason) == ("SQuAD", True, False)


@pytest.mark.parametrize(
    "name, generic",
    [("fine-tuned SLM", True), ("LLMs", True), ("LLM-based classifiers", True), ("system submission", True),
     ("our model", True), ("MolGNN model", False), ("ResNet-50", False), ("Swin-L", False), ("GPT-4 agent", False)],
)  # fmt: skip
def test_generic_method(name: str, generic: bool) -> None:
    assert generic_method(name) is generic
