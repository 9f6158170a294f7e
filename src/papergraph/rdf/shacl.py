"""SHACL validation of papergraph's shapes in two streaming passes over N-Triples.

pyshacl checks a graph node by node through rdflib, at about 60 us a triple
plus 30 us to parse it: a whole corpus build (millions of triples) would take
longer than the build. papergraph's shapes use a small part of SHACL Core:
shapes that target classes, and property shapes over a predicate or its
inverse with counts, datatypes, node kinds, lengths, value lists, numeric
bounds, ``sh:lessThan``, ``sh:class`` (alone, in an ``sh:or`` of classes and
datatypes, or in a qualified value shape). Each of those needs a focus node's
own triples, the number of triples pointing at it, and the ``rdf:type`` of the
nodes it points at.

So validation here is two passes over the triples, in subject order (graph.nt
is written sorted): the first gathers each node's classes (only the classes
the shapes name) and counts the triples of inverse paths; the second reads
each subject's triples as a group and checks its shapes. Memory is the class
table, not the graph. :func:`compile_shapes` reads the constraints from a
shapes graph and refuses any SHACL feature it does not implement, so the
shapes file cannot outgrow the validator unnoticed; the tests check its
results against pyshacl's on valid and broken graphs.

Results are :class:`Finding` records: focus node, path, constraint component,
value and message (the property shape's ``sh:message``, else a sentence
naming the constraint).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from papergraph.progress import ProgressFn, Throttle, noop

Lines = Callable[[], Iterable[str]]

_TYPE = f"<{RDF.type}>"
_XSD_STRING = f"<{XSD.string}>"
_LANG_STRING = f"<{RDF.langString}>"
_TZ = r"(Z|[+-]\d{2}:\d{2})?"
#: Lexical spaces of the datatypes the shapes may name (whitespace collapsed first).
_LEXICAL: dict[str, re.Pattern[str] | None] = {
    _XSD_STRING: None,
    _LANG_STRING: None,
    f"<{XSD.integer}>": re.compile(r"[+-]?\d+"),
    f"<{XSD.nonNegativeInteger}>": re.compile(r"\+?\d+|-0+"),
    f"<{XSD.decimal}>": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    f"<{XSD.boolean}>": re.compile(r"true|false|1|0"),
    f"<{XSD.date}>": re.compile(r"(-?\d{4,})-(\d{2})-(\d{2})" + _TZ),
    f"<{XSD.gYearMonth}>": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])" + _TZ),
    f"<{XSD.gYear}>": re.compile(r"-?\d{4,}" + _TZ),
}
_NUMERIC = {f"<{XSD.integer}>", f"<{XSD.nonNegativeInteger}>", f"<{XSD.decimal}>"}

#: The shape predicates this validator implements.
_NODE_KEYS = frozenset({SH.targetClass, SH.property, SH.nodeKind, RDF.type, SH.message})
_PROPERTY_KEYS = frozenset({
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH.minLength, SH["in"], SH["class"],
    SH["or"], SH.minInclusive, SH.maxInclusive, SH.lessThan, SH.qualifiedValueShape, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.message,
})
_VALUE_KEYS = frozenset({SH["class"], SH.datatype})


@dataclass(frozen=True, slots=True)
class ValueTest:
    """A test of one value: it has ``cls`` among its types, or is a literal of ``datatype``."""

    cls: str | None = None
    datatype: str | None = None


@dataclass(frozen=True, slots=True)
class PropertyShape:
    path: str  # the predicate, as an N-Triples IRI
    inverse: bool = False
    min_count: int | None = None
    max_count: int | None = None
    datatype: str | None = None
    iri_only: bool = False  # sh:nodeKind sh:IRI
    min_length: int | None = None
    allowed: frozenset[str] | None = None  # sh:in, as N-Triples terms
    classes: tuple[str, ...] = ()
    any_of: tuple[ValueTest, ...] = ()  # sh:or
    min_inclusive: Decimal | None = None
    max_inclusive: Decimal | None = None
    less_than: str | None = None
    qualified: tuple[ValueTest, int | None, int | None] | None = None
    message: str | None = None


@dataclass(frozen=True, slots=True)
class NodeShape:
    name: str
    targets: frozenset[str]
    iri_only: bool
    properties: tuple[PropertyShape, ...]


@dataclass(frozen=True, slots=True)
class Shapes:
    shapes: tuple[NodeShape, ...]
    classes: frozenset[str] = field(default=frozenset())  # every class a shape names
    inverse: frozenset[str] = field(default=frozenset())  # predicates followed backwards


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One violation: ``path`` is "" for the node itself or an inverse path, ``value`` "" when none."""

    focus: str
    path: str
    component: str  # the SHACL constraint component's local name, e.g. "MinCountConstraintComponent"
    value: str
    message: str


