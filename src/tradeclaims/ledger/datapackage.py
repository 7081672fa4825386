"""What data/ holds: its descriptor (data/datapackage.json), the files it lists with their sha256, and the columns the
ledger reads from each table.

Every reader of data/ (the Ledger, its indexed copy, validation, what the ledger covers) finds the files and their
columns here.
"""

from __future__ import annotations

import json
from pathlib import Path

from tradeclaims.ledger.files import sha256_file

DESCRIPTOR = "datapackage.json"
EVENTS = "events.csv"
OBSERVATION_COLUMNS = ("reporter", "partner", "flow", "period", "measure", "value", "unit", "currency", "source_id",
                       "status", "edition", "notes")
OBSERVATION_KEY = ("reporter", "partner", "flow", "period", "measure", "currency", "edition", "source_id")  # as data/'s
QUANTITY = ("reporter", "partner", "flow", "period", "measure", "currency")  # a figure's key without its edition
KEY = (*QUANTITY, "edition")
SOURCE_COLUMNS = ("id", "publisher", "title", "url", "published", "published_basis", "retrieved", "kind", "agency", "origin",
                  "notes")
PARTNER_COLUMNS = ("code", "name", "members")
EVENT_COLUMNS = ("id", "date", "country", "actor", "action", "concerns", "partner", "stance", "source_id", "notes")


def read_descriptor(data_dir: Path) -> dict:
    return json.loads((data_dir / DESCRIPTOR).read_text(encoding="utf-8"))


def resource_paths(data_dir: Path) -> dict[str, Path]:
    """Resource name -> file, as the descriptor lists them."""
    return {resource["name"]: data_dir / resource["path"] for resource in read_descriptor(data_dir)["resources"]}


def schema_columns(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """Resource name -> the columns its table schema lists."""
    return {resource["name"]: tuple(field["name"] for field in resource.get("schema", {}).get("fields", []))
            for resource in read_descriptor(data_dir)["resources"]}


def data_fingerprint(data_dir: Path) -> dict[str, str]:
    """sha256 of the descriptor and of every file it lists."""
    files = [data_dir / DESCRIPTOR, *resource_paths(data_dir).values()]
    return {path.name: sha256_file(path) for path in files if path.exists()}
