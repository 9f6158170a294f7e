"""The sources of an earlier papergraph revision, for benchmarks that time it beside this checkout."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def previous_sources(rev: str, into: Path) -> Path:
    """Extract ``src/`` of git revision ``rev`` into ``into``; the path to put on PYTHONPATH."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"
