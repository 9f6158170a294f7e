"""The persistent SPARQL store of a build (pyoxigraph), written by the build.

``OUTDIR/.store/db`` is a pyoxigraph (RocksDB) store of ``OUTDIR/graph.nt``
(or ``graph.nt.gz``, read decompressed as a stream, for a build made with
``--compress``; "graph.nt" below means either);
``OUTDIR/.store/source`` is its key: the size, mtime and sha256 of the
graph.nt file it holds, and the build's base IRI. A reader uses the store only when
the key matches the graph.nt in place (size and mtime) and the sha256 that
report.json lists for it; otherwise it loads graph.nt again, so a reader never
answers from a store of another graph.nt.

**Who writes it.** ``papergraph build`` loads the staged graph.nt into a fresh
``OUTDIR/.store.tmp-*`` directory before its commit point, and swaps it in
for ``.store`` right after the commit, still holding the build lock (see
:func:`staged_store`). The store is not part of the commit journal of
:mod:`papergraph.outputs`: a directory cannot be renamed over another one
atomically, and it need not be, because the key decides. A rename keeps a
file's mtime, so the staged graph.nt and the committed one have the same key.
After an interruption:

* before the commit point: the old graph.nt and the old ``.store`` stay, and
  match; the half-built directory is debris, removed by the next store writer;
* between the commit and the swap: the new graph.nt is in place with the old
  store, whose key no longer matches. The next reader (:func:`open_store`)
  takes the store lock, finds the complete ``.store.tmp-*`` the build left
  whose key is the new graph.nt's, and swaps it in; only when there is none
  (killed while loading) does it load graph.nt itself;
* during the swap (``.store`` renamed away, the new one not yet in): the same.

Every writer of ``.store`` and ``.store.*`` holds ``OUTDIR/.store-lock``
(flock), so no one removes a directory another process is still filling, and a
reader that needs a store waits for a build that is making one instead of
loading the same graph.nt in parallel. Queries open the store read-only.
When OUTDIR is not writable the store lives in memory for the life of the
process.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from papergraph._io import decompressed, output_file
from papergraph.errors import BuildNotFoundError, PapergraphError
from papergraph.outputs import roll_forward
from papergraph.progress import ProgressFn
from papergraph.rdf.namespace import DEFAULT_BASE, PG

STORE_DIR = ".store"
LOCK_FILE = ".store-lock"
_TMP = f"{STORE_DIR}.tmp-"
_OLD = f"{STORE_DIR}.old-"
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_lock = threading.Lock()
_open: dict[tuple[str, str], Store] = {}

#: ``progress(stage, done, total)``, as :data:`papergraph.progress.ProgressFn`.
Progress = ProgressFn


@dataclass(frozen=True, slots=True)
class Store:
    """An opened store and the base IRI of the build it holds."""

    store: ox.Store
    base: str
    path: Path | None  # None for an in-memory store


def _stamp(nt: Path) -> str:
    st = nt.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def _sha256(nt: Path) -> str:
    digest = hashlib.sha256()
    with nt.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _graph_nt(outdir: Path) -> Path:
    nt = output_file(outdir, "graph.nt")
    if nt is None:
        raise BuildNotFoundError(
            f"{outdir} holds no graph.nt or graph.nt.gz; run `papergraph build INPUT -o {outdir}` first"
        )
    return nt


def _listed_sha256(nt: Path) -> str | None:
    """The sha256 the report.json beside ``nt`` lists for it (None without a report that lists it)."""
    try:
        report = json.loads((nt.parent / "report.json").read_text("utf-8"))
        return next((str(f["sha256"]) for f in report["files"] if f.get("name") == nt.name), None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _detect_base(store: ox.Store) -> str:
    query = f"SELECT ?p WHERE {{ ?p a <{PG.Paper}> }} LIMIT 1"
    for row in store.query(query):  # type: ignore[union-attr]
        head, sep, _ = row["p"].value.rpartition("/paper/")
        if sep:
            return head + "/"
    return DEFAULT_BASE


#: Lines of graph.nt per bulk load: pyoxigraph's loader holds what it is given in memory
#: (about 1.2 GB for 1.5 million triples at once, under 300 MB in pieces of this size).
LOAD_LINES = 200_000


def _pieces(fh: BinaryIO, lines: int) -> Iterator[bytes]:
    """``fh`` cut at line ends, ``lines`` lines a piece (an N-Triples statement is one line)."""
    while piece := b"".join(islice(fh, lines)):
        yield piece


class Cancelled(Exception):
    """A store loading beside a build that stopped (an error, Ctrl-C): it stops between two pieces."""


def _load(
    nt: Path, target: ox.Store, *, lenient: bool = False, progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Load ``nt`` (plain or .gz) into ``target`` a piece at a time, so memory does not grow with the
    graph; ``progress`` hears stage "store", in bytes of the file read (compressed or not). A set
    ``stop`` raises :class:`Cancelled` before the next piece."""
    report = progress or (lambda stage, done, total: None)
    try:
        with nt.open("rb") as fh:
            total = os.fstat(fh.fileno()).st_size
            report("store", 0, total)
            for piece in _pieces(decompressed(fh, nt), LOAD_LINES):
                if stop is not None and stop.is_set():
                    raise Cancelled(f"loading {nt} stopped")
                target.bulk_load(piece, format=ox.RdfFormat.N_TRIPLES, lenient=lenient)
                report("store", min(fh.tell(), total), total)
            report("store", total, total)
    except (SyntaxError, ValueError) as exc:
        raise PapergraphError(
            f"{nt} is not valid N-Triples ({exc}); rebuild it with `papergraph build`"
        ) from None


