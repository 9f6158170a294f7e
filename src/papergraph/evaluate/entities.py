"""Score the extractor against annotated data (``papergraph eval``).

* SciERC dev: exact span + type, Method/Task/Metric and Material (as Dataset).
* TDMSci held-out slice: the last 20% of ``tdmsci_train.jsonl`` by id, never
  used for tuning; Task/Dataset/Metric (TDMSci has no Method type).
* SciREX dev: the abstracts of SciREX's dev split, Method/Task/Material (as
  Dataset)/Metric.
* Seeds dev: ``eval/seeds_dev.jsonl``, our own annotation of Hugging Face
  daily-paper titles and abstracts (eval/GUIDELINES.md), read from ``../shared``.

Per type precision, recall and F1, plus a micro average over the scored types,
for the whole extractor or one layer; :func:`compare_layers` scores all three.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import spacy

from papergraph.errors import InputError
from papergraph.evaluate.scoring import PRF as Score
from papergraph.progress import ProgressFn, noop
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


def score_set(
    name: str, rows: list[dict], label_map: dict[str, str], predict: _Predict, *, id_key: str,
    progress: ProgressFn = noop, stage: str = "",
) -> SetScore:
    """Predict spans for ``rows`` (text as abstract) and compare exact typed spans.

    ``progress`` hears ``stage`` (default ``eval NAME``) per document.
    """
    types = sorted(set(label_map.values()))
    result = SetScore(name, len(rows), {t: Score() for t in types})
    stage = stage or f"eval {name}"
    progress(stage, 0, len(rows))
    for done, (row, spans) in enumerate(zip(rows, predict(rows, id_key=id_key), strict=True), 1):
        progress(stage, done, len(rows))
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


DEFAULT_SETS = ("scierc_dev", "tdmsci_heldout", "scirex_dev", "seeds_dev")
LAYERS: tuple[Layer, ...] = ("all", "rules", "model")


def _scirex_dev(data: Path) -> list[dict]:
    from papergraph.training.corpus import read_gold

    path = data / "scirex_dev_abstracts.jsonl"
    if not path.exists():
        raise InputError("missing evaluation file; pass the directory holding scirex_dev_abstracts.jsonl",
                         file=str(path))
    return [
        {"id": g.key, "text": g.text,
         "entities": [{"start_char": a, "end_char": b, "type": label} for a, b, label in g.spans]}
        for g in read_gold(data, split="dev") if g.corpus == "scirex"
    ]  # fmt: skip


def _seeds_dev(layer: Layer, seeds: Path, gold_path: Path | None) -> SetScore:
    """The seeds dev set: exact span + type on titles and abstracts, as eval/seeds_dev.jsonl marks them."""
    from papergraph.evaluate.seeds import default_gold_path, load_gold, score_seeds
    from papergraph.extract import load_extractor
    from papergraph.ingest import read_papers
    from papergraph.types import Extraction, Mention

    gold_path = gold_path or default_gold_path()
    wanted = {g.id for g in load_gold(gold_path)}
    if not Path(seeds).exists():
        raise InputError("missing seeds directory (../shared/data/seeds); pass --seeds", file=str(seeds))
    papers = [p for p in read_papers([seeds]).papers if p.id in wanted]
    if layer == "model":
        from papergraph.extract.ner import add_ner, load_model

        load_model()
        nlp = spacy.blank("en")
        add_ner(nlp)
        extractions = []
        for p in papers:
            mentions = []
            for field, text in (("title", p.title), ("abstract", p.abstract)):
                doc = nlp(text)
                for sp in doc.spans["ner"]:
                    mentions.append(Mention(sp.text, sp.label_, field, sp.start_char, sp.end_char, sp.text))  # type: ignore[arg-type]
            extractions.append(Extraction(p.id, p.title, tuple(mentions)))
    else:
        extractions = list(load_extractor(use_model=layer == "all").extract(papers))
    scores = score_seeds(extractions, gold_path)
    return SetScore("seeds_dev", scores.papers, dict(scores.exact))


def evaluate(
    data_dir: str | Path,
    *,
    layer: Layer = "all",
    sets: Iterable[str] = ("scierc_dev", "tdmsci_heldout"),
    seeds: str | Path | None = None,
    seeds_gold: str | Path | None = None,
    progress: ProgressFn | None = None,
) -> list[SetScore]:
    """Score extraction on the dev sets in ``data_dir`` (and ``seeds`` for ``seeds_dev``).

    ``layer`` is what is scored: ``"all"`` the whole extractor, ``"rules"`` the
    rule and gazetteer layer alone, ``"model"`` the trained NER alone.
    ``sets`` are among :data:`DEFAULT_SETS`. ``progress`` hears a stage
    ``eval LAYER SET`` per set, in documents.
    """
    report = progress or noop
    from papergraph.extract import load_extractor

    data = Path(data_dir)
    if layer not in LAYERS:
        raise InputError(f"unknown layer {layer!r}; choose all, rules or model")
    predict: _Predict | None = None

    def extractor() -> _Predict:
        nonlocal predict
        if predict is None:
            predict = _model_spans() if layer == "model" else _extractor_spans(load_extractor(use_model=layer == "all"))
        return predict

    out = []
    for name in sets:
        if name == "scierc_dev":
            out.append(score_set(name, _read_jsonl(data / "scierc_dev.jsonl"), SCIERC_MAP, extractor(), id_key="doc_key",
                                 progress=report, stage=f"eval {layer} {name}"))
        elif name == "tdmsci_heldout":
            rows = tdmsci_heldout(_read_jsonl(data / "tdmsci_train.jsonl"))
            out.append(score_set(name, rows, TDMSCI_MAP, extractor(), id_key="id", progress=report,
                                 stage=f"eval {layer} {name}"))
        elif name == "scirex_dev":
            identity = {lab: lab for lab in ("Method", "Dataset", "Task", "Metric")}
            out.append(score_set(name, _scirex_dev(data), identity, extractor(), id_key="id", progress=report,
                                 stage=f"eval {layer} {name}"))
        elif name == "seeds_dev":
            seeds_dir = Path(seeds) if seeds is not None else data.parent / "seeds"
            report(f"eval {layer} {name}", 0, 1)
            out.append(_seeds_dev(layer, seeds_dir, Path(seeds_gold) if seeds_gold else None))
            report(f"eval {layer} {name}", 1, 1)
        else:
            raise InputError(f"unknown evaluation set {name!r}; choose from {', '.join(DEFAULT_SETS)}")
    return out


def compare_layers(
    data_dir: str | Path,
    *,
    sets: Iterable[str] = DEFAULT_SETS,
    seeds: str | Path | None = None,
    seeds_gold: str | Path | None = None,
) -> dict[str, list[SetScore]]:
    """The whole extractor and each layer on every dev set: ``{layer: [SetScore, ...]}``."""
    names = list(sets)
    return {layer: evaluate(data_dir, layer=layer, sets=names, seeds=seeds, seeds_gold=seeds_gold) for layer in LAYERS}
