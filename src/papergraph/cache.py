"""The extraction cache: a build extracts only the papers whose text it has not seen.

An :class:`~papergraph.types.Extraction` is a function of two things: the
paper's title and abstract, and the extractor (papergraph's code, its model
and gazetteer files, the libraries that tokenize and score, and the options
``use_model``/``ensemble``). The paper's id, source id and title are stamped
on afterwards (see ``doc_to_extraction``). So the cache stores, per paper
text, everything else of the extraction, and a hit is re-stamped with the
paper's own identity: a build from the cache writes the same bytes as a build
from scratch.

The cache is one SQLite file (``extractions.sqlite``, WAL mode). Its header
(table ``meta``) records the extractor's :func:`fingerprint`; a cache made by
another extractor is emptied when opened, and the build reports how many
extractions it discarded. Keys are content hashes of the fingerprint, title
and abstract, so an entry can never be read by another extractor, entries a
failed build left are valid, and extra entries are harmless.

Nothing here is an output of the build: the output transaction never moves
or deletes the cache, and a cache that cannot be read or written makes the
build slower, never wrong (the problem is reported in report.json).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from papergraph.__about__ import __version__
from papergraph.types import Extraction, Mention, Paper, Result

CACHE_FILE = "extractions.sqlite"
#: The layout of the file and of its rows; a cache of another format is discarded like a changed extractor.
FORMAT = "1"
#: Rows read or written per SQL statement (SQLite caps the parameters of one statement).
_CHUNK = 500

# What an extraction reads besides the text: the runtime code, the tables it loads,
# and the records it fills (their field order is the row layout below).
_CODE = ("extract", "ingest/records.py", "types.py")
_GAZETTEER = ("data/gazetteer",)
_MODEL = ("data/ner",)
_LIBRARIES = ("spacy", "thinc", "numpy")


# --- the fingerprint ----------------------------------------------------------------------------


def _files(root: Path, parts: Iterable[str]) -> Iterator[Path]:
    for part in parts:
        path = root / part
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            )


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


@lru_cache(maxsize=8)
def fingerprint(*, use_model: bool = True, ensemble: bool = True) -> str:
    """A hex digest of everything an extraction depends on besides the text; computed once per process.

    ``ensemble`` only matters with the model. Cheap: no spaCy import, one
    read of the code and data files (about 30 MB with the model).
    """
    return _digest(Path(__file__).resolve().parent, use_model=use_model, ensemble=ensemble and use_model)


def _digest(root: Path, *, use_model: bool, ensemble: bool) -> str:
    """:func:`fingerprint` of the package installed at ``root``."""
    digest = hashlib.sha256()
    head = {
        "format": FORMAT,
        "papergraph": __version__,
        "python": list(sys.version_info[:2]),
        "unicode": unicodedata.unidata_version,
        "libraries": {name: _version(name) for name in _LIBRARIES},
        "use_model": use_model,
        "ensemble": ensemble,
    }
    digest.update(json.dumps(head, sort_keys=True).encode())
    for path in _files(root, (*_CODE, *_GAZETTEER, *(_MODEL if use_model else ()))):
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


# --- rows ---------------------------------------------------------------------------------------


def text_key(fp: str, paper: Paper) -> bytes:
    """The cache key of ``paper``'s text under the extractor ``fp``."""
    h = hashlib.blake2b(fp.encode(), digest_size=20)
    for text in (paper.title or "", paper.abstract or ""):
        data = text.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def encode(ex: Extraction) -> bytes:
    """The text-dependent part of ``ex`` (no id, source id or title), as compact zlib'd JSON.

    Records are rows of values in field order: the fingerprint covers types.py,
    so the order a row was written in is the order it is read in.
    """
    rows = [
        [[getattr(m, f) for f in Mention.__dataclass_fields__] for m in ex.entities],
        [[getattr(r, f) for f in Result.__dataclass_fields__] for r in ex.results],
        list(ex.code_urls),
    ]
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode("ascii"), 6)


def decode(data: bytes, paper: Paper) -> Extraction:
    """The cached extraction of ``paper``'s text, stamped with ``paper``'s identity.

    Raises ValueError or TypeError when ``data`` is not a row :func:`encode` wrote.
    """
    try:
        entities, results, code_urls = json.loads(zlib.decompress(data))
    except zlib.error as exc:
        raise ValueError(str(exc)) from None
    return Extraction(
        id=paper.id,
        title=paper.title,
        entities=tuple(Mention(*row) for row in entities),
        results=tuple(Result(*row) for row in results),
        code_urls=tuple(code_urls),
        source_id=paper.source_id,
    )


