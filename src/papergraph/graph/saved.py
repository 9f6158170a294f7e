"""The linked graph of a build, saved so :func:`papergraph.load` need not link again.

``OUTDIR/graph.nx.jsonl.gz`` holds the networkx MultiDiGraph that the build
made, attribute for attribute and in the same node, edge and predecessor
order, so the graph read back equals the one ``build_graph`` returns. It is
plain data (gzip'd JSON, one value a line), never pickle: reading it runs no
code from the output folder, and a damaged or hostile file can only fail to
load (:class:`SavedGraphError`), after which ``load()`` links the graph from
the JSONL records as before.

Layout, one JSON value a line:

1. a header: format name and version, the build options that shape the graph
   (``include_generic``, ``include_unattested``), ``G.graph`` and the counts;
2. the string table: every distinct string of the graph, once. Everything
   below refers to strings by their index, so a sentence shared by ten edges is
   one string in the file and one object in memory;
3. the nodes, columnar: their ids, and for each group of nodes with the same
   attribute names (in the same order) one column per attribute;
4. the edges the same way, with ``u``, ``v`` and ``key`` columns, in
   ``G.edges`` order, and ``pred``: the edge indices in the order
   ``G.pred[v]`` lists their source nodes.

A column is typed by what all its values are: ``s`` (str or None: string
index, -1 for None), ``n`` (int, float, bool or None, as JSON), ``l``
(lists of str: lists of indices), ``d`` (dicts str -> int: flat
``[key index, count, ...]`` lists) or ``j`` (any other JSON value, verbatim).
Reading builds networkx's adjacency dicts directly, which is several times
faster than ``add_edges_from`` on a corpus-sized graph (see
benchmarks/bench_load.py).
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import networkx as nx

from papergraph.errors import PapergraphError

SAVED_GRAPH = "graph.nx.jsonl.gz"
FORMAT = "papergraph.saved-graph"
VERSION = 1
_NONE = -1
_GZIP_LEVEL = 6  # level 9 makes a 3x slower build stage for a file a few percent smaller


class SavedGraphError(PapergraphError):
    """A saved graph that cannot be read (damaged, or written by another version)."""


@dataclass(frozen=True, slots=True)
class SavedHeader:
    """What a saved graph says about itself (the first line of the file)."""

    version: int
    include_generic: bool
    include_unattested: bool
    nodes: int
    edges: int
    graph: dict[str, Any]  # G.graph


# --- writing --------------------------------------------------------------------------------------


class _Strings:
    """The string table: index of each distinct string, in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, s: str) -> int:
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.index)
        return i


def _exact(v: Any, *types: type) -> bool:
    return type(v) in types


def _column_type(values: Sequence[Any]) -> str:
    if all(v is None or _exact(v, str) for v in values):
        return "s"
    if all(v is None or _exact(v, int, float, bool) for v in values):
        return "n"
    if all(_exact(v, list) and all(_exact(x, str) for x in v) for v in values):
        return "l"
    if all(
        _exact(v, dict) and all(_exact(k, str) and _exact(c, int) for k, c in v.items()) for v in values
    ):
        return "d"
    for v in values:
        _check_json(v)
    return "j"


def _check_json(v: Any) -> None:
    """Raise TypeError unless ``v`` is made of JSON types only (so it reads back equal)."""
    if v is None or _exact(v, str, int, float, bool):
        return
    if _exact(v, list):
        for x in v:
            _check_json(x)
        return
    if _exact(v, dict):
        for k, x in v.items():
            if not _exact(k, str):
                raise TypeError(f"a dict key {k!r} is not a string")
            _check_json(x)
        return
    raise TypeError(f"{type(v).__name__} value {v!r} cannot be saved as JSON")


def _encode(kind: str, values: Sequence[Any], S: _Strings) -> list[Any]:
    if kind == "s":
        return [_NONE if v is None else S(v) for v in values]
    if kind == "l":
        return [[S(x) for x in v] for v in values]
    if kind == "d":
        return [[y for k, c in v.items() for y in (S(k), c)] for v in values]
    return list(values)


