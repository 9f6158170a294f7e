"""The linked graph of a build, saved so :func:`papergraph.load` need not link again.

``OUTDIR/graph.nx`` holds the networkx MultiDiGraph that the build made,
attribute for attribute and in the same node, edge and predecessor order, so
the graph read back equals the one ``build_graph`` returns. It also holds the
entities' name lookup keys, which :class:`~papergraph.graph.index.GraphIndex`
would otherwise compute again. It is plain data, never pickle: reading it runs
no code from the output folder, and a damaged or hostile file only fails to
load (:class:`SavedGraphError`), after which ``load()`` links the graph from
the JSONL records as before.

Layout: one line of JSON, the header (format, version, the build options that
shape the graph, ``G.graph``, the counts, and the list of sections with their
types and sizes), then the sections' bytes one after the other:

* the string table: every distinct string once, as UTF-8 bytes and their
  lengths. Everything else refers to strings by index, so a sentence shared by
  ten edges is one string in the file and one object in memory;
* the nodes, columnar: their ids, then for each group of nodes with the same
  attribute names (in the same order) one column per attribute;
* the edges the same way, with ``u``, ``v`` and ``key`` columns in ``G.edges``
  order, then each node's predecessors in ``G.pred`` order (the number of one
  edge from each);
* the name keys of entity nodes (lists of strings, in node order).

A column is typed by what all its values are: ``s`` str or None (int32 string
indices, -1 for None), ``i`` int, ``in`` int or None (int64 values and a byte
mask), ``f`` float (float64, bit for bit), ``l`` lists of str, ``d`` dicts
str -> int, or ``j`` any other JSON, verbatim. Numbers are little-endian.
Reading fills networkx's own adjacency dicts; on the corpus build this file
loads in a few seconds where linking again takes minutes (figures in
docs/api.md). The file is not compressed: gzip made it a third of the size and
its load about a second slower (measured on the corpus build).
"""

from __future__ import annotations

import json
import os
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx

from papergraph._gc import collector_paused
from papergraph.errors import PapergraphError

SAVED_GRAPH = "graph.nx"
FORMAT = "papergraph.saved-graph"
VERSION = 2
_NONE = -1
_INT64 = (-(1 << 63), (1 << 63) - 1)
_INT32 = (-(1 << 31), (1 << 31) - 1)
_ITEM = {"i4": "i", "i8": "q", "f8": "d", "u1": "B"}
_SWAP = sys.byteorder != "little"
assert array("i").itemsize == 4 and array("q").itemsize == 8, "papergraph needs 32- and 64-bit C ints"

#: ``keys_for(node_attrs) -> sorted name keys`` of an entity node; None for other nodes.
KeysFn = Callable[[Mapping[str, Any]], list[str] | None]


class SavedGraphError(PapergraphError):
    """A saved graph that cannot be read (damaged, or written by another version)."""


@dataclass(frozen=True, slots=True)
class SavedHeader:
    """What a saved graph says about itself."""

    version: int
    include_generic: bool
    include_unattested: bool
    nodes: int
    edges: int
    graph: dict[str, Any]  # G.graph


@dataclass(frozen=True, slots=True)
class SavedGraph:
    """A graph read back, with the entities' name keys (node id -> sorted keys)."""

    header: SavedHeader
    graph: nx.MultiDiGraph
    name_keys: dict[str, list[str]]


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


def _int64(v: Any) -> bool:
    return type(v) is int and _INT64[0] <= v <= _INT64[1]


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
    raise TypeError(f"{type(v).__name__} value {v!r} cannot be saved")


def _column_type(values: Sequence[Any]) -> str:
    if all(v is None or _exact(v, str) for v in values):
        return "s"
    if all(_int64(v) for v in values):
        return "i"
    if all(v is None or _int64(v) for v in values):
        return "in"
    if all(_exact(v, float) for v in values):
        return "f"
    if all(_exact(v, list) and all(_exact(x, str) for x in v) for v in values):
        return "l"
    if all(_exact(v, dict) and all(_exact(k, str) and _int64(c) for k, c in v.items()) for v in values):
        return "d"
    for v in values:
        _check_json(v)
    return "j"


