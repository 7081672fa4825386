"""A claim's verdict over time: one point per build in which its verdict, headline figure or period changed.

Pure functions on the points kept in the output folder's history (run/history.py keeps them); the claim page
shows them and its ClaimReview dates come from them.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tradeclaims.notebook.html import badge, number

MAX_POINTS = 100  # per claim: the oldest go first
BUILT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
TEXTS = ("verdict", "unit", "period")  # a string or null each; `measured` a number or null


def point(entry: dict[str, Any], built: str) -> dict[str, Any]:
    return {"built": built, "verdict": entry.get("verdict"), "measured": entry.get("measured"),
            "unit": entry.get("unit"), "period": entry.get("period")}


def same(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return all(one.get(key) == other.get(key) for key in ("verdict", "measured", "unit", "period"))


def extended(points: list[dict[str, Any]], entry: dict[str, Any], built: str) -> list[dict[str, Any]]:
    """The points with this build's result added, when it differs from the last (a failed run adds nothing)."""
    if entry.get("status") != "ok" or (points and same(points[-1], entry)):
        return list(points)
    return [*points, point(entry, built)][-MAX_POINTS:]


def valid_point(item: Any) -> bool:
    """Whether a point read back from a file has the fields and types this module writes (the page renders them)."""
    if not isinstance(item, dict) or not isinstance(item.get("built"), str) or not BUILT.match(item["built"]):
        return False
    measured = item.get("measured")
    return all(isinstance(item.get(key), str | None) for key in TEXTS) and (
        measured is None or isinstance(measured, int | float) and not isinstance(measured, bool))


def first_published(points: list[dict[str, Any]]) -> str | None:
    return points[0]["built"] if points else None


def verdict_since(points: list[dict[str, Any]]) -> str | None:
    """When the current verdict was first given (the build after which it has not changed)."""
    since = None
    for previous, current in zip([None, *points], points, strict=False):
        if previous is None or previous["verdict"] != current["verdict"]:
            since = current["built"]
    return since


def render(points: list[dict[str, Any]]) -> str:
    """The verdict over time as a small table, newest first."""
    def cells(item: dict[str, Any]) -> str:  # short values, kept whole: a narrow screen scrolls the table instead
        values = (html.escape(item["built"]), badge(item["verdict"] or "failed"),
                  number(item.get("measured"), item.get("unit") or ""), html.escape(item.get("period") or ""))
        return "".join(f'<td class="tc-nowrap">{value}</td>' for value in values)

    rows = "".join(f"<tr>{cells(item)}</tr>" for item in reversed(points))
    return (f'<section class="tc-history" id="history"><h2>Verdict over time</h2><p class="tc-meta">Each build in which '
            f"the verdict, the measured figure or its period changed (built, UTC).</p>"
            f'<div class="tc-scroll" role="region" tabindex="0" aria-label="Verdict over time">'
            f'<table class="tc-timeline"><thead><tr><th>built</th><th>verdict</th><th>measured</th><th>period</th></tr>'
            f"</thead><tbody>{rows}</tbody></table></div></section>")
