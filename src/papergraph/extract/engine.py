"""The extraction pipeline factory and the :class:`Extractor` (see package docs)."""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields as dataclass_fields
from itertools import islice
from typing import TypeVar

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from papergraph._gc import collector_paused

# Importing the component modules registers their factories with spaCy.
from papergraph.extract import (  # noqa: F401
    abbreviations,
    gazetteer,
    patterns,
    proposed,
    resolve,
    results,
    sentences,
    urls,
)
from papergraph.extract.generic import is_generic
from papergraph.extract.merge import round3
from papergraph.extract.state import KEY, DocState, FieldSpan, compose
from papergraph.extract.tokenizer import blank_nlp
from papergraph.ingest.records import MAX_TEXT_CHARS, fit_abstract
from papergraph.types import Extraction, Mention, Paper, Result

_R = TypeVar("_R", Mention, Result)

RULE_COMPONENTS = ("pg_sentences", "pg_gazetteer", "pg_patterns", "pg_abbreviations")
POST_COMPONENTS = ("pg_merge", "pg_proposed", "pg_results", "pg_code_urls")


def _shipped_model_vocab() -> Vocab | None:
    """The vocabulary of the shipped NER model, or None when there is no model."""
    try:
        from papergraph.extract.ner import has_model, load_model
    except (ImportError, AttributeError):
        return None
    return load_model().vocab if has_model() else None


def build_nlp(*, use_model: bool = True, ensemble: bool = True) -> Language:
    """A fresh papergraph pipeline: rule components, the NER when shipped, then merge and results.

    ``ensemble=False`` runs the shipped NER's first model alone, without the
    members it votes with (about a third of the NER's cost).

    With the model, the pipeline is built on the model's vocabulary (its
    floret vectors included): the model was trained with the same tokenizer,
    so it runs on the pipeline's own Docs and each text is tokenized once.
    """
    vocab = _shipped_model_vocab() if use_model else None
    nlp = blank_nlp(vocab)
    if vocab is None:
        _rule_layer_lexemes(nlp.vocab)
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    if vocab is not None:
        from papergraph.extract.ner import add_ner

        add_ner(nlp, ensemble=ensemble)
    for name in POST_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def _rule_layer_lexemes(vocab: Vocab) -> None:
    """Compute only the lexical attribute the rule layer reads for each new word.

    spaCy fills about twenty attributes (shape, stop word, like_num, ...) by
    calling Python functions the first time it meets a word, and over a
    corpus of abstracts most chunks hold a word it has not met. The rule
    components read token text (ORTH, always set) and LOWER (the gazetteer's
    case-insensitive PhraseMatcher), so the rest is skipped: tokenizing new
    text is about a quarter cheaper. The trained NER reads NORM, PREFIX,
    SUFFIX and SHAPE, so a pipeline with the model keeps spaCy's getters.
    """
    vocab.lex_attr_getters = {LOWER: vocab.lex_attr_getters[LOWER]}  # type: ignore[attr-defined]


class _Sentences:
    """:func:`_sentence` for one Doc, each sentence mapped to the original string once."""

    def __init__(self, st: DocState) -> None:
        self.st = st
        self.seen: dict[tuple[int, int, int], str] = {}

    def __call__(self, pos: int, f: FieldSpan) -> str:
        s0, s1 = self.st.sent_at(pos)
        key = (s0, s1, f.start)
        out = self.seen.get(key)
        if out is None:
            a, b = f.norm.to_original(max(0, s0 - f.start), min(f.end, s1) - f.start)
            out = self.seen[key] = f.norm.original[a:b]
        return out


# _record fills a frozen record's slots directly, in field declaration order:
# the dataclass __init__ is interpreted Python that goes through
# object.__setattr__ once per field, and an abstract yields dozens of mentions.
# Each slot's own setter skips the attribute lookup object.__setattr__ makes.
_SETTERS: dict[type, tuple[Callable[[object, object], None], ...]] = {
    cls: tuple(cls.__dict__[f.name].__set__ for f in dataclass_fields(cls)) for cls in (Mention, Result)
}
_new = object.__new__


def _record(cls: type[_R], values: tuple[object, ...]) -> _R:
    """``cls(*values)`` for the frozen Mention and Result, without their __init__."""
    obj = _new(cls)
    for setter, value in zip(_SETTERS[cls], values, strict=True):
        setter(obj, value)
    return obj


def doc_to_extraction(paper: Paper, doc: Doc) -> Extraction:
    """Turn a processed Doc into the output record, offsets mapped to the original strings."""
    st: DocState = doc.user_data[KEY]
    text = st.text
    sentence = _Sentences(st)
    mentions: list[Mention] = []
    for e in st.entities:
        f = st.field_at(e.start)
        if e.end > f.end:
            continue  # a span across the title/abstract gap
        a, b = f.norm.to_original(e.start - f.start, e.end - f.start)
        canonical = e.canonical or " ".join(text[e.start : e.end].split())
        generic = is_generic(canonical, e.label)
        mentions.append(
            _record(
                Mention,
                (
                    f.norm.original[a:b],  # text
                    e.label,
                    f.name,  # field
                    a,  # start
                    b,  # end
                    canonical,
                    e.proposed and not generic,  # a generic term is never proposed
                    round3(float(e.confidence)),
                    e.source,
                    sentence(e.start, f),
                    generic,
                ),
            )
        )
    found: list[Result] = []
    for r in st.results:
        f = st.field_at(r.start)
        a, b = f.norm.to_original(r.start - f.start, r.end - f.start)
        found.append(
            _record(
                Result,
                (
                    r.value,
                    r.value_text,  # value_text: from the cleaned text ("80.0\\%" is "80.0%")
                    r.unit,
                    r.metric,
                    r.dataset,
                    r.method,
                    r.task,
                    r.baseline,
                    r.relation,
                    sentence(r.start, f),
                    f.name,  # field
                    a,  # start
                    b,  # end
                    r.confidence,
                    r.kind,
                    r.flag,
                    r.reason,
                ),
            )
        )
    order = {"title": 0, "abstract": 1}
    mentions.sort(key=lambda m: (order[m.field], m.start, m.end))
    return Extraction(
        id=paper.id,
        title=paper.title,
        entities=tuple(mentions),
        results=tuple(found),
        code_urls=tuple(st.code_urls),
        source_id=paper.source_id,
    )


