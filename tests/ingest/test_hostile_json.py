"""Hostile JSON, JSON Lines and API files: every bad record is a Problem, nothing raises.

Each case was once a traceback that stopped the whole build (or a silent loss).
"""

from __future__ import annotations

import gzip
import json
import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from papergraph.cli import app
from papergraph.ingest import _source, iter_records, read_papers
from papergraph.types import Paper, Problem, ReadResult

GOOD = '"title": "A Good Paper", "abstract": "It has an abstract."'
DEEP = "[" * 100_000  # never closed
DEEP_CLOSED = "[" * 100_000 + "]" * 100_000


def _write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _kinds(items: list[Paper | Problem]) -> list[tuple[str, int | None]]:
    return [
        (type(i).__name__, i.source_line if isinstance(i, Paper) else i.line) for i in items
    ]


def _holds_invariant(rr: ReadResult) -> bool:
    return rr.records_read == len(rr.papers) + rr.duplicates_merged + len(rr.skipped)


# -- numbers ------------------------------------------------------------------------------


def test_upvotes_superscript_two_is_a_problem(tmp_path: Path) -> None:
    # "²".isdigit() is True, but int("²") raises.
    path = _write(tmp_path / "p.jsonl", f'{{{GOOD}}}\n{{{GOOD}, "upvotes": "\u00b2"}}\n')
    items = list(iter_records(path))
    assert _kinds(items) == [("Paper", 1), ("Problem", 2)]
    assert "upvotes '²' is not a whole number" in items[1].reason


@pytest.mark.parametrize(
    "field, value, reason",
    [
        ("upvotes", "9" * 5000, "upvotes '999999999999'... (5000 characters) is out of range"),
        ("upvotes", '"' + "9" * 5000 + '"', "(5000 characters) is out of range (0 to 1000000000)"),
        ("authorCount", "9" * 5000, "authorcount '999999999999'... (5000 characters) is out of range"),
        ("num_authors", '"' + "7" * 5000 + '"', "numauthors '777777777777'... (5000 characters)"),
        ("likes", "9" * 5000, "likes '999999999999'..."),
        ("upvotes", "-3", "upvotes -3 is out of range"),
        ("upvotes", "1e999", "upvotes inf is not a whole number"),
        ("upvotes", "NaN", "upvotes nan is not a whole number"),
        ("upvotes", "2.5", "upvotes 2.5 is not a whole number"),
        ("upvotes", '"many"', "upvotes 'many' is not a whole number"),
        ("authorCount", "250000", "authorcount 250000 is out of range (0 to 100000)"),
    ],
)
def test_absurd_count_is_a_problem(tmp_path: Path, field: str, value: str, reason: str) -> None:
    path = _write(tmp_path / "p.jsonl", f'{{{GOOD}, "{field}": {value}}}\n{{{GOOD}}}\n')
    items = list(iter_records(path))
    assert _kinds(items) == [("Problem", 1), ("Paper", 2)]
    assert reason in items[0].reason
    assert items[0].reason.endswith("fix the field or remove it")


@pytest.mark.parametrize(
    "field, value, upvotes, author_count",
    [
        ("upvotes", "12", 12, None),
        ("upvotes", '" 12 "', 12, None),
        ("upvotes", "12.0", 12, None),
        ("upvotes", '"007"', 7, None),
        ("upvotes", '""', None, None),
        ("upvotes", "null", None, None),
        ("numUpvotes", "0", 0, None),
        ("authorCount", '"5000"', None, 5000),
    ],
)
def test_plain_counts_are_read(
    tmp_path: Path, field: str, value: str, upvotes: int | None, author_count: int | None
) -> None:
    path = _write(tmp_path / "p.jsonl", f'{{{GOOD}, "{field}": {value}}}\n')
    (paper,) = list(iter_records(path))
    assert isinstance(paper, Paper)
    assert (paper.upvotes, paper.author_count) == (upvotes, author_count)


