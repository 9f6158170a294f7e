"""Inference-time speed-ups for the trained NER that leave its output unchanged.

Two costs dominate running the model on CPU, and both are handled here once
the pipeline is loaded (:func:`prepare`):

* **Matrix products.** thinc's ``NumpyOps.gemm`` calls the BLIS kernels bundled
  with thinc; numpy's ``matmul`` calls the OpenBLAS numpy ships with, which on
  the machines measured ran the CNN's products 3-4x faster. :class:`MatmulOps`
  is ``NumpyOps`` with ``gemm`` done by ``numpy.matmul``, set on every layer of
  the loaded model. Spans are identical; scores differ in the last float bits.
* **Subword vector lookups.** With floret vectors, each token's static vector
  is the mean of a dozen hashed subword rows, recomputed at every occurrence.
  :class:`FloretRows` keeps each spelling's row once computed (bounded), shared
  by every model on the same vectors, and the ``static_vectors`` layer reads
  from it (:func:`_static_vectors_forward`: the same projection, inference only).

numpy's OpenBLAS may start a thread per core; inside the model, calls are held
to one thread (:func:`one_blas_thread`), so ``--jobs N`` worker processes do not
contend for cores.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps
from thinc.types import Ragged

# Spellings whose vector row is kept: 50,000 x 100 floats is 20 MB. The cache
# is emptied when full; over arXiv abstracts a spelling recurs about 3 times in 4.
FLORET_CACHE_ROWS = 50_000


class MatmulOps(NumpyOps):
    """``NumpyOps`` whose ``gemm`` is ``numpy.matmul`` (numpy's BLAS instead of BLIS)."""

    name = "papergraph_matmul"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):  # type: ignore[override]
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


class FloretRows:
    """Static vector rows by token key, computed once per spelling (up to ``capacity``)."""

    def __init__(self, vectors: Any, capacity: int = FLORET_CACHE_ROWS) -> None:
        self.vectors = vectors
        self.capacity = capacity
        self.width = int(vectors.shape[1])
        self._index: dict[int, int] = {}
        self._table = numpy.zeros((1024, self.width), dtype="f")

    def __len__(self) -> int:
        return len(self._index)

    def rows(self, keys: numpy.ndarray) -> numpy.ndarray:
        """The vectors table's rows for ``keys`` (one per key, in order), as ``get_batch`` gives them."""
        uniq, inverse = numpy.unique(keys, return_inverse=True)
        index = self._index
        wanted = uniq.tolist()
        missing = [k for k in wanted if k not in index]
        if missing:
            if len(index) + len(missing) > self.capacity:
                index.clear()
                missing = wanted
            new = numpy.asarray(self.vectors.get_batch(numpy.asarray(missing, dtype="uint64")), dtype="f")
            start = len(index)
            self._grow(start + len(missing))
            self._table[start : start + len(missing)] = new
            for i, k in enumerate(missing, start):
                index[k] = i
        pos = numpy.fromiter((index[k] for k in wanted), dtype="int64", count=len(wanted))
        return self._table[pos[inverse.ravel()]]

    def _grow(self, n: int) -> None:
        if n > len(self._table):
            size = len(self._table)
            while size < n:
                size *= 2
            table = numpy.zeros((size, self.width), dtype="f")
            table[: len(self._table)] = self._table
            self._table = table


def _static_vectors_forward(cache: FloretRows, original: Callable) -> Callable:
    """spaCy's ``static_vectors`` forward at inference, reading rows from ``cache``."""

    def forward(model, docs: list[Doc], is_train: bool):
        if is_train or not docs:
            return original(model, docs, is_train)
        lengths = [len(d) for d in docs]
        n_out = model.get_dim("nO")
        if not sum(lengths):
            return Ragged(model.ops.alloc2f(0, n_out), model.ops.alloc1i(0)), _no_backprop
        attr = getattr(docs[0].vocab.vectors, "attr", ORTH)
        keys = numpy.concatenate([d.to_array(attr) for d in docs])
        V = cache.rows(keys)
        Y = model.ops.gemm(V, model.ops.as_contig(model.get_param("W")), trans2=True)
        return Ragged(Y, model.ops.asarray1i(lengths)), _no_backprop

    forward.papergraph_cached = True  # type: ignore[attr-defined]
    return forward


def _no_backprop(d_output: Ragged) -> list[Doc]:
    raise RuntimeError("papergraph's cached static vectors are for inference only")


_CACHES: dict[int, FloretRows] = {}


def floret_rows(vectors: Any) -> FloretRows:
    """The row cache for one vectors table, shared by every model that reads it."""
    cache = _CACHES.get(id(vectors))
    if cache is None or cache.vectors is not vectors:
        cache = _CACHES[id(vectors)] = FloretRows(vectors)
    return cache


def load_pipeline(path: Path, **kwargs: Any) -> Language:
    """``spacy.load(path, **kwargs)`` with papergraph's tokenizer registered, which the models name."""
    import spacy

    # An installed papergraph registers it through an entry point; importing
    # the module does so from a source checkout too.
    with contextlib.suppress(ImportError):
        import papergraph.extract.tokenizer  # noqa: F401
    return spacy.load(path, **kwargs)


def layers(nlp: Language) -> Iterator[Any]:
    """Every thinc layer of ``nlp``'s trainable components."""
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None:
            yield from model.walk()


def prepare(model: Language) -> Language:
    """Set :class:`MatmulOps` and, with floret vectors, the shared row cache on ``model``'s layers."""
    ops = MatmulOps()
    vectors = model.vocab.vectors
    floret = getattr(vectors, "mode", None) == "floret" and vectors.shape[0] > 0
    for node in layers(model):
        node.ops = ops
        if floret and node.name == "static_vectors" and not getattr(node._func, "papergraph_cached", False):
            node._func = _static_vectors_forward(floret_rows(vectors), node._func)
    return model


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Hold numpy's BLAS to one thread inside the block (a no-op where it cannot be set)."""
    controller = _controller()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


_CONTROLLER: list[Any] = []


def _controller() -> Any:
    if not _CONTROLLER:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # pragma: no cover - a declared dependency
            _CONTROLLER.append(None)
        else:
            _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0]
