"""Reading files and directories into one de-duplicated ReadResult."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from papergraph.errors import InputError
from papergraph.ingest import _source
from papergraph.ingest._source import (
    CappedLines,
    NotTextError,
    TooLargeError,
    bad_text,
    human_size,
    open_text,
    read_text,
    sniff,
)
from papergraph.ingest.atom import read_atom
from papergraph.ingest.bibtex import read_bibtex
from papergraph.ingest.csvfmt import read_csv
from papergraph.ingest.daily import read_daily_page
from papergraph.ingest.detect import (
    FORMATS,
    SUPPORTED_SUFFIXES,
    UnknownFormat,
    _suffixes,
    detect_text,
)
from papergraph.ingest.jsonfmt import read_json, read_jsonl
from papergraph.ingest.merge import group_by_identity, merge_group, notes_of
from papergraph.ingest.records import Item
from papergraph.types import Conflict, Paper, Problem, ReadResult

__all__ = ["expand_paths", "iter_records", "read_papers"]

_WHOLE_FILE_READERS = {"json": read_json, "arxiv-atom": read_atom, "bibtex": read_bibtex}
_LINE_READERS = {"jsonl": read_jsonl, "daily-page": read_daily_page, "csv": read_csv}
# Failures a reader may hit on hostile content that it did not report itself
# (an int() of thousands of digits, a parser's recursion limit, a broken .gz):
# the file's remaining records are reported as unread, the run goes on.
_READ_ERRORS = (OSError, EOFError, ValueError, RecursionError, zlib.error, NotTextError)


def _check_format(format: str | None) -> None:
    if format is not None and format not in FORMATS:
        raise InputError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")


def display_name(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be written as UTF-8 (undecodable name bytes become U+FFFD)."""
    name = os.fspath(path)
    if name.isascii():
        return name
    return os.fsencode(name).decode("utf-8", errors="replace")


def _overlong(lines: CappedLines, source: str, before: int | None = None) -> Iterator[Problem]:
    """Problems for the over-long lines met so far (those before line ``before``), in line order."""
    limit = _source.MAX_LINE_CHARS
    while lines.overlong and (before is None or lines.overlong[0] < before):
        n = lines.overlong.pop(0)
        yield Problem(
            source, n, f"line is longer than {limit:,} characters, the line limit; skipped unread"
        )


def _dispatch(path: Path, fmt: str, source: str) -> Iterator[Item]:
    if fmt in _LINE_READERS:
        with open_text(path, newline="" if fmt == "csv" else None) as fh:
            lines = CappedLines(fh, limit=_source.MAX_LINE_CHARS)
            for item in _LINE_READERS[fmt](lines, source=source):
                line = item.source_line if isinstance(item, Paper) else item.line
                yield from _overlong(lines, source, before=line)
                yield item
            yield from _overlong(lines, source)
    elif fmt in _WHOLE_FILE_READERS:
        try:
            text = read_text(path)
        except TooLargeError as exc:
            size = "decompresses to" if exc.compressed else "is"
            hint = "; convert it to JSON Lines, which is read line by line" if fmt == "json" else ""
            yield Problem(
                source,
                None,
                f"file {size} more than {human_size(exc.limit)}, the size limit for {fmt} "
                f"files (read whole into memory); not read. Split it into smaller files{hint}",
            )
            return
        yield from _WHOLE_FILE_READERS[fmt](text, source=source)
    else:  # pragma: no cover - _check_format guards this
        raise InputError(f"unknown format {fmt!r}")


def iter_records(path: str | os.PathLike[str], *, format: str | None = None) -> Iterator[Item]:
    """Every record of one file, as a Paper or a Problem, in file order.

    Never raises for bad content: an unreadable, empty, binary, oversized or
    unrecognised file yields a single Problem. ``format`` (one of
    :data:`FORMATS`) skips detection.
    """
    _check_format(format)
    p = Path(path)
    source = display_name(path)
    try:
        head = sniff(p)
        fmt = format or detect_text(head, suffix=(_suffixes(p) or [""])[-1])
        if format and not head.strip():
            raise UnknownFormat("file is empty")
    except (NotTextError, UnknownFormat) as exc:
        yield Problem(source, None, exc.args[0] if exc.args else str(exc))
        return
    except OSError as exc:
        yield Problem(source, None, f"cannot read: {exc.strerror or exc}")
        return
    count = 0
    last_line: int | None = None
    try:
        for item in _dispatch(p, fmt, source):
            count += 1
            if isinstance(item, Paper):
                last_line = item.source_line
                # The JSON readers check their records themselves (naming the array position).
                why = None if fmt in ("json", "jsonl") else bad_text(item)
                if why is not None:
                    item = Problem(source, item.source_line, why)
            else:
                last_line = item.line
            yield item
    except _READ_ERRORS as exc:
        # A truncated .gz, a broken UTF-16 file or a disk error part-way: keep what was
        # read, say where it stopped.
        plain = OSError | EOFError | UnicodeDecodeError | zlib.error | NotTextError
        detail = str(exc) if isinstance(exc, plain) else (
            f"the {fmt} reader failed ({type(exc).__name__}: {str(exc)[:200]})"
        )
        yield Problem(
            source, last_line, f"reading stopped after {count} record(s): {detail}; "
            "the rest of the file was not read"
        )
        return
    if count == 0:
        yield Problem(source, None, f"no paper records found (read as {fmt})")


def expand_paths(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Files to read: files as given, directories expanded to supported files, sorted."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                (
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                    and (_suffixes(f) or [""])[-1] in SUPPORTED_SUFFIXES
                ),
                key=lambda f: f.relative_to(p).as_posix(),
            )
            out.extend(found)
            if not found:
                out.append(p)  # reported as a Problem by read_papers
        elif p.exists():
            out.append(p)
        else:
            raise InputError(
                "no such file or directory; give paper files (.txt, .jsonl, .json, .xml, .bib, "
                ".csv, optionally .gz) or a directory of them",
                file=str(raw),
            )
    return out


def read_papers(paths: Sequence[Path], *, format: str | None = None) -> ReadResult:
    """Read, check and de-duplicate the papers in ``paths`` (files or directories).

    Raises InputError for an unknown ``format`` or a path that does not exist;
    everything wrong inside the files is reported in ``ReadResult.skipped``.
    """
    _check_format(format)
    files = expand_paths(paths)
    papers: list[Paper] = []
    skipped: list[Problem] = []
    read = 0
    for f in files:
        if f.is_dir():
            skipped.append(
                Problem(display_name(f), None, "directory holds no supported files "
                        f"({', '.join(SUPPORTED_SUFFIXES)}, optionally .gz)")
            )
            read += 1
            continue
        for item in iter_records(f, format=format):
            read += 1
            if isinstance(item, Paper):
                papers.append(item)
            else:
                skipped.append(item)
    merged: list[Paper] = []
    conflicts: list[Conflict] = []
    groups = group_by_identity(papers)
    for pid, idx in groups:
        paper, disagreements = merge_group([papers[i] for i in idx], id=pid)
        merged.append(paper)
        conflicts.extend(disagreements)
    return ReadResult(
        papers=tuple(merged),
        skipped=tuple(skipped),
        records_read=read,
        duplicates_merged=len(papers) - len(merged),
        files_read=tuple(display_name(f) for f in files if not f.is_dir()),
        notes=notes_of(papers, groups),
        conflicts=tuple(conflicts),
    )
