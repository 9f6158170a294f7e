"""Entity linking: the mentions of all papers -> one entity per real thing.

Every mention and every entity named in a result (its metric, dataset, method,
baseline, task) is an *occurrence* of a (label, key) node, where the key comes
from :func:`~papergraph.link.normalize.surface_key`. Nodes are then merged
with a union-find, in this order:

1. the extractor's ``canonical`` (gazetteer names, abbreviation pairs), unless
   the two names are a variant or split of one another, or share nothing;
2. generic heads ("the ImageNet dataset" -> ImageNet) when the bare name is
   itself a node, and spellings of one dataset split ("ImageNet val",
   "validation set of ImageNet");
3. a key labelled two ways, when one label outvotes the other two to one
   (an NER slip, e.g. BERT once tagged Dataset);
4. abbreviations learnt in any paper ("graph neural networks (GNNs)"), across
   papers. An acronym with several long forms (SAM: Segment Anything Model,
   Sharpness-Aware Minimization) is resolved per paper where the paper defines
   it, and elsewhere only when one sense outnumbers the others three to one.

Nothing here compares every name with every other: each step is a dictionary
lookup per node, so linking is linear in the number of mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from papergraph.link.normalize import (
    clean_surface,
    display_form,
    is_acronym,
    plausible_abbreviation,
    same_words,
    spelled_core,
    strip_generic,
    surface_key,
    tokens,
)
from papergraph.link.structure import Cluster, structure
from papergraph.link.unionfind import UnionFind
from papergraph.link.variants import parse_subset, variant_bases
from papergraph.progress import ProgressFn, Throttle, noop
from papergraph.types import LABELS, Extraction, Label, Paper

RESULT_FIELDS: tuple[tuple[str, Label], ...] = (
    ("metric", "Metric"),
    ("dataset", "Dataset"),
    ("method", "Method"),
    ("baseline", "Method"),
    ("task", "Task"),
)
_LABEL_RANK: dict[str, int] = {label: i for i, label in enumerate(LABELS)}
_SENSE_OVERLAP = 0.5  # token Jaccard above which two long forms are one sense
_DOMINANT_SENSE = 3  # a sense this many times more frequent claims bare uses


@dataclass(frozen=True, slots=True)
class LinkedEntity:
    """One real method, dataset, task or metric, with every way papers wrote it."""

    id: str
    kind: Label
    name: str
    aliases: tuple[tuple[str, int], ...]  # (surface form, occurrences), most frequent first
    mentions: int  # entity mentions (result fields not counted)
    papers: int
    gazetteer: bool
    variant_of: str | None = None
    subset_of: str | None = None
    split: str | None = None  # "val", "test", ... for a dataset split


@dataclass(frozen=True, slots=True)
class ResultLinks:
    """Entity ids of the names a result refers to (None where it names none)."""

    metric: str | None = None
    dataset: str | None = None
    method: str | None = None
    baseline: str | None = None
    task: str | None = None


@dataclass(frozen=True, slots=True)
class Linking:
    """Entities, plus the entity of every mention and result, aligned with the input."""

    entities: tuple[LinkedEntity, ...]  # sorted by id
    mentions: tuple[tuple[str, ...], ...]  # [paper][mention] -> entity id
    results: tuple[tuple[ResultLinks, ...], ...]  # [paper][result]


class _Nodes:
    """Interned (label, key) nodes; the first surface seen stands for the node."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, str], int] = {}
        self.label: list[str] = []
        self.key: list[str] = []
        self.surface: list[str] = []
        self.count: list[int] = []

    def get(self, label: str, text: str) -> int:
        k = surface_key(text)
        i = self.index.get((label, k))
        if i is None:
            i = len(self.label)
            self.index[(label, k)] = i
            self.label.append(label)
            self.key.append(k)
            self.surface.append(text)
            self.count.append(0)
        return i


@dataclass(slots=True)
class _Occ:
    paper: int
    node: int
    surface: str
    canon_node: int  # node of the extractor's canonical name, -1 when none/blocked
    canonical: str
    expected: str | None  # the kind a result field requires; None for mentions
    gazetteer: bool


