"""Papers + extractions -> the networkx MultiDiGraph described in graph/model.py.

Insertion order is fixed: papers (input order), entities (by id), results
(paper order, then result order), then edges in the order they were first
found. The same input therefore gives the same graph, attribute for attribute.

Edges that papergraph infers rather than reads (documented in docs/api.md):

* ``Method addresses Task`` and ``Method evaluatedOn Dataset`` for a method a
  paper proposes and a task/dataset the same paper names (``source`` is
  ``"cooccurrence"``, confidence halved), besides ``evaluatedOn`` from results;
* ``variantOf`` / ``subsetOf`` from the names themselves (``source``
  ``"link.variants"``), with the provenance of the variant's first occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import networkx as nx

from papergraph.graph import model as M
from papergraph.graph.directions import metric_direction
from papergraph.graph.evidence import generic_holders, unattested
from papergraph.graph.leaderboard import mark_leaderboard
from papergraph.link.linker import RESULT_FIELDS, Linking, ResultLinks, link
from papergraph.progress import ProgressFn, Throttle, noop
from papergraph.types import Extraction, Mention, Paper, Result

#: Below this confidence a mention only ``mentions`` an entity; it is not taken
#: as evidence that the paper uses or proposes it.
MIN_USE_CONFIDENCE = 0.5
COOCCURRENCE_DISCOUNT = 0.5
_RESULT_EDGE = {
    "metric": M.HAS_METRIC,
    "dataset": M.HAS_DATASET,
    "method": M.HAS_METHOD,
    "baseline": M.HAS_BASELINE,
    "task": M.HAS_TASK,
}
_DROPPED = ""  # the entity id of a mention whose entity makes no node
_NO_PROV: dict[str, Any] = {"paper": None, "sentence": "", "field": None, "start": None, "end": None}
_STRENGTH = {M.PROPOSES: 3, M.USES: 2, M.ADDRESSES: 2, M.MENTIONS: 1}
_PAPER_RELATIONS = frozenset(_STRENGTH)


class _Edges:
    """Edges in first-found order; a repeat only bumps ``count``."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(self, u: str, v: str, rel: str, prov: dict[str, Any]) -> None:
        d = self.data.get((u, v, rel))
        if d is None:
            self.data[(u, v, rel)] = {"relation": rel, **prov, "count": 1}
        elif d["source"] == "cooccurrence" and prov["source"] != "cooccurrence":
            # Direct evidence (a result) outranks an inference from co-occurrence.
            self.data[(u, v, rel)] = {"relation": rel, **prov, "count": d["count"] + 1}
        else:
            d["count"] += 1


def _mention_prov(paper: str, m: Mention) -> dict[str, Any]:
    return {
        "paper": paper,
        "sentence": m.sentence,
        "field": m.field,
        "start": m.start,
        "end": m.end,
        "confidence": m.confidence,
        "source": m.source,
    }


def _result_prov(paper: str, r: Result) -> dict[str, Any]:
    return {
        "paper": paper,
        "sentence": r.sentence,
        "field": r.field,
        "start": r.start,
        "end": r.end,
        "confidence": r.confidence,
        "source": "results",
    }


def _doc_order(m: Mention) -> tuple[int, int, int]:
    return (0 if m.field == "title" else 1, m.start, m.end)


def _paper_relation(kind: str, proposed: bool, confidence: float) -> str:
    if confidence < MIN_USE_CONFIDENCE:
        return M.MENTIONS
    if proposed and kind in ("Method", "Dataset"):
        return M.PROPOSES
    return M.ADDRESSES if kind == "Task" else M.USES


#: An untitled paper is labelled with this many opening words of its abstract.
LABEL_WORDS = 8


def paper_label(p: Paper) -> str:
    """The title; for an untitled paper the opening words of its abstract ("..." when
    cut), else its source id, else its id: every paper node has a non-empty label."""
    if p.title.strip():
        return p.title
    words = p.abstract.split()
    if words:
        return " ".join(words[:LABEL_WORDS]) + ("\u2026" if len(words) > LABEL_WORDS else "")
    return p.source_id or p.id


