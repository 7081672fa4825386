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
from tradeclaims.project import OutputLayout, Project

MARKER = OutputLayout.MARKER
MARKER_TEXT = ("This folder holds reports written by tradeclaims. `tradeclaims run --out` and `tradeclaims sweep --out` "
               "write into a folder that is not empty only when this file is in it.\n")
# What a marked folder holds, on the marker's line `kind: NAME`; a folder marked only because a deeper one was created
# in it (reports/ for reports/sweeps/ID) has no kind yet, and takes the kind of the first command that writes to it.
KINDS = {"claims": "the reports of `tradeclaims run`", "sweep": "a sweep's table and runs (`tradeclaims sweep`)"}
LOCK_NAME = OutputLayout.LOCK


def refused(given: Path, reason: str) -> UsageError:
    return UsageError(f"--out {given}: {reason}")


def first_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def marked_kind(folder: Path) -> str | None:
    """The kind a folder's marker names, or None (no marker, or one written before markers named a kind)."""
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return None
    kinds = [line.removeprefix("kind:").strip() for line in lines if line.startswith("kind:")]
    return kinds[0] if kinds and kinds[0] in KINDS else None


def marker_text(kind: str | None) -> str:
    return MARKER_TEXT + (f"kind: {kind}\n" if kind else "")


def checked_out_dir(project: Project, given: Path, kind: str = "claims", wanted: str | None = None) -> Path:
    """The output folder, resolved; raise a one-line UsageError if reports must not be written there (`kind`: what
    the command writes, one of KINDS; a folder marked for the other kind is refused, and the message asks for
    `wanted`, by default a folder for that kind)."""
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
        found = marked_kind(out_dir)
        if found not in (None, kind):
            raise refused(given, f"holds {KINDS[found]} (its {MARKER} says kind: {found}); give "
                                 f"{wanted or 'another folder for ' + KINDS[kind]}")
        if not os.access(out_dir, os.W_OK | os.X_OK):
            raise refused(given, "is not writable")
        refuse_links_out(given, out_dir)
        return out_dir
    parent = first_existing(out_dir.parent)
    if not parent.is_dir():
        raise refused(given, f"cannot be created: {parent} is a file")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise refused(given, f"cannot be created: {parent} is not writable")
    return out_dir


def refuse_links_out(given: Path, out_dir: Path) -> None:
    """The folders a build writes below the output folder (OutputLayout.written_folders) must be in it: a symbolic link
    out of it (history/, runs/, a claim's runs or the cache to data/) would have the build write there."""
    for folder in OutputLayout(out_dir).written_folders():
        name = folder.relative_to(out_dir).as_posix()
        try:
            target = folder.resolve()
        except (OSError, RuntimeError) as error:
            raise refused(given, f"{name}/ in it cannot be resolved ({error})") from None
        if out_dir not in target.parents:
            raise refused(given, f"{name}/ in it is a symbolic link to {target}, outside the output folder; remove the "
                                 "link (a build writes only inside --out)")


def open_out_dir(out_dir: Path, given: Path | None = None, kind: str = "claims") -> None:
    """Create the folder (marking each folder created) and mark it with its kind; a failure is a one-line
    UsageError."""
    created = []
    folder = out_dir
    while not folder.exists():
        created.append(folder)
        folder = folder.parent
    try:
        for folder in reversed(created):
            folder.mkdir()
            atomic.write_text(folder / MARKER, MARKER_TEXT)
        if marked_kind(out_dir) != kind:
            atomic.write_text(out_dir / MARKER, marker_text(kind))
    except OSError as error:
        raise refused(given or out_dir, f"cannot write there ({error.strerror or error})") from None


@contextmanager
def locked(out_dir: Path):
    """Hold the output folder's lock: one run writes to a folder at a time; the next waits, then gives up.
    Temporary files that a killed run left are removed first."""
    with atomic.holding(out_dir / LOCK_NAME, f"another tradeclaims run holds {out_dir / LOCK_NAME}; try again when it "
                                             "ends", f"--out {out_dir}: cannot write there"):
        remove_stale_temporaries(out_dir)
        yield


def remove_stale_temporaries(out_dir: Path) -> None:
    """The `.NAME.*.tmp` files of writes that were killed (ledger/files.write_bytes). Called holding the folder's lock;
    an output folder nested in this one (reports/sweeps/ID) is left alone: its own lock guards it."""
    for folder, subfolders, names in os.walk(out_dir):
        subfolders[:] = [name for name in subfolders if not (Path(folder, name) / MARKER).is_file()]
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                Path(folder, name).unlink(missing_ok=True)
