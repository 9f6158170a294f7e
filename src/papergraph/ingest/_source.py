"""Opening input files: gzip, byte-order marks, binary sniffing, line numbers.

Text is decoded as UTF-8 with ``surrogateescape`` so one bad byte does not stop
a whole file: the record that contains it is reported (see
:func:`papergraph.ingest.records.make_paper`) and the rest is read.
"""

from __future__ import annotations

import bisect
import gzip
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 65536


class NotTextError(Exception):
    """The file is binary (or otherwise not text); the message says why."""


def _raw_stream(path: Path) -> IO[bytes]:
    fh = path.open("rb")
    if fh.read(2) == GZIP_MAGIC:
        fh.seek(0)
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    fh.seek(0)
    return fh


def _encoding_for(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8-sig"


def sniff(path: Path, size: int = _SNIFF_BYTES) -> str:
    """The first ``size`` bytes of ``path`` (decompressed), decoded.

    Raises NotTextError for binary content. An empty string means an empty file.
    """
    with _raw_stream(path) as raw:
        try:
            head = raw.read(size)
        except (OSError, EOFError) as exc:
            raise NotTextError(f"cannot decompress ({exc}); is the .gz file complete?") from exc
    enc = _encoding_for(head)
    if enc == "utf-8-sig" and b"\x00" in head:
        raise NotTextError(
            "binary file (contains NUL bytes); papergraph reads text formats only"
        )
    # A multi-byte character cut at the sniff boundary is harmless here.
    return head.decode(enc, errors="surrogateescape" if enc != "utf-16" else "replace")


@contextmanager
def open_text(path: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """A text stream over ``path``: gzip transparent, BOM honoured, bad bytes escaped."""
    raw = _raw_stream(path)
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[type-var]
    head = buffered.peek(4)[:4]
    enc = _encoding_for(head)
    # UTF-16 has no escape mode that round-trips; a bad sequence stops the file with a Problem.
    errors = "surrogateescape" if enc != "utf-16" else "strict"
    text = io.TextIOWrapper(buffered, encoding=enc, errors=errors, newline=newline)
    try:
        yield text
    finally:
        text.close()


def read_text(path: Path) -> str:
    with open_text(path) as fh:
        return fh.read()


class LineIndex:
    """Maps character offsets of a text to 1-based line numbers."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)