def compatible(a: str, b: str) -> bool:
    """Whether two names may be merged as spellings of one entity.

    Not when one is a split or a variant of the other, or both are different
    variants of one base (ImageNet-1K, ImageNet-21K); not when they share no
    word and neither abbreviates the other (a noisy gazetteer alias).

    >>> compatible("ImageNet-1k", "ImageNet-1K"), compatible("ImageNet-21K", "ImageNet-1K")
    (True, False)
    >>> compatible("ResNet-50", "ResNet"), compatible("GNN", "graph neural network")
    (False, True)
    """
    ka, kb = surface_key(a), surface_key(b)
    if ka == kb:
        return True
    sa, sb = parse_subset(a), parse_subset(b)
    if sa or sb:
        return bool(sa and sb and sa.key == sb.key)
    bases_a = {k for _, k in variant_bases(a)}
    bases_b = {k for _, k in variant_bases(b)}
    if kb in bases_a or ka in bases_b or bases_a & bases_b:
        return False
    words_a = {t.text for t in tokens(a)}
    words_b = {t.text for t in tokens(b)}
    if words_a & words_b:
        return True
    return plausible_abbreviation(a, b) or plausible_abbreviation(b, a)


def _abbreviation(short: str, long: str) -> bool:
    return is_acronym(short) and not is_acronym(long) and plausible_abbreviation(short, long)


def _jaccard(a: str, b: str) -> float:
    wa = {t.text for t in tokens(a)}
    wb = {t.text for t in tokens(b)}
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def link(
    extractions: Sequence[Extraction],
    *,
    papers: Sequence[Paper] | Mapping[str, Paper] | None = None,
    progress: ProgressFn | None = None,
) -> Linking:
    """Link the mentions of ``extractions`` into entities.

    ``papers`` (optional) gives the text around mentions, so that
    "long form (SHORT)" pairs the extractor left unpaired are learnt too.
    ``progress`` hears stage "link", in papers read, then "merge", one step
    (see :mod:`papergraph.progress`).
    """
    tick = Throttle(progress or noop, "link", len(extractions))
    by_id: Mapping[str, Paper]
    if papers is None:
        by_id = {}
    elif isinstance(papers, Mapping):
        by_id = papers
    else:
        by_id = {p.id: p for p in papers}

    nodes = _Nodes()
    occs: list[_Occ] = []
    mention_occ: list[list[int]] = []
    result_occ: list[list[tuple[int, ...]]] = []
    alias_pairs: list[tuple[int, int]] = []
    abbrev_pairs: list[tuple[int, int, int]] = []  # (paper, short node, long node)

    def add_pair(pi: int, label: str, a: str, b: str, a_node: int) -> int:
        """Record that ``a`` and ``b`` name one thing; return b's node or -1."""
        if _abbreviation(a, b) or _abbreviation(b, a):
            b_node = nodes.get(label, b)
            short, long = (a_node, b_node) if is_acronym(a) else (b_node, a_node)
            abbrev_pairs.append((pi, short, long))
            return b_node
        if not compatible(a, b):
            return -1
        b_node = nodes.get(label, b)
        alias_pairs.append((a_node, b_node))
        return b_node

    for pi, ex in enumerate(extractions):
        tick(pi)
        ids: list[int] = []
        for m in ex.entities:
            n = nodes.get(m.label, m.text)
            nodes.count[n] += 1
            canon = -1
            if m.canonical and m.canonical != m.text:
                canon = add_pair(pi, m.label, m.text, m.canonical, n)
            inner = _parenthesised(m.text)
            if inner is not None:
                add_pair(pi, m.label, clean_surface(m.text), inner, n)
            gaz = "gazetteer" in m.source
            occs.append(_Occ(pi, n, m.text, canon, m.canonical, None, gaz))
            ids.append(len(occs) - 1)
        mention_occ.append(ids)
        paper = by_id.get(ex.id)
        if paper is not None:
            for short_i, long_i in _adjacent_pairs(paper, ex):
                abbrev_pairs.append((pi, occs[ids[short_i]].node, occs[ids[long_i]].node))
        refs: list[tuple[int, ...]] = []
        for r in ex.results:
            row: list[int] = []
            for attr, kind in RESULT_FIELDS:
                text = getattr(r, attr)
                if not text or not surface_key(text):
                    row.append(-1)
                    continue
                n = nodes.get(kind, text)
                nodes.count[n] += 1
                occs.append(_Occ(pi, n, text, -1, "", kind, False))
                row.append(len(occs) - 1)
            refs.append(tuple(row))
        result_occ.append(refs)

    tick.end(len(extractions))
    report = progress or noop
    report("merge", 0, 1)
    uf = UnionFind(len(nodes.label))
    for a, b in alias_pairs:
        uf.union(a, b)
    _merge_generic_and_splits(nodes, uf)
    _merge_label_slips(nodes, uf)
    overrides = _merge_abbreviations(nodes, uf, abbrev_pairs)

    linking = _collect(nodes, uf, overrides, occs, mention_occ, result_occ)
    report("merge", 1, 1)
    return linking