# --- compiling the shapes --------------------------------------------------------------


def _nt(term: object) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return _plain(term.n3())
    raise ValueError(f"a shape names {term!r}, neither an IRI nor a literal")


def _int(g: Graph, node: Node, pred: URIRef) -> int | None:
    v = g.value(node, pred)
    return None if v is None else int(str(v))


def _dec(g: Graph, node: Node, pred: URIRef) -> Decimal | None:
    v = g.value(node, pred)
    return None if v is None else Decimal(str(v))


def _only(g: Graph, node: Node, allowed: frozenset[URIRef], what: str) -> None:
    extra = set(g.predicates(node)) - allowed
    if extra:
        names = ", ".join(sorted(str(p) for p in extra))
        raise ValueError(f"{what} {node} uses SHACL features papergraph's validator does not implement: {names}")


def _value_test(g: Graph, node: Node) -> ValueTest:
    _only(g, node, _VALUE_KEYS, "value shape")
    cls, dt = g.value(node, SH["class"]), g.value(node, SH.datatype)
    if (cls is None) == (dt is None):
        raise ValueError(f"value shape {node} needs exactly one of sh:class and sh:datatype")
    if dt is not None and _nt(dt) not in _LEXICAL:
        raise ValueError(f"datatype {dt} is not one papergraph's validator knows")
    return ValueTest(cls=None if cls is None else _nt(cls), datatype=None if dt is None else _nt(dt))


def _property(g: Graph, node: Node) -> PropertyShape:
    _only(g, node, _PROPERTY_KEYS, "property shape")
    path = g.value(node, SH.path)
    inverse = False
    if isinstance(path, BNode):
        _only(g, path, frozenset({SH.inversePath}), "path")
        path, inverse = g.value(path, SH.inversePath), True
    if not isinstance(path, URIRef):
        raise ValueError(f"property shape {node} has no predicate path")
    kind = g.value(node, SH.nodeKind)
    if kind not in (None, SH.IRI):
        raise ValueError(f"sh:nodeKind {kind} is not implemented (only sh:IRI)")
    dt = g.value(node, SH.datatype)
    if dt is not None and _nt(dt) not in _LEXICAL:
        raise ValueError(f"datatype {dt} is not one papergraph's validator knows")
    lst = g.value(node, SH["in"])
    alts = g.value(node, SH["or"])
    less = g.value(node, SH.lessThan)
    q = g.value(node, SH.qualifiedValueShape)
    msg = g.value(node, SH.message)
    if inverse and set(g.predicates(node)) - {SH.path, SH.minCount, SH.maxCount, SH.message}:
        raise ValueError(f"property shape {node}: an inverse path takes only counts")
    return PropertyShape(
        path=_nt(path), inverse=inverse,
        min_count=_int(g, node, SH.minCount), max_count=_int(g, node, SH.maxCount),
        datatype=None if dt is None else _nt(dt), iri_only=kind == SH.IRI,
        min_length=_int(g, node, SH.minLength),
        allowed=None if lst is None else frozenset(_nt(v) for v in g.items(lst)),
        classes=tuple(sorted(_nt(c) for c in g.objects(node, SH["class"]))),
        any_of=() if alts is None else tuple(_value_test(g, a) for a in g.items(alts)),
        min_inclusive=_dec(g, node, SH.minInclusive), max_inclusive=_dec(g, node, SH.maxInclusive),
        less_than=None if less is None else _nt(less),
        qualified=None if q is None else (
            _value_test(g, q), _int(g, node, SH.qualifiedMinCount), _int(g, node, SH.qualifiedMaxCount)),
        message=None if msg is None else str(msg),
    )