# -- nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_json_nested_100000_deep_is_a_problem(tmp_path: Path, name: str) -> None:
    (problem,) = list(iter_records(_write(tmp_path / name, DEEP)))
    assert isinstance(problem, Problem) and problem.line == 1
    assert "nested too deeply" in problem.reason


def test_deeply_nested_jsonl_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    lines = [f"{{{GOOD}}}", '{"title": "x", "extra": ' + DEEP_CLOSED + "}", DEEP, f"{{{GOOD}}}"]
    items = list(iter_records(_write(tmp_path / "p.jsonl", "\n".join(lines) + "\n")))
    assert _kinds(items) == [("Paper", 1), ("Problem", 2), ("Problem", 3), ("Paper", 4)]
    assert "nested deeper than Python's JSON parser allows" in items[1].reason
    assert "nested too deeply, never closed" in items[2].reason


@pytest.mark.parametrize(
    "template, container",
    [
        ("[{good}, {deep}, {good}]", "the top-level array"),
        ('{{"total": 3, "data": [{good}, {deep}, {good}]}}', "data[]"),
    ],
)
def test_deep_record_in_json_array_is_skipped_and_reading_goes_on(
    tmp_path: Path, template: str, container: str
) -> None:
    text = template.format(good=f"{{{GOOD}}}", deep=DEEP_CLOSED)
    items = list(iter_records(_write(tmp_path / "p.json", text)))
    assert _kinds(items) == [("Paper", 1), ("Problem", 1), ("Paper", 1)]
    assert items[1].record == 2
    assert items[1].reason.startswith(f"record 2 of {container}: value nested deeper")


def test_deep_field_of_a_single_json_object_is_a_problem(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.json", f'{{{GOOD}, "authors": {DEEP_CLOSED}}}')
    (problem,) = list(iter_records(path))
    assert isinstance(problem, Problem)
    assert "field 'authors' is nested deeper" in problem.reason


# -- text that cannot be written as UTF-8 ------------------------------------------------


@pytest.mark.parametrize(
    "record, reason",
    [
        ('{"title": "T\\ud800", "abstract": "A"}', "title holds a lone UTF-16 surrogate (U+D800"),
        ('{"title": "\\ud800", "abstract": "A"}', "title holds a lone UTF-16 surrogate (U+D800"),
        ('{"title": "T", "abstract": "A\\udfff"}', "abstract holds a lone UTF-16 surrogate (U+DFFF"),
        (f'{{{GOOD}, "url": "https://x.org/\\ud83d"}}', "urls holds a lone UTF-16 surrogate"),
        (f'{{{GOOD}, "authors": ["Ada \\udbff"]}}', "authors holds a lone UTF-16 surrogate"),
    ],
)
def test_lone_surrogate_escape_is_a_problem(tmp_path: Path, record: str, reason: str) -> None:
    items = list(iter_records(_write(tmp_path / "p.jsonl", record + "\n")))
    assert _kinds(items) == [("Problem", 1)]
    assert reason in items[0].reason


def test_surrogate_pair_escape_is_one_character(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.jsonl", '{"title": "Emoji \\ud83d\\ude00", "abstract": "A"}\n')
    (paper,) = list(iter_records(path))
    assert isinstance(paper, Paper) and paper.title == "Emoji \U0001f600"


@pytest.mark.parametrize(
    "name, data",
    [
        ("p.jsonl", f'{{{GOOD}, "url": "https://x.org/'.encode() + b'\xff"}\n'),
        ("p.csv", b"Title,Abstract Note,Url\nT,A,https://x.org/\xff\n"),
    ],
)
def test_undecodable_byte_outside_title_and_abstract_is_a_problem(
    tmp_path: Path, name: str, data: bytes
) -> None:
    (problem,) = list(iter_records(_write(tmp_path / name, data)))
    assert isinstance(problem, Problem)
    assert "urls is not valid UTF-8 (byte 0xFF)" in problem.reason


def test_file_name_that_is_not_utf8_is_reported_writably(tmp_path: Path) -> None:
    path = _write(tmp_path / os.fsdecode(b"caf\xe9.jsonl"), f'{{{GOOD}}}\n{{"title": "x"}}\n')
    rr = read_papers([path])
    assert rr.papers[0].source_file == str(tmp_path / "caf\ufffd.jsonl")
    assert rr.skipped[0].file == str(tmp_path / "caf\ufffd.jsonl")
    json.dumps([rr.papers[0].to_dict(), rr.skipped[0].to_dict()], ensure_ascii=False).encode()


# -- size caps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, body",
    [
        ("big.json", "[" + ",".join([f"{{{GOOD}}}"] * 2000) + "]"),
        ("big.xml", "<feed xmlns='http://www.w3.org/2005/Atom'>" + "<entry/>" * 20000 + "</feed>"),
        ("big.bib", "@misc{k, title={T}, abstract={A}}\n" * 3000),
    ],
)
@pytest.mark.parametrize("compress", [True, False])
def test_whole_file_over_the_cap_is_one_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str, compress: bool
) -> None:
    monkeypatch.setattr(_source, "MAX_WHOLE_FILE_BYTES", 64 * 1024)
    data = body.encode()
    assert len(data) > 64 * 1024
    path = _write(tmp_path / (name + ".gz" if compress else name), gzip.compress(data) if compress else data)
    (problem,) = list(iter_records(path))
    assert isinstance(problem, Problem) and problem.file == str(path)
    verb = "decompresses to" if compress else "is"
    assert f"file {verb} more than 64 KiB, the size limit for" in problem.reason


