"""The project's documents as the tests read them: README.md and the pages of docs/, and the code blocks they show."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```\s*$", re.DOTALL | re.MULTILINE)


def documents() -> list[Path]:
    """README.md and every page of docs/."""
    return [README, *sorted(DOCS.glob("*.md"))]


def code_blocks(text: str) -> list[str]:
    """The content of each fenced code block (```) of a Markdown text."""
    return FENCE.findall(text)


def code_lines(path: Path) -> list[str]:
    """Every line shown in a code block of the document, stripped."""
    return [line.strip() for block in code_blocks(path.read_text(encoding="utf-8")) for line in block.splitlines()
            if line.strip()]
