"""A deterministic force-directed layout that stays cheap on large graphs.

The page draws with physics off, so positions are computed here, once, at
build time. This is Fruchterman-Reingold with one change that keeps it linear:
each node is repelled by a fixed-size random sample of the others (scaled up
to stand for all of them) instead of by every node. Attraction runs over the
edges. With a seeded generator and a fixed node order the result is the same
on every run; positions are rounded to whole pixels so floating-point noise
in the last digits cannot change the output bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Distance (in page pixels) the layout aims for between linked nodes.
EDGE_LENGTH = 110.0


def _components(n: int, edges: np.ndarray) -> list[list[int]]:
    """Connected components (union-find), each sorted, biggest first."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for u, v in edges.tolist():
        ru, rv = root(u), root(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda c: (-len(c), c[0]))


def _force(n: int, e: np.ndarray, rng: np.random.Generator, iterations: int, sample: int) -> np.ndarray:
    """Fruchterman-Reingold with sampled repulsion on one connected component."""
    # Sunflower (phyllotaxis) start: spread evenly, important nodes central.
    idx = np.arange(n, dtype=np.float64)
    radius = np.sqrt(idx + 0.5)
    angle = idx * (np.pi * (3.0 - np.sqrt(5.0)))
    pos = np.column_stack((radius * np.cos(angle), radius * np.sin(angle)))
    if n < 2:
        return pos * 0.0
    src, dst = e[:, 0], e[:, 1]
    s = min(sample, n - 1)
    scale = (n - 1) / s
    t0 = max(1.0, np.sqrt(n) / 4)
    for it in range(iterations):
        temp = t0 * (1.0 - it / iterations) + 0.01
        others = rng.integers(0, n, size=(n, s))
        d = pos[:, None, :] - pos[others]
        dist2 = np.einsum("ijk,ijk->ij", d, d) + 1e-4
        disp = np.einsum("ijk,ij->ik", d, 1.0 / dist2) * scale
        de = pos[src] - pos[dst]
        dist = np.sqrt(np.einsum("ij,ij->i", de, de))
        f = de * dist[:, None]
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(src, weights=f[:, axis], minlength=n)
            disp[:, axis] += np.bincount(dst, weights=f[:, axis], minlength=n)
        # Weak gravity keeps the component round and bounded.
        disp -= pos * 0.08
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        pos += disp * (np.minimum(length, temp) / length)[:, None]
    return pos - pos.mean(axis=0)


def _leaf_ring(anchor: np.ndarray, centre: np.ndarray, m: int) -> np.ndarray:
    """Positions of ``m`` leaves fanned out around ``anchor``, away from ``centre``."""
    out = anchor - centre
    base = float(np.arctan2(out[1], out[0])) if np.any(out) else 0.0
    spread = min(0.55, 2 * np.pi / max(m, 1))
    j = np.arange(m) - (m - 1) / 2
    angle = base + j * spread
    radius = 0.55 + 0.04 * m
    return anchor + radius * np.column_stack((np.cos(angle), np.sin(angle)))


def force_layout(
    n: int,
    edges: Sequence[tuple[int, int]],
    *,
    seed: int = 7,
    iterations: int = 120,
    sample: int = 32,
) -> list[tuple[int, int]]:
    """Positions (x, y) in pixels for ``n`` nodes joined by ``edges`` (index pairs).

    Two things keep the picture readable when the page fits it in view:
    nodes with a single neighbour (an entity only one paper names) are left
    out of the simulation and fanned out beside that neighbour, instead of
    being pushed to the rim; and each connected component is laid out on its
    own, then packed in rows under the biggest one, instead of isolated nodes
    being flung far away. Nodes should come ordered by importance: the
    initial positions put the first ones at the centre.
    """
    if n == 0:
        return []
    rng = np.random.default_rng(seed)
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    e = e[e[:, 0] != e[:, 1]]
    e = np.unique(np.sort(e, axis=1), axis=0) if len(e) else e
    deg = np.bincount(e.ravel(), minlength=n) if len(e) else np.zeros(n, dtype=np.int64)
    # leaf -> its only neighbour, when that neighbour is not a leaf itself
    other = np.full(n, -1, dtype=np.int64)
    for u, v in e.tolist():
        other[u], other[v] = v, u
    leaf = (deg == 1) & (deg[np.maximum(other, 0)] > 1)
    core = np.flatnonzero(~leaf)
    core_index = np.full(n, -1, dtype=np.int64)
    core_index[core] = np.arange(len(core))
    ce = e[~leaf[e[:, 0]] & ~leaf[e[:, 1]]] if len(e) else e
    ce = core_index[ce] if len(ce) else ce.reshape(-1, 2)
    leaves_of: dict[int, list[int]] = {}
    for i in np.flatnonzero(leaf).tolist():
        leaves_of.setdefault(int(other[i]), []).append(i)

    comps = _components(len(core), ce)
    local = np.full(len(core), -1, dtype=np.int64)
    comp_of = np.empty(len(core), dtype=np.int64)
    for c, members in enumerate(comps):
        local[members] = np.arange(len(members))
        comp_of[members] = c
    edge_comp = comp_of[ce[:, 0]] if len(ce) else np.empty(0, dtype=np.int64)
    order = np.argsort(edge_comp, kind="stable")
    bounds = np.searchsorted(edge_comp[order], np.arange(len(comps) + 1))

    gap = 1.5
    placed: list[tuple[list[int], np.ndarray]] = []
    for c, members in enumerate(comps):
        sub = local[ce[order[bounds[c] : bounds[c + 1]]]].reshape(-1, 2)
        iters = iterations if len(members) > 50 else min(iterations, 20 + 2 * len(members))
        p = _force(len(members), sub, rng, iters, sample)
        nodes = [int(core[m]) for m in members]
        centre = p.mean(axis=0)
        extra_nodes: list[int] = []
        extra_pos: list[np.ndarray] = []
        for k, node in enumerate(nodes):
            ls = leaves_of.get(node)
            if ls:
                extra_nodes.extend(ls)
                extra_pos.append(_leaf_ring(p[k], centre, len(ls)))
        if extra_nodes:
            p = np.vstack([p, *extra_pos])
            nodes = nodes + extra_nodes
        placed.append((nodes, p))

    sizes = [np.ptp(p, axis=0) + gap for _, p in placed]
    total = sum(float(sz[0] * sz[1]) for sz in sizes)
    shelf_w = max(float(sizes[0][0]), np.sqrt(total) * 1.2)
    pos = np.zeros((n, 2))
    x = y = row_h = 0.0
    for (nodes, p), size in zip(placed, sizes, strict=True):
        if x > 0 and x + size[0] > shelf_w:
            x, y, row_h = 0.0, y + row_h, 0.0
        pos[nodes] = p - p.min(axis=0) + (x, y)
        x += float(size[0])
        row_h = max(row_h, float(size[1]))
    pos -= pos[placed[0][0]].mean(axis=0)
    pix = np.rint(pos * EDGE_LENGTH).astype(np.int64)
    return [(int(px), int(py)) for px, py in pix]