def test_gzip_bomb_stops_at_the_cap_without_inflating_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 64 MiB of spaces compress to about 64 KiB; only the first 1 MiB may be held.
    monkeypatch.setattr(_source, "MAX_WHOLE_FILE_BYTES", 2**20)
    path = _write(tmp_path / "bomb.json.gz", gzip.compress(b"[" + b" " * (64 * 2**20) + b"]"))
    tracemalloc.start()
    try:
        (problem,) = list(iter_records(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(problem, Problem)
    assert "decompresses to more than 1 MiB" in problem.reason
    assert peak < 8 * 2**20


@pytest.mark.parametrize(
    "name, lines, kinds",
    [
        (
            "p.jsonl",
            [f"{{{GOOD}}}", '{"title": "' + "x" * 5000 + '"}', f"{{{GOOD}}}"],
            [("Paper", 1), ("Problem", 2), ("Paper", 3)],
        ),
        (
            "p.csv",
            ["Title,Abstract", "One,Fine", "Two," + "y" * 5000, "Three,Also fine"],
            [("Paper", 2), ("Problem", 3), ("Paper", 4)],
        ),
        (
            "p.txt",
            ["First title", "First abstract.", "", "z" * 5000, "", "Second title", "Second abstract."],
            [("Paper", 1), ("Problem", 4), ("Paper", 6)],
        ),
    ],
)
def test_line_over_the_cap_is_skipped_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, lines: list[str], kinds: list
) -> None:
    monkeypatch.setattr(_source, "MAX_LINE_CHARS", 1000)
    items = list(iter_records(_write(tmp_path / name, "\n".join(lines) + "\n")))
    assert _kinds(items) == kinds
    problem = next(i for i in items if isinstance(i, Problem))
    assert "line is longer than 1,000 characters, the line limit; skipped unread" in problem.reason


# -- encodings and messages ---------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "name, text",
    [
        ("p.jsonl", f'{{{GOOD}}}\n{{"title": "Caf\u00e9 \u4e2d\u6587", "abstract": "B"}}\n'),
        ("p.json", f'[{{{GOOD}}}, {{"title": "Caf\u00e9 \u4e2d\u6587", "abstract": "B"}}]'),
    ],
)
def test_utf16_without_bom_is_read(tmp_path: Path, encoding: str, name: str, text: str) -> None:
    items = list(iter_records(_write(tmp_path / name, text.encode(encoding))))
    assert [i.title for i in items if isinstance(i, Paper)] == ["A Good Paper", "Caf\u00e9 \u4e2d\u6587"]


