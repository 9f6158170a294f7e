"""Records as DataFrames (papergraph.frames, .to_pandas()) and as HTML tables for Jupyter."""

from __future__ import annotations

import html
import re
import sys
from dataclasses import fields, replace

import pytest

from papergraph.errors import MissingDependencyError, PapergraphError
from papergraph.frames import (
    entities_frame,
    papers_frame,
    require_pandas,
    results_frame,
    rows_frame,
    tables_frame,
    to_frame,
)
from papergraph.graph import (
    Entity,
    EntityList,
    LeaderboardList,
    LeaderboardRow,
    LeaderboardRows,
    PaperGraph,
    PaperList,
    PaperRecord,
    ResultList,
    ResultRecord,
)
from papergraph.graph.leaderboard import RECORD_FIELDS, Leaderboard, flat_records
from papergraph.notebook import MAX_TABLE_ROWS

pd = pytest.importorskip("pandas")

EVIL = "<script>alert('x')</script>"


def _names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


def test_api_lists_are_typed_lists(kg: PaperGraph) -> None:
    assert isinstance(kg.methods(), EntityList) and isinstance(kg.papers(), PaperList)
    assert isinstance(kg.results(), ResultList)
    assert isinstance(kg.leaderboard("ImageNet"), LeaderboardRows)
    assert isinstance(kg.gains("ImageNet"), LeaderboardRows)
    assert isinstance(kg.leaderboards("ImageNet"), LeaderboardList)
    assert isinstance(kg.methods_evaluated_on("ImageNet"), EntityList)
    assert isinstance(kg.papers_using("ResNet-50"), PaperList)
    methods = kg.methods()
    assert methods == list(methods) and methods[0] == list(methods)[0]
    head = methods[:2]
    assert isinstance(head, EntityList) and head == list(methods)[:2]


def test_entities_frame(kg: PaperGraph) -> None:
    methods = kg.methods()
    df = methods.to_pandas()
    assert list(df.columns) == _names(Entity)
    assert list(df["id"]) == [m.id for m in methods]  # the list's order
    assert list(df["n_papers"]) == [m.n_papers for m in methods]
    gnn = df.set_index("name").loc["graph neural network"]
    entity = kg.entity("GNN")
    assert gnn["aliases"] == tuple(a for a, _n in entity.aliases)  # written forms, most frequent first
    assert gnn["n_mentions"] == entity.n_mentions
    assert entities_frame(methods).equals(df)


def test_papers_and_results_frames(kg: PaperGraph) -> None:
    papers = kg.papers()
    df = papers.to_pandas()
    assert list(df.columns) == _names(PaperRecord)
    assert list(df["paper_id"]) == [p.paper_id for p in papers]
    assert list(df["date"]) == [p.date for p in papers]
    results = kg.results()
    rf = results.to_pandas()
    assert list(rf.columns) == _names(ResultRecord)
    assert len(rf) == len(results) > 0
    assert rf["value"].dtype == float
    assert list(rf["value_text"]) == [r.value_text for r in results]
    assert papers_frame(papers).equals(df) and results_frame(results).equals(rf)


def test_leaderboard_rows_frame(kg: PaperGraph) -> None:
    rows = kg.leaderboard("ImageNet", "top-1 accuracy")
    df = rows.to_pandas()
    assert list(df.columns) == _names(LeaderboardRow)
    assert list(zip(df["method"], df["value"], strict=True)) == [(r.method, r.value) for r in rows]
    assert list(df["sentence"]) == [r.sentence for r in rows]  # provenance kept
    assert rows_frame(rows).equals(df)


def test_leaderboard_tables_frame(kg: PaperGraph) -> None:
    tables = kg.leaderboards("ImageNet")
    df = tables.to_pandas()
    assert list(df.columns) == list(RECORD_FIELDS)
    ranked = flat_records(tables)
    assert len(df) == len(ranked) == len(kg.leaderboard("ImageNet"))
    assert list(df["rank"]) == [r["rank"] for r in ranked]
    assert str(df["rank"].dtype) == "Int64"
    full = tables.to_pandas(include_unranked=True)
    unranked = full[full["status"] == "unranked"]
    assert len(full) == len(flat_records(tables, include_unranked=True))
    assert list(unranked["reason"]) == [u.reason for t in tables for u in t.unranked]
    assert unranked["rank"].isna().all()
    one = tables[0].to_pandas()
    assert list(one["method"]) == [r.method for r in tables[0].rows]
    assert tables_frame(tables).equals(df) and to_frame(tables).equals(df)


