"""pg:sourceId on papers, untitled papers in the RDF and the SHACL shapes, and the
canned SPARQL queries on both."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from papergraph.graph import build_graph
from papergraph.rdf import write_rdf
from papergraph.rdf.mapping import to_rdf
from papergraph.rdf.named import run_named
from papergraph.rdf.namespace import PG
from papergraph.rdf.validate import validate_graph
from papergraph.types import Extraction, Mention, Paper, Result

ID = "https://papergraph.dev/id/"
UNTITLED = "We propose QuxNet. QuxNet reaches 91.5% top-1 accuracy on ImageNet."


def _graph() -> nx.MultiDiGraph:
    titled = Paper("arxiv:2101.00001", "FooNet", "We propose FooNet.", source_id="rec-17",
                   merged_source_ids=("alpha-1",))
    untitled = Paper("a:00000000000000c1", "", UNTITLED, source_id="ICCV_2003_158_abs")

    def mention(text: str, label: str, **kw: object) -> Mention:
        at = UNTITLED.index(text)
        return Mention(text, label, "abstract", at, at + len(text), text, sentence=UNTITLED, **kw)  # type: ignore[arg-type]

    at = UNTITLED.index("91.5")
    result = Result(91.5, "91.5%", "%", "top-1 accuracy", "ImageNet", "QuxNet", None, None, "absolute",
                    UNTITLED, "abstract", at, at + 5, 0.9)
    extractions = [
        Extraction(titled.id, titled.title, source_id=titled.source_id),
        Extraction(untitled.id, "", (mention("QuxNet", "Method", proposed=True),
                                     mention("top-1 accuracy", "Metric"), mention("ImageNet", "Dataset")),
                   (result,), source_id=untitled.source_id),
    ]
    return build_graph([titled, untitled], extractions)


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("source-ids")
    report = write_rdf(_graph(), out)
    assert report.conforms is True
    return out


def test_every_source_id_is_a_pg_sourceid_literal() -> None:
    g = to_rdf(_graph())
    titled = URIRef(ID + "paper/arxiv:2101.00001")
    assert sorted(str(o) for o in g.objects(titled, PG.sourceId)) == ["alpha-1", "rec-17"]
    assert all(isinstance(o, Literal) for o in g.objects(None, PG.sourceId))


def test_untitled_paper_has_a_label_and_no_title() -> None:
    g = to_rdf(_graph())
    (paper,) = g.subjects(PG.sourceId, Literal("ICCV_2003_158_abs"))
    assert list(g.objects(paper, DCTERMS.title)) == []
    assert [str(o) for o in g.objects(paper, RDFS.label)] == ["We propose QuxNet. QuxNet reaches 91.5% top-1 accuracy\u2026"]


def test_untitled_paper_conforms_to_the_shapes() -> None:
    v = validate_graph(_graph())
    assert v.conforms, v.text


def test_paper_without_a_label_violates_the_shapes() -> None:
    G = _graph()
    G.nodes["paper:a:00000000000000c1"]["label"] = ""  # as if built without paper_label
    v = validate_graph(G)
    assert not v.conforms
    assert "A paper needs exactly one non-empty rdfs:label" in v.text


def test_leaderboard_query_keeps_rows_of_untitled_papers(build_dir: Path) -> None:
    rows = list(run_named(build_dir, "leaderboard", {"dataset": "ImageNet"}))
    assert [(str(r["methodName"]), str(r["value"]), r.get("title")) for r in rows] == [("QuxNet", "91.5", None)]


def test_paper_claims_query_finds_an_untitled_paper_by_source_id(build_dir: Path) -> None:
    rows = list(run_named(build_dir, "paper-claims", {"paper": "ICCV_2003_158_abs"}))
    assert [(str(r["valueText"]), r.get("title")) for r in rows] == [("91.5%", None)]
    assert list(run_named(build_dir, "paper-claims", {"paper": "no-such-id"})) == []
