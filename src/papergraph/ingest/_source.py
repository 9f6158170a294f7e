"""Opening input files: gzip, byte-order marks, UTF-16, binary sniffing, size caps, line numbers.

Text is decoded as UTF-8 with ``surrogateescape`` so one bad byte does not stop
a whole file: the record that contains it is reported (see :func:`bad_text`)
and the rest is read.

Two caps keep a hostile file from exhausting memory: formats read whole (JSON,
Atom, BibTeX) stop at :data:`MAX_WHOLE_FILE_BYTES` of decompressed text, and
line formats skip a line longer than :data:`MAX_LINE_CHARS` without holding it.
Both are read at call time, so tests can lower them.
"""

from __future__ import annotations

import bisect
import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from papergraph.types import Paper

GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 65536
# The encoding is decided from this many leading bytes, by sniff() and open_text() alike.
_ENCODING_BYTES = 4096

#: Decompressed size at which a file of a whole-file format (json, arxiv-atom, bibtex) is refused.
MAX_WHOLE_FILE_BYTES = 512 * 2**20
#: Characters at which one line of a line format (jsonl, daily-page, csv) is skipped.
MAX_LINE_CHARS = 16 * 2**20

_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = (
    "id", "title", "abstract", "date", "arxiv_id", "doi", "source_file", "source_format", "source_id",
)


class NotTextError(Exception):
    """The file is binary (or otherwise not text); the message says why."""


class TooLargeError(Exception):
    """A whole-file input decompresses to more than the cap."""

    def __init__(self, limit: int, *, compressed: bool) -> None:
        super().__init__(f"more than {human_size(limit)}")
        self.limit = limit
        self.compressed = compressed


def human_size(n: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} bytes"


def _raw_stream(path: Path) -> tuple[io.BufferedReader, bool]:
    """The bytes of ``path`` (gunzipped when it is gzip), and whether it was."""
    with path.open("rb") as fh:
        compressed = fh.read(2) == GZIP_MAGIC
    raw = gzip.GzipFile(path, mode="rb") if compressed else path.open("rb", buffering=0)
    return io.BufferedReader(raw, buffer_size=_SNIFF_BYTES), compressed  # type: ignore[arg-type,type-var]


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NUL bytes sit in every other position, else None.

    ASCII-range text in UTF-16 has a NUL in each code unit, on the same side;
    binary data has NULs scattered (or none), UTF-32 on both sides.
    """
    sample = head[: len(head) // 2 * 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    low, high = sample[0::2].count(0), sample[1::2].count(0)
    if high >= 0.3 * pairs and low <= 0.1 * high:
        enc = "utf-16-le"
    elif low >= 0.3 * pairs and high <= 0.1 * low:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = codecs.getincrementaldecoder(enc)("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
    return enc if controls <= 0.01 * len(text) else None


def _encoding_for(head: bytes) -> str:
    """The codec for a file starting with ``head``; raises NotTextError for binary data."""
    head = head[:_ENCODING_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" not in head:
        return "utf-8-sig"
    enc = _utf16_without_bom(head)
    if enc is None:
        raise NotTextError("binary file (contains NUL bytes); papergraph reads text formats only")
    return enc


def _errors_for(enc: str) -> str:
    # UTF-16 has no escape mode that round-trips; a bad sequence stops the file with a Problem.
    return "strict" if enc.startswith("utf-16") else "surrogateescape"


def sniff(path: Path, size: int = _SNIFF_BYTES) -> str:
    """The first ``size`` bytes of ``path`` (decompressed), decoded.

    Raises NotTextError for binary content. An empty string means an empty file.
    """
    raw, _ = _raw_stream(path)
    with raw:
        try:
            head = raw.read(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise NotTextError(f"cannot decompress ({exc}); is the .gz file complete?") from exc
    enc = _encoding_for(head)
    # A multi-byte character cut at the sniff boundary is harmless here.
    return head.decode(enc, errors="replace" if enc.startswith("utf-16") else "surrogateescape")


@contextmanager
def open_text(path: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """A text stream over ``path``: gzip transparent, BOM and UTF-16 honoured, bad bytes escaped.

    Raises NotTextError for binary content.
    """
    buffered, _ = _raw_stream(path)
    try:
        enc = _encoding_for(buffered.peek(_ENCODING_BYTES)[:_ENCODING_BYTES])
        text = io.TextIOWrapper(buffered, encoding=enc, errors=_errors_for(enc), newline=newline)
    except BaseException:
        buffered.close()
        raise
    try:
        yield text
    finally:
        text.close()


def read_text(path: Path) -> str:
    """The whole text of ``path``; raises TooLargeError past :data:`MAX_WHOLE_FILE_BYTES`."""
    limit = MAX_WHOLE_FILE_BYTES
    buffered, compressed = _raw_stream(path)
    with buffered:
        enc = _encoding_for(buffered.peek(_ENCODING_BYTES)[:_ENCODING_BYTES])
        data = bytearray()
        # Read in pieces so a decompression bomb is stopped at the cap, not after inflating.
        while chunk := buffered.read(min(limit + 1 - len(data), 1 << 22)):
            data += chunk
            if len(data) > limit:
                raise TooLargeError(limit, compressed=compressed)
    return data.decode(enc, errors=_errors_for(enc))


class CappedLines:
    """The lines of a text stream, none held longer than ``limit`` characters.

    A longer line is read past in pieces and given as an empty line, so line
    numbers stay right; its number is added to :attr:`overlong`.
    """

    def __init__(self, fh: IO[str], *, limit: int) -> None:
        self._fh = fh
        self._limit = limit
        self.overlong: list[int] = []

    def __iter__(self) -> Iterator[str]:
        readline = self._fh.readline
        limit = self._limit
        n = 0
        while line := readline(limit + 1):
            n += 1
            if len(line) > limit and line[-1] not in "\r\n":
                while (rest := readline(1 << 20)) and rest[-1] not in "\r\n":
                    pass
                self.overlong.append(n)
                line = "\n"
            yield line


def bad_text(paper: Paper) -> str | None:
    """Why a text field of ``paper`` cannot be written as UTF-8, or None.

    Undecodable bytes reach here as lone surrogates U+DC80..U+DCFF (the
    ``surrogateescape`` decoding above); a JSON ``\\ud800`` escape without
    its pair gives any other lone surrogate.
    """
    p = paper
    joined = "\n".join((
        p.id, p.title, p.abstract, p.date or "", p.arxiv_id or "", p.doi or "", p.source_file or "",
        p.source_format or "", p.source_id or "", *p.authors, *p.urls, *p.code_urls,
    ))
    if joined.isascii() or _SURROGATE.search(joined) is None:  # one C-speed pass per paper
        return None
    for name in (*_TEXT_FIELDS, "authors", "urls", "code_urls"):
        value = getattr(paper, name)
        for text in value if isinstance(value, tuple) else (value or "",):
            if (m := _SURROGATE.search(text)) is None:
                continue
            return surrogate_reason(name, m.group(0))
    return None  # pragma: no cover - the joined text had one, so a field has it


def surrogate_reason(field: str, char: str) -> str:
    """Why ``field`` holding the lone surrogate ``char`` cannot be used."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"{field} is not valid UTF-8 (byte 0x{code - 0xDC00:02X}); re-save the file as UTF-8"
    return (
        f"{field} holds a lone UTF-16 surrogate (U+{code:04X}, an escape like \\u{code:04x} "
        "without its pair); fix or remove it"
    )


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

    def column_of(self, offset: int) -> int:
        return offset - self._starts[self.line_of(offset) - 1] + 1
