"""The trained NER as one pipeline component, ``ner_model``.

The shipped model (package data in ``papergraph/data/ner``) is a small spaCy
pipeline: a CNN tok2vec over hash embeddings plus static floret subword
vectors (shipped in the model's vocab) and a transition-based ``ner``.
``add_ner`` wraps it as a single component of the host pipeline that writes
``doc.spans["ner"]`` with one confidence per span in
``doc.spans["ner"].attrs["scores"]``.

Decoding is greedy (the best dev F1; beam search over a greedily trained
model lost 4-10 points). A span's confidence is the product, over its tokens,
of the softmax probability of the transition the decoder chose there (see
docs/model.md for its calibration on dev). The model runs its own tokenizer on ``doc.text`` and maps
char offsets back, so it works whatever tokenizer the host pipeline uses; a
host built on the model's vocabulary (as ``build_nlp`` builds it) is not
tokenized twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from papergraph.errors import PapergraphError
from papergraph.extract.ensemble import Entity, load_member, member_dirs, vote_entities
from papergraph.extract.ner_runtime import load_pipeline, one_blas_thread, prepare
from papergraph.extract.priors import SpanPriors
from papergraph.types import LABELS

SPANS_KEY = "ner"
# Docs per model call. Over 1,000 arXiv abstracts, batches of 256 peaked at 740 MiB
# and 32 at 340 MiB, with no loss of speed (benchmarks/bench_ner.py).
MAX_BATCH = 32
COMPONENT_NAME = "ner_model"
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "ner"


def has_model(model_dir: Path | None = None) -> bool:
    """True when a trained pipeline is present (the shipped one by default)."""
    d = Path(model_dir) if model_dir is not None else MODEL_DIR
    return (d / "config.cfg").is_file() and (d / "ner").is_dir()


def load_model(model_dir: Path | None = None, *, cache: bool = True) -> Language:
    """Load the trained NER pipeline; loaded once per process and directory when cached."""
    d = Path(model_dir) if model_dir is not None else MODEL_DIR
    if not has_model(d):
        raise PapergraphError(
            f"no trained NER model in {d}; run `papergraph train` to build one"
        )
    if cache:
        return _load_cached(str(d.resolve()))
    return _load_uncached(d)


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Language:
    return _load_uncached(Path(path))


def _load_uncached(d: Path) -> Language:
    try:
        return load_pipeline(d)
    except (OSError, ValueError) as exc:
        raise PapergraphError(
            f"could not load the NER model in {d} ({exc}); rebuild it with `papergraph train`"
        ) from exc


class NerModel:
    """Runs the trained pipeline over host docs and writes scored spans.

    With ``priors``, spans whose text the training corpora rarely annotate
    are dropped (see :mod:`papergraph.extract.priors`). With ``members``
    (each a model on ``model``'s vocabulary and its priors), all the models
    run and vote (:func:`papergraph.extract.ensemble.vote_entities`).
    """

    def __init__(
        self,
        model: Language,
        priors: SpanPriors | None = None,
        members: Sequence[tuple[Language, SpanPriors | None]] = (),
    ) -> None:
        self.model = prepare(model)
        self.priors = priors
        self.members = [(prepare(m), p) for m, p in members]
        for m, _ in [(model, priors), *self.members]:
            if "ner" not in m.pipe_names:
                raise PapergraphError("the NER model has no 'ner' component; rebuild it with `papergraph train`")
            if m.vocab is not model.vocab:
                raise PapergraphError("NER ensemble members must share the first model's vocabulary")
        # The model may know training-only labels (SciERC's OtherScientificTerm
        # and Generic, see papergraph.training.corpus); only papergraph's are exposed.
        known = model.get_pipe("ner").labels  # type: ignore[attr-defined]
        self.labels: tuple[str, ...] = tuple(lab for lab in known if lab in LABELS)

    @property
    def n_models(self) -> int:
        return 1 + len(self.members)

    def __call__(self, doc: Doc) -> Doc:
        self._process([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = MAX_BATCH) -> Iterator[Doc]:
        # The CNN's activations grow with the batch: at most MAX_BATCH docs go through at once.
        batch_size = max(1, min(batch_size, MAX_BATCH))
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._process(batch)
                batch = []
        if batch:
            yield from self._process(batch)

    def _process(self, docs: list[Doc]) -> list[Doc]:
        with one_blas_thread():
            return self._process_batch(docs)

    def _process_batch(self, docs: list[Doc]) -> list[Doc]:
        # A host pipeline built on the model's vocabulary (build_nlp does so) has
        # the model's tokens already; any other host's text is tokenized again.
        shared = all(d.vocab is self.model.vocab for d in docs)
        inner = docs if shared else [self.model.make_doc(d.text) for d in docs]
        per_model = [_decode(m, inner, p) for m, p in [(self.model, self.priors), *self.members]]
        if self.members:
            scored = [vote_entities(ents, self.n_models) for ents in zip(*per_model, strict=True)]
        else:
            scored = per_model[0]
        for doc, inner_doc, ents in zip(docs, inner, scored, strict=True):
            doc.spans[SPANS_KEY] = _same_doc_spans(doc, ents) if shared else _to_host(doc, inner_doc, ents)
        return docs


def _decode(model: Language, docs: list[Doc], priors: SpanPriors | None) -> list[list[Entity]]:
    """One model's scored entities for each doc (token offsets), after its span priors."""
    scored: list[list[Entity]] = [[] for _ in docs]
    todo = [i for i, d in enumerate(docs) if len(d)]
    if todo:
        batch = [docs[i] for i in todo]
        for name, proc in model.pipeline:
            if name != "ner":
                batch = list(proc.pipe(batch))  # type: ignore[attr-defined]
        for i, ents in zip(todo, _greedy_entities(model.get_pipe("ner"), batch), strict=True):
            scored[i] = ents
        for d in batch:
            d.ents = ()  # decoding wrote them; the host's result is doc.spans["ner"]
    if priors is not None:
        keep = priors.keep
        scored = [[x for x in ents if keep(d[x[0] : x[1]].text)] for d, ents in zip(docs, scored, strict=True)]
    return scored


def _greedy_entities(ner, docs: list[Doc]) -> list[list[Entity]]:
    """Greedy decoding, as spaCy's own, keeping each step's winning probability.

    The BILUO transition system takes exactly one action per token, so the
    step that acts on token ``i`` is the one whose buffer starts at ``i``.
    Argmax over valid moves is done by spaCy (``transition_states``); the
    softmax here is over all moves, which is what makes a near-tie between
    "continue the entity" and "stop" show up as low confidence.
    """
    step = ner.model.predict(docs)
    states = ner.moves.init_batch(docs)
    lengths = numpy.array([len(d) for d in docs])
    # Every move consumes one token, so at step k the active states are those
    # of the docs longer than k, in batch order (transition_states keeps it),
    # and each acts on its token k: probs[i, k] is doc i's winning probability there.
    probs = numpy.ones((len(docs), int(lengths.max(initial=0))), dtype="f")
    active = [s for s in states if not s.is_final()]
    k = 0
    while active:
        scores = numpy.ascontiguousarray(step.predict(active), dtype="f")
        exp = numpy.exp(scores - scores.max(axis=1, keepdims=True))
        probs[lengths > k, k] = exp.max(axis=1) / exp.sum(axis=1)
        active = ner.transition_states(active, scores)
        k += 1
    step.clear_memory()
    ner.set_annotations(docs, states)  # writes the decoded entities to doc.ents
    out = []
    for doc, p in zip(docs, probs, strict=True):
        out.append(
            [(e.start, e.end, e.label_, float(numpy.prod(p[e.start : e.end]))) for e in doc.ents]
        )
    return out


def _same_doc_spans(doc: Doc, ents: list[Entity]) -> SpanGroup:
    """The decoded entities of ``doc`` itself, papergraph's labels only."""
    kept = [e for e in ents if e[2] in LABELS]
    group = SpanGroup(doc, name=SPANS_KEY, spans=[Span(doc, a, b, label=lab) for a, b, lab, _ in kept])
    group.attrs["scores"] = [p for _, _, _, p in kept]
    return group


def _to_host(doc: Doc, inner: Doc, ents: list[Entity]) -> SpanGroup:
    spans: list[Span] = []
    scores: list[float] = []
    last_end = 0
    for start, end, label, p in ents:
        if label not in LABELS:
            continue  # a training-only label: decoded so it can win the tokens, then dropped
        s = inner[start:end]
        span = doc.char_span(s.start_char, s.end_char, label=label, alignment_mode="expand")
        # Expansion can make neighbours touch the same host token; keep the first.
        if span is None or span.start < last_end:
            continue
        spans.append(span)
        scores.append(p)
        last_end = span.end
    group = SpanGroup(doc, name=SPANS_KEY, spans=spans)
    group.attrs["scores"] = scores
    return group


@Language.factory(
    "papergraph_ner_model", default_config={"model_dir": None, "priors": True, "ensemble": True}
)
def make_ner_model(nlp: Language, name: str, model_dir: str | None, priors: bool, ensemble: bool) -> NerModel:
    d = Path(model_dir) if model_dir else MODEL_DIR
    model = load_model(d)
    members = [
        (m, _load_priors(str(p.resolve())) if priors else None) for p, m in load_members(d)
    ] if ensemble else []
    return NerModel(model, _load_priors(str(d.resolve())) if priors else None, members)


def load_members(model_dir: Path | None = None) -> list[tuple[Path, Language]]:
    """The ensemble members stored with a model (none for a single model), loaded once per process."""
    d = Path(model_dir) if model_dir is not None else MODEL_DIR
    return _load_members_cached(str(d.resolve()))


@lru_cache(maxsize=4)
def _load_members_cached(path: str) -> list[tuple[Path, Language]]:
    vocab = load_model(Path(path)).vocab
    return [(p, load_member(p, vocab)) for p in member_dirs(Path(path))]


@lru_cache(maxsize=4)
def _load_priors(path: str) -> SpanPriors | None:
    return SpanPriors.from_disk(Path(path))


def add_ner(
    nlp: Language,
    *,
    model_dir: Path | None = None,
    name: str = COMPONENT_NAME,
    priors: bool = True,
    ensemble: bool = True,
    **add_pipe_kwargs: object,
) -> bool:
    """Add the trained NER as component ``name``; False (and nothing added) without a model.

    ``priors=False`` keeps the spans the model's span priors would drop;
    ``ensemble=False`` runs the first model alone, without its members.
    """
    if not has_model(model_dir):
        return False
    config = {"model_dir": str(model_dir) if model_dir else None, "priors": priors, "ensemble": ensemble}
    nlp.add_pipe("papergraph_ner_model", name=name, config=config, **add_pipe_kwargs)  # type: ignore[arg-type]
    return True