class _Sections:
    """The sections of a file being written: (name, type, bytes)."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, str, bytes]] = []

    def numbers(self, name: str, kind: str, values: Iterable[Any]) -> None:
        arr = array(_ITEM[kind], values)
        if _SWAP:
            arr.byteswap()
        self.parts.append((name, kind, arr.tobytes()))

    def json(self, name: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
        self.parts.append((name, "json", text.encode("utf-8")))

    def strings(self, name: str, table: Iterable[str]) -> None:
        encoded = [s.encode("utf-8", "surrogatepass") for s in table]
        self.numbers(f"{name}.bytes", "i4", map(len, encoded))
        self.parts.append((f"{name}.utf8", "utf8", b"".join(encoded)))

    def string_lists(self, name: str, rows: Sequence[Sequence[str]], S: _Strings) -> None:
        self.numbers(f"{name}.lengths", "i4", map(len, rows))
        self.numbers(f"{name}.items", "i4", (S(x) for row in rows for x in row))


def _column(out: _Sections, name: str, kind: str, values: Sequence[Any], S: _Strings) -> None:
    if kind == "s":
        out.numbers(name, "i4", (_NONE if v is None else S(v) for v in values))
    elif kind == "i":
        out.numbers(name, "i8", values)
    elif kind == "in":
        out.numbers(f"{name}.values", "i8", (0 if v is None else v for v in values))
        out.numbers(f"{name}.none", "u1", (v is None for v in values))
    elif kind == "f":
        out.numbers(name, "f8", values)
    elif kind == "l":
        out.string_lists(name, values, S)
    elif kind == "d":
        out.numbers(f"{name}.lengths", "i4", map(len, values))
        out.numbers(f"{name}.keys", "i4", (S(k) for v in values for k in v))
        out.numbers(f"{name}.counts", "i8", (c for v in values for c in v.values()))
    else:
        out.json(name, list(values))


def _groups(out: _Sections, name: str, dicts: Sequence[Mapping[str, Any]], S: _Strings) -> list[dict[str, Any]]:
    """Rows grouped by their attribute names (in order); writes each row's group and the columns."""
    which: dict[tuple[str, ...], int] = {}
    members: list[list[Mapping[str, Any]]] = []
    group_of: list[int] = []
    for d in dicts:
        keys = tuple(d)
        g = which.get(keys)
        if g is None:
            for k in keys:
                if not _exact(k, str):
                    raise TypeError(f"attribute name {k!r} is not a string")
            g = which[keys] = len(members)
            members.append([])
        members[g].append(d)
        group_of.append(g)
    out.numbers(f"{name}.group", "i4", group_of)
    described = []
    for keys, g in which.items():
        rows = members[g]
        kinds = []
        for c, k in enumerate(keys):
            values = [d[k] for d in rows]
            kind = _column_type(values)
            _column(out, f"{name}.{g}.{c}", kind, values, S)
            kinds.append(kind)
        described.append({"keys": [S(k) for k in keys], "types": kinds, "rows": len(rows)})
    return described


def saved_bytes(
    G: nx.MultiDiGraph, *, include_generic: bool, include_unattested: bool, keys_for: KeysFn | None = None
) -> Iterator[bytes]:
    """The saved form of ``G``, piece by piece. Deterministic for one graph.

    ``keys_for`` gives the name keys of an entity node (by default those of
    :class:`~papergraph.graph.index.GraphIndex`). Raises TypeError when an
    attribute is not JSON data (the graph contract in :mod:`papergraph.graph.model`
    allows none) or a node id or edge key is not a string.
    """
    from papergraph.graph.index import name_keys

    names_of: KeysFn = keys_for if keys_for is not None else name_keys
    for name, value in G.graph.items():
        if not _exact(name, str):
            raise TypeError(f"graph attribute {name!r} is not named by a string")
        _check_json(value)
    S = _Strings()
    out = _Sections()
    node_ids = list(G.nodes)
    for n in node_ids:
        if not _exact(n, str):
            raise TypeError(f"node {n!r} is not a string id")
    position = {n: i for i, n in enumerate(node_ids)}
    out.numbers("nodes.id", "i4", map(S, node_ids))
    node_groups = _groups(out, "nodes", [G.nodes[n] for n in node_ids], S)

    us: list[int] = []
    vs: list[int] = []
    keys: list[int] = []
    edge_dicts = []
    number: dict[tuple[str, str, str], int] = {}
    for u, nbrs in G.succ.items():
        for v, keydict in nbrs.items():
            for key, d in keydict.items():
                if not _exact(key, str):
                    raise TypeError(f"edge key {key!r} of {u!r} -> {v!r} is not a string")
                number[(u, v, key)] = len(us)
                us.append(position[u])
                vs.append(position[v])
                keys.append(S(key))
                edge_dicts.append(d)
    out.numbers("edges.u", "i4", us)
    out.numbers("edges.v", "i4", vs)
    out.numbers("edges.key", "i4", keys)
    edge_groups = _groups(out, "edges", edge_dicts, S)
    # Each node's predecessors in G.pred order, as the number of one edge from each.
    out.numbers("edges.pred", "i4", (number[(u, v, next(iter(kd)))] for v in node_ids
                                     for u, kd in G.pred[v].items()))  # fmt: skip
    del number
    out.string_lists("names", [names_of(G.nodes[n]) or [] for n in node_ids], S)
    out.strings("strings", S.index)  # last: every section above adds to the table

    header = {
        "format": FORMAT,
        "version": VERSION,
        "include_generic": bool(include_generic),
        "include_unattested": bool(include_unattested),
        "graph": dict(G.graph),
        "nodes": len(node_ids),
        "edges": len(us),
        "strings": len(S.index),
        "node_groups": node_groups,
        "edge_groups": edge_groups,
        # The reader wants the string table first.
        "sections": [[n, k, len(b)] for n, k, b in _reading_order(out.parts)],
    }
    yield (json.dumps(header, ensure_ascii=False, separators=(",", ":"), allow_nan=True) + "\n").encode("utf-8")
    for _name, _kind, data in _reading_order(out.parts):
        yield data


