"""A build's output folder, written as one transaction.

A build never writes its outputs into OUT directly. It writes them into a
staging folder inside OUT (``OUT/.staging-*``, so on the same file system),
then commits the whole set:

1. every staged file is fsynced (by :mod:`papergraph._io`), then the staging folder;
2. ``OUT/.commit.json``, the journal, is written atomically: the old outputs to
   delete and the staged files to move into place. Writing it is the commit point;
3. the journal is applied: old outputs deleted, staged files renamed into OUT
   (report.json last), OUT fsynced, then the journal and the staging folder removed.

Renaming several files is not atomic, but the journal makes step 3 repeatable:
a build killed during it leaves the journal, and the next build or reader
(:func:`roll_forward`) applies it again, skipping files already moved. A build
killed before step 2 leaves only a staging folder, which the next build
removes. So after a crash OUT holds the previous complete set or the new one.

A build holds an exclusive ``flock`` on ``OUT/.lock`` from before it reads any
input until its commit is done, so two builds never write one folder; the OS
drops the lock when the process dies, even by ``kill -9``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papergraph._io import _FILE_MODE, atomic_write_json, fsync_dir, os_reason, write_error
from papergraph.errors import BuildLockedError, OutputError

LOCK_FILE = ".lock"
JOURNAL_FILE = ".commit.json"
STAGING_PREFIX = ".staging-"
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
#: How long a reader waits for a build that is committing before it gives up.
READER_WAIT_SECONDS = 30.0

#: Test hook, read only by :func:`pause_for_tests`. ``PAPERGRAPH_TEST_PAUSE_AT=<step>:<flag file>``
#: makes a build stop at the named step, create the flag file and wait until it is deleted, so a
#: test can ``kill -9`` it at a known point of the transaction. Steps, in order: "locked" (lock and
#: staging folder made, no input read), "staged" (every file staged, no journal), "committed"
#: (journal written, nothing moved), "moving" (first file moved), "moved" (all moved, journal left).
PAUSE_ENV = "PAPERGRAPH_TEST_PAUSE_AT"


def pause_for_tests(step: str) -> None:
    """Test hook: wait at ``step`` while the flag file named by :data:`PAUSE_ENV` exists."""
    step_name, _, flag = os.environ.get(PAUSE_ENV, "").partition(":")
    if step_name != step or not flag:
        return
    Path(flag).write_text(str(os.getpid()), encoding="utf-8")
    while os.path.exists(flag):
        time.sleep(0.02)


# --- the lock -----------------------------------------------------------------------------------


def _holder(fd: int) -> str:
    """Who holds the lock, as its holder recorded it in the lock file."""
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"pid {int(info['pid'])}, started {info['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "pid unknown"


def _take_build_lock(out: Path) -> int:
    """Create ``out`` and take its lock without waiting; the fd holds the lock until closed."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(out, exc, action="create the output folder") from None
    try:
        fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, _FILE_MODE)
    except OSError as exc:
        raise write_error(out, exc, action="write to the output folder") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise BuildLockedError(
            f"another papergraph build ({holder}) is writing {out}; wait for it or choose another --out",
            path=str(out),
        ) from None
    except OSError as exc:
        os.close(fd)
        raise write_error(out / LOCK_FILE, exc, action="lock") from None
    info = {"pid": os.getpid(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode("utf-8"), 0)
    except OSError as exc:
        os.close(fd)
        raise write_error(out / LOCK_FILE, exc) from None
    return fd


def _wait_for_lock(out: Path) -> int:
    """Take ``out``'s lock for a reader, waiting (a little) for a build that is committing."""
    lock = out / LOCK_FILE
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, _FILE_MODE)
    except OSError as exc:
        try:  # a read-only folder: flock works on a descriptor opened for reading
            fd = os.open(lock, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            raise _unfinished(out, exc) from None
    deadline = time.monotonic() + READER_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                holder = _holder(fd)
                os.close(fd)
                raise BuildLockedError(
                    f"another papergraph build ({holder}) is committing to {out}; "
                    "try again when it is done",
                    path=str(out),
                ) from None
            time.sleep(0.05)


# --- the journal --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Journal:
    staging: str
    delete: tuple[str, ...]
    move: tuple[str, ...]


def _plain_name(value: Any) -> bool:
    return isinstance(value, str) and value not in ("", ".", "..") and "/" not in value and "\0" not in value


def _read_journal(path: Path) -> _Journal | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise write_error(path, exc, action="read") from None
    try:
        data = json.loads(text)
        journal = _Journal(
            staging=data["staging"], delete=tuple(data["delete"]), move=tuple(data["move"])
        )
    except (ValueError, KeyError, TypeError):
        journal = None
    names = (journal.staging, *journal.delete, *journal.move) if journal else ()
    if journal is None or not journal.staging.startswith(STAGING_PREFIX) or not all(map(_plain_name, names)):
        raise OutputError(
            f"{path} is not a papergraph commit journal; delete it and build again",
            path=str(path),
        )
    return journal


def _unfinished(out: Path, exc: OSError) -> OutputError:
    journal = out / JOURNAL_FILE
    if exc.errno in _READ_ONLY:
        msg = (
            f"{out} holds a build that was interrupted while its outputs were being put in place "
            f"({journal}), and the folder is read-only ({os_reason(exc)}); make it writable and run "
            "any papergraph command on it to finish the commit"
        )
    else:
        msg = (
            f"cannot finish the commit recorded in {journal}: {os_reason(exc)}; "
            "fix that and run any papergraph command on the folder again"
        )
    return OutputError(msg, path=str(journal), reason=os_reason(exc))


def _apply_journal(out: Path) -> bool:
    """Apply ``out``'s journal, if any; safe to repeat. The caller holds the lock."""
    path = out / JOURNAL_FILE
    journal = _read_journal(path)
    if journal is None:
        return False
    staging = out / journal.staging
    try:
        for name in journal.delete:
            with contextlib.suppress(FileNotFoundError):
                (out / name).unlink()
        for i, name in enumerate(journal.move):
            try:
                os.replace(staging / name, out / name)
            except FileNotFoundError:
                if not (out / name).is_file():  # neither staged nor moved: the set is lost
                    raise OutputError(
                        f"{path} lists {name}, which is neither in {staging} nor in {out}; "
                        f"delete {path} and build again",
                        path=str(path),
                    ) from None
            if i == 0:
                pause_for_tests("moving")
        fsync_dir(out)
        pause_for_tests("moved")
        path.unlink(missing_ok=True)
        fsync_dir(out)
    except OSError as exc:
        raise _unfinished(out, exc) from None
    shutil.rmtree(staging, ignore_errors=True)
    return True


def roll_forward(outdir: str | os.PathLike[str]) -> bool:
    """Finish the commit a killed build left in ``outdir``; True when there was one.

    Every reader of a build calls this first. Without a journal it only checks
    that the file is absent. Raises :class:`OutputError` when the commit cannot
    be finished (the folder is read-only, say), rather than read a mixed set.
    """
    out = Path(outdir)
    if not (out / JOURNAL_FILE).exists():
        return False
    fd = _wait_for_lock(out)
    try:
        return _apply_journal(out)
    finally:
        os.close(fd)


# --- debris -------------------------------------------------------------------------------------


def _remove_debris(out: Path, outputs: Iterable[str]) -> None:
    """Staging folders and temporary files of builds that died before their commit point."""
    for entry in out.iterdir():
        name = entry.name
        if name.startswith(STAGING_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        elif name.endswith(".tmp") and any(
            name.startswith(f".{known}.") for known in (*outputs, JOURNAL_FILE)
        ):
            with contextlib.suppress(OSError):
                entry.unlink()


# --- the transaction ----------------------------------------------------------------------------


@dataclass(slots=True)
class OutputTransaction:
    """An open transaction on an output folder: write into :attr:`staging`, then :meth:`commit`."""

    out: Path
    staging: Path
    outputs: tuple[str, ...]  # every name a build may write; old ones not rewritten are deleted
    committed: bool = field(default=False)

    def commit(self, names: Sequence[str]) -> None:
        """Put the staged files ``names`` in place as one set, in that order (report.json last)."""
        missing = [n for n in names if not (self.staging / n).is_file()]
        if missing or not all(map(_plain_name, names)):
            raise ValueError(f"not staged in {self.staging}: {', '.join(missing) or names}")
        try:
            fsync_dir(self.staging)
        except OSError as exc:
            raise write_error(self.staging, exc) from None
        stale = sorted(n for n in self.outputs if n not in names and (self.out / n).exists())
        pause_for_tests("staged")
        atomic_write_json(
            self.out / JOURNAL_FILE,
            {"version": 1, "staging": self.staging.name, "delete": stale, "move": list(names)},
        )
        self.committed = True
        try:
            fsync_dir(self.out)
        except OSError as exc:
            raise _unfinished(self.out, exc) from None
        pause_for_tests("committed")
        _apply_journal(self.out)


def _restate(exc: OutputError, txn: OutputTransaction) -> OutputError:
    """Name the output file, not its staged copy, and say the old outputs are untouched."""
    path = Path(exc.path) if exc.path else None
    if path is not None and path.parent == txn.staging:
        path = txn.out / path.name
    reason = exc.reason or str(exc)
    where = path if path is not None else txn.out
    return OutputError(
        f"cannot write {where}: {reason} (the previous outputs in {txn.out} are unchanged)",
        path=str(where),
        reason=reason,
    )


@contextlib.contextmanager
def transaction(outdir: str | os.PathLike[str], *, outputs: Iterable[str]) -> Iterator[OutputTransaction]:
    """Lock ``outdir``, finish or clear what earlier builds left, and open a staging folder.

    Raises :class:`BuildLockedError` at once when another build holds the
    folder, and :class:`OutputError` when it cannot be created or written; both
    before the caller has done any work. Leaving the block without
    :meth:`OutputTransaction.commit` (an error, Ctrl-C) removes the staging
    folder and leaves the previous outputs as they were.
    """
    out = Path(outdir)
    lock_fd = _take_build_lock(out)
    try:
        _apply_journal(out)
        known = tuple(outputs)
        _remove_debris(out, known)
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        except OSError as exc:
            raise write_error(out, exc, action="write to the output folder") from None
        txn = OutputTransaction(out=out, staging=staging, outputs=known)
        try:
            yield txn
        except OutputError as exc:
            if txn.committed:
                raise
            raise _restate(exc, txn) from None
        finally:
            if not txn.committed:
                shutil.rmtree(staging, ignore_errors=True)
    finally:
        # An empty lock file after a build keeps the folder byte-identical across rebuilds.
        with contextlib.suppress(OSError):
            os.ftruncate(lock_fd, 0)
        os.close(lock_fd)


# --- checking a set -----------------------------------------------------------------------------


def file_record(path: Path) -> dict[str, Any]:
    """``{"name", "size", "sha256"}`` of one output file, as report.json lists it."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return {"name": path.name, "sha256": digest.hexdigest(), "size": size}


def verify(outdir: str | os.PathLike[str]) -> list[str]:
    """What is wrong with the set of outputs in ``outdir``; empty when it is complete.

    report.json lists every other file of its build with size and sha256; a file
    missing, changed or from another build shows up here.
    """
    out = Path(outdir)
    try:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        files = report["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{out / 'report.json'}: cannot list the build's files ({exc})"]
    problems = []
    for rec in files:
        path = out / rec["name"]
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif file_record(path) != rec:
            problems.append(f"{path}: not the file report.json lists (size or sha256 differ)")
    return problems