def _groups(dicts: Sequence[Mapping[str, Any]], S: _Strings) -> tuple[list[int], list[dict[str, Any]]]:
    """Rows grouped by their attribute names (in order): each row's group, and the groups' columns."""
    which: dict[tuple[str, ...], int] = {}
    members: list[list[Mapping[str, Any]]] = []
    group_of: list[int] = []
    for d in dicts:
        keys = tuple(d)
        g = which.get(keys)
        if g is None:
            g = which[keys] = len(members)
            members.append([])
        members[g].append(d)
        group_of.append(g)
    groups = []
    for keys, g in which.items():
        rows = members[g]
        columns = []
        for k in keys:
            values = [d[k] for d in rows]
            kind = _column_type(values)
            columns.append({"type": kind, "values": _encode(kind, values, S)})
        groups.append({"keys": [S(k) for k in keys], "columns": columns})
    return group_of, groups


def _line(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=True) + "\n").encode("utf-8")


def saved_lines(
    G: nx.MultiDiGraph, *, include_generic: bool, include_unattested: bool
) -> Iterator[bytes]:
    """The saved form of ``G``, line by line (uncompressed). Deterministic for one graph.

    Raises TypeError when an attribute is not JSON data (the graph contract in
    :mod:`papergraph.graph.model` allows none).
    """
    S = _Strings()
    for name, value in G.graph.items():
        if not _exact(name, str):
            raise TypeError(f"graph attribute {name!r} is not named by a string")
        _check_json(value)
    node_ids = list(G.nodes)
    position = {n: i for i, n in enumerate(node_ids)}
    ids = [S(n) for n in node_ids]
    node_group, node_groups = _groups([G.nodes[n] for n in node_ids], S)

    us: list[int] = []
    vs: list[int] = []
    keys: list[int] = []
    edge_dicts = []
    edge_index: dict[tuple[str, str, Any], int] = {}
    for u, nbrs in G.succ.items():
        for v, keydict in nbrs.items():
            for key, d in keydict.items():
                if not _exact(key, str):
                    raise TypeError(f"edge key {key!r} of {u!r} -> {v!r} is not a string")
                edge_index[(u, v, key)] = len(us)
                us.append(position[u])
                vs.append(position[v])
                keys.append(S(key))
                edge_dicts.append(d)
    pred = [edge_index[(u, v, key)] for v, nbrs in G.pred.items() for u, kd in nbrs.items() for key in kd]
    edge_group, edge_groups = _groups(edge_dicts, S)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "include_generic": bool(include_generic),
        "include_unattested": bool(include_unattested),
        "graph": dict(G.graph),
        "nodes": len(node_ids),
        "edges": len(us),
        "strings": len(S.index),
    }
    yield _line(header)
    yield _line(list(S.index))
    yield _line({"id": ids, "group": node_group, "groups": node_groups})
    yield _line({"u": us, "v": vs, "key": keys, "pred": pred, "group": edge_group, "groups": edge_groups})


def saved_chunks(G: nx.MultiDiGraph, *, include_generic: bool, include_unattested: bool) -> Iterator[bytes]:
    """:func:`saved_lines` gzip-compressed, with no name or time in the gzip header
    (so the same graph always gives the same bytes)."""
    import zlib

    # gzip.compress(mtime=0) would hold the whole text at once; a raw deflate stream with
    # gzip's fixed header and trailer streams it (RFC 1952: no name, mtime 0, OS unknown).
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    deflate = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    crc = size = 0
    for line in saved_lines(G, include_generic=include_generic, include_unattested=include_unattested):
        crc = zlib.crc32(line, crc)
        size += len(line)
        piece = deflate.compress(line)
        if piece:
            yield piece
    yield deflate.flush()
    yield crc.to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little")