def compile_shapes(g: Graph) -> Shapes:
    """The node shapes of ``g``; ValueError for a SHACL feature this module does not implement."""
    shapes = []
    for node in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
        _only(g, node, _NODE_KEYS, "node shape")
        kind = g.value(node, SH.nodeKind)
        if kind not in (None, SH.IRI):
            raise ValueError(f"sh:nodeKind {kind} is not implemented (only sh:IRI)")
        props = tuple(_property(g, p) for p in sorted(g.objects(node, SH.property), key=str))
        shapes.append(NodeShape(name=str(node), targets=frozenset(_nt(c) for c in g.objects(node, SH.targetClass)),
                                iri_only=kind == SH.IRI, properties=props))
    classes = {c for s in shapes for c in s.targets}
    for s in shapes:
        for p in s.properties:
            classes.update(p.classes)
            classes.update(t.cls for t in p.any_of if t.cls)
            if p.qualified and p.qualified[0].cls:
                classes.add(p.qualified[0].cls)
    inverse = frozenset(p.path for s in shapes for p in s.properties if p.inverse)
    return Shapes(shapes=tuple(shapes), classes=frozenset(classes), inverse=inverse)


@lru_cache(maxsize=1)
def shipped_shapes() -> Shapes:
    """schemas/shapes.ttl as shipped in the package, compiled."""
    from papergraph.rdf.validate import schema_text

    return compile_shapes(Graph().parse(data=schema_text("shapes.ttl"), format="turtle"))


# --- terms ------------------------------------------------------------------------------


def _plain(term: str) -> str:
    """An xsd:string literal without its datatype, as N-Triples writes plain literals."""
    return term[: -len(_XSD_STRING) - 2] if term.endswith("^^" + _XSD_STRING) else term


def split_literal(term: str) -> tuple[str, str]:
    """(escaped lexical form, datatype IRI) of an N-Triples literal."""
    end = term.rindex('"')
    rest = term[end + 1 :]
    dt = rest[2:] if rest.startswith("^^") else _LANG_STRING if rest.startswith("@") else _XSD_STRING
    return term[1:end], dt


_UNESCAPE = re.compile(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf"\'\\])')
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def lexical(escaped: str) -> str:
    """The text of an N-Triples literal's escaped lexical form."""
    if "\\" not in escaped:
        return escaped
    return _UNESCAPE.sub(lambda m: _SIMPLE.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), escaped)


def well_formed(text: str, datatype: str) -> bool:
    pattern = _LEXICAL.get(datatype)
    if pattern is None:
        return datatype in _LEXICAL
    m = pattern.fullmatch(text.strip())
    if m is None:
        return False
    if datatype == f"<{XSD.date}>":
        try:
            date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return False
    return True


def _number(term: str) -> Decimal | None:
    if not term.startswith('"'):
        return None
    text, dt = split_literal(term)
    if dt not in _NUMERIC or not well_formed(text, dt):
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


# --- checking ---------------------------------------------------------------------------


