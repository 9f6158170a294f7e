"""A record's own id is kept (Paper.source_id), abstract-only records are papers,
and an over-long abstract is cut at a sentence boundary with a note."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from papergraph.ingest import iter_records, read_papers
from papergraph.ingest.identity import normalise_title, paper_id
from papergraph.ingest.records import MAX_TEXT_CHARS, fit_abstract, make_paper
from papergraph.types import Note, Paper, Problem

ABSTRACT = "We propose FooNet. It reaches 90.1% accuracy on CIFAR-10."
OPENALEX = "https://openalex.org/W2741809807"
S2 = "649def34f8be52c8b66281af98ae884c09aef38b"


def _one(path: Path) -> Paper:
    (item,) = list(iter_records(path))
    assert isinstance(item, Paper), item
    return item


def _jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _a(abstract: str) -> str:
    return "a:" + hashlib.sha1(normalise_title(abstract).encode()).hexdigest()[:16]


# -- the record's own id ------------------------------------------------------


@pytest.mark.parametrize(
    "case, record, expected",
    [
        ("jsonl internal id", {"id": "rec-17", "title": "FooNet", "abstract": ABSTRACT}, "rec-17"),
        ("integer id", {"id": 17, "title": "FooNet", "abstract": ABSTRACT}, "17"),
        ("s2 paperId", {"paperId": S2, "title": "FooNet", "abstract": ABSTRACT,
                        "externalIds": {"ArXiv": "1706.03762"}}, S2),
        ("paper_id spelling", {"paper_id": "P-9", "title": "FooNet", "abstract": ABSTRACT}, "P-9"),
        ("openalex W-id", {"id": OPENALEX, "title": "FooNet", "abstract": ABSTRACT}, OPENALEX),
        ("scierc doc_key", {"doc_key": "ICCV_2003_158_abs", "text": ABSTRACT}, "ICCV_2003_158_abs"),
        ("scirex doc_id", {"doc_id": "007ff2ca", "title": "FooNet", "abstract": ABSTRACT}, "007ff2ca"),
        ("hugging face paper.id", {"paper": {"id": "2310.06825", "title": "FooNet", "summary": ABSTRACT}},
         "2310.06825"),
        ("id wins over paperId", {"id": "mine-1", "paperId": S2, "title": "FooNet", "abstract": ABSTRACT},
         "mine-1"),
        ("spaces around the id", {"id": "  rec-18 ", "title": "FooNet", "abstract": ABSTRACT}, "rec-18"),
        ("no id at all", {"title": "FooNet", "abstract": ABSTRACT}, None),
        ("empty id", {"id": "", "title": "FooNet", "abstract": ABSTRACT}, None),
    ],
)
def test_json_record_id_is_kept_as_source_id(tmp_path: Path, case: str, record: dict, expected: str | None) -> None:
    paper = _one(_jsonl(tmp_path / "in.jsonl", record))
    assert paper.source_id == expected, case


def test_s2_paperid_kept_while_paper_id_is_the_arxiv_id(tmp_path: Path) -> None:
    record = {"paperId": S2, "title": "FooNet", "abstract": ABSTRACT, "externalIds": {"ArXiv": "1706.03762"}}
    paper = _one(_jsonl(tmp_path / "s2.jsonl", record))
    assert (paper.id, paper.source_id) == ("arxiv:1706.03762", S2)


def test_openalex_w_id_kept_in_a_json_envelope(tmp_path: Path) -> None:
    doc = {"meta": {"count": 1}, "results": [{"id": OPENALEX, "title": "FooNet", "abstract_inverted_index":
                                              {"We": [0], "propose": [1], "FooNet.": [2]}}]}
    path = tmp_path / "openalex.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    paper = _one(path)
    assert paper.source_id == OPENALEX and paper.abstract == "We propose FooNet."
    assert OPENALEX in paper.urls  # still a link to the work, as before


def test_bibtex_citation_key_kept(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(
        "@inproceedings{vaswani2017attention,\n  title = {Attention Is All You Need},\n"
        "  abstract = {We propose the Transformer.},\n}\n",
        encoding="utf-8",
    )
    assert _one(path).source_id == "vaswani2017attention"


@pytest.mark.parametrize(
    "header, row, expected",
    [
        ("id,title,abstract", "row-3,FooNet,We propose FooNet.", "row-3"),
        ("Key,Title,Abstract Note", "ABCD1234,FooNet,We propose FooNet.", "ABCD1234"),
        ("Citation Key,Title,Abstract", "foo2024,FooNet,We propose FooNet.", "foo2024"),
        ("title,abstract", "FooNet,We propose FooNet.", None),
    ],
)
def test_csv_id_kept(tmp_path: Path, header: str, row: str, expected: str | None) -> None:
    path = tmp_path / "papers.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    assert _one(path).source_id == expected


def test_atom_entry_id_kept(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n'
        "<id>http://arxiv.org/abs/2103.14030v2</id>\n<title>Swin Transformer</title>\n"
        "<summary>We present Swin.</summary>\n</entry>\n</feed>\n",
        encoding="utf-8",
    )
    paper = _one(path)
    assert (paper.id, paper.source_id) == ("arxiv:2103.14030", "http://arxiv.org/abs/2103.14030v2")


def test_shared_exports_keep_their_ids(formats_dir: Path) -> None:
    cases = {
        "s2_graph_paper_search_transformer_5.json": lambda s: len(s) == 40,  # S2 paperId: 40 hex
        "openalex_works_title_search_paperqa.json": lambda s: s.startswith("https://openalex.org/W"),
        "bibtex_zotero_export_ml.bib": lambda s: " " not in s,  # citation keys
        "zotero_export_ml.csv": lambda s: len(s) == 8,  # Zotero item keys
        "arxiv_api_idlist_2_entries.atom.xml": lambda s: s.startswith("http://arxiv.org/abs/"),
    }
    for name, looks_right in cases.items():
        papers = [i for i in iter_records(formats_dir / name) if isinstance(i, Paper)]
        assert papers, name
        assert all(p.source_id and looks_right(p.source_id) for p in papers), name


def test_merged_duplicates_keep_every_source_id_whatever_the_order(tmp_path: Path) -> None:
    rich = {"id": "zeta-9", "arxiv_id": "2101.00001", "title": "FooNet", "abstract": ABSTRACT + " More."}
    poor = {"id": "alpha-1", "arxiv_id": "2101.00001", "title": "FooNet", "abstract": ABSTRACT}
    bare = {"arxiv_id": "2101.00001", "title": "FooNet", "abstract": ABSTRACT}
    other = {"paperId": S2, "arxiv_id": "2101.00001", "title": "FooNet", "abstract": ABSTRACT}
    a = _jsonl(tmp_path / "a.jsonl", poor, bare)
    b = _jsonl(tmp_path / "b.jsonl", other, rich)
    merged = [read_papers([x, y]).papers for x, y in ((a, b), (b, a))]
    assert merged[0] == merged[1]
    for (paper,) in merged:
        assert paper.source_id == "zeta-9"  # the record whose text was kept
        assert paper.merged_source_ids == tuple(sorted((S2, "alpha-1")))


def test_merged_paper_takes_the_first_source_id_in_rank_order_when_the_best_has_none(tmp_path: Path) -> None:
    best = {"arxiv_id": "2101.00001", "title": "FooNet", "abstract": ABSTRACT + " The longest."}
    second = {"id": "b-2", "arxiv_id": "2101.00001", "title": "FooNet", "abstract": ABSTRACT + " Longer."}
    third = {"id": "a-1", "arxiv_id": "2101.00001", "title": "FooNet", "abstract": ABSTRACT}
    (paper,) = read_papers([_jsonl(tmp_path / "in.jsonl", third, best, second)]).papers
    assert (paper.source_id, paper.merged_source_ids) == ("b-2", ("a-1",))


# -- records without a title ----------------------------------------------------


def test_abstract_only_record_is_a_paper_with_an_empty_title(tmp_path: Path) -> None:
    paper = _one(_jsonl(tmp_path / "scierc.jsonl", {"doc_key": "X_1", "text": ABSTRACT}))
    assert (paper.title, paper.abstract, paper.source_id) == ("", ABSTRACT, "X_1")
    assert paper.id == _a(ABSTRACT)


@pytest.mark.parametrize(
    "case, record, expected",
    [
        ("arxiv id first", {"abstract": ABSTRACT, "arxiv_id": "2101.00001", "doi": "10.1/x"}, "arxiv:2101.00001"),
        ("then the doi", {"abstract": ABSTRACT, "doi": "10.1234/ABC"}, "doi:10.1234/abc"),
        ("else the abstract, not the source id", {"abstract": ABSTRACT, "id": "1"}, _a(ABSTRACT)),
    ],
)
def test_untitled_paper_id(tmp_path: Path, case: str, record: dict, expected: str) -> None:
    assert _one(_jsonl(tmp_path / "in.jsonl", record)).id == expected, case


def test_untitled_id_is_stable_across_files_and_spacing(tmp_path: Path) -> None:
    a = _jsonl(tmp_path / "one.jsonl", {"id": "1", "abstract": ABSTRACT})
    b = _jsonl(tmp_path / "two.jsonl", {"id": "1", "abstract": "  we PROPOSE FooNet.\nIt reaches 90.1% accuracy on CIFAR-10 "})
    c = _jsonl(tmp_path / "three.jsonl", {"id": "1", "abstract": "A different abstract."})
    rr = read_papers([a, b, c])
    # The same text in two files is one paper; the same row number in another file is not.
    assert [p.id for p in rr.papers] == [_a(ABSTRACT), _a("A different abstract.")]
    assert rr.duplicates_merged == 1
    assert paper_id("", abstract=ABSTRACT) == _a(ABSTRACT)


def test_untitled_record_merges_with_a_titled_one_and_takes_its_title(tmp_path: Path) -> None:
    untitled = {"id": "u", "arxiv_id": "2101.00001", "abstract": ABSTRACT + " It is the longer text."}
    titled = {"id": "t", "arxiv_id": "2101.00001", "title": "FooNet", "abstract": ABSTRACT}
    (paper,) = read_papers([_jsonl(tmp_path / "in.jsonl", untitled, titled)]).papers
    assert (paper.title, paper.abstract) == ("FooNet", untitled["abstract"])
    assert (paper.source_id, paper.merged_source_ids) == ("u", ("t",))


def test_punctuation_title_does_not_join_an_untitled_paper(tmp_path: Path) -> None:
    untitled = {"doi": "10.1234/x", "abstract": ABSTRACT}
    odd = {"title": "???", "abstract": "Another paper entirely."}
    rr = read_papers([_jsonl(tmp_path / "in.jsonl", untitled, odd)])
    assert len(rr.papers) == 2 and rr.duplicates_merged == 0


@pytest.mark.parametrize(
    "record, reason",
    [
        ({"id": "x"}, "neither title nor abstract"),
        ({"title": "Only A Title"}, "no abstract"),
        ({"title": "T" * (MAX_TEXT_CHARS + 1), "abstract": ABSTRACT}, "is the full text in the title field"),
    ],
)
def test_records_still_skipped_with_a_reason(tmp_path: Path, record: dict, reason: str) -> None:
    (item,) = list(iter_records(_jsonl(tmp_path / "in.jsonl", record)))
    assert isinstance(item, Problem) and reason in item.reason and item.line == 1


# -- over-long abstracts -----------------------------------------------------------


@pytest.mark.parametrize(
    "case, text, cap, expected, how",
    [
        ("fits", "One. Two.", 9, "One. Two.", None),
        ("sentence end", "One two. Three four. Five six", 22, "One two. Three four.", "at a sentence boundary"),
        ("closing quote", 'He said "go." Then more words', 16, 'He said "go."', "at a sentence boundary"),
        ("no sentence end", "one two three four five six", 16, "one two three", "at a word boundary"),
        ("one unbroken run", "x" * 30, 10, "x" * 10, "mid-word"),
    ],
)
def test_fit_abstract(case: str, text: str, cap: int, expected: str, how: str | None) -> None:
    cut, note = fit_abstract(text, cap)
    assert cut == expected, case
    assert len(cut) <= cap
    if how is None:
        assert note is None
    else:
        assert note == f"abstract truncated from {len(text)} to {len(expected)} characters {how}"


def _long_abstract(n: int) -> str:
    sentence = "This sentence is filler for a very long abstract. "
    return (sentence * (n // len(sentence) + 1))[:n]


def test_million_char_abstract_is_truncated_and_noted(tmp_path: Path) -> None:
    long = _long_abstract(1_000_001)
    path = _jsonl(tmp_path / "in.jsonl", {"id": "ok", "title": "Short", "abstract": ABSTRACT},
                  {"id": "huge", "title": "Huge", "abstract": long})
    rr = read_papers([path])
    short, huge = rr.papers
    assert short.notes == () and len(huge.abstract) <= MAX_TEXT_CHARS
    assert huge.abstract.endswith("abstract.") and long.startswith(huge.abstract)
    reason = f"abstract truncated from 1000001 to {len(huge.abstract)} characters at a sentence boundary"
    assert huge.notes == (reason,)
    assert rr.notes == (Note(str(path), 2, huge.id, reason),)
    assert rr.records_read == 2 == len(rr.papers) + rr.duplicates_merged + len(rr.skipped)


def test_make_paper_accepts_a_title_less_record_directly() -> None:
    paper = make_paper(title=None, abstract=ABSTRACT, source_file="f", source_line=3, source_format="jsonl",
                       source_id=" s-1 ")
    assert isinstance(paper, Paper) and (paper.title, paper.source_id) == ("", "s-1")


# -- end to end: `papergraph build --no-model` ---------------------------------------


@pytest.fixture(scope="module")
def source_id_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from papergraph.cli import app

    inputs = tmp_path_factory.mktemp("inputs")
    _jsonl(
        inputs / "papers.jsonl",
        {"id": "rec-17", "title": "FooNet: Fast Nets", "abstract": "We propose FooNet. It gets 90.1% accuracy on CIFAR-10."},
        {"paperId": S2, "title": "BarNet", "abstract": "BarNet reaches 80.2% top-1 accuracy on ImageNet."},
        {"id": OPENALEX, "title": "BazNet", "abstract": "BazNet is a new method for object detection on COCO."},
        {"doc_key": "ICCV_2003_158_abs", "text": "This paper presents an algorithm for computing optical flow."},
        {"id": "huge-1", "title": "A Very Long Abstract", "abstract": _long_abstract(1_000_001)},
    )
    (inputs / "refs.bib").write_text(
        "@article{quxnet2024,\n  title = {QuxNet},\n  abstract = {QuxNet segments images.},\n}\n", encoding="utf-8"
    )
    (inputs / "table.csv").write_text("id,title,abstract\ncsv-5,CorgeNet,CorgeNet parses text.\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(app, ["build", str(inputs), "-o", str(out), "--no-model", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


BUILT_IDS = ["rec-17", S2, OPENALEX, "ICCV_2003_158_abs", "huge-1", "quxnet2024", "csv-5"]  # papers.jsonl, refs.bib, table.csv


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_build_writes_source_ids_to_papers_and_extractions(source_id_build: Path) -> None:
    papers = _rows(source_id_build / "papers.jsonl")
    extractions = _rows(source_id_build / "extractions.jsonl")
    assert [p["source_id"] for p in papers] == BUILT_IDS
    assert [(e["id"], e["source_id"]) for e in extractions] == [(p["id"], p["source_id"]) for p in papers]


def test_build_source_ids_in_graph_rdf_and_api(source_id_build: Path) -> None:
    import rdflib

    import papergraph
    from papergraph.rdf.namespace import PG

    kg = papergraph.load(source_id_build)
    assert sorted(p.source_id for p in kg.papers()) == sorted(BUILT_IDS)
    for ref, title in [("rec-17", "FooNet: Fast Nets"), (S2, "BarNet"), ("W2741809807", "BazNet"),
                       (OPENALEX, "BazNet"), ("quxnet2024", "QuxNet"), ("csv-5", "CorgeNet")]:
        assert kg.paper(ref).title == title, ref
    g = rdflib.Graph().parse(source_id_build / "graph.nt", format="nt")
    assert sorted(str(o) for o in g.objects(None, PG.sourceId)) == sorted(BUILT_IDS)


def test_build_untitled_paper_in_graph_and_rdf_and_shacl_conforms(source_id_build: Path) -> None:
    import rdflib
    from rdflib.namespace import DCTERMS, RDFS

    import papergraph
    from papergraph.rdf.namespace import PG

    report = json.loads((source_id_build / "report.json").read_text(encoding="utf-8"))
    assert report["shacl_conforms"] is True
    assert report["papers_written"] == 7 and report["papers_skipped"] == []
    paper = papergraph.load(source_id_build).paper("ICCV_2003_158_abs")
    assert paper.title == "" and paper.label == "This paper presents an algorithm for computing optical\u2026"
    g = rdflib.Graph().parse(source_id_build / "graph.nt", format="nt")
    (node,) = g.subjects(PG.sourceId, rdflib.Literal("ICCV_2003_158_abs"))
    assert list(g.objects(node, DCTERMS.title)) == []
    assert [str(o) for o in g.objects(node, RDFS.label)] == [paper.label]


def test_build_truncates_million_char_abstract_and_notes_it(source_id_build: Path) -> None:
    report = json.loads((source_id_build / "report.json").read_text(encoding="utf-8"))
    huge = next(p for p in _rows(source_id_build / "papers.jsonl") if p["source_id"] == "huge-1")
    assert len(huge["abstract"]) <= MAX_TEXT_CHARS
    reason = f"abstract truncated from 1000001 to {len(huge['abstract'])} characters at a sentence boundary"
    assert huge["notes"] == [reason]
    assert report["notes"] == [{"file": huge["source_file"], "line": 5, "record": huge["id"], "reason": reason}]
