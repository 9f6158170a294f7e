"""Queries cannot fetch URLs or nest deep enough to crash, in the Python API and the CLI."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from papergraph.cli import app
from papergraph.errors import QueryError
from papergraph.rdf import query
from papergraph.rdf.guard import MAX_NESTING, check_query, unescape_codepoints
from tests.rdf.listener import Listener, listening


@pytest.fixture
def listener() -> Iterator[Listener]:
    with listening() as lis:
        yield lis


def test_without_the_guard_pyoxigraph_would_contact_the_listener(listener: Listener) -> None:
    # The hole the guard closes: pyoxigraph itself sends the request.
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    assert listener.settle() and listener.contacts[0].startswith(b"POST /sparql")


# Each query names the listener as U; oxigraph 0.5 sends a request for every one of them.
REFUSED = [
    ("plain", "SELECT * WHERE { SERVICE <U> { ?s ?p ?o } }"),
    ("lower_case", "select * where { service <U> { ?s ?p ?o } }"),
    ("silent", "SELECT * WHERE { SERVICE SILENT <U> { ?s ?p ?o } }"),
    ("endpoint_in_a_variable", "SELECT * WHERE { VALUES ?u { <U> } SERVICE ?u { ?s ?p ?o } }"),
    ("u_escape", r"SELECT * WHERE { \u0053ERVICE <U> { ?s ?p ?o } }"),
    ("long_u_escape", r"SELECT * WHERE { SERV\U00000049CE <U> { ?s ?p ?o } }"),
    ("glued_to_a_prefixed_name", "PREFIX u: <U> SELECT * WHERE { SERVICEu:x { ?s ?p ?o } }"),
    ("prefix_named_service", "PREFIX service: <U> SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
    ("after_variable_and_dot", "SELECT * WHERE { ?s ?p ?o.SERVICE <U> { ?s ?p ?o } }"),
    ("after_a_comment_line", "SELECT * WHERE { # look: SERVICE\nSERVICE <U> { ?s ?p ?o } }"),
    ("less_than_that_looks_like_an_iri",
     "SELECT * WHERE { ?s ?p ?o FILTER(?o<?b)SERVICE#>\n<U> { ?s ?p ?o } }"),
    ("less_than_before_a_string_that_looks_like_an_iri",
     "SELECT * WHERE { ?s ?p ?o FILTER(?o <'x>') SERVICE <U> { ?s ?p ?o } #'\n}"),
    ("glued_to_a_number", "SELECT * WHERE { ?s ?p 1SERVICE<U>{ ?s ?p ?o } }"),
    ("glued_to_a_string", "SELECT * WHERE { ?s ?p \"x\"SERVICE<U>{ ?s ?p ?o } }"),
    ("after_an_escaped_hash_in_a_name",
     "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ?p ex:a\\# SERVICE <U> { ?s ?p ?o } }"),
    ("in_filter_exists", "SELECT * WHERE { FILTER EXISTS { SERVICE <U> { ?s ?p ?o } } }"),
    ("in_a_subquery", "SELECT * WHERE { { SELECT * WHERE { SERVICE <U> { ?s ?p ?o } } } }"),
    ("in_construct", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <U> { ?s ?p ?o } }"),
    ("in_ask", "ASK { SERVICE <U> { ?s ?p ?o } }"),
]


@pytest.mark.parametrize("case, sparql", REFUSED, ids=[c for c, _ in REFUSED])
def test_service_is_refused_by_the_python_api(
    tiny_build: Path, listener: Listener, case: str, sparql: str
) -> None:
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        query(tiny_build, sparql.replace("<U>", f"<{listener.url}>"))
    assert listener.settle() == []


def test_service_is_refused_by_the_query_command(tiny_build: Path, listener: Listener) -> None:
    sparql = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    r = CliRunner(env={"COLUMNS": "400"}).invoke(app, ["query", str(tiny_build), sparql])
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: SERVICE is not allowed (line 1, column 18)")
    assert "Traceback" not in r.output
    assert listener.settle() == []


# "SERVICE" where it is only text: each query returns one row.
HARMLESS = [
    ("in_a_string", 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:1/> {}" AS ?x) }'),
    ("in_a_single_quoted_string", "SELECT ?x WHERE { BIND('service' AS ?x) }"),
    ("in_a_long_string", 'SELECT ?x WHERE { BIND("""a\nSERVICE "b" """ AS ?x) }'),
    ("in_a_long_single_quoted_string", "SELECT ?x WHERE { BIND('''SERVICE''' AS ?x) }"),
    ("after_an_escaped_quote", r'SELECT ?x WHERE { BIND("a\" SERVICE <urn:x> {" AS ?x) }'),
    ("in_an_iri", "SELECT ?x WHERE { BIND(<http://example.org/SERVICE> AS ?x) }"),
    ("in_an_iri_with_a_fragment", "SELECT ?x WHERE { BIND(<http://example.org/ServiceOntology#Thing> AS ?x) }"),
    ("in_an_iri_with_parentheses",
     "SELECT ?x WHERE { BIND(<http://dbpedia.org/resource/Service_(economics)> AS ?x) }"),
    ("in_a_comment", "SELECT ?x WHERE { # SERVICE <http://127.0.0.1:1/> { }\n BIND(1 AS ?x) }"),
    ("as_a_local_name", "PREFIX ex: <http://example.org/> SELECT ?x WHERE { BIND(ex:SERVICE AS ?x) }"),
    ("as_a_dotted_local_name", "PREFIX ex: <http://example.org/> SELECT ?x WHERE { BIND(ex:a.service AS ?x) }"),
    ("as_a_variable", "SELECT ?SERVICE WHERE { BIND(1 AS ?SERVICE) }"),
    ("as_a_dollar_variable", "SELECT $service WHERE { BIND(1 AS $service) }"),
    ("as_a_blank_node_label", "SELECT ?x WHERE { VALUES ?x { 1 } FILTER NOT EXISTS { _:service pg:noSuchProperty ?x } }"),
    ("in_a_language_tagged_string", 'SELECT ?x WHERE { BIND("service"@en AS ?x) }'),
    ("as_an_escaped_string", r'SELECT ?x WHERE { BIND("\u0053ERVICE" AS ?x) }'),
]


@pytest.mark.parametrize("case, sparql", HARMLESS, ids=[c for c, _ in HARMLESS])
def test_service_as_text_still_runs(tiny_build: Path, case: str, sparql: str) -> None:
    assert len(query(tiny_build, sparql)) == 1


def nest(kind: str, depth: int) -> str:
    if kind == "parentheses":
        return "SELECT * WHERE { FILTER(" + "(" * depth + "true" + ")" * depth + ") }"
    if kind == "braces":
        return "SELECT * WHERE " + "{" * depth + "}" * depth
    if kind == "blank_node_brackets":
        return "SELECT * WHERE { ?s ?p " + "[ pg:p " * depth + "1" + " ]" * depth + " }"
    if kind == "collections":
        return "SELECT * WHERE { ?s ?p " + "( " * depth + "1" + " )" * depth + " }"
    return "SELECT * WHERE { FILTER(" + "!" * depth + "true) }"  # unary operators


KINDS = ["parentheses", "braces", "blank_node_brackets", "collections", "unary_operators"]


@pytest.mark.parametrize("kind", KINDS)
def test_deep_nesting_is_refused_before_parsing(tiny_build: Path, kind: str) -> None:
    # 20,000 levels overflow the parser's stack and kill the process (400 for collections).
    with pytest.raises(QueryError, match=f"nests more than {MAX_NESTING} levels deep"):
        query(tiny_build, nest(kind, 20_000))


def test_nesting_at_the_limit_still_runs(tiny_build: Path) -> None:
    # FILTER( and the group's brace are two levels; the rest brings it to the limit.
    assert len(query(tiny_build, nest("parentheses", MAX_NESTING - 2))) == 1
    with pytest.raises(QueryError, match="line 1, column"):
        query(tiny_build, nest("parentheses", MAX_NESTING - 1))


def test_a_long_flat_chain_runs_on_a_deep_stack(tiny_build: Path) -> None:
    # 20,000 FILTERs crash a process on the default 8 MiB stack; in a child, to survive a regression.
    code = (
        "import sys; from papergraph.rdf import query; "
        "q = 'SELECT * WHERE { BIND(1 AS ?x) ' + 'FILTER(true) ' * 20000 + '}'; "
        "print(len(query(sys.argv[1], q)))"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(tiny_build)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "1"


@pytest.mark.parametrize(
    "text, expected",
    [
        (r"\u0053ERVICE", "SERVICE"),
        (r"SERV\U00000049CE", "SERVICE"),
        (r"\u00e9t\u00E9", "été"),
        (r"\u005", r"\u005"),  # too short: left alone
        (r"\U00110000", r"\U00110000"),  # past U+10FFFF: left alone
    ],
)
def test_unescape_codepoints(text: str, expected: str) -> None:
    assert unescape_codepoints(text) == expected


@pytest.mark.parametrize(
    "pattern",
    ['"\\', "'''", "<)#", "<a", "#x\n", "?a ", "ex:a.b ", r"\u0041", "(1)+"],
)
def test_the_check_is_linear_on_a_megabyte(pattern: str) -> None:
    # Quadratic scanning would take minutes on 1 MiB of these; linear takes well under a second.
    text = pattern * ((1 << 20) // len(pattern))
    start = time.perf_counter()
    with contextlib.suppress(QueryError):
        check_query(text)
    assert time.perf_counter() - start < 10
