"""Run SPARQL on a build: ``query(outdir, sparql, bindings=...)``.

Queries run on the build's pyoxigraph store; results come back as rdflib
terms, so the library's API stays in rdflib. Parameters are bound with
pyoxigraph substitutions (SEP-0007): a value is an RDF term, never text
pasted into the query, so it cannot change what the query does. A bound
variable must appear in the SELECT clause.

papergraph's prefixes (pg:, rdfs:, skos:, paper:, dataset:, ...) are
predeclared, so ``SELECT ?p WHERE { ?p a pg:Paper }`` works as it is.

A query answers from the build's store only: SERVICE (which would make
pyoxigraph fetch a URL) and nesting deeper than the parser's stack allows are
refused before parsing (see :mod:`papergraph.rdf.guard`). A syntax error
says where, with the line and a caret, and a hint (see :mod:`papergraph.rdf.syntax`).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from papergraph._io import json_array_text, json_text
from papergraph.errors import QueryError
from papergraph.rdf.guard import check_query, on_deep_stack
from papergraph.rdf.namespace import prefixes
from papergraph.rdf.store import open_store
from papergraph.rdf.syntax import explain

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

BindingValue = Node | str | int | float | bool | Decimal


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows of a SELECT, the answer of an ASK, or the triples of a CONSTRUCT.

    ``rows`` hold rdflib terms (None where a variable is unbound). A CONSTRUCT
    or DESCRIBE has the variables ``subject``, ``predicate``, ``object``.
    """

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    hidden: tuple[str, ...] = field(default=())  # parameter columns left out of output

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Node]]:
        for row in self.rows:
            yield {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}

    def to_json(self) -> dict[str, Any]:
        """SPARQL 1.1 Query Results JSON."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        bindings = [{v: _json_term(t) for v, t in row.items()} for row in self]
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV (values only, CRLF line ends)."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        if self.kind == "ask":
            w.writerow(["boolean"])
            w.writerow(["true" if self.boolean else "false"])
            return buf.getvalue()
        w.writerow(self.variables)
        for row in self.rows:
            w.writerow(["" if t is None else _csv_value(t) for t in row])
        return buf.getvalue()

    def without(self, names: tuple[str, ...]) -> QueryResult:
        keep = [i for i, v in enumerate(self.variables) if v not in names]
        return QueryResult(
            kind=self.kind,
            variables=tuple(self.variables[i] for i in keep),
            rows=tuple(tuple(r[i] for i in keep) for r in self.rows),
            boolean=self.boolean,
            hidden=names,
        )


def _json_term(t: Node) -> dict[str, str]:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    if isinstance(t, RdfLiteral):
        d = {"type": "literal", "value": str(t)}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype is not None:
            d["datatype"] = str(t.datatype)
        return d
    return {"type": "literal", "value": str(t)}


def _csv_value(t: Node) -> str:
    return f"_:{t}" if isinstance(t, BNode) else str(t)


def to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == XSD_STRING:
            return RdfLiteral(term.value)
        return RdfLiteral(term.value, datatype=URIRef(dt))
    return RdfLiteral(str(term))  # an RDF-star triple term: shown as text


def to_oxigraph(value: BindingValue) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A parameter value as a pyoxigraph term. Plain strings become literals."""
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, RdfLiteral):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype is not None:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    if isinstance(value, bool | int | float | Decimal | str):
        lit = RdfLiteral(value)
        return to_oxigraph(lit)
    raise QueryError(f"cannot bind a {type(value).__name__} value; pass a str, number or rdflib term")


def _substitutions(bindings: Mapping[str, BindingValue] | None) -> dict[ox.Variable, Any] | None:
    if not bindings:
        return None
    subs = {}
    for name, value in bindings.items():
        name = name.lstrip("?$")
        if not _VAR.match(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        subs[ox.Variable(name)] = to_oxigraph(value)
    return subs


def precheck(sparql: str) -> None:
    """Refuse an update, SERVICE or nesting too deep for the parser, before any store is opened."""
    if _UPDATE.match(sparql):
        raise QueryError("updates are not allowed: papergraph's SPARQL store is read-only")
    check_query(sparql)


def execute(
    store: ox.Store,
    sparql: str,
    *,
    base: str,
    bindings: Mapping[str, BindingValue] | None = None,
) -> Any:
    """Run ``sparql`` on ``store``; pyoxigraph's own results. Errors become QueryError.

    Refuses updates, SERVICE and deep nesting first (:func:`precheck`).
    Results are lazy: iterate them on a deep stack too (see :func:`query`).
    """
    precheck(sparql)
    try:
        return store.query(sparql, prefixes=prefixes(base), substitutions=_substitutions(bindings))
    except SyntaxError as exc:
        raise QueryError(explain(sparql, str(exc), prefixes(base))) from None
    except RuntimeError as exc:
        msg = str(exc)
        if "projection" in msg:
            msg += " (a bound parameter must appear in the SELECT clause)"
        raise QueryError(f"query failed: {msg}") from None
    except OSError as exc:
        raise QueryError(f"query failed reading the store: {exc}") from None


def collect(results: Any) -> QueryResult:
    """pyoxigraph results as a QueryResult of rdflib terms."""
    if isinstance(results, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(results))
    if isinstance(results, ox.QuerySolutions):
        names = tuple(v.value for v in results.variables)
        rows = tuple(tuple(to_rdflib(sol[v]) for v in names) for sol in results)
        return QueryResult(kind="select", variables=names, rows=rows)
    rows = tuple(
        (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in results
    )
    return QueryResult(kind="graph", variables=("subject", "predicate", "object"), rows=rows)


def query(
    outdir: str | os.PathLike[str],
    sparql: str,
    *,
    bindings: Mapping[str, BindingValue] | None = None,
) -> QueryResult:
    """Run a SPARQL query on the build in ``outdir``.

    ``bindings`` maps variable names to values (str -> plain literal, int ->
    xsd:integer, rdflib terms as they are); each must be a SELECT variable.
    Raises BuildNotFoundError without a build and QueryError for a bad query
    (SERVICE and nesting past 256 levels included). Runs on a deep stack.
    """
    st = open_store(outdir)
    return on_deep_stack(lambda: collect(execute(st.store, sparql, base=st.base, bindings=bindings)))


def dumps(result: QueryResult, fmt: Literal["json", "csv"]) -> str:
    if fmt == "json":
        doc = result.to_json()
        if "results" not in doc:
            return json_text(doc)
        # One binding per line: readable, and json's C encoder does the work.
        return f'{{"head": {json_text(doc["head"])}, "results": {{"bindings": {json_array_text(doc["results"]["bindings"])}}}}}'

    return result.to_csv()
