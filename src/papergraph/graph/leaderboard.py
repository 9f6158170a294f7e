"""Leaderboards: the scores claimed on a dataset, one ranked table per metric.

One definition serves every interface (``kg.leaderboards()``, ``papergraph
leaderboard``, the canned SPARQL query and the viewer's dataset panel):
:func:`mark_leaderboard` runs once per build and gives every result node a
``board`` status. A claim is a row (``"ranked"``) when it is an asserted
``score`` (not a change, not another system's score, not negated or
hypothetical) with a metric, a dataset and a method, a value its metric can
take, and it is not a repeat of the same paper's claim. Everything else keeps
the reason as its status; nothing is dropped.

Rows are grouped by canonical metric and unit
(:func:`~papergraph.graph.directions.canonical_metric`) and ranked best first
by the metric's direction; a table whose direction is unknown lists its rows
in paper order. Ranked claims that give one method, dataset and metric
different values are kept and flagged ``conflict``. Changes ("+2.1 AP over
X") have a table of their own: :func:`gains_rows`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
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

UnrankedCode = Literal[
    "other-system", "negated", "hypothetical", "no-metric", "no-dataset", "no-method",
    "implausible", "duplicate", "unsure",
]

#: Why a claim is not a row, for people, by status code.
STATUS_TEXT: dict[str, str] = {
    "change": "a change against another system, not a score (see the gains table)",
    "other-system": "the score of a baseline or prior work the paper compares against",
    "not-a-result": "not a result: a setting, size, count, date or name",
    "negated": "a negated claim ('does not achieve')",
    "hypothetical": "a hypothetical claim ('could reach')",
    "no-metric": "names no metric, so it has nothing to rank against",
    "no-dataset": "names no dataset",
    "no-method": "names no method that holds the score",
    "duplicate": "repeats a claim of the same paper",
    "unsure": "a binding is unsure (the claim's reason says which)",
}

#: A score below this confidence (its weakest binding, papergraph.extract.results) is not ranked.
RANK_CONFIDENCE = 0.6

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
    """The unit as written, normalised: ``"%"``, ``"pp"``, ``"x"``, another unit
    as written, or None.

    >>> [unit_key(u) for u in (None, "", " % ", "points", "×", "ms")]
    [None, None, '%', 'pp', 'x', 'ms']
    """
    if unit is None:
        return None
    u = " ".join(unit.split())
    return _UNITS.get(u.lower(), u)


#: The scale of a 0-100 score written without a unit and at most 1 (0.807).
FRACTION = "0-1"


def table_unit(key: str | None, unit: str | None, value: float) -> str | None:
    """The unit a claim is ranked under: :func:`unit_key`, except that a 0-100
    score written without a unit and no greater than 1 is on the 0-1 scale
    (:data:`FRACTION`), so an accuracy of 0.81 never ranks below one of 75.0.

    >>> table_unit("accuracy", None, 0.81), table_unit("accuracy", None, 75.0), table_unit("bleu", "%", 0.5)
    ('0-1', None, '%')
    """
    u = unit_key(unit)
    if u is None and key is not None and 0.0 <= value <= 1.0 and is_bounded(key):
        return FRACTION
    return u


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

    def to_pandas(self, *, include_unranked: bool = False) -> Any:
        """This table as a pandas DataFrame (:func:`papergraph.frames.tables_frame`)."""
        from papergraph.frames import tables_frame

        return tables_frame([self], include_unranked=include_unranked)

    def _repr_html_(self) -> str:
        """The table for Jupyter: rank, method, value, dataset, paper; every cell escaped."""
        from papergraph.notebook import html_table

        ranks: Sequence[int | None] = self.ranks or [None] * len(self.rows)
        rows = [
            [k, r.method, r.value_text, r.unit, r.dataset, r.paper_title or r.paper, r.confidence,
             "conflict" if r.conflict else ""]
            for k, r in zip(ranks, self.rows, strict=True)
        ]
        order = f"{self.direction} is better" if self.direction else "no known direction"
        caption = (
            f"{self.dataset}: {self.title}, {order}; {len(self.rows)} ranked, "
            f"{len(self.unranked)} not ranked"
        )
        headers = ["rank", "method", "value", "unit", "dataset", "paper", "confidence", "note"]
        return html_table(headers, rows, caption=caption)


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
    min_confidence: float = 0.0,
) -> list[LeaderboardRow]:
    """The claims on ``datasets`` (dataset node ids), in dataset then paper order."""
    ensure_marked(G)
    rows: list[LeaderboardRow] = []
    seen: set[str] = set()
    for ds in datasets:
        for res, _, rel in G.in_edges(ds, keys=True):
            if rel != M.HAS_DATASET or res in seen:
                continue
            seen.add(res)
            d = G.nodes[res]
            relation = str(d.get("relation") or "absolute")
            kind = claim_kind(d)
            if kind == "not-a-result":
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
                    claim=kind,
                    flag=str(d.get("flag") or "none"),
                    status=str(d.get("board") or "ranked"),
                    conflict=bool(d.get("conflict")),
                    kind_reason=str(d.get("reason") or ""),
                )
            )
    return rows


# -- grouping and ranking --------------------------------------------------------


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


def _unranked(r: LeaderboardRow, key: str | None) -> Unranked:
    status = r.status
    if status == "implausible":
        why = (implausible(key, r.value, unit_key(r.unit)) if key else None) or "a value this metric cannot take"
        if unit_key(r.unit) == "pp":
            why = "percentage points are a difference between two scores"
        return Unranked(r, why, "implausible")
    text = STATUS_TEXT.get(status, status)
    if status == "duplicate":
        text = f"repeats {r.value_text} of the same paper"
    elif status == "unsure":
        which = r.kind_reason.rpartition("unsure: ")[2] if "unsure: " in r.kind_reason else "a binding"
        text = f"unsure which {which} the score belongs to (confidence {r.confidence:g})"
    return Unranked(r, text, status)  # type: ignore[arg-type]


def row_order(direction: Direction | None) -> Any:
    """Sort key of a table's rows: best first by ``direction``, else paper order."""
    sign = -1.0 if direction == "higher" else 1.0 if direction == "lower" else 0.0
    return lambda r: (sign * r.value if sign else 0.0, r.paper, r.result)


