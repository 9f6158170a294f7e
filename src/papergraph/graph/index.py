"""Lookup tables over a built graph: names -> entities, papers <-> entities.

Built once per PaperGraph, in one pass over nodes and edges, so every query
afterwards is a dictionary lookup or a walk over a few neighbours.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from papergraph.errors import EntityNotFoundError
from papergraph.graph import model as M
from papergraph.graph.suggest import MIN_SIMILARITY, Candidate, Match, rank_matches
from papergraph.link.normalize import literal_key, strip_generic, surface_key

ENTITY_KINDS = ("Method", "Dataset", "Task", "Metric")


def source_id_keys(source_id: object) -> tuple[str, ...]:
    """The keys a source id is found under: itself, and the last part of a URL id
    (``https://openalex.org/W2741809807`` -> ``W2741809807``)."""
    if not isinstance(source_id, str) or not source_id.strip():
        return ()
    sid = source_id.strip()
    if sid.startswith(("http://", "https://")):
        tail = sid.rstrip("/").rsplit("/", 1)[-1]
        if tail and tail != sid:
            return (sid, tail)
    return (sid,)
PAPER_RELATIONS = frozenset({M.PROPOSES, M.USES, M.ADDRESSES, M.MENTIONS})


def name_keys(d: Mapping[str, Any]) -> list[str] | None:
    """The lookup keys of an entity node (its attributes ``d``), sorted; None for other nodes."""
    if d.get("kind") not in ENTITY_KINDS:
        return None
    return sorted({surface_key(d["label"]), *(surface_key(a) for a in d.get("aliases", {}))})


class GraphIndex:
    def __init__(self, G: nx.MultiDiGraph, keys: Mapping[str, Sequence[str]] | None = None) -> None:
        """``keys``: :func:`name_keys` of the entity nodes when known (a saved graph holds them)."""
        self.G = G
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        self.by_key: dict[str, list[str]] = defaultdict(list)
        self.paper_by_title: dict[str, list[str]] = defaultdict(list)
        self.paper_by_source_id: dict[str, list[str]] = defaultdict(list)
        # paper -> entity -> strongest relation; entity -> papers (insertion = paper order)
        self.paper_entities: dict[str, dict[str, str]] = defaultdict(dict)
        self.entity_papers: dict[str, dict[str, str]] = defaultdict(dict)
        self.children: dict[str, list[str]] = defaultdict(list)  # base -> variants/subsets
        for node, d in G.nodes(data=True):
            kind = d.get("kind")
            self.by_kind[str(kind)].append(node)
            if kind == "Paper":
                title = " ".join(str(d.get("title") or "").lower().split())
                if title:
                    self.paper_by_title[title].append(node)
                for sid in (d.get("source_id"), *(d.get("merged_source_ids") or ())):
                    for key in source_id_keys(sid):
                        if node not in self.paper_by_source_id[key]:
                            self.paper_by_source_id[key].append(node)
            elif kind in ENTITY_KINDS:
                known = keys.get(node) if keys is not None else None
                for k in known if known is not None else name_keys(d) or ():
                    self.by_key[k].append(node)
        for u, v, rel in G.edges(keys=True):
            # A method also "addresses" a task: only papers' edges pair papers with entities.
            if rel in PAPER_RELATIONS and G.nodes[u].get("kind") == "Paper":
                self.paper_entities[u].setdefault(v, rel)
                self.entity_papers[v].setdefault(u, rel)
            elif rel in (M.VARIANT_OF, M.SUBSET_OF):
                self.children[v].append(u)
        rank = {n: (-G.nodes[n].get("mentions", 0), n) for ns in self.by_key.values() for n in ns}
        for ns in self.by_key.values():
            ns.sort(key=rank.__getitem__)

    # -- names ----------------------------------------------------------------

    def lookup(self, name: str, kinds: tuple[str, ...] = ENTITY_KINDS) -> str:
        """The entity node for ``name`` (an id, a name or any alias), among ``kinds``."""
        G = self.G
        if name in G and G.nodes[name].get("kind") in kinds:
            return name
        key = surface_key(name)
        hits = [n for n in self.by_key.get(key, ()) if G.nodes[n]["kind"] in kinds]
        if not hits:
            # "bignas" typed for BigNAS: a name's key keeps its final s
            hits = [n for n in self.by_key.get(literal_key(name), ()) if G.nodes[n]["kind"] in kinds]
        if not hits:
            for kind in kinds:
                stripped = strip_generic(name, kind)
                if stripped is not None:
                    hits = [n for n in self.by_key.get(stripped[1], ()) if G.nodes[n]["kind"] == kind]
                    if hits:
                        break
        if hits:
            return hits[0]
        raise self._not_found(name, kinds)

    def suggest(self, name: str, kinds: tuple[str, ...] = ENTITY_KINDS, *, n: int = 5) -> list[Match]:
        """The entities of ``kinds`` most likely meant by ``name``, best first: by name
        similarity, then by papers (:func:`papergraph.graph.suggest.rank_matches`)."""
        key = surface_key(name)
        if not key:
            return []
        G = self.G
        # Only keys sharing a prefix or an ending with the query, or containing it,
        # are compared: a full scan of every alias would take seconds on a large graph.
        # A key much shorter or longer than the query cannot reach the cutoff at all.
        lo, hi = len(key) * MIN_SIMILARITY / (2 - MIN_SIMILARITY), len(key) * (2 - MIN_SIMILARITY) / MIN_SIMILARITY
        # The ending catches a typo in the first two letters; four letters, because
        # three ("net", "ion") end a good part of all names.
        head, tail = key[:2], key[-4:] if len(key) >= 5 else None
        pool = (
            Candidate(k, node, int(G.nodes[node].get("papers") or 0))
            for k, nodes in self.by_key.items()
            if lo <= len(k) <= hi
            and (k[:2] == head or (tail is not None and k.endswith(tail)) or (len(key) >= 3 and key in k))
            for node in nodes
            if G.nodes[node]["kind"] in kinds
        )
        return rank_matches(key, pool, n=n)

    def _not_found(self, name: str, kinds: tuple[str, ...]) -> EntityNotFoundError:
        what = " or ".join(kinds) if len(kinds) < len(ENTITY_KINDS) else "entity"
        matches = self.suggest(name, kinds)
        names = [self.G.nodes[m.node]["label"] for m in matches]
        if len(kinds) > 1:
            shown = [f"{lab!r} ({self.G.nodes[m.node]['kind']})" for lab, m in zip(names, matches, strict=True)]
        else:
            shown = [repr(lab) for lab in names]
        hint = f" Did you mean: {', '.join(shown)}?" if shown else ""
        reason = f"no {what} named {name!r} in this graph.{hint}"
        return EntityNotFoundError(
            f"{reason} List the names with kg.methods(), kg.datasets(), kg.tasks() or kg.metrics().",
            reason=reason, kinds=kinds, suggestions=tuple(dict.fromkeys(names)),
        )

    def paper(self, ref: str) -> str:
        """A paper node from its node id, paper id, source id or exact title (case-insensitive).

        A source id is the input record's own id, as written or, for a URL such as
        ``https://openalex.org/W2741809807``, its last part (``W2741809807``).
        """
        G = self.G
        for cand in (ref, M.paper_node(ref)):
            if cand in G and G.nodes[cand].get("kind") == "Paper":
                return cand
        by_source = self.paper_by_source_id.get(ref.strip(), [])
        if len(by_source) == 1:
            return by_source[0]
        if by_source:
            ids = ", ".join(repr(n.split(":", 1)[1]) for n in by_source)
            raise EntityNotFoundError(
                f"source id {ref!r} is the id of {len(by_source)} papers read from different "
                f"records ({ids}); pass one of those paper ids."
            )
        hits = self.paper_by_title.get(" ".join(ref.lower().split()), [])
        if hits:
            return hits[0]
        reason = (
            f"no paper {ref!r} in this graph: pass a paper id (e.g. 'arxiv:1706.03762'), "
            "its node id ('paper:...'), the id its input record gave (a source id) or its "
            "exact title"
        )
        raise EntityNotFoundError(f"{reason}; kg.papers() lists them.", reason=reason + ".")

    def descendants(self, node: str) -> list[str]:
        """``node`` and everything that is a variant or subset of it, transitively."""
        out, seen, stack = [], {node}, [node]
        while stack:
            n = stack.pop()
            out.append(n)
            for c in sorted(self.children.get(n, ()), reverse=True):
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        return out
