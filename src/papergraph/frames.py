"""papergraph's records as pandas DataFrames, for notebooks and analysis.

>>> kg.leaderboard("ImageNet").to_pandas()               # doctest: +SKIP
>>> papergraph.frames.entities_frame(kg.methods()[:10])  # doctest: +SKIP

pandas is optional (``pip install 'papergraph[pandas]'``) and imported only
when a frame is asked for. Every frame has one row per record, in the order
given, and one column per field of the record, in the record's field order,
so an empty list still gives the columns. Values are the records' own:
``value`` and ``confidence`` are floats, ``authors`` and the like are tuples.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from papergraph.errors import MissingDependencyError
from papergraph.graph.records import Entity, LeaderboardRow, PaperRecord, ResultRecord

if TYPE_CHECKING:
    import pandas as pd

    from papergraph.graph.leaderboard import Leaderboard

__all__ = [
    "entities_frame",
    "frame_of",
    "papers_frame",
    "require_pandas",
    "results_frame",
    "rows_frame",
    "tables_frame",
    "to_frame",
]

INSTALL_HINT = "pip install 'papergraph[pandas]'"


def require_pandas() -> Any:
    """The pandas module, or MissingDependencyError saying how to install it."""
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise MissingDependencyError(
            f"DataFrames need pandas, which is not installed; run: {INSTALL_HINT}"
        ) from exc


def _frame(
    records: Iterable[Any], cls: type, convert: Callable[[str, Any], Any] | None = None
) -> pd.DataFrame:
    pd = require_pandas()
    names = [f.name for f in fields(cls)]
    rows = []
    for r in records:
        if not isinstance(r, cls):
            raise TypeError(f"expected {cls.__name__} records, got {type(r).__name__}: {r!r}")
        values = [getattr(r, n) for n in names]
        if convert is not None:
            values = [convert(n, v) for n, v in zip(names, values, strict=True)]
        rows.append(values)
    return pd.DataFrame.from_records(rows, columns=names)


def _alias_names(name: str, value: Any) -> Any:
    # (surface form, count) pairs read better as the forms, most frequent first.
    return tuple(a for a, _n in value) if name == "aliases" else value


def entities_frame(entities: Iterable[Entity]) -> pd.DataFrame:
    """Methods, datasets, tasks or metrics: ``id, kind, name, aliases, n_papers, ...``;
    ``aliases`` holds the written forms, most frequent first."""
    return _frame(entities, Entity, _alias_names)


def papers_frame(papers: Iterable[PaperRecord]) -> pd.DataFrame:
    """Papers: ``id, paper_id, title, date, authors, ...`` (``date`` as read, a string)."""
    return _frame(papers, PaperRecord)


def results_frame(results: Iterable[ResultRecord]) -> pd.DataFrame:
    """Numeric claims with their kind, bindings (as written) and evidence."""
    return _frame(results, ResultRecord)


def rows_frame(rows: Iterable[LeaderboardRow]) -> pd.DataFrame:
    """Leaderboard rows or gains (``kg.leaderboard()``, ``kg.gains()``), with provenance."""
    return _frame(rows, LeaderboardRow)


def tables_frame(tables: Iterable[Leaderboard], *, include_unranked: bool = False) -> pd.DataFrame:
    """The rows of leaderboard tables (``kg.leaderboards()``), table by table, in the
    columns of :data:`papergraph.graph.leaderboard.RECORD_FIELDS` (``table``, ``rank``,
    ``status``, ``method``, ``value``, ...; the CSV of ``papergraph leaderboard``).
    With ``include_unranked``, the claims that are no row follow each table with
    their ``reason``."""
    from papergraph.graph.leaderboard import RECORD_FIELDS, flat_records

    pd = require_pandas()
    records = flat_records(list(tables), include_unranked=include_unranked)
    frame = pd.DataFrame.from_records(
        [[rec[k] for k in RECORD_FIELDS] for rec in records], columns=list(RECORD_FIELDS)
    )
    # A rank is a whole number; unranked rows have none (pandas' nullable integer).
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def frame_of(record_type: type, records: Iterable[Any]) -> pd.DataFrame:
    """The DataFrame of ``records``, all of ``record_type`` (an empty list keeps the columns)."""
    from papergraph.graph.leaderboard import Leaderboard

    if record_type is Leaderboard:
        return tables_frame(records)
    convert = _BY_TYPE.get(record_type)
    if convert is None:
        known = ", ".join(sorted(t.__name__ for t in (*_BY_TYPE, Leaderboard)))
        raise TypeError(
            f"no DataFrame for {record_type.__name__} records; papergraph makes them of {known}"
        )
    return convert(records)


def to_frame(records: Iterable[Any]) -> pd.DataFrame:
    """A DataFrame of any list of one kind of papergraph record (entities, papers,
    results, leaderboard rows or tables). An empty list gives an empty frame; the
    lists PaperGraph returns keep their columns when empty (``.to_pandas()``)."""
    items = list(records)
    if not items:
        return require_pandas().DataFrame()
    return frame_of(type(items[0]), items)


_BY_TYPE: dict[type, Callable[[Iterable[Any]], pd.DataFrame]] = {
    Entity: entities_frame,
    PaperRecord: papers_frame,
    ResultRecord: results_frame,
    LeaderboardRow: rows_frame,
}