def save_graph(
    G: nx.MultiDiGraph, path: str | os.PathLike[str], *, include_generic: bool, include_unattested: bool
) -> None:
    """Write ``G`` to ``path`` atomically (see the module docstring for the layout)."""
    from papergraph._io import atomic_write_chunks

    atomic_write_chunks(
        path, saved_chunks(G, include_generic=include_generic, include_unattested=include_unattested)
    )


# --- reading --------------------------------------------------------------------------------------


def _fail(path: Path, what: str) -> SavedGraphError:
    return SavedGraphError(
        f"{path} is not a saved papergraph graph ({what}); delete it to link the graph "
        "from papers.jsonl and extractions.jsonl instead, or build again"
    )


def _lines(path: Path) -> Iterator[Any]:
    try:
        with gzip.open(path, "rb") as fh:
            for raw in fh:
                yield json.loads(raw)
    except (OSError, EOFError, ValueError, RecursionError) as exc:
        raise _fail(path, f"{type(exc).__name__}: {exc}") from None


def _flag(v: Any) -> bool:
    if type(v) is not bool:
        raise TypeError(f"{v!r} is not true or false")
    return v


def _count(v: Any) -> int:
    if type(v) is not int or v < 0:
        raise TypeError(f"{v!r} is not a count")
    return v


def _header(path: Path, obj: Any) -> SavedHeader:
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise _fail(path, "no papergraph header")
    if obj.get("version") != VERSION:
        raise _fail(path, f"format version {obj.get('version')!r}; this papergraph reads {VERSION}")
    try:
        graph = obj["graph"]
        if not isinstance(graph, dict):
            raise TypeError("graph attributes are not a JSON object")
        return SavedHeader(
            version=VERSION,
            include_generic=_flag(obj["include_generic"]),
            include_unattested=_flag(obj["include_unattested"]),
            nodes=_count(obj["nodes"]),
            edges=_count(obj["edges"]),
            graph=graph,
        )
    except (KeyError, TypeError) as exc:
        raise _fail(path, f"bad header: {exc}") from None


def read_header(path: str | os.PathLike[str]) -> SavedHeader:
    """The header of the saved graph at ``path``, reading only its first line."""
    path = Path(path)
    for obj in _lines(path):
        return _header(path, obj)
    raise _fail(path, "empty file")


def _check_indices(values: Sequence[int], size: int, *, none_ok: bool = False) -> None:
    """Every value an index into a table of ``size`` (or _NONE where allowed); one pass in C."""
    if values:
        low, high = min(values), max(values)
        if low < (_NONE if none_ok else 0) or high >= size:
            raise IndexError(f"index out of range ({low}..{high} for {size} entries)")


def _decode(kind: Any, col: list[Any], S: list[str], S_none: list[str | None]) -> list[Any]:
    if kind == "s":
        _check_indices(col, len(S), none_ok=True)
        return list(map(S_none.__getitem__, col))  # _NONE (-1) is the None at the end
    if kind == "l":
        for row in col:
            _check_indices(row, len(S))
        return [list(map(S.__getitem__, row)) for row in col]
    if kind == "d":
        for row in col:
            _check_indices(row[0::2], len(S))
        return [dict(zip(map(S.__getitem__, row[0::2]), row[1::2], strict=True)) for row in col]
    if kind in ("n", "j"):
        return col
    raise TypeError(f"unknown column type {kind!r}")


