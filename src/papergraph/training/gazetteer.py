"""Build the shipped gazetteer from the Papers with Code name lists.

    python -m papergraph.training.gazetteer /work/shared/data/gazetteer \
        [--corpus /work/shared/data/corpus/arxiv-abstracts.jsonl.gz] [-o DIR]

The raw lists are noisy: ordinary words ("Attention" as a dataset, "Replace"
as a metric), bare numbers, two-letter codes, and task names that are really
leaderboard rows ("Translation nob-eng"). This script keeps the entries a
reader would accept as names and writes one deterministic JSONL file,
``src/papergraph/data/gazetteer/entries.jsonl``, one entry per line::

    {"text": "ResNet-50", "label": "Method", "canonical": "ResNet-50", "case": "exact"}

``case`` is ``exact`` (match as written) or ``lower`` (lower-case phrases such
as task names, matched case-insensitively). ``context`` (optional) lists
words one of which must occur in the same sentence ("Adam" needs "optimizer").

When an abstracts corpus is given (by default ``../corpus/arxiv-abstracts.jsonl.gz``
beside the gazetteer directory), a single word that the corpus mostly uses
as an ordinary lower-case word is dropped: that is what makes "Attention"
or "Spiced" ambiguous, and the counts decide it reproducibly.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from papergraph._io import atomic_write_text, dumps_json
from papergraph.errors import InputError

LABEL_OF_FILE = {
    "methods.jsonl": "Method",
    "datasets.jsonl": "Dataset",
    "tasks.jsonl": "Task",
    "metrics.jsonl": "Metric",
}

# When one surface form is listed under two types, the first label here wins
# for names matched as written; lower-case phrases prefer Task and Metric.
EXACT_PRIORITY = ("Dataset", "Method", "Metric", "Task")
LOWER_PRIORITY = ("Task", "Metric", "Method", "Dataset")

# Well-known names that are also ordinary words: kept, some only in context.
KEEP = {
    "Transformer": ("Method", None),
    "Transformers": ("Method", None),
    "Adam": ("Method", ("optimizer", "optimiser", "optimization", "learning rate", "SGD", "momentum", "AdamW")),
    "Mamba": ("Method", None),
    "Dropout": ("Method", ("regulariz", "regularis", "overfit")),
    "LLaMA": ("Method", None),
    "Llama": ("Method", None),
    "Gemini": ("Method", ("model", "LLM", "GPT", "Claude", "multimodal", "language")),
    "Claude": ("Method", ("model", "LLM", "GPT", "Gemini", "language")),
    "Qwen": ("Method", None),
    "Mistral": ("Method", ("model", "LLM", "GPT", "Llama", "LLaMA", "language")),
}

# Entries that are wrong whatever the counts say.
DROP = {
    "attention", "model", "models", "data", "dataset", "benchmark", "method", "network", "all",
    "dev", "test", "train", "average", "overall", "score", "mean", "total", "time", "speed",
    "images", "image", "text", "video", "audio", "speech", "language", "vision", "graph",
    "result", "results", "task", "tasks", "aspect", "replace", "dimension", "question split",
    "in-domain", "out-of-domain", "cnn", "rnn", "pos", "sts", "avg", "1-1",
    "general", "hard", "easy", "medium", "small", "large", "base", "full", "real", "synthetic",
    "human", "humans", "agent", "agents", "robot", "robots", "reasoning", "learning",
}

# Hardware, companies and file formats listed as datasets in the raw lists.
DROP_EXACT = {"CPU", "GPU", "TPU", "NPU", "FPGA", "AMD", "Intel", "NVIDIA", "Google", "CUDA", "CFD", "PDF", "HTML", "CAD"}

# Names the raw lists file under the wrong type (a benchmark listed as a task,
# an optimizer as a dataset): the label a reader of an abstract would give.
RELABEL = {
    "MMLU": "Dataset", "LAMBADA": "Dataset", "XLM-R": "Method", "3DGS": "Method", "SSL": "Method",
    "PSNR": "Metric", "SGD": "Method", "SSD": "Method", "CTC": "Method", "VQA": "Task", "HAR": "Task",
    "SOD": "Task", "MMD": "Method", "DSC": "Metric",
}

# Names every ML reader knows that the raw lists miss or file under another
# type: (text, label, case). Lower-case phrases match any capitalisation.
CURATED: tuple[tuple[str, str, str], ...] = (
    *((t, "Method", "exact") for t in ("Transformer", "Transformers", "MLP", "MLPs", "LSTM", "LSTMs", "GRU",
                                       "BERT", "ResNet", "ViT", "ViTs", "CLIP", "GPT-4", "GPT-4o", "PyTorch")),
    *((t, "Method", "lower") for t in (
        "transformer", "transformers", "backpropagation", "dropout", "self-attention", "knowledge distillation",
        "gradient descent", "stochastic gradient descent", "reinforcement learning", "supervised fine-tuning",
        "chain-of-thought", "mixture-of-experts", "mixture of experts", "mixtures of experts",
        "large language model", "large language models", "language model", "language models",
        "vision-language model", "vision-language models", "diffusion model", "diffusion models",
        "multimodal large language model", "multimodal large language models",
        "convolutional neural network", "convolutional neural networks", "recurrent neural network",
        "recurrent neural networks", "graph neural network", "graph neural networks", "multi-layer perceptron",
        "multilayer perceptron", "batch normalization", "layer normalization", "positional encoding",
        "residual connections", "skip connections", "contrastive learning", "self-supervised learning",
        "linear probing", "message passing", "beam search", "monte carlo tree search", "neural architecture search",
        "evolutionary search", "weight sharing", "retrieval-augmented generation", "vision transformer",
        "vision transformers", "long short-term memory", "low-rank adaptation",
    )),
    *((t, "Task", "lower") for t in (
        "computer vision", "natural language processing", "continual learning", "lifelong learning",
        "representation learning", "visual representation learning", "multimodal learning", "language modeling",
        "language modelling", "speech processing", "robotics", "autonomous driving", "anomaly detection",
    )),
    *((t, "Task", "exact") for t in ("NLP", "QA", "VQA", "ASR", "NMT")),
    *((t, "Dataset", "exact") for t in ("MMLU", "GSM8K", "HumanEval", "MATH-500", "AIME", "SWE-bench", "LAION-5B",
                                        "LAION-400M", "Cityscapes", "enwik8", "WikiText-103")),
)

# A task name must end in one of these heads ("... classification").
TASK_HEADS = re.compile(
    r"(?:classification|detection|segmentation|generation|recognition|translation|answering|"
    r"estimation|retrieval|tracking|prediction|forecasting|synthesis|summarization|summarisation|"
    r"parsing|captioning|labeling|labelling|tagging|completion|inpainting|restoration|denoising|"
    r"deblurring|super-resolution|reconstruction|localization|localisation|matching|alignment|"
    r"extraction|linking|resolution|understanding|inference|reasoning|editing|transfer|"
    r"registration|compression|enhancement|separation|verification|identification|"
    r"recommendation|search|planning|navigation|manipulation|grounding|modeling|modelling|"
    r"embedding|clustering|simplification|paraphrasing|correction|disambiguation|"
    r"diarization|transcription|recognition|retrieval|analysis|editing|control|design|"
    r"discovery|answer selection|entailment|spotting|counting|anticipation|imputation)$",
    re.IGNORECASE,
)

# A metric name must be an acronym or end in one of these heads.
METRIC_HEADS = re.compile(
    r"(?:accuracy|precision|recall|f1|f-score|f1-score|f-measure|error|error rate|rate|score|"
    r"auc|roc|iou|map|bleu|rouge|rouge-l|meteor|cider|spice|perplexity|distance|similarity|"
    r"correlation|loss|latency|throughput|psnr|ssim|lpips|fid|kid|mae|mse|rmse|ndcg|mrr|"
    r"hit rate|hits@\d+|recall@\d+|r@\d+|success rate|pass@\d+|exact match|win rate)$",
    re.IGNORECASE,
)

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'\-]*")
_PAREN_ALIAS = re.compile(r"^(?P<short>[^()]+?)\s*\((?P<long>[^()]+)\)$")


def _rows(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg}); fix or remove the line", file=str(path), line=i) from None


def corpus_counts(path: Path, *, limit: int | None = None) -> Counter[str]:
    """Token counts (case kept) over titles and abstracts of a JSONL(.gz) corpus."""
    counts: Counter[str] = Counter()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            rec = json.loads(line)
            counts.update(_WORD.findall(f"{rec.get('title', '')} {rec.get('abstract', '')}"))
    return counts


def _is_acronymish(name: str) -> bool:
    """Has an inner capital or a digit: "ResNet", "CIFAR-10", "mAP", "GPT-4"."""
    return any(c.isdigit() for c in name) or any(c.isupper() for c in name[1:])


def _ordinary_word(word: str, counts: Counter[str]) -> bool:
    """The corpus uses ``word`` as a plain lower-case word more than as a name."""
    low = word.lower()
    lower_uses = counts.get(low, 0)
    if lower_uses < 3:
        return False
    name_uses = counts.get(word, 0) if word != low else 0
    return lower_uses >= name_uses


def _clean_text(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _surfaces(row: dict, label: str) -> Iterator[str]:
    names = [row.get("name"), row.get("full_name"), *(row.get("aliases") or ())]
    for raw in names:
        if not raw:
            continue
        text = _clean_text(str(raw))
        m = _PAREN_ALIAS.match(text)
        if m:
            short, long = _clean_text(m.group("short")), _clean_text(m.group("long"))
            yield short
            # "CMRC 2018 (Chinese Machine ...)" expands a name; "mIoU (19 classes)" qualifies one.
            if label in ("Dataset", "Method") and len(long.split()) >= 2 and not re.search(r"\d", long):
                yield long
        else:
            yield text


def _acceptable(text: str, label: str, counts: Counter[str]) -> tuple[bool, str]:
    """Return (keep, case) for one surface form of one label."""
    words = text.split()
    low = text.lower()
    if low in DROP or len(text) < 2 or len(words) > 6:
        return False, ""
    if not re.search(r"[A-Za-z]{2}", text) or re.search(r"[\[\]{}<>|=;]", text):
        return False, ""
    if text in KEEP:
        return True, "exact"
    if len(words) == 1 and label == "Metric":
        # Single-token metrics: a known acronym or a metric head ("ResNet-50" is listed as one).
        from papergraph.extract.vocab import METRIC_ACRONYMS

        if not (re.fullmatch(METRIC_ACRONYMS, text) or METRIC_HEADS.search(text)):
            return False, ""
        if re.fullmatch(METRIC_ACRONYMS, text):
            return True, "exact"  # a known metric acronym ("BLEU") needs no corpus evidence
    if len(words) == 1:
        if len(text) < 3 and not (label == "Metric" and text in {"F1", "EM", "AP", "R@1"}):
            return False, ""
        if label == "Task" and not text.isupper():
            return False, ""  # single task words ("Summarization") come from the patterns
        if _is_acronymish(text):
            # Short all-caps codes that are also words ("USE", "RAM", "BAR").
            if text.isupper() and _ordinary_word(text.capitalize(), counts):
                return False, ""
            if text.isupper() and text.isalpha() and len(text) <= 4:
                # Short codes collide with acronyms an abstract defines for itself
                # ("HIV", "PCD"); keep only those the corpus often uses as names.
                return counts.get(text, 0) >= 50, "exact"
            return True, "exact"
        if _ordinary_word(text, counts) or text.islower():
            return False, ""
        return True, "exact"
    # Multi-word names.
    if label == "Task":
        if re.search(r"\d|\(|\)| - |:|,", text) or not TASK_HEADS.search(text):
            return False, ""
        return True, "lower"
    if label == "Metric":
        if not (METRIC_HEADS.search(text) or _is_acronymish(words[0])):
            return False, ""
        if re.search(r"\(|\)|:", text):
            return False, ""
        return True, ("lower" if text.islower() or text.istitle() else "exact")
    # Methods and datasets: names as written; all-lower-case phrases are descriptions.
    if text.islower():
        return False, ""
    if all(not _is_acronymish(w) and _ordinary_word(w.capitalize(), counts) for w in words) and label == "Dataset":
        # "Scene Text Recognition Benchmarks": a description, not a name.
        return False, ""
    return True, "exact"


def build_entries(gazetteer_dir: Path, counts: Counter[str]) -> list[dict]:
    by_key: dict[tuple[str, str], dict[str, dict]] = {}
    for fname, label in LABEL_OF_FILE.items():
        path = gazetteer_dir / fname
        if not path.exists():
            raise InputError(f"missing {fname}; pass the directory holding methods/datasets/tasks/metrics.jsonl", file=str(path))
        for row in _rows(path):
            canonical = _clean_text(str(row.get("name") or ""))
            m = _PAREN_ALIAS.match(canonical)
            if m:
                canonical = _clean_text(m.group("short"))
            for text in _surfaces(row, label):
                keep, case = _acceptable(text, label, counts)
                if not keep:
                    continue
                key = (text if case == "exact" else text.lower(), case)
                slot = by_key.setdefault(key, {})
                slot.setdefault(label, {"canonical": canonical})
    for text in DROP_EXACT:
        by_key.pop((text, "exact"), None)
    for text, label, case in CURATED:
        key = (text, case)
        canonical = next((v["canonical"] for v in by_key.get(key, {}).values()), text)
        by_key[key] = {label: {"canonical": canonical}}
    entries: list[dict] = []
    for (text, case), labels in by_key.items():
        priority = EXACT_PRIORITY if case == "exact" else LOWER_PRIORITY
        label = next(lab for lab in priority if lab in labels)
        if case == "exact" and text in RELABEL:
            label = RELABEL[text]
            labels.setdefault(label, {"canonical": text})
        entry = {"text": text, "label": label, "canonical": labels[label]["canonical"], "case": case}
        if text in KEEP:
            entry["label"], ctx = KEEP[text]
            if ctx:
                entry["context"] = list(ctx)
        entries.append(entry)
    entries.sort(key=lambda e: (e["label"], e["text"].lower(), e["text"], e["case"]))
    return entries


def write_entries(entries: Iterable[dict], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "entries.jsonl"
    atomic_write_text(path, "".join(dumps_json(e) + "\n" for e in entries))
    path.chmod(0o644)  # package data must be readable by every user
    return path


def default_output_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "gazetteer"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m papergraph.training.gazetteer", description=__doc__.split("\n\n")[0])
    ap.add_argument("gazetteer_dir", type=Path)
    ap.add_argument("--corpus", type=Path, default=None, help="JSONL(.gz) of abstracts used to spot ordinary words")
    ap.add_argument("-o", "--out", type=Path, default=default_output_dir())
    args = ap.parse_args(argv)
    corpus = args.corpus or args.gazetteer_dir.parent / "corpus" / "arxiv-abstracts.jsonl.gz"
    counts = corpus_counts(corpus) if corpus.exists() else Counter()
    entries = build_entries(args.gazetteer_dir, counts)
    path = write_entries(entries, args.out)
    by_label = Counter(e["label"] for e in entries)
    print(f"wrote {len(entries)} entries to {path}: {dict(sorted(by_label.items()))}")  # a script, not library code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
