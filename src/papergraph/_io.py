"""Atomic, deterministic file writes shared by every stage that writes outputs,
and the one way to read an output back whether it is plain or gzip-compressed.

A write that fails on the file system (disk full, read-only, no permission)
raises :class:`~papergraph.errors.OutputError` naming the file and the reason,
not a bare OSError.

A file whose name ends in ``.gz`` is written gzip-compressed (``build
--compress``), deterministically: no file name and mtime 0 in the header, a
fixed level, so the same content gives the same bytes (with the same zlib).
:func:`output_file` finds an output in either form and :func:`open_output`
reads either; a damaged or truncated ``.gz`` raises
:class:`~papergraph.errors.InputError` naming the file.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import io
import json
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

from papergraph.errors import InputError, OutputError

#: An output whose file name ends in this is gzip-compressed.
GZIP_SUFFIX = ".gz"
#: The zlib level of compressed outputs, chosen by size and time on a corpus build (docs/scale.md).
GZIP_LEVEL = 6
#: Pieces are joined into blocks of about this size before they are compressed (fewer, larger calls).
_BLOCK = 1 << 20

_REASONS = {
    errno.ENOSPC: "the disk is full (no space left on device); free some space and try again",
    errno.EDQUOT: "the disk quota is exceeded; free some space and try again",
    errno.EROFS: "the file system is read-only; choose a writable folder",
    errno.EACCES: "permission denied; choose a folder you can write to",
    errno.EPERM: "permission denied; choose a folder you can write to",
    errno.ENOTDIR: "a part of that path is a file, not a folder",
    errno.EEXIST: "it exists and is not a folder",
    errno.EFBIG: "the file is too large for this file system",
}


def os_reason(exc: OSError) -> str:
    """A short, actionable reason for ``exc`` (the strerror when it is not a common one)."""
    return _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc))


def write_error(path: str | os.PathLike[str], exc: OSError, *, action: str = "write") -> OutputError:
    """The OutputError for ``exc`` raised while trying to ``action`` ``path``."""
    reason = os_reason(exc)
    return OutputError(f"cannot {action} {path}: {reason}", path=str(path), reason=reason)


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Make renames and unlinks inside the folder ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Readers never see a half-written file; the final file gets the usual
    permissions (0666 minus the umask), not mkstemp's private 0600.
    """
    atomic_write_chunks(path, (data,))


def atomic_write_chunks(path: str | os.PathLike[str], chunks: Iterable[str | bytes]) -> None:
    """:func:`atomic_write_bytes` for output made piece by piece (str pieces are UTF-8 encoded).

    Large outputs (N-Triples, Turtle, JSONL of a whole corpus) stream to disk
    instead of being joined into one string first.
    """
    with atomic_open(path) as fh:
        if Path(path).name.endswith(GZIP_SUFFIX):
            _write_gzip(fh, chunks)
        else:
            for chunk in chunks:
                fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: a temporary file beside it, renamed into
    place when the block ends, removed when it raises (for writers that take a file object)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(path, exc) from None
        raise


def _blocks(chunks: Iterable[str | bytes]) -> Iterator[bytes]:
    """``chunks`` as UTF-8 bytes, joined into blocks of at least :data:`_BLOCK` bytes (the last may be less)."""
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        parts.append(data)
        size += len(data)
        if size >= _BLOCK:
            yield b"".join(parts)
            parts, size = [], 0
    if parts:
        yield b"".join(parts)


