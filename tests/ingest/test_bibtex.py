"""The BibTeX reader and its LaTeX-to-Unicode conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.ingest import iter_records
from papergraph.ingest.bibtex import BibEntry, parse_bibtex
from papergraph.ingest.latex import latex_to_text
from papergraph.types import Paper, Problem


@pytest.mark.parametrize(
    "raw, expected",
    [
        (r"K\"uhlewein", "Kühlewein"),
        (r"Akg\"{u}l, \"{O}mer", "Akgül, Ömer"),
        (r"Sch{\"o}lkopf", "Schölkopf"),
        (r"Garc\'{\i}a", "García"),
        (r"Erd\H{o}s and \v{C}ech and Fran\c{c}ois", "Erdős and Čech and François"),
        (r"{\ss} and \o{}ystein and \L{}ukasz", "ß and øystein and Łukasz"),
        (r"{NeRF}: {Representing} Scenes", "NeRF: Representing Scenes"),
        (r"12\% of \& \_x \#1", "12% of & _x #1"),
        (r"at least 2\\% improvement", "at least 2% improvement"),
        (r"a $\mathcal{O}(n)$ solver and $\{0,1\}$", r"a $\mathcal{O}(n)$ solver and $\{0,1\}$"),
        (r"\textbf{bold} and \emph{emphasis}", "bold and emphasis"),
        (r"{\textbackslash}emph\{x\}", r"\emph{x}"),
        ("wrapped\n      across   lines", "wrapped across lines"),
        (r"pages 1--17 and a---b", "pages 1–17 and a—b"),
        (r"\href{https://github.com/a/b}{code}", "code (https://github.com/a/b)"),
        ("plain text stays", "plain text stays"),
    ],
)
def test_latex_to_text(raw: str, expected: str) -> None:
    assert latex_to_text(raw) == expected


def test_parser_values_and_macros() -> None:
    text = """@string{conf = "Conf"}
@comment{ignored @article{not, title={an entry}} }
@Article{key1,
  Title = "Quoted {with "inner" quotes}" # { and } # conf,
  year = 2020, month = jul
}"""
    (entry,) = list(parse_bibtex(text))
    assert isinstance(entry, BibEntry)
    assert (entry.type, entry.key, entry.line) == ("article", "key1", 3)
    assert entry.get("title") == 'Quoted {with "inner" quotes} and Conf'
    assert entry.get("year") == "2020" and entry.get("month") == "July"


def test_small_fixture(fixtures_dir: Path) -> None:
    items = list(iter_records(fixtures_dir / "ingest" / "small.bib"))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Paper", "Problem", "Paper", "Problem"]
    first = items[0]
    assert isinstance(first, Paper)
    assert first.id == "arxiv:2307.01234"  # eprint with archivePrefix = arXiv
    assert first.title == "GANs for Schrödinger Bridges"
    assert first.authors == ("Jörg Müller", "Lucía García")  # "others" dropped
    assert first.date == "2023-07"
    assert first.abstract.startswith("We reduce the error by 12% on CIFAR-10")
    assert first.code_urls == ("https://github.com/example-org/sbgan",)
    broken = items[1]
    assert isinstance(broken, Problem) and broken.line == 17
    assert "unbalanced" in broken.reason
    parens = items[2]
    assert isinstance(parens, Paper)
    assert parens.title == "Entries in Parentheses Work Too"
    assert parens.id == "doi:10.5555/parens.2021"
    assert isinstance(items[3], Problem) and items[3].line == 28
