"""PaperGraph: the Python API over a built knowledge graph.

>>> kg = PaperGraph.load("outputs")                                  # doctest: +SKIP
>>> [row.value for row in kg.leaderboard("ImageNet", "top-1 accuracy")]  # doctest: +SKIP

Every node or name argument accepts an :class:`Entity` (or other record), a
node id, or any name or alias; lists are ordered deterministically with ties
broken by node id.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import networkx as nx

from papergraph.errors import EntityKindError, EntityNotFoundError, NoPathError
from papergraph.graph import model as M
from papergraph.graph.build import build_graph
from papergraph.graph.directions import canonical_metric
from papergraph.graph.index import ENTITY_KINDS, GraphIndex
from papergraph.graph.lists import (
    EntityList,
    LeaderboardList,
    LeaderboardRows,
    PaperList,
    ResultList,
)
from papergraph.graph.records import (
    Cooccurrence,
    Entity,
    Node,
    PaperRecord,
    RelatedPaper,
    ResultRecord,
)
from papergraph.graph.store import load_graph
from papergraph.types import Extraction, Paper

if TYPE_CHECKING:
    from papergraph.graph.leaderboard import Leaderboard, MetricFilter
    from papergraph.notebook import GraphView

Ref = str | Entity | PaperRecord | ResultRecord
#: A paper uses a method, dataset or metric, proposes one, or addresses a task.
_USING = frozenset({M.USES, M.PROPOSES, M.ADDRESSES})
#: A result bound to an entity: its paper uses the entity even where no mention edge says so
#: (a bare "accuracy" is a generic mention, yet "81.9% accuracy" binds the metric).
_BOUND = frozenset({M.HAS_METHOD, M.HAS_DATASET, M.HAS_METRIC, M.HAS_TASK})

#: What to call instead when a lookup that takes one kind (first) is given another (second).
_INSTEAD: dict[tuple[str, str], str] = {
    ("Dataset", "Method"): "kg.neighbors({name!r}, kind='Dataset', relation='evaluatedOn') "
    "lists the datasets a method was evaluated on",
    ("Dataset", "Metric"): "kg.leaderboard(dataset, metric={name!r}) keeps one metric's rows "
    "on a dataset, and kg.papers_using({name!r}) lists the papers that use the metric",
    ("Dataset", "Task"): "kg.papers_using({name!r}) lists the papers that address a task, and "
    "kg.neighbors({name!r}, kind='Method') the methods that address it",
    ("Metric", "Dataset"): "Pass the dataset first: kg.leaderboard({name!r})",
}
_DEFAULT_INSTEAD = "kg.papers_using({name!r}) lists the papers that use it"


class PaperGraph:
    """A read-only view of a papergraph MultiDiGraph with typed queries."""

    def __init__(self, graph: nx.MultiDiGraph, *, name_keys: Mapping[str, Sequence[str]] | None = None) -> None:
        """``name_keys``: the entities' lookup keys when already known (a build's saved graph
        holds them); computed from the names otherwise."""
        self._G = graph
        self._ix = GraphIndex(graph, name_keys)

    # -- construction ---------------------------------------------------------

    @classmethod
    def from_records(
        cls,
        papers: Sequence[Paper],
        extractions: Sequence[Extraction],
        *,
        include_generic: bool = False,
        include_unattested: bool = False,
    ) -> PaperGraph:
        """Link and build from in-memory records (generic mentions and unattested
        methods make no nodes unless asked; see :func:`papergraph.graph.build.build_graph`)."""
        return cls(build_graph(papers, extractions, include_generic=include_generic,
                               include_unattested=include_unattested))

    @classmethod
    def load(
        cls,
        outdir: str | os.PathLike[str] = "outputs",
        *,
        include_generic: bool | None = None,
        include_unattested: bool | None = None,
    ) -> PaperGraph:
        """The graph of a ``papergraph build`` (no NLP rerun): the graph the build saved, or,
        when asked for other options than the build used, linked again from its JSONL outputs.

        ``include_generic`` and ``include_unattested`` default to what the build used (report.json).
        """
        from papergraph._gc import collector_paused

        graph, keys = load_graph(Path(outdir), include_generic=include_generic,
                                 include_unattested=include_unattested)
        with collector_paused():
            return cls(graph, name_keys=keys)

    def to_networkx(self, *, copy: bool = True) -> nx.MultiDiGraph:
        """The underlying graph (a copy unless ``copy=False``; do not mutate that one)."""
        return self._G.copy() if copy else self._G

    def __len__(self) -> int:
        return self._G.number_of_nodes()

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={len(self._ix.by_kind.get(k, ()))}" for k in M.KIND_PREFIX)
        return f"PaperGraph({counts}, edges={self._G.number_of_edges()})"

    # -- records --------------------------------------------------------------

    def node(self, ref: Ref) -> Node:
        """The record of a node: an Entity, PaperRecord or ResultRecord."""
        n = self._node_id(ref)
        d = self._G.nodes[n]
        if d["kind"] == "Paper":
            return PaperRecord.from_node(n, d)
        if d["kind"] == "Result":
            return ResultRecord.from_node(n, d)
        return Entity.from_node(n, d)

    def paper(self, ref: Ref) -> PaperRecord:
        """The paper ``ref`` names: its paper id (``"arxiv:1706.03762"``), node id
        (``"paper:..."``), source id (the id its input record gave: an internal id, a
        Semantic Scholar paperId, an OpenAlex ``"W2741809807"`` or its URL, a BibTeX
        key), or exact title, case-insensitive. Raises EntityNotFoundError when none
        matches, or when a source id is shared by papers from different records
        (the message lists their paper ids).
        """
        if isinstance(ref, PaperRecord):
            ref = ref.id
        if not isinstance(ref, str):
            raise EntityNotFoundError(f"{ref!r} is not a paper; pass a paper id, source id or title")
        return self._paper(self._paper_id(ref))

    def papers(self) -> PaperList:
        """All papers, by node id."""
        return PaperList(self._paper(n) for n in sorted(self._ix.by_kind.get("Paper", ())))

    def entities(self, kind: str | None = None) -> EntityList:
        """The entities of ``kind`` ("Method", "Dataset", "Task" or "Metric"; every kind when None),
        most papers first, then most mentions, then by id."""
        return self._ranked(n for k in self._kinds(kind) for n in self._ix.by_kind.get(k, ()))

    def methods(self) -> EntityList:
        return self._entities("Method")

    def datasets(self) -> EntityList:
        return self._entities("Dataset")

    def tasks(self) -> EntityList:
        return self._entities("Task")

    def metrics(self) -> EntityList:
        return self._entities("Metric")

    def results(self) -> ResultList:
        """All numeric claims, in paper then sentence order."""
        G = self._G
        return ResultList(ResultRecord.from_node(n, G.nodes[n]) for n in self._ix.by_kind.get("Result", ()))

    def entity(self, name: Ref, *, kind: str | None = None) -> Entity:
        """The entity called ``name``: its id, name, any alias, or a case, hyphen,
        spacing or plural variant of one. Raises EntityNotFoundError listing close matches.
        """
        if isinstance(name, Entity):
            name = name.id
        if not isinstance(name, str):
            raise EntityNotFoundError(f"{name!r} is not an entity; pass a name, alias or id")
        if kind is None:
            n = self._ix.lookup(name)
        else:
            self._kinds(kind)
            n = self._lookup(name, kind, "entity", instead="kg.entity({name!r}) finds it as any kind")
        return Entity.from_node(n, self._G.nodes[n])

    def suggest(self, name: str, *, kind: str | None = None, n: int = 5) -> list[Entity]:
        """The entities most likely meant by ``name``, a name that matches nothing
        (a typo): the closest names first and, among names about as close, the
        ones in more papers (:mod:`papergraph.graph.suggest`). The same list as
        the "Did you mean" of :class:`EntityNotFoundError`."""
        return [self._entity(m.node) for m in self._ix.suggest(name, self._kinds(kind), n=n)]

    # -- paper <-> entity queries ---------------------------------------------

    def papers_using(self, entity: Ref, *, include_variants: bool = True) -> PaperList:
        """Papers that use or propose the method, dataset or metric ``entity``, address
        the task ``entity``, or report a result bound to it (by default also its
        variants and splits). Any kind of entity: ``kg.papers_using("ImageNet")``."""
        return self._papers_with(entity, _USING, include_variants, results=True)

    def papers_proposing(self, name: Ref) -> PaperList:
        """Papers that propose ``name`` (a method or dataset, as the extractor marks them)."""
        return self._papers_with(name, frozenset({M.PROPOSES}), False, results=False)

    def methods_evaluated_on(self, dataset: Ref, *, include_variants: bool = True) -> EntityList:
        """Methods with an ``evaluatedOn`` edge to ``dataset`` (or its variants and splits),
        most papers first. Given another kind of entity, raises EntityKindError naming
        the call to use instead."""
        targets = self._targets(dataset, "Dataset", include_variants, "methods_evaluated_on")
        found: set[str] = set()
        for t in targets:
            for u, _v, rel in self._G.in_edges(t, keys=True):
                if rel == M.EVALUATED_ON:
                    found.add(u)
        return self._ranked(found)

    def leaderboard(
        self,
        dataset: Ref,
        metric: Ref | None = None,
        *,
        include_variants: bool = True,
        min_confidence: float = 0.0,
    ) -> LeaderboardRows:
        """The ranked rows on ``dataset`` (with its variants and splits by
        default), as one list: the tables of :meth:`leaderboards` one after the
        other, each best first when its metric's direction is known, else in
        paper order.

        A row is a score the paper claims for a method on the dataset: never a
        change, a baseline's score, a negated or hypothetical claim, or a claim
        naming no metric or method (:meth:`leaderboards` lists those with the
        reason; :meth:`gains` lists the changes). ``metric`` keeps one metric
        and the metrics that contain its name ("accuracy" keeps "top-1
        accuracy"). The same rows as ``papergraph leaderboard``, the canned
        SPARQL ``leaderboard`` query and the viewer's dataset panel.
        """
        from papergraph.graph.leaderboard import flatten

        return LeaderboardRows(
            flatten(
                self._tables(dataset, metric, include_variants, min_confidence, "leaderboard")
            )
        )

    def leaderboards(
        self,
        dataset: Ref,
        metric: Ref | None = None,
        *,
        include_variants: bool = True,
        min_confidence: float = 0.0,
    ) -> LeaderboardList:
        """Every metric's table on ``dataset``: one :class:`Leaderboard` per
        (canonical metric, unit), the most ranked rows first, and last the
        claims that name no metric.

        Only asserted scores with a metric, a dataset and a method are ranked.
        The other scores and baselines' scores on the dataset are listed under
        each table's ``unranked`` with the reason (another system's score,
        negated, hypothetical, no method, a value the metric cannot take, a
        repeat of one claim by one paper). Changes are in :meth:`gains`.
        """
        return LeaderboardList(
            self._tables(dataset, metric, include_variants, min_confidence, "leaderboards")
        )

    def _tables(
        self, dataset: Ref, metric: Ref | None, include_variants: bool, min_confidence: float,
        call: str,
    ) -> list[Leaderboard]:
        from papergraph.graph.leaderboard import leaderboard_tables

        targets = self._targets(dataset, "Dataset", include_variants, call)
        return leaderboard_tables(
            self._G,
            targets,
            metric=None if metric is None else self._metric_filter(metric, call),
            min_confidence=min_confidence,
        )

    def gains(
        self,
        dataset: Ref,
        metric: Ref | None = None,
        *,
        include_variants: bool = True,
        min_confidence: float = 0.0,
    ) -> LeaderboardRows:
        """The changes claimed on ``dataset``: "claimed gains over X".

        One row per asserted change ("+2.1 AP over Mask R-CNN", "a 3x speedup",
        "reduces FLOPs by 40%"), with its ``relation`` (improvement, reduction,
        speedup), the ``baseline`` when the paper names it, and its provenance.
        Changes are never ranked against scores; rows are in paper order.
        """
        from papergraph.graph.leaderboard import gains_rows

        targets = self._targets(dataset, "Dataset", include_variants, "gains")
        return LeaderboardRows(
            gains_rows(
                self._G,
                targets,
                metric=None if metric is None else self._metric_filter(metric, "gains"),
                min_confidence=min_confidence,
            )
        )

    def _metric_filter(self, metric: Ref, call: str) -> MetricFilter:
        from papergraph.graph.leaderboard import MetricFilter

        name = self._ref_name(metric)
        try:
            metric_id: str | None = self._ix.lookup(name, ("Metric",))
        except EntityNotFoundError:
            # "accuracy" may be no entity of its own yet part of several.
            metric_id = None
            key = canonical_metric(name)
            if not any(f" {key} " in f" {k} " for k in self._metric_keys()):
                self._lookup(name, "Metric", call)  # raises, naming the kind when it is another
        label = self._G.nodes[metric_id]["label"] if metric_id else name
        return MetricFilter(metric_id, canonical_metric(label))

    def _metric_keys(self) -> list[str]:
        return [canonical_metric(self._G.nodes[n]["label"]) for n in self._ix.by_kind.get("Metric", ())]

    # -- graph traversal ------------------------------------------------------

    def neighbors(
        self,
        node: Ref,
        kind: str | None = None,
        *,
        relation: str | None = None,
        direction: Literal["out", "in", "both"] = "both",
    ) -> list[Node]:
        """Nodes one edge away from ``node``, optionally of one ``kind`` or ``relation``."""
        n = self._node_id(node)
        found: set[str] = set()
        if direction in ("out", "both"):
            found.update(v for _, v, r in self._G.out_edges(n, keys=True) if relation in (None, r))
        if direction in ("in", "both"):
            found.update(u for u, _, r in self._G.in_edges(n, keys=True) if relation in (None, r))
        if kind is not None:
            found = {f for f in found if self._G.nodes[f]["kind"] == kind}
        return [self.node(f) for f in sorted(found)]

    def shortest_path(self, a: Ref, b: Ref) -> list[Node]:
        """The nodes of a shortest path from ``a`` to ``b``, edges taken either way.

        Of several shortest paths, the one whose node ids come first in order, so
        the answer does not depend on the order the graph was built in.
        """
        na, nb = self._node_id(a), self._node_id(b)
        U = self._G.to_undirected(as_view=True)
        to_b = nx.single_source_shortest_path_length(U, nb)
        if na not in to_b:
            raise NoPathError(f"{na} and {nb} are not connected in this graph")
        path = [na]
        while path[-1] != nb:
            step = to_b[path[-1]] - 1
            path.append(min(n for n in U.neighbors(path[-1]) if to_b.get(n) == step))
        return [self.node(n) for n in path]

    def subgraph(self, nodes: Ref | Iterable[Ref], *, depth: int = 1) -> PaperGraph:
        """The graph induced by ``nodes`` and everything within ``depth`` edges of them."""
        seeds = [nodes] if isinstance(nodes, (str, Entity, PaperRecord, ResultRecord)) else nodes
        frontier = {self._node_id(s) for s in seeds}
        keep = set(frontier)
        U = self._G.to_undirected(as_view=True)
        for _ in range(depth):
            frontier = {m for n in frontier for m in U.neighbors(n)} - keep
            keep |= frontier
        # Keep the parent's insertion order so the subgraph is deterministic too.
        return PaperGraph(self._G.subgraph([n for n in self._G if n in keep]).copy())

    def show(self, nodes: Ref | Iterable[Ref], *, depth: int = 1, height: int = 600) -> GraphView:
        """The viewer of :meth:`subgraph` ``(nodes, depth=depth)``, drawn inline in
        Jupyter (an offline, sandboxed iframe; ``.save(path)`` writes the page)."""
        seeds = [nodes] if isinstance(nodes, (str, Entity, PaperRecord, ResultRecord)) else list(nodes)
        sub = self.subgraph(seeds, depth=depth)
        names = ", ".join(str(self.node(s)) for s in seeds)
        from papergraph.notebook import GraphView

        return GraphView(sub._G, title=f"papergraph: {names}", height=height)

    # -- aggregate queries ----------------------------------------------------

    def cooccurring_methods(
        self, method: Ref | None = None, *, top: int | None = 20, min_papers: int = 1
    ) -> list[Cooccurrence]:
        """Methods used or proposed together, by number of papers.

        With ``method``, its partners (``a`` is the method); without, the top pairs.
        """
        G = self._G
        target = self._lookup(method, "Method", "cooccurring_methods") if method else None
        pairs: Counter[tuple[str, str]] = Counter()
        for ents in self._ix.paper_entities.values():
            ms = sorted(e for e, r in ents.items() if r in _USING and G.nodes[e]["kind"] == "Method")
            if target is not None:
                if target in ms:
                    pairs.update((target, m) for m in ms if m != target)
            else:
                pairs.update(combinations(ms, 2))
        ranked = sorted(
            ((k, c) for k, c in pairs.items() if c >= min_papers), key=lambda kc: (-kc[1], kc[0])
        )
        if top is not None:
            ranked = ranked[:top]
        return [
            Cooccurrence(self._entity(a), self._entity(b), c) for (a, b), c in ranked
        ]

    def related_papers(self, paper: Ref, *, top: int = 10) -> list[RelatedPaper]:
        """Papers sharing entities with ``paper``, rare shared entities weighing more."""
        p = self._paper_id(paper)
        n_papers = max(1, len(self._ix.by_kind.get("Paper", ())))
        scores: dict[str, float] = {}
        shared: dict[str, list[str]] = {}
        for e in sorted(self._ix.paper_entities.get(p, {})):
            others = self._ix.entity_papers[e]
            idf = math.log(n_papers / len(others)) + 1e-9
            for q in others:
                if q != p:
                    scores[q] = scores.get(q, 0.0) + idf
                    shared.setdefault(q, []).append(e)
        ranked = sorted(scores, key=lambda q: (-round(scores[q], 9), q))[:top]
        return [
            RelatedPaper(
                paper=self._paper(q),
                score=round(scores[q], 6),
                shared=tuple(self._entity(e) for e in shared[q]),
            )
            for q in ranked
        ]

    # -- helpers --------------------------------------------------------------

    def _kinds(self, kind: str | None) -> tuple[str, ...]:
        if kind is None:
            return ENTITY_KINDS
        if kind not in ENTITY_KINDS:
            raise EntityNotFoundError(f"unknown kind {kind!r}; use one of {', '.join(ENTITY_KINDS)}")
        return (kind,)

    @staticmethod
    def _ref_name(ref: Ref | None) -> str:
        if isinstance(ref, (Entity, PaperRecord, ResultRecord)):
            return ref.id
        return str(ref)

    def _node_id(self, ref: Ref) -> str:
        if isinstance(ref, (Entity, PaperRecord, ResultRecord)):
            ref = ref.id
        if ref in self._G:
            return ref
        if M.paper_node(ref) in self._G:
            return M.paper_node(ref)
        try:
            return self._ix.lookup(ref)
        except EntityNotFoundError:
            try:
                return self._ix.paper(ref)
            except EntityNotFoundError:
                pass
            raise

    def _paper_id(self, ref: Ref) -> str:
        name = self._ref_name(ref)
        try:
            return self._ix.paper(name)
        except EntityNotFoundError as missing:
            try:
                n = self._ix.lookup(name)
            except EntityNotFoundError:
                raise missing from None
            kind = self._G.nodes[n]["kind"]
            raise EntityKindError(
                f"no paper {name!r} in this graph: {self._G.nodes[n]['label']!r} is a {kind}, "
                f"and this call takes a paper. kg.papers_using({name!r}) lists the papers that "
                "use it.",
                name=name, kind=kind, expected="Paper", node=n,
            ) from None

    def _lookup(self, ref: Ref, kind: str, call: str, *, instead: str | None = None) -> str:
        """The ``kind`` entity ``ref`` names. When it names only another kind of entity,
        raises EntityKindError saying what it is and which call to use instead."""
        name = self._ref_name(ref)
        try:
            return self._ix.lookup(name, (kind,))
        except EntityNotFoundError as missing:
            try:
                n = self._ix.lookup(name, tuple(k for k in ENTITY_KINDS if k != kind))
            except EntityNotFoundError:
                raise missing from None
            found = self._G.nodes[n]["kind"]
            hint = instead or _INSTEAD.get((kind, found), _DEFAULT_INSTEAD)
            raise EntityKindError(
                f"no {kind} named {name!r} in this graph: {self._G.nodes[n]['label']!r} is a "
                f"{found}, and kg.{call}() takes a {kind.lower()}. {hint.format(name=name)}.",
                name=name, kind=found, expected=kind, node=n,
            ) from None

    def _entity(self, n: str) -> Entity:
        return Entity.from_node(n, self._G.nodes[n])

    def _paper(self, n: str) -> PaperRecord:
        return PaperRecord.from_node(n, self._G.nodes[n])

    def _entities(self, kind: str) -> EntityList:
        return self._ranked(self._ix.by_kind.get(kind, ()))

    def _ranked(self, nodes: Iterable[str]) -> EntityList:
        ents = EntityList(self._entity(n) for n in nodes)
        ents.sort(key=lambda e: (-e.n_papers, -e.n_mentions, e.id))
        return ents

    def _targets(self, ref: Ref, kind: str, include_variants: bool, call: str) -> list[str]:
        n = self._lookup(ref, kind, call)
        return self._ix.descendants(n) if include_variants else [n]

    def _papers_with(
        self, ref: Ref, relations: frozenset[str], include_variants: bool, *, results: bool
    ) -> PaperList:
        n = self._ix.lookup(self._ref_name(ref))
        targets = self._ix.descendants(n) if include_variants else [n]
        found = {
            p
            for t in targets
            for p, rel in self._ix.entity_papers.get(t, {}).items()
            if rel in relations
        }
        if results:
            G = self._G
            found.update(
                G.nodes[res]["paper"]
                for t in targets
                for res, _, rel in G.in_edges(t, keys=True)
                if rel in _BOUND and G.nodes[res].get("paper") in G
            )
        return PaperList(self._paper(p) for p in sorted(found))


def load(
    outdir: str | os.PathLike[str] = "outputs",
    *,
    include_generic: bool | None = None,
    include_unattested: bool | None = None,
) -> PaperGraph:
    """The graph of a finished ``papergraph build`` in ``outdir``."""
    return PaperGraph.load(outdir, include_generic=include_generic, include_unattested=include_unattested)

