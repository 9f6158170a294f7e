"""Reading files and directories into one de-duplicated ReadResult."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from papergraph.errors import InputError
from papergraph.ingest._source import NotTextError, open_text, read_text, sniff
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
from papergraph.ingest.merge import group_by_identity, merge_papers, notes_of
from papergraph.ingest.records import Item
from papergraph.types import Paper, Problem, ReadResult

__all__ = ["expand_paths", "iter_records", "read_papers"]


def _check_format(format: str | None) -> None:
    if format is not None and format not in FORMATS:
        raise InputError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")


def _dispatch(path: Path, fmt: str, source: str) -> Iterator[Item]:
    if fmt == "jsonl":
        with open_text(path) as fh:
            yield from read_jsonl(fh, source=source)
    elif fmt == "daily-page":
        with open_text(path) as fh:
            yield from read_daily_page(fh, source=source)
    elif fmt == "csv":
        with open_text(path, newline="") as fh:
            yield from read_csv(fh, source=source)
    elif fmt == "json":
        yield from read_json(read_text(path), source=source)
    elif fmt == "arxiv-atom":
        yield from read_atom(read_text(path), source=source)
    elif fmt == "bibtex":
        yield from read_bibtex(read_text(path), source=source)
    else:  # pragma: no cover - _check_format guards this
        raise InputError(f"unknown format {fmt!r}")


def iter_records(path: str | os.PathLike[str], *, format: str | None = None) -> Iterator[Item]:
    """Every record of one file, as a Paper or a Problem, in file order.

    Never raises for bad content: an unreadable, empty, binary or unrecognised
    file yields a single Problem. ``format`` (one of :data:`FORMATS`) skips detection.
    """
    _check_format(format)
    p = Path(path)
    source = str(path)
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
            last_line = item.source_line if isinstance(item, Paper) else item.line
            yield item
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        # A truncated .gz, a broken UTF-16 file or a disk error part-way: keep what was
        # read, say where it stopped.
        yield Problem(source, last_line, f"reading stopped after {count} record(s): {exc}")
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
                Problem(str(f), None, "directory holds no supported files "
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
    groups = group_by_identity(papers)
    for pid, idx in groups:
        merged.append(merge_papers([papers[i] for i in idx], id=pid))
    return ReadResult(
        papers=tuple(merged),
        skipped=tuple(skipped),
        records_read=read,
        duplicates_merged=len(papers) - len(merged),
        files_read=tuple(str(f) for f in files if not f.is_dir()),
        notes=notes_of(papers, groups),
    )
