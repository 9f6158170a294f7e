"""A rebuild whose graph would come out the same takes the previous build's files.

Everything after extraction (linking, the graph, RDF, the saved graph, the
HTML) is a function of papers.jsonl, extractions.jsonl, the build options that
shape those outputs, and papergraph's own code with the libraries it writes
through. :func:`inputs_key` hashes all of them; report.json records it
(``inputs_key``). A build whose key equals the one in the previous report,
and whose previous outputs are intact (every file as report.json lists it),
links those files into its staging folder instead of making them again: an
unchanged rebuild costs reading the inputs, the cache and two hashes.

The key sits in report.json, inside the committed set, so it can never
describe another build's files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from papergraph.__about__ import __version__
from papergraph._io import stored_name
from papergraph.cache import _files, _version
from papergraph.outputs import file_record, verify

#: The libraries the graph, RDF, validation and HTML stages write through.
_LIBRARIES = ("networkx", "rdflib", "pyoxigraph", "pyshacl", "pyvis", "jinja2")
#: Report fields that the reused stages computed; copied from the previous report.
REUSED_FIELDS = (
    "entities_by_type",
    "leaderboard_rows",
    "nodes",
    "edges",
    "triples",
    "shacl_conforms",
    "shacl_scope",
    "rdf_provenance",
    "unattested_methods",
)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hex digest of papergraph's installed files and the writing libraries' versions; once per process."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    head = {
        "papergraph": __version__,
        "python": list(sys.version_info[:2]),
        "libraries": {name: _version(name) for name in _LIBRARIES},
    }
    digest.update(json.dumps(head, sort_keys=True).encode())
    for path in _files(root, sorted(p.name for p in root.iterdir())):
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_key(staged: Path, options: dict[str, Any]) -> str:
    """The key of the outputs made from the staged papers.jsonl and extractions.jsonl with ``options``."""
    data = {
        "code": code_fingerprint(),
        "options": options,
        "files": [file_record(staged / stored_name(name, compress=bool(options.get("compress"))))["sha256"]
                  for name in ("papers.jsonl", "extractions.jsonl")],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def previous_outputs(out: Path, key: str) -> dict[str, Any] | None:
    """The previous build's report.json when its key is ``key`` and its files are intact; else None."""
    try:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(report, dict) or report.get("inputs_key") != key:
        return None
    if not all(name in report for name in REUSED_FIELDS) or not isinstance(report.get("files"), list):
        return None
    return report if not verify(out) else None


def take(out: Path, staging: Path, report: dict[str, Any], *, skip: tuple[str, ...]) -> list[str]:
    """Put the previous build's files (but ``skip``) into ``staging``; their names.

    Hard links where the file system has them: the commit then renames each
    file over itself, keeping its mtime, so the SPARQL store's key still holds.
    """
    names = [rec["name"] for rec in report["files"] if rec["name"] not in skip]
    for name in names:
        target = staging / name
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        try:
            os.link(out / name, target)
        except OSError:
            shutil.copy2(out / name, target)
    return names
