"""What a run keeps in the system's temporary folder, named after the process that made it.

An execution's scratch folder, a kernel's connection file and Unix sockets, the kernel spec being installed: each is
removed when its work ends, but a run killed outright (SIGKILL, the out-of-memory killer, a power cut) runs no clean-up.
Every such name begins `tradeclaims-<pid>-`, so the next run knows which are ours and whose, and removes those whose
process is gone (a run still under way, in this process or another, keeps its own).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from tradeclaims.ledger.store import running

PREFIX = "tradeclaims-"
OURS = re.compile(rf"^{PREFIX}(?P<pid>\d+)-")


def name_prefix(role: str) -> str:
    """The beginning of a temporary name of this process: `tradeclaims-<pid>-<role>-`."""
    return f"{PREFIX}{os.getpid()}-{role}-"


def temporary_folder() -> Path:
    return Path(tempfile.gettempdir())


def remove_stale(folder: Path | None = None) -> list[Path]:
    """Remove what killed runs left in the temporary folder (default: the system's): our names whose process is no
    longer running. Best effort: what cannot be removed stays. The paths removed."""
    folder = temporary_folder() if folder is None else Path(folder)
    removed = []
    try:
        paths = list(folder.iterdir())
    except OSError:
        return []
    for path in paths:
        found = OURS.match(path.name)
        if found is None or int(found["pid"]) == os.getpid() or running(int(found["pid"])):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
