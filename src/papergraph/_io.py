"""Atomic, deterministic file writes shared by every stage that writes outputs.

A write that fails on the file system (disk full, read-only, no permission)
raises :class:`~papergraph.errors.OutputError` naming the file and the reason,
not a bare OSError.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from papergraph.errors import OutputError

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


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dumps_json(obj: Any) -> str:
    """Canonical JSON: sorted keys, no ASCII escaping, one line."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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
