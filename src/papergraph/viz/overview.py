"""The entity overview: who is used with whom, grouped and placed in Python.

The page opens on entities, not papers. Two entities are close when papers
name them together; communities of such entities (Louvain on the
co-occurrence graph, weighted by shared papers) are laid out one by one and
packed on a spiral, biggest in the middle, so a community reads as one
island. Every step sorts its input and seeds its randomness, and positions
are rounded to whole pixels, so the same graph gives the same bytes.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import networkx as nx

#: Papers naming more entities than this add no co-occurrence pairs (surveys
#: listing fifty methods would tie everything to everything).
MAX_ENTITIES_PER_PAPER = 30
#: Co-occurrence edges drawn per entity: its strongest links only.
EDGES_PER_ENTITY = 3
#: Pixels between neighbouring entities inside a community.
SPACING = 70.0
SEED = 7


@dataclass(frozen=True, slots=True)
class Overview:
    #: entity id -> (x, y) in page pixels
    positions: dict[str, tuple[int, int]]
    #: entity id -> community number (0 is the biggest community)
    community: dict[str, int]
    #: drawn co-occurrence edges (u < v by id), with their number of shared papers
    edges: list[tuple[str, str, int]]
    #: per community: its number of entities and the label-worthy members, most papers first
    communities: list[list[str]]
    #: the community gathering the entities no paper names with another (-1: none)
    loners: int = -1


def cooccurrence(
    entities: Sequence[str], papers_of: Mapping[str, AbstractSet[str]]
) -> Counter[tuple[str, str]]:
    """(u, v) -> number of papers naming both, for u < v among ``entities``."""
    wanted = set(entities)
    by_paper: dict[str, list[str]] = defaultdict(list)
    for e in sorted(wanted):
        for p in papers_of.get(e, ()):
            by_paper[p].append(e)
    pairs: Counter[tuple[str, str]] = Counter()
    for p in sorted(by_paper):
        es = by_paper[p]
        if len(es) > MAX_ENTITIES_PER_PAPER:
            continue
        for i, u in enumerate(es):
            for v in es[i + 1 :]:
                pairs[(u, v)] += 1
    return pairs


def _strongest(pairs: Counter[tuple[str, str]]) -> list[tuple[str, str, int]]:
    best: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for (u, v), w in pairs.items():
        best[u].append((-w, v, u))
        best[v].append((-w, u, v))
    keep: set[tuple[str, str]] = set()
    for e in best:
        for _, other, me in sorted(best[e])[:EDGES_PER_ENTITY]:
            keep.add((min(me, other), max(me, other)))
    return [(u, v, pairs[(u, v)]) for u, v in sorted(keep)]


def _community_layout(members: list[str], H: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions inside one community, centred on (0, 0), in units of SPACING."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    sub = nx.Graph()
    sub.add_nodes_from(members)  # members come sorted by importance
    sub.add_weighted_edges_from(
        sorted((u, v, math.log1p(d["weight"])) for u, v, d in H.subgraph(members).edges(data=True))
    )
    # spring_layout's k is the ideal distance in its [-1, 1] box; scale so that
    # neighbours end about one unit apart whatever the community's size.
    k = 1.0 / math.sqrt(len(members))
    pos = nx.spring_layout(sub, k=k, seed=SEED, iterations=60, weight="weight")
    radius = math.sqrt(len(members)) * 0.9
    # The entities with most papers are the hubs a spring layout packs in the middle, and
    # they are the ones drawn first: spread the middle out (distance d from the centre
    # becomes sqrt(d), the island's edge stays where it was).
    far = max((math.hypot(float(x), float(y)) for x, y in pos.values()), default=0.0) or 1.0
    out: dict[str, tuple[float, float]] = {}
    for n, (x, y) in pos.items():
        d = math.hypot(float(x), float(y))
        stretch = math.sqrt(d / far) / (d / far) if d > 0 else 1.0
        out[n] = (float(x) / far * stretch * radius, float(y) / far * stretch * radius)
    return out


def _spiral_pack(radii: list[float]) -> list[tuple[float, float]]:
    """Centres for circles of ``radii`` (biggest first) on a spiral, none overlapping."""
    centres: list[tuple[float, float]] = []
    for r in radii:
        t = 0.0
        while True:
            x, y = 0.35 * t * math.cos(t), 0.35 * t * math.sin(t)
            if all(
                math.hypot(x - cx, y - cy) >= r + cr + 0.6
                for (cx, cy), cr in zip(centres, radii, strict=False)
            ):
                break
            t += 0.15
        centres.append((x, y))
    return centres


def overview(
    entities: Sequence[str], papers_of: Mapping[str, AbstractSet[str]], paper_count: Mapping[str, int]
) -> Overview:
    """Communities, positions and drawn edges for ``entities`` (ordered by importance)."""
    order = {e: i for i, e in enumerate(entities)}
    pairs = cooccurrence(entities, papers_of)
    H = nx.Graph()
    H.add_nodes_from(sorted(entities))
    H.add_weighted_edges_from(sorted((u, v, w) for (u, v), w in pairs.items()))
    groups: list[list[str]] = []
    if H.number_of_edges():
        found = nx.community.louvain_communities(H, weight="weight", seed=SEED)
        for c in found:
            groups.append(sorted(c, key=order.__getitem__))
    else:
        groups = [[e] for e in entities]
    # Isolated entities would each make a community of one: gather them.
    singles = sorted((g[0] for g in groups if len(g) == 1), key=order.__getitem__)
    groups = [g for g in groups if len(g) > 1]
    groups.sort(key=lambda g: (-sum(paper_count.get(e, 0) for e in g), order[g[0]]))
    layouts = [_community_layout(g, H) for g in groups]
    if singles:
        # a sunflower of the loners, most papers first at its centre
        layouts.append(
            {
                e: (
                    0.8 * math.sqrt(i + 0.5) * math.cos(i * 2.39996),
                    0.8 * math.sqrt(i + 0.5) * math.sin(i * 2.39996),
                )
                for i, e in enumerate(singles)
            }
        )
        groups.append(singles)
    radii = [
        max((math.hypot(x, y) for x, y in lay.values()), default=0.0) + 0.8 for lay in layouts
    ]
    centres = _spiral_pack(radii)
    positions: dict[str, tuple[int, int]] = {}
    community: dict[str, int] = {}
    for c, (lay, (cx, cy)) in enumerate(zip(layouts, centres, strict=True)):
        for e, (x, y) in lay.items():
            positions[e] = (round((cx + x) * SPACING), round((cy + y) * SPACING))
            community[e] = c
    return Overview(
        positions=positions, community=community, edges=_strongest(pairs), communities=groups,
        loners=len(groups) - 1 if singles else -1,
    )


def month_histogram(papers: set[str], month_of: Mapping[str, int | None]) -> list[int]:
    """Flat ``[month index, papers, ...]`` over the dated ``papers``, months ascending."""
    counts = Counter(m for p in papers if (m := month_of.get(p)) is not None)
    return [x for m in sorted(counts) for x in (m, counts[m])]


def month_key(date: object) -> str | None:
    """"2024-03" from "2024-03-05" or "2024-03"; "2024-01" from a bare year; else None."""
    if not isinstance(date, str):
        return None
    s = date.strip()
    if len(s) >= 7 and s[:4].isdigit() and s[4] == "-" and s[5:7].isdigit() and 1 <= int(s[5:7]) <= 12:
        return s[:7]
    if len(s) == 4 and s.isdigit():
        return s + "-01"
    return None


#: Members named in a community's title.
TITLE_MEMBERS = 3


def community_records(
    ov: Overview,
    papers_of: Mapping[str, AbstractSet[str]],
    *,
    label: Callable[[str], str],
    kind: Callable[[str], str],
) -> list[dict[str, object]]:
    """One record per community, as the page draws and lists it.

    ``n`` its title (its members with most papers, metrics last since a metric
    is shared by every field), ``m`` its members, ``np`` the papers naming any
    of them, ``x``/``y`` the centre of its island and ``r`` its radius in
    page pixels. Community ``i`` is the ``cm`` of its members.
    """
    out: list[dict[str, object]] = []
    for c, members in enumerate(ov.communities):
        named = sorted(members, key=lambda e: kind(e) == "Metric")[:TITLE_MEMBERS]
        xs = [ov.positions[e][0] for e in members]
        ys = [ov.positions[e][1] for e in members]
        cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
        r = max(math.hypot(x - cx, y - cy) for x, y in zip(xs, ys, strict=True)) + SPACING / 2
        papers: set[str] = set()
        for e in members:
            papers |= papers_of.get(e, set())
        title = " \u00b7 ".join(label(e) for e in named)
        out.append({
            "n": f"Named alone: {title}" if c == ov.loners else title,
            "m": len(members),
            "np": len(papers),
            "x": round(cx),
            "y": round(cy),
            "r": round(r),
        })
    return out
