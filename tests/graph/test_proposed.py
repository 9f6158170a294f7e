"""A paper does not propose what the rest of the corpus already names."""

from __future__ import annotations

from papergraph.graph import PaperGraph
from papergraph.types import Extraction, Mention, Paper


def _paper(pid: str, date: str | None, name: str, proposed: bool) -> tuple[Paper, Extraction]:
    abstract = f"We {'propose' if proposed else 'use'} {name} here."
    s = abstract.index(name)
    m = Mention(name, "Method", "abstract", s, s + len(name), name, proposed, 0.9, "rules", abstract)
    return Paper(pid, f"Paper {pid}", abstract, date=date), Extraction(pid, f"Paper {pid}", (m,), ())


def _graph(specs: list[tuple[str, str | None, str, bool]]) -> PaperGraph:
    pairs = [_paper(*s) for s in specs]
    return PaperGraph.from_records([p for p, _ in pairs], [e for _, e in pairs])


def test_earlier_papers_already_named_it() -> None:
    kg = _graph([("arxiv:a", "2024-05-01", "FooNet", True), ("arxiv:b", "2023-01-01", "FooNet", False),
                 ("arxiv:c", "2023-02-01", "FooNet", False)])  # fmt: skip
    assert kg.papers_proposing("FooNet") == []
    assert {p.paper_id for p in kg.papers_using("FooNet")} == {"arxiv:a", "arxiv:b", "arxiv:c"}


def test_widely_used_with_no_dates_is_not_proposed() -> None:
    specs = [("arxiv:p", None, "backpropagation", True)] + [(f"arxiv:u{i}", None, "backpropagation", False)
                                                            for i in range(5)]  # fmt: skip
    assert _graph(specs).papers_proposing("backpropagation") == []


def test_the_first_paper_keeps_what_it_proposed() -> None:
    specs = [("arxiv:orig", "2016-01-01", "ResNet", True)] + [(f"arxiv:l{i}", "2020-01-01", "ResNet", False)
                                                              for i in range(6)]  # fmt: skip
    assert [p.paper_id for p in _graph(specs).papers_proposing("ResNet")] == ["arxiv:orig"]


def test_a_new_name_stays_proposed() -> None:
    kg = _graph([("arxiv:x", None, "BarNet", True), ("arxiv:y", None, "BarNet", False)])
    assert [p.paper_id for p in kg.papers_proposing("BarNet")] == ["arxiv:x"]
