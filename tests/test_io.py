"""Atomic writes: streamed output replaces the file whole or not at all."""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from papergraph._io import (
    atomic_write_chunks,
    atomic_write_jsonl,
    json_array_text,
    json_text,
    logical_name,
    open_output,
    open_output_text,
    output_file,
)
from papergraph.errors import InputError


def test_chunks_are_written_in_order_as_utf8(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "graph.nt"
    atomic_write_chunks(out, ["<a> <b> \"é\" .\n", b"<c> <d> <e> .\n"])
    assert out.read_bytes() == '<a> <b> "é" .\n<c> <d> <e> .\n'.encode()
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # the usual mode, not mkstemp's private 0600


def test_a_failure_mid_stream_keeps_the_old_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    out.write_text("old\n")

    def chunks() -> Iterator[str]:
        yield "new part 1\n"
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        atomic_write_chunks(out, chunks())
    assert out.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_jsonl_counts_rows_and_ends_each_line(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    assert atomic_write_jsonl(out, iter([{"b": 1, "a": "é"}, {"c": None}])) == 2
    assert out.read_text(encoding="utf-8") == '{"a":"é","b":1}\n{"c":null}\n'
    assert atomic_write_jsonl(out, []) == 0
    assert out.read_bytes() == b""


def test_a_gz_name_is_written_compressed_and_deterministic(tmp_path: Path) -> None:
    rows = [{"id": i, "text": "é" * (i % 7)} for i in range(50_000)]  # several compressed blocks
    atomic_write_jsonl(tmp_path / "a.jsonl.gz", rows)
    atomic_write_jsonl(tmp_path / "b.jsonl.gz", rows)
    atomic_write_jsonl(tmp_path / "plain.jsonl", rows)
    data = (tmp_path / "a.jsonl.gz").read_bytes()
    assert data == (tmp_path / "b.jsonl.gz").read_bytes()
    assert gzip.decompress(data) == (tmp_path / "plain.jsonl").read_bytes()
    # The header: gzip magic, deflate, no flags (so no file name), mtime 0, unknown OS.
    assert data[:4] == b"\x1f\x8b\x08\x00" and data[4:8] == b"\0\0\0\0" and data[9] == 255
    assert len(data) < (tmp_path / "plain.jsonl").stat().st_size / 4


@pytest.mark.parametrize("name", ["graph.nt", "graph.nt.gz"])
def test_open_output_reads_either_form(tmp_path: Path, name: str) -> None:
    atomic_write_chunks(tmp_path / name, ["<a> <b> \"é\" .\n"] * 3)
    assert output_file(tmp_path, "graph.nt") == tmp_path / name
    assert logical_name(tmp_path / name) == "graph.nt"
    with open_output(tmp_path / name) as fh:
        assert fh.read() == '<a> <b> "é" .\n'.encode() * 3
    with open_output_text(tmp_path / name) as fh:
        assert list(fh) == ['<a> <b> "é" .\n'] * 3


def test_output_file_prefers_the_plain_form_and_finds_nothing_when_absent(tmp_path: Path) -> None:
    assert output_file(tmp_path, "graph.nt") is None
    atomic_write_chunks(tmp_path / "graph.nt.gz", ["x\n"])
    atomic_write_chunks(tmp_path / "graph.nt", ["x\n"])
    assert output_file(tmp_path, "graph.nt") == tmp_path / "graph.nt"


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _not_gzip(data: bytes) -> bytes:
    return b"<a> <b> <c> .\n"


def _bad_crc(data: bytes) -> bytes:
    return data[:-8] + bytes(b ^ 0xFF for b in data[-8:-4]) + data[-4:]


@pytest.mark.parametrize(
    "damage, reason",
    [(_truncated, "ends early, truncated"), (_not_gzip, "Not a gzipped file"), (_bad_crc, "CRC check failed")],
)
def test_a_damaged_gz_names_the_file(tmp_path: Path, damage, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "extractions.jsonl.gz"
    atomic_write_jsonl(path, ({"id": i} for i in range(20_000)))
    path.write_bytes(damage(path.read_bytes()))
    expected = rf"^{re.escape(str(path))}: damaged gzip file \(.*{reason}"
    with pytest.raises(InputError, match=expected) as info, open_output_text(path) as fh:
        for _ in fh:
            pass
    assert info.value.file == str(path)


def test_json_array_text_puts_one_item_a_line_and_round_trips() -> None:
    items = [{"name": "Ünïcode \"quoted\"", "n": 1, "x": 0.1}, [1, None, True], "line\nbreak"]
    text = json_array_text(items)
    assert json.loads(text) == items
    assert text.splitlines()[1:-1] == [json_text(x) + "," for x in items[:-1]] + [json_text(items[-1])]
    assert "Ünïcode" in text  # not escaped to ASCII
    assert json_array_text([]) == "[]" and json_array_text(iter(())) == "[]"
