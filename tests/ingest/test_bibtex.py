"""The BibTeX reader and its LaTeX-to-Unicode conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.ingest import iter_records
from papergraph.ingest.bibtex import BibEntry, parse_bibtex, read_bibtex
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
    assert "at line 18" in broken.reason and "next entry at line 21" in broken.reason


@pytest.mark.parametrize(
    "raw, expected",
    [
        (r"\citet{X}", "X"),
        (r"as shown by \citet{Vaswani2017}, attention", "as shown by Vaswani2017, attention"),
        (r"\citep[see][p.~3]{Pearl95} shows", "Pearl95 shows"),
        (r"\section*{Intro} text", "Intro text"),
        (r"\foo{\bar{nested}}", "nested"),
        (r"a\foo b", "a b"),
        (r"a \foo b", "a b"),
        (r"word\foo.", "word."),
        (r"(\foo x)", "(x)"),
        (r"\unknown", ""),
        (r"Discrepancy (\odd). Our", "Discrepancy (). Our"),
        (r"\LaTeX{} and \LaTeX\ too", "LaTeX and LaTeX too"),
        (r"inpainting, \ie synthesizing, \etal.", "inpainting, i.e. synthesizing, et al."),
        (r"Bj\orn Sand Jensen", "Bjørn Sand Jensen"),
        (r"10\,ms and multi\-task", "10 ms and multitask"),
        (r"Figure~\ref{fig:a} in \textcolor{red}{warm} colour", "Figure in warm colour"),
        (r"an \(\epsilon\)-equilibrium", r"an \(\epsilon\)-equilibrium"),
        (r"loss \begin{align*} L = \sum_i x \end{align*} where", r"loss \begin{align*} L = \sum_i x \end{align*} where"),
        (r"{\textbackslash}citet\{x\} stays text", r"\citet{x} stays text"),
        (r"Schr\"{o}dinger, \'{e}t\'e, 12\% \& \_x", "Schrödinger, été, 12% & _x"),
        (r"first\\second \\[2pt] third", "first second third"),
    ],
)
def test_latex_unknown_commands(raw: str, expected: str) -> None:
    assert latex_to_text(raw) == expected


def _entry(**fields: str) -> str:
    body = ",\n".join(f"  {k} = {v}" for k, v in fields.items())
    return f"@article{{k,\n  title = {{A Title}},\n  abstract = {{An abstract.}},\n{body}\n}}\n"


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"year": "2021", "month": "jul"}, "2021-07"),
        ({"year": "{2021}", "month": "{7}"}, "2021-07"),
        ({"year": "{2021}", "month": "{October}"}, "2021-10"),
        ({"year": "{2021}", "month": "{²}"}, "2021"),  # str.isdigit() says yes, int() says no
        ({"year": "{2021}", "month": "{" + "9" * 5000 + "}"}, "2021"),  # over int()'s digit limit
        ({"year": "{2021}", "month": "{13}"}, "2021"),
        ({"year": "{2021}", "month": "{٣}"}, "2021"),
        ({"year": "{" + "9" * 5000 + "}"}, None),
        ({"year": "{٢٠٢١}"}, None),  # not ASCII digits: not an ISO year
        ({"year": "{20215}"}, None),
        ({"date": "{2021-05-04}"}, "2021-05-04"),
        ({"date": "{" + "2" * 5000 + "}"}, None),
    ],
)
def test_bad_month_or_year_keeps_what_is_valid(fields: dict[str, str], expected: str | None) -> None:
    (paper,) = list(read_bibtex(_entry(**fields), source="m.bib"))
    assert isinstance(paper, Paper)
    assert paper.date == expected


def test_unclosed_brace_ends_the_entry_at_the_next_entry_line() -> None:
    text = (
        "@article{broken,\n"
        "  title = {Never {closed},\n"
        "  abstract = {Its abstract.}\n"
        "}\n"
        "@article{good,\n"
        "  title = {Good}, abstract = {Read as usual.}\n"
        "}\n"
    )
    broken, good = list(read_bibtex(text, source="b.bib"))
    assert isinstance(broken, Problem) and (broken.file, broken.line) == ("b.bib", 1)
    # The "}" meant for the entry closes the title instead; the title runs over three lines.
    assert "no closing '}' before the next entry at line 5" in broken.reason
    assert "the value of 'title' opened at line 2 runs to line 4" in broken.reason
    assert isinstance(good, Paper) and (good.title, good.source_line) == ("Good", 5)


def test_unterminated_quote_ends_the_entry_at_the_next_entry_line() -> None:
    text = '@article{a,\n  title = "No end,\n  abstract = {x}\n}\n\n@misc{b, title={B}, abstract={Fine.}}\n'
    broken, good = list(read_bibtex(text, source="q.bib"))
    assert isinstance(broken, Problem) and broken.line == 1
    assert """'}' at line 4 inside the "..." value opened at line 2""" in broken.reason
    assert isinstance(good, Paper) and good.title == "B"


def test_unterminated_quote_with_no_brace_after_it() -> None:
    text = '@article{a,\n  title = "No end,\n  abstract = x\n\n@misc{b, title={B}, abstract={Fine.}}\n'
    broken, good = list(read_bibtex(text, source="q.bib"))
    assert isinstance(broken, Problem) and broken.line == 1
    assert 'unterminated "..." value opened at line 2' in broken.reason
    assert "no closing '\"' before the next entry at line 5" in broken.reason
    assert isinstance(good, Paper) and good.title == "B"


def test_entry_after_a_broken_one_on_the_same_line_is_read() -> None:
    text = "@article{a, title = {T} abstract = {A}} @article{b, title={B}, abstract={A}}\n"
    broken, good = list(read_bibtex(text, source="v.bib"))
    assert isinstance(broken, Problem)
    assert "expected ',' or '}' after field 'title' (at line 1)" in broken.reason
    assert isinstance(good, Paper) and good.title == "B"


def test_comment_in_parentheses_never_swallows_the_next_entry() -> None:
    text = "@comment(unclosed note\n@article{a, title={A}, abstract={Kept.}}\n"
    (paper,) = list(read_bibtex(text, source="c.bib"))
    assert isinstance(paper, Paper) and paper.title == "A"


def test_string_macros_that_double_each_other_are_cut_off() -> None:
    lines = ['@string{m0 = "xx"}'] + [f"@string{{m{i + 1} = m{i} # m{i}}}" for i in range(40)]
    text = "\n".join(lines) + "\n@article{a, title=m40, abstract={A}}\n"
    items = list(read_bibtex(text, source="s.bib"))
    problems = [i for i in items if isinstance(i, Problem)]
    assert problems and all("longer than 1,000,000 characters" in p.reason for p in problems)
    assert isinstance(items[-1], Paper) and len(items[-1].title) < 1_000_000
