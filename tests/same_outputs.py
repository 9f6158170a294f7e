"""Comparing two builds' output sets, leaving out what varies between builds of the same input."""

from __future__ import annotations

import json
from pathlib import Path

from papergraph.pipeline import OUTPUT_FILES


def comparable_report(out: Path) -> dict:
    """report.json without what varies from build to build of the same input: timings and cache counters."""
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    data.pop("timings")
    for key in [k for k in data if k.startswith("cache_")]:
        data.pop(key)
    return data


def assert_same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUT_FILES:
        if name == "report.json":
            assert comparable_report(a) == comparable_report(b)
        else:
            assert (a / name).read_bytes() == (b / name).read_bytes(), name
