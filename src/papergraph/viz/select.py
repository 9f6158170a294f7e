"""Which part of a graph the viewer draws, and which it embeds for its panels.

A page must open quickly whatever the size of the build, so the drawing is
capped: the ``max_entities`` entities linked to the most papers, then the
``max_papers`` papers most linked to those entities. A larger set of papers
(``max_embedded``) is embedded without being drawn, so that the panel of an
entity can list its papers and add them to the drawing on demand. Every cap
bounds the size of the HTML, so a build of 75k papers still opens.

Every ordering here breaks ties by node id, so the same graph always yields
the same selection.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from papergraph.graph.model import kind_of

ENTITY_KINDS = ("Method", "Dataset", "Task", "Metric")

#: Entities drawn at most (ranked by the number of papers linked to them).
DEFAULT_MAX_ENTITIES = 1000
#: Papers drawn when the page opens (ranked by links to drawn entities): none,
#: the overview shows entities; an entity's papers are drawn when it is opened.
DEFAULT_MAX_PAPERS = 0
#: Papers embedded at most (drawn ones plus those shown on demand).
DEFAULT_MAX_EMBEDDED = 3000


@dataclass(frozen=True, slots=True)
class Selection:
    """The node ids the page draws and embeds, each tuple in a fixed order."""

    drawn_entities: tuple[str, ...]
    drawn_papers: tuple[str, ...]
    drawn_results: tuple[str, ...]
    embedded_papers: tuple[str, ...]
    embedded_results: tuple[str, ...]
    #: entity id -> number of distinct papers linked to it in the whole graph
    paper_counts: dict[str, int]
    total_papers: int
    total_entities: int
    #: drawn entity id -> the papers linked to it in the whole graph
    papers_of: dict[str, frozenset[str]]
    #: every entity id -> the papers linked to it (directly or through a result)
    linked: dict[str, set[str]]
    #: kind -> number of entities of that kind in the whole graph
    kind_totals: dict[str, int]


def node_kind(G: nx.MultiDiGraph, node: str) -> str:
    kind = G.nodes[node].get("kind")
    return kind if isinstance(kind, str) else kind_of(node)


def select(
    G: nx.MultiDiGraph,
    *,
    max_entities: int = DEFAULT_MAX_ENTITIES,
    max_papers: int = DEFAULT_MAX_PAPERS,
    max_embedded: int = DEFAULT_MAX_EMBEDDED,
) -> Selection:
    """Choose what to draw and what to embed under the three caps."""
    kinds = {n: node_kind(G, n) for n in G.nodes}
    papers = sorted(n for n, k in kinds.items() if k == "Paper")
    entities = [n for n, k in kinds.items() if k in ENTITY_KINDS]
    results_of: dict[str, list[str]] = defaultdict(list)
    # entity -> papers linked directly or through one of their Result nodes
    linked: dict[str, set[str]] = defaultdict(set)
    for u, v in G.edges():
        ku, kv = kinds[u], kinds[v]
        if kv not in ENTITY_KINDS:
            # A number that is no result (a setting, size, date) stays in the
            # graph and the RDF but is not drawn or listed on the page.
            if ku == "Paper" and kv == "Result" and G.nodes[v].get("claim") != "not-a-result":
                results_of[u].append(v)
            continue
        if ku == "Paper":
            linked[v].add(u)
        elif ku == "Result":
            owner = G.nodes[u].get("paper")
            if isinstance(owner, str) and owner in kinds:
                linked[v].add(owner)
    paper_counts = {e: len(linked.get(e, ())) for e in entities}
    def mentions(e: str) -> int:
        m = G.nodes[e].get("mentions")
        return m if isinstance(m, int) else 0

    # Ties (many entities are named by one paper) go to the most mentioned.
    entities.sort(key=lambda e: (-paper_counts[e], -mentions(e), e))
    drawn_entities = entities[: max(0, max_entities)]

    links_to_drawn: dict[str, int] = defaultdict(int)
    for e in drawn_entities:
        for p in linked.get(e, ()):
            links_to_drawn[p] += 1

    def paper_rank(p: str) -> tuple[int, int, str]:
        upvotes = G.nodes[p].get("upvotes")
        return (-links_to_drawn.get(p, 0), -(upvotes if isinstance(upvotes, int) else 0), p)

    ranked = sorted(papers, key=paper_rank)
    drawn_papers = ranked[: max(0, max_papers)]
    embedded = list(drawn_papers)
    taken = set(drawn_papers)
    budget = max(0, max_embedded) - len(embedded)
    if budget > 0:
        # Round-robin over entities in rank order, so every drawn entity can
        # show some of its papers before the best-linked ones take all the room.
        queues = [
            sorted((p for p in linked.get(e, ()) if p not in taken), key=paper_rank)
            for e in drawn_entities
        ]
        cursor = [0] * len(queues)
        active = [i for i, q in enumerate(queues) if q]
        while budget > 0 and active:
            still: list[int] = []
            for i in active:
                q = queues[i]
                while cursor[i] < len(q) and q[cursor[i]] in taken:
                    cursor[i] += 1
                if cursor[i] >= len(q):
                    continue
                if budget == 0:
                    break
                p = q[cursor[i]]
                cursor[i] += 1
                taken.add(p)
                embedded.append(p)
                budget -= 1
                still.append(i)
            active = still
    # Room left (a small build): every paper goes in, so the search finds all of them.
    for p in ranked:
        if budget <= 0:
            break
        if p not in taken:
            taken.add(p)
            embedded.append(p)
            budget -= 1

    def results(ps: list[str]) -> tuple[str, ...]:
        return tuple(r for p in ps for r in sorted(results_of.get(p, ())))

    return Selection(
        drawn_entities=tuple(drawn_entities),
        drawn_papers=tuple(drawn_papers),
        drawn_results=results(drawn_papers),
        embedded_papers=tuple(embedded),
        embedded_results=results(embedded),
        paper_counts=paper_counts,
        total_papers=len(papers),
        total_entities=len(entities),
        papers_of={e: frozenset(linked.get(e, ())) for e in drawn_entities},
        linked=dict(linked),
        kind_totals={k: sum(1 for e in entities if kinds[e] == k) for k in ENTITY_KINDS},
    )
