"""A read-only SPARQL 1.1 Protocol endpoint over a build (stdlib http.server).

``/query`` answers GET ``?query=`` and POST (form-encoded ``query=`` or a
``application/sparql-query`` body) with content negotiation between SPARQL
results JSON, CSV, TSV and XML (N-Triples or Turtle for CONSTRUCT and
DESCRIBE). Updates are refused with 403, at ``/query`` and at ``/update``.
``/`` serves a self-contained query page.

Queries run in worker processes that hold the store open read-only. A query
past its deadline cannot be interrupted inside pyoxigraph, so its worker is
killed and replaced, and the client gets 503.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from papergraph.errors import PapergraphError, QueryError
from papergraph.rdf.store import open_store

MAX_BODY = 1 << 20
DEFAULT_TIMEOUT = 30.0
STARTUP_TIMEOUT = 60.0

# (media type, is it for solutions (True) or graphs (False), pyoxigraph format name)
_SOLUTION_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/sparql-results+xml": "XML",
}
_GRAPH_TYPES = {
    "application/n-triples": "N_TRIPLES",
    "text/turtle": "TURTLE",
    "application/ld+json": "JSON_LD",
}
_FORMAT_ALIASES = {"json": "application/sparql-results+json", "csv": "text/csv",
                   "tsv": "text/tab-separated-values", "xml": "application/sparql-results+xml"}


def _accepted(header: str | None) -> list[str]:
    """Media types of an Accept header, by descending q (ties keep their order)."""
    if not header:
        return []
    items = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            items.append((-q, i, fields[0].lower()))
    return [m for _, _, m in sorted(items)]


def _answer(st: Any, sparql: str, accept: list[str]) -> tuple[int, str, bytes]:
    """Run one query in a worker; (status, content type, body)."""
    import pyoxigraph as ox

    from papergraph.rdf.sparql import execute

    try:
        results = execute(st.store, sparql, base=st.base)
    except QueryError as exc:
        status = 403 if "read-only" in str(exc) else 400
        return status, "text/plain; charset=utf-8", (str(exc) + "\n").encode()
    if isinstance(results, ox.QueryTriples):
        fmt = next((_GRAPH_TYPES[m] for m in accept if m in _GRAPH_TYPES), "N_TRIPLES")
        rdf = getattr(ox.RdfFormat, fmt)
        return 200, rdf.media_type, results.serialize(format=rdf) or b""
    fmt = next((_SOLUTION_TYPES[m] for m in accept if m in _SOLUTION_TYPES), "JSON")
    qrf = getattr(ox.QueryResultsFormat, fmt)
    return 200, qrf.media_type, results.serialize(format=qrf) or b""


def _worker_main(outdir: str, conn: Connection) -> None:
    try:
        st = open_store(outdir)
    except Exception as exc:  # noqa: BLE001 - the parent reports why the worker could not start
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        sparql, accept = msg
        try:
            conn.send(_answer(st, sparql, accept))
        except Exception as exc:  # noqa: BLE001 - report any failure to the client, keep serving
            conn.send((500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode()))


class _Worker:
    def __init__(self, ctx: Any, outdir: str) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(outdir, child), daemon=True)
        self.proc.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        """Block until the worker has opened the store; raise if it cannot."""
        if self.conn.poll(timeout):
            try:
                state, detail = self.conn.recv()
            except EOFError:
                state, detail = "failed", "the worker exited"
            if state == "ready":
                return
        else:
            detail = f"no answer within {timeout:g} s"
        self.stop()
        raise PapergraphError(f"a SPARQL query worker could not start: {detail}")

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)
        self.conn.close()


class QueryPool:
    """Worker processes that run queries with a deadline."""

    def __init__(self, outdir: str | os.PathLike[str], *, workers: int = 2, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.outdir = str(Path(outdir).resolve())
        self.timeout = timeout
        self._ctx = mp.get_context("spawn")  # no fork from a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        try:
            for w in [self._spawn() for _ in range(max(1, workers))]:
                w.wait_ready(STARTUP_TIMEOUT)
                self._idle.put(w)
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.outdir)
        with self._lock:
            self._all.append(w)
        return w

    def _replace(self, dead: _Worker) -> None:
        """Stop ``dead`` and start a worker in its place, off the request thread."""
        dead.stop()
        with self._lock:
            if dead in self._all:
                self._all.remove(dead)

        def start() -> None:
            w = self._spawn()
            try:
                w.wait_ready(STARTUP_TIMEOUT)
            except PapergraphError:
                with self._lock:
                    if w in self._all:
                        self._all.remove(w)
                return
            self._idle.put(w)

        threading.Thread(target=start, daemon=True).start()

    def run(self, sparql: str, accept: list[str]) -> tuple[int, str, bytes]:
        try:
            # A replacement worker may still be starting: allow for that too.
            w = self._idle.get(timeout=self.timeout + STARTUP_TIMEOUT)
        except queue.Empty:
            return 503, "text/plain; charset=utf-8", b"all query workers are busy; try again\n"
        w.conn.send((sparql, accept))
        if w.conn.poll(self.timeout):
            try:
                answer = w.conn.recv()
            except EOFError:
                answer = None
            if answer is not None:
                self._idle.put(w)
                return answer
        # Past the deadline (or the worker died): replace the worker.
        self._replace(w)
        msg = f"query did not finish within {self.timeout:g} s and was stopped\n"
        return 503, "text/plain; charset=utf-8", msg.encode()

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for w in workers:
            w.stop()


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def _page() -> bytes:
    return resources.files("papergraph.rdf").joinpath("page.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "papergraph-sparql"

    def log_message(self, format: str, *args: Any) -> None:
        self.server.log(format % args)

    def _send(self, status: int, ctype: str, body: bytes, *, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, **kw: Any) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode(), **kw)

    def _refuse_update(self) -> None:
        self._text(403, "updates are not allowed: this SPARQL endpoint is read-only")

    def _run(self, sparql: str | None, params: dict[str, list[str]]) -> None:
        if not sparql:
            self._text(400, "missing the 'query' parameter (SPARQL 1.1 Protocol)")
            return
        accept = _accepted(self.headers.get("Accept"))
        fmt = (params.get("format") or [""])[0].lower()
        if fmt in _FORMAT_ALIASES:
            accept = [_FORMAT_ALIASES[fmt], *accept]
        status, ctype, body = self.server.pool.run(sparql, accept)
        self._send(status, ctype, body)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", _page(),
                       extra={"Content-Security-Policy": "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"})
        elif url.path == "/query":
            if "update" in params:
                self._refuse_update()
            else:
                self._run(_first(params, "query"), params)
        elif url.path == "/update":
            self._refuse_update()
        else:
            self._text(404, f"no such page: {url.path}; the SPARQL endpoint is /query")

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._text(413, f"request body over {MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/update" or ctype == "application/sparql-update":
            self._refuse_update()
            return
        if url.path != "/query":
            self._text(404, f"no such endpoint: {url.path}; the SPARQL endpoint is /query")
            return
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            if "update" in form:
                self._refuse_update()
                return
            params = {**params, **form}
            self._run(_first(form, "query"), params)
        elif ctype == "application/sparql-query":
            self._run(body, params)
        else:
            self._text(415, "POST a form (query=...) or an application/sparql-query body")

    def _not_allowed(self) -> None:
        self._text(405, "use GET or POST", extra={"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815


@dataclass
class ServerInfo:
    url: str
    host: str
    port: int


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, outdir: str | os.PathLike[str], *, host: str, port: int,
                 timeout: float, workers: int, log: Any = None) -> None:
        open_store(outdir)  # build the store once, before workers open it read-only
        self.pool = QueryPool(outdir, workers=workers, timeout=timeout)
        self.log = log or (lambda _msg: None)
        try:
            super().__init__((host, port), _Handler)
        except OSError:
            self.pool.close()
            raise

    @property
    def info(self) -> ServerInfo:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{host}]" if ":" in host else host
        return ServerInfo(url=f"http://{shown}:{port}/", host=str(host), port=int(port))

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(
    outdir: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = 2,
    log: Any = None,
) -> SparqlServer:
    """A server for the build in ``outdir``; call ``serve_forever()`` on it.

    ``port=0`` picks a free port (see ``server.info.url``). ``log`` receives
    one line per request when given.
    """
    try:
        return SparqlServer(outdir, host=host, port=port, timeout=timeout, workers=workers, log=log)
    except OSError as exc:
        raise PapergraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