# The cyclic garbage collector is off while a batch is processed. A batch's
# Docs, candidates and records live until the batch is done, so every young
# collection during it scanned and promoted them, and the older generations
# scanned them again (with the young threshold at 20,000, collections still
# took about 5% of a batch). Nothing the pipeline makes is freed by the
# collector alone: reference counting frees each batch when it is dropped, and
# whatever cycles remain are collected once the caller's setting is back. The
# caller's state is restored before each batch's results are handed back.


class Extractor:
    """Runs the papergraph pipeline over papers; one Extraction per paper, in order."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def make_doc(self, paper: Paper) -> Doc:
        title, abstract = paper.title or "", paper.abstract or ""
        if len(abstract) > MAX_TEXT_CHARS or len(title) > MAX_TEXT_CHARS:
            # Papers made in code skip ingest's cap: read the same prefix ingest would keep, so
            # offsets still index the paper's own strings and spaCy never sees an over-long text.
            title, abstract = title[:MAX_TEXT_CHARS], fit_abstract(abstract)[0]
        text, fields = compose(title, abstract)
        doc = self.nlp.make_doc(text)
        doc.user_data[KEY] = DocState(fields=fields, text=text)
        return doc

    def extract_one(self, paper: Paper) -> Extraction:
        doc = self.make_doc(paper)
        for _, proc in self.nlp.pipeline:
            doc = proc(doc)
        return doc_to_extraction(paper, doc)

    def _extract_serial(self, papers: Iterable[Paper], batch_size: int) -> Iterator[Extraction]:
        it = iter(papers)
        while batch := list(islice(it, batch_size)):
            with collector_paused():
                docs = [self.make_doc(p) for p in batch]
                # One component at a time over the whole batch, where nlp.pipe passes
                # each Doc through every component in turn: a component's code and
                # tables stay in the processor's caches across the batch, and the rule
                # layer runs about 15% faster. Each Doc sees the same components in
                # the same order either way; the NER runs its own batched pipe.
                for _, proc in self.nlp.pipeline:
                    pipe = getattr(proc, "pipe", None)
                    docs = list(pipe(docs, batch_size=len(docs))) if pipe is not None else [proc(d) for d in docs]
                done = [doc_to_extraction(paper, doc) for paper, doc in zip(batch, docs, strict=True)]
                # Freed here, while the collector is off: the first young collection
                # afterwards would otherwise scan the whole batch's Docs and state.
                del docs
            yield from done

    def extract(self, papers: Iterable[Paper], *, n_process: int = 1, batch_size: int = 256) -> Iterator[Extraction]:
        """Yield exactly one Extraction per paper, in input order."""
        if n_process == -1:
            n_process = os.cpu_count() or 1
        if n_process <= 1:
            yield from self._extract_serial(papers, batch_size)
            return
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        global _WORKER
        _WORKER = self  # inherited by forked workers; spawn workers build their own
        use_model = "ner_model" in self.nlp.pipe_names
        ensemble = use_model and getattr(self.nlp.get_pipe("ner_model"), "n_models", 1) > 1
        # Objects that exist before the fork move to a generation the collector
        # never scans, so forked workers do not copy the parent's pages by
        # touching them (the pipeline and its gazetteer are large).
        gc.freeze()
        try:
            with ctx.Pool(n_process, initializer=_init_worker, initargs=(use_model, ensemble)) as pool:
                chunks = _chunks(papers, batch_size)
                for batch in pool.imap(_run_chunk, chunks):
                    yield from batch
        finally:
            gc.unfreeze()


_WORKER: Extractor | None = None
_CACHE: dict[tuple[bool, bool], Extractor] = {}


def _chunks(papers: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    it = iter(papers)
    while batch := list(islice(it, size)):
        yield batch


def _init_worker(use_model: bool, ensemble: bool) -> None:
    global _WORKER
    if _WORKER is None:
        _WORKER = load_extractor(use_model=use_model, ensemble=ensemble)


def _run_chunk(batch: list[Paper]) -> list[Extraction]:
    assert _WORKER is not None
    return list(_WORKER._extract_serial(batch, len(batch)))


def load_extractor(*, use_model: bool = True, ensemble: bool = True) -> Extractor:
    """The papergraph Extractor; the spaCy pipeline is built once per process and option.

    ``ensemble=False``: the NER's first model alone (see :func:`build_nlp`).
    """
    key = (use_model, ensemble and use_model)
    ex = _CACHE.get(key)
    if ex is None:
        ex = _CACHE[key] = Extractor(build_nlp(use_model=use_model, ensemble=ensemble))
    return ex