def test_utf32_is_still_called_binary(tmp_path: Path) -> None:
    (problem,) = list(iter_records(_write(tmp_path / "p.jsonl", f"{{{GOOD}}}\n".encode("utf-32-le"))))
    assert isinstance(problem, Problem) and "binary" in problem.reason


def test_api_json_problems_name_the_record(tmp_path: Path) -> None:
    records = [f"{{{GOOD}}}"] * 16 + ['{"title": "No Abstract"}', "null"]
    path = _write(tmp_path / "s2.json", '{"total": 18, "data": [' + ", ".join(records) + "]}")
    problems = [i for i in iter_records(path) if isinstance(i, Problem)]
    assert [(p.line, p.record) for p in problems] == [(1, 17), (1, 18)]
    assert problems[0].reason.startswith("record 17 of data[]: no abstract for 'No Abstract'")
    assert problems[1].reason.startswith("record 18 of data[]: expected a paper object, found null")
    assert problems[0].to_dict() == {
        "file": str(path), "line": 1, "reason": problems[0].reason, "record": 17,
    }


def test_syntax_error_in_api_json_names_the_last_good_record(tmp_path: Path) -> None:
    path = _write(tmp_path / "s2.json", f'{{"data": [{{{GOOD}}}, {{{GOOD}}}, {{"title": }}]}}')
    items = list(iter_records(path))
    assert _kinds(items)[:2] == [("Paper", 1), ("Paper", 1)]
    assert "after record 2 of data[]: Expecting value" in items[2].reason


# -- duplicates that disagree -------------------------------------------------------------


def _dup_files(tmp_path: Path) -> list[Path]:
    a = _write(
        tmp_path / "a.jsonl",
        json.dumps({"id": "2101.00001", "title": "Deep Nets for Cats", "abstract": "Longer abstract.",
                    "authors": ["Ada Lovelace", "Alan Turing"], "doi": "10.1234/cats"}) + "\n",
    )
    b = _write(
        tmp_path / "b.jsonl",
        json.dumps({"id": "arXiv:2101.00001", "title": "Shallow Nets for Dogs", "abstract": "Short.",
                    "authors": ["Grace Hopper"], "doi": "10.1234/dogs"}) + "\n"
        + json.dumps({"id": "2101.00001v2", "title": "deep  nets for CATS", "abstract": "Tiny",
                      "authors": ["A. Lovelace"]}) + "\n",
    )
    return [a, b]


def test_same_arxiv_id_with_different_title_and_authors_is_a_conflict(tmp_path: Path) -> None:
    a, b = _dup_files(tmp_path)
    rr = read_papers([a, b])
    assert rr.duplicates_merged == 2 and _holds_invariant(rr)
    (paper,) = rr.papers
    got = [(c.id, c.field, c.kept, c.other, c.kept_from, c.other_from) for c in rr.conflicts]
    assert got == [
        ("arxiv:2101.00001", "title", "Deep Nets for Cats", "Shallow Nets for Dogs", f"{a}:1", f"{b}:1"),
        ("arxiv:2101.00001", "authors", ("Ada Lovelace", "Alan Turing"), ("Grace Hopper",),
         f"{a}:1", f"{b}:1"),
        ("arxiv:2101.00001", "doi", "10.1234/cats", "10.1234/dogs", f"{a}:1", f"{b}:1"),
    ]
    # What a conflict says was kept is what the merged paper holds.
    assert (paper.title, paper.authors, paper.doi) == got[0][2:3] + got[1][2:3] + got[2][2:3]
    assert rr.conflicts[1].to_dict()["other"] == ["Grace Hopper"]
    # A case/space variant of the title and a shorter author list are not conflicts.
    assert all("deep  nets" not in str(c.other) for c in rr.conflicts)


def test_conflicts_do_not_depend_on_input_order(tmp_path: Path) -> None:
    a, b = _dup_files(tmp_path)
    assert read_papers([a, b]).conflicts == read_papers([b, a]).conflicts


# -- whole builds -------------------------------------------------------------------------

runner = CliRunner()


