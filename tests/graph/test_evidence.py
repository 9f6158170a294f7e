"""A plain-word method of one paper, in no dictionary and not proposed, makes no graph node."""

from __future__ import annotations

import pytest

from papergraph.graph import PaperGraph
from papergraph.graph.evidence import name_shaped
from papergraph.types import Extraction, Mention, Paper, Result


def _paper(pid: str, abstract: str, names: list[tuple[str, str]], *, proposed: str = "",
           results: tuple[Result, ...] = (), source: str = "ner_model") -> tuple[Paper, Extraction]:
    paper = Paper(pid, f"Paper {pid}", abstract)
    ments = []
    for text, label in names:
        s = abstract.index(text)
        ments.append(Mention(text, label, "abstract", s, s + len(text), text, text == proposed, 0.9, source,
                             abstract))
    return paper, Extraction(paper.id, paper.title, tuple(ments), results)


def _methods(*records: tuple[Paper, Extraction], **kw: bool) -> set[str]:
    kg = PaperGraph.from_records([p for p, _ in records], [e for _, e in records], **kw)
    return {e.name for e in kg.methods()}


A = "We compare realistic learning with LoRA and dropout on ImageNet."


def test_a_plain_word_method_of_one_paper_is_not_a_node() -> None:
    got = _methods(_paper("p1", A, [("realistic learning", "Method"), ("LoRA", "Method")]))
    assert got == {"LoRA"}


def test_include_unattested_brings_it_back() -> None:
    rec = _paper("p1", A, [("realistic learning", "Method"), ("LoRA", "Method")])
    assert _methods(rec, include_unattested=True) == {"LoRA", "realistic learning"}


def test_a_second_paper_is_evidence() -> None:
    b = "Realistic learning helps here."
    got = _methods(_paper("p1", A, [("realistic learning", "Method")]), _paper("p2", b, [("Realistic learning", "Method")]))
    assert got == {"realistic learning"}


def test_what_the_paper_proposes_is_evidence() -> None:
    got = _methods(_paper("p1", A, [("realistic learning", "Method")], proposed="realistic learning"))
    assert got == {"realistic learning"}


def test_a_dictionary_name_is_evidence() -> None:
    # "dropout" is in the shipped gazetteer, and found by it.
    assert _methods(_paper("p1", A, [("dropout", "Method")], source="gazetteer")) == {"dropout"}


def test_only_methods_need_the_evidence() -> None:
    kg = PaperGraph.from_records(*zip(_paper("p1", A, [("realistic learning", "Task")]), strict=True))
    assert {e.name for e in kg.tasks()} == {"realistic learning"}


def test_a_result_held_by_an_unattested_method_keeps_its_number_but_not_the_link() -> None:
    abstract = "Our custom trick reaches 91.2% accuracy on ImageNet."
    s = abstract.index("91.2%")
    r = Result(value=91.2, value_text="91.2%", unit="%", metric="accuracy", dataset="ImageNet",
               method="custom trick", task=None, baseline=None, relation="absolute", sentence=abstract,
               field="abstract", start=s, end=s + 5)
    p, ex = _paper("p1", abstract, [("custom trick", "Method"), ("ImageNet", "Dataset")], results=(r,))
    kg = PaperGraph.from_records([p], [ex])
    assert "custom trick" not in {e.name for e in kg.methods()}
    G = kg.to_networkx(copy=False)
    results = [d for _, d in G.nodes(data=True) if d["kind"] == "Result"]
    assert len(results) == 1 and results[0]["method"] == "custom trick"


@pytest.mark.parametrize(
    "text, shaped",
    [("CycleGAN", True), ("LoRA", True), ("VGG", True), ("ResNet56", True), ("GPT-4", True), ("T5", True),
     ("realistic learning", False), ("Linear Layer", False), ("It's All Connected", False),
     ("Federated learning", False)],
)  # fmt: skip
def test_name_shape(text: str, shaped: bool) -> None:
    assert name_shaped(text) is shaped


def test_an_undefined_short_capitalised_word_of_one_paper_is_not_a_node() -> None:
    text = "We fuse them into a UV texture map with LoRA."
    paper, ex = _paper("p1", text, [("UV", "Method"), ("LoRA", "Method")], source="patterns")
    weak = Mention("UV", "Method", "abstract", text.index("UV"), text.index("UV") + 2, "UV", False, 0.4, "patterns",
                   text)
    ex = Extraction(ex.id, ex.title, (weak, ex.entities[1]))
    assert _methods((paper, ex)) == {"LoRA"}
    # named by a second paper, it is a node
    paper2, ex2 = _paper("p2", "UV maps help.", [("UV", "Method")], source="patterns")
    assert "UV" in _methods((paper, ex), (paper2, ex2))


def test_a_result_held_by_a_generic_description_makes_no_node() -> None:
    abstract = "Our deep learning approach reaches 0.58 mAP on COCO."
    s = abstract.index("0.58")
    r = Result(value=0.58, value_text="0.58", unit=None, metric="mAP", dataset="COCO",
               method="deep learning approaches", task=None, baseline=None, relation="absolute", sentence=abstract,
               field="abstract", start=s, end=s + 4)
    p, ex = _paper("p1", abstract, [("COCO", "Dataset")], results=(r,))
    kg = PaperGraph.from_records([p], [ex])
    assert not any("deep learning" in e.name for e in kg.methods())
    assert "COCO" in {e.name for e in kg.datasets()}
    assert any("deep learning" in e.name for e in PaperGraph.from_records([p], [ex], include_generic=True, include_unattested=True).methods())