# --- the file -----------------------------------------------------------------------------------


@dataclass(slots=True)
class CacheStats:
    """What a build took from and gave to its cache; ``notes`` say what went wrong or was discarded."""

    hits: int = 0
    misses: int = 0
    discarded: int = 0
    notes: list[str] = field(default_factory=list)


_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def _damaged(exc: BaseException) -> bool:
    """Is ``exc`` SQLite saying the file is not a database or is damaged (not locked, not read-only)?"""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return type(exc) is sqlite3.DatabaseError


def _remove_db(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()


class ExtractionCache:
    """One cache file, opened for one extractor (:func:`fingerprint`).

    Every failure of the file (unreadable, corrupt, read-only, disk full) is
    caught here: it becomes a note in :attr:`stats` and the cache goes on
    empty or read-only, so the build still writes correct outputs.
    """

    def __init__(self, directory: str | os.PathLike[str], fp: str) -> None:
        self.path = Path(directory) / CACHE_FILE
        self.fp = fp
        self.stats = CacheStats()
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except (sqlite3.Error, OSError) as exc:
            if _damaged(exc):
                self._start_afresh(exc)
            else:
                self._give_up("could not be opened", exc)

    # -- opening

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        self._db = db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            # A rowid table: rows of a kilobyte or more pack twice as densely as WITHOUT ROWID.
            db.execute("CREATE TABLE IF NOT EXISTS extractions (key BLOB PRIMARY KEY, data BLOB NOT NULL)")
            stored = dict(db.execute("SELECT name, value FROM meta").fetchall())
            if stored.get("fingerprint") != self.fp:
                (n,) = db.execute("SELECT count(*) FROM extractions").fetchone()
                if n:
                    db.execute("DELETE FROM extractions")
                    why = "extractor changed" if stored.get("format") == FORMAT else "cache format changed"
                    self.stats.discarded = n
                    self.stats.notes.append(f"{why}: cache of {n} extractions discarded")
                db.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [("format", FORMAT), ("fingerprint", self.fp), ("papergraph", __version__)],
                )
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        return db

    def _start_afresh(self, exc: BaseException) -> None:
        """Not a SQLite file, or a damaged one: a new, empty cache rather than a failed build."""
        self._close_quietly()
        self.stats.notes.append(f"cache {self.path} could not be read ({exc}): discarded")
        _remove_db(self.path)
        try:
            self._db = self._open()
        except (sqlite3.Error, OSError) as again:
            self._give_up("could not be created", again)

    def _close_quietly(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _give_up(self, what: str, exc: BaseException) -> None:
        self._close_quietly()
        self.stats.notes.append(f"cache {self.path} {what} ({exc}); extractions are not cached")

    # -- use

    def lookup(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The stored rows of those ``keys`` that are in the cache."""
        found: dict[bytes, bytes] = {}
        if self._db is None:
            return found
        try:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(
                    self._db.execute(f"SELECT key, data FROM extractions WHERE key IN ({marks})", chunk)
                )
        except sqlite3.Error as exc:
            if _damaged(exc):
                self._start_afresh(exc)
            else:
                self._give_up("could not be read", exc)
            return {}
        return found

    def store(self, rows: Iterable[tuple[bytes, bytes]]) -> None:
        """Add ``(key, row)`` pairs in one transaction; committed when this returns."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            self._give_up("could not be written", exc)

    def discard(self, keys: Sequence[bytes]) -> None:
        """Forget rows that could not be decoded (they are extracted again)."""
        if self._db is not None and keys:
            with contextlib.suppress(sqlite3.Error), self._db:
                self._db.execute("BEGIN")
                self._db.executemany("DELETE FROM extractions WHERE key = ?", ((k,) for k in keys))

    def __len__(self) -> int:
        if self._db is None:
            return 0
        try:
            return int(self._db.execute("SELECT count(*) FROM extractions").fetchone()[0])
        except sqlite3.Error:
            return 0

    def close(self) -> None:
        self._close_quietly()

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
