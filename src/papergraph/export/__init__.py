"""A built graph in the formats other tools read: GraphML, GEXF, Neo4j's import CSVs, plain CSV.

>>> import papergraph
>>> from papergraph.export import export
>>> kg = papergraph.load("outputs")                         # doctest: +SKIP
>>> export(kg, "graphml", "papergraph.graphml").summary()   # doctest: +SKIP
'wrote papergraph.graphml: 229 nodes, 420 edges'

Every format carries the same attributes under the same names (tables in
:mod:`papergraph.export.schema`); docs/export.md says how each tool opens them.
GraphML and GEXF are one file each; Neo4j and CSV a folder of files. Whatever
the format, the destination appears complete or not at all, and the same
graph gives the same bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, get_args

from papergraph.errors import PapergraphError
from papergraph.export._stage import check_dest, staged_folder

if TYPE_CHECKING:
    from papergraph.graph.api import PaperGraph

Format = Literal["graphml", "gexf", "neo4j", "csv"]
FORMATS: Final[tuple[Format, ...]] = get_args(Format)
#: The one-file formats, with the file name they get by default.
FILE_NAMES: Final[dict[str, str]] = {"graphml": "graph.graphml", "gexf": "graph.gexf"}
#: Where ``papergraph export OUT`` writes when not told: a folder inside the build.
EXPORT_FOLDER: Final = "export"


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: ``dest`` (a file or a folder), its files with their rows
    (a CSV file's data rows; 0 for other files), and the graph's size."""

    format: Format
    dest: Path
    files: tuple[tuple[str, int], ...]
    nodes: int
    edges: int

    def summary(self) -> str:
        """One line: where, and how much."""
        size = f"{self.nodes} nodes, {self.edges} edges"
        if self.format in FILE_NAMES:
            return f"wrote {self.dest}: {size}"
        tables = ", ".join(f"{name} {rows}" for name, rows in self.files if name.endswith(".csv"))
        return f"wrote {self.dest}: {size}; rows: {tables}"


def check_format(to: str) -> Format:
    if to not in FORMATS:
        raise PapergraphError(f"unknown export format {to!r}; use one of {', '.join(FORMATS)}")
    return to  # type: ignore[return-value]


def default_dest(outdir: str | os.PathLike[str], to: str) -> Path:
    """``OUT/export/graph.graphml``, ``OUT/export/graph.gexf``, ``OUT/export/neo4j/``, ``OUT/export/csv/``."""
    fmt = check_format(to)
    return Path(outdir) / EXPORT_FOLDER / FILE_NAMES.get(fmt, fmt)


def export(
    kg: PaperGraph,
    to: str,
    dest: str | os.PathLike[str],
    *,
    force: bool = False,
    protect: str | os.PathLike[str] | None = None,
) -> ExportResult:
    """Write ``kg`` as ``to`` (graphml, gexf, neo4j or csv) to ``dest``.

    ``dest`` is a file for graphml and gexf, a folder for neo4j and csv. An existing
    file, or a folder that is not empty, is replaced only with ``force``; a folder
    holding ``protect`` (the build being exported) never is. Raises OutputError
    naming the destination and the reason.
    """
    fmt = check_format(to)
    dest = Path(dest)
    one_file = fmt in FILE_NAMES
    check_dest(dest, folder=not one_file, force=force, protect=None if protect is None else Path(protect))
    G = kg.to_networkx(copy=False)
    if fmt == "graphml":
        from papergraph.export.graphml import write_graphml

        write_graphml(G, dest)
        files: dict[str, int] = {dest.name: 0}
    elif fmt == "gexf":
        from papergraph.export.gexf import write_gexf

        write_gexf(G, dest)
        files = {dest.name: 0}
    else:
        with staged_folder(dest) as staging:
            if fmt == "neo4j":
                from papergraph.export.neo4j import IMPORT_SCRIPT, write_neo4j

                files = {**write_neo4j(G, staging), IMPORT_SCRIPT: 0}
            else:
                from papergraph.export.tables import write_tables

                files = write_tables(G, staging)
    return ExportResult(fmt, dest, tuple(files.items()), G.number_of_nodes(), G.number_of_edges())


def export_build(
    outdir: str | os.PathLike[str],
    to: str,
    dest: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
) -> ExportResult:
    """Load the build in ``outdir`` and export it (``dest`` defaults to :func:`default_dest`)."""
    from papergraph.graph.api import load

    fmt = check_format(to)
    target = default_dest(outdir, fmt) if dest is None else Path(dest)
    # Refuse before the (slow, for a large build) load when the answer is already known.
    check_dest(target, folder=fmt not in FILE_NAMES, force=force, protect=Path(outdir))
    return export(load(outdir), fmt, target, force=force, protect=outdir)


__all__ = ["FORMATS", "ExportResult", "Format", "default_dest", "export", "export_build"]
