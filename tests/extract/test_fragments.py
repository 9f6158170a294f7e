"""Pieces of sentences are not entities; a word that only leads into a phrase is trimmed."""

from __future__ import annotations

import pytest

from papergraph.extract.fragments import fragment
from papergraph.extract.merge import Candidate


def _span(text: str, piece: str, source: str = "ner_model") -> Candidate:
    s = text.index(piece)
    return Candidate(s, s + len(piece), "Method", 0.9, source)


@pytest.mark.parametrize(
    "text, piece",
    [
        ("This tutorial surveys neural network design.", "tutorial surveys neural network"),
        ("Here evolution adapts algorithm choices.", "evolution adapts algorithm"),
        ("It lets us categorize network types.", "lets us categorize network"),
        ("Residual blocks---or similarly restrictive search spaces.", "blocks---or similarly restrictive search"),
        ("It scales with nodes and edges O(N+E).", "nodes and edges O"),
        ("Retraining would incur computationally expensive re-training cost.", "incur computationally expensive re-training"),
        ("The method rapidly speed up training.", "rapidly speed up training"),
        ("A layer but helps gradient descent.", "but helps gradient descent"),
        ("We study optimization between vision tokenization steps.", "optimization between vision tokenization"),
        ("Part II of the study.", "II"),
        ("We set depth-2 blocks.", "depth-2"),
    ],
)  # fmt: skip
def test_pieces_of_sentences_are_dropped(text: str, piece: str) -> None:
    assert fragment(text, _span(text, piece)) is None


@pytest.mark.parametrize(
    "text, piece, kept",
    [
        ("Unlike cloud-based deep learning, ours runs on device.", "Unlike cloud-based deep learning",
         "cloud-based deep learning"),
        ("It behaves like data regression.", "like data regression", "data regression"),
        ("They need 10 times labeling costs.", "times labeling", "labeling"),
    ],
)  # fmt: skip
def test_a_leading_word_is_trimmed(text: str, piece: str, kept: str) -> None:
    c = fragment(text, _span(text, piece))
    assert c is not None and text[c.start : c.end] == kept


@pytest.mark.parametrize(
    "text, piece",
    [("We train a masked autoencoder.", "masked autoencoder"), ("Fourier transforms help.", "Fourier transforms"),
     ("A mixture of experts layer.", "mixture of experts"), ("The GPT-4 model.", "GPT-4"),
     ("We use chain-of-thought prompting.", "chain-of-thought prompting")],
)  # fmt: skip
def test_names_are_kept(text: str, piece: str) -> None:
    c = _span(text, piece)
    assert fragment(text, c) == c


def test_dictionary_names_are_left_alone() -> None:
    text = "Results on Unlike Bench."
    c = _span(text, "Unlike Bench", source="gazetteer")
    assert fragment(text, c) is c


def test_an_adverb_of_a_compound_adjective_stays() -> None:
    text = "Deep stacks of fully connected networks are hard to train."
    c = _span(text, "fully connected networks")
    assert fragment(text, c) == c


def test_a_name_followed_by_free_is_absent() -> None:
    text = "We present a novel backpropagation-free optimization algorithm."
    assert fragment(text, _span(text, "backpropagation")) is None


@pytest.mark.parametrize("piece", ["GPUs", "CUDA", "TPU", "A100", "NVIDIA H100"])
def test_hardware_is_no_entity(piece: str) -> None:
    from papergraph.extract.fragments import retype

    text = f"Training runs on {piece} for a day."
    assert retype(text, _span(text, piece)) is None


@pytest.mark.parametrize("piece", ["NoC@95", "MFLOPs", "FLOPs", "BLEU"])
def test_a_metric_name_is_a_metric(piece: str) -> None:
    from papergraph.extract.fragments import retype

    text = f"It lowers {piece} a lot."
    c = retype(text, _span(text, piece))
    assert c is not None and c.label == "Metric"


def test_a_word_glued_to_a_number_is_dropped() -> None:
    text = "It scales to1.5B parameters."
    assert fragment(text, _span(text, "to1.5B")) is None


