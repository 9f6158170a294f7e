"""Comparing two builds' output sets, leaving out what varies between builds of the same input."""

from __future__ import annotations

import json
from pathlib import Path

from papergraph._io import open_output, output_file
from papergraph.pipeline import OUTPUT_FILES


def comparable_report(out: Path) -> dict:
    """report.json without what varies from build to build of the same input: timings and cache counters."""
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    data.pop("timings")
    for key in [k for k in data if k.startswith("cache_")]:
        data.pop(key)
    data.pop("inputs_key", None)  # names papergraph's own installed files too (reuse.py): not the outputs
    return data


def stored(out: Path, name: str) -> Path:
    """The file holding the output ``name`` in ``out``, plain or .gz; fails when there is none."""
    path = output_file(out, name)
    assert path is not None, f"{out} holds no {name}"
    return path


def content(out: Path, name: str) -> bytes:
    """The output ``name`` of the build in ``out``, decompressed when it was written compressed."""
    with open_output(stored(out, name)) as fh:
        return fh.read()


def assert_same_outputs(a: Path, b: Path) -> None:
    """The same files, byte for byte (compressed ones as stored), with the same report."""
    for name in OUTPUT_FILES:
        if name == "report.json":
            assert comparable_report(a) == comparable_report(b)
        else:
            path_a, path_b = stored(a, name), stored(b, name)
            assert path_a.name == path_b.name, name
            assert path_a.read_bytes() == path_b.read_bytes(), name
