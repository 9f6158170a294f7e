"""Canned SPARQL queries shipped as .rq files in papergraph/rdf/queries.

Each file starts with a comment header::

    # title: Leaderboard for a dataset
    # description: ...
    # param: dataset (required) Dataset name or alias, e.g. "ImageNet"
    # param: min_papers (optional, integer, default 2) Pairs seen in fewer papers are left out

Every parameter is bound to the SPARQL variable of the same name (see
:func:`papergraph.rdf.sparql.execute`), so the query must SELECT it; those
echo columns are dropped from the rows :func:`run_named` returns. An optional
parameter without a value is bound to its default ("" unless declared), which
the query tests for: ``FILTER(?metric = "" || ...)``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

from rdflib import Literal as RdfLiteral
from rdflib.namespace import XSD

from papergraph.errors import QueryError
from papergraph.rdf.sparql import QueryResult, query

_PARAM = re.compile(
    r"^#\s*param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*"
    r"\((?P<opts>[^)]*)\)\s*(?P<help>.*)$"
)
_TYPES = ("string", "integer", "decimal")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    required: bool
    type: str  # "string", "integer" or "decimal"
    default: str
    help: str

    def literal(self, text: str) -> RdfLiteral:
        """``text`` as an RDF literal of this parameter's type."""
        if self.type == "string":
            return RdfLiteral(text)
        try:
            if self.type == "integer":
                return RdfLiteral(int(text.strip()), datatype=XSD.integer)
            return RdfLiteral(Decimal(text.strip()), datatype=XSD.decimal)
        except (ValueError, InvalidOperation):
            raise QueryError(f"parameter {self.name!r} must be a {self.type}, not {text!r}") from None


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str

    def usage(self) -> str:
        parts = [f"--name {self.name}"]
        for p in self.params:
            part = f"--param {p.name}=..."
            parts.append(part if p.required else f"[{part}]")
        return " ".join(parts)


def _parse(name: str, text: str) -> NamedQuery:
    title = description = ""
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line.lstrip("#").strip()
        if body.startswith("title:"):
            title = body[len("title:") :].strip()
        elif body.startswith("description:"):
            description = body[len("description:") :].strip()
        elif body.startswith("param:"):
            m = _PARAM.match(line)
            if not m:
                raise QueryError(f"{name}.rq: cannot read parameter line {line!r}")
            opts = [o.strip() for o in m["opts"].split(",") if o.strip()]
            typ = next((o for o in opts if o in _TYPES), "string")
            default = next((o[len("default") :].strip() for o in opts if o.startswith("default")), "")
            params.append(
                Param(
                    name=m["name"],
                    required="required" in opts,
                    type=typ,
                    default=default.strip('"'),
                    help=m["help"].strip(),
                )
            )
    return NamedQuery(name=name, title=title, description=description, params=tuple(params), sparql=text)


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, NamedQuery]:
    folder = resources.files("papergraph.rdf").joinpath("queries")
    out: dict[str, NamedQuery] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            out[name] = _parse(name, entry.read_text("utf-8"))
    return out


def list_queries() -> list[NamedQuery]:
    """The canned queries, by name."""
    return list(_catalogue().values())


def get_query(name: str) -> NamedQuery:
    cat = _catalogue()
    if name not in cat:
        raise QueryError(f"no canned query named {name!r}; available: {', '.join(cat)}")
    return cat[name]


def bind_params(nq: NamedQuery, params: Mapping[str, str] | None) -> dict[str, RdfLiteral]:
    """Check ``params`` against the query's declaration and make them literals."""
    params = dict(params or {})
    known = {p.name for p in nq.params}
    unknown = sorted(set(params) - known)
    if unknown:
        hint = ", ".join(sorted(known)) or "none"
        raise QueryError(f"query {nq.name!r} has no parameter {unknown[0]!r}; its parameters: {hint}")
    bound: dict[str, RdfLiteral] = {}
    for p in nq.params:
        if p.name in params and params[p.name] is not None:
            bound[p.name] = p.literal(str(params[p.name]))
        elif p.required:
            raise QueryError(
                f"query {nq.name!r} needs --param {p.name}=VALUE ({p.help or p.name})"
            )
        else:
            bound[p.name] = p.literal(p.default)
    return bound


def run_named(
    outdir: str | os.PathLike[str], name: str, params: Mapping[str, str] | None = None
) -> QueryResult:
    """Run the canned query ``name`` on the build in ``outdir`` with ``params``."""
    nq = get_query(name)
    bound = bind_params(nq, params)
    result = query(outdir, nq.sparql, bindings=bound)
    return result.without(tuple(bound))
