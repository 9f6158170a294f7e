"""The records the page embeds for its panels: papers, entities, results.

Everything here is plain data; the page turns it into DOM nodes with
``textContent`` only. Highlighted abstracts are sent as segments (plain text
or ``[text, target id]``) cut in Python, because mention offsets count code
points while JavaScript strings count UTF-16 units: cutting here keeps the
highlights right on text with characters outside the BMP.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from papergraph.graph.leaderboard import gains_rows, leaderboard_tables
from papergraph.graph.model import SUBSET_OF, VARIANT_OF
from papergraph.viz.select import ENTITY_KINDS, Selection, node_kind

Segment = str | list[str]

#: Aliases shown (and searchable) per entity, most frequent first.
MAX_ALIASES = 8
#: Entity-to-entity relations listed per entity.
MAX_ENTITY_LINKS = 40
#: Author names embedded per paper (for search).
MAX_AUTHORS = 12
#: A surface form shorter than this is not searched for again in the text.
MIN_REPEAT_LEN = 3


def text(value: Any) -> str | None:
    """A display string, or None for missing values."""
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    s = str(value)
    return s if s else None


def safe_urls(values: Any) -> list[str]:
    """Only absolute http(s) URLs; a ``javascript:`` link must never reach an href."""
    out: list[str] = []
    if not isinstance(values, list | tuple):
        return out
    for v in values:
        if not isinstance(v, str):
            continue
        u = v.strip()
        parts = urlsplit(u)
        if parts.scheme in ("http", "https") and parts.netloc and u not in out:
            out.append(u)
    return out


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def segments(source: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """Cut ``source`` into plain and highlighted pieces; overlapping spans lose.

    Earlier spans win, and at the same start the longer one: that keeps
    "ResNet-50" whole rather than highlighting only "ResNet".
    """
    valid = sorted(
        {(s, e, t) for s, e, t in spans if 0 <= s < e <= len(source)},
        key=lambda x: (x[0], -(x[1] - x[0]), x[2]),
    )
    out: list[Segment] = []
    cursor = 0
    for start, end, target in valid:
        if start < cursor:
            continue
        if start > cursor:
            out.append(source[cursor:start])
        out.append([source[start:end], target])
        cursor = end
    if cursor < len(source):
        out.append(source[cursor:])
    return out


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _repeats(source: str, surface: str, skip: int) -> Iterable[tuple[int, int]]:
    """Whole-word occurrences of ``surface`` in ``source``, except the one at ``skip``.

    Edges keep only the first occurrence of a mention (and a count), so the
    later ones are found again here to highlight every place it is named.
    (A plain ``find`` loop: a regex per surface form would be compiled
    thousands of times on a large build.)
    """
    if len(surface.strip()) < MIN_REPEAT_LEN:
        return
    at = source.find(surface)
    while at >= 0:
        end = at + len(surface)
        whole = (at == 0 or not _is_word(source[at - 1])) and (
            end == len(source) or not _is_word(source[end])
        )
        if whole and at != skip:
            yield at, end
        at = source.find(surface, at + 1)


def paper_record(
    G: nx.MultiDiGraph, p: str, *, drawn: bool, results: list[str]
) -> dict[str, Any]:
    a = G.nodes[p]
    title = text(a.get("title")) or ""  # "" for a paper read without a title
    abstract = text(a.get("abstract")) or ""
    spans: dict[str, list[tuple[int, int, str]]] = {"title": [], "abstract": []}
    links: set[tuple[str, str]] = set()

    def add_span(data: dict[str, Any], target: str, *, repeat: bool) -> None:
        field = data.get("field")
        start, end = _int(data.get("start")), _int(data.get("end"))
        if field not in spans or start is None or end is None:
            return
        source = title if field == "title" else abstract
        if not 0 <= start < end <= len(source):
            return
        spans[field].append((start, end, target))
        if repeat:
            surface = source[start:end]
            for other, text_ in (("title", title), ("abstract", abstract)):
                at = start if other == field else -1
                spans[other].extend((s, e, target) for s, e in _repeats(text_, surface, at))

    for _, v, rel, data in G.out_edges(p, keys=True, data=True):
        if node_kind(G, v) in ENTITY_KINDS:
            links.add((v, str(rel)))
            add_span(data, v, repeat=True)
    for r in results:
        ra = G.nodes[r]
        add_span(ra, r, repeat=False)
        for _, v, data in G.out_edges(r, data=True):
            if node_kind(G, v) in ENTITY_KINDS and data.get("paper") in (p, None):
                add_span(data, v, repeat=False)
    # An untitled paper is named by its label (its abstract's opening words).
    name = title or text(a.get("label")) or p
    rec: dict[str, Any] = {
        "t": name,
        "ts": segments(title, spans["title"]) if title else [name],
        "ab": segments(abstract, spans["abstract"]),
        "d": text(a.get("date")),
        "na": _int(a.get("n_authors")),
        "up": _int(a.get("upvotes")),
        "ax": text(a.get("arxiv_id")),
        "doi": text(a.get("doi")),
        "sid": text(a.get("source_id")),
        "code": safe_urls(a.get("code_urls")),
        "urls": safe_urls(a.get("urls")),
        "links": sorted([v, rel] for v, rel in links),
        "res": results,
    }
    authors = a.get("authors")
    if isinstance(authors, list | tuple):
        # names for the search (a paper is found by its authors too), capped for size
        rec["au"] = [str(x) for x in authors[:MAX_AUTHORS] if text(x)]
        if rec["na"] is None:
            rec["na"] = len(authors)
    if a.get("conflict"):
        rec["cf"] = 1  # ranked, and another ranked claim gives the same method, dataset and metric another value
    if drawn:
        rec["dr"] = 1
    return rec


def result_record(G: nx.MultiDiGraph, r: str, *, drawn: bool) -> dict[str, Any]:
    a = G.nodes[r]
    value = a.get("value")
    x = float(value) if isinstance(value, int | float) and math.isfinite(value) else None
    ents: dict[str, str] = {}
    for _, v, rel in sorted(G.out_edges(r, keys=True)):
        if node_kind(G, v) in ENTITY_KINDS:
            ents.setdefault(str(rel), v)
    rec: dict[str, Any] = {
        "p": text(a.get("paper")),
        "v": text(a.get("value_text")) or (text(value) or ""),
        "x": x,
        "u": text(a.get("unit")),
        "rel": text(a.get("relation")),
        "m": text(a.get("metric")),
        "ds": text(a.get("dataset")),
        "me": text(a.get("method")),
        "ta": text(a.get("task")),
        "bl": text(a.get("baseline")),
        "c": a.get("confidence") if isinstance(a.get("confidence"), int | float) else None,
        "s": text(a.get("sentence")),
        "e": ents,
    }
    if a.get("conflict"):
        rec["cf"] = 1  # ranked, and another ranked claim gives the same method, dataset and metric another value
    if drawn:
        rec["dr"] = 1
    return rec


def _aliases(a: dict[str, Any], label: str) -> list[str]:
    raw = a.get("aliases")
    if isinstance(raw, dict):
        items = [(str(k), v if isinstance(v, int) else 0) for k, v in raw.items()]
    elif isinstance(raw, list | tuple):
        items = [(str(k), 0) for k in raw]
    else:
        items = []
    items.sort(key=lambda kv: (-kv[1], kv[0]))
    out: list[str] = []
    for name, _ in items:
        if name and name.casefold() != label.casefold() and name not in out:
            out.append(name)
        if len(out) == MAX_ALIASES:
            break
    return out


def entity_record(
    G: nx.MultiDiGraph, e: str, *, drawn: bool, paper_count: int, known: set[str]
) -> dict[str, Any]:
    a = G.nodes[e]
    label = text(a.get("label")) or e
    rec: dict[str, Any] = {
        "k": node_kind(G, e),
        "l": label,
        "al": _aliases(a, label),
        "np": paper_count,
    }
    if a.get("direction") in ("higher", "lower"):
        rec["dir"] = a["direction"]
    related: list[list[str]] = []
    if not drawn:
        # Only the placed entities list their relations: an entity named by an embedded
        # paper alone is opened far less often, and a corpus page holds ten thousand of them.
        known = set()
    for _, v, rel in G.out_edges(e, keys=True):
        if v in known and v != e:
            related.append([str(rel), v, "out"])
    for u, _, rel in G.in_edges(e, keys=True):
        if u in known and u != e and node_kind(G, u) in ENTITY_KINDS:
            related.append([str(rel), u, "in"])
    if related:
        rec["rl"] = sorted(related)[:MAX_ENTITY_LINKS]
    if a.get("conflict"):
        rec["cf"] = 1  # ranked, and another ranked claim gives the same method, dataset and metric another value
    if drawn:
        rec["dr"] = 1
    return rec


def dataset_variants(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """dataset -> its direct variants and subsets (ImageNet -> ImageNet-1K, ImageNet-val)."""
    children: dict[str, list[str]] = {}
    for u, v, rel in G.edges(keys=True):
        if rel in (VARIANT_OF, SUBSET_OF):
            children.setdefault(v, []).append(u)
    return children


def _descendants(node: str, children: dict[str, list[str]]) -> list[str]:
    out, seen, stack = [], {node}, [node]
    while stack:
        n = stack.pop()
        out.append(n)
        for c in sorted(children.get(n, ()), reverse=True):
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return out


def leaderboard_record(
    G: nx.MultiDiGraph, dataset: str, *, embedded: set[str], children: dict[str, list[str]]
) -> dict[str, Any] | None:
    """A dataset's leaderboards as the page draws them, or None without claims.

    Ranked over the whole graph by :mod:`papergraph.graph.leaderboard`, so the
    page, the API and the CLI agree; only the claims on embedded papers are
    listed (``miss`` counts the others). ``t``: one entry per metric table
    (``m`` name, ``u`` unit, ``dir``, ``r`` ranked result ids, ``o`` the
    table's other claims as ``[result id, reason]``); ``nm``: claims naming no
    metric, ``[result id, reason, code]``; ``g``: the claimed gains (changes
    against a baseline, never ranked), result ids in paper order.
    """
    targets = _descendants(dataset, children)
    tables = leaderboard_tables(G, targets)
    gains = gains_rows(G, targets)
    if not tables and not gains:
        return None
    out: list[dict[str, Any]] = []
    no_metric: list[list[str]] = []
    missing = 0
    for t in tables:
        rows = [r.result for r in t.rows if r.result in embedded]
        others = [[u.row.result, u.reason] for u in t.unranked if u.row.result in embedded]
        missing += len(t.rows) + len(t.unranked) - len(rows) - len(others)
        if t.metric is None:
            no_metric = [
                [u.row.result, u.reason, u.code] for u in t.unranked if u.row.result in embedded
            ]
        elif rows or others:
            out.append({"m": t.metric, "u": t.unit, "dir": t.direction, "r": rows, "o": others})
    shown_gains = [r.result for r in gains if r.result in embedded]
    missing += len(gains) - len(shown_gains)
    return {"t": out, "nm": no_metric, "g": shown_gains, "miss": missing}


def build_records(G: nx.MultiDiGraph, sel: Selection) -> dict[str, dict[str, Any]]:
    """The ``papers``, ``entities`` and ``results`` maps of the page data."""
    drawn_papers = set(sel.drawn_papers)
    drawn_results = set(sel.drawn_results)
    results_by_paper: dict[str, list[str]] = {}
    for r in sel.embedded_results:
        owner = G.nodes[r].get("paper")
        if isinstance(owner, str):
            results_by_paper.setdefault(owner, []).append(r)
    papers = {
        p: paper_record(G, p, drawn=p in drawn_papers, results=results_by_paper.get(p, []))
        for p in sel.embedded_papers
    }
    results = {r: result_record(G, r, drawn=r in drawn_results) for r in sel.embedded_results}
    wanted: set[str] = set(sel.drawn_entities)
    for rec in papers.values():
        wanted.update(v for v, _ in rec["links"])
    for rec in results.values():
        wanted.update(rec["e"].values())
    drawn_entities = set(sel.drawn_entities)
    embedded = set(sel.embedded_results)
    children = dataset_variants(G)
    entities = {
        e: entity_record(
            G,
            e,
            drawn=e in drawn_entities,
            paper_count=sel.paper_counts.get(e, 0),
            known=wanted,
        )
        for e in sorted(wanted)
    }
    for e, rec in entities.items():
        if rec["k"] == "Dataset":
            board = leaderboard_record(G, e, embedded=embedded, children=children)
            if board is not None:
                rec["lb"] = board
    return {"papers": papers, "entities": entities, "results": results}
