"""Where things are: a project is the folder holding claims.yaml, with notebooks/ and data/ beside it.

The command line acts on the project in the current folder. A notebook finds its project wherever its kernel runs
(`find_project`): a folder named to it, else the TRADECLAIMS_PROJECT environment variable, else the first folder
holding claims.yaml at or above the kernel's working folder (JupyterLab and VS Code start kernels in notebooks/),
else at or above the notebook open in Jupyter, else the project this package was installed from (papermill run
from another folder).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tradeclaims.errors import UsageError

CLAIMS_FILE = "claims.yaml"
CACHE_DIR = ".tradeclaims-cache"  # in a project: the data checks passed; in an output folder: its report cache
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
    def ledger_copies(self) -> Path:
        """Where `tradeclaims validate` keeps the ledger's indexed copy for runs into any output folder."""
        return self.cache_dir / OutputLayout.LEDGER_COPIES

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


@dataclass(frozen=True)
class OutputLayout:
    """Every file and folder of an output folder (reports/ or --out DIR), named once.

    A folder of canonical reports holds results.json, index.html, article.html, the results schema, each claim's
    `<id>.html` and `<id>.ipynb` (a failure's beside them as `<id>.failed.*`), history/, runs/<id>/ (executions with
    other parameters, each such folder an OutputLayout of its own) and sweeps/<id>/; its cache folder holds the report
    cache's records, the data check passed and the ledger's indexed copies.
    """

    folder: Path

    RESULTS = "results.json"
    INDEX = "index.html"
    ARTICLE = "article.html"
    SCHEMA = "results.schema.json"
    MARKER = ".tradeclaims-output"
    LOCK = ".tradeclaims.lock"
    HISTORY = "history"
    RUNS = "runs"
    SWEEPS = "sweeps"
    TABLE = "sweep.csv"
    VALIDATED = "validated.json"
    LEDGER_COPIES = "ledger"

    @property
    def results(self) -> Path:
        return self.folder / self.RESULTS

    @property
    def index(self) -> Path:
        return self.folder / self.INDEX

    @property
    def cache(self) -> Path:
        return self.folder / CACHE_DIR

    @property
    def validated(self) -> Path:
        return self.cache / self.VALIDATED

    @property
    def ledger_copies(self) -> Path:
        return self.cache / self.LEDGER_COPIES

    @property
    def history(self) -> Path:
        return self.folder / self.HISTORY

    def written_folders(self) -> Iterator[Path]:
        """Every folder below this one that a run or a sweep writes in, as far as they exist, each after the folder
        that holds it (so that a check refusing a link out of the output folder lists no folder through one): the
        cache and its ledger's copies, history/, runs/ with each claim's runs and their cache, sweeps/ with each
        claim's sweeps (an output folder of its own, checked as one when a sweep writes there)."""
        yield from (self.cache, self.ledger_copies, self.history)
        for name, nested in ((self.RUNS, True), (self.SWEEPS, False)):
            holder = self.folder / name
            yield holder
            for child in entries(holder):
                yield child
                if nested:
                    yield OutputLayout(child).cache

    def record(self, stem: str) -> Path:
        """The report cache's record of `<stem>`'s report."""
        return self.cache / f"{stem}.entry.json"

    def runs(self, claim_id: str) -> OutputLayout:
        """Where a claim's executions with other parameters than its own go."""
        return OutputLayout(self.folder / self.RUNS / claim_id)

    def sweeps(self, claim_id: str) -> OutputLayout:
        return OutputLayout(self.folder / self.SWEEPS / claim_id)

    @staticmethod
    def report_files(stem: str) -> tuple[str, str]:
        """A report's executed notebook and page."""
        return f"{stem}.ipynb", f"{stem}.html"

    @staticmethod
    def failed_stem(stem: str) -> str:
        return f"{stem}.failed"


def entries(folder: Path) -> list[Path]:
    """What a folder holds, by name; nothing when it is missing, not a folder or cannot be read."""
    try:
        return sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []


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