def _rows(block: dict[str, Any], n: int, S: list[str], S_none: list[str | None]) -> list[dict[str, Any]]:
    """The attribute dicts of ``n`` rows of a columnar block, in row order. Empties the block's
    columns as it goes, so the parsed JSON and the dicts made from it are not all held at once."""
    group_of = block.pop("group")
    groups = block.pop("groups")
    if len(group_of) != n:
        raise ValueError(f"{len(group_of)} group entries for {n} rows")
    _check_indices(group_of, len(groups))
    sizes = [0] * len(groups)
    for g in group_of:
        sizes[g] += 1
    made: list[Iterator[dict[str, Any]]] = []
    for g, size in zip(groups, sizes, strict=True):
        keys = g["keys"]
        _check_indices(keys, len(S))
        keys = [S[k] for k in keys]
        columns = []
        for c in g.pop("columns"):
            columns.append(_decode(c["type"], c.pop("values"), S, S_none))
        if len(columns) != len(keys) or any(len(c) != size for c in columns):
            raise ValueError("a group's columns do not match its names and members")
        if columns:
            made.append(iter(list(map(dict, map(zip, repeat(keys), zip(*columns, strict=True))))))
        else:
            made.append(iter([{} for _ in range(size)]))
        del columns
    return [next(made[g]) for g in group_of]


def read_saved(path: str | os.PathLike[str]) -> tuple[SavedHeader, nx.MultiDiGraph]:
    """The header and the graph saved at ``path``; :class:`SavedGraphError` when unreadable."""
    path = Path(path)
    lines = _lines(path)
    try:
        header = _header(path, next(lines))
        S = next(lines)
        if not isinstance(S, list) or not all(type(s) is str for s in S):
            raise TypeError("the string table is not a list of strings")
        G, ids = _nodes(header, S, next(lines))
        _edges(G, header, ids, S, next(lines))
        if next(lines, None) is not None:
            raise ValueError("more lines than a saved graph has")
    except StopIteration:
        raise _fail(path, "the file ends early") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise _fail(path, f"{type(exc).__name__}: {exc}") from None
    return header, G


def _nodes(header: SavedHeader, S: list[str], block: Any) -> tuple[nx.MultiDiGraph, list[str]]:
    if not isinstance(block, dict):
        raise TypeError("the node block is not a JSON object")
    refs = block.pop("id")
    _check_indices(refs, len(S))
    ids = list(map(S.__getitem__, refs))
    if len(ids) != header.nodes or len(set(ids)) != len(ids):
        raise ValueError("the node ids are not the header's count of distinct ids")
    G = nx.MultiDiGraph()
    G.graph.update(header.graph)
    # networkx's own containers, filled in place (its views wrap these very dicts):
    # add_nodes_from/add_edges_from would copy every attribute dict once more.
    G._node.update(zip(ids, _rows(block, len(ids), S, [*S, None]), strict=True))
    G._succ.update((n, {}) for n in ids)
    G._pred.update((n, {}) for n in ids)
    return G, ids


def _edges(G: nx.MultiDiGraph, header: SavedHeader, ids: list[str], S: list[str], block: Any) -> None:
    if not isinstance(block, dict):
        raise TypeError("the edge block is not a JSON object")
    us, vs, ks, order = block.pop("u"), block.pop("v"), block.pop("key"), block.pop("pred")
    if not (len(us) == len(vs) == len(ks) == len(order) == header.edges):
        raise ValueError("the edge columns are not the header's edge count")
    _check_indices(us, len(ids))
    _check_indices(vs, len(ids))
    _check_indices(ks, len(S))
    _check_indices(order, len(us))
    succ, pred = G._succ, G._pred
    dicts = _rows(block, len(us), S, [*S, None])
    for u, v, key, d in zip(map(ids.__getitem__, us), map(ids.__getitem__, vs), map(S.__getitem__, ks), dicts, strict=True):
        nbrs = succ[u]
        keydict = nbrs.get(v)
        if keydict is None:
            nbrs[v] = {key: d}
        else:
            keydict[key] = d
    del dicts
    for e in order:
        u, v = ids[us[e]], ids[vs[e]]
        before = pred[v]
        if u not in before:
            before[u] = succ[u][v]
    # A repeated edge or predecessor entry leaves fewer edges than the header says.
    if sum(map(len, (kd for nbrs in succ.values() for kd in nbrs.values()))) != header.edges:
        raise ValueError("an edge is listed twice")
    if sum(map(len, (kd for nbrs in pred.values() for kd in nbrs.values()))) != header.edges:
        raise ValueError("the predecessor order misses edges")
