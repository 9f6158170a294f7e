"""The typed records PaperGraph returns, read from the networkx node attributes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Entity:
    """A method, dataset, task or metric."""

    id: str
    kind: str
    name: str
    aliases: tuple[tuple[str, int], ...]  # (surface form, count), most frequent first
    n_papers: int
    n_mentions: int
    gazetteer: bool = False
    variant_of: str | None = None
    subset_of: str | None = None
    split: str | None = None
    direction: str | None = None  # Metric only: "higher" | "lower" | None

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_node(cls, node: str, d: dict[str, Any]) -> Entity:
        return cls(
            id=node,
            kind=d["kind"],
            name=d["label"],
            aliases=tuple(d.get("aliases", {}).items()),
            n_papers=d.get("papers", 0),
            n_mentions=d.get("mentions", 0),
            gazetteer=bool(d.get("gazetteer", False)),
            variant_of=d.get("variant_of"),
            subset_of=d.get("subset_of"),
            split=d.get("split"),
            direction=d.get("direction"),
        )


@dataclass(frozen=True, slots=True)
class PaperRecord:
    """A paper node. ``id`` is the node id (``paper:<paper_id>``).

    ``title`` is "" for a paper read without one; ``label`` is then the opening
    words of its abstract. ``source_id`` is the input record's own id
    (``merged_source_ids``: those of the duplicates merged into it).
    """

    id: str
    paper_id: str
    title: str
    date: str | None
    authors: tuple[str, ...]
    code_urls: tuple[str, ...]
    urls: tuple[str, ...]
    arxiv_id: str | None
    doi: str | None
    upvotes: int | None
    source_id: str | None = None
    merged_source_ids: tuple[str, ...] = ()
    label: str = ""

    def __str__(self) -> str:
        return self.title or self.label

    @classmethod
    def from_node(cls, node: str, d: dict[str, Any]) -> PaperRecord:
        return cls(
            id=node,
            paper_id=node.split(":", 1)[1],
            title=d.get("title", ""),
            date=d.get("date"),
            authors=tuple(d.get("authors") or ()),
            code_urls=tuple(d.get("code_urls") or ()),
            urls=tuple(d.get("urls") or ()),
            arxiv_id=d.get("arxiv_id"),
            doi=d.get("doi"),
            upvotes=d.get("upvotes"),
            source_id=d.get("source_id"),
            merged_source_ids=tuple(d.get("merged_source_ids") or ()),
            label=d.get("label") or d.get("title") or "",
        )


@dataclass(frozen=True, slots=True)
class ResultRecord:
    """A numeric claim; entity fields are the surface text the paper used."""

    id: str
    paper: str  # paper node id
    value: float
    value_text: str
    unit: str | None
    relation: str
    metric: str | None
    dataset: str | None
    method: str | None
    baseline: str | None
    task: str | None
    sentence: str
    field: str
    start: int
    end: int
    confidence: float
    claim: str = "score"  # the claim's kind: score | change | other-system | not-a-result
    flag: str = "none"  # none | negated | hypothetical
    reason: str = ""  # why the kind and flag were chosen
    board: str = ""  # "ranked", or why the claim is not a leaderboard row

    def __str__(self) -> str:
        return self.sentence

    @classmethod
    def from_node(cls, node: str, d: dict[str, Any]) -> ResultRecord:
        return cls(
            id=node,
            **{k: d.get(k) for k in cls.__dataclass_fields__ if k != "id"},  # type: ignore[arg-type]
        )


Node = Entity | PaperRecord | ResultRecord


@dataclass(frozen=True, slots=True)
class LeaderboardRow:
    """One result on a leaderboard, with the entities it was linked to."""

    paper: str  # paper id, e.g. "arxiv:2110.00476"
    paper_title: str
    method: str | None  # entity name, or the result's own text when unlinked
    dataset: str
    metric: str | None
    value: float
    value_text: str
    unit: str | None
    relation: str
    baseline: str | None
    sentence: str
    confidence: float
    direction: str | None  # of the metric: "higher" | "lower" | None
    result: str  # result node id
    method_id: str | None
    dataset_id: str
    metric_id: str | None
    field: str
    start: int
    end: int
    claim: str = "score"  # score | change | other-system (not-a-result claims are never rows)
    flag: str = "none"
    status: str = "ranked"  # "ranked", or why the claim is not a leaderboard row
    conflict: bool = False  # another ranked claim gives this method, dataset and metric another value
    kind_reason: str = ""  # why the extractor chose the claim's kind, and which binding is unsure


@dataclass(frozen=True, slots=True)
class Cooccurrence:
    """Two methods used or proposed together by ``papers`` papers."""

    a: Entity
    b: Entity
    papers: int


@dataclass(frozen=True, slots=True)
class RelatedPaper:
    """A paper sharing entities with another; ``score`` weights rare entities more (idf)."""

    paper: PaperRecord
    score: float
    shared: tuple[Entity, ...]
