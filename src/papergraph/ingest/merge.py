"""Merging records of the same paper, independent of the order they were read in.

Candidates are ranked by a total order (richest first, then by content), so
the merged paper is the same whichever file or line came first. Only the
position of a paper in the output follows input order (first appearance).

Source ids (each record's own id) are all kept: the merged paper's
``source_id`` is that of the best-ranked record with one, and
``merged_source_ids`` the others, sorted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from papergraph.ingest.identity import normalise_title
from papergraph.types import Conflict, Note, Paper

__all__ = ["group_by_identity", "merge_group", "merge_papers", "notes_of"]


def _date_quality(date: str | None) -> tuple[int, int]:
    """Dates with a year beat month-day only; more precise beats less."""
    if not date:
        return (0, 0)
    return (0 if date.startswith("--") else 1, len(date))


def _best_date(dates: list[str | None]) -> str | None:
    top = max(map(_date_quality, dates))
    if top == (0, 0):
        return None
    return min(d for d in dates if d and _date_quality(d) == top)  # earliest of the best


def _rank(p: Paper) -> tuple[object, ...]:
    """Sort key: the best candidate sorts first; ties broken by every field."""
    return (
        -len(p.abstract),
        -len(p.title),
        -len(p.authors),
        -(1 if p.date and not p.date.startswith("--") else 0),
        -len(p.urls) - len(p.code_urls),
        p.abstract,
        p.title,
        p.source_file or "",
        p.source_line if p.source_line is not None else -1,
        repr(p),
    )


def merge_papers(papers: Sequence[Paper], *, id: str | None = None) -> Paper:
    """One paper from several records of it (``papers`` in any order)."""
    if len(papers) == 1 and (id is None or id == papers[0].id):
        return papers[0]
    return _merge(sorted(papers, key=_rank), id)


def merge_group(papers: Sequence[Paper], *, id: str) -> tuple[Paper, tuple[Conflict, ...]]:
    """:func:`merge_papers`, and where the records disagreed on title, authors or DOI.

    Conflicts come in a fixed order (field, then the other record's rank), so
    they do not depend on the order the records were read in.
    """
    if len(papers) == 1:
        return merge_papers(papers, id=id), ()
    ranked = sorted(papers, key=_rank)
    merged = _merge(ranked, id)
    conflicts: list[Conflict] = []
    kept_authors = max(ranked, key=lambda p: len(p.authors))  # the record _merge takes them from
    kept_doi = next((p for p in ranked if p.doi is not None), None)
    for name, kept, key in (
        ("title", ranked[0], lambda p: normalise_title(p.title)),
        ("authors", kept_authors, _surnames),
        ("doi", kept_doi, lambda p: p.doi),
    ):
        if kept is not None:
            conflicts.extend(_disagreeing(merged.id, name, kept, ranked, key))
    return merged, tuple(conflicts)


def _where(p: Paper) -> str:
    return f"{p.source_file}:{p.source_line}" if p.source_line is not None else str(p.source_file)


_NOT_NAMES = frozenset({"", "al", "etal", "others"})  # "et al.", BibTeX's "and others"


def _surname(name: str) -> str:
    """``"Ashish Vaswani"`` and ``"Vaswani, A."`` -> ``"vaswani"``."""
    words = (name.split(",")[0] if name.count(",") == 1 else name).split()
    folded = unicodedata.normalize("NFKD", words[-1].casefold()) if words else ""
    return "".join(ch for ch in folded if ch.isalnum())


def _surnames(p: Paper) -> frozenset[str] | None:
    """Author surnames, or None when the record lists no authors (nothing to disagree with)."""
    return frozenset(_surname(a) for a in p.authors) - _NOT_NAMES or None


def _disagreeing(
    pid: str, field: str, kept: Paper, ranked: list[Paper], key: Callable[[Paper], object]
) -> list[Conflict]:
    """One Conflict per distinct value of ``field`` that differs from ``kept``'s.

    Values are compared by ``key``: normalised titles, surname sets (a list
    that only lacks some of the kept names is a shorter copy, not a conflict),
    DOIs. A record without the field disagrees with nothing.
    """
    kept_key = key(kept)
    if kept_key is None:
        return []
    seen = {kept_key}
    out: list[Conflict] = []
    for p in ranked:
        k = key(p)
        if k is None or k in seen:
            continue
        seen.add(k)
        if field == "authors" and k <= kept_key:  # type: ignore[operator]
            continue
        out.append(
            Conflict(
                id=pid,
                field=field,
                kept=getattr(kept, field),
                other=getattr(p, field),
                kept_from=_where(kept),
                other_from=_where(p),
            )
        )
    return out


def _merge(ranked: list[Paper], id: str | None) -> Paper:
    best = ranked[0]

    def first(attr: str) -> object:
        return next((v for p in ranked if (v := getattr(p, attr)) is not None), None)

    def union(attr: str) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for p in ranked:
            for v in getattr(p, attr):
                seen.setdefault(v, None)
        return tuple(seen)

    sources = [p.source_id for p in ranked if p.source_id]
    source_id = sources[0] if sources else None
    merged_ids = sorted({s for p in ranked for s in (p.source_id, *p.merged_source_ids) if s} - {source_id})
    # The best record may have no title (an abstract-only export): take the best one that has.
    title = best.title or next((p.title for p in ranked if p.title), "")
    authors = max((p.authors for p in ranked), key=len)  # first of the longest, in rank order
    counts = [p.author_count for p in ranked if p.author_count is not None]
    upvotes = [p.upvotes for p in ranked if p.upvotes is not None]
    date = _best_date([p.date for p in ranked])
    return Paper(
        id=id or best.id,
        title=title,
        abstract=best.abstract,
        authors=authors,
        author_count=max(counts) if counts else None,
        date=date,
        upvotes=max(upvotes) if upvotes else None,
        urls=union("urls"),
        code_urls=union("code_urls"),
        arxiv_id=first("arxiv_id"),  # type: ignore[arg-type]
        doi=first("doi"),  # type: ignore[arg-type]
        source_file=best.source_file,
        source_line=best.source_line,
        source_format=best.source_format,
        source_id=source_id,
        merged_source_ids=tuple(merged_ids),
        notes=best.notes,  # about the text kept, which is the best record's
    )


def group_by_identity(papers: Sequence[Paper]) -> list[tuple[str, list[int]]]:
    """Indices of ``papers`` grouped by paper, groups in order of first appearance.

    Records with the same id form a group. A title-only group (``t:`` id) also
    joins the one arXiv/DOI group whose normalised title is the same; if two
    such groups share that title the match is ambiguous and nothing is joined.
    """
    by_id: dict[str, list[int]] = {}
    for i, p in enumerate(papers):
        by_id.setdefault(p.id, []).append(i)

    weak = [pid for pid in by_id if pid.startswith("t:")]
    if weak and len(weak) < len(by_id):
        strong_titles: dict[str, set[str]] = {}
        for pid, idx in by_id.items():
            if not pid.startswith(("t:", "a:")):  # an untitled paper has no title to match
                for i in idx:
                    if papers[i].title:
                        strong_titles.setdefault(normalise_title(papers[i].title), set()).add(pid)
        for pid in weak:
            idx = by_id[pid]
            targets = strong_titles.get(normalise_title(papers[idx[0]].title), set())
            if len(targets) == 1:
                by_id[next(iter(targets))].extend(idx)
                del by_id[pid]
    groups = [(pid, sorted(idx)) for pid, idx in by_id.items()]
    groups.sort(key=lambda g: g[1][0])
    return groups


def notes_of(papers: Sequence[Paper], groups: Sequence[tuple[str, list[int]]]) -> tuple[Note, ...]:
    """The notes of every record read, in reading order, each naming the paper it became."""
    paper_of = {i: pid for pid, idx in groups for i in idx}
    return tuple(
        Note(p.source_file or "", p.source_line, paper_of[i], reason)
        for i, p in enumerate(papers)
        for reason in p.notes
    )
