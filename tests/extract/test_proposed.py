"""Which entities a paper proposes, on sentences written for these tests."""

from __future__ import annotations

import pytest

from papergraph.extract import load_extractor
from papergraph.types import Extraction, Paper


@pytest.fixture(scope="module")
def extractor():
    return load_extractor(use_model=False)


def _extract(extractor, abstract: str, title: str = "") -> Extraction:
    return extractor.extract_one(Paper(id="t", title=title, abstract=abstract))


def _proposed(ex: Extraction) -> set[str]:
    return {m.text for m in ex.entities if m.proposed}


@pytest.mark.parametrize(
    "title, abstract, expected",
    [
        # unnamed techniques: the noun phrase without article, praise words and generic head
        ("", "In this paper, we propose a novel token recycling strategy that reuses cached keys.", {"token recycling"}),
        ("", "We introduce cross-scale feature mixing to fuse pyramid levels.", {"cross-scale feature mixing"}),
        ("", "Second, we introduce a lightweight, depth-aware routing gate based on entropy.", {"depth-aware routing gate"}),
        ("", "We further propose spectral pruning and gradient rescaling layers that cut compute.",
         {"spectral pruning", "gradient rescaling"}),
        ("", "We propose two regularizers: margin smoothing and feature dropping.", {"margin smoothing", "feature dropping"}),
        # names with an abbreviation: both forms, one canonical
        ("", "We propose Hierarchical Token Merging (HTM), which merges tokens. HTM is fast.",
         {"Hierarchical Token Merging", "HTM"}),
        # naming cues
        ("", "We design a sampler, dubbed QuickStep, for diffusion models.", {"QuickStep"}),
        ("", "We train with a local rule, referred to as \"layer-wise echo training\".", {"layer-wise echo training"}),
        ("", "Our method, PolyMix, mixes images in the frequency domain.", {"PolyMix"}),
        ("", "We also release our curated dataset WebTabs-7M for table parsing.", {"WebTabs-7M"}),
        ("", "GraphWeaver, a novel message passing scheme, scales to large graphs.", {"GraphWeaver"}),
        ("", "We extend LoRA and propose a rank-adaptive adapter (RAA) for vision.", {"rank-adaptive adapter", "RAA"}),
        # "X with Y" where X already exists: the contribution is Y
        ("", "Neural architecture search (NAS) is costly. We propose weight-sharing NAS with progressive channel sampling.",
         {"progressive channel sampling"}),
        # title heads
        ("QuillNet: Writing with Transformers", "We study handwriting.", {"QuillNet"}),
        # a title that opens with a sentence names nothing
        ("It's All Connected: A Journey Through Memorization", "We study memory in sequence models.", set()),
        ("Why Do Nets Work: A Study", "We study deep nets.", set()),
    ],
)
def test_proposed(extractor, title, abstract, expected):
    ex = _extract(extractor, abstract, title)
    assert expected <= _proposed(ex), sorted(_proposed(ex))


@pytest.mark.parametrize(
    "title, abstract, wrong",
    [
        # a plain-word title head before a sentence, or a field's name, is no method
        ("Nonlinear Advantage: Trained Networks Might Not Be As Complex as You Think", "We study nets.",
         "Nonlinear Advantage"),
        ("Categorical semiotics: Foundations for Knowledge Integration", "We study knowledge.",
         "Categorical semiotics"),
        # a clause after "describe" and a coordinated description
        ("", "We also describe how attention has been used to improve interpretability.", "how attention has been"),
        ("", "We propose an extensible and modular language that represents search spaces.", "modular language"),
    ],
)  # fmt: skip
def test_descriptions_and_clauses_are_not_proposed(extractor, title, abstract, wrong):
    ex = _extract(extractor, abstract, title)
    assert not any(wrong in p for p in _proposed(ex)), sorted(_proposed(ex))


def test_a_role_noun_before_the_coined_name_is_left_out(extractor):
    ex = _extract(extractor, "Building on our study, we present our predictor FLAN: Flow Attention for NAS.")
    assert "FLAN" in _proposed(ex) and "predictor FLAN" not in _proposed(ex)


@pytest.mark.parametrize(
    "abstract",
    [
        "We propose a simple framework for parsing receipts.",
        "We present an analysis of the Transformer and its attention heads.",
        "We introduce a novel hybrid model that combines two networks.",
        "We propose methods to improve the training of GANs.",
        "Finally, we propose potential research directions in this field.",
        "We develop efficient rejection protocols to filter out candidates.",
        "We propose a joint learning of the codebook and the weights.",
        "We develop a Monte Carlo Tree Search (MCTS) protocol to pick layers.",
        "We propose a deep neural network architecture for audio.",
        "We present a case for utilising quantised networks in cars.",
        "We present an Interest Dynamics modeling framework using Neural Processes, coined IDNP.",
    ],
)
def test_descriptions_are_not_proposed_names(extractor, abstract):
    ex = _extract(extractor, abstract)
    got = _proposed(ex)
    assert got <= {"IDNP"}, sorted(got)


def test_abbreviation_and_long_form_share_the_canonical(extractor):
    ex = _extract(extractor, "We propose Blockwise Learning Rate (LR), a schedule. Blockwise LR speeds up training.")
    marked = [m for m in ex.entities if m.proposed]
    assert {m.text for m in marked} >= {"Blockwise Learning Rate", "Blockwise LR"}
    assert len({m.canonical for m in marked}) == 1


def test_every_occurrence_of_a_new_technique_is_a_mention(extractor):
    ex = _extract(extractor, "We propose residual token dropping to save compute. With residual token dropping, "
                             "training is 2x faster.")
    spans = [m for m in ex.entities if m.text == "residual token dropping"]
    assert len(spans) == 2 and all(m.proposed and m.label == "Method" for m in spans)


def test_enumerated_contributions(extractor):
    ex = _extract(extractor, "We propose three fixes: (F1) Soft gating. We gate softly. (F2) Warm restarts. "
                             "We restart. (F3) Channel shuffling. We shuffle.")
    assert {"Soft gating", "Warm restarts", "Channel shuffling"} <= _proposed(ex)


def test_cue_in_first_sentence_weighs_more(extractor):
    text = ("We propose a token recycling strategy for decoding. Later, we propose an entropy gate for routing. "
            "Both are tested on speech.")
    ex = _extract(extractor, text)
    conf = {m.text: m.confidence for m in ex.entities if m.proposed}
    assert conf["token recycling"] > conf["entropy gate"]
