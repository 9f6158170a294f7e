"""Span priors: annotation rates from training texts, the keep rule, and their file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import spacy

from papergraph.extract.priors import SpanPriors, annotation_rates, key

LABELS = ("Method", "Dataset", "Task", "Metric")


@dataclass(frozen=True)
class G:
    corpus: str
    text: str
    spans: tuple[tuple[int, int, str], ...]


TOKENIZE = spacy.blank("en").make_doc


def rates(golds: list[G], **kw) -> dict[str, float]:
    kw.setdefault("min_count", 1)
    return annotation_rates(golds, TOKENIZE, corpus_labels={"tdmsci": ("Dataset", "Task", "Metric")}, all_labels=LABELS, **kw)


def test_rate_is_share_of_free_standing_occurrences() -> None:
    text = "NLP helps. We study NLP and NLP tasks."
    # "NLP" is annotated once out of two free-standing occurrences; the one inside "NLP tasks" does not count.
    golds = [G("scierc", text, ((20, 23, "Task"), (28, 37, "Task")))]
    r = rates(golds)
    assert r["nlp"] == 0.5
    assert r["nlp tasks"] == 1.0


def test_case_and_spacing_are_folded() -> None:
    golds = [G("scierc", "Machine  Translation and machine translation", ((0, 20, "Task"),))]
    assert rates(golds)["machine translation"] == 0.5
    assert key("Machine \n Translation") == "machine translation"


def test_corpus_without_the_label_does_not_count() -> None:
    # TDMSci marks no methods: its unannotated "BERT" says nothing about BERT.
    golds = [G("scierc", "BERT works.", ((0, 4, "Method"),)), G("tdmsci", "BERT and BERT.", ())]
    assert rates(golds)["bert"] == 1.0


def test_min_count_leaves_rare_strings_out() -> None:
    golds = [G("scierc", "ROUGE is used.", ((0, 5, "Metric"),))]
    assert "rouge" not in rates(golds, min_count=2)


@pytest.mark.parametrize(
    "text, min_rate, kept",
    [("NLP", 0.3, False), ("nlp", 0.2, True), ("BLEU", 0.3, True), ("unseen name", 0.99, True)],
)
def test_keep(text: str, min_rate: float, kept: bool) -> None:
    p = SpanPriors({"nlp": 0.2, "bleu": 0.96}, min_rate)
    assert p.keep(text) is kept


def test_round_trip_through_the_model_dir(tmp_path: Path) -> None:
    p = SpanPriors({"b": 0.5, "a": 0.25}, 0.3)
    path = p.to_disk(tmp_path)
    assert SpanPriors.from_disk(tmp_path) == p
    assert path.read_text(encoding="utf-8").index('"a"') < path.read_text(encoding="utf-8").index('"b"')
    assert SpanPriors.from_disk(tmp_path / "missing") is None
