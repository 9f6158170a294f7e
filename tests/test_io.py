"""Atomic writes: streamed output replaces the file whole or not at all."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from papergraph._io import atomic_write_chunks, atomic_write_jsonl


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