def _write_gzip(fh: IO[bytes], chunks: Iterable[str | bytes]) -> None:
    # No name and mtime 0 in the header and a fixed level: the same chunks give the same bytes.
    with gzip.GzipFile(filename="", mode="wb", compresslevel=GZIP_LEVEL, fileobj=fh, mtime=0) as gz:
        for block in _blocks(chunks):
            gz.write(block)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dumps_json(obj: Any) -> str:
    """Canonical JSON: sorted keys, no ASCII escaping, one line."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


#: json's C encoder (it is used only without ``indent``): a readable separator, no ASCII escaping.
_ITEM_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def json_array_text(items: Iterable[Any]) -> str:
    """A JSON array with one item per line, for the CLI's ``--format json``.

    Each item is encoded by json's C encoder; ``indent=`` would use its pure-Python
    one, several times slower on a large result (a leaderboard of the corpus build).
    """
    body = ",\n".join(map(_ITEM_ENCODER.encode, items))
    return f"[\n{body}\n]" if body else "[]"


def json_text(obj: Any) -> str:
    """One JSON value on one line, by json's C encoder (as :func:`json_array_text`'s items)."""
    return _ITEM_ENCODER.encode(obj)


def atomic_write_jsonl(path: str | os.PathLike[str], rows: Iterable[Any]) -> int:
    """One canonical JSON object per line, streamed; returns the number of rows."""
    n = 0

    def lines() -> Iterable[str]:
        nonlocal n
        for row in rows:
            n += 1
            yield dumps_json(row) + "\n"

    atomic_write_chunks(path, lines())
    return n


def atomic_write_json(path: str | os.PathLike[str], obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=2) + "\n")


# --- reading outputs, plain or compressed -------------------------------------------------------


def stored_name(name: str, *, compress: bool) -> str:
    """The file name of the output ``name``: itself, or ``name.gz`` when it is written compressed."""
    return name + GZIP_SUFFIX if compress else name


def output_file(outdir: str | os.PathLike[str], name: str) -> Path | None:
    """The file holding the output ``name`` (``graph.nt``) in ``outdir``: itself or its ``.gz``.

    None when there is neither. A build leaves only one of the two (it removes
    the other form at its commit); were both there, the plain one is read.
    """
    for candidate in (name, stored_name(name, compress=True)):
        path = Path(outdir) / candidate
        if path.is_file():
            return path
    return None


def logical_name(path: str | os.PathLike[str]) -> str:
    """The output name of a file, without ``.gz``: ``graph.nt`` for ``graph.nt.gz``."""
    name = Path(path).name
    return name[: -len(GZIP_SUFFIX)] if name.endswith(GZIP_SUFFIX) else name


class _Gunzip(io.RawIOBase):
    """The decompressed bytes of a gzip stream; a damaged one raises InputError naming ``path``."""

    def __init__(self, raw: IO[bytes], path: Path, *, owns: bool) -> None:
        super().__init__()
        self._raw, self._path, self._owns = raw, path, owns
        self._gz = gzip.GzipFile(filename="", mode="rb", fileobj=raw)

    @property
    def name(self) -> str:
        """The compressed file's path, as a file object's ``name`` (rdflib reads it)."""
        return str(self._path)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._gz.read1(len(buffer))
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            reason = "it ends early, truncated" if isinstance(exc, EOFError) else str(exc)
            raise InputError(
                f"damaged gzip file ({reason}); run `papergraph build` again to rewrite it",
                file=str(self._path),
            ) from None
        n = len(data)
        buffer[:n] = data
        return n

    def close(self) -> None:
        if not self.closed:
            self._gz.close()
            if self._owns:
                self._raw.close()
        super().close()


def _reader(raw: BinaryIO, path: Path, *, owns: bool) -> BinaryIO:
    if not path.name.endswith(GZIP_SUFFIX):
        return raw
    return cast(BinaryIO, io.BufferedReader(_Gunzip(raw, path, owns=owns), _BLOCK))


def decompressed(raw: BinaryIO, path: str | os.PathLike[str]) -> BinaryIO:
    """``raw``, the open bytes of the file ``path``, decompressed when ``path`` ends in ``.gz``.

    Closing the result does not close ``raw``.
    """
    return _reader(raw, Path(path), owns=False)


def open_output(path: str | os.PathLike[str]) -> BinaryIO:
    """The content of the output file ``path`` in binary, decompressed when it is a ``.gz``."""
    path = Path(path)
    return _reader(path.open("rb"), path, owns=True)


def open_output_text(path: str | os.PathLike[str]) -> TextIO:
    """:func:`open_output` as UTF-8 text."""
    return io.TextIOWrapper(open_output(path), encoding="utf-8")
