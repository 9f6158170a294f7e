"""The SPARQL endpoint answers a real HTTP client and refuses updates."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from papergraph.rdf.server import SparqlServer, _accepted, make_server

SELECT = "SELECT ?t WHERE { ?p a pg:Paper ; dcterms:title ?t } ORDER BY ?t"


@pytest.fixture(scope="module")
def server(tiny_build: Path) -> Iterator[SparqlServer]:
    srv = make_server(tiny_build, port=0, timeout=2.0, workers=1)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def call(srv: SparqlServer, path: str, *, data: bytes | None = None,
         headers: dict[str, str] | None = None, method: str | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(srv.info.url.rstrip("/") + path, data=data, headers=headers or {},
                                 method=method)
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


def titles(body: bytes) -> list[str]:
    return [b["t"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_binds_localhost_on_an_ephemeral_port(server: SparqlServer) -> None:
    assert server.info.host == "127.0.0.1" and server.info.port > 0


def test_get_query_returns_results_json(server: SparqlServer) -> None:
    status, ctype, body = call(server, "/query?" + urllib.parse.urlencode({"query": SELECT}))
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert titles(body) == ["BarNet", "FooNet: Sparse Vision Transformers", "Quoted"]


@pytest.mark.parametrize(
    "headers, data",
    [
        ({"Content-Type": "application/x-www-form-urlencoded"}, urllib.parse.urlencode({"query": SELECT}).encode()),
        ({"Content-Type": "application/sparql-query"}, SELECT.encode()),
    ],
)
def test_post_query(server: SparqlServer, headers: dict[str, str], data: bytes) -> None:
    status, _, body = call(server, "/query", data=data, headers=headers)
    assert status == 200 and titles(body)[0] == "BarNet"


def test_content_negotiation_csv(server: SparqlServer) -> None:
    url = "/query?" + urllib.parse.urlencode({"query": SELECT})
    status, ctype, body = call(server, url, headers={"Accept": "text/csv;q=0.9, application/xml;q=0.1"})
    assert status == 200 and ctype.startswith("text/csv")
    assert list(csv.reader(io.StringIO(body.decode()))) == [
        ["t"], ["BarNet"], ["FooNet: Sparse Vision Transformers"], ["Quoted"]]


def test_construct_returns_ntriples(server: SparqlServer) -> None:
    q = "CONSTRUCT { ?d a pg:Dataset } WHERE { ?d a pg:Dataset }"
    status, ctype, body = call(server, "/query?" + urllib.parse.urlencode({"query": q}))
    assert status == 200 and ctype.startswith("application/n-triples")
    assert len(body.decode().strip().splitlines()) == 2


UPDATE = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"


@pytest.mark.parametrize(
    "path, headers, data",
    [
        ("/query?" + urllib.parse.urlencode({"query": UPDATE}), {}, None),
        ("/query", {"Content-Type": "application/sparql-update"}, UPDATE.encode()),
        ("/query", {"Content-Type": "application/x-www-form-urlencoded"},
         urllib.parse.urlencode({"update": UPDATE}).encode()),
        ("/update", {"Content-Type": "application/sparql-update"}, UPDATE.encode()),
        ("/update", {"Content-Type": "application/x-www-form-urlencoded"},
         urllib.parse.urlencode({"update": UPDATE}).encode()),
    ],
)
def test_updates_are_refused(server: SparqlServer, path: str, headers: dict, data: bytes | None) -> None:
    status, _, body = call(server, path, data=data, headers=headers)
    assert status == 403 and b"read-only" in body
    ask = "ASK { <urn:a> <urn:b> <urn:c> }"
    _, _, answer = call(server, "/query?" + urllib.parse.urlencode({"query": ask}))
    assert json.loads(answer)["boolean"] is False


@pytest.mark.parametrize(
    "path, status",
    [("/query", 400), ("/query?query=SELEKT", 400), ("/nowhere", 404)],
)
def test_client_errors(server: SparqlServer, path: str, status: int) -> None:
    assert call(server, path)[0] == status


def test_a_syntax_error_gets_the_same_explanation_as_the_library(server: SparqlServer, tiny_build: Path) -> None:
    from papergraph.errors import QueryError
    from papergraph.rdf.sparql import query

    bad = "SELECT ?t WHERE {\n  ?p dct:title ?t }"
    status, ctype, body = call(server, "/query?" + urllib.parse.urlencode({"query": bad}))
    with pytest.raises(QueryError) as err:
        query(tiny_build, bad)
    assert status == 400 and ctype.startswith("text/plain")
    assert body.decode() == str(err.value) + "\n"
    assert "line 2, column 15" in str(err.value) and "dcterms:" in str(err.value)


def test_query_page_is_self_contained(server: SparqlServer) -> None:
    status, ctype, body = call(server, "/")
    assert status == 200 and ctype.startswith("text/html")
    page = body.decode()
    assert "<textarea" in page and "fetch(" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page


def test_slow_query_hits_the_deadline_and_the_server_recovers(tiny_build: Path) -> None:
    srv = make_server(tiny_build, port=0, timeout=0.5, workers=1)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        status, _, body = call(srv, "/query?" + urllib.parse.urlencode({"query": slow}))
        assert status == 503 and b"did not finish" in body
        status, _, body = call(srv, "/query?" + urllib.parse.urlencode({"query": SELECT}))
        assert status == 200 and titles(body)[0] == "BarNet"
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.mark.parametrize(
    "header, expected",
    [
        ("text/csv", ["text/csv"]),
        ("application/json;q=0.5, text/csv", ["text/csv", "application/json"]),
        ("*/*;q=0, text/csv;q=bad", []),
        (None, []),
    ],
)
def test_accept_header_order(header: str | None, expected: list[str]) -> None:
    assert _accepted(header) == expected
