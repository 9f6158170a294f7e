"""A small deterministic Turtle writer for sorted N-Triples terms.

rdflib's Turtle serialiser is slow on large graphs and its output order
depends on the store. Given triples sorted by (subject, predicate, object),
this writes one block per subject, ``a`` first, with papergraph's prefixes,
so the same graph always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import groupby

from papergraph.rdf.terms import XSD

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# PN_LOCAL restricted to what papergraph's IRIs use: no backslash escapes.
_LOCAL = re.compile(r"^(?:[A-Za-z0-9_:]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_:.-]|%[0-9A-Fa-f]{2})*$")
_BARE = {
    f"{XSD}integer": re.compile(r"^[+-]?[0-9]+$"),
    f"{XSD}decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    f"{XSD}boolean": re.compile(r"^(?:true|false)$"),
}


class _Shortener:
    def __init__(self, prefixes: dict[str, str]) -> None:
        # Longest namespace first, so "…/id/paper/" wins over a shorter match.
        self.ns = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        # Predicates, classes and most nodes recur: each IRI is shortened once.
        self._seen: dict[str, str] = {}

    def iri(self, term: str) -> str:
        out = self._seen.get(term)
        if out is None:
            out = self._seen[term] = self._shorten(term)
        return out

    def _shorten(self, term: str) -> str:
        value = term[1:-1]
        for prefix, ns in self.ns:
            if value.startswith(ns):
                local = value[len(ns) :]
                if local == "" or (_LOCAL.match(local) and not local.endswith(".")):
                    return f"{prefix}:{local}"
        return term

    def term(self, term: str) -> str:
        if term.startswith("<"):
            return self.iri(term)
        if term.endswith(">") and '"^^<' in term:
            lexical, _, dt = term.rpartition("^^")
            dt_iri = dt[1:-1]
            bare = _BARE.get(dt_iri)
            if bare and bare.match(lexical[1:-1]):
                return lexical[1:-1]
            return f"{lexical}^^{self.iri(dt)}"
        return term


def _predicate_order(po: tuple[str, str]) -> tuple[int, str, str]:
    return (0 if po[0] == _RDF_TYPE else 1, po[0], po[1])


def turtle_chunks(
    triples: Iterable[tuple[str, str, str]], prefixes: dict[str, str]
) -> Iterator[str]:
    """Turtle text for ``triples`` (sorted by subject), in chunks."""
    sh = _Shortener(prefixes)
    for prefix, ns in prefixes.items():
        yield f"@prefix {prefix}: <{ns}> .\n"
    for subject, group in groupby(triples, key=lambda t: t[0]):
        pos = sorted(((p, o) for _, p, o in group), key=_predicate_order)
        lines: list[str] = []
        for pred, objs in groupby(pos, key=lambda po: po[0]):
            p = "a" if pred == _RDF_TYPE else sh.iri(pred)
            lines.append(f"{p} " + ", ".join(sh.term(o) for _, o in objs))
        yield "\n" + sh.iri(subject) + " " + " ;\n    ".join(lines) + " .\n"
