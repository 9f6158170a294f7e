"""Find a build's viewer page and open it in a browser, when there is one."""

from __future__ import annotations

import os
import sys
import webbrowser
from pathlib import Path

from papergraph.errors import BuildNotFoundError

VIEWER_FILE = "graph.html"


def find_viewer(outdir: str | os.PathLike[str]) -> Path:
    """The absolute path of ``graph.html`` in ``outdir`` (or ``outdir`` itself if it is the page)."""
    path = Path(outdir).expanduser()
    page = path if path.is_file() and path.suffix == ".html" else path / VIEWER_FILE
    if not page.is_file():
        raise BuildNotFoundError(
            f"no {VIEWER_FILE} in {path}; run `papergraph build INPUTS -o {path}` first"
        )
    return page.resolve()


def has_display() -> bool:
    """False on a Linux/BSD machine with no X11 or Wayland display (a server, CI)."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_viewer(page: Path) -> bool:
    """Open ``page`` in the default browser; False when no graphical browser is available.

    Without a display, :mod:`webbrowser` would fall back to a text browser in
    the terminal, which cannot run the viewer, so that case counts as none.
    """
    if not has_display():
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    return bool(browser.open(page.as_uri(), new=2))
