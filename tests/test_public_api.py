"""The public API is explicit and pinned: a change here is a deliberate decision."""

from __future__ import annotations

import papergraph

EXPECTED = {
    "BuildLockedError",
    "BuildNotFoundError",
    "BuildReport",
    "Conflict",
    "EntityKindError",
    "EntityNotFoundError",
    "Extraction",
    "InputError",
    "Mention",
    "MissingDependencyError",
    "NoPathError",
    "Note",
    "OutputError",
    "Paper",
    "PaperGraph",
    "PapergraphError",
    "Problem",
    "QueryError",
    "ReadResult",
    "Result",
    "ValidationError",
    "__version__",
    "build",
    "extract",
    "load",
    "read",
}


def test_all_is_pinned() -> None:
    assert set(papergraph.__all__) == EXPECTED


def test_every_exported_name_resolves() -> None:
    for name in papergraph.__all__:
        assert getattr(papergraph, name) is not None, name


def test_errors_share_one_base() -> None:
    for name in ("BuildNotFoundError", "EntityKindError", "EntityNotFoundError", "InputError",
                 "MissingDependencyError", "NoPathError", "QueryError", "ValidationError"):
        assert issubclass(getattr(papergraph, name), papergraph.PapergraphError)


def test_import_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, papergraph; print(sorted(m for m in ('spacy','rdflib','pyvis','pandas') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_loading_a_build_needs_no_nlp_stack(new_set) -> None:  # type: ignore[no-untyped-def]
    """papergraph.load() and the graph API do not import spaCy or thinc (about a second)."""
    import subprocess
    import sys

    code = ("import sys, papergraph; kg = papergraph.load(sys.argv[1]); "
            "kg.entities(); kg.results(); kg.leaderboards(kg.datasets()[0]); print(len(kg), sorted(m for m in ('spacy', 'thinc') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code, str(new_set)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    n, loaded = proc.stdout.strip().split(" ", 1)
    assert int(n) > 0 and loaded == "[]"