def _paper_attrs(p: Paper, code_urls: tuple[str, ...]) -> dict[str, Any]:
    return {
        "kind": "Paper",
        "label": paper_label(p),
        "title": p.title,
        "abstract": p.abstract,
        "date": p.date,
        "authors": list(p.authors),
        "n_authors": p.n_authors,
        "upvotes": p.upvotes,
        "arxiv_id": p.arxiv_id,
        "doi": p.doi,
        "urls": list(p.urls),
        "code_urls": list(dict.fromkeys((*p.code_urls, *code_urls))),
        "source_file": p.source_file,
        "source_line": p.source_line,
        "source_id": p.source_id,
        "merged_source_ids": list(p.merged_source_ids),
    }


def without_generic(ex: Extraction) -> Extraction:
    """``ex`` without its generic mentions (the same record when it has none)."""
    if not any(m.generic for m in ex.entities):
        return ex
    return replace(ex, entities=tuple(m for m in ex.entities if not m.generic))


def _without(linking: Linking, drop: frozenset[str]) -> Linking:
    """``linking`` with the entities in ``drop`` removed from every mention and result."""
    if not drop:
        return linking
    fields = [attr for attr, _kind in RESULT_FIELDS]

    def keep(rl: ResultLinks) -> ResultLinks:
        gone = {attr: None for attr in fields if getattr(rl, attr) in drop}
        return replace(rl, **gone) if gone else rl

    mentions = tuple(tuple(_DROPPED if eid in drop else eid for eid in ids) for ids in linking.mentions)
    results = tuple(tuple(keep(rl) for rl in links) for links in linking.results)
    entities = tuple(
        replace(e, variant_of=None if e.variant_of in drop else e.variant_of)
        for e in linking.entities if e.id not in drop
    )
    return Linking(entities=entities, mentions=mentions, results=results)


def build_graph(
    papers: Sequence[Paper],
    extractions: Sequence[Extraction],
    *,
    linking: Linking | None = None,
    include_generic: bool = False,
    include_unattested: bool = False,
    progress: ProgressFn | None = None,
) -> nx.MultiDiGraph:
    """Link ``extractions`` and build the graph; see :mod:`papergraph.graph.model`.

    Papers without an extraction become bare Paper nodes; an extraction whose
    paper is missing gets a Paper node from its id and title. Generic mentions
    ("neural network", "accuracy" as a bare word; ``Mention.generic``) make no
    entity nodes or edges unless ``include_generic``: they would be hubs that
    link everything. A result still names its metric, generic or not.
    Unattested methods (a plain-word name of one paper, in no dictionary and
    not proposed; :mod:`papergraph.graph.evidence`) make no nodes either
    unless ``include_unattested``. ``progress`` hears stages "link" and
    "merge" (see :func:`papergraph.link.link`), "graph" (in papers) and
    "edges" (one step), see :mod:`papergraph.progress`.
    """
    progress = progress or noop
    if not include_generic:
        extractions = [without_generic(ex) for ex in extractions]
    by_id = {p.id: p for p in papers}
    if linking is None:
        linking = link(extractions, papers=by_id, progress=progress)
    dropped = frozenset() if include_unattested else unattested(linking, extractions)
    linking = _without(linking, dropped | (frozenset() if include_generic else generic_holders(linking)))
    G = nx.MultiDiGraph(unattested_methods=len(dropped))
    ex_code = {ex.id: ex.code_urls for ex in extractions}
    for p in papers:
        G.add_node(M.paper_node(p.id), **_paper_attrs(p, ex_code.get(p.id, ())))
    for ex in extractions:
        if ex.id not in by_id:
            bare = Paper(ex.id, ex.title, "", source_id=ex.source_id)
            G.add_node(M.paper_node(ex.id), **_paper_attrs(bare, ex.code_urls))

    for e in linking.entities:
        attrs: dict[str, Any] = {
            "kind": e.kind,
            "label": e.name,
            "aliases": dict(e.aliases),
            "mentions": e.mentions,
            "papers": e.papers,
            "gazetteer": e.gazetteer,
        }
        if e.kind in ("Method", "Dataset"):
            attrs["variant_of"] = e.variant_of
        if e.kind == "Dataset":
            attrs["subset_of"] = e.subset_of
            attrs["split"] = e.split
        if e.kind == "Metric":
            attrs["direction"] = metric_direction(e.name)
        G.add_node(e.id, **attrs)

    kinds = {e.id: e.kind for e in linking.entities}
    edges = _Edges()
    first_seen: dict[str, dict[str, Any]] = {}
    tick = Throttle(progress, "graph", len(extractions))
    for done, (ex, ids, links) in enumerate(zip(extractions, linking.mentions, linking.results, strict=True)):
        tick(done)
        pnode = M.paper_node(ex.id)
        _paper_edges(kinds, edges, first_seen, pnode, ex, ids)
        for n, (r, rl) in enumerate(zip(ex.results, links, strict=True)):
            _result(G, edges, first_seen, ex, n, r, rl)

    tick.end(len(extractions))
    progress("edges", 0, 1)
    # A dataset named only through its splits cites its first split.
    for e in linking.entities:
        if e.subset_of and e.id in first_seen:
            first_seen.setdefault(e.subset_of, first_seen[e.id])
    for e in linking.entities:
        if not (e.variant_of or e.subset_of):
            continue
        prov = first_seen.get(e.id, _NO_PROV)
        base = {**prov, "confidence": 1.0, "source": "link.variants"}
        if e.variant_of:
            edges.add(e.id, e.variant_of, M.VARIANT_OF, base)
        if e.subset_of:
            edges.add(e.id, e.subset_of, M.SUBSET_OF, base)

    _known_before(G, edges)
    G.add_edges_from((u, v, rel, d) for (u, v, rel), d in edges.data.items())
    mark_leaderboard(G)
    progress("edges", 1, 1)
    return G


