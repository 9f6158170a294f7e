"""The persistent SPARQL store of a build (pyoxigraph), built lazily.

``OUTDIR/.store/db`` holds a pyoxigraph (RocksDB) store loaded from
``OUTDIR/graph.nt``; ``OUTDIR/.store/source`` records the size and mtime of
the graph.nt it was built from and the build's base IRI. The first query on a
build loads the store; a newer graph.nt is reloaded into a fresh directory
that then replaces the old one, so readers never see a half-built store.
Queries open the store read-only. When OUTDIR is not writable the store lives
in memory for the life of the process.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from papergraph.errors import BuildNotFoundError, PapergraphError
from papergraph.outputs import roll_forward
from papergraph.rdf.namespace import DEFAULT_BASE, PG

STORE_DIR = ".store"
_lock = threading.Lock()
_open: dict[tuple[str, str], Store] = {}


@dataclass(frozen=True, slots=True)
class Store:
    """An opened store and the base IRI of the build it holds."""

    store: ox.Store
    base: str
    path: Path | None  # None for an in-memory store


def _stamp(nt: Path) -> str:
    st = nt.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def _graph_nt(outdir: Path) -> Path:
    nt = outdir / "graph.nt"
    if not nt.is_file():
        raise BuildNotFoundError(
            f"{outdir} holds no graph.nt; run `papergraph build INPUT -o {outdir}` first"
        )
    return nt


def _detect_base(store: ox.Store) -> str:
    query = f"SELECT ?p WHERE {{ ?p a <{PG.Paper}> }} LIMIT 1"
    for row in store.query(query):  # type: ignore[union-attr]
        head, sep, _ = row["p"].value.rpartition("/paper/")
        if sep:
            return head + "/"
    return DEFAULT_BASE


def _load(nt: Path, target: ox.Store) -> None:
    try:
        target.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError) as exc:
        raise PapergraphError(
            f"{nt} is not valid N-Triples ({exc}); rebuild it with `papergraph build`"
        ) from None


def _build(outdir: Path, nt: Path, stamp: str) -> None:
    """Load graph.nt into a fresh directory and swap it in."""
    final = outdir / STORE_DIR
    tmp = outdir / f"{STORE_DIR}.tmp-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        db = ox.Store(str(tmp / "db"))
        _load(nt, db)
        db.optimize()
        base = _detect_base(db)
        db.flush()
        del db
        (tmp / "source").write_text(json.dumps({"stamp": stamp, "base": base}), "utf-8")
        old = outdir / f"{STORE_DIR}.old-{os.getpid()}-{threading.get_ident()}"
        if final.exists():
            final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _read_source(outdir: Path) -> dict[str, str] | None:
    try:
        data = json.loads((outdir / STORE_DIR / "source").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def open_store(outdir: str | os.PathLike[str], *, rebuild: bool = False) -> Store:
    """The read-only store of the build in ``outdir``, loading it when needed."""
    roll_forward(outdir)
    out = Path(outdir).resolve()
    nt = _graph_nt(out)
    stamp = _stamp(nt)
    key = (str(out), stamp)
    with _lock:
        if not rebuild and key in _open:
            return _open[key]
        source = _read_source(out)
        if rebuild or source is None or source.get("stamp") != stamp:
            try:
                _build(out, nt, stamp)
            except PermissionError:
                mem = ox.Store()
                _load(nt, mem)
                opened = Store(store=mem, base=_detect_base(mem), path=None)
                _open[key] = opened
                return opened
            source = _read_source(out) or {}
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