def _reading_order(parts: list[tuple[str, str, bytes]]) -> list[tuple[str, str, bytes]]:
    return parts[-2:] + parts[:-2]


def save_graph(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    include_generic: bool,
    include_unattested: bool,
    keys_for: KeysFn | None = None,
) -> None:
    """Write ``G`` to ``path`` atomically (see the module docstring for the layout)."""
    from papergraph._io import atomic_write_chunks

    atomic_write_chunks(
        path,
        saved_bytes(G, include_generic=include_generic, include_unattested=include_unattested, keys_for=keys_for),
    )


# --- reading --------------------------------------------------------------------------------------


def _fail(path: Path, what: str) -> SavedGraphError:
    return SavedGraphError(
        f"{path} is not a saved papergraph graph ({what}); delete it to link the graph "
        "from papers.jsonl and extractions.jsonl instead, or build again"
    )


def _flag(v: Any) -> bool:
    if type(v) is not bool:
        raise TypeError(f"{v!r} is not true or false")
    return v


def _count(v: Any) -> int:
    if type(v) is not int or v < 0:
        raise TypeError(f"{v!r} is not a count")
    return v


def _parse_header(path: Path, line: bytes) -> tuple[SavedHeader, dict[str, Any]]:
    try:
        obj = json.loads(line)
    except ValueError:
        obj = None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise _fail(path, "no papergraph header")
    if obj.get("version") != VERSION:
        raise _fail(path, f"format version {obj.get('version')!r}; this papergraph reads {VERSION}")
    try:
        graph = obj["graph"]
        if not isinstance(graph, dict):
            raise TypeError("graph attributes are not a JSON object")
        header = SavedHeader(
            version=VERSION,
            include_generic=_flag(obj["include_generic"]),
            include_unattested=_flag(obj["include_unattested"]),
            nodes=_count(obj["nodes"]),
            edges=_count(obj["edges"]),
            graph=graph,
        )
    except (KeyError, TypeError) as exc:
        raise _fail(path, f"bad header: {exc}") from None
    return header, obj


