"""The NLP pass: one spaCy pipeline of small named components.

Contract (used by papergraph.pipeline):

    load_extractor(*, use_model: bool = True) -> Extractor
    Extractor.extract(papers: Iterable[Paper], *, n_process: int = 1,
                      batch_size: int = 256) -> Iterator[Extraction]

``extract`` yields exactly one Extraction per input paper, in input order. It
takes the papers ``batch_size`` at a time and runs each component over the
whole batch before the next one; a paper's extraction is the same in any batch
(``Extractor.extract_one`` runs one paper alone).

Components, in pipeline order: ``pg_sentences``, ``pg_gazetteer``,
``pg_patterns``, ``pg_abbreviations``, ``ner_model`` (when a trained model is
shipped), ``pg_merge``, ``pg_proposed``, ``pg_results``, ``pg_code_urls``.
"""

from __future__ import annotations

from importlib import import_module
from importlib.machinery import EXTENSION_SUFFIXES
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from papergraph.extract.engine import Extractor, build_nlp, load_extractor

__all__ = ["Extractor", "build_nlp", "is_compiled", "load_extractor"]
_FROM_ENGINE = frozenset({"Extractor", "build_nlp", "load_extractor"})


def __getattr__(name: str) -> Any:
    # The engine imports spaCy (about a second); the modules beside it that the
    # graph and papergraph.load() use (generic, vocab) do not need it.
    if name in _FROM_ENGINE:
        return getattr(import_module("papergraph.extract.engine"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_compiled() -> bool:
    """Is the extraction pipeline the mypyc-compiled build (a regular wheel install)?

    Editable installs and builds without a C compiler run the same code as
    plain Python: same results, slower.
    """
    return (import_module("papergraph.extract.engine").__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))