def test_empty_lists_keep_their_columns(kg: PaperGraph) -> None:
    empty = kg.leaderboard("CIFAR-10")
    assert empty == []
    df = empty.to_pandas()
    assert len(df) == 0 and list(df.columns) == _names(LeaderboardRow)
    assert list(kg.leaderboards("CIFAR-10").to_pandas().columns) == list(RECORD_FIELDS)
    assert to_frame([]).empty


def test_to_frame_dispatches_and_refuses_other_things(kg: PaperGraph) -> None:
    assert to_frame(list(kg.tasks())).equals(kg.tasks().to_pandas())
    assert to_frame(list(kg.papers())).equals(kg.papers().to_pandas())
    with pytest.raises(TypeError, match="no DataFrame for int"):
        to_frame([1, 2])
    with pytest.raises(TypeError, match="expected Entity records, got PaperRecord"):
        entities_frame([kg.papers()[0]])  # type: ignore[list-item]


def test_missing_pandas_says_what_to_install(kg: PaperGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    for make in (require_pandas, kg.methods().to_pandas, kg.leaderboards("ImageNet").to_pandas):
        with pytest.raises(MissingDependencyError) as exc:
            make()
        assert "pip install 'papergraph[pandas]'" in str(exc.value)
        assert isinstance(exc.value, ImportError) and isinstance(exc.value, PapergraphError)
    # The HTML tables need no pandas.
    assert "<table" in kg.methods()._repr_html_()


# -- HTML tables ------------------------------------------------------------------


def _cells(table: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", table, re.S)]


def test_tables_show_the_records(kg: PaperGraph) -> None:
    methods = kg.methods()
    cells = _cells(methods._repr_html_())
    assert all(m.name in cells for m in methods)
    assert f"{len(methods)} entities" in methods._repr_html_()
    board = kg.leaderboards("ImageNet")
    text = board._repr_html_()
    assert text.count("<table") == len(board)
    for t in board:
        assert t.title in html.unescape(text)
        for r in t.rows:
            assert r.method in _cells(text) and r.value_text in _cells(text)
    rows = kg.leaderboard("ImageNet")
    assert [c for c in _cells(rows._repr_html_()) if c in {r.value_text for r in rows}]
    papers = kg.papers()
    assert all((p.title or p.label) in _cells(papers._repr_html_()) for p in papers)


def test_long_tables_are_cut_and_say_so() -> None:
    many = EntityList(
        Entity(f"method:m{i}", "Method", f"M{i}", (), 1, 1) for i in range(MAX_TABLE_ROWS + 7)
    )
    text = many._repr_html_()
    assert text.count("<tr>") == MAX_TABLE_ROWS + 2  # the header, the first rows, the note
    assert "and 7 more rows" in text


def _evil_tables(kg: PaperGraph) -> list[object]:
    ent = replace(kg.entity("ResNet-50"), name=EVIL, aliases=((EVIL, 1),))
    paper = replace(kg.papers()[0], title=EVIL, authors=(EVIL,))
    result = replace(kg.results()[0], metric=EVIL, value_text=EVIL)
    table = kg.leaderboards("ImageNet")[0]
    row = replace(table.rows[0], method=EVIL, paper_title=EVIL, dataset=EVIL)
    evil_table = Leaderboard(EVIL, EVIL, None, EVIL, None, (row,), (1,), ())
    return [EntityList([ent]), PaperList([paper]), ResultList([result]), LeaderboardRows([row]),
            evil_table, LeaderboardList([evil_table])]  # fmt: skip


def test_every_cell_is_escaped(kg: PaperGraph) -> None:
    for obj in _evil_tables(kg):
        text = obj._repr_html_()  # type: ignore[attr-defined]
        assert "<script" not in text, type(obj).__name__
        assert html.escape(EVIL) in text, type(obj).__name__
        assert EVIL in _cells(text) or EVIL in html.unescape(text)
