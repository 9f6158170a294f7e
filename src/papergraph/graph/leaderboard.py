"""Leaderboards: the results claimed on a dataset, one ranked table per metric.

Only like is ranked with like. Rows are grouped by canonical metric and unit
(:func:`~papergraph.graph.directions.canonical_metric`), and a table is ranked
only when the metric's direction is known. A claim is never silently dropped:
what cannot be ranked (a relative claim such as "+1.2 points", a value no such
metric can take, a repeat, a claim naming no metric) is kept under
``unranked`` with the reason.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import networkx as nx

from papergraph.graph import model as M
from papergraph.graph.directions import (
    Direction,
    canonical_metric,
    implausible,
    is_bounded,
    metric_direction,
)
from papergraph.graph.records import LeaderboardRow

UnrankedCode = Literal["relative", "no-metric", "implausible", "duplicate"]

#: Reasons that a row's own fields already show (its relation; its missing
#: metric), so the flat :meth:`PaperGraph.leaderboard` list may carry it.
SELF_EVIDENT: frozenset[str] = frozenset({"relative", "no-metric"})

#: A 0-100 score this many times below or above the table's median is set aside
#: for review, once the table has at least OUTLIER_MIN_ROWS rankable rows.
OUTLIER_FACTOR = 10.0
OUTLIER_MIN_ROWS = 4

_UNITS = {
    "": None,
    "%": "%",
    "percent": "%",
    "pct": "%",
    "pp": "pp",
    "p.p.": "pp",
    "points": "pp",
    "point": "pp",
    "pts": "pp",
    "percentage points": "pp",
    "x": "x",
    "×": "x",
    "times": "x",
    "fold": "x",
}


def unit_key(unit: str | None) -> str | None:
    """The unit rows are grouped by: ``"%"``, ``"pp"``, ``"x"``, another unit as
    written, or None.

    >>> [unit_key(u) for u in (None, "", " % ", "points", "×", "ms")]
    [None, None, '%', 'pp', 'x', 'ms']
    """
    if unit is None:
        return None
    u = " ".join(unit.split())
    return _UNITS.get(u.lower(), u)


@dataclass(frozen=True, slots=True)
class Unranked:
    """A claim kept on a leaderboard but not ranked, and why."""

    row: LeaderboardRow
    reason: str  # for people: "a top-1 accuracy of 285.9 is above 100"
    code: UnrankedCode  # for programs


@dataclass(frozen=True, slots=True)
class Leaderboard:
    """One metric's table on a dataset.

    ``rows`` are best first when ``direction`` is known (``ranks`` then holds
    each row's rank, equal values sharing one), else in paper order with
    ``ranks`` empty. ``metric`` is None for the table of claims that name no
    metric, whose rows are all ``unranked``.
    """

    dataset: str
    metric: str | None  # the most common written name of the metric
    metric_key: str | None  # canonical_metric(metric)
    unit: str | None
    direction: Direction | None
    rows: tuple[LeaderboardRow, ...]
    ranks: tuple[int, ...]
    unranked: tuple[Unranked, ...]

    @property
    def title(self) -> str:
        """``"top-1 accuracy (%)"``, or ``"claims without a metric"``."""
        if self.metric is None:
            return "claims without a metric"
        return f"{self.metric} ({self.unit})" if self.unit else self.metric

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: every row with its provenance (sentence, offsets)."""
        ranks: Sequence[int | None] = self.ranks or [None] * len(self.rows)
        return {
            "dataset": self.dataset,
            "metric": self.metric,
            "metric_key": self.metric_key,
            "unit": self.unit,
            "direction": self.direction,
            "rows": [{"rank": k, **asdict(r)} for k, r in zip(ranks, self.rows, strict=True)],
            "unranked": [
                {"reason": u.reason, "code": u.code, **asdict(u.row)} for u in self.unranked
            ],
        }


@dataclass(frozen=True, slots=True)
class MetricFilter:
    """Keeps the rows of one metric entity, or of metrics whose canonical key
    contains ``key`` as whole words ("accuracy" keeps "top-1 accuracy")."""

    metric_id: str | None
    key: str

    def keeps(self, metric_id: str | None, key: str | None) -> bool:
        if self.metric_id is not None and metric_id == self.metric_id:
            return True
        return key is not None and f" {self.key} " in f" {key} "


# -- collecting rows -------------------------------------------------------------


def _linked(G: nx.MultiDiGraph, result: str, rel: str) -> str | None:
    for _, v, r in G.out_edges(result, keys=True):
        if r == rel:
            return v
    return None


def _label(G: nx.MultiDiGraph, node: str | None, fallback: Any) -> str | None:
    if node is not None:
        return str(G.nodes[node].get("label", node))
    return str(fallback) if fallback else None


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return math.nan
    return float(value)


def collect_rows(
    G: nx.MultiDiGraph,
    datasets: Iterable[str],
    *,
    metric: MetricFilter | None = None,
    relations: frozenset[str] | None = None,
    min_confidence: float = 0.0,
) -> list[LeaderboardRow]:
    """The claims on ``datasets`` (dataset node ids), in dataset then paper order."""
    rows: list[LeaderboardRow] = []
    seen: set[str] = set()
    for ds in datasets:
        for res, _, rel in G.in_edges(ds, keys=True):
            if rel != M.HAS_DATASET or res in seen:
                continue
            seen.add(res)
            d = G.nodes[res]
            relation = str(d.get("relation") or "absolute")
            if relations is not None and relation not in relations:
                continue
            confidence = _number(d.get("confidence"))
            if confidence < min_confidence:
                continue
            mid = _linked(G, res, M.HAS_METRIC)
            metric_name = _label(G, mid, d.get("metric"))
            if metric is not None and not metric.keeps(
                mid, canonical_metric(metric_name) if metric_name else None
            ):
                continue
            meth = _linked(G, res, M.HAS_METHOD)
            base = _linked(G, res, M.HAS_BASELINE)
            paper = str(d.get("paper") or "")
            direction = (G.nodes[mid].get("direction") if mid else None) or (
                metric_direction(metric_name) if metric_name else None
            )
            rows.append(
                LeaderboardRow(
                    paper=paper.split(":", 1)[-1],
                    paper_title=str(G.nodes[paper].get("title", "")) if paper in G else "",
                    method=_label(G, meth, d.get("method")),
                    dataset=str(G.nodes[ds].get("label", ds)),
                    metric=metric_name,
                    value=_number(d.get("value")),
                    value_text=str(d.get("value_text") or d.get("value") or ""),
                    unit=d.get("unit"),
                    relation=relation,
                    baseline=_label(G, base, d.get("baseline")),
                    sentence=str(d.get("sentence") or ""),
                    confidence=confidence,
                    direction=direction,
                    result=res,
                    method_id=meth,
                    dataset_id=ds,
                    metric_id=mid,
                    field=str(d.get("field") or ""),
                    start=d.get("start", 0),
                    end=d.get("end", 0),
                )
            )
    return rows


# -- grouping and ranking --------------------------------------------------------


def _review(row: LeaderboardRow, key: str, unit: str | None) -> tuple[str, UnrankedCode] | None:
    """Why ``row`` may not be ranked in the (key, unit) table, or None."""
    if row.relation != "absolute":
        return (
            f"a relative claim ({row.relation}"
            + (f" over {row.baseline}" if row.baseline else "")
            + "), not an absolute score",
            "relative",
        )
    if unit == "pp":
        return "percentage points are a difference between two scores", "implausible"
    why = implausible(key, row.value, unit)
    return (why, "implausible") if why else None


def _direction(key: str, rows: Iterable[LeaderboardRow]) -> Direction | None:
    found = metric_direction(key)
    if found is not None:
        return found
    # The build may know better (a gazetteer direction); follow it when rows agree.
    votes = Counter(r.direction for r in rows if r.direction in ("higher", "lower"))
    if len(votes) == 1:
        return "higher" if "higher" in votes else "lower"
    return None


def _competition_ranks(values: Sequence[float]) -> tuple[int, ...]:
    """1, 2, 2, 4: equal values share a rank."""
    ranks: list[int] = []
    for i, v in enumerate(values):
        ranks.append(ranks[-1] if i and v == values[i - 1] else i + 1)
    return tuple(ranks)


def _split_outliers(
    key: str, rows: list[LeaderboardRow]
) -> tuple[list[LeaderboardRow], list[Unranked]]:
    """Set aside 0-100 scores ten times off the table's median.

    Such a value is nearly always a difference misread as a score ("by 3.7%")
    or a fraction among percentages; on a lower-is-better metric it would
    otherwise take first place. Costs are exempt: their spread is genuine.
    """
    if len(rows) < OUTLIER_MIN_ROWS or not is_bounded(key):
        return rows, []
    mid = statistics.median(r.value for r in rows)
    if mid <= 0:
        return rows, []
    keep: list[LeaderboardRow] = []
    out: list[Unranked] = []
    for r in rows:
        if r.value * OUTLIER_FACTOR < mid or r.value > mid * OUTLIER_FACTOR:
            why = f"{r.value_text} is far from the table's median of {mid:g}: likely a difference or another scale"
            out.append(Unranked(r, why, "implausible"))
        else:
            keep.append(r)
    return keep, out


def _table(dataset: str, key: str, unit: str | None, rows: list[LeaderboardRow]) -> Leaderboard:
    names = Counter(r.metric for r in rows if r.metric)
    metric = min(names, key=lambda n: (-names[n], n)) if names else key
    direction = _direction(key, rows)
    ranked: list[LeaderboardRow] = []
    unranked: list[Unranked] = []
    claimed: dict[tuple[Any, ...], LeaderboardRow] = {}
    for r in rows:
        why = _review(r, key, unit)
        if why is not None:
            unranked.append(Unranked(r, why[0], why[1]))
            continue
        # A title and its abstract often repeat one claim: rank it once.
        same = (r.paper, r.method_id or r.method, r.value)
        if same in claimed:
            unranked.append(
                Unranked(r, f"repeats {claimed[same].value_text} of the same paper", "duplicate")
            )
            continue
        claimed[same] = r
        ranked.append(r)
    ranked, outliers = _split_outliers(key, ranked)
    unranked.extend(outliers)
    ranks: tuple[int, ...] = ()
    if direction is not None:
        sign = -1.0 if direction == "higher" else 1.0
        ranked.sort(key=lambda r: (sign * r.value, r.paper, r.result))
        ranks = _competition_ranks([r.value for r in ranked])
    return Leaderboard(dataset, metric, key, unit, direction, tuple(ranked), ranks, tuple(unranked))


def _no_metric_table(dataset: str, rows: list[LeaderboardRow]) -> Leaderboard:
    unranked = []
    for r in rows:
        if r.relation != "absolute":
            unranked.append(
                Unranked(r, f"a relative claim ({r.relation}) naming no metric", "relative")
            )
        else:
            unranked.append(
                Unranked(r, "names no metric, so it has nothing to rank against", "no-metric")
            )
    return Leaderboard(dataset, None, None, None, None, (), (), tuple(unranked))


def group_rows(dataset: str, rows: Iterable[LeaderboardRow]) -> list[Leaderboard]:
    """One table per (canonical metric, unit), the most ranked rows first; the
    claims without a metric last."""
    groups: dict[tuple[str, str | None], list[LeaderboardRow]] = {}
    no_metric: list[LeaderboardRow] = []
    for r in rows:
        if not r.metric:
            no_metric.append(r)
            continue
        groups.setdefault((canonical_metric(r.metric), unit_key(r.unit)), []).append(r)
    tables = [_table(dataset, key, unit, g) for (key, unit), g in groups.items()]
    tables.sort(key=lambda t: (-len(t.rows), -len(t.unranked), t.metric_key or "", t.unit or ""))
    if no_metric:
        tables.append(_no_metric_table(dataset, no_metric))
    return tables


def flatten(tables: Iterable[Leaderboard]) -> list[LeaderboardRow]:
    """The rows of ``tables`` in order: each table's ranked rows, then those of its
    unranked rows whose reason their own fields show (see :data:`SELF_EVIDENT`)."""
    out: list[LeaderboardRow] = []
    for t in tables:
        out.extend(t.rows)
        out.extend(u.row for u in t.unranked if u.code in SELF_EVIDENT)
    return out


def leaderboard_tables(
    G: nx.MultiDiGraph,
    datasets: Sequence[str],
    *,
    dataset: str | None = None,
    metric: MetricFilter | None = None,
    relations: frozenset[str] | None = None,
    min_confidence: float = 0.0,
) -> list[Leaderboard]:
    """The tables of the claims on ``datasets`` (the first one names them unless
    ``dataset`` is given)."""
    name = dataset or (str(G.nodes[datasets[0]].get("label", datasets[0])) if datasets else "")
    rows = collect_rows(
        G, datasets, metric=metric, relations=relations, min_confidence=min_confidence
    )
    return group_rows(name, rows)


#: The columns of :func:`flat_records`, in order.
RECORD_FIELDS = (
    "table",
    "metric",
    "unit",
    "direction",
    "rank",
    "status",
    "reason",
    "method",
    "value",
    "value_text",
    "dataset",
    "relation",
    "baseline",
    "paper",
    "paper_title",
    "confidence",
    "sentence",
    "field",
    "start",
    "end",
    "result",
)


def flat_records(
    tables: Iterable[Leaderboard], *, include_unranked: bool = False
) -> list[dict[str, Any]]:
    """One plain record per claim (:data:`RECORD_FIELDS`), for CSV and the like.

    ``status`` is ``"ranked"``, ``"unordered"`` (a table whose metric has no
    known direction) or ``"unranked"`` with a ``reason``.
    """
    out: list[dict[str, Any]] = []

    def record(
        t: Leaderboard, r: LeaderboardRow, rank: int | None, status: str, reason: str | None
    ) -> dict[str, Any]:
        d = asdict(r)
        return {
            **{k: d.get(k) for k in RECORD_FIELDS if k in d},
            "table": t.title,
            "metric": r.metric,
            "unit": r.unit,
            "direction": t.direction,
            "rank": rank,
            "status": status,
            "reason": reason,
        }

    for t in tables:
        ranks: Sequence[int | None] = t.ranks or [None] * len(t.rows)
        status = "ranked" if t.ranks else "unordered"
        out.extend(record(t, r, k, status, None) for k, r in zip(ranks, t.rows, strict=True))
        if include_unranked:
            out.extend(record(t, u.row, None, "unranked", u.reason) for u in t.unranked)
    return [{k: rec[k] for k in RECORD_FIELDS} for rec in out]