def _parenthesised(text: str) -> str | None:
    """The acronym in "graph neural networks (GNNs)", when the mention spans both."""
    s = text.strip()
    if not s.endswith(")") or "(" not in s:
        return None
    inner = s[s.rfind("(") + 1 : -1].strip()
    outer = clean_surface(s)
    if inner and outer and _abbreviation(inner, outer):
        return inner
    return None


def _adjacent_pairs(paper: Paper, ex: Extraction) -> list[tuple[int, int]]:
    """(short, long) mention indexes written as "long form (SHORT)"."""
    out: list[tuple[int, int]] = []
    order = sorted(range(len(ex.entities)), key=lambda i: (ex.entities[i].field, ex.entities[i].start))
    for a, b in zip(order, order[1:], strict=False):
        ma, mb = ex.entities[a], ex.entities[b]
        if ma.field != mb.field:
            continue
        text = paper.title if ma.field == "title" else paper.abstract
        if text[ma.end : mb.start].strip() != "(" or text[mb.end : mb.end + 1] != ")":
            continue
        if _abbreviation(mb.text, ma.text):
            out.append((b, a))
    return out


def _merge_generic_and_splits(nodes: _Nodes, uf: UnionFind) -> None:
    splits: dict[str, int] = {}
    for i, (label, surface) in enumerate(zip(nodes.label, nodes.surface, strict=True)):
        stripped = strip_generic(surface, label)
        if stripped is not None:
            j = nodes.index.get((label, stripped[1]))
            if j is not None:
                uf.union(i, j)
        if label == "Dataset":
            sub = parse_subset(surface)
            if sub is not None:
                base = strip_generic(sub.base, "Dataset")
                key = f"{base[1] if base else sub.base_key}|{sub.split}"
                first = splits.setdefault(key, i)
                uf.union(first, i)


def _merge_label_slips(nodes: _Nodes, uf: UnionFind) -> None:
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(nodes.key):
        by_key[k].append(i)
    for group in by_key.values():
        if len(group) < 2:
            continue
        top = min(group, key=lambda i: (-nodes.count[i], _LABEL_RANK.get(nodes.label[i], 9)))
        for i in group:
            if i != top and 2 * nodes.count[i] <= nodes.count[top]:
                uf.union(top, i)


