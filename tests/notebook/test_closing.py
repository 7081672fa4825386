"""Every claim notebook closes with the same cells, kept in one place (tradeclaims.notebook.closing)."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tradeclaims.checks.registry import load_registry
from tradeclaims.notebook.closing import HEADINGS, TABLES_HEADING, closing_cells, main, with_closing, write_closing

from ..conftest import ROOT

CLAIMS = list(load_registry(ROOT / "claims.yaml").values())


def shape(cells) -> list[tuple[str, str, list[str]]]:
    """What a reader and the report see of cells: their kind, their source and their tags."""
    return [(cell.cell_type, cell.source, list(cell.metadata.get("tags", []))) for cell in cells]


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.id)
def test_every_notebook_closes_with_the_shared_cells(claim):
    notebook = nbformat.read(ROOT / claim.notebook, as_version=4)
    closing = notebook.cells[-len(closing_cells()):]
    assert any(shape(closing) == shape(closing_cells(heading)) for heading in HEADINGS), shape(closing)
    assert "remove-in-report" in closing[-1].metadata.get("tags", [])


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.id)
def test_writing_the_closing_cells_leaves_a_notebook_as_it_is(claim, tmp_path):
    copy = tmp_path / "notebook.ipynb"
    shutil.copy(ROOT / claim.notebook, copy)
    write_closing(copy)
    assert copy.read_bytes() == (ROOT / claim.notebook).read_bytes()


def test_a_notebook_without_closing_cells_gets_them_once(tmp_path):
    path = tmp_path / "14_new.ipynb"
    body = [new_markdown_cell("# A new claim"), new_code_cell("check = None")]
    nbformat.write(new_notebook(cells=body), path)
    assert main([str(path)]) == 0
    written = nbformat.read(path, as_version=4)
    assert shape(written.cells) == shape(body) + shape(closing_cells())
    write_closing(path)
    assert shape(nbformat.read(path, as_version=4).cells) == shape(written.cells)
    nbformat.validate(nbformat.read(path, as_version=4))


def test_drifted_closing_cells_are_replaced_keeping_their_heading(tmp_path):
    events = closing_cells(HEADINGS[1])
    events[1].source = "nb.show_chart(check, title='mine')"
    notebook = new_notebook(cells=[new_code_cell("check = None"), *events])
    assert shape(with_closing(notebook).cells[1:]) == shape(closing_cells(HEADINGS[1]))
    assert shape(with_closing(notebook, TABLES_HEADING).cells[1:]) == shape(closing_cells())
    with pytest.raises(ValueError, match="heading"):
        closing_cells("## Something else")
