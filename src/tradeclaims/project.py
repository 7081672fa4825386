"""Where things are: the project in the current folder (claims.yaml, notebooks/, data/)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def here(cls) -> Project:
        return cls(Path.cwd().resolve())

    @property
    def claims_file(self) -> Path:
        return self.root / "claims.yaml"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def requirements(self) -> Path:
        return self.root / "requirements.txt"

    def notebook(self, relative: str) -> Path:
        return self.root / relative


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the current folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
