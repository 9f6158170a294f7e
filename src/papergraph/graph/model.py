"""The shape of papergraph's networkx graph: node kinds, node ids, edge relations.

This module is the contract between ``graph`` (which builds the MultiDiGraph),
``rdf`` (which maps it to triples) and ``viz`` (which draws it).

Nodes
-----
Every node has ``kind`` (one of :data:`~papergraph.types.NODE_KINDS`) and
``label`` (the display name). Node ids are strings with a kind prefix:

===========  =====================================  ==============================================
kind         id                                     further attributes
===========  =====================================  ==============================================
Paper        ``paper:<paper id>``                   title ("" when the record had none; label is
                                                    then the abstract's opening words), abstract,
                                                    date, authors (list), n_authors, upvotes,
                                                    arxiv_id, doi, urls (list), code_urls (list),
                                                    source_file, source_line, source_id (the
                                                    record's own id or None), merged_source_ids
                                                    (list: the merged duplicates' ids)
Method       ``method:<slug>``                      aliases (dict surface form -> count),
Dataset      ``dataset:<slug>``                     mentions (int), papers (int), gazetteer (bool),
Task         ``task:<slug>``                        variant_of (node id or None; Method/Dataset)
Metric       ``metric:<slug>``                      direction ("higher"|"lower"|None; Metric only)
Result       ``result:<paper id>:<n>``              value, value_text, unit, relation, metric,
                                                    dataset, method, task, baseline (surface text
                                                    or None), paper (paper node id), sentence,
                                                    field, start, end, confidence
===========  =====================================  ==============================================

Edges
-----
Edges are keyed by their relation name (``G.add_edge(u, v, key=rel, ...)``),
so parallel edges of different relations coexist. Every edge carries
provenance: ``relation``, ``paper`` (paper node id), ``sentence``, ``field``,
``start``, ``end``, ``confidence``, ``source`` (extractor component). When the
same relation between the same nodes is found several times, the edge keeps
the first occurrence (in document order) and ``count`` records how many.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Final

from papergraph.types import NodeKind

# Relation names (edge keys). Subject kind -> object kind is given beside each.
PROPOSES: Final = "proposes"  # Paper -> Method | Dataset
USES: Final = "uses"  # Paper -> Method | Dataset | Metric
EVALUATED_ON: Final = "evaluatedOn"  # Method -> Dataset
ADDRESSES: Final = "addresses"  # Paper -> Task, Method -> Task
REPORTS: Final = "reports"  # Paper -> Result
HAS_METRIC: Final = "hasMetric"  # Result -> Metric
HAS_DATASET: Final = "hasDataset"  # Result -> Dataset
HAS_METHOD: Final = "hasMethod"  # Result -> Method
HAS_BASELINE: Final = "hasBaseline"  # Result -> Method
HAS_TASK: Final = "hasTask"  # Result -> Task
OUTPERFORMS: Final = "outperforms"  # Method -> Method (from comparative claims)
VARIANT_OF: Final = "variantOf"  # Method -> Method, Dataset -> Dataset (ResNet-50 -> ResNet)
SUBSET_OF: Final = "subsetOf"  # Dataset -> Dataset (ImageNet-val -> ImageNet)
MENTIONS: Final = "mentions"  # Paper -> Task | Metric | Method | Dataset when nothing stronger

RELATIONS: Final = (
    PROPOSES,
    USES,
    EVALUATED_ON,
    ADDRESSES,
    REPORTS,
    HAS_METRIC,
    HAS_DATASET,
    HAS_METHOD,
    HAS_BASELINE,
    HAS_TASK,
    OUTPERFORMS,
    VARIANT_OF,
    SUBSET_OF,
    MENTIONS,
)

KIND_PREFIX: Final[dict[NodeKind, str]] = {
    "Paper": "paper",
    "Method": "method",
    "Dataset": "dataset",
    "Task": "task",
    "Metric": "metric",
    "Result": "result",
}

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A readable, ASCII, lower-case slug; falls back to a hash for non-Latin names.

    >>> slug("ImageNet-1K")
    'imagenet-1k'
    >>> slug("  Top-1 Accuracy ")
    'top-1-accuracy'
    """
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = _NON_SLUG.sub("-", ascii_.lower()).strip("-")
    if not s:
        s = "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return s[:80]


def node_id(kind: NodeKind, key: str) -> str:
    """The node id of an entity of ``kind`` whose canonical key is ``key``.

    >>> node_id("Dataset", "ImageNet-1K")
    'dataset:imagenet-1k'
    """
    if kind == "Paper" or kind == "Result":
        return f"{KIND_PREFIX[kind]}:{key}"
    return f"{KIND_PREFIX[kind]}:{slug(key)}"


def paper_node(paper_id: str) -> str:
    return f"paper:{paper_id}"


def result_node(paper_id: str, n: int) -> str:
    return f"result:{paper_id}:{n}"


def kind_of(node: str) -> str:
    """The kind of a node id, from its prefix."""
    prefix = node.split(":", 1)[0]
    for kind, p in KIND_PREFIX.items():
        if p == prefix:
            return kind
    raise ValueError(f"not a papergraph node id: {node!r}")
