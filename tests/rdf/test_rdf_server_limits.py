"""The endpoint is safe to leave running: hostile requests and heavy queries get bounded answers."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from papergraph.cli import app
from papergraph.errors import PapergraphError
from papergraph.rdf.pool import QueryPool
from papergraph.rdf.server import HostPolicy, SparqlServer, make_server
from tests.rdf.listener import listening

ASK = "ASK { ?p a pg:Paper }"
# 505^4 rows, counted without being kept: runs until its deadline, in constant memory.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# Sorting 505^3 rows must hold them all: grows by about 1 GB a second.
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f ?i"


def serve(build: Path, **options: object) -> SparqlServer:
    srv = make_server(build, port=0, **options)  # type: ignore[arg-type]
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def stop(srv: SparqlServer) -> None:
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def server(tiny_build: Path) -> Iterator[SparqlServer]:
    srv = serve(tiny_build, timeout=5.0, workers=1, socket_timeout=1.0, allowed_hosts=["papergraph.lan"])
    yield srv
    stop(srv)


def raw(srv: SparqlServer, data: bytes, *, timeout: float = 15.0) -> tuple[int, str]:
    """Send bytes as they are; the status and text of the answer (the server closes after it)."""
    with socket.create_connection(("127.0.0.1", srv.info.port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    text = b"".join(chunks).decode("utf-8", "replace")
    return int(text.split(" ", 2)[1]), text


def get(srv: SparqlServer, sparql: str, *, host: str | None = None) -> tuple[int, str]:
    host = f"127.0.0.1:{srv.info.port}" if host is None else host
    path = "/query?" + urllib.parse.urlencode({"query": sparql})
    return raw(srv, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())


def post(srv: SparqlServer, body: bytes, *, length: str | None = None, wait: float = 15.0) -> tuple[int, str]:
    length = str(len(body)) if length is None else length
    head = (f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{srv.info.port}\r\n"
            f"Content-Type: application/sparql-query\r\nContent-Length: {length}\r\n\r\n")
    return raw(srv, head.encode() + body, timeout=wait)


def in_background(fn: Callable[[], tuple[int, str]]) -> tuple[threading.Thread, list[tuple[int, str]]]:
    out: list[tuple[int, str]] = []
    thread = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    thread.start()
    return thread, out


def wait_until(cond: Callable[[], bool], limit: float = 20.0) -> None:
    end = time.monotonic() + limit
    while not cond():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.02)


# --- queries that would leave the store -----------------------------------------


def test_endpoint_refuses_service_and_contacts_nobody(server: SparqlServer) -> None:
    with listening() as lis:
        status, text = get(server, f"SELECT * WHERE {{ SERVICE <{lis.url}> {{ ?s ?p ?o }} }}")
        assert status == 400 and "SERVICE is not allowed" in text
        status, text = post(server, f"ASK {{ SERVICE SILENT <{lis.url}> {{ }} }}".encode())
        assert status == 400 and "SERVICE is not allowed" in text
        assert lis.settle() == []


def test_endpoint_refuses_deep_nesting_without_losing_the_worker(server: SparqlServer) -> None:
    pids = server.pool.state().idle
    status, text = post(server, b"SELECT * WHERE { FILTER(" + b"(" * 20_000 + b"1" + b")" * 20_000 + b") }")
    assert status == 400 and "nests more than 256 levels deep" in text
    assert server.pool.state().idle == pids


# --- Host header: DNS rebinding --------------------------------------------------


@pytest.mark.parametrize(
    "host, status",
    [
        ("127.0.0.1:{port}", 200),
        ("localhost:{port}", 200),
        ("LOCALHOST:{port}", 200),
        ("[::1]:{port}", 200),
        ("localhost", 200),
        ("papergraph.lan:{port}", 200),  # added with allowed_hosts
        ("evil.example:{port}", 403),
        ("evil.example", 403),
        ("localhost.:{port}", 403),
        ("localhost:{other}", 403),
        ("127.0.0.1:abc", 403),
        ("[::1", 400),
    ],
)
def test_host_header(server: SparqlServer, host: str, status: int) -> None:
    port = server.info.port
    host = host.format(port=port, other=port + 1)
    got, text = raw(server, f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert got == status, text
    if status == 403:
        assert "answers to 127.0.0.1, [::1], localhost, papergraph.lan" in text and "<textarea" not in text


def test_missing_host_is_refused_on_http_1_1_only(server: SparqlServer) -> None:
    status, text = raw(server, b"GET / HTTP/1.1\r\n\r\n")
    assert status == 400 and "needs a Host header" in text
    assert raw(server, b"GET / HTTP/1.0\r\n\r\n")[0] == 200


def test_two_host_headers_are_refused(server: SparqlServer) -> None:
    port = server.info.port
    status, _ = raw(server, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n".encode())
    assert status == 400


def test_refused_host_never_reaches_a_worker(server: SparqlServer) -> None:
    with listening() as lis:
        status, _ = get(server, f"SELECT * WHERE {{ SERVICE <{lis.url}> {{ }} }}", host="evil.example")
        assert status == 403 and lis.settle() == []


@pytest.mark.parametrize(
    "given, bound, host, ok",
    [
        ("0.0.0.0", "0.0.0.0", "192.168.1.5:7878", True),  # every interface: any address literal
        ("0.0.0.0", "0.0.0.0", "localhost:7878", True),
        ("0.0.0.0", "0.0.0.0", "evil.example:7878", False),
        ("192.168.1.5", "192.168.1.5", "192.168.1.5:7878", True),
        ("192.168.1.5", "192.168.1.5", "localhost:7878", False),
        ("localhost", "127.0.0.1", "[0:0:0:0:0:0:0:1]:7878", True),
    ],
)
def test_host_policy_by_bind_address(given: str, bound: str, host: str, ok: bool) -> None:
    policy = HostPolicy.for_bind(given, bound, 7878)
    assert (policy.problem([host], "HTTP/1.1") is None) == ok


@pytest.mark.parametrize("name", ["papergraph.lan:8080", "", "a/b"])
def test_allow_host_takes_a_bare_name(tiny_build: Path, name: str) -> None:
    with pytest.raises(PapergraphError, match="--allow-host takes a host name"):
        make_server(tiny_build, allowed_hosts=[name])


# --- malformed requests and idle sockets -----------------------------------------


@pytest.mark.parametrize("length", ["abc", "-1", "+5", "1e3", "5, 6"])
def test_bad_content_length_is_a_400(server: SparqlServer, length: str) -> None:
    status, text = post(server, b"ASK {}", length=length)
    assert status == 400 and "Content-Length must be one whole number" in text


def test_body_shorter_than_its_content_length_is_a_400_after_the_socket_timeout(server: SparqlServer) -> None:
    start = time.monotonic()
    status, text = post(server, b"ASK {}", length="100")
    assert status == 400 and "ended after" in text
    assert 0.8 < time.monotonic() - start < 10


def test_oversized_body_is_a_413(server: SparqlServer) -> None:
    assert post(server, b"ASK {}", length=str(10 << 20))[0] == 413


@pytest.mark.parametrize("sent", [b"", b"GET /query?query=ASK%7B%7D HTT"])
def test_idle_socket_is_closed(server: SparqlServer, sent: bytes) -> None:
    with socket.create_connection(("127.0.0.1", server.info.port), timeout=10) as sock:
        sock.sendall(sent)
        start = time.monotonic()
        assert sock.recv(1024) == b""  # closed without an answer
        assert time.monotonic() - start < 5


# --- heavy queries ---------------------------------------------------------------


def test_memory_cap_stops_a_hungry_query(tiny_build: Path) -> None:
    srv = serve(tiny_build, timeout=30.0, workers=1, max_memory_mb=250)
    try:
        start = time.monotonic()
        status, text = get(srv, HUNGRY)
        assert status == 503 and "the query used more than 250 MB and was stopped" in text
        assert time.monotonic() - start < 10  # the cap, not the 30 s deadline
        status, text = get(srv, ASK)
        assert status == 200 and '"boolean":true' in text.replace(" ", "")
    finally:
        stop(srv)


def test_memory_cap_below_an_idle_worker_is_refused(tiny_build: Path) -> None:
    with pytest.raises(PapergraphError, match="below what an idle query worker already holds"):
        make_server(tiny_build, workers=1, max_memory_mb=1)


def test_a_crashed_worker_is_reported_as_a_crash_and_replaced(tiny_build: Path) -> None:
    srv = serve(tiny_build, timeout=30.0, workers=1, max_workers=1)
    try:
        thread, out = in_background(lambda: get(srv, SLOW))
        wait_until(lambda: bool(srv.pool.state().busy))
        os.kill(srv.pool.state().busy[0], signal.SIGSEGV)
        thread.join(timeout=20)
        status, text = out[0]
        assert status == 500 and "the query crashed the worker (killed by SIGSEGV)" in text
        assert get(srv, ASK)[0] == 200
    finally:
        stop(srv)


def test_two_slow_queries_do_not_hold_up_a_quick_one(tiny_build: Path) -> None:
    srv = serve(tiny_build, timeout=4.0, workers=1, max_workers=3)
    try:
        slow = [in_background(lambda: get(srv, SLOW)) for _ in range(2)]
        wait_until(lambda: len(srv.pool.state().busy) == 2)
        start = time.monotonic()
        status, text = get(srv, ASK)  # served by a third worker, started while the two were busy
        took = time.monotonic() - start
        assert status == 200 and '"boolean":true' in text.replace(" ", "")
        assert all(thread.is_alive() for thread, _ in slow), f"the quick query waited {took:.1f} s"
        for thread, out in slow:
            thread.join(timeout=20)
            assert out[0][0] == 503 and "did not finish within 4 s" in out[0][1]
    finally:
        stop(srv)


def test_all_workers_busy_is_a_quick_503_with_retry_after(tiny_build: Path) -> None:
    srv = serve(tiny_build, timeout=4.0, workers=1, max_workers=2, busy_wait=0.5)
    try:
        slow = [in_background(lambda: get(srv, SLOW)) for _ in range(2)]
        wait_until(lambda: len(srv.pool.state().busy) == 2)
        start = time.monotonic()
        status, text = get(srv, ASK)
        assert status == 503 and "all 2 query workers are busy" in text and "Retry-After: 1" in text
        assert time.monotonic() - start < 2.5
        for thread, _ in slow:
            thread.join(timeout=20)
    finally:
        stop(srv)


def test_extra_workers_retire_when_idle(tiny_build: Path) -> None:
    pool = QueryPool(tiny_build, workers=1, max_workers=3, idle_retire=30.0)
    try:
        assert pool.run(ASK, []).status == 200  # taking the only worker starts a spare
        wait_until(lambda: pool.state().starting == 0)
        assert len(pool.state().idle) == 2
        assert pool.reap() == 0  # not idle long enough yet
        assert pool.reap(now=time.monotonic() + 31) == 1
        assert len(pool.state().idle) == 1
    finally:
        pool.close()


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--workers", "3", "--max-workers", "2"], 2, "need 1 <= --workers <= --max-workers"),  # usage errors
        (["--max-memory", "-5"], 2, "--max-memory takes MB"),
        (["--allow-host", "evil.example:80"], 1, "--allow-host takes a host name"),  # found by the library
    ],
)
def test_serve_refuses_bad_options(tiny_build: Path, args: list[str], code: int, message: str) -> None:
    r = CliRunner(env={"COLUMNS": "400"}).invoke(app, ["serve", str(tiny_build), "--port", "0", *args])
    assert r.exit_code == code and message in r.output
