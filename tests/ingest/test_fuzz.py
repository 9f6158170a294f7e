"""Fuzzing: no input makes a reader or a build raise, and no record is lost without a reason.

Real files (examples/, and ../shared's API samples and seeds when present) are
mutated with the kinds of damage met in the wild and in hostile input: cut
short, bytes flipped, slices repeated, and hostile tokens spliced in (deep
nesting, lone surrogates, 5,000-digit numbers, superscript digits, NUL bytes,
unterminated BibTeX entries and quotes, gzip and UTF-16 magic). Every mutant is
read with ``read_papers`` and must give papers and reported problems that add
up: records read = papers + duplicates merged + skipped.

``make test`` runs a few hundred examples per strategy; ``make fuzz`` (or
PAPERGRAPH_FUZZ_EXAMPLES=N) runs as many as asked.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papergraph.ingest import read_papers
from papergraph.types import Paper, ReadResult

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = max(1, int(os.environ.get("PAPERGRAPH_FUZZ_EXAMPLES", "150")))
BUILD_EXAMPLES = max(1, EXAMPLES // 15)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same inputs on every run: a failure is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _shared() -> Path | None:
    for cand in (os.environ.get("PAPERGRAPH_SHARED"), ROOT.parent / "shared"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def _samples() -> list[Path]:
    files = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".jsonl", ".txt"))
    shared = _shared()
    if shared is not None:
        files += sorted(p for p in (shared / "data" / "formats").iterdir() if p.name != "PROVENANCE.json")
        files += sorted((shared / "data" / "seeds").iterdir())[:2]
    return files


SAMPLES = _samples()
# Keep mutants small: a sample is cut to its first 24 KB before damage.
_HEAD = 24_000
_BYTES = {p: p.read_bytes()[:_HEAD] for p in SAMPLES}

HOSTILE = [
    b"[" * 5000,
    b"{" * 3000,
    b'"\\ud800"',
    b"\\ud800",
    "²".encode(),
    b"9" * 5000,
    b'"upvotes": "\xc2\xb2", ',
    b'"upvotes": ' + b"9" * 5000 + b", ",
    b"@article{k, title={x\n" * 50,
    b'@misc{q, title = "unterminated\n',
    b"month={\xc2\xb2},",
    b"\x00",
    b"\x00\x00\x00\x00",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x1f\x8b\x08\x00",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\r\n",
    b"\n\n\n",
    b'"',
    b"'",
    b",",
    b"\t",
    b"}",
    b"]",
    "\u2028".encode(),
    b"<entry><title>",
    b"</entry>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    b"\\citet{X}",
    b"\\",
    b"null",
    b"-1",
    b"1e999",
    b"NaN",
    b'{"title": "", "abstract": ""}\n',
    b'{"id": "W1", "abstract": "Only an abstract."}\n',
    b"Title: " + b"x" * 400 + b"\n",
]

_op = st.one_of(
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(HOSTILE)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.text(min_size=1, max_size=16).map(str.encode)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 400)),
    st.tuples(st.just("repeat"), st.floats(0, 1), st.integers(1, 400)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.floats(0, 1), st.just(0)),
)


def _mutate(data: bytes, ops: list[tuple[str, float, object]]) -> bytes:
    for name, where, arg in ops:
        i = int(where * len(data))
        if name == "insert":
            data = data[:i] + arg + data[i:]  # type: ignore[operator]
        elif name == "delete":
            data = data[:i] + data[i + arg :]  # type: ignore[operator]
        elif name == "repeat":
            data = data[:i] + data[i : i + arg] * 3 + data[i:]  # type: ignore[operator]
        elif name == "flip" and data:
            i = min(i, len(data) - 1)
            data = data[:i] + bytes([data[i] ^ (arg or 1)]) + data[i + 1 :]  # type: ignore[operator]
        elif name == "cut":
            data = data[:i]
    return data


def _suffix(path: Path) -> str:
    return "".join(path.suffixes[-2:]) if path.name.endswith(".atom.xml") else path.suffix


def _check(rr: ReadResult) -> None:
    assert rr.records_read == len(rr.papers) + rr.duplicates_merged + len(rr.skipped)
    for paper in rr.papers:
        assert isinstance(paper, Paper)
        # What the build writes must encode: no lone surrogates reach the outputs.
        json.dumps(paper.to_dict(), ensure_ascii=False).encode("utf-8")
        assert paper.abstract or paper.title
    for problem in rr.skipped:
        assert problem.file and problem.reason


def _read_mutant(data: bytes, suffix: str) -> ReadResult:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        return read_papers([path])


@FUZZ
@given(sample=st.sampled_from(SAMPLES), ops=st.lists(_op, min_size=1, max_size=4))
def test_mutated_real_files_never_raise_and_add_up(sample, ops):
    _check(_read_mutant(_mutate(_BYTES[sample], ops), _suffix(sample)))


@FUZZ
@given(sample=st.sampled_from(SAMPLES), ops=st.lists(_op, min_size=1, max_size=3),
       suffix=st.sampled_from([".jsonl", ".json", ".bib", ".csv", ".txt", ".xml"]))
def test_mutated_files_read_as_another_format_never_raise(sample, ops, suffix):
    # A file whose name lies about its content: detection and every reader see it.
    _check(_read_mutant(_mutate(_BYTES[sample], ops), suffix))


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_KEYS = ["title", "abstract", "id", "paperId", "arxiv_id", "doi", "authors", "author_count", "upvotes",
         "date", "publishedAt", "year", "url", "externalIds", "abstract_inverted_index", "paper"]
_record = st.dictionaries(st.sampled_from(_KEYS), _json_value, max_size=8)
_good = st.fixed_dictionaries({
    "title": st.text(min_size=1, max_size=80),
    "abstract": st.text(min_size=1, max_size=300),
}, optional={k: _json_value for k in ("id", "authors", "upvotes", "date", "doi")})


@FUZZ
@given(records=st.lists(_record | _good, min_size=1, max_size=6))
def test_generated_jsonl_records_never_raise_and_add_up(records):
    data = "".join(json.dumps(r) + "\n" for r in records).encode("utf-8", "surrogatepass")
    rr = _read_mutant(data, ".jsonl")
    _check(rr)
    assert rr.records_read == len(records)


@settings(FUZZ, max_examples=BUILD_EXAMPLES)
@given(records=st.lists(_record | _good, min_size=1, max_size=4),
       ops=st.lists(_op, max_size=2))
def test_whole_build_on_generated_input_never_raises(records, ops):
    from papergraph.pipeline import build

    data = _mutate("".join(json.dumps(r) + "\n" for r in records).encode("utf-8", "surrogatepass"), ops)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_bytes(data)
        report = build([src], Path(tmp) / "out", use_model=False, validate=False)
        assert report.records_read == report.papers_written + report.duplicates_merged + len(report.papers_skipped)
        written = (Path(tmp) / "out" / "papers.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(written) == report.papers_written


@pytest.mark.skipif(_shared() is None, reason="../shared is absent: only examples/ are mutated")
def test_fuzz_corpus_includes_every_shared_format():
    suffixes = {_suffix(p) for p in SAMPLES}
    assert {".json", ".bib", ".csv", ".atom.xml", ".txt", ".jsonl"} <= suffixes
