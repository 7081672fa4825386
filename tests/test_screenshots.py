"""The pictures of the reports in docs/screenshots/: the documents show only pictures scripts/screenshots.py makes,
the committed pictures show the verdicts the project gives today, and the script makes them from a build."""

from __future__ import annotations

import importlib.util
import json
import re
import struct
import sys
from functools import cache
from pathlib import Path

import pytest

from .conftest import ROOT

PICTURES = ROOT / "docs" / "screenshots"
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@cache
def script():
    """scripts/screenshots.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def pictures_shown() -> set[str]:
    """Every picture of docs/screenshots/ a document links or shows."""
    return {match for document in DOCUMENTS
            for match in re.findall(r"screenshots/([\w.-]+\.png)", document.read_text(encoding="utf-8"))}


def readme_verdicts() -> dict[str, str]:
    """Each claim's verdict in the README's claims table (held to a build of the shipped data by tests/test_docs.py)."""
    rows = re.findall(r"^\| \[([\w-]+)\]\([^)]*\) \| [^|]* \| ([a-z ]+) \|", (ROOT / "README.md").read_text(), re.M)
    return dict(rows)


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])  # the IHDR chunk, right after the signature
    return width, height


def test_the_documents_show_only_the_pictures_the_script_makes_and_they_exist():
    made = {shot.name for shot in script().SHOTS}
    assert pictures_shown() == made
    assert {path.name for path in PICTURES.glob("*.png")} == made


def test_the_committed_pictures_show_the_verdicts_the_project_gives():
    shown = json.loads((PICTURES / script().SHOWN).read_text(encoding="utf-8"))
    verdicts = readme_verdicts()
    assert verdicts and set(shown) == {shot.name for shot in script().SHOTS}
    for name, claims in shown.items():
        assert claims == {claim: verdicts[claim] for claim in claims}, \
            f"docs/screenshots/{name} shows other verdicts than today's: .venv/bin/python scripts/screenshots.py"
    assert set(shown["index.png"]) == set(verdicts)


def test_the_committed_pictures_have_the_screens_the_script_uses():
    for shot in script().SHOTS:
        width, height = png_size(PICTURES / shot.name)
        assert width == shot.viewport["width"]
        assert height > shot.viewport["height"] if shot.full_page else height == shot.viewport["height"]


@pytest.mark.slow
def test_the_script_pictures_a_build(built_project, tmp_path):
    if not Path(script().CHROMIUM).exists():
        pytest.skip("chromium is not installed; run scripts/ensure_chromium.sh")
    results = json.loads((built_project / "reports" / "results.json").read_text(encoding="utf-8"))
    assert script().main(["--reports", str(built_project / "reports"), "--out", str(tmp_path)]) == 0
    shown = json.loads((tmp_path / script().SHOWN).read_text(encoding="utf-8"))
    assert shown["index.png"] == {entry["id"]: entry["verdict"] for entry in results["claims"]}
    assert shown == json.loads((PICTURES / script().SHOWN).read_text(encoding="utf-8"))
    for shot in script().SHOTS:
        width, height = png_size(tmp_path / shot.name)
        assert width == shot.viewport["width"]
        assert height > shot.viewport["height"] if shot.full_page else height == shot.viewport["height"]
