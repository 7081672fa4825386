"""What a reader must never meet on a report: text a cell wrote to stderr (a warning, a log line), in the executed
notebook and on its exported page."""

from __future__ import annotations

from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

STDERR_MIME = "application/vnd.jupyter.stderr"  # how nbconvert marks a cell's stderr block on a page


def stderr_in_notebook(path: Path) -> list[str]:
    """The text of each `stderr` stream output of an executed notebook, with the cell's number."""
    notebook = nbformat.read(path, as_version=4)
    return [f"{path.name} cell {number}: {output.text.strip()[:300]}"
            for number, cell in enumerate(notebook.cells) if cell.cell_type == "code"
            for output in cell.outputs if output.output_type == "stream" and output.name == "stderr"]


def stderr_on_page(path: Path) -> list[str]:
    """The text of each stderr block of an exported report page."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    blocks = soup.find_all(attrs={"data-mime-type": STDERR_MIME})
    return [f"{path.name}: {block.get_text().strip()[:300]}" for block in blocks]
