"""Several trained NER models that vote: the shipped model plus its ``members``.

Models trained with the same recipe and different seeds make different
mistakes, and a span that most of them predict is more often right than one
any single model predicts (docs/model.md gives the dev figures). The shipped
model directory holds the first model in full (vocabulary, floret vectors,
tokenizer settings, weights, span priors); each further model lives under
``members/<name>/`` with only its weights, stored as float16, and its span
priors. Members are loaded on the first model's vocabulary, so the vectors
table is stored and held in memory once, and their weights are widened back
to float32 on load.

Voting (:func:`vote_entities`): a span (same tokens, same label) is kept when
more than half of the models predict it, after each model's own span priors;
its confidence is the sum of the predicting models' confidences divided by the
number of models, so agreement and each model's certainty both count. With
more than half required, two kept spans never overlap: each model predicts at
most one of two overlapping spans.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.vocab import Vocab

from papergraph.errors import PapergraphError
from papergraph.extract.ner_runtime import layers, load_pipeline

MEMBERS = "members"
Entity = tuple[int, int, str, float]


def member_dirs(model_dir: Path) -> list[Path]:
    """The member directories of a shipped model, in name order (none for a single model)."""
    root = Path(model_dir) / MEMBERS
    if not root.is_dir():
        return []
    return sorted(d for d in root.iterdir() if (d / "config.cfg").is_file() and (d / "ner").is_dir())


def _params(nlp: Language):
    for node in layers(nlp):
        for name in node.param_names:
            if node.has_param(name):
                yield node, name


def pack_member(src: Path, dest: Path) -> Path:
    """Write the trained pipeline ``src`` as a member at ``dest``: weights as float16, no vocabulary.

    ``dest`` is replaced. The member's span priors (``priors.json``) come along.
    """
    return _pack(load_pipeline(src), Path(src), Path(dest))


def _pack(nlp: Language, src: Path, dest: Path) -> Path:
    for node, name in _params(nlp):
        node.set_param(name, node.get_param(name).astype("float16"))
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    nlp.to_disk(tmp, exclude=["vocab", "tokenizer"])
    if (src / "priors.json").is_file():
        shutil.copyfile(src / "priors.json", tmp / "priors.json")
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    return dest


def load_member(path: Path, vocab: Vocab) -> Language:
    """Load a member written by :func:`pack_member` on ``vocab`` (the first model's), as float32."""
    try:
        nlp = load_pipeline(path, vocab=vocab, exclude=["vocab", "tokenizer"])
    except (OSError, ValueError) as exc:
        raise PapergraphError(f"could not load the NER ensemble member in {path} ({exc})") from exc
    for node, name in _params(nlp):
        value = node.get_param(name)
        if value.dtype != numpy.float32:
            node.set_param(name, value.astype("float32"))
    return nlp


def vote_entities(
    per_model: Sequence[Sequence[Entity]], n_models: int, *, min_votes: int | None = None
) -> list[Entity]:
    """Spans more than half of ``n_models`` predict, in text order, with the mean confidence.

    ``per_model`` holds one list of (start, end, label, confidence) per model
    that ran; a model that predicted nothing contributes an empty list.
    ``min_votes`` replaces the majority (then kept spans may overlap).
    """
    need = n_models // 2 + 1 if min_votes is None else min_votes
    found: dict[tuple[int, int, str], list[float]] = {}
    for ents in per_model:
        for start, end, label, p in ents:
            found.setdefault((start, end, label), []).append(p)
    return sorted(
        (start, end, label, sum(ps) / n_models)
        for (start, end, label), ps in found.items()
        if len(ps) >= need
    )


def install_member(src: Path, model_dir: Path, name: str) -> Path:
    """Pack the trained pipeline ``src`` as member ``name`` of the installed model in ``model_dir``.

    The member must have been trained on the same vectors table as the first
    model, since it runs on that model's vocabulary.
    """
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise PapergraphError(f"member name {name!r}: use letters, digits, '-' and '_' only")
    if not (Path(model_dir) / "config.cfg").is_file():
        raise PapergraphError(f"no installed NER model in {model_dir}; install the first model with --install")
    if not (Path(src) / "config.cfg").is_file():
        raise PapergraphError(f"{src} is not a spaCy pipeline directory (no config.cfg)")
    nlp = load_pipeline(src)
    ours = nlp.vocab.vectors
    first = load_pipeline(model_dir).vocab.vectors
    if ours.mode != first.mode or ours.shape != first.shape or not numpy.array_equal(ours.data, first.data):
        raise PapergraphError(
            f"{src} was trained on other static vectors than the model in {model_dir}; "
            "train it with the same --vectors"
        )
    (Path(model_dir) / MEMBERS).mkdir(exist_ok=True)
    return _pack(nlp, Path(src), Path(model_dir) / MEMBERS / name)