def _triples(lines: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        s, p, rest = line.split(" ", 2)
        yield s, p, rest.rstrip()[:-1].rstrip()


@dataclass(slots=True)
class _Index:
    classes: dict[str, frozenset[str]]
    incoming: dict[str, Counter[str]]
    triples: int


def _index(lines: Iterable[str], shapes: Shapes, tick: Callable[[int], None]) -> _Index:
    classes: dict[str, frozenset[str]] = {}
    # One frozenset object per combination of classes: the table holds references, not sets.
    interned: dict[frozenset[str], frozenset[str]] = {}
    incoming: dict[str, Counter[str]] = {p: Counter() for p in shapes.inverse}
    n = 0
    for n, (s, p, o) in enumerate(_triples(lines), 1):
        if p == _TYPE and o in shapes.classes:
            had = classes.get(s)
            got = frozenset((o,)) if had is None else had | {o}
            classes[s] = interned.setdefault(got, got)
        elif p in incoming:
            incoming[p][o] += 1
        if not n % 100_000:
            tick(n)
    return _Index(classes=classes, incoming=incoming, triples=n)


def _groups(triples: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, dict[str, list[str]]]]:
    """Each subject with its values by predicate; ValueError when the subjects are out of order."""
    current: str | None = None
    values: dict[str, list[str]] = {}
    for s, p, o in triples:
        if s != current:
            if current is not None:
                yield current, values
                if s < current:  # sorted lines keep each subject's triples together
                    raise ValueError(f"{s} comes after {current}: validation reads subject-sorted N-Triples")
            current, values = s, {}
        values.setdefault(p, []).append(o)
    if current is not None:
        yield current, values


class _Checker:
    def __init__(self, shapes: Shapes, index: _Index) -> None:
        self.shapes, self.index = shapes, index
        self.by_class: dict[str, list[NodeShape]] = defaultdict(list)
        for shape in shapes.shapes:
            for c in shape.targets:
                self.by_class[c].append(shape)
        self._targets: dict[frozenset[str], list[NodeShape]] = {}

    def shapes_of(self, classes: frozenset[str]) -> list[NodeShape]:
        got = self._targets.get(classes)
        if got is None:
            got = list(dict.fromkeys(s for c in sorted(classes) for s in self.by_class.get(c, ())))
            self._targets[classes] = got
        return got

    def has_class(self, node: str, cls: str) -> bool:
        return cls in self.index.classes.get(node, ())

    def passes(self, value: str, test: ValueTest) -> bool:
        if test.cls is not None:
            return self.has_class(value, test.cls)
        return value.startswith('"') and _datatype_ok(value, test.datatype or "")

    def check(self, focus: str, values: dict[str, list[str]]) -> Iterator[Finding]:
        classes = self.index.classes.get(focus)
        if not classes:
            return
        for shape in self.shapes_of(classes):
            if shape.iri_only and not focus.startswith("<"):
                yield Finding(focus, "", "NodeKindConstraintComponent", focus, "the node is not an IRI")
            for prop in shape.properties:
                yield from self.check_property(focus, prop, values)

    def check_property(self, focus: str, prop: PropertyShape, values: dict[str, list[str]]) -> Iterator[Finding]:
        msg = prop.message
        if prop.inverse:
            n = self.index.incoming[prop.path][focus]
            path = ""
            vals: list[str] = []
        else:
            vals = values.get(prop.path, [])
            n, path = len(vals), prop.path
        if prop.min_count is not None and n < prop.min_count:
            yield Finding(focus, path, "MinCountConstraintComponent", "",
                          msg or f"fewer than {prop.min_count} value(s)")
        if prop.max_count is not None and n > prop.max_count:
            yield Finding(focus, path, "MaxCountConstraintComponent", "",
                          msg or f"more than {prop.max_count} value(s)")
        for v in vals:
            yield from self.check_value(focus, prop, v, values)
        if prop.qualified is not None:
            test, low, high = prop.qualified
            k = sum(1 for v in vals if self.passes(v, test))
            if low is not None and k < low:
                yield Finding(focus, path, "QualifiedMinCountConstraintComponent", "",
                              msg or f"fewer than {low} value(s) of the qualified shape")
            if high is not None and k > high:
                yield Finding(focus, path, "QualifiedMaxCountConstraintComponent", "",
                              msg or f"more than {high} value(s) of the qualified shape")

    def check_value(self, focus: str, prop: PropertyShape, v: str, values: dict[str, list[str]]) -> Iterator[Finding]:
        path, msg = prop.path, prop.message
        literal = v.startswith('"')
        if prop.datatype is not None and not (literal and _datatype_ok(v, prop.datatype)):
            yield Finding(focus, path, "DatatypeConstraintComponent", v, msg or f"not a literal of datatype {_name(prop.datatype)}")
        if prop.iri_only and not v.startswith("<"):
            yield Finding(focus, path, "NodeKindConstraintComponent", v, msg or "not an IRI")
        if prop.min_length is not None and (v.startswith("_:") or len(_text(v)) < prop.min_length):
            yield Finding(focus, path, "MinLengthConstraintComponent", v,
                          msg or f"shorter than {prop.min_length} character(s)")
        if prop.allowed is not None and _plain(v) not in prop.allowed:
            yield Finding(focus, path, "InConstraintComponent", v, msg or "not one of the allowed values")
        for cls in prop.classes:
            if not self.has_class(v, cls):
                yield Finding(focus, path, "ClassConstraintComponent", v, msg or f"not of class {_name(cls)}")
        if prop.any_of and not any(self.passes(v, t) for t in prop.any_of):
            yield Finding(focus, path, "OrConstraintComponent", v, msg or "conforms to none of the alternatives")
        if prop.min_inclusive is not None or prop.max_inclusive is not None:
            x = _number(v)
            if (x is None or (prop.min_inclusive is not None and x < prop.min_inclusive)
                    or (prop.max_inclusive is not None and x > prop.max_inclusive)):
                low = "MinInclusiveConstraintComponent"
                high = "MaxInclusiveConstraintComponent"
                if prop.min_inclusive is not None and (x is None or x < prop.min_inclusive):
                    yield Finding(focus, path, low, v, msg or f"below {prop.min_inclusive}")
                if prop.max_inclusive is not None and (x is None or x > prop.max_inclusive):
                    yield Finding(focus, path, high, v, msg or f"above {prop.max_inclusive}")
        if prop.less_than is not None:
            x = _number(v)
            for w in values.get(prop.less_than, []):
                y = _number(w)
                if x is None or y is None or not x < y:
                    yield Finding(focus, path, "LessThanConstraintComponent", v,
                                  msg or f"not less than the value of {_name(prop.less_than)}")


