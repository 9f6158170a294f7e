"""Commands registered on the shared app (see papergraph.cli): query, serve, validate."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import typer

from papergraph.cli._app import app, console, handle_errors, out, progress_reporter, usage
from papergraph.cli._tables import Column, WideOpt, fitted_table, print_table
from papergraph.errors import QueryError

OutdirArg = typer.Argument(..., help="A build's output directory (holds graph.nt).")
QuietOpt = typer.Option(False, "--quiet", "-q", help="No progress (bars on a terminal, lines otherwise).")


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise usage(f"--param takes KEY=VALUE, got {pair!r}")
        params[key.strip()] = value
    return params


def _show_catalogue() -> None:
    from papergraph.rdf.named import list_queries

    for nq in list_queries():
        out.print(f"[bold]{nq.name}[/]  {nq.title}", markup=True, highlight=False)
        if nq.description:
            out.print(f"    {nq.description}", markup=False)
        for p in nq.params:
            need = "required" if p.required else f"optional, default {p.default!r}"
            kind = "" if p.type == "string" else f"{p.type}, "
            out.print(f"    --param {p.name}=...  ({kind}{need}) {p.help}", markup=False)
        out.print(f"    usage: papergraph query OUTDIR {nq.usage()}", markup=False)


def _table(result, base: str, *, wide: bool) -> None:  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    from papergraph.rdf.namespace import prefixes

    if result.kind == "ask":
        out.print("true" if result.boolean else "false")
        return
    names = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))

    def show(term: object) -> str:
        if term is None:
            return ""
        s = str(term)
        if isinstance(term, URIRef):
            for prefix, ns in names:
                if s.startswith(ns):
                    return f"{prefix}:{s[len(ns):]}"
        return s

    rows = [[show(t) for t in row] for row in result.rows]
    print_table(out, fitted_table([Column(v) for v in result.variables], rows, wide=wide))
    console.print(f"{len(result)} row(s)")


@app.command("query")
@handle_errors
def query_cmd(
    outdir: Path = typer.Argument(None, help="A build's output directory (holds graph.nt)."),
    sparql: str = typer.Argument(None, help="A SPARQL query (or use --file / --name)."),
    file: Path = typer.Option(None, "--file", "-f", help="Read the query from a .rq file."),
    name: str = typer.Option(None, "--name", "-n", help="Run a canned query (see --list)."),
    param: list[str] = typer.Option([], "--param", "-p", help="KEY=VALUE for a canned query; repeatable."),
    fmt: str = typer.Option("table", "--format", help="table, json (SPARQL 1.1 results JSON) or csv."),
    list_: bool = typer.Option(False, "--list", help="List the canned queries and their parameters."),
    wide: bool = WideOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Run SPARQL on a build: a query, a file or a canned query by name."""
    from papergraph.rdf.named import run_named
    from papergraph.rdf.sparql import dumps, precheck, query
    from papergraph.rdf.store import open_store

    if list_:
        _show_catalogue()
        return
    if fmt not in ("table", "json", "csv"):
        raise usage(f"--format is table, json or csv, not {fmt!r}")
    if outdir is None:
        raise usage("give the build's output directory: papergraph query OUTDIR 'SELECT ...'")
    given = [x for x in (sparql, file, name) if x]
    if len(given) != 1:
        raise usage("give exactly one of a query, --file FILE or --name NAME (see --list)")
    if sparql or file:
        if param:
            raise usage("--param goes with --name; in your own query, write the value in")
        if file:
            try:
                sparql = file.read_text("utf-8")
            except OSError as exc:
                raise QueryError(f"cannot read {file}: {exc.strerror}") from None
        precheck(sparql)  # an update or SERVICE is refused before a store is loaded
    with progress_reporter(quiet=quiet) as progress:  # a build's store is in place; an older one's is made
        store = open_store(outdir, progress=progress)
    result = run_named(outdir, name, _params(param)) if name else query(outdir, sparql)
    mode: Literal["json", "csv"]
    if fmt == "table":
        _table(result, store.base, wide=wide)
    else:
        mode = "json" if fmt == "json" else "csv"
        text = dumps(result, mode)
        out.file.write(text if text.endswith("\n") else text + "\n")


@app.command("validate")
@handle_errors
def validate_cmd(
    outdir: Path = OutdirArg,
    engine: str = typer.Option(
        "papergraph", "--engine", help="papergraph (every triple, streaming, as the build does) or pyshacl "
        "(the reference engine: a build above its whole-graph limit is validated on a sample of its papers)."
    ),
    full: bool = typer.Option(
        False, "--full", help="With --engine pyshacl: validate every triple, however large the build."
    ),
    quiet: bool = QuietOpt,
) -> None:
    """Check a build against papergraph's SHACL shapes; exit 1 on violations."""
    from papergraph.outputs import roll_forward
    from papergraph.rdf.validate import validate_outdir

    roll_forward(outdir)  # finish a commit an interrupted build left half done
    with progress_reporter(quiet=quiet) as progress:
        result = validate_outdir(outdir, full=full, progress=progress, engine=engine)
    if result.conforms:
        out.print(result.summary(), markup=False, highlight=False)
        return
    console.print(result.summary(), markup=False, highlight=False, soft_wrap=True)
    console.print(result.text, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command("serve")
@handle_errors
def serve_cmd(
    outdir: Path = OutdirArg,
    host: str = typer.Option("127.0.0.1", help="Interface to bind; 127.0.0.1 keeps it local."),
    port: int = typer.Option(7878, help="TCP port; 0 picks a free one."),
    timeout: float = typer.Option(30.0, help="Seconds a query may run before it is stopped."),
    workers: int = typer.Option(2, help="Query worker processes kept ready."),
    max_workers: int = typer.Option(4, help="Most queries run at once; extra workers start while all are busy."),
    max_memory: int = typer.Option(1024, help="MB of memory a query's worker may use before it is stopped; 0: no cap."),
    allow_host: list[str] = typer.Option(
        [], "--allow-host", help="Another name the Host header may carry (e.g. a LAN name); repeatable."
    ),
    quiet: bool = QuietOpt,
) -> None:
    """Serve a read-only SPARQL endpoint (/query) and a query page (/)."""
    import signal

    from papergraph.rdf.server import make_server
    from papergraph.rdf.store import open_store

    if timeout <= 0:
        raise usage("--timeout must be positive")
    if workers < 1 or max_workers < workers:
        raise usage(f"need 1 <= --workers <= --max-workers, got {workers} and {max_workers}")
    if max_memory < 0:
        raise usage("--max-memory takes MB (0 for no cap)")
    with progress_reporter(quiet=quiet) as progress:  # the store an older build lacks, before the workers start
        open_store(outdir, progress=progress)
    server = make_server(
        outdir, host=host, port=port, timeout=timeout, workers=workers, max_workers=max_workers,
        max_memory_mb=max_memory or None, allowed_hosts=allow_host,
        log=lambda line: console.print(line, markup=False, highlight=False),
    )
    info = server.info
    console.print(
        f"SPARQL endpoint: {info.url}query   query page: {info.url}   (Ctrl-C stops)\n"
        f"answers to Host: {server.hosts.shown()}", soft_wrap=True
    )
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)  # `kill` stops the workers too
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.print("stopped")
    finally:
        server.server_close()