def read_header(path: str | os.PathLike[str]) -> SavedHeader:
    """The header of the saved graph at ``path``, reading only its first line."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            line = fh.readline(1 << 24)
    except OSError as exc:
        raise _fail(path, str(exc)) from None
    return _parse_header(path, line)[0]


class _Reader:
    """The sections of an open file, read in the order the header lists them."""

    def __init__(self, fh: BinaryIO, sections: Any) -> None:
        self.fh = fh
        if not isinstance(sections, list):
            raise TypeError("the section list is not a list")
        self.sections = iter(sections)

    def _next(self, name: str, kinds: tuple[str, ...]) -> tuple[str, bytes]:
        entry = next(self.sections, None)
        if not (isinstance(entry, list) and len(entry) == 3):
            raise ValueError(f"section {name} is missing")
        got, kind, size = entry
        if got != name or kind not in kinds or type(size) is not int or size < 0:
            raise ValueError(f"section {got!r} ({kind}) where {name} was expected")
        data = self.fh.read(size)
        if len(data) != size:
            raise ValueError(f"the file ends inside section {name}")
        return kind, data

    def numbers(self, name: str, kind: str, count: int) -> array[Any]:
        arr = self.any_numbers(name, kind)
        if len(arr) != count:
            raise ValueError(f"section {name} holds {len(arr)} numbers, not {count}")
        return arr

    def any_numbers(self, name: str, kind: str) -> array[Any]:
        _, data = self._next(name, (kind,))
        arr = array(_ITEM[kind])
        if len(data) % arr.itemsize:
            raise ValueError(f"section {name} is not whole numbers")
        arr.frombytes(data)
        if _SWAP:
            arr.byteswap()
        return arr

    def json(self, name: str, count: int) -> list[Any]:
        _, data = self._next(name, ("json",))
        values = json.loads(data)
        if not isinstance(values, list) or len(values) != count:
            raise ValueError(f"section {name} is not a list of {count} values")
        return values

    def strings(self, name: str, count: int) -> list[str]:
        lengths = self.numbers(f"{name}.bytes", "i4", count)
        if count and min(lengths) < 0:
            raise ValueError("a negative string length")
        _, blob = self._next(f"{name}.utf8", ("utf8",))
        ends = list(accumulate(lengths))
        if (ends[-1] if ends else 0) != len(blob):
            raise ValueError("the string lengths do not add up to the text")
        view = memoryview(blob)
        return [str(view[a:b], "utf-8", "surrogatepass") for a, b in zip([0, *ends], ends, strict=False)]

    def string_lists(self, name: str, count: int, S: list[str]) -> list[list[str]]:
        lengths = self.numbers(f"{name}.lengths", "i4", count)
        if count and min(lengths) < 0:
            raise ValueError(f"a negative length in {name}")
        items = self.any_numbers(f"{name}.items", "i4")
        _check(items, len(S))
        flat = list(map(S.__getitem__, items))
        ends = list(accumulate(lengths))
        if (ends[-1] if ends else 0) != len(flat):
            raise ValueError(f"the lengths of {name} do not add up")
        return [flat[a:b] for a, b in zip([0, *ends], ends, strict=False)]

    def column(self, name: str, kind: str, count: int, S: list[str], S_none: list[str | None]) -> list[Any]:
        if kind == "s":
            refs = self.numbers(name, "i4", count)
            _check(refs, none_ok=True)  # past the end fails as it is used
            return list(map(S_none.__getitem__, refs))  # _NONE (-1) is the None at the end
        if kind in ("i", "f"):
            return self.numbers(name, "i8" if kind == "i" else "f8", count).tolist()
        if kind == "in":
            values = self.numbers(f"{name}.values", "i8", count).tolist()
            none = self.numbers(f"{name}.none", "u1", count)
            return [None if n else v for v, n in zip(values, none, strict=True)]
        if kind == "l":
            return self.string_lists(name, count, S)
        if kind == "d":
            lengths = self.numbers(f"{name}.lengths", "i4", count)
            keys = self.any_numbers(f"{name}.keys", "i4")
            _check(keys, len(S))
            counts = self.numbers(f"{name}.counts", "i8", len(keys)).tolist()
            names = list(map(S.__getitem__, keys))
            ends = list(accumulate(lengths))
            if (ends[-1] if ends else 0) != len(names) or (count and min(lengths) < 0):
                raise ValueError(f"the lengths of {name} do not add up")
            return [dict(zip(names[a:b], counts[a:b], strict=True)) for a, b in zip([0, *ends], ends, strict=False)]
        if kind == "j":
            return self.json(name, count)
        raise TypeError(f"unknown column type {kind!r}")


def _check(values: Sequence[int], size: int | None = None, *, none_ok: bool = False) -> None:
    """No value is a negative index (but _NONE where allowed), which Python would count from
    the end; with ``size``, none is past the end either."""
    if len(values):
        if min(values) < (_NONE if none_ok else 0):
            raise IndexError(f"a negative index in a table of {size} entries")
        if size is not None and max(values) >= size:
            raise IndexError(f"an index past the end of a table of {size} entries")


def _rows(
    r: _Reader, name: str, groups: Any, n: int, S: list[str], S_none: list[str | None]
) -> list[dict[str, Any]]:
    """The attribute dicts of ``n`` rows stored by group, in row order."""
    group_of = r.numbers(f"{name}.group", "i4", n)
    if not isinstance(groups, list):
        raise TypeError("the groups are not a list")
    _check(group_of, len(groups))
    sizes = [0] * len(groups)
    for g in group_of:
        sizes[g] += 1
    made: list[Iterator[dict[str, Any]]] = []
    for g, (desc, size) in enumerate(zip(groups, sizes, strict=True)):
        refs, kinds = desc["keys"], desc["types"]
        _check(refs, len(S))
        keys = [S[k] for k in refs]
        if len(kinds) != len(keys) or desc["rows"] != size or len(set(keys)) != len(keys):
            raise ValueError(f"group {g} of {name} does not match its members")
        columns = [r.column(f"{name}.{g}.{c}", kind, size, S, S_none) for c, kind in enumerate(kinds)]
        if columns:
            made.append(iter(list(map(dict, map(zip, repeat(keys), zip(*columns, strict=True))))))
        else:
            made.append(iter([{} for _ in range(size)]))
    return [next(made[g]) for g in group_of]




def read_saved(path: str | os.PathLike[str]) -> SavedGraph:
    """The graph saved at ``path`` with its name keys; :class:`SavedGraphError` when unreadable."""
    path = Path(path)
    try:
        with collector_paused(), path.open("rb") as fh:
            header, raw = _parse_header(path, fh.readline(1 << 24))
            return _read(header, raw, _Reader(fh, raw.get("sections")))
    except OSError as exc:
        raise _fail(path, str(exc)) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeDecodeError) as exc:
        raise _fail(path, f"{type(exc).__name__}: {exc}") from None


def _read(header: SavedHeader, raw: dict[str, Any], r: _Reader) -> SavedGraph:
    S = r.strings("strings", _count(raw["strings"]))
    S_none: list[str | None] = [*S, None]
    refs = r.numbers("nodes.id", "i4", header.nodes)
    _check(refs, len(S))
    ids = list(map(S.__getitem__, refs))
    G = nx.MultiDiGraph()
    G.graph.update(header.graph)
    # networkx's own containers, filled in place (its views wrap these very dicts):
    # add_nodes_from/add_edges_from would copy every attribute dict once more.
    G._node.update(zip(ids, _rows(r, "nodes", raw["node_groups"], len(ids), S, S_none), strict=True))
    if len(G._node) != len(ids):
        raise ValueError("a node id is listed twice")
    succ, pred = G._succ, G._pred
    succ.update((n, {}) for n in ids)
    pred.update((n, {}) for n in ids)

    m = header.edges
    us, vs, ks = (r.numbers(f"edges.{c}", "i4", m) for c in ("u", "v", "key"))
    for col in (us, vs, ks):
        _check(col)  # an index past the end fails below as it is used
    sources, targets = list(map(ids.__getitem__, us)), list(map(ids.__getitem__, vs))
    del us, vs
    keydicts = []  # each edge's keydict, shared by succ[u][v] and pred[v][u]
    pairs = 0
    dicts = _rows(r, "edges", raw["edge_groups"], m, S, S_none)
    for u, v, key, d in zip(sources, targets, map(S.__getitem__, ks), dicts, strict=True):
        nbrs = succ[u]
        keydict = nbrs.get(v)
        if keydict is None:
            keydict = nbrs[v] = {key: d}
            pairs += 1
        elif key in keydict:
            raise ValueError(f"edge {u!r} -> {v!r} ({key}) is listed twice")
        else:
            keydict[key] = d
        keydicts.append(keydict)
    del dicts
    order = r.numbers("edges.pred", "i4", pairs)
    _check(order)
    for e in order:
        before = pred[targets[e]]
        u = sources[e]
        if u in before:  # with as many entries as pairs, none repeated means every pair is there
            raise ValueError(f"{u!r} is listed twice among the predecessors of {targets[e]!r}")
        before[u] = keydicts[e]
    del sources, targets, keydicts
    names = r.string_lists("names", len(ids), S)
    if next(r.sections, None) is not None or r.fh.read(1):
        raise ValueError("more data than the header lists")
    name_keys = {n: keys for n, keys in zip(ids, names, strict=True) if keys}
    return SavedGraph(header=header, graph=G, name_keys=name_keys)
