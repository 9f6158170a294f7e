"""SPARQL syntax errors: the position, the offending line with a caret, a hint, and no grammar dump."""

from __future__ import annotations

from pathlib import Path

import pytest

from papergraph.errors import QueryError
from papergraph.rdf.namespace import DEFAULT_BASE, prefixes
from papergraph.rdf.sparql import query
from papergraph.rdf.syntax import diagnose, explain

DECLARED = prefixes(DEFAULT_BASE)


@pytest.mark.parametrize(
    "sparql, line, column, hint",
    [
        ("SELECT ?t WHERE {\n  ?p dct:title ?t }", 2, 15, "the prefix dct: is not declared; did you mean dcterms:?"),
        ("SELECT ?x WHERE {\n  ?x a foo:Paper }", 2, 17, "the prefix foo: is not declared"),
        ("SELECT ?x WHERE { ?x a pg:Paper ", 1, 33, "1 '{' but 0 '}': a closing brace is missing"),
        ("SELECT ?x WHERE { ?x a pg:Paper } }", 1, 36, "2 '}' but 1 '{'"),
        ("SELECT ?x WHERE {\n  ?x rdfs:label ?l\n  ?x a ?t }", 3, 11,
         "line 2 ends a triple pattern without ' .' before the next one"),
        ("SELECT ?x WHERE { ?x a pg:Paper . FILTER(?x = 1 }", 1, 50, "1 '(' but 0 ')': a closing parenthesis"),
        ('SELECT ?x WHERE { ?x rdfs:label "abc }', 1, 39, "a string is not closed"),
        ("SELECT ?x WHERE { ?x a pg:Paper } LIMT 5", 1, 41, "'LIMT' is not a SPARQL keyword; did you mean LIMIT?"),
        ("SELEC ?x WHERE { ?x ?p ?o }", 1, 10, "did you mean SELECT?"),
    ],
)
def test_common_slips_get_their_position_and_a_hint(tiny_build: Path, sparql: str, line: int, column: int,
                                                    hint: str) -> None:
    with pytest.raises(QueryError) as err:
        query(tiny_build, sparql)
    message = str(err.value)
    lines = message.split("\n")
    assert lines[0].startswith(f"SPARQL syntax error at line {line}, column {column}")
    # The offending line, then a caret under the column.
    offending = sparql.split("\n")[line - 1]
    assert lines[1] == f"  {line} | {offending}"
    caret = lines[2]
    assert caret.endswith("^") and caret.index("^") - caret.index("|") - 2 == min(column, len(offending) + 1) - 1
    assert lines[-1].startswith("hint: ") and hint in lines[-1]
    # No grammar dump: no character classes, no "expected one of Prefix not found".
    assert "\\u{" not in message and "..=" not in message and "not found," not in message
    assert len(lines) == 4


def test_a_declared_prefix_is_not_blamed() -> None:
    sparql = "PREFIX dct: <http://purl.org/dc/terms/>\nSELECT ?t WHERE { ?p dct:title ?t ?x }"
    problem = diagnose(sparql, "error at 2:36: expected one of Prefix not found, ['%']", DECLARED)
    assert problem is not None and "dct:" not in problem.hint


def test_an_error_without_a_position_is_one_line() -> None:
    assert explain("x", "something odd\nmore", DECLARED) == "SPARQL syntax error: something odd"


def test_a_short_expected_list_is_kept() -> None:
    problem = diagnose("SELECT ?x WHERE { ?x ?p ?o } ORDER ?x", "error at 1:38: expected BY", DECLARED)
    assert problem is not None and problem.expected == "expected BY"