def _merge_abbreviations(
    nodes: _Nodes, uf: UnionFind, pairs: list[tuple[int, int, int]]
) -> dict[tuple[int, int], int]:
    """Merge acronyms with their long forms; return per-paper overrides."""
    senses: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    long_surface: dict[int, str] = {}
    for pi, short, long in pairs:
        root = uf.find(long)
        senses[short][root].add(pi)
        long_surface.setdefault(root, nodes.surface[long])
    overrides: dict[tuple[int, int], int] = {}
    for short in sorted(senses):
        by_root = senses[short]
        roots = sorted(by_root)
        label = nodes.label[short]
        # The words that spell the acronym: "stochastic gradient descent" of "layer-wise stochastic
        # gradient descent (SGD)". Where that core is a name of its own, the long form is that name.
        cores = {r: spelled_core(nodes.surface[short], long_surface[r]) for r in roots}
        for r, core in cores.items():
            j = nodes.index.get((label, surface_key(core))) if core else None
            if j is not None and j != short:
                uf.union(r, j)
        # Long forms that mostly share words, or spell the acronym with the same words (a typo
        # allowed: "Stochastic Gradient Decent"), are spellings of one sense.
        for i, a in enumerate(roots):
            for b in roots[i + 1 :]:
                if _jaccard(long_surface[a], long_surface[b]) >= _SENSE_OVERLAP or same_words(cores[a], cores[b]):
                    uf.union(a, b)
        merged: dict[int, set[int]] = defaultdict(set)
        for root, ps in by_root.items():
            merged[uf.find(root)] |= ps
        ranked = sorted(merged.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        top_root, top_papers = ranked[0]
        if len(ranked) == 1 or len(top_papers) >= _DOMINANT_SENSE * len(ranked[1][1]):
            uf.union(top_root, short)
            rest = ranked[1:]
        else:
            rest = ranked
        for root, ps in rest:
            for pi in ps:
                overrides[(pi, short)] = root
    return overrides


def _collect(
    nodes: _Nodes,
    uf: UnionFind,
    overrides: dict[tuple[int, int], int],
    occs: list[_Occ],
    mention_occ: list[list[int]],
    result_occ: list[list[tuple[int, ...]]],
) -> Linking:
    def resolve(o: _Occ) -> int:
        n = overrides.get((o.paper, o.node), o.node)
        return uf.find(n)

    # Pass 1: the kind of each cluster, by vote.
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    roots = [resolve(o) for o in occs]
    for o, r in zip(occs, roots, strict=True):
        votes[r][o.expected or nodes.label[o.node]] += 1
    kind_of = {
        r: min(c.items(), key=lambda kv: (-kv[1], _LABEL_RANK.get(kv[0], 9)))[0]
        for r, c in votes.items()
    }
    # Pass 2: result fields that landed in a cluster of another kind get a cluster
    # of their own, so a hasMetric edge always ends at a Metric.
    detached: dict[tuple[str, str], int] = {}
    n_base = len(nodes.label)
    for i, o in enumerate(occs):
        if o.expected is not None and kind_of[roots[i]] != o.expected:
            k = (o.expected, nodes.key[o.node])
            r = detached.setdefault(k, n_base + len(detached))
            roots[i] = r
            kind_of[r] = o.expected

    stats: dict[int, _Stats] = {}
    for i, o in enumerate(occs):
        r = roots[i]
        st = stats.get(r)
        if st is None:
            st = stats[r] = _Stats()
        st.add(o, in_cluster=o.canon_node >= 0 and _resolve_canon(o, uf, overrides) == r)

    built = structure(
        {
            r: Cluster(
                kind=kind_of[r],  # type: ignore[arg-type]
                name=st.name(),
                surfaces=st.surfaces,
                mentions=st.mentions,
                papers=st.papers,
                gazetteer=st.gazetteer,
                pinned=st.pinned,
            )
            for r, st in stats.items()
        }
    )
    ids = built.ids
    mentions = tuple(tuple(ids[roots[i]] for i in row) for row in mention_occ)
    results = tuple(
        tuple(
            ResultLinks(*(ids[roots[i]] if i >= 0 else None for i in row))
            for row in rows
        )
        for rows in result_occ
    )
    return Linking(entities=built.entities, mentions=mentions, results=results)


def _resolve_canon(o: _Occ, uf: UnionFind, overrides: dict[tuple[int, int], int]) -> int:
    n = overrides.get((o.paper, o.canon_node), o.canon_node)
    return uf.find(n)


class _Stats:
    """What a cluster accumulates from its occurrences."""

    __slots__ = (
        "surfaces", "names", "results", "gaz_names", "mentions", "papers", "last_paper",
        "gazetteer", "pinned",
    )  # fmt: skip

    def __init__(self) -> None:
        self.surfaces: Counter[str] = Counter()
        self.names: Counter[str] = Counter()
        self.results: Counter[str] = Counter()
        self.gaz_names: Counter[str] = Counter()
        self.mentions = 0
        self.papers = 0
        self.last_paper = -1
        self.gazetteer = False
        self.pinned = False

    def add(self, o: _Occ, *, in_cluster: bool) -> None:
        # An alias is shown as written but on one line: "large\nlanguage models" (a line
        # break of the abstract) is the alias "large language models", not one of its own.
        self.surfaces[" ".join(o.surface.split())] += 1
        if o.paper != self.last_paper:
            self.papers += 1
            self.last_paper = o.paper
        if o.expected is None:
            self.mentions += 1
            name = o.canonical if in_cluster else o.surface
            self.names[display_form(name)] += 1
            if o.gazetteer:
                self.gazetteer = True
                self.gaz_names[name] += 1
        else:
            self.results[display_form(o.surface)] += 1
            self.pinned = True

    def name(self) -> str:
        if self.gaz_names:
            return min(self.gaz_names.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        # Result fields name an entity only when no mention does.
        pool = self.names or self.results
        # Prefer a long form to its acronym ("graph neural network" over "GNN"):
        # acronyms are ambiguous across fields, long forms rarely are.
        seen = Counter({display_form(s): c for s, c in self.surfaces.items()})

        def rank(kv: tuple[str, int]) -> tuple[bool, int, int, bool, str]:
            s, c = kv
            # A capitalised common phrase is usually just sentence-initial.
            capitalised = s[:1].isupper() and s[1:] == s[1:].lower() and " " in s
            return (is_acronym(s), -c, -seen[s], capitalised, s)

        return min(pool.items(), key=rank)[0]