@pytest.mark.parametrize(
    "text, piece, kept",
    [("A gap between sub-network choices.", "between sub-network", "sub-network")],
)
def test_a_leading_preposition_is_trimmed(text: str, piece: str, kept: str) -> None:
    c = fragment(text, _span(text, piece))
    assert c is not None and text[c.start : c.end] == kept


def test_a_span_starting_inside_a_compound_is_dropped() -> None:
    text = "It enables large-scale video-text training on clusters."
    assert fragment(text, _span(text, "scale video-text training")) is None


def test_a_verb_opening_a_span_drops_it() -> None:
    text = "The recipe involves quantization-aware finetuning of weights."
    assert fragment(text, _span(text, "involves quantization-aware finetuning")) is None


@pytest.mark.parametrize(
    "text, piece",
    [("It extends to web-scale datasets (ImageNet, JFT) across modalities.", "JFT"),
     ("A ViT pre-trained on JFT-300M reaches 88.5%.", "JFT-300M"),
     ("We test it on several well-known datasets, including M3, M4 and TOURISM.", "TOURISM"),
     ("Benchmarks such as LSUN are used.", "LSUN")],
)  # fmt: skip
def test_what_a_model_is_trained_or_evaluated_on_is_data(text: str, piece: str) -> None:
    from papergraph.extract.fragments import retype

    c = retype(text, _span(text, piece))
    assert c is not None and c.label == "Dataset"


def test_a_model_pre_trained_on_is_still_a_method() -> None:
    from papergraph.extract.fragments import retype

    text = "We fine-tune on BERT models of several sizes."
    c = retype(text, _span(text, "BERT"))
    assert c is not None and c.label == "Method"


@pytest.mark.parametrize(
    "text, piece",
    [
        ("Neurons are ReLU-activated here.", "ReLU-activated"),
        ("A low-FLOP regime.", "low-FLOP"),
        ("It generalizes standard molecular feature extraction.", "generalizes standard molecular feature extraction"),
        ("The layers are attention-based throughout.", "attention-based"),
        ("Code is at MindSpore/models now.", "MindSpore/models"),
        ("It cuts CO_2 emissions.", "CO_2"),
        ("See reductionlibing_generalSDR for code.", "reductionlibing_generalSDR"),
    ],
)  # fmt: skip
def test_a_modifier_or_a_clause_is_no_name(text: str, piece: str) -> None:
    assert fragment(text, _span(text, piece)) is None


@pytest.mark.parametrize(
    "text, piece, kept",
    [
        ("Scaling Supervised Local Learning with Augmented Auxiliary Networks", "Scaling Supervised Local Learning",
         "Supervised Local Learning"),
        ("Countless learning methods exist.", "Countless learning", "learning"),
        ("Unlike mainstream self-supervised Transformer models.", "mainstream self-supervised Transformer",
         "self-supervised Transformer"),
        ("The recently introduced Kolmogorov-Arnold Network is small.", "introduced Kolmogorov-Arnold Network",
         "Kolmogorov-Arnold Network"),
    ],
)  # fmt: skip
def test_a_title_verb_or_an_evaluative_word_is_trimmed(text: str, piece: str, kept: str) -> None:
    c = fragment(text, _span(text, piece))
    assert c is not None and text[c.start : c.end] == kept


@pytest.mark.parametrize("piece", ["fp32", "int8", "BF16", "meV/K/atom", "mJ/inference", "TPU-hour", "GPU hours",
                                   "non-NVIDIA", "PDE", "MRI", "NeurIPS"])
def test_number_formats_units_and_non_names_are_no_method(piece: str) -> None:
    from papergraph.extract.fragments import retype

    text = f"It is measured in {piece} for now."
    assert retype(text, _span(text, piece)) is None


@pytest.mark.parametrize("piece", ["NAS-Bench-201", "ONNX-Bench", "NAS-bench", "IIIT-5K"])
def test_a_benchmark_name_is_a_dataset(piece: str) -> None:
    from papergraph.extract.fragments import retype

    text = f"Results on {piece} are strong."
    c = retype(text, _span(text, piece))
    assert c is not None and c.label == "Dataset"


