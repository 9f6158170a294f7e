"""A read-only SPARQL 1.1 Protocol endpoint over a build (stdlib http.server).

``/query`` answers GET ``?query=`` and POST (form-encoded ``query=`` or a
``application/sparql-query`` body) with content negotiation between SPARQL
results JSON, CSV, TSV and XML (N-Triples or Turtle for CONSTRUCT and
DESCRIBE). Updates are refused with 403, at ``/query`` and at ``/update``.
``/`` serves a self-contained query page.

Safe to leave running on a desktop:

- queries cannot fetch URLs (SERVICE is refused, see papergraph.rdf.guard);
- the Host header must name this server (127.0.0.1, localhost or [::1] when
  bound to loopback), so a web page cannot reach it through DNS rebinding;
- each query has a deadline, a memory cap and its own worker process, and
  slow queries cannot starve quick ones (see papergraph.rdf.pool);
- malformed requests get 400, and sockets idle for ``socket_timeout``
  seconds are closed.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from papergraph.errors import PapergraphError
from papergraph.rdf.pool import (
    DEFAULT_BUSY_WAIT,
    DEFAULT_IDLE_RETIRE,
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_TIMEOUT,
    QueryPool,
)
from papergraph.rdf.store import open_store

MAX_BODY = 1 << 20
DEFAULT_SOCKET_TIMEOUT = 30.0
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

_FORMAT_ALIASES = {"json": "application/sparql-results+json", "csv": "text/csv",
                   "tsv": "text/tab-separated-values", "xml": "application/sparql-results+xml"}
_DIGITS = re.compile(r"[0-9]+")


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


def _ip(name: str) -> str | None:
    """``name`` in the canonical form of an IP address, or None if it is not one."""
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return None


def _normal_host(name: str) -> str:
    name = name.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    return _ip(name) or name


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """Which Host headers a server accepts: against DNS rebinding.

    A browser sends the name from the URL it was given; a page that rebinds
    its own name to 127.0.0.1 still sends that name, and is refused.
    """

    names: frozenset[str]
    port: int
    any_ip: bool = False  # bound to every interface: any IP address literal is fine

    @classmethod
    def for_bind(cls, given: str, bound: str, port: int, extra: Iterable[str] = ()) -> HostPolicy:
        names = {_normal_host(given), _normal_host(bound)}
        for name in extra:
            names.add(_allowed_name(name))
        ip = ipaddress.ip_address(bound)
        if ip.is_loopback:
            names.update(LOOPBACK_NAMES)
        if ip.is_unspecified:
            names.add("localhost")
        names.discard("")
        return cls(names=frozenset(names), port=port, any_ip=ip.is_unspecified)

    def shown(self) -> str:
        shown = sorted(f"[{n}]" if ":" in n else n for n in self.names)
        if self.any_ip:
            shown.append("any IP address")
        return ", ".join(shown)

    def problem(self, values: list[str], version: str) -> tuple[int, str] | None:
        """(status, message) when the Host header(s) are not acceptable, else None."""
        if not values:
            if version >= "HTTP/1.1":
                return 400, "an HTTP/1.1 request needs a Host header"
            return None
        if len(values) > 1:
            return 400, "the request has more than one Host header"
        value = values[0].strip()
        if value.startswith("["):
            name, sep, rest = value[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ("" if not rest else None)
            if not sep or port is None:
                return 400, f"malformed Host header {value!r}"
        else:
            name, sep, port = value.rpartition(":")
            if not sep:
                name, port = value, ""
        if port and not (_DIGITS.fullmatch(port) and int(port) == self.port):
            return 403, (f"Host {value!r} names another port; this server is on port {self.port} "
                         f"and answers to {self.shown()}")
        host = _normal_host(name)
        if host in self.names or (self.any_ip and _ip(host) is not None):
            return None
        return 403, (f"Host {value!r} is not served here (a guard against DNS rebinding): this server "
                     f"answers to {self.shown()}; start it with --allow-host NAME to add a name")


def _allowed_name(name: str) -> str:
    norm = _normal_host(name)
    if not norm or (":" in norm and _ip(norm) is None) or any(c in norm for c in "/ @[]"):
        raise PapergraphError(f"--allow-host takes a host name or IP address without a port, got {name!r}")
    return norm


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def _page() -> bytes:
    return resources.files("papergraph.rdf").joinpath("page.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "papergraph-sparql"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.socket_timeout)  # idle or stalled sockets close

    def log_message(self, format: str, *args: Any) -> None:
        self.server.log(format % args)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        problem = self.server.hosts.problem(self.headers.get_all("Host") or [], self.request_version)
        if problem is None:
            return True
        self.close_connection = True
        self._text(*problem)
        return False

    def _send(self, status: int, ctype: str, body: bytes, *, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.close_connection:
            self.send_header("Connection", "close")
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
        answer = self.server.pool.run(sparql, accept)
        self._send(answer.status, answer.content_type, answer.body, extra=dict(answer.headers))

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        if self.headers.get("Content-Length", "0").strip() not in ("", "0"):
            self.close_connection = True  # a body we do not read must not pass for the next request
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

    def _body(self) -> str | None:
        """The request body as text; None when it was refused (the answer is sent)."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._text(411, "send the body with a Content-Length; Transfer-Encoding is not supported")
            return None
        values = [v.strip() for v in self.headers.get_all("Content-Length") or []]
        if not values:
            return ""
        if len(set(values)) > 1 or not _DIGITS.fullmatch(values[0]):
            self.close_connection = True
            shown = ", ".join(repr(v) for v in values)
            self._text(400, f"Content-Length must be one whole number of bytes (0 or more), got {shown}")
            return None
        if len(values[0]) > 18 or int(values[0]) > MAX_BODY:
            self.close_connection = True
            self._text(413, f"request body over {MAX_BODY} bytes")
            return None
        length = int(values[0])
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            body = None
        if body is None or len(body) < length:
            self.close_connection = True
            got = "" if body is None else f"{len(body)} of "
            self._text(400, f"the request body ended after {got}the {length} bytes its Content-Length "
                            f"announced (or stalled for {self.server.socket_timeout:g} s)")
            return None
        return body.decode("utf-8", "replace")

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        body = self._body()
        if body is None:
            return
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

    def __init__(self, pool: QueryPool, *, host: str, port: int, allowed_hosts: Iterable[str] = (),
                 socket_timeout: float = DEFAULT_SOCKET_TIMEOUT, log: Any = None) -> None:
        self.pool = pool
        self.log = log or (lambda _msg: None)
        self.socket_timeout = socket_timeout
        super().__init__((host, port), _Handler)
        info = self.info
        self.hosts = HostPolicy.for_bind(host, info.host, info.port, allowed_hosts)

    @property
    def info(self) -> ServerInfo:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{host}]" if ":" in host else host
        return ServerInfo(url=f"http://{shown}:{port}/", host=str(host), port=int(port))

    def service_actions(self) -> None:
        self.pool.reap()  # called by serve_forever() between requests

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
    max_workers: int | None = None,
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB,
    busy_wait: float = DEFAULT_BUSY_WAIT,
    idle_retire: float = DEFAULT_IDLE_RETIRE,
    allowed_hosts: Iterable[str] = (),
    socket_timeout: float = DEFAULT_SOCKET_TIMEOUT,
    log: Any = None,
) -> SparqlServer:
    """A server for the build in ``outdir``; call ``serve_forever()`` on it.

    ``port=0`` picks a free port (see ``server.info.url``). ``timeout`` is
    each query's deadline in seconds and ``max_memory_mb`` its worker's memory
    cap (None: no cap). ``workers`` processes are kept ready and up to
    ``max_workers`` (default 4) run at once; a request waits ``busy_wait``
    seconds for one when all are busy. ``allowed_hosts`` adds names the Host
    header may carry. Sockets idle for ``socket_timeout`` seconds are closed.
    ``log`` receives one line per request when given.
    """
    extra = [_allowed_name(name) for name in allowed_hosts]
    if socket_timeout <= 0:
        raise PapergraphError("the socket timeout must be positive")
    open_store(outdir)  # build the store once, before workers open it read-only
    pool = QueryPool(outdir, workers=workers, max_workers=max_workers, timeout=timeout,
                     max_memory_mb=max_memory_mb, busy_wait=busy_wait, idle_retire=idle_retire, log=log)
    try:
        return SparqlServer(pool, host=host, port=port, allowed_hosts=extra,
                            socket_timeout=socket_timeout, log=log)
    except OSError as exc:
        pool.close()
        raise PapergraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except BaseException:
        pool.close()
        raise