def _table(dataset: str, key: str, unit: str | None, rows: list[LeaderboardRow]) -> Leaderboard:
    names = Counter(r.metric for r in rows if r.metric)
    metric = min(names, key=lambda n: (-names[n], n)) if names else key
    ranked = [r for r in rows if r.status == "ranked"]
    direction = _direction(key, ranked or rows)
    unranked = [_unranked(r, key) for r in rows if r.status != "ranked"]
    ranked.sort(key=row_order(direction))
    ranks: tuple[int, ...] = ()
    if direction is not None:
        ranks = _competition_ranks([r.value for r in ranked])
    return Leaderboard(dataset, metric, key, unit, direction, tuple(ranked), ranks, tuple(unranked))


def _no_metric_table(dataset: str, rows: list[LeaderboardRow]) -> Leaderboard:
    unranked = [_unranked(r, None) for r in rows]
    return Leaderboard(dataset, None, None, None, None, (), (), tuple(unranked))


def group_rows(dataset: str, rows: Iterable[LeaderboardRow]) -> list[Leaderboard]:
    """One table per (canonical metric, unit), the most ranked rows first; the
    claims without a metric last."""
    groups: dict[tuple[str, str | None], list[LeaderboardRow]] = {}
    no_metric: list[LeaderboardRow] = []
    for r in rows:
        if r.claim == "change":
            continue  # changes have their own table (gains_rows)
        if not r.metric:
            no_metric.append(r)
            continue
        key = canonical_metric(r.metric)
        groups.setdefault((key, table_unit(key, r.unit, r.value)), []).append(r)
    tables = [_table(dataset, key, unit, g) for (key, unit), g in groups.items()]
    tables.sort(key=lambda t: (-len(t.rows), -len(t.unranked), t.metric_key or "", t.unit or ""))
    if no_metric:
        tables.append(_no_metric_table(dataset, no_metric))
    return tables


def flatten(tables: Iterable[Leaderboard]) -> list[LeaderboardRow]:
    """The ranked rows of ``tables``, table by table."""
    return [r for t in tables for r in t.rows]