def _build(tmp_path: Path, files: dict[str, bytes]) -> dict:
    src = tmp_path / "in"
    src.mkdir()
    for name, data in files.items():
        (src / name).write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src), "-o", str(out), "--no-model", "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["records_read"] == (
        report["papers_written"] + report["duplicates_merged"] + len(report["papers_skipped"])
    )
    return report


def test_build_reports_superscript_upvotes_and_deep_json(tmp_path: Path) -> None:
    good = '{"title": "FooNet for images", "abstract": "We propose FooNet for image classification."}'
    report = _build(tmp_path, {
        "a.jsonl": f'{good}\n{{{GOOD}, "upvotes": "\u00b2"}}\n'.encode(),
        "b.json": DEEP.encode(),
        "c.jsonl": b'{"title": "T\\ud800", "abstract": "A"}\n',
    })
    assert report["papers_written"] == 1
    skipped = {(Path(s["file"]).name, s["line"]): s["reason"] for s in report["papers_skipped"]}
    assert "upvotes '²' is not a whole number" in skipped[("a.jsonl", 2)]
    assert "nested too deeply" in skipped[("b.json", 1)]
    assert "lone UTF-16 surrogate" in skipped[("c.jsonl", 1)]


def test_build_lists_conflicts_and_api_record_numbers(tmp_path: Path) -> None:
    s2 = {"data": [
        {"title": "Deep Nets for Cats", "abstract": "We train DeepNet on ImageNet.",
         "externalIds": {"ArXiv": "2101.00001"}, "authors": [{"name": "Ada Lovelace"}]},
        {"title": "No Abstract Here"},
    ]}
    dup = {"id": "2101.00001", "title": "Shallow Nets for Dogs", "abstract": "Short.",
           "authors": ["Grace Hopper"]}
    report = _build(tmp_path, {
        "s2.json": json.dumps(s2).encode(),
        "dup.jsonl": (json.dumps(dup) + "\n").encode(),
    })
    assert report["papers_written"] == 1 and report["duplicates_merged"] == 1
    (skipped,) = report["papers_skipped"]
    assert (skipped["line"], skipped["record"]) == (1, 2)
    assert skipped["reason"].startswith("record 2 of data[]: no abstract")
    assert [(c["field"], c["kept"], c["other"]) for c in report["conflicts"]] == [
        ("title", "Deep Nets for Cats", "Shallow Nets for Dogs"),
        ("authors", ["Ada Lovelace"], ["Grace Hopper"]),
    ]


# -- never raises -------------------------------------------------------------------------

_HOSTILE = st.sampled_from([
    b"[" * 3000, b"]" * 5, b"9" * 5000, b'"\\ud800"', b"\xff", b"\x00", b"NaN", b"1e999",
    b'"\xc2\xb2"', b"{", b"}", b",", b'"', b"\\", b"\n", b"\r\n", b"null",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cuts=st.lists(st.tuples(st.integers(min_value=0, max_value=400), _HOSTILE), min_size=1, max_size=4),
    name=st.sampled_from(["p.json", "p.jsonl", "p.xml"]),
)
def test_spliced_input_never_raises_and_counts_add_up(
    tmp_path: Path, cuts: list[tuple[int, bytes]], name: str
) -> None:
    record = {"title": "T", "abstract": "A", "upvotes": 3, "authors": ["X Y"], "externalIds": {"ArXiv": "2101.1"}}
    base = {
        "p.json": json.dumps({"data": [record, record]}).encode(),
        "p.jsonl": (json.dumps(record) + "\n" + json.dumps(record) + "\n").encode(),
        "p.xml": b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>T</title>"
                 b"<summary>A</summary></entry></feed>",
    }[name]
    data = bytearray(base)
    for at, token in cuts:
        data[at % (len(data) + 1): at % (len(data) + 1)] = token
    rr = read_papers([_write(tmp_path / name, bytes(data))])
    assert _holds_invariant(rr)
    for item in (*rr.papers, *rr.skipped, *rr.conflicts):
        json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")
