"""Rebuild the shipped NER model from the shared training files.

``train_ner`` reads SciERC, TDMSci and SciREX (:mod:`papergraph.training.corpus`),
writes spaCy DocBins, runs spaCy's training loop with a committed config and a
fixed seed, scores the best model on the dev split per corpus and per type, and
(optionally) installs it as package data. Nothing here prints: progress goes to
the stream the caller passes in.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from papergraph.errors import PapergraphError
from papergraph.evaluate.scoring import PRF
from papergraph.evaluate.spans import score
from papergraph.extract.priors import SpanPriors, annotation_rates
from papergraph.training.corpus import AUX_LABELS, CORPUS_LABELS, GoldText, read_gold, read_silver
from papergraph.types import LABELS

# Training copies per text. SciERC and TDMSci carry the conventions the
# extractor is judged by; SciREX adds volume but annotates more loosely.
OVERSAMPLE: dict[str, int] = {"scierc": 2, "tdmsci": 2, "scirex": 1}

# Dev corpora the best checkpoint is chosen on (all dev corpora are scored).
SELECT_CORPORA: frozenset[str] = frozenset({"scierc", "tdmsci"})


@dataclass(frozen=True, slots=True)
class TrainReport:
    model_dir: Path
    installed_to: Path | None
    n_train: int
    n_dev: int
    dropped_spans: int
    # scores[corpus][label] with corpus "all" and label "ALL" for the totals
    scores: dict[str, dict[str, PRF]] = field(default_factory=dict)
    # Span-prior threshold chosen on dev and saved beside the model (0: off).
    prior_threshold: float = 0.0


def vote(predictions: Sequence[Iterable[tuple[int, int, str]]], min_votes: int) -> list[tuple[int, int, str]]:
    """Spans (start, end, label) that at least ``min_votes`` of the predictions hold, in text order."""
    from papergraph.extract.ensemble import vote_entities

    per_model = [[(a, b, label, 0.0) for a, b, label in set(spans)] for spans in predictions]
    return [e[:3] for e in vote_entities(per_model, len(per_model), min_votes=min_votes)]


def to_docbin(golds: Iterable[GoldText], nlp, *, harmonize: bool = True) -> tuple[object, int]:
    """Tokenize with ``nlp``'s tokenizer and attach entities; returns (DocBin, dropped spans).

    Overlapping gold spans (a few in SciERC) cannot be expressed as BILUO tags:
    the longest one wins. Spans whose edges fall inside a token are dropped
    rather than stretched, so the model never learns a boundary the data lacks.
    With ``harmonize`` the ``unknown`` regions are marked missing (no loss).
    """
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    db = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    dropped = 0
    for g in golds:
        doc = nlp.make_doc(g.text)
        unknown = [(s, e) for s, e in g.unknown] if harmonize else []
        ents = []
        for start, end, label in g.spans:
            if (start, end) in unknown:
                continue
            span = doc.char_span(start, end, label=label, alignment_mode="strict")
            if span is None:
                dropped += 1
            else:
                ents.append(span)
        kept = filter_spans(ents)
        dropped += len(ents) - len(kept)
        # Auxiliary spans fill only what the four real types leave free.
        aux = [doc.char_span(s, e, label=lab, alignment_mode="strict") for s, e, lab in g.aux]
        aux = [a for a in aux if a is not None and not any(a.start < k.end and k.start < a.end for k in kept)]
        kept = sorted(kept + filter_spans(aux), key=lambda sp: sp.start)
        missing = [doc.char_span(s, e, alignment_mode="expand") for s, e in unknown]
        missing = [m for m in missing if m is not None and not any(m.start < k.end and k.start < m.end for k in kept)]
        doc.set_ents(kept, missing=missing, default="outside")
        db.add(doc)
    return db, dropped


def _load_config(config_path: Path, *, seed: int, max_steps: int | None, tokenizer: str | None):
    from spacy.util import load_config

    if not config_path.exists():
        raise PapergraphError(
            f"spaCy config {config_path} not found; run from the project root or pass --config"
        )
    overrides: dict[str, object] = {"system.seed": seed, "training.seed": seed}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
        overrides["training.eval_frequency"] = max(1, min(200, max_steps))
    cfg = load_config(config_path, overrides=overrides, interpolate=False)
    if tokenizer is not None:
        cfg["nlp"]["tokenizer"] = {"@tokenizers": tokenizer}
    return cfg


def compute_priors(train_dir: Path, *, min_count: int = 3) -> SpanPriors:
    """Annotation rates of span texts over the training split (threshold 0: nothing dropped)."""
    import papergraph.extract.tokenizer as tok

    golds = read_gold(train_dir, split="train")
    rates = annotation_rates(
        golds, tok.blank_nlp().make_doc, corpus_labels=CORPUS_LABELS, all_labels=LABELS, min_count=min_count
    )
    return SpanPriors(rates)


# Thresholds tried for the span priors (0: off).
PRIOR_THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35)


def tune_priors(
    model_dir: Path, train_dir: Path, dev_gold: Sequence[GoldText], *, min_count: int = 3
) -> tuple[SpanPriors, list[tuple[float, dict[str, float]]]]:
    """Choose the span-prior threshold with the best mean F1 over the SELECT_CORPORA dev texts.

    The model predicts dev once with priors off; each threshold is applied to
    those spans. Returns the chosen priors and, per threshold, F1 by corpus.
    """
    priors = compute_priors(train_dir, min_count=min_count)
    texts = [g.text for g in dev_gold]
    raw = predict_spans(model_dir, texts, priors=False)
    table: list[tuple[float, dict[str, float]]] = []
    best = (0.0, -1.0)
    for t in PRIOR_THRESHOLDS:
        p = priors.with_threshold(t)
        kept = [[x for x in spans if p.keep(text[x[0] : x[1]])] for text, spans in zip(texts, raw, strict=True)]
        f1 = {c: by_label["ALL"].f1 for c, by_label in score(dev_gold, kept).items()}
        table.append((t, f1))
        target = sum(f1.get(c, 0.0) for c in SELECT_CORPORA) / len(SELECT_CORPORA)
        if target > best[1] + 1e-9:
            best = (t, target)
    return priors.with_threshold(best[0]), table


def predict_spans(
    model_dir: Path, texts: Sequence[str], *, batch_size: int = 64, priors: bool = True
) -> list[list[tuple[int, int, str]]]:
    """Char-offset spans the ``ner_model`` component predicts, exactly as shipped.

    ``priors=False`` keeps the spans the model's ``priors.json`` would drop.
    """
    import spacy

    from papergraph.extract.ner import add_ner

    nlp = spacy.blank("en")
    add_ner(nlp, model_dir=model_dir, priors=priors)
    return [
        [(s.start_char, s.end_char, s.label_) for s in doc.spans["ner"]]
        for doc in nlp.pipe(texts, batch_size=batch_size)
    ]


def train_ner(
    *,
    train_dir: Path,
    output_dir: Path,
    config_path: Path,
    seed: int = 0,
    max_steps: int | None = None,
    limit: int | None = None,
    install_to: Path | None = None,
    tokenizer: str | None = None,
    vectors: Path | None = None,
    oversample: dict[str, int] | None = None,
    aux_labels: bool = AUX_LABELS,
    init_tok2vec: Path | None = None,
    silver: Path | None = None,
    log: TextIO | None = None,
) -> TrainReport:
    """Train, score on dev, and optionally copy the best model to ``install_to``.

    ``limit`` keeps the first N training and dev texts (for smoke runs).
    ``tokenizer`` overrides the config's registered tokenizer (default: papergraph's own).
    ``vectors`` is a spaCy directory holding the static vectors (``training/vectors.py``
    writes one); by default, when the config asks for static vectors, the table
    inside the shipped model is reused, so a rebuild needs no extra step.
    ``oversample`` overrides ``OVERSAMPLE`` (training copies per corpus; experiments).
    ``aux_labels`` trains SciERC's OtherScientificTerm and Generic as extra labels
    (dropped at prediction time); off, their text is plain "outside".
    ``init_tok2vec`` starts the tok2vec from weights written by ``spacy pretrain``
    (``training/pretrain.py``); the config's tok2vec must have the same shape.
    ``silver`` adds machine-labelled texts to the training data (``read_silver``);
    dev and checkpoint selection stay on the gold dev split.
    """
    import io

    import spacy
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    import papergraph.extract.tokenizer  # noqa: F401  (registers papergraph.tokenizer.v1)

    cfg = _load_config(Path(config_path), seed=seed, max_steps=max_steps, tokenizer=tokenizer)
    spacy.util.fix_random_seed(seed)
    train_gold = read_gold(train_dir, split="train", aux=aux_labels)
    dev_gold = read_gold(train_dir, split="dev")
    if limit is not None:
        train_gold, dev_gold = train_gold[:limit], dev_gold[:limit]

    tok_nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    corpus_dir = output_dir / "corpus"
    corpus_dir.mkdir(exist_ok=True)
    dropped = 0
    copies = {**OVERSAMPLE, **(oversample or {})}
    train_copies = [g for g in train_gold for _ in range(copies.get(g.corpus, 1))]
    if silver is not None:
        train_copies += read_silver(Path(silver))
    # Checkpoints are chosen on the corpora the NER is judged by. TDMSci's
    # unannotated method names are missing there too, as the scorer ignores
    # Method predictions on TDMSci.
    select_gold = [g for g in dev_gold if g.corpus in SELECT_CORPORA]
    for name, golds in (("train", train_copies), ("dev", select_gold)):
        db, n = to_docbin(golds, tok_nlp)
        db.to_disk(corpus_dir / f"{name}.spacy")  # type: ignore[attr-defined]
        dropped += n
    cfg["paths"]["train"] = str(corpus_dir / "train.spacy")
    cfg["paths"]["dev"] = str(corpus_dir / "dev.spacy")
    if _wants_vectors(cfg):
        cfg["paths"]["vectors"] = str(_vectors_source(vectors))
    if init_tok2vec is not None:
        if not Path(init_tok2vec).is_file():
            raise PapergraphError(
                f"pretrained tok2vec weights {init_tok2vec} not found; run `python training/pretrain.py`"
            )
        cfg["paths"]["init_tok2vec"] = str(init_tok2vec)
        # spaCy loads the weights only when the config has a [pretraining]
        # section; take the one the weights were made with.
        cfg["pretraining"] = _pretraining_section(Path(init_tok2vec))
    cfg.to_disk(output_dir / "config.cfg")

    stream = log if log is not None else io.StringIO()
    nlp = init_nlp(cfg.interpolate(), use_gpu=-1)
    train_loop(nlp, output_dir, use_gpu=-1, stdout=stream, stderr=stream)

    best = output_dir / "model-best"
    if not best.exists():
        best = output_dir / "model-last"
    priors, _ = tune_priors(best, train_dir, dev_gold)
    priors.to_disk(best)
    preds = predict_spans(best, [g.text for g in dev_gold])
    scores = score(dev_gold, preds)
    installed = None
    if install_to is not None:
        installed = install_model(best, Path(install_to))
    return TrainReport(
        model_dir=best,
        installed_to=installed,
        n_train=len(train_gold),
        n_dev=len(dev_gold),
        dropped_spans=dropped,
        scores=scores,
        prior_threshold=priors.min_rate,
    )


def _pretraining_section(weights: Path) -> dict:
    """The [pretraining] section of the config ``training/pretrain.py`` saved beside ``weights``."""
    from thinc.api import Config

    saved = weights.parent / "config.cfg"
    if not saved.is_file():
        raise PapergraphError(f"{saved} not found: pass weights written by `python training/pretrain.py`")
    section = Config().from_disk(saved, interpolate=False).get("pretraining")
    if not section:
        raise PapergraphError(f"{saved} has no [pretraining] section")
    return section


def _wants_vectors(cfg) -> bool:
    embed = cfg["components"]["tok2vec"]["model"].get("embed", {})
    return bool(embed.get("include_static_vectors"))


def _vectors_source(vectors: Path | None) -> Path:
    """The directory to read static vectors from: ``vectors`` or the shipped model."""
    from spacy.strings import StringStore
    from spacy.vectors import Vectors

    from papergraph.extract.ner import MODEL_DIR

    src = Path(vectors) if vectors is not None else MODEL_DIR
    table = Vectors(strings=StringStore())
    if (src / "vocab" / "vectors").is_file():
        table.from_disk(src / "vocab")
    if table.shape[0] == 0:
        raise PapergraphError(
            f"the config uses static vectors but {src} holds none; build them with "
            "`python training/vectors.py` and pass --vectors training/output/vectors/spacy"
        )
    return src


def install_model(model_dir: Path, target: Path) -> Path:
    """Copy a trained pipeline into ``target`` (the package data folder), replacing it."""
    if not (model_dir / "config.cfg").exists():
        raise PapergraphError(f"{model_dir} is not a spaCy pipeline directory (no config.cfg)")
    tmp = target.with_name(target.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(model_dir, tmp)
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)
    return target