def _fill(
    tmp: Path, nt: Path, *, base: str | None, lenient: bool = False, progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Load ``nt`` into the new directory ``tmp`` and write its key last (so a key means complete).

    ``progress`` hears stage "store" (bytes loaded), then "index" (one step: the store's optimisation).
    """
    stamp = _stamp(nt)  # before reading: a graph.nt replaced meanwhile then fails the key check
    sha = _sha256(nt)
    tmp.mkdir(parents=True)
    db = ox.Store(str(tmp / "db"))
    _load(nt, db, lenient=lenient, progress=progress, stop=stop)
    if progress is not None:
        progress("index", 0, 1)
    db.optimize()
    if base is None:
        base = _detect_base(db)
    db.flush()
    del db
    _write_source(tmp, {"stamp": stamp, "sha256": sha, "base": base})
    if progress is not None:
        progress("index", 1, 1)


def _update(tmp: Path, nt: Path, *, previous: Path, base: str) -> bool:
    """Fill ``tmp`` from the store of the build in ``previous`` and the lines its graph.nt and ``nt``
    do not share; False (``tmp`` untouched) when there is no such store or the graphs differ too much.

    The previous store is copied as a RocksDB checkpoint (hard links to its
    immutable files), so an unchanged or slightly grown graph costs a read of
    both graph.nt files and a few thousand writes instead of a full load.
    """
    from papergraph.rdf.delta import nt_delta

    old_nt = output_file(previous, "graph.nt")
    source = _read_source(previous / STORE_DIR)
    if old_nt is None or source is None or source.get("base") != base:
        return False
    if not _matches(source, _stamp(old_nt), _listed_sha256(old_nt)):
        return False
    stamp = _stamp(nt)  # before reading, as in _fill
    sha = _sha256(nt)
    delta = nt_delta(old_nt, nt)
    if delta is None:
        return False
    tmp.mkdir(parents=True)
    try:
        ox.Store.read_only(str(previous / STORE_DIR / "db")).backup(str(tmp / "db"))
        db = ox.Store(str(tmp / "db"))
        for quad in _quads(delta.removed):
            db.remove(quad)
        db.extend(_quads(delta.added))
        db.flush()
        del db
    except (OSError, SyntaxError, ValueError):
        # A previous store that cannot be read or copied: load afresh instead.
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    _write_source(tmp, {"stamp": stamp, "sha256": sha, "base": base})
    return True


def _quads(lines: Sequence[bytes]) -> Iterator[ox.Quad]:
    """The N-Triples ``lines`` as quads (of the default graph)."""
    if not lines:
        return
    yield from ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES, lenient=True)


def _write_source(folder: Path, data: dict[str, str]) -> None:
    part = folder / "source.part"
    with part.open("w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    part.replace(folder / "source")


def _read_source(folder: Path) -> dict[str, str] | None:
    try:
        data = json.loads((folder / "source").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _matches(source: dict[str, str] | None, stamp: str, listed: str | None) -> bool:
    if source is None or source.get("stamp") != stamp:
        return False
    return listed is None or source.get("sha256") == listed


def _swap_in(out: Path, new: Path) -> None:
    """Put the complete store ``new`` in place of ``.store``; the caller holds the store lock."""
    final = out / STORE_DIR
    old = out / f"{_OLD}{os.getpid()}-{threading.get_ident()}"
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _debris(out: Path, keep: Path | None = None) -> list[Path]:
    return [
        p for p in out.iterdir() if p.name.startswith((_TMP, _OLD)) and p.is_dir() and p != keep
    ]


@contextlib.contextmanager
def _store_lock(out: Path) -> Iterator[None]:
    """Hold ``out/.store-lock``, waiting for another writer of the store."""
    fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _adopt_or_build(
    out: Path, nt: Path, stamp: str, listed: str | None, rebuild: bool, progress: Progress | None = None
) -> None:
    """Make ``.store`` match graph.nt; the caller holds the store lock."""
    if not rebuild:
        if _matches(_read_source(out / STORE_DIR), stamp, listed):
            return  # a build or another reader put it in place meanwhile
        for candidate in sorted(_debris(out)):
            if _matches(_read_source(candidate), stamp, listed):
                _swap_in(out, candidate)  # left complete by a build killed after its commit
                break
    for stale in _debris(out):
        shutil.rmtree(stale, ignore_errors=True)
    if not rebuild and _matches(_read_source(out / STORE_DIR), stamp, listed):
        return
    tmp = out / f"{_TMP}{os.getpid()}-{threading.get_ident()}"
    try:
        _fill(tmp, nt, base=None, progress=progress)
        _swap_in(out, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _in_memory(nt: Path, progress: Progress | None = None) -> Store:
    mem = ox.Store()
    _load(nt, mem, progress=progress)
    return Store(store=mem, base=_detect_base(mem), path=None)


def _unwritable(exc: OSError) -> bool:
    return isinstance(exc, PermissionError) or exc.errno in _READ_ONLY


def open_store(
    outdir: str | os.PathLike[str], *, rebuild: bool = False, progress: Progress | None = None
) -> Store:
    """The read-only store of the build in ``outdir``, loading it when it does not match graph.nt.

    A load reports to ``progress`` as stage "store", in bytes of graph.nt read,
    then "index" (nothing is reported when the build's store is used as it is).
    """
    roll_forward(outdir)
    out = Path(outdir).resolve()
    nt = _graph_nt(out)
    stamp = _stamp(nt)
    key = (str(out), stamp)
    with _lock:
        if not rebuild and key in _open:
            return _open[key]
        listed = _listed_sha256(nt)
        if rebuild or not _matches(_read_source(out / STORE_DIR), stamp, listed):
            try:
                with _store_lock(out):
                    stamp = _stamp(nt)
                    key = (str(out), stamp)
                    _adopt_or_build(out, nt, stamp, _listed_sha256(nt), rebuild, progress)
            except OSError as exc:
                if not _unwritable(exc):
                    raise PapergraphError(
                        f"cannot make the SPARQL store in {out / STORE_DIR} ({exc}); "
                        f"free some space or delete that directory and query again"
                    ) from None
                opened = _in_memory(nt, progress)
                _open[key] = opened
                return opened
        source = _read_source(out / STORE_DIR) or {}
        try:
            db = ox.Store.read_only(str(out / STORE_DIR / "db"))
        except OSError as exc:
            raise PapergraphError(
                f"cannot open the SPARQL store in {out / STORE_DIR} ({exc}); "
                f"delete that directory and query again to rebuild it"
            ) from None
        opened = Store(store=db, base=str(source.get("base") or DEFAULT_BASE), path=out / STORE_DIR)
        # Stores of older stamps of this build are stale now.
        for k in [k for k in _open if k[0] == str(out)]:
            del _open[k]
        _open[key] = opened
        return opened


# --- the build's store stage ---------------------------------------------------------------------


@dataclass(slots=True)
class StagedStore:
    """A store of a staged graph.nt, waiting for the build's commit (complete once :meth:`wait` returns)."""

    out: Path
    path: Path
    installed: bool = False
    loader: threading.Thread | None = None
    failure: BaseException | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def wait(self) -> None:
        """Wait for a store loaded beside the build (``background=True``); its error, raised here."""
        if self.loader is not None:
            self.loader.join()
            self.loader = None
        if self.failure is not None:
            raise self.failure

    def install(self) -> None:
        """Swap the store in for ``.store``: call right after the commit that put its graph.nt in place."""
        self.wait()
        _swap_in(self.out, self.path)
        self.installed = True


@contextlib.contextmanager
def staged_store(
    outdir: str | os.PathLike[str],
    staged_nt: str | os.PathLike[str],
    *,
    base: str,
    progress: Progress | None = None,
    background: bool = False,
) -> Iterator[StagedStore]:
    """Load the staged graph.nt into a new store beside ``.store`` and hold the store lock.

    The caller commits its outputs inside the block and then calls
    :meth:`StagedStore.install`. With ``background`` the store is loaded in a
    thread and the block is entered at once: pyoxigraph parses and writes
    without Python's lock, so the build goes on with its other outputs
    meanwhile; :meth:`StagedStore.wait` (and ``install``) waits for it, and
    leaving the block waits for it before removing it. Leaving the block without installing (an
    error, Ctrl-C) removes the new store; a process killed inside it leaves the
    directory for :func:`open_store` to adopt or remove (see the module docstring).
    Progress is reported as stage "store", in bytes of graph.nt read, then "index".
    """
    out = Path(outdir).resolve()
    nt = Path(staged_nt)

    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(_store_lock(out))
        except OSError as exc:
            raise _store_error(out, exc) from None
        tmp = out / f"{_TMP}{os.getpid()}-{threading.get_ident()}"
        staged = StagedStore(out=out, path=tmp)
        # Registered after the lock, so it runs before the lock is released.
        stack.callback(lambda: None if staged.installed else shutil.rmtree(tmp, ignore_errors=True))
        for stale in _debris(out):
            shutil.rmtree(stale, ignore_errors=True)

        def load() -> None:
            try:
                if not _update(tmp, nt, previous=out, base=base):
                    _fill(tmp, nt, base=base, lenient=True, progress=progress, stop=staged.stop)
            except OSError as exc:
                raise _store_error(out, exc) from None

        if not background:
            load()
            yield staged
            return

        size = nt.stat().st_size
        report = progress or (lambda stage, done, total: None)
        report("store", 0, size)  # from the build's thread: the stage shows as it starts

        def beside() -> None:
            try:
                load()
                report("store", size, size)  # also when the previous store was updated instead
            except BaseException as exc:  # raised in the build's thread by wait()
                staged.failure = exc

        staged.loader = threading.Thread(target=beside, name="papergraph-store", daemon=True)
        staged.loader.start()
        def stop() -> None:  # the block is left before install: stop loading, then wait
            if staged.loader is not None:
                staged.stop.set()
                staged.loader.join()

        # Registered last, so it runs first: the thread is done before its directory is removed.
        stack.callback(stop)
        yield staged


def _store_error(out: Path, exc: OSError) -> PapergraphError:
    from papergraph._io import write_error

    return write_error(out / STORE_DIR, exc, action="write the SPARQL store")
