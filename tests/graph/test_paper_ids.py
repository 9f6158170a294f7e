"""Paper nodes carry the input record's own id, papers are found by it, and
papers read without a title have a label and a place on leaderboards."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.errors import EntityNotFoundError
from papergraph.graph import PaperGraph, build_graph
from papergraph.graph.build import paper_label
from papergraph.types import Extraction, Mention, Paper, Result

OPENALEX = "https://openalex.org/W2741809807"
UNTITLED = "We propose QuxNet, a new network. QuxNet reaches 91.5% top-1 accuracy on ImageNet."


def _records() -> tuple[list[Paper], list[Extraction]]:
    papers = [
        Paper("arxiv:2101.00001", "FooNet: Fast Nets", "We propose FooNet.", source_id="rec-17",
              merged_source_ids=("alpha-1", "beta-2")),
        Paper("t:00000000000000b1", "BarNet", "BarNet is a network.", source_id=OPENALEX),
        Paper("a:00000000000000c1", "", UNTITLED, source_id="ICCV_2003_158_abs"),
        Paper("t:00000000000000d1", "Same Row One", "One.", source_id="1"),
        Paper("t:00000000000000d2", "Same Row Two", "Two.", source_id="1"),
    ]
    q = papers[2]
    start = UNTITLED.index("91.5")

    def mention(text: str, label: str, **kw: object) -> Mention:
        at = UNTITLED.index(text)
        return Mention(text, label, "abstract", at, at + len(text), text, sentence=UNTITLED, **kw)  # type: ignore[arg-type]

    result = Result(91.5, "91.5%", "%", "top-1 accuracy", "ImageNet", "QuxNet", None, None, "absolute",
                    UNTITLED, "abstract", start, start + 4, 0.9)
    extractions = [Extraction(p.id, p.title, source_id=p.source_id) for p in papers]
    extractions[2] = Extraction(
        q.id, q.title,
        (mention("QuxNet", "Method", proposed=True), mention("top-1 accuracy", "Metric"),
         mention("ImageNet", "Dataset")),
        (result,), source_id=q.source_id,
    )
    return papers, extractions


@pytest.fixture(scope="module")
def kg() -> PaperGraph:
    return PaperGraph.from_records(*_records())


def test_paper_node_carries_source_ids(kg: PaperGraph) -> None:
    G = kg.to_networkx(copy=False)
    d = G.nodes["paper:arxiv:2101.00001"]
    assert (d["source_id"], d["merged_source_ids"]) == ("rec-17", ["alpha-1", "beta-2"])
    record = kg.paper("arxiv:2101.00001")
    assert (record.source_id, record.merged_source_ids) == ("rec-17", ("alpha-1", "beta-2"))


@pytest.mark.parametrize(
    "ref, paper_id",
    [
        ("arxiv:2101.00001", "arxiv:2101.00001"),  # paper id
        ("paper:arxiv:2101.00001", "arxiv:2101.00001"),  # node id
        ("rec-17", "arxiv:2101.00001"),  # source id
        ("beta-2", "arxiv:2101.00001"),  # a merged duplicate's source id
        (OPENALEX, "t:00000000000000b1"),  # an OpenAlex id as written
        ("W2741809807", "t:00000000000000b1"),  # ... and as usually quoted
        ("ICCV_2003_158_abs", "a:00000000000000c1"),
        ("foonet: FAST nets", "arxiv:2101.00001"),  # title, any case
    ],
)
def test_paper_lookup(kg: PaperGraph, ref: str, paper_id: str) -> None:
    assert kg.paper(ref).paper_id == paper_id
    assert kg.paper(kg.paper(ref)).paper_id == paper_id  # a record resolves to itself


@pytest.mark.parametrize(
    "ref, message",
    [
        ("1", r"source id '1' is the id of 2 papers .*'t:00000000000000d1', 't:00000000000000d2'"),
        ("", "no paper ''"),  # an untitled paper is not found by an empty title
        ("W0000", "no paper 'W0000'"),
    ],
)
def test_paper_lookup_fails_clearly(kg: PaperGraph, ref: str, message: str) -> None:
    with pytest.raises(EntityNotFoundError, match=message):
        kg.paper(ref)


@pytest.mark.parametrize(
    "title, abstract, source_id, label",
    [
        ("FooNet", "We propose FooNet.", None, "FooNet"),
        ("", "Short abstract here.", "s-1", "Short abstract here."),
        ("", "one two three four five six seven eight nine", None, "one two three four five six seven eight\u2026"),
        ("", "", "s-1", "s-1"),
        ("", "", None, "x:1"),
    ],
)
def test_paper_label(title: str, abstract: str, source_id: str | None, label: str) -> None:
    assert paper_label(Paper("x:1", title, abstract, source_id=source_id)) == label


def test_untitled_paper_node_is_labelled_by_its_abstract(kg: PaperGraph) -> None:
    record = kg.paper("ICCV_2003_158_abs")
    assert record.title == ""
    assert record.label == str(record) == "We propose QuxNet, a new network. QuxNet reaches\u2026"


def test_untitled_paper_is_on_the_leaderboard(kg: PaperGraph) -> None:
    (row,) = kg.leaderboard("ImageNet")
    assert (row.paper, row.method, row.value, row.paper_title) == ("a:00000000000000c1", "QuxNet", 91.5, "")
    assert [p.paper_id for p in kg.papers_proposing("QuxNet")] == ["a:00000000000000c1"]


def test_extraction_without_paper_keeps_its_source_id() -> None:
    G = build_graph([], [Extraction("a:1", "", source_id="doc-9")])
    assert (G.nodes["paper:a:1"]["source_id"], G.nodes["paper:a:1"]["label"]) == ("doc-9", "doc-9")


def test_load_reads_source_ids_back(tmp_path: Path) -> None:
    from papergraph._io import atomic_write_jsonl

    papers, extractions = _records()
    atomic_write_jsonl(tmp_path / "papers.jsonl", (p.to_dict() for p in papers))
    atomic_write_jsonl(tmp_path / "extractions.jsonl", (e.to_dict() for e in extractions))
    kg = PaperGraph.load(tmp_path)
    assert kg.paper("beta-2").source_id == "rec-17"
    assert kg.paper("ICCV_2003_158_abs").title == ""
