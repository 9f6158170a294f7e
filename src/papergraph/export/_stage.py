"""Putting an export in place in one step.

A one-file export is written to a temporary file beside its destination and
renamed over it. A folder export is written into a temporary sibling folder,
which is renamed to the destination when every file is in it, so a reader
sees the old folder or the new one, never a half-written one. An existing
destination is replaced only when asked (``force``), and never when it holds
the build being exported.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from papergraph._io import _FILE_MODE, fsync_dir, write_error
from papergraph.errors import OutputError

#: A new folder's usual mode (0777 minus the umask), not mkdtemp's private 0700: who can
#: read a file may list its folder.
_DIR_MODE = _FILE_MODE | (_FILE_MODE & 0o444) >> 2


def _holds(folder: Path, path: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it (both resolved)."""
    return path == folder or folder in path.parents


def check_dest(dest: Path, *, folder: bool, force: bool, protect: Path | None = None) -> None:
    """Raise OutputError unless ``dest`` may be written (a folder or a file, as ``folder`` says).

    ``protect`` (the build folder) may hold a folder ``dest`` but ``dest`` may not hold it.
    """
    if folder and protect is not None and _holds(dest.resolve(), protect.resolve()):
        raise OutputError(
            f"cannot export to {dest}: it holds the build {protect}, which the export would replace; "
            "choose another destination",
            path=str(dest), reason="the destination holds the build",
        )
    if not (dest.exists() or dest.is_symlink()):
        return
    if folder and not dest.is_dir():
        raise OutputError(f"cannot export to {dest}: it is a file, and this format writes a folder",
                          path=str(dest), reason="not a folder")
    if not folder and dest.is_dir():
        raise OutputError(f"cannot export to {dest}: it is a folder, and this format writes one file "
                          "(name a file, in it or elsewhere)", path=str(dest), reason="not a file")
    if force or (folder and not any(dest.iterdir())):
        return
    what = "folder is not empty" if folder else "file exists"
    raise OutputError(f"cannot export to {dest}: the {what}; pass --force to replace it",
                      path=str(dest), reason=f"the {what}")


@contextlib.contextmanager
def staged_folder(dest: Path) -> Iterator[Path]:
    """A temporary folder beside ``dest`` to write into; renamed to ``dest`` when the block ends
    without an error (an old ``dest`` is removed then), removed when it raises."""
    parent = dest.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.export-", dir=parent))
    except OSError as exc:
        raise write_error(dest, exc) from None
    try:
        yield staging
        os.chmod(staging, _DIR_MODE)
        fsync_dir(staging)
        old: Path | None = None
        if dest.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=parent))
            os.replace(dest, old / dest.name)
        try:
            os.replace(staging, dest)
        except OSError:
            if old is not None:  # put the previous export back
                os.replace(old / dest.name, dest)
                old.rmdir()
            raise
        fsync_dir(parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise write_error(dest, exc) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
