"""The output folder: checked before anything runs, created and marked, locked while a run writes to it.

A folder receives reports only if it is new, empty, or already marked as a tradeclaims output folder (the
marker file `.tradeclaims-output`); never data/ or anything inside it, never the project's own folder, never
a file. Symbolic links are resolved first, so a link to a folder is judged by that folder. Every problem is
a one-line usage error (exit status 2) before any kernel starts, and nothing is written outside the folder.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from tradeclaims.errors import UsageError
from tradeclaims.ledger import files as atomic
from tradeclaims.project import Project

MARKER = ".tradeclaims-output"
MARKER_TEXT = ("This folder holds reports written by tradeclaims. `tradeclaims run --out` and `tradeclaims sweep --out` "
               "write into a folder that is not empty only when this file is in it.\n")
LOCK_NAME = ".tradeclaims.lock"
CACHE_DIR = ".tradeclaims-cache"  # records of what the reports in a folder came from (see cache.py)


def refused(given: Path, reason: str) -> UsageError:
    return UsageError(f"--out {given}: {reason}")


def first_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def checked_out_dir(project: Project, given: Path) -> Path:
    """The output folder, resolved; raise a one-line UsageError if reports must not be written there."""
    given = Path(given)
    try:
        out_dir = (project.root / given).resolve() if not given.is_absolute() else given.resolve()
    except (OSError, RuntimeError) as error:  # a loop of symbolic links
        raise refused(given, f"cannot be resolved ({error})") from None
    root, data = project.root.resolve(), project.data_dir.resolve()
    if out_dir == data or data in out_dir.parents:
        raise refused(given, "is data/ or inside it, the ledger; reports go elsewhere (default reports/)")
    if out_dir == root:
        raise refused(given, "is the project's own folder; give a folder for the reports (default reports/)")
    if out_dir.exists() and not out_dir.is_dir():
        raise refused(given, "is a file, not a folder")
    if out_dir.is_dir():
        try:
            used = any(out_dir.iterdir())
        except OSError as error:
            raise refused(given, f"cannot be read ({error.strerror})") from None
        if used and not (out_dir / MARKER).is_file():
            raise refused(given, f"is a folder that is not empty and holds no {MARKER} (not a tradeclaims output "
                                 "folder); give a new or empty folder (or empty this one, if an older tradeclaims "
                                 "wrote it)")
        if not os.access(out_dir, os.W_OK | os.X_OK):
            raise refused(given, "is not writable")
        return out_dir
    parent = first_existing(out_dir.parent)
    if not parent.is_dir():
        raise refused(given, f"cannot be created: {parent} is a file")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise refused(given, f"cannot be created: {parent} is not writable")
    return out_dir


def open_out_dir(out_dir: Path, given: Path | None = None) -> None:
    """Create the folder (marking each folder created) and mark it; a failure is a one-line UsageError."""
    created = []
    folder = out_dir
    while not folder.exists():
        created.append(folder)
        folder = folder.parent
    try:
        for folder in reversed(created):
            folder.mkdir()
            atomic.write_text(folder / MARKER, MARKER_TEXT)
        if not (out_dir / MARKER).is_file():
            atomic.write_text(out_dir / MARKER, MARKER_TEXT)
    except OSError as error:
        raise refused(given or out_dir, f"cannot write there ({error.strerror or error})") from None


@contextmanager
def locked(out_dir: Path):
    """Hold the output folder's lock: one run writes to a folder at a time; the next waits, then gives up."""
    with atomic.holding(out_dir / LOCK_NAME, f"another tradeclaims run holds {out_dir / LOCK_NAME}; try again when it "
                                             "ends", f"--out {out_dir}: cannot write there"):
        yield
