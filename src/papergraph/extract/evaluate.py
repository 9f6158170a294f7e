"""Score the extractor against annotated data (``papergraph eval``).

* SciERC dev: exact span + type, Method/Task/Metric and Material (as Dataset).
* TDMSci held-out slice: the last 20% of ``tdmsci_train.jsonl`` by id, never
  used for tuning; Task/Dataset/Metric (TDMSci has no Method type).

Per type precision, recall and F1, plus a micro average over the scored types.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import spacy

from papergraph.errors import InputError
from papergraph.extract.scoring import PRF as Score
from papergraph.types import Paper

SCIERC_MAP = {"Method": "Method", "Task": "Task", "Metric": "Metric", "Material": "Dataset"}
TDMSCI_MAP = {"Task": "Task", "Dataset": "Dataset", "Metric": "Metric"}
TDMSCI_HELDOUT = 0.2
Layer = Literal["all", "rules", "model"]


@dataclass(slots=True)
class SetScore:
    name: str
    documents: int
    by_type: dict[str, Score] = field(default_factory=dict)

    @property
    def micro(self) -> Score:
        s = Score()
        for v in self.by_type.values():
            s.tp, s.fp, s.fn = s.tp + v.tp, s.fp + v.fp, s.fn + v.fn
        return s

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "documents": self.documents,
            "by_type": {k: v.to_dict() for k, v in sorted(self.by_type.items())},
            "micro": self.micro.to_dict(),
        }


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        raise InputError("missing evaluation file; pass the directory holding scierc_dev.jsonl and tdmsci_train.jsonl", file=str(path))
    rows = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"not JSON ({exc.msg})", file=str(path), line=i) from None
    return rows


def tdmsci_heldout(rows: list[dict]) -> list[dict]:
    """The fixed held-out slice: the last 20% of rows ordered by id."""
    ordered = sorted(rows, key=lambda r: r["id"])
    cut = int(len(ordered) * (1 - TDMSCI_HELDOUT))
    return ordered[cut:]


Spans = list[tuple[int, int, str]]


class _Predict(Protocol):
    def __call__(self, rows: list[dict], *, id_key: str) -> Iterable[Spans]: ...


def _extractor_spans(extractor: Any) -> _Predict:
    """Entity spans of the whole extractor (rules, gazetteer, NER and the merge)."""

    def predict(rows: list[dict], *, id_key: str) -> Iterator[Spans]:
        papers = [Paper(id=str(r[id_key]), title="", abstract=r["text"]) for r in rows]
        for ex in extractor.extract(papers):
            yield [(m.start, m.end, m.label) for m in ex.entities if m.field == "abstract"]

    return predict


def _model_spans() -> _Predict:
    """Spans of the trained NER alone, as it runs inside the extractor (span priors on)."""
    from papergraph.extract.ner import add_ner, load_model

    load_model()  # says what to do when no model is shipped
    nlp = spacy.blank("en")
    add_ner(nlp)

    def predict(rows: list[dict], *, id_key: str) -> Iterator[Spans]:
        for doc in nlp.pipe(r["text"] for r in rows):
            yield [(s.start_char, s.end_char, s.label_) for s in doc.spans["ner"]]

    return predict


def score_set(name: str, rows: list[dict], label_map: dict[str, str], predict: _Predict, *, id_key: str) -> SetScore:
    """Predict spans for ``rows`` (text as abstract) and compare exact typed spans."""
    types = sorted(set(label_map.values()))
    result = SetScore(name, len(rows), {t: Score() for t in types})
    for row, spans in zip(rows, predict(rows, id_key=id_key), strict=True):
        gold = {(e["start_char"], e["end_char"], label_map[e["type"]]) for e in row["entities"] if e["type"] in label_map}
        pred = {x for x in spans if x[2] in types}
        for t in types:
            g = {x for x in gold if x[2] == t}
            p = {x for x in pred if x[2] == t}
            s = result.by_type[t]
            s.tp += len(g & p)
            s.fp += len(p - g)
            s.fn += len(g - p)
    return result


def evaluate(
    data_dir: str | Path,
    *,
    layer: Layer = "all",
    sets: Iterable[str] = ("scierc_dev", "tdmsci_heldout"),
) -> list[SetScore]:
    """Score extraction on SciERC dev and the TDMSci held-out slice in ``data_dir``.

    ``layer`` is what is scored: ``"all"`` the whole extractor, ``"rules"`` the
    rule and gazetteer layer alone, ``"model"`` the trained NER alone.
    """
    from papergraph.extract import load_extractor

    data = Path(data_dir)
    if layer == "model":
        extractor = _model_spans()
    elif layer in ("all", "rules"):
        extractor = _extractor_spans(load_extractor(use_model=layer == "all"))
    else:
        raise InputError(f"unknown layer {layer!r}; choose all, rules or model")
    out = []
    for name in sets:
        if name == "scierc_dev":
            out.append(score_set(name, _read_jsonl(data / "scierc_dev.jsonl"), SCIERC_MAP, extractor, id_key="doc_key"))
        elif name == "tdmsci_heldout":
            rows = tdmsci_heldout(_read_jsonl(data / "tdmsci_train.jsonl"))
            out.append(score_set(name, rows, TDMSCI_MAP, extractor, id_key="id"))
        else:
            raise InputError(f"unknown evaluation set {name!r}; choose scierc_dev or tdmsci_heldout")
    return out
