"""The triples SHACL needs to check some of a graph's nodes exactly as in the whole graph.

papergraph's shapes (schemas/shapes.ttl) look only at a focus node's own
triples, at the triples pointing to it through an ``sh:inversePath``, and at
the ``rdf:type`` of the nodes those triples reach (``sh:class``, alone, in an
``sh:or`` or in a qualified value shape). So the *neighbourhood* of a set of
nodes C -- every triple whose subject is in C, the inverse-path triples whose
object is in C, and the type triples of every node those reach -- gives each
node of C the same validation results as the whole graph does. The nodes
outside C that it types are targets too, with their other triples missing:
their results are not about C and are dropped.
:func:`check_local_shapes` refuses shapes for which this would not hold.

:func:`sample` picks C for a large build: the papers whose IRIs hash lowest,
and what they own -- their results and evidence, the relations derived from
them, the entities they link to and those entities' aliases. It reads its
triples in a few passes over a re-iterable source (a list, or a function that
reads graph.nt again), so a written build is sampled without loading it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL, PROV, RDFS, SH

from papergraph.rdf.namespace import PG

Triple = tuple[str, str, str]
Source = Callable[[], Iterable[Triple]]

_TYPE = f"<{RDF.type}>"
_PAPER = f"<{PG.Paper}>"
_DERIVED = f"<{PROV.wasDerivedFrom}>"
_ENTITY_CLASSES = frozenset(f"<{c}>" for c in (PG.Method, PG.Dataset, PG.Task, PG.Metric))

# What a shape may say for the neighbourhood to be exact: anything about the
# focus node's own values, and of other nodes only their rdf:type.
_LOCAL = frozenset({
    SH.path, SH.inversePath, SH.property, SH.message, SH.targetClass, SH.nodeKind, SH.datatype,
    SH.minCount, SH.maxCount, SH.minLength, SH.maxLength, SH.pattern, SH.flags, SH["in"], SH.hasValue,
    SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.lessThan,
    SH.lessThanOrEquals, SH.equals, SH.disjoint, SH["class"], SH["or"], SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.severity, SH.name, SH.description, SH.deactivated,
    RDF.type, RDF.first, RDF.rest, RDFS.comment, RDFS.label, OWL.imports,
})

_NESTING = frozenset({SH.path, SH.property, SH["or"], SH.qualifiedValueShape, SH.lessThan,
                      SH.lessThanOrEquals, SH.equals, SH.disjoint})


def check_local_shapes(shapes: Graph) -> frozenset[str]:
    """The predicates the shapes follow backwards; ValueError for a shape that is not local."""
    for p in set(shapes.predicates()):
        if p not in _LOCAL:
            raise ValueError(f"shape predicate {p} may look past a node's neighbours")
    inner = [alt for lst in shapes.objects(None, SH["or"]) for alt in shapes.items(lst)]
    inner += list(shapes.objects(None, SH.qualifiedValueShape))
    for shape in inner:  # a shape of a value node: only that node and its type
        if set(shapes.predicates(shape)) & _NESTING:
            raise ValueError(f"a shape within sh:or or sh:qualifiedValueShape follows a path: {shape}")
    inverse = set()
    for path in shapes.objects(None, SH.path):
        if isinstance(path, URIRef):
            continue
        back = shapes.value(path, SH.inversePath)
        if not isinstance(back, URIRef) or set(shapes.predicates(path)) != {SH.inversePath}:
            raise ValueError(f"shape path {path} is neither a predicate nor its inverse")
        inverse.add(f"<{back}>")
    return frozenset(inverse)


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The triples to validate (``triples``) and the nodes whose results count (``checked``)."""

    triples: list[Triple]
    checked: frozenset[str]
    own: int  # the triples whose subject is checked


def neighbourhood(source: Source, checked: Iterable[str], inverse: frozenset[str]) -> Neighbourhood:
    """The neighbourhood of ``checked`` in the triples of ``source`` (two passes)."""
    keep = frozenset(checked)
    own: list[Triple] = []
    pointing: list[Triple] = []
    reached: set[str] = set()
    for t in source():
        s, p, o = t
        if s in keep:
            own.append(t)
            if o.startswith("<"):
                reached.add(o)
        elif p in inverse and o in keep:
            pointing.append(t)
            reached.add(s)
    reached -= keep
    types = [t for t in source() if t[1] == _TYPE and t[0] in reached]
    return Neighbourhood(triples=own + pointing + types, checked=keep, own=len(own))


def _rank(iri: str) -> str:
    return hashlib.sha1(iri.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Sample:
    nodes: frozenset[str]  # the checked nodes
    papers: int  # papers sampled
    papers_total: int


def sample(source: Source, *, papers: int) -> Sample:
    """The sampled papers and what they own (see the module docstring)."""
    paper_ids: list[str] = []
    entities: set[str] = set()
    for s, p, o in source():
        if p == _TYPE:
            if o == _PAPER:
                paper_ids.append(s)
            elif o in _ENTITY_CLASSES:
                entities.add(s)
    all_papers = frozenset(paper_ids)
    chosen = frozenset(sorted(all_papers, key=_rank)[:papers])
    nodes = set(chosen)
    frontier: set[str] = set(chosen)
    first = True
    while frontier:
        nxt: set[str] = set()
        for s, p, o in source():
            if first and p == _DERIVED and o in chosen and s not in nodes:
                nxt.add(s)  # a result, evidence or relation read from a sampled paper
            if s not in frontier or not o.startswith("<") or o in nodes or o in all_papers:
                continue
            if s in entities and o in entities:
                continue  # an entity's neighbours are checked only when a sampled paper links them
            nxt.add(o)
        first = False
        nodes |= nxt
        frontier = nxt
    return Sample(nodes=frozenset(nodes), papers=len(chosen), papers_total=len(all_papers))


def nt_triples(lines: Iterable[str]) -> Iterator[Triple]:
    """(subject, predicate, object) term strings of N-Triples lines as papergraph writes them."""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        s, p, rest = line.split(" ", 2)
        yield s, p, rest[:-1].rstrip()