def leaderboard_tables(
    G: nx.MultiDiGraph,
    datasets: Sequence[str],
    *,
    dataset: str | None = None,
    metric: MetricFilter | None = None,
    min_confidence: float = 0.0,
) -> list[Leaderboard]:
    """The tables of the claims on ``datasets`` (the first one names them unless
    ``dataset`` is given)."""
    name = dataset or (str(G.nodes[datasets[0]].get("label", datasets[0])) if datasets else "")
    rows = collect_rows(
        G, datasets, metric=metric, min_confidence=min_confidence
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


# -- the one definition, applied at build time -----------------------------------


def claim_kind(d: Mapping[str, Any]) -> str:
    """A result node's claim kind; graphs made before kinds existed say it by their relation."""
    claim = d.get("claim")
    if isinstance(claim, str) and claim:
        return claim
    return "score" if str(d.get("relation") or "absolute") == "absolute" else "change"


def ensure_marked(G: nx.MultiDiGraph) -> None:
    """Run :func:`mark_leaderboard` once on a graph that was not built by
    papergraph.graph.build (a hand-made or older graph)."""
    if G.graph.get("leaderboard_marked"):
        return
    mark_leaderboard(G)


def board_status(G: nx.MultiDiGraph, res: str) -> tuple[str, str | None, str | None]:
    """``(status, metric key, unit key)`` of one result node, before duplicates."""
    d = G.nodes[res]
    kind = claim_kind(d)
    mid = _linked(G, res, M.HAS_METRIC)
    metric_name = _label(G, mid, d.get("metric"))
    key = canonical_metric(metric_name) if metric_name else None
    value = _number(d.get("value"))
    unit = table_unit(key, d.get("unit"), value)
    if kind != "score":
        return kind, key, unit
    flag = str(d.get("flag") or "none")
    if flag != "none":
        return flag, key, unit
    if key is None:
        return "no-metric", key, unit
    if _linked(G, res, M.HAS_DATASET) is None:
        return "no-dataset", key, unit
    if _linked(G, res, M.HAS_METHOD) is None:
        return "no-method", key, unit
    if unit == "pp" or implausible(key, value, None if unit == FRACTION else unit):
        return "implausible", key, unit
    if _number(d.get("confidence")) < RANK_CONFIDENCE:
        return "unsure", key, unit
    return "ranked", key, unit


def mark_leaderboard(G: nx.MultiDiGraph) -> None:
    """Give every result node its leaderboard ``board`` status, ``metric_key``,
    ``unit_key`` and ``conflict`` flag (see the module docstring). Deterministic:
    result nodes are visited in graph order, and the first of repeats is kept."""
    seen: set[tuple[Any, ...]] = set()
    claims: dict[tuple[Any, ...], set[float]] = {}
    ranked: list[tuple[str, tuple[Any, ...]]] = []
    for res, d in G.nodes(data=True):
        if d.get("kind") != "Result":
            continue
        status, key, unit = board_status(G, res)
        if key:
            d["metric_key"] = key
        if unit:
            d["unit_key"] = unit
        if status == "ranked":
            meth = _linked(G, res, M.HAS_METHOD)
            ds = _linked(G, res, M.HAS_DATASET)
            same = (d.get("paper"), meth, ds, key, unit, d.get("value"))
            if same in seen:
                status = "duplicate"
            else:
                seen.add(same)
                group = (meth, ds, key, unit)
                claims.setdefault(group, set()).add(_number(d.get("value")))
                ranked.append((res, group))
        d["board"] = status
    for res, group in ranked:
        if len(claims[group]) > 1:
            G.nodes[res]["conflict"] = True
    G.graph["leaderboard_marked"] = True


def gains_rows(
    G: nx.MultiDiGraph,
    datasets: Iterable[str],
    *,
    metric: MetricFilter | None = None,
    min_confidence: float = 0.0,
) -> list[LeaderboardRow]:
    """The changes claimed on ``datasets`` ("+2.1 AP over X"), in paper order: the
    "claimed gains over X" table. Negated and hypothetical ones are left out."""
    rows = collect_rows(G, datasets, metric=metric, min_confidence=min_confidence)
    rows = [r for r in rows if r.claim == "change" and r.flag == "none"]
    rows.sort(key=lambda r: (r.paper, r.field != "title", r.start))
    return rows
