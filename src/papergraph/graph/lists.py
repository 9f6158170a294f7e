"""The lists PaperGraph returns: plain lists that also become DataFrames and tables.

``kg.methods()``, ``kg.papers()``, ``kg.results()``, ``kg.leaderboard()`` and
``kg.leaderboards()`` return these. They are ``list`` subclasses, so every list
operation works as before (a slice keeps the type); on top, ``.to_pandas()``
gives a DataFrame (:mod:`papergraph.frames`, needs ``papergraph[pandas]``) and
Jupyter draws them as HTML tables (``_repr_html_``, every cell escaped).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, SupportsIndex, TypeVar, overload

from papergraph.graph.leaderboard import Leaderboard
from papergraph.graph.records import Entity, LeaderboardRow, PaperRecord, ResultRecord

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")
#: A table column: its header and how to read the cell from a record.
Column = tuple[str, Callable[[Any], object]]

#: Authors shown per paper in a table (all of them are in the DataFrame).
TABLE_AUTHORS = 3
#: Aliases shown per entity in a table.
TABLE_ALIASES = 3


def _authors(p: PaperRecord) -> str:
    more = " et al." if len(p.authors) > TABLE_AUTHORS else ""
    return ", ".join(p.authors[:TABLE_AUTHORS]) + more


def _aliases(e: Entity) -> str:
    return ", ".join(a for a, _n in e.aliases[:TABLE_ALIASES])


class RecordList(list[T]):
    """A list of papergraph records with ``to_pandas()`` and an HTML table for Jupyter."""

    __slots__ = ()
    #: The columns the HTML table shows (the DataFrame has every field).
    columns: ClassVar[Sequence[Column]] = ()
    record_type: ClassVar[type]
    caption: ClassVar[str] = ""

    @overload
    def __getitem__(self, i: SupportsIndex) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> RecordList[T]: ...
    def __getitem__(self, i: SupportsIndex | slice) -> T | RecordList[T]:
        if isinstance(i, slice):
            return type(self)(super().__getitem__(i))
        return super().__getitem__(i)

    def to_pandas(self) -> pd.DataFrame:
        """One row per record, one column per field (:func:`papergraph.frames.to_frame`);
        needs pandas (``pip install 'papergraph[pandas]'``)."""
        from papergraph.frames import frame_of

        return frame_of(self.record_type, self)

    def _repr_html_(self) -> str:
        from papergraph.notebook import html_table

        headers = [h for h, _ in self.columns]
        rows = [[get(r) for _, get in self.columns] for r in self]
        return html_table(headers, rows, caption=f"{len(self)} {self.caption}")


class EntityList(RecordList[Entity]):
    """Methods, datasets, tasks or metrics (``kg.methods()``, ``kg.methods_evaluated_on()``)."""

    __slots__ = ()
    record_type = Entity
    columns = (
        ("name", lambda e: e.name),
        ("kind", lambda e: e.kind),
        ("papers", lambda e: e.n_papers),
        ("mentions", lambda e: e.n_mentions),
        ("written as", _aliases),
    )
    caption = "entities"


class PaperList(RecordList[PaperRecord]):
    """Papers (``kg.papers()``, ``kg.papers_using()``)."""

    __slots__ = ()
    record_type = PaperRecord
    columns = (
        ("paper", lambda p: p.paper_id),
        ("title", lambda p: p.title or p.label),
        ("date", lambda p: p.date),
        ("authors", _authors),
    )
    caption = "papers"


class ResultList(RecordList[ResultRecord]):
    """Numeric claims (``kg.results()``)."""

    __slots__ = ()
    record_type = ResultRecord
    columns = (
        ("paper", lambda r: r.paper.split(":", 1)[-1]),
        ("value", lambda r: r.value_text),
        ("unit", lambda r: r.unit),
        ("metric", lambda r: r.metric),
        ("dataset", lambda r: r.dataset),
        ("method", lambda r: r.method),
        ("claim", lambda r: r.claim),
        ("leaderboard", lambda r: r.board),
    )
    caption = "claims"


class LeaderboardRows(RecordList[LeaderboardRow]):
    """Leaderboard rows or gains (``kg.leaderboard()``, ``kg.gains()``)."""

    __slots__ = ()
    record_type = LeaderboardRow
    columns = (
        ("method", lambda r: r.method),
        ("value", lambda r: r.value_text),
        ("unit", lambda r: r.unit),
        ("metric", lambda r: r.metric),
        ("dataset", lambda r: r.dataset),
        ("paper", lambda r: r.paper_title or r.paper),
        ("confidence", lambda r: r.confidence),
    )
    caption = "rows"


class LeaderboardList(RecordList[Leaderboard]):
    """One table per metric on a dataset (``kg.leaderboards()``)."""

    __slots__ = ()
    record_type = Leaderboard
    caption = "tables"

    def to_pandas(self, *, include_unranked: bool = False) -> pd.DataFrame:
        """Every table's rows, one after the other, with ``table`` and ``rank`` columns
        (and, with ``include_unranked``, the claims that are no row with their ``reason``)."""
        from papergraph.frames import tables_frame

        return tables_frame(self, include_unranked=include_unranked)

    def _repr_html_(self) -> str:
        if not self:
            from papergraph.notebook import html_table

            return html_table([], [], caption="no leaderboard tables")
        return "\n".join(t._repr_html_() for t in self)