@pytest.mark.parametrize("piece", ["MoE", "CNN", "LLaMA-7B", "Transformer-XL"])
def test_method_names_that_look_like_the_above_stay(piece: str) -> None:
    from papergraph.extract.fragments import retype

    text = f"We train {piece} on it."
    c = retype(text, _span(text, piece))
    assert c is not None and c.label == "Method"


@pytest.mark.parametrize(
    "text, piece",
    [
        ("We also describe how attention has been used to explain models.", "how attention has been"),
        ("We ask whether neural networks memorise.", "whether neural networks"),
        ("It is trained to approx50 epochs.", "approx50"),
    ],
)  # fmt: skip
def test_a_question_word_or_a_glued_number_is_no_name(text: str, piece: str) -> None:
    assert fragment(text, _span(text, piece, "proposed")) is None


@pytest.mark.parametrize(
    "text, piece, kept",
    [
        ("Building on it, we present our predictor FLAN: Flow Attention for NAS.", "predictor FLAN", "FLAN"),
        ("We release the framework GraphGPS today.", "framework GraphGPS", "GraphGPS"),
        ("It needs a single training run.", "single training", "training"),
    ],
)  # fmt: skip
def test_a_role_noun_or_a_quantifier_before_a_name_is_trimmed(text: str, piece: str, kept: str) -> None:
    c = fragment(text, _span(text, piece, "proposed"))
    assert c is not None and text[c.start : c.end] == kept


@pytest.mark.parametrize("text, piece", [("Model Soups average weights.", "Model Soups"),
                                         ("The Single Shot Detector is fast.", "Single Shot Detector")])
def test_a_capitalised_name_keeps_its_first_word(text: str, piece: str) -> None:
    c = _span(text, piece)
    assert fragment(text, c) == c


@pytest.mark.parametrize(
    "text, piece",
    [
        ("It costs O(LL) time.", "LL"),
        ("Attention scales as O(LlogL) here.", "LlogL"),
        ("The model is optimised for an XCZU7EV device.", "XCZU7EV"),
        ("SpikingBrain uses the MetaX GPU cluster.", "MetaX"),
    ],
)  # fmt: skip
def test_complexity_variables_and_hardware_are_no_method(text: str, piece: str) -> None:
    from papergraph.extract.fragments import retype

    assert retype(text, _span(text, piece, "patterns")) is None


def _weak(text: str, piece: str, label: str = "Method", source: str = "patterns", conf: float = 0.55) -> Candidate:
    s = text.index(piece)
    return Candidate(s, s + len(piece), label, conf, source)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text, strong, weak",
    [
        ("It uses public data: ImageNet-21K and ReLAION-2B.", "ImageNet-21K", "ReLAION-2B"),
        ("Spaces such as NASBench-101 (NB101), NB201, NB301 and more.", "NB101", "NB201"),
    ],
)  # fmt: skip
def test_a_weak_method_listed_with_a_dataset_is_a_dataset(text: str, strong: str, weak: str) -> None:
    from papergraph.extract.fragments import drop_fragments

    out = drop_fragments(text, [_weak(text, strong, "Dataset", "gazetteer", 0.95), _weak(text, weak)])
    assert [c.label for c in out] == ["Dataset", "Dataset"]


@pytest.mark.parametrize(
    "text, dataset, method",
    [
        ("On EnWik8, TCNCA outperforms MEGA.", "EnWik8", "TCNCA"),
        ("Pruning ResNet56 on CIFAR10, VGG19 on CIFAR100.", "CIFAR10", "VGG19"),
        ("Datasets (CIFAR10, ImageNet) and search algorithms (DARTS).", "ImageNet", "search algorithms"),
    ],
)  # fmt: skip
def test_a_method_beside_a_dataset_outside_a_list_stays_a_method(text: str, dataset: str, method: str) -> None:
    from papergraph.extract.fragments import drop_fragments

    out = drop_fragments(text, sorted([_weak(text, dataset, "Dataset", "gazetteer", 0.95), _weak(text, method)],
                                      key=lambda c: c.start))
    assert {text[c.start : c.end]: c.label for c in out}[method] == "Method"


