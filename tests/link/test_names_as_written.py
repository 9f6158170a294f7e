"""Names as written: acronyms and mixed-case names are never singularised or trimmed.

Every name below occurs in the arXiv corpus (../shared/data/corpus). Only lower-case
(or capitalised) common nouns and an acronym's own plural ("LLMs") fold to the
singular; case, spacing and hyphen variants share a matching key.
"""

from __future__ import annotations

import pytest

from papergraph.graph import PaperGraph
from papergraph.link.normalize import display_form, surface_key
from papergraph.types import Extraction, Mention, Paper

# Shown exactly as written.
AS_WRITTEN = [
    # the names the seeds build used to trim
    "BigNAS", "BossNAS", "ShiftNAS", "GraphGPS", "ViT-ResNAS", "NAS", "DARTS",
    # mixed case ending in an upper-case S
    "BraTS", "MeViS", "SemanticKITTI", "LifeCLEF", "PlantCLEF", "MultiWOZ", "LaSOT", "PolSAR", "InSAR",
    "KITCHENS", "FLEURS", "PEGASUS", "ATLAS", "JARVIS",
    # mixed case ending in a lower-case s: a name, not a plural
    "nuScenes", "FaceForensics", "SkyReels", "ProCams", "TopoImages", "MegaBlocks", "ConvNets", "EfficientNets",
    # mixed case and acronyms with no s
    "LoRA", "QLoRA", "DoRA", "VeRA", "ReFT", "NeRF", "LLaVA", "LLaMA", "ChatGPT", "SigLIP", "InternVL", "MedSAM",
    "ModernBERT", "DistilBERT", "HuBERT", "ColBERT", "PubMedBERT", "SimCLR", "TensorRT", "InstructBLIP",
    "VideoMAE", "ConvLSTM", "LightGBM", "WebGPU", "GroundingDINO", "TabPFN", "BiomedCLIP", "WavLM", "SwinIR",
    "SwinUNETR", "NetVLAD", "PaddleOCR", "DeepSORT", "GLiNER", "OpenVLA", "StarGAN", "CycleGAN", "StyleGAN",
    "SimPO", "MixGRPO", "MMDiT", "InfoNCE", "ReLU", "ScanObjectNN",
    "HotpotQA", "TruthfulQA", "TriviaQA", "PubMedQA", "ScienceQA", "DocVQA", "ChartQA", "TextVQA", "SQuAD",
    "RefCOCO", "BioASQ", "MedMCQA", "YOLOv8", "GPT-4o", "Qwen2.5-VL", "ResNet-50", "ImageNet-1K", "Swin-T",
]  # fmt: skip

# An acronym's plural or a common noun's: folds to the singular.
PLURALS = [
    ("LLMs", "LLM"), ("ViTs", "ViT"), ("DiTs", "DiT"), ("CoTs", "CoT"), ("NeRFs", "NeRF"), ("LoRAs", "LoRA"),
    ("MoEs", "MoE"), ("LiDARs", "LiDAR"), ("VideoLLMs", "VideoLLM"), ("dLLMs", "dLLM"), ("mLLMs", "mLLM"),
    ("SpeechLMs", "SpeechLM"), ("sLMs", "sLM"), ("GNNs", "GNN"),
    ("graph neural networks", "graph neural network"), ("diffusion models", "diffusion model"),
    ("large language models", "large language model"), ("vision transformers", "vision transformer"),
    ("Vision-Transformers", "Vision-Transformer"), ("strategies", "strategy"),
]  # fmt: skip

# Spellings of one name: one key.
SAME = [
    ("ResNet-50", "ResNet50"), ("GPT-4o", "GPT4o"), ("LLaMA-2", "LLaMA 2"), ("ImageNet-1K", "ImageNet-1k"),
    ("BERT-base", "BERT base"), ("Qwen2.5-VL", "Qwen2.5 VL"), ("YOLOv8", "YOLO-v8"), ("BigNAS", "Big-NAS"),
]  # fmt: skip


def test_the_table_is_large_enough() -> None:
    assert len(set(AS_WRITTEN)) >= 50


@pytest.mark.parametrize("name", AS_WRITTEN)
def test_names_are_shown_as_written(name: str) -> None:
    assert display_form(name) == name


@pytest.mark.parametrize("name, singular", PLURALS)
def test_plurals_fold(name: str, singular: str) -> None:
    assert display_form(name) == singular
    assert surface_key(name) == surface_key(singular)


@pytest.mark.parametrize("a, b", SAME)
def test_spellings_share_a_key(a: str, b: str) -> None:
    assert surface_key(a) == surface_key(b)


@pytest.mark.parametrize("a, b", [("BigNAS", "BigNA"), ("BossNAS", "BossNA"), ("GraphGPS", "GraphGP"),
                                  ("MegaBlocks", "MegaBlock"), ("BraTS", "BraT")])  # fmt: skip
def test_a_name_is_not_its_trimmed_form(a: str, b: str) -> None:
    assert surface_key(a) != surface_key(b)


def test_entities_in_the_graph_keep_their_names() -> None:
    names = ["BigNAS", "BossNAS", "ShiftNAS", "GraphGPS", "ViT-ResNAS"]
    abstract = "We compare " + ", ".join(names) + " and LLMs."
    mentions = []
    for text in [*names, "LLMs"]:
        s = abstract.index(text)
        mentions.append(Mention(text, "Method", "abstract", s, s + len(text), text, sentence=abstract))
    paper = Paper("arxiv:0000.00001", "A comparison", abstract)
    kg = PaperGraph.from_records([paper], [Extraction(paper.id, paper.title, tuple(mentions), ())])
    assert {m.name for m in kg.methods()} == {*names, "LLM"}
    # looked up in any case, a name keeps its final S
    assert kg.entity("bignas").name == "BigNAS" and kg.entity("graphgps").name == "GraphGPS"
    assert kg.entity("llms").name == "LLM"
