"""Every real sample in shared/data/formats reads, with the counts and fields checked by hand."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from papergraph.ingest import detect_format, iter_records, read_papers
from papergraph.types import Paper, Problem


def _split(path: Path) -> tuple[list[Paper], list[Problem]]:
    items = list(iter_records(path))
    papers = [i for i in items if isinstance(i, Paper)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(papers) + len(problems) == len(items)
    return papers, problems


# file, detected format, records, papers, id kinds (arxiv/doi/t)
SAMPLES = [
    ("arxiv_api_fixture_wrapper.json", "json", 10, 10, {"arxiv": 10}),
    ("arxiv_api_idlist_2_entries.atom.xml", "arxiv-atom", 1, 1, {"arxiv": 1}),
    ("arxiv_api_query_testing_10_entries.atom.xml", "arxiv-atom", 10, 10, {"arxiv": 10}),
    ("arxiv_api_transformer_cslg_5_entries.atom.xml", "arxiv-atom", 5, 5, {"arxiv": 5}),
    ("bibtex_pmlr_midl2023.bib", "bibtex", 113, 112, {"t": 112}),
    ("bibtex_pmlr_uai2025.bib", "bibtex", 230, 229, {"t": 229}),
    ("bibtex_zotero_export_ml.bib", "bibtex", 232, 216, {"t": 84, "arxiv": 74, "doi": 58}),
    ("hf_api_daily_papers.json", "json", 30, 30, {"arxiv": 30}),
    ("openalex_work_by_doi_no_abstract.json", "json", 1, 0, {}),
    ("openalex_works_title_search_chemcrow.json", "json", 2, 2, {"doi": 1, "arxiv": 1}),
    ("openalex_works_title_search_paperqa.json", "json", 1, 1, {"arxiv": 1}),
    ("s2_graph_paper_batch_with_null.json", "json", 4, 3, {"doi": 3}),
    ("s2_graph_paper_search_transformer_5.json", "json", 5, 5, {"arxiv": 5}),
    ("s2_graph_paper_search_turing_100.json", "json", 100, 72, {"doi": 47, "arxiv": 21, "t": 4}),
    ("s2_graph_paper_single_megatron.json", "json", 1, 1, {"arxiv": 1}),
    ("zotero_export_ml.csv", "csv", 217, 201, {"t": 78, "arxiv": 70, "doi": 53}),
]


@pytest.mark.parametrize("name, fmt, records, n_papers, kinds", SAMPLES)
def test_sample_reads(
    formats_dir: Path, name: str, fmt: str, records: int, n_papers: int, kinds: dict[str, int]
) -> None:
    path = formats_dir / name
    assert detect_format(path) == fmt
    papers, problems = _split(path)
    assert len(papers) + len(problems) == records
    assert len(papers) == n_papers
    assert Counter(p.id.split(":")[0] for p in papers) == Counter(kinds)
    for p in papers:
        assert p.title == p.title.strip() and p.abstract == p.abstract.strip()
        assert p.source_file == str(path) and p.source_line and p.source_line >= 1
    for pr in problems:  # every skip says where and why
        assert pr.file == str(path) and pr.reason


def test_semantic_scholar_single(formats_dir: Path) -> None:
    (p,), _ = _split(formats_dir / "s2_graph_paper_single_megatron.json")
    assert p.id == "arxiv:2201.11990"
    assert p.title.startswith("Using DeepSpeed and Megatron to Train Megatron-Turing NLG 530B")
    assert p.date == "2022-01-28"
    assert p.authors[:2] == ("Shaden Smith", "M. Patwary")


def test_semantic_scholar_batch_null_is_reported(formats_dir: Path) -> None:
    papers, problems = _split(formats_dir / "s2_graph_paper_batch_with_null.json")
    assert [pr.line for pr in problems] == [1]
    assert "null" in problems[0].reason
    assert papers[0].id == "doi:10.2139/ssrn.288970"


def test_semantic_scholar_search_without_abstracts(formats_dir: Path) -> None:
    _, problems = _split(formats_dir / "s2_graph_paper_search_turing_100.json")
    assert len(problems) == 28
    assert all("no abstract" in pr.reason for pr in problems)
    assert any("The Church-Turing Thesis" in pr.reason for pr in problems)


def test_openalex_inverted_index(formats_dir: Path) -> None:
    (p,), _ = _split(formats_dir / "openalex_works_title_search_paperqa.json")
    assert p.id == "arxiv:2312.07559"  # from the DOI 10.48550/arXiv.2312.07559
    assert p.doi == "10.48550/arxiv.2312.07559"
    assert p.abstract.startswith("Large Language Models (LLMs) generalize well across language tasks")
    assert p.abstract.endswith("matches expert human researchers on LitQA.")
    assert p.authors[0] == "Jakub Lála" and len(p.authors) == 6
    _, problems = _split(formats_dir / "openalex_work_by_doi_no_abstract.json")
    assert "no abstract" in problems[0].reason


def test_hf_daily_papers_api(formats_dir: Path) -> None:
    papers, _ = _split(formats_dir / "hf_api_daily_papers.json")
    first = papers[0]
    assert first.id == "arxiv:2606.00467"
    assert first.authors == ("Etienne Casanova", "Rafal Kocielnik", "R. Michael Alvarez")
    assert (first.date, first.upvotes) == ("2026-05-30", 0)
    assert papers[1].code_urls == (
        "https://github.com/psychology-of-AI/Rethinking-Pyschometric-Eval-LLMs",
    )
    assert sum(1 for p in papers if p.code_urls) == 17
    assert max(p.upvotes or 0 for p in papers) == 118


def test_arxiv_atom(formats_dir: Path) -> None:
    (p,), _ = _split(formats_dir / "arxiv_api_idlist_2_entries.atom.xml")
    assert p.id == "arxiv:1707.08567"
    assert len(p.authors) == 34 and p.authors[-1] == "Hirosuke Yamamoto"
    assert p.date == "2017-07-27" and p.source_line == 10
    papers, _ = _split(formats_dir / "arxiv_api_query_testing_10_entries.atom.xml")
    assert papers[0].doi == "10.1109/icstw55395.2022.00035"
    assert "https://arxiv.org/pdf/2202.12139v1" in papers[0].urls


def test_recorded_response_wrapper_matches_the_feed(formats_dir: Path) -> None:
    wrapped, _ = _split(formats_dir / "arxiv_api_fixture_wrapper.json")
    feed, _ = _split(formats_dir / "arxiv_api_query_testing_10_entries.atom.xml")
    assert [(p.id, p.title, p.abstract) for p in wrapped] == [
        (p.id, p.title, p.abstract) for p in feed
    ]
    assert {p.source_format for p in wrapped} == {"arxiv-atom"}


def test_bibtex_pmlr(formats_dir: Path) -> None:
    papers, problems = _split(formats_dir / "bibtex_pmlr_uai2025.bib")
    assert "@proceedings" in problems[0].reason and problems[0].line == 1
    akgul = next(p for p in papers if p.title.startswith("Conformal Prediction for Federated"))
    assert akgul.authors[0] == "Ömer Faruk Akgül"
    assert sum(1 for p in papers if p.code_urls) == 111  # the "software" field
    fedrenyi = next(p for p in papers if "FedRényi" in p.abstract)  # "FedR\'enyi" in the file
    assert "at least 2% improvement" in fedrenyi.abstract  # written "2\\%" in the file
    midl, _ = _split(formats_dir / "bibtex_pmlr_midl2023.bib")
    assert midl[0].title == "Sparse Activations for Interpretable Disease Grading"
    assert midl[0].authors[2] == "Laura Kühlewein"
    assert "\n" not in midl[0].abstract  # BibTeX line wrapping is not text


def test_bibtex_zotero(formats_dir: Path) -> None:
    papers, problems = _split(formats_dir / "bibtex_zotero_export_ml.bib")
    nerf = papers[0]
    assert nerf.title == "NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis"
    assert nerf.doi == "10.1007/978-3-030-58452-8_24"  # not the truncated first "doi = {10.1007}"
    assert nerf.date == "2020"
    assert len(problems) == 16 and all("no abstract" in p.reason for p in problems)


def test_zotero_csv(formats_dir: Path) -> None:
    papers, problems = _split(formats_dir / "zotero_export_ml.csv")
    p = papers[1]
    assert p.id == "arxiv:2003.07441"  # from "Extra: arXiv: 2003.07441" and the URL
    assert p.authors == ("Gustav Grund Pihlgren", "Fredrik Sandin", "Marcus Liwicki")
    assert p.date == "2020-07-15" and p.source_line == 3
    assert p.code_urls == ("https://github.com/guspih/Perceptual-Autoencoders",)
    assert [pr.line for pr in problems[:2]] == [6, 7]


def test_zotero_bibtex_and_csv_merge(formats_dir: Path) -> None:
    rr = read_papers(
        [formats_dir / "bibtex_zotero_export_ml.bib", formats_dir / "zotero_export_ml.csv"]
    )
    assert (rr.records_read, len(rr.papers), rr.duplicates_merged, len(rr.skipped)) == (
        449, 216, 201, 32,
    )


def test_whole_directory(formats_dir: Path) -> None:
    rr = read_papers([formats_dir])
    assert rr.records_read == len(rr.papers) + rr.duplicates_merged + len(rr.skipped)
    assert len(rr.files_read) == 17  # the 16 samples and PROVENANCE.json
    prov = [s for s in rr.skipped if s.file.endswith("PROVENANCE.json")]
    assert len(prov) == 1 and "not a list of papers" in prov[0].reason