@pytest.mark.parametrize(
    "text, piece",
    [
        ("Our approach uses a subset of ReLAION-2B.", "ReLAION-2B"),
        ("We introduce another dataset refined from MIMLRE.", "MIMLRE"),
        ("It generates well on large-scale datasets, e.g., LSUN bedroom.", "LSUN"),
    ],
)  # fmt: skip
def test_more_data_cues(text: str, piece: str) -> None:
    from papergraph.extract.fragments import retype

    c = retype(text, _span(text, piece, "patterns"))
    assert c is not None and c.label == "Dataset"


def test_models_derived_from_a_model_stay_methods() -> None:
    from papergraph.extract.fragments import retype

    text = "A series of smaller models derived from the EfficientNet-B0 with the FLOPs constraint."
    c = retype(text, _span(text, "EfficientNet-B0", "patterns"))
    assert c is not None and c.label == "Method"


def test_a_guessed_name_qualifying_the_next_name_is_part_of_it() -> None:
    from papergraph.extract.fragments import drop_fragments

    text = "We introduce NAICS-aware GraphSAGE, a novel graph neural network."
    out = drop_fragments(text, [_weak(text, "NAICS"), _weak(text, "GraphSAGE", conf=0.9)])
    assert [(text[c.start : c.end], c.label) for c in out] == [("NAICS-aware GraphSAGE", "Method")]


@pytest.mark.parametrize(
    "text, piece, kept",
    [
        ("We build a CNN-based detector.", "CNN", True),
        ("An MCTS-guided planner.", "MCTS", True),
        ("We present a GPU-accelerated implementation.", "GPU-accelerated", False),
        ("We extend the Spike-driven Transformer in yao2023spike into a meta architecture.", "yao2023spike", False),
    ],
)  # fmt: skip
def test_modifiers_and_citation_keys(text: str, piece: str, kept: bool) -> None:
    assert (fragment(text, _span(text, piece, "patterns")) is not None) is kept


def test_what_runs_on_named_hardware_is_no_method() -> None:
    from papergraph.extract.fragments import retype

    text = "It runs on noisy intermediate-scale quantum (NISQ) hardware and simulators."
    for piece in ("noisy intermediate-scale quantum", "NISQ"):
        assert retype(text, _span(text, piece, "abbreviations")) is None


@pytest.mark.parametrize(
    "text, piece",
    [
        ("It results in better performance as NAS search spaces usually include dozens of edges.", "NAS search"),
        ("The non-convexity of the ANN training landscape exacerbates.", "ANN training"),
    ],
)  # fmt: skip
def test_a_guessed_span_ending_inside_a_longer_phrase_is_dropped(text: str, piece: str) -> None:
    assert fragment(text, _weak(text, piece, conf=0.5)) is None


def test_a_name_before_a_product_number_and_gpus_is_hardware() -> None:
    from papergraph.extract.fragments import retype

    text = "Training runs on hundreds of MetaX C550 GPUs for weeks."
    assert retype(text, _span(text, "MetaX", "patterns")) is None


@pytest.mark.parametrize(
    "piece, parts",
    [("ResNet/DeiT", ["ResNet", "DeiT"]), ("ViT/MLP-Mixer", ["ViT", "MLP-Mixer"]), ("MATLAB/Octave", ["MATLAB", "Octave"]),
     ("DeiT-Ti/S/B", ["DeiT-Ti/S/B"]), ("ViT-H/14", ["ViT-H/14"]), ("CIFAR10/100", ["CIFAR10/100"]),
     ("encoder/decoder", ["encoder/decoder"])],
)  # fmt: skip
def test_two_names_written_as_a_pair_are_two_mentions(piece: str, parts: list[str]) -> None:
    from papergraph.extract.fragments import drop_fragments

    text = f"Model families (e.g., {piece}) are common."
    out = drop_fragments(text, [_weak(text, piece, conf=0.8)])
    assert [text[c.start : c.end] for c in out] == parts
