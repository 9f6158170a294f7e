"""Leaderboard rows: the results on a set of datasets, best first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from papergraph.graph import model as M
from papergraph.graph.directions import metric_direction
from papergraph.graph.records import LeaderboardRow
from papergraph.link.normalize import surface_key


def _linked(G: nx.MultiDiGraph, result: str, rel: str) -> str | None:
    for _, v, r in G.out_edges(result, keys=True):
        if r == rel:
            return v
    return None


def leaderboard_rows(
    G: nx.MultiDiGraph,
    datasets: Iterable[str],
    *,
    metric_id: str | None,
    metric_key: str | None = None,
    relations: frozenset[str] | None,
    min_confidence: float,
) -> list[LeaderboardRow]:
    if metric_id is not None:
        metric_key = surface_key(G.nodes[metric_id]["label"])
    rows: list[LeaderboardRow] = []
    seen: set[str] = set()
    for ds in datasets:
        for res, _, rel in G.in_edges(ds, keys=True):
            if rel != M.HAS_DATASET or res in seen:
                continue
            seen.add(res)
            d = G.nodes[res]
            if relations is not None and d["relation"] not in relations:
                continue
            if d["confidence"] < min_confidence:
                continue
            mid = _linked(G, res, M.HAS_METRIC)
            # "accuracy" also keeps "top-1 accuracy"; never "accuracy" for "top-1 accuracy".
            if (
                metric_key is not None
                and mid != metric_id
                and (mid is None or metric_key not in surface_key(G.nodes[mid]["label"]))
            ):
                continue
            meth = _linked(G, res, M.HAS_METHOD)
            base = _linked(G, res, M.HAS_BASELINE)
            paper = d["paper"]
            metric_name = G.nodes[mid]["label"] if mid else d["metric"]
            rows.append(
                LeaderboardRow(
                    paper=paper.split(":", 1)[1],
                    paper_title=G.nodes[paper].get("title", ""),
                    method=G.nodes[meth]["label"] if meth else d["method"],
                    dataset=G.nodes[ds]["label"],
                    metric=metric_name,
                    value=d["value"],
                    value_text=d["value_text"],
                    unit=d["unit"],
                    relation=d["relation"],
                    baseline=G.nodes[base]["label"] if base else d["baseline"],
                    sentence=d["sentence"],
                    confidence=d["confidence"],
                    direction=(G.nodes[mid].get("direction") if mid else None)
                    or (metric_direction(metric_name) if metric_name else None),
                    result=res,
                    method_id=meth,
                    dataset_id=ds,
                    metric_id=mid,
                    field=d["field"],
                    start=d["start"],
                    end=d["end"],
                )
            )
    return _sorted(rows)


def _sorted(rows: list[LeaderboardRow]) -> list[LeaderboardRow]:
    groups: dict[str | None, list[LeaderboardRow]] = defaultdict(list)
    for r in rows:
        groups[r.metric_id or r.metric].append(r)

    def best_first(r: LeaderboardRow) -> tuple[float, str, str]:
        sign = -1.0 if r.direction == "higher" else 1.0 if r.direction == "lower" else 0.0
        return (sign * r.value, r.paper, r.result)

    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0] or "~")))
    out: list[LeaderboardRow] = []
    for _, group in ordered:
        out.extend(sorted(group, key=best_first))
    return out
