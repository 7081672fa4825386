"""Where things are: a project is the folder holding claims.yaml, with notebooks/ and data/ beside it.

The command line acts on the project in the current folder. A notebook finds its project wherever its kernel runs
(`find_project`): a folder named to it, else the TRADECLAIMS_PROJECT environment variable, else the first folder
holding claims.yaml at or above the kernel's working folder (JupyterLab and VS Code start kernels in notebooks/),
else at or above the notebook open in Jupyter, else the project this package was installed from (papermill run
from another folder).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tradeclaims.errors import UsageError

CLAIMS_FILE = "claims.yaml"
CACHE_DIR = ".tradeclaims-cache"  # in a project: the data checks passed; in an output folder: see run/cache.py
PROJECT_VARIABLE = "TRADECLAIMS_PROJECT"
PACKAGE_DIR = Path(__file__).resolve().parent


class ProjectNotFound(UsageError):
    """No folder holding claims.yaml where a notebook looked."""


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def here(cls) -> Project:
        return cls(Path.cwd().resolve())

    @property
    def claims_file(self) -> Path:
        return self.root / CLAIMS_FILE

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def cache_dir(self) -> Path:
        """What `tradeclaims validate` keeps for later runs (ignored by git): the data checks passed, the ledger's copy."""
        return self.root / CACHE_DIR

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def requirements(self) -> Path:
        return self.root / "requirements.txt"

    def notebook(self, relative: str) -> Path:
        """A claim's notebook; one that resolves outside notebooks/ (through a symbolic link) is refused."""
        path = self.root / relative
        if self.notebooks_dir.resolve() not in path.resolve().parents:
            raise UsageError(f"notebook {relative} is not inside notebooks/")
        return path


def holding_claims(start: Path) -> Path | None:
    """The first folder at or above `start` that holds claims.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CLAIMS_FILE).is_file():
            return folder
    return None


def find_project(project_dir: str | Path | None = None, environ: Mapping[str, str] | None = None,
                 cwd: Path | None = None, package_dir: Path = PACKAGE_DIR) -> Project:
    """The project a notebook reads; raise ProjectNotFound (one line) when there is none.

    project_dir or $TRADECLAIMS_PROJECT, when given, must hold claims.yaml itself. Otherwise the search walks up
    from the working folder, then from the notebook Jupyter has open ($JPY_SESSION_NAME), then from this package.
    """
    environ = os.environ if environ is None else environ
    for named, what in ((project_dir, "project_dir"), (environ.get(PROJECT_VARIABLE), PROJECT_VARIABLE)):
        if named:
            folder = Path(named).expanduser().resolve()
            if not (folder / CLAIMS_FILE).is_file():
                raise ProjectNotFound(f"{what} names {folder}, which holds no {CLAIMS_FILE}")
            return Project(folder)
    cwd = Path.cwd() if cwd is None else cwd
    starts = [cwd]
    if session := environ.get("JPY_SESSION_NAME"):  # the notebook's path, set by jupyter_server for its kernels
        starts.append(Path(session).expanduser().parent)
    starts.append(package_dir)
    for start in starts:
        if (root := holding_claims(start)) is not None:
            return Project(root)
    raise ProjectNotFound(f"no {CLAIMS_FILE} in {cwd.resolve()} or any folder above it: open the notebook inside "
                          f"the project, or set {PROJECT_VARIABLE} to the project's folder")


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the current folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
