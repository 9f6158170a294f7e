"""Reading the annotated corpora: SciERC, TDMSci and SciREX gold, and silver labels.

Training (:mod:`papergraph.training.ner`) and evaluation
(:mod:`papergraph.evaluate.entities`) read the same texts through
``read_gold``: character spans mapped to papergraph's four types, with the
conventions of each corpus reconciled here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from papergraph.errors import InputError
from papergraph.types import LABELS, Label

Split = Literal["train", "dev"]

# SciERC's "Material" covers corpora and data sets.
_LABEL_MAP: dict[str, Label] = {
    "Method": "Method",
    "Dataset": "Dataset",
    "Material": "Dataset",
    "Task": "Task",
    "Metric": "Metric",
}

# SciERC's other two types have no papergraph counterpart. Dropping them would
# teach the model that "hidden Markov model"-like terms are plain text; with
# ``aux_labels`` they are trained as labels of their own instead, and the
# component drops them at prediction time (papergraph.extract.ner).
AUX_LABEL_MAP: dict[str, str] = {"OtherScientificTerm": "OST", "Generic": "Generic"}
# Off in the shipped config: measured on dev without a gain (docs/model.md).
AUX_LABELS = False

# Types each corpus annotates (others are scored on none of its texts).
CORPUS_LABELS: dict[str, tuple[Label, ...]] = {"tdmsci": ("Dataset", "Task", "Metric")}

# Corpora whose "long form (ABBR)" spans are joined (see _join_abbreviations).
JOIN_ABBREVIATIONS: frozenset[str] = frozenset({"scirex"})

TDMSCI_DEV_FRACTION = 0.2
_TDMSCI = "tdmsci_train.jsonl"
_FILES: dict[Split, tuple[str, ...]] = {
    "train": ("scierc_train.jsonl", _TDMSCI, "scirex_train_abstracts.jsonl"),
    "dev": ("scierc_dev.jsonl", _TDMSCI, "scirex_dev_abstracts.jsonl"),
}


@dataclass(frozen=True, slots=True)
class GoldText:
    """One annotated text: char-offset spans already mapped to papergraph labels."""

    corpus: str  # "scierc", "tdmsci" or "scirex"
    key: str
    text: str
    spans: tuple[tuple[int, int, Label], ...]
    # Training-only spans of AUX_LABEL_MAP types (read only with ``aux=True``).
    aux: tuple[tuple[int, int, str], ...] = ()
    # Char ranges whose tokens are neither entity nor "outside" for training:
    # annotation the corpus lacks (see _unknown_regions). Never used in scoring.
    unknown: tuple[tuple[int, int], ...] = ()


def tdmsci_dev_start(n_lines: int) -> int:
    """Index of the first TDMSci line held out for dev: the last 20% of lines."""
    return n_lines - round(n_lines * TDMSCI_DEV_FRACTION)


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        raise InputError(
            "training file not found; pass --data pointing at the shared data/train directory",
            file=str(path),
        )
    rows = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON ({exc.msg})", file=str(path), line=i) from None
    return rows


def _is_name(word: str) -> bool:
    """An inner capital or a digit among letters: BERT, ResNet-50, CoNLL-2003, LSTM-CRF."""
    has_alpha = any(ch.isalpha() for ch in word)
    return has_alpha and (any(ch.isupper() for ch in word[1:]) or any(ch.isdigit() for ch in word))


def _unknown_regions(corpus: str, text: str, spans: list[tuple[int, int, Label]]) -> list[tuple[int, int]]:
    """Text the corpus leaves unannotated by convention, so the model is not taught it is "outside".

    TDMSci does not annotate methods: name-like tokens outside its spans
    (BERT, LSTM-CRF) become unknown rather than negatives.
    """
    if corpus != "tdmsci":
        return []
    taken = [(s, e) for s, e, _ in spans]
    out = []
    for m in re.finditer(r"\S+", text):
        word = m.group().strip(".,;:()[]\"'")
        if not _is_name(word) or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        out.append((m.start(), m.end()))
    return out


# "(ABBR)" right after a span: an abbreviation in parentheses, no spaces inside.
_PAREN_ABBR = re.compile(r"[ \t]*\((?=[^()\s]*[A-Za-z])[^()\s]{1,12}[ \t]?\)")


def _join_abbreviations(text: str, spans: list[tuple[int, int, Label]]) -> list[tuple[int, int, Label]]:
    """Extend each span over a parenthesised abbreviation that follows it, dropping spans inside.

    SciERC and TDMSci annotate "graph neural networks (GNNs)" as one span; SciREX
    annotates the long and the short form apart. Training on both conventions
    teaches the model neither, so SciREX is brought to the convention of the two
    corpora the extractor is judged by.
    """
    out: list[tuple[int, int, Label]] = []
    inside: set[tuple[int, int, Label]] = set()
    for start, end, label in spans:
        m = _PAREN_ABBR.match(text, end)
        if m is None:
            out.append((start, end, label))
            continue
        out.append((start, m.end(), label))
        inside.update(x for x in spans if x[0] >= end and x[1] <= m.end())
    return [x for x in out if x not in inside]


def _gold(corpus: str, row: dict, path: Path, *, aux: bool = False) -> GoldText:
    text = row.get("text") or row.get("abstract") or ""
    key = str(row.get("doc_key") or row.get("doc_id") or row.get("id") or "")
    spans: list[tuple[int, int, Label]] = []
    aux_spans: list[tuple[int, int, str]] = []
    unknown: list[tuple[int, int]] = []
    for ent in row.get("entities", []):
        label = _LABEL_MAP.get(ent.get("type", ""))
        aux_label = AUX_LABEL_MAP.get(ent.get("type", "")) if aux else None
        if label is None and aux_label is None:
            continue
        start, end = int(ent["start_char"]), int(ent["end_char"])
        if not 0 <= start < end <= len(text):
            raise InputError(f"entity offsets {start}:{end} outside the text of {key!r}", file=str(path))
        if label is not None:
            spans.append((start, end, label))
        elif aux_label is not None:
            aux_spans.append((start, end, aux_label))
    if corpus in JOIN_ABBREVIATIONS:
        spans = _join_abbreviations(text, sorted(set(spans)))
    unknown += _unknown_regions(corpus, text, spans)
    return GoldText(
        corpus=corpus,
        key=key,
        text=text,
        spans=tuple(sorted(set(spans))),
        unknown=tuple(unknown),
        aux=tuple(sorted(set(aux_spans))),
    )


def read_gold(train_dir: Path, *, split: Split, aux: bool = False) -> list[GoldText]:
    """All annotated texts of one split; TDMSci's last 20% of lines form its dev part.

    ``aux`` also reads the AUX_LABEL_MAP types (training only; never scored).
    """
    out: list[GoldText] = []
    for name in _FILES[split]:
        path = Path(train_dir) / name
        rows = _read_jsonl(path)
        corpus = name.split("_", 1)[0]
        if name == _TDMSCI:
            cut = tdmsci_dev_start(len(rows))
            rows = rows[:cut] if split == "train" else rows[cut:]
        out.extend(_gold(corpus, row, path, aux=aux) for row in rows)
    return out


SILVER = "silver"


def read_silver(path: Path) -> list[GoldText]:
    """Machine-labelled texts (corpus ``"silver"``): JSONL of ``{"text", "spans": [[start, end, label], ...]}``."""
    out = []
    for i, row in enumerate(_read_jsonl(path), start=1):
        text = row.get("text")
        if not isinstance(text, str):
            raise InputError("silver record without a text", file=str(path), line=i)
        spans = []
        for start, end, label in row.get("spans", []):
            if label not in LABELS or not 0 <= start < end <= len(text):
                raise InputError(f"bad silver span {[start, end, label]!r}", file=str(path), line=i)
            spans.append((int(start), int(end), label))
        out.append(GoldText(corpus=SILVER, key=str(row.get("id", i)), text=text, spans=tuple(sorted(set(spans)))))
    return out