def _name(iri: str) -> str:
    """The local name of an N-Triples IRI, for messages: ``<...ontology#Dataset>`` -> ``Dataset``."""
    return iri.strip("<>").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _datatype_ok(term: str, datatype: str) -> bool:
    text, dt = split_literal(term)
    return dt == datatype and well_formed(lexical(text), dt)


def _text(term: str) -> str:
    if term.startswith('"'):
        return lexical(split_literal(term)[0])
    return term[1:-1]


@dataclass(frozen=True, slots=True)
class Report:
    triples: int
    findings: list[Finding]


def validate_lines(
    lines: Lines, shapes: Shapes | None = None, *, progress: ProgressFn | None = None, total: int | None = None
) -> Report:
    """Check the N-Triples lines ``lines()`` yields (twice; subject-sorted) against ``shapes``.

    ``progress`` hears stage "shacl" in triples read over both passes (``2 * total`` when the
    number of triples is known).
    """
    shapes = shapes or shipped_shapes()
    tick = Throttle(progress or noop, "shacl", None if total is None else 2 * total)
    index = _index(lines(), shapes, tick)
    checker = _Checker(shapes, index)
    findings: list[Finding] = []
    done = index.triples
    counted = _counting(_triples(lines()), lambda n: tick(done + n))
    for focus, values in _groups(counted):
        findings.extend(checker.check(focus, values))
    tick.end(2 * index.triples)
    return Report(triples=index.triples, findings=sorted(set(findings)))


def _counting(triples: Iterator[tuple[str, str, str]], tick: Callable[[int], None]) -> Iterator[tuple[str, str, str]]:
    for n, t in enumerate(triples, 1):
        if not n % 100_000:
            tick(n)
        yield t
