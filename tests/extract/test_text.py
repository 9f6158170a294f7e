"""Tokenizer, normalisation and sentence splitting."""

from __future__ import annotations

import pytest

from papergraph.extract.normalize import normalize
from papergraph.extract.sentences import split_sentences
from papergraph.extract.tokenizer import blank_nlp


@pytest.fixture(scope="module")
def nlp():
    return blank_nlp()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ResNet-50 on ImageNet-1K", ["ResNet-50", "on", "ImageNet-1K"]),
        ("top-1 with BERT-base", ["top-1", "with", "BERT-base"]),
        ("GPT-4o and LLaMA-2-7B", ["GPT-4o", "and", "LLaMA-2-7B"]),
        ("an 8-bit model", ["an", "8-bit", "model"]),
        ("lr 1e-3", ["lr", "1e-3"]),
        ("80.4% acc", ["80.4", "%", "acc"]),
        ("80.4\\% acc", ["80.4", "\\%", "acc"]),
        ("4.8x faster", ["4.8", "x", "faster"]),
        ("CNN-based detector", ["CNN", "-", "based", "detector"]),
        ("self-supervised", ["self", "-", "supervised"]),
        ("ViT-B/16 and Faster R-CNN", ["ViT-B/16", "and", "Faster", "R-CNN"]),
    ],
)
def test_tokenizer_keeps_names_whole(nlp, text, expected):
    assert [t.text for t in nlp(text)] == expected


def test_tokenizer_is_registered():
    import spacy

    factory = spacy.registry.tokenizers.get("papergraph.tokenizer.v1")
    nlp = spacy.blank("en")
    tok = factory()(nlp)
    assert [t.text for t in tok("BERT-base")] == ["BERT-base"]


@pytest.mark.parametrize(
    "raw, clean, piece, original_piece",
    [
        ("it uses 0.3\\% of units", "it uses 0.3% of units", "0.3%", "0.3\\%"),
        ("a $3.2\\times$ speedup", "a 3.2× speedup", "3.2×", "3.2\\times"),
        ("hard\nwrapped   line", "hard wrapped line", "wrapped", "wrapped"),
        ("we call it \\textbf{FooNet} here", "we call it FooNet here", "FooNet", "FooNet"),
        ("$gen$CNN: words", "genCNN: words", "genCNN", "gen$CNN"),
        ("nothing to do", "nothing to do", "to", "to"),
    ],
)
def test_normalize_maps_back_to_original(raw, clean, piece, original_piece):
    n = normalize(raw)
    assert n.text == clean
    i = clean.index(piece)
    a, b = n.to_original(i, i + len(piece))
    assert raw[a:b] == original_piece


@pytest.mark.parametrize(
    "text, n_sentences",
    [
        ("We train on ImageNet. It reaches 80.4% top-1.", 2),
        ("Prior work (Smith et al. 2020) fails, e.g. on COCO. We fix it.", 2),
        ("Version 2.5 of the model is used. Results in Fig. 3 agree!", 2),
        ("One sentence without a final stop", 1),
    ],
)
def test_sentence_splitting(text, n_sentences):
    spans = split_sentences(text)
    assert len(spans) == n_sentences
    assert text[spans[-1][0] : spans[-1][1]].strip() == text[spans[-1][0] : spans[-1][1]]
