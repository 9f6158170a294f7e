"""Paper ids, title normalisation, arXiv ids, DOIs and code links."""

from __future__ import annotations

import hashlib

import pytest

from papergraph.ingest import (
    find_code_urls,
    normalise_arxiv_id,
    normalise_doi,
    normalise_title,
    paper_id,
)


def _t(norm: str) -> str:
    return "t:" + hashlib.sha1(norm.encode()).hexdigest()[:16]


@pytest.mark.parametrize(
    "title, arxiv_id, doi, expected",
    [
        ("Attention Is All You Need", "1706.03762", None, "arxiv:1706.03762"),
        ("x", "1706.03762v7", None, "arxiv:1706.03762"),
        ("x", "arXiv:2103.14030v2", "10.1109/ICCV48922.2021.00986", "arxiv:2103.14030"),
        ("x", "https://arxiv.org/abs/2201.11990v3", None, "arxiv:2201.11990"),
        ("x", "hep-th/9901001v2", None, "arxiv:hep-th/9901001"),
        ("x", None, "10.48550/arXiv.2312.07559", "arxiv:2312.07559"),
        ("x", None, "https://doi.org/10.1038/S42256-024-00832-8", "doi:10.1038/s42256-024-00832-8"),
        ("x", None, "doi:10.1109/CVPR.2016.90", "doi:10.1109/cvpr.2016.90"),
        ("x", "not-an-id", "not-a-doi", _t("x")),
        ("Pointer Networks", None, None, _t("pointer networks")),
        ("  POINTER   networks!! ", None, None, _t("pointer networks")),
        ("Mixture-of-Experts: A Survey", None, None, _t("mixture of experts a survey")),
        ("Poincaré ResNet", None, None, _t("poincaré resnet")),
        ("Poincare\u0301 ResNet", None, None, _t("poincaré resnet")),  # NFKC composes
        ("ＦＵＬＬ Width", None, None, _t("full width")),
    ],
)
def test_paper_id(title: str, arxiv_id: str | None, doi: str | None, expected: str) -> None:
    assert paper_id(title, arxiv_id, doi) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("DεpS: Delayed ε-Shrinking", "dεps delayed ε shrinking"),
        ("$gen$CNN: A Convolutional Architecture", "gen cnn a convolutional architecture"),
        ("It's All Connected", "it s all connected"),
        ("snake_case_title", "snake case title"),
        ("   ", ""),
    ],
)
def test_normalise_title(title: str, expected: str) -> None:
    assert normalise_title(title) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2606.00467", "2606.00467"),
        ("arxiv:2503.11731", "2503.11731"),
        ("http://arxiv.org/abs/2202.12139v1", "2202.12139"),
        ("https://arxiv.org/pdf/2103.14030", "2103.14030"),
        ("7cbc2a7843411a1768ab762930707af0a3c33a19", None),  # a Semantic Scholar paperId
        ("https://openalex.org/W4389761608", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_arxiv_id(value: str | None, expected: str | None) -> None:
    assert normalise_arxiv_id(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("10.1007/978-3-030-58452-8_24", "10.1007/978-3-030-58452-8_24"),
        ("https://dx.doi.org/10.1126/Science.1127647", "10.1126/science.1127647"),
        ("10.1007", None),  # the truncated DOI in the Zotero BibTeX sample
        ("", None),
    ],
)
def test_normalise_doi(value: str, expected: str | None) -> None:
    assert normalise_doi(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Code is available at https://github.com/kamanphoebe/m2mKD.",
         ("https://github.com/kamanphoebe/m2mKD",)),
        ("see github.com/org/repo.git and GitLab.com/group/proj)",
         ("https://github.com/org/repo", "https://gitlab.com/group/proj")),
        ("two links https://github.com/a/b and http://github.com/a/b",
         ("https://github.com/a/b",)),
        ("no links here, only https://example.org/x", ()),
    ],
)
def test_find_code_urls(text: str, expected: tuple[str, ...]) -> None:
    assert find_code_urls([text]) == expected
