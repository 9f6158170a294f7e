"""Entity ids, and the variantOf / subsetOf structure between linked entities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from papergraph.graph.model import node_id
from papergraph.link.normalize import strip_generic, surface_key
from papergraph.link.variants import parse_subset, variant_bases
from papergraph.types import Label

_REKIND_MARGIN = 3  # the base must be this many times better attested


@dataclass(slots=True)
class Cluster:
    """A merged set of occurrences, before it gets an id."""

    kind: Label
    name: str
    surfaces: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    papers: int = 0
    gazetteer: bool = False
    pinned: bool = False  # a result field needs this kind; never re-kind it


@dataclass(frozen=True, slots=True)
class Structured:
    entities: tuple  # tuple[LinkedEntity, ...], sorted by id
    ids: dict[int, str]  # cluster -> entity id


def _aliases(c: Cluster) -> list[tuple[str, int]]:
    return sorted(c.surfaces.items(), key=lambda kv: (-kv[1], kv[0]))


def structure(clusters: Mapping[int, Cluster]) -> Structured:
    """Give every cluster an id and link variants and subsets to their bases."""
    from papergraph.link.linker import LinkedEntity  # cycle: linker imports us

    clusters = dict(clusters)
    # (kind, key) -> cluster, the better-attested cluster winning a shared key.
    order = sorted(clusters, key=lambda r: (-clusters[r].mentions, -clusters[r].papers, r))
    lookup: dict[tuple[str, str], int] = {}
    for r in order:
        c = clusters[r]
        for s in [c.name, *c.surfaces]:
            lookup.setdefault((c.kind, surface_key(s)), r)

    def find(kind: str, surface: str, key: str) -> int | None:
        hit = lookup.get((kind, key))
        if hit is None:
            stripped = strip_generic(surface, kind)
            if stripped is not None:
                hit = lookup.get((kind, stripped[1]))
        return hit

    subset_of: dict[int, int] = {}
    split_of: dict[int, str] = {}
    variant_of: dict[int, int] = {}
    next_id = max(clusters, default=-1) + 1
    for r in order:
        c = clusters[r]
        if c.kind not in ("Dataset", "Method"):
            continue
        names = [c.name] + [s for s, _ in _aliases(c) if s != c.name]
        if c.kind == "Dataset":
            sub = next((p for p in map(parse_subset, names) if p is not None), None)
            if sub is not None:
                base = find("Dataset", sub.base, sub.base_key)
                if base is None or base == r:
                    # The split names its dataset even when no paper names it alone.
                    stripped = strip_generic(sub.base, "Dataset")
                    base_name = stripped[0] if stripped else sub.base
                    base = next_id
                    next_id += 1
                    clusters[base] = Cluster(kind="Dataset", name=base_name)
                    lookup[("Dataset", surface_key(base_name))] = base
                subset_of[r] = base
                split_of[r] = sub.split
                continue
        best = _nearest_base(names, c.kind, r, find)
        if best is None and not c.pinned:
            # "ImageNet-21K" tagged Method once, while ImageNet is a well-attested
            # Dataset: the name's base says which kind it is.
            other = "Dataset" if c.kind == "Method" else "Method"
            hit = _nearest_base(names, other, r, find)
            if hit is not None and clusters[hit].mentions >= _REKIND_MARGIN * max(1, c.mentions):
                c.kind = other  # type: ignore[assignment]
                best = hit
        if best is not None:
            variant_of[r] = best
    # A base found under one kind may have changed kind since ("NAS-bench" moved to Method after
    # "NASBench-201" took it as its Dataset base): a variant is of its own kind only.
    for r, b in list(variant_of.items()):
        if clusters[r].kind != clusters[b].kind:
            del variant_of[r]
    # Likewise a split's dataset may have moved to Method since ("FooNet-2 training set" took
    # "FooNet-2" as its dataset before "FooNet-2" became a variant of the method FooNet): a subset
    # is of a dataset only.
    for r, b in list(subset_of.items()):
        if clusters[b].kind != "Dataset":
            del subset_of[r]
            del split_of[r]
    _break_cycles(variant_of)

    # Ids: the best-attested cluster keeps the plain slug of a shared name.
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for r in sorted(clusters, key=lambda r: (-clusters[r].mentions, -clusters[r].papers, r)):
        plain = node_id(clusters[r].kind, clusters[r].name)
        nid, n = plain, 1
        while nid in taken:
            n += 1
            nid = f"{plain}-{n}"
        taken.add(nid)
        ids[r] = nid

    entities = []
    for r, c in clusters.items():
        entities.append(
            LinkedEntity(
                id=ids[r],
                kind=c.kind,
                name=c.name,
                aliases=tuple(_aliases(c)),
                mentions=c.mentions,
                papers=c.papers,
                gazetteer=c.gazetteer,
                variant_of=ids[variant_of[r]] if r in variant_of else None,
                subset_of=ids[subset_of[r]] if r in subset_of else None,
                split=split_of.get(r),
            )
        )
    entities.sort(key=lambda e: e.id)
    return Structured(entities=tuple(entities), ids=ids)


def _nearest_base(
    names: list[str], kind: str, self_id: int, find: Callable[[str, str, str], int | None]
) -> int | None:
    """The cluster of the longest base name of any of ``names`` (the nearest parent)."""
    best: tuple[int, int] | None = None  # (base key length, cluster)
    for s in names:
        for base_surface, base_key in variant_bases(s, named=kind != "Dataset"):
            hit = find(kind, base_surface, base_key)
            if hit is not None and hit != self_id:
                if best is None or len(base_key) > best[0]:
                    best = (len(base_key), hit)
                break
    return best[1] if best else None


def _break_cycles(parent: dict[int, int]) -> None:
    """Drop the variantOf link that closes a cycle (possible only with odd aliases)."""
    for start in sorted(parent):
        seen = {start}
        x = parent.get(start)
        while x is not None:
            if x in seen:
                parent.pop(start, None)
                break
            seen.add(x)
            x = parent.get(x)