#: A paper cannot propose what this many earlier papers of the corpus already name...
EARLIER_PAPERS = 2
#: ...nor, when dates do not say who came first, what this many other papers name.
WIDELY_USED = 5
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _date_key(value: Any) -> tuple[int, int, int] | None:
    m = _DATE.match(value) if isinstance(value, str) else None
    if m is None:
        return None
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))


def _earlier(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """``a`` strictly before ``b`` at the precision both give ("2021" is not before "2021-06")."""
    for x, y in zip(a, b, strict=True):
        if x == 0 or y == 0:
            return False
        if x != y:
            return x < y
    return False


def _known_before(G: nx.MultiDiGraph, edges: _Edges) -> None:
    """A paper does not propose what earlier papers of the corpus already name, or what many
    other papers name when no date says it came first: its ``proposes`` edge becomes
    ``uses`` (with ``known_before``: how many other papers name it)."""
    citing: dict[str, list[str]] = {}
    for u, v, rel in edges.data:
        if rel in _PAPER_RELATIONS and u.startswith("paper:"):
            citing.setdefault(v, []).append(u)
    proposers: dict[str, int] = {}
    for _, entity, rel in edges.data:
        if rel == M.PROPOSES:
            proposers[entity] = proposers.get(entity, 0) + 1
    for key in [k for k in edges.data if k[2] == M.PROPOSES]:
        paper, entity, _ = key
        when = _date_key(G.nodes[paper].get("date"))
        others = [o for o in citing.get(entity, ()) if o != paper]
        before = first = 0
        for other in others:
            d = _date_key(G.nodes[other].get("date"))
            if d is not None and when is not None:
                before += _earlier(d, when)
                first += _earlier(when, d)
        # Widely used, and no date shows this paper came first: it names the term, it did not make it.
        widely = len(others) - proposers[entity] + 1 >= max(WIDELY_USED, 3 * proposers[entity]) and first == 0
        if before >= EARLIER_PAPERS or widely:
            prov = edges.data.pop(key)
            uses = (paper, entity, M.USES)
            if uses not in edges.data:
                edges.data[uses] = {**prov, "relation": M.USES, "known_before": max(before, len(others))}


def _paper_edges(
    kinds: Mapping[str, str],
    edges: _Edges,
    first_seen: dict[str, dict[str, Any]],
    pnode: str,
    ex: Extraction,
    ids: tuple[str, ...],
) -> None:
    # Per entity: the strongest relation, its first mention (provenance), and a count.
    # Provenance dicts are built only for the mentions that end up cited.
    best: dict[str, list[Any]] = {}  # eid -> [relation, mention, count]
    ents = ex.entities
    order = sorted(range(len(ents)), key=lambda i: _doc_order(ents[i]))
    for i in order:
        m, eid = ents[i], ids[i]
        if eid == _DROPPED:
            continue
        rel = _paper_relation(kinds[eid], m.proposed, m.confidence)
        cur = best.get(eid)
        if cur is None:
            best[eid] = [rel, m, 1]
            if eid not in first_seen:
                first_seen[eid] = _mention_prov(pnode, m)
        else:
            cur[2] += 1
            if _STRENGTH[rel] > _STRENGTH[cur[0]]:
                cur[0], cur[1] = rel, m
    cited = {eid: (rel, _mention_prov(pnode, m), n) for eid, (rel, m, n) in best.items()}
    proposed: list[tuple[str, dict[str, Any]]] = []
    for eid, (rel, prov, count) in cited.items():
        edges.add(pnode, eid, rel, prov)
        edges.data[(pnode, eid, rel)]["count"] = count
        if rel == M.PROPOSES and kinds[eid] == "Method":
            proposed.append((eid, prov))
    for meid, mprov in proposed:
        for eid, (_rel, prov, _count) in cited.items():
            kind = kinds[eid]
            if kind not in ("Task", "Dataset") or _rel == M.MENTIONS:
                continue
            conf = min(mprov["confidence"], prov["confidence"]) * COOCCURRENCE_DISCOUNT
            derived = {**prov, "confidence": round(conf, 4), "source": "cooccurrence"}
            edges.add(meid, eid, M.ADDRESSES if kind == "Task" else M.EVALUATED_ON, derived)


def _result(
    G: nx.MultiDiGraph,
    edges: _Edges,
    first_seen: dict[str, dict[str, Any]],
    ex: Extraction,
    n: int,
    r: Result,
    rl: Any,
) -> None:
    pnode = M.paper_node(ex.id)
    rnode = M.result_node(ex.id, n)
    G.add_node(
        rnode,
        kind="Result",
        label=f"{r.value_text}{' ' + r.metric if r.metric else ''}",
        value=r.value,
        value_text=r.value_text,
        unit=r.unit,
        relation=r.relation,
        metric=r.metric,
        dataset=r.dataset,
        method=r.method,
        task=r.task,
        baseline=r.baseline,
        paper=pnode,
        sentence=r.sentence,
        field=r.field,
        start=r.start,
        end=r.end,
        confidence=r.confidence,
        claim=r.kind,  # "kind" is the node's kind (Result)
        flag=r.flag,
        reason=r.reason,
    )
    prov = _result_prov(pnode, r)
    edges.add(pnode, rnode, M.REPORTS, prov)
    for attr, _kind in RESULT_FIELDS:
        eid = getattr(rl, attr)
        if eid is not None:
            edges.add(rnode, eid, _RESULT_EDGE[attr], prov)
            first_seen.setdefault(eid, prov)
    if r.flag != "none" or r.kind == "not-a-result":
        return  # a denied or hypothetical claim says nothing about what was evaluated on what
    if rl.method and rl.dataset:
        edges.add(rl.method, rl.dataset, M.EVALUATED_ON, prov)
    if rl.method and rl.task:
        edges.add(rl.method, rl.task, M.ADDRESSES, prov)
    if rl.method and rl.baseline and rl.method != rl.baseline and r.kind in ("score", "change"):
        edges.add(rl.method, rl.baseline, M.OUTPERFORMS, prov)
