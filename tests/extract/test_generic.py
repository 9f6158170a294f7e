"""Generic terms are flagged, never proposed, and make no graph nodes by default."""

from __future__ import annotations

import pytest

from papergraph.extract.generic import is_generic
from papergraph.graph import PaperGraph
from papergraph.types import Extraction, Mention, Paper


@pytest.mark.parametrize(
    "name, label, generic",
    [
        ("neural network", "Method", True), ("Neural Networks", "Method", True), ("deep learning", "Method", True),
        ("the proposed method", "Method", True), ("neural network architecture", "Method", True),
        ("model", "Method", True), ("inference", "Task", True), ("accuracy", "Metric", True),
        ("parameters", "Metric", True), ("datasets", "Dataset", True),
        ("compact neural network", "Method", True), ("modular model", "Method", True),
        ("inference component", "Method", True), ("end-to-end model", "Method", True),
        ("convolutional neural networks", "Method", False), ("large language models", "Method", False),
        ("Pointer Network", "Method", False), ("residual neural network", "Method", False),
        # families a reader asks about, and names
        ("GNN", "Method", False), ("graph neural networks", "Method", False), ("Transformer", "Method", False),
        ("LLMs", "Method", False), ("BigNAS", "Method", False), ("top-1 accuracy", "Metric", False),
        ("image classification", "Task", False), ("ImageNet", "Dataset", False), ("FLOPs", "Metric", False),
        # a long form with its abbreviation, a model class with a generic head, a field however written
        ("neural networks (NNs)", "Method", True), ("NN approaches", "Method", True), ("deep learning approaches", "Method", True), ("SOTA method", "Method", True),
        ("LLM-based classifiers", "Method", True), ("End-to-End Deep Learning", "Method", True),
        ("graph neural networks (GNNs)", "Method", False), ("GNN models", "Method", True),
        # descriptions: an evaluative opener, a configuration, an adjective at the end
        ("custom loss", "Method", True), ("dominant expert", "Method", True), ("illustrative example", "Method", True),
        ("graph-like search", "Method", True), ("two-layer attention", "Method", True),
        ("permutation equivariant", "Method", True), ("multi-head attention", "Method", False),
        ("linear attention", "Method", False), ("sparse attention", "Method", False),
        ("machine-learning", "Method", True), ("fine-tuning", "Method", True),
    ],
)  # fmt: skip
def test_is_generic(name: str, label: str, generic: bool) -> None:
    assert is_generic(name, label) is generic


def _records() -> tuple[Paper, Extraction]:
    abstract = "We propose FooNet, a neural network for image classification with high accuracy."
    paper = Paper("arxiv:0000.00002", "FooNet", abstract)

    def m(text: str, label: str, generic: bool = False, proposed: bool = False) -> Mention:
        s = abstract.index(text)
        return Mention(text, label, "abstract", s, s + len(text), text, proposed, 0.9, "rules", abstract, generic)

    ments = (m("FooNet", "Method", proposed=True), m("neural network", "Method", generic=True),
             m("image classification", "Task"), m("accuracy", "Metric", generic=True))  # fmt: skip
    return paper, Extraction(paper.id, paper.title, ments, ())


def test_generic_mentions_make_no_nodes_unless_asked() -> None:
    paper, ex = _records()
    kg = PaperGraph.from_records([paper], [ex])
    assert {e.name for e in kg.methods()} == {"FooNet"} and not kg.metrics()
    full = PaperGraph.from_records([paper], [ex], include_generic=True)
    assert {e.name for e in full.methods()} == {"FooNet", "neural network"}
    assert {e.name for e in full.metrics()} == {"accuracy"}


def test_the_extractor_flags_them_and_never_proposes_them() -> None:
    from papergraph.extract import load_extractor

    ex = load_extractor(use_model=False).extract_one(
        Paper("t", "", "We propose a novel neural network that improves accuracy on ImageNet.")
    )
    flagged = {m.canonical.lower(): m for m in ex.entities if m.generic}
    assert flagged, [m.canonical for m in ex.entities]
    assert not any(m.proposed for m in flagged.values())
