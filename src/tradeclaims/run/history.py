"""The output folder's history: every build's results kept in `<out>/history/`, and each claim's verdict over time.

`history/<built>-<hash>.json` is a build's results.json as it was written (same schema), the newest MAX_BUILDS
kept; `history/timeline.json` holds, per claim, the builds in which its verdict, headline figure or period
changed (MAX_POINTS each), so a claim's verdict over time outlives the builds pruned. Every file is written
atomically; an unreadable one is skipped, never fatal to a build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tradeclaims.ledger import files as atomic
from tradeclaims.ledger.files import sha256_bytes
from tradeclaims.report.schema import schema_reference
from tradeclaims.report.timeline import extended

HISTORY = "history"
TIMELINE = "timeline.json"
MAX_BUILDS = 50
BUILD_NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}\.json$")


def builds(out_dir: Path) -> list[Path]:
    """The builds kept, oldest first."""
    folder = out_dir / HISTORY
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if BUILD_NAME.match(path.name))


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def previous_build(out_dir: Path) -> dict[str, Any] | None:
    """The newest build kept that can be read, or None."""
    for path in reversed(builds(out_dir)):
        document = read_json(path)
        if isinstance(document, dict) and isinstance(document.get("claims"), list):
            return document
    return None


def timeline(out_dir: Path) -> dict[str, list[dict[str, Any]]]:
    document = read_json(out_dir / HISTORY / TIMELINE)
    return document.get("claims", {}) if isinstance(document, dict) and isinstance(document.get("claims"), dict) else {}


def claim_points(out_dir: Path, claim_id: str) -> list[dict[str, Any]]:
    """The claim's verdict over time before this build."""
    return timeline(out_dir).get(claim_id, [])


def keep_build(out_dir: Path, results: dict[str, Any]) -> Path:
    """Keep this build's results, update the timeline, drop the oldest builds beyond MAX_BUILDS."""
    text = json.dumps({**results, "$schema": schema_reference(depth=1)}, indent=1) + "\n"
    stamp = re.sub(r"[-:]", "", results["run"]["built"])
    path = out_dir / HISTORY / f"{stamp}-{sha256_bytes(text.encode())[:8]}.json"
    atomic.write_text(path, text)
    points = timeline(out_dir)
    for entry in results["claims"]:
        points[entry["id"]] = extended(points.get(entry["id"], []), entry, results["run"]["built"])
    atomic.write_text(out_dir / HISTORY / TIMELINE, json.dumps({"claims": points}, indent=1) + "\n")
    for old in builds(out_dir)[:-MAX_BUILDS]:
        old.unlink(missing_ok=True)
    return path
