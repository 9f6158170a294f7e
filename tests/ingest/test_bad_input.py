"""Bad input gives Problems naming file and line, and reading goes on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from papergraph.errors import InputError
from papergraph.ingest import iter_records, read_papers
from papergraph.types import Paper, Problem

GOOD = {"title": "A Good Paper", "abstract": "It has an abstract."}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_mixed_jsonl_fixture(fixtures_dir: Path) -> None:
    path = fixtures_dir / "ingest" / "mixed.jsonl"
    items = list(iter_records(path))
    got = [(type(i).__name__, i.source_line if isinstance(i, Paper) else i.line) for i in items]
    assert got == [
        ("Paper", 1), ("Problem", 2), ("Problem", 3), ("Problem", 5), ("Paper", 6), ("Paper", 7),
    ]
    reasons = [i.reason for i in items if isinstance(i, Problem)]
    assert "Unterminated string" in reasons[0] and "truncated" in reasons[0]
    assert "no abstract for 'No Abstract Here'" in reasons[1]
    assert "list" in reasons[2]
    first, alt, untitled = (i for i in items if isinstance(i, Paper))
    assert untitled.title == "" and untitled.id.startswith("a:")  # an abstract is enough
    assert first.id == "arxiv:2101.00001" and first.date == "2021-01-04"
    assert first.abstract == "An abstract with inner  double spaces\nand a newline."  # untouched
    assert alt.title == "Alternative Key Spellings" and alt.doi == "10.1234/abc.5678"
    assert alt.code_urls == ("https://github.com/example-org/keys",)


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.jsonl", b"", "empty"),
        ("blank.txt", b"\n\n   \n", "empty"),
        ("binary.json", bytes(range(256)) * 4, "binary"),
        ("notes.md", b"just some words\nand more words\n", "cannot tell the format"),
        ("page.xml", b"<html><body>hi</body></html>", "not an Atom feed"),
        ("header.csv", b"name,value\nx,1\n", "cannot tell the format"),
        ("empty.json", b"[]", "no records"),
        ("trunc.gz", gzip.compress(json.dumps(GOOD).encode())[:15], "decompress"),
    ],
)
def test_unreadable_file_is_one_problem(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = _write(tmp_path / name, data)
    (problem,) = list(iter_records(path))
    assert isinstance(problem, Problem)
    assert problem.file == str(path)
    assert reason in problem.reason


def test_truncated_json_array_keeps_earlier_records(tmp_path: Path) -> None:
    text = json.dumps([GOOD, {"title": "Second", "abstract": "Two."}], indent=1)
    path = _write(tmp_path / "cut.json", text[:-40].encode())
    items = list(iter_records(path))
    assert isinstance(items[0], Paper)
    assert isinstance(items[-1], Problem) and items[-1].line is not None
    assert "records after this point were not read" in items[-1].reason


def test_bad_utf8_skips_only_that_record(tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD).encode(),
        b'{"title": "Caf\xe9 Latin-1", "abstract": "Encoded wrongly."}',
        json.dumps({"title": "Third", "abstract": "Fine again."}).encode(),
    ]
    path = _write(tmp_path / "enc.jsonl", b"\n".join(lines) + b"\n")
    items = list(iter_records(path))
    assert [type(i).__name__ for i in items] == ["Paper", "Problem", "Paper"]
    bad = items[1]
    assert isinstance(bad, Problem) and bad.line == 2
    assert "not valid UTF-8" in bad.reason and "0xE9" in bad.reason


def test_utf16_and_bom_are_read(tmp_path: Path) -> None:
    text = json.dumps(GOOD) + "\n"
    for name, data in [("bom.jsonl", b"\xef\xbb\xbf" + text.encode()),
                       ("u16.jsonl", text.encode("utf-16"))]:
        (paper,) = list(iter_records(_write(tmp_path / name, data)))
        assert isinstance(paper, Paper) and paper.title == "A Good Paper"


def test_gzip_is_transparent(tmp_path: Path) -> None:
    path = _write(tmp_path / "papers.jsonl.gz", gzip.compress((json.dumps(GOOD) + "\n").encode()))
    (paper,) = list(iter_records(path))
    assert isinstance(paper, Paper) and paper.source_line == 1


def test_run_continues_across_files(tmp_path: Path, fixtures_dir: Path) -> None:
    _write(tmp_path / "a_empty.jsonl", b"")
    _write(tmp_path / "b_binary.json", b"\x00\x01\x02")
    _write(tmp_path / "c_good.jsonl", (json.dumps(GOOD) + "\n").encode())
    _write(tmp_path / "ignored.md", b"# not read from a directory")
    rr = read_papers([tmp_path, fixtures_dir / "ingest" / "mixed.jsonl"])
    assert [Path(f).name for f in rr.files_read] == [
        "a_empty.jsonl", "b_binary.json", "c_good.jsonl", "mixed.jsonl",
    ]
    assert [p.title for p in rr.papers] == [
        "A Good Paper", "Good Record One", "Alternative Key Spellings", "",
    ]
    assert len(rr.skipped) == 2 + 3
    assert rr.records_read == len(rr.papers) + rr.duplicates_merged + len(rr.skipped)


def test_usage_errors_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_papers([tmp_path / "missing.jsonl"])
    with pytest.raises(InputError, match="choose one of"):
        read_papers([tmp_path], format="yaml")


def test_empty_directory_is_a_problem(tmp_path: Path) -> None:
    rr = read_papers([tmp_path])
    assert rr.papers == () and rr.records_read == 1
    assert "no supported files" in rr.skipped[0].reason


def test_format_override(tmp_path: Path) -> None:
    path = _write(tmp_path / "papers.data", b"Title Line\nAbstract line of the paper.\n")
    with pytest.raises(InputError, match="cannot tell"):
        from papergraph.ingest import detect_format

        detect_format(path)
    (paper,) = list(iter_records(path, format="daily-page"))
    assert isinstance(paper, Paper) and paper.title == "Title Line"
    assert paper.source_format == "daily-page"


@pytest.mark.parametrize(
    "name, data, line, reason",
    [
        ("bad.xml", b"<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry>\n<title>x</entry>",
         3, "invalid XML"),
        ("ragged.csv", b"Title,Abstract\nOne,Fine\nTwo,Three,Four\n", 3, "3 cells"),
        ("bad.json", b'{"title": "x",\n "abstract": }', 2, "invalid JSON"),
        ("page.txt", b"A Title\n\n  \xe2\x80\xa2 3 authors\n\xc2\xb7\nOct 2, 2021\n", 1, "no abstract"),
    ],
)
def test_problem_names_the_line(
    tmp_path: Path, name: str, data: bytes, line: int, reason: str
) -> None:
    path = _write(tmp_path / name, data)
    problems = [i for i in iter_records(path) if isinstance(i, Problem)]
    assert problems, "expected a Problem"
    assert (problems[0].file, problems[0].line) == (str(path), line)
    assert reason in problems[0].reason


def test_corrupt_gzip_body_keeps_earlier_records(tmp_path: Path) -> None:
    lines = "".join(json.dumps(dict(GOOD, n=i)) + "\n" for i in range(20000)).encode()
    data = bytearray(gzip.compress(lines))
    for i in range(len(data) // 2, len(data) // 2 + 20):  # past the sniffed head
        data[i] ^= 0x55
    items = list(iter_records(_write(tmp_path / "corrupt.jsonl.gz", bytes(data))))
    # Records before the damage are read; garbled lines after it are Problems; the gzip
    # check that fails at the end (or the inflater, earlier) stops the file with a Problem.
    assert all(isinstance(i, Paper) for i in items[:5000])
    last = items[-1]
    assert isinstance(last, Problem) and last.line is not None
    assert f"reading stopped after {len(items) - 1} record(s)" in last.reason


def test_truncated_api_response_keeps_earlier_records(tmp_path: Path) -> None:
    text = json.dumps({"total": 3, "data": [GOOD, GOOD, GOOD]})
    items = list(iter_records(_write(tmp_path / "cut.json", text[:-30].encode())))
    assert [type(i).__name__ for i in items] == ["Paper", "Paper", "Problem"]
    assert "after record 2 of data[]" in items[2].reason
    assert "records after this point were not read" in items[2].reason


def test_second_document_in_a_json_file_is_reported(tmp_path: Path) -> None:
    text = json.dumps(GOOD, indent=1) + "\n" + json.dumps(GOOD, indent=1)
    items = list(iter_records(_write(tmp_path / "two.json", text.encode())))
    assert [type(i).__name__ for i in items] == ["Paper", "Problem"]
    assert items[1].line == 5 and "unexpected data after the JSON object; not read" in items[1].reason


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("unknown.xml", b"<?xml version='1.0' encoding='wTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>"
         b"<entry><title>T</title><summary>A</summary></entry></feed>", None),
        ("badenc.xml", b"<?xml version='1.0' encoding='wTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>"
         b"<entry><title>T\xff</title><summary>A</summary></entry></feed>", "unknown encoding: wTF-8"),
    ],
)
def test_xml_declaring_an_unknown_encoding(tmp_path: Path, name: str, data: bytes, reason: str | None) -> None:
    (item,) = list(iter_records(_write(tmp_path / name, data)))
    if reason is None:  # the text was UTF-8 all along: read it
        assert isinstance(item, Paper) and item.title == "T"
    else:
        assert isinstance(item, Problem) and reason in item.reason
