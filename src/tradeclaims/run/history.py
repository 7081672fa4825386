"""The output folder's history: every build's results kept in `<out>/history/`, and each claim's verdict over time.

`history/<built>-<hash>.json` is a build's results.json as it was written (same schema), the newest MAX_BUILDS
kept, one more only when something in the build changed (a rerun that found everything as it was adds none);
`history/timeline.json` holds, per claim, the builds in which its verdict, headline figure or period changed
(MAX_POINTS each), so a claim's verdict over time outlives the builds pruned. Every file is written atomically.

Nothing read here is trusted: a build is read bounded and checked against the results schema, and one that cannot
be read, or is dated after the build being made, is skipped (and named, once, in the run's warnings). A timeline that
cannot be read at all is rebuilt from the builds kept, never replaced by one holding only the newest build; one in
which some points cannot be read loses those points only: the rest are kept, and the builds kept fill in what they can
(the builds pruned may have given the oldest points, a claim's first publication among them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tradeclaims.ledger import files as atomic
from tradeclaims.ledger.files import sha256_bytes, unwritable_text
from tradeclaims.project import OutputLayout
from tradeclaims.report.schema import MAX_RESULTS_BYTES, NotResults, read_results_file, schema_reference
from tradeclaims.report.timeline import MAX_POINTS, extended, point, same, valid_point
from tradeclaims.run.options import build_time

HISTORY = OutputLayout.HISTORY
TIMELINE = "timeline.json"
MAX_BUILDS = 50
BUILD_NAME = re.compile(r"^(\d{8}T\d{6}Z)-[0-9a-f]{8}\.json$")
UNCOMPARED_RUN = ("built", "kernels", "timeout")  # how and when a build ran, not what it found
UNCOMPARED_CLAIM = ("seconds",)


@dataclass(frozen=True)
class Build:
    """A build kept in history/, read and checked."""

    path: Path
    results: dict[str, Any]


@dataclass(kw_only=True)
class Kept:
    """What history/ holds, as read at the start of a build (`now`: that build's stamp)."""

    points: dict[str, list[dict[str, Any]]]  # claim id -> its verdict over time
    previous: Build | None  # the newest build that can be read and is not dated after this one
    rebuilt: bool = False  # timeline.json could not be read, in whole or in part: `points` to be written back
    dropped: int = 0  # how many of timeline.json's points (or claims' lists) could not be read; 0 when none or all
    skipped: list[str] = field(default_factory=list)  # why each build passed over was, one line each

    def warnings(self) -> list[str]:
        if not self.rebuilt:
            return self.skipped
        if self.dropped:
            lost = (f"{HISTORY}/{TIMELINE} holds {self.dropped} point{'s' if self.dropped > 1 else ''} that cannot be "
                    "read; dropped, the rest kept and the builds kept added")
        else:
            lost = f"{HISTORY}/{TIMELINE} is missing or cannot be read; rebuilt from the builds kept"
        return [lost, *self.skipped]


@dataclass(frozen=True)
class Timeline:
    """timeline.json as read: the points that can be read, per claim, and how many could not (0: it is whole)."""

    points: dict[str, list[dict[str, Any]]]
    dropped: int = 0


def now() -> str:
    return build_time().strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp(built: str) -> str:
    """A build's `built` (2026-01-05T10:00:00Z) as its file name begins (20260105T100000Z)."""
    return re.sub(r"[-:]", "", built)


def builds(out_dir: Path) -> list[Path]:
    """The builds kept, oldest first (none when history/ is missing or cannot be listed)."""
    try:
        return sorted(path for path in (out_dir / HISTORY).iterdir() if BUILD_NAME.match(path.name))
    except OSError:
        return []


def read_build(path: Path, now: str) -> tuple[Build | None, str | None]:
    """The build, or None and why it is passed over (unreadable, or dated after `now`, this build's stamp)."""
    if BUILD_NAME.match(path.name)[1] > now:
        return None, f"{HISTORY}/{path.name} is dated after this build; skipped"
    try:
        return Build(path=path, results=read_results_file(path)), None
    except (OSError, NotResults) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return None, f"{HISTORY}/{path.name} cannot be read ({reason}); skipped"


def timeline_read(out_dir: Path) -> Timeline | None:
    """What of timeline.json can be read: each claim's points that have the fields a point has (and only those), in
    order, the others counted as dropped (a claim whose points are not a list counts as one). None when the file
    is missing, unreadable, larger than a results file may be, or not a mapping of claims."""
    try:
        with open(out_dir / HISTORY / TIMELINE, "rb") as stream:
            data = stream.read(MAX_RESULTS_BYTES + 1)
        document = json.loads(data) if len(data) <= MAX_RESULTS_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None
    if unwritable_text(document) is not None:  # a lone surrogate: no page or file could be written with it
        return None
    claims = document.get("claims") if isinstance(document, dict) else None
    if not isinstance(claims, dict):
        return None
    points, dropped = {}, 0
    for claim_id, items in claims.items():
        readable = [point(item, item["built"]) for item in items if valid_point(item)] if isinstance(items, list) else []
        dropped += len(items) - len(readable) if isinstance(items, list) else 1
        if readable:
            points[claim_id] = readable
    return Timeline(points=points, dropped=dropped)


def folded(kept: list[Build]) -> dict[str, list[dict[str, Any]]]:
    """The timeline the builds give, oldest first (what a lost timeline.json is rebuilt from)."""
    points: dict[str, list[dict[str, Any]]] = {}
    for build in kept:
        for entry in build.results["claims"]:
            points[entry["id"]] = extended(points.get(entry["id"], []), entry, build.results["run"]["built"])
    return points


def merged(kept: dict[str, list[dict[str, Any]]], given: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Each claim's points kept in timeline.json with those the builds kept give, in the order they were built; a
    point that repeats the one before it (the oldest build kept gives a point for every claim) is left out."""
    points = {}
    for claim_id in {**kept, **given}:
        by_built = {item["built"]: item for item in [*given.get(claim_id, []), *kept.get(claim_id, [])]}
        ordered = [by_built[built] for built in sorted(by_built)]
        changes = [item for before, item in zip([None, *ordered], ordered, strict=False)
                   if before is None or not same(before, item)]
        points[claim_id] = changes[-MAX_POINTS:]
    return points


def load(out_dir: Path, now: str) -> Kept:
    """What history/ holds for a build stamped `now`: the timeline (rebuilt from the builds when it cannot be read)
    and the previous build. Cached while history/'s files stay as they are, so that every claim page of a run and
    its index read it once, and each build skipped is named once."""
    folder = out_dir / HISTORY
    try:
        signature = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in sorted(folder.iterdir()))
    except OSError:
        signature = ()
    return loaded(out_dir, now, signature)


@lru_cache(maxsize=4)
def loaded(out_dir: Path, now: str, signature: tuple) -> Kept:
    timeline = timeline_read(out_dir)
    paths = builds(out_dir)
    if timeline is None and (paths or (out_dir / HISTORY / TIMELINE).exists()):
        return from_builds(paths, now, Timeline(points={}))
    if timeline is not None and timeline.dropped:
        return from_builds(paths, now, timeline)
    skipped, previous = [], None
    for path in reversed(paths):  # the newest that can be read
        previous, why = read_build(path, now)
        skipped += [why] if why else []
        if previous is not None:
            break
    return Kept(points=timeline.points if timeline else {}, previous=previous, skipped=skipped)


def from_builds(paths: list[Path], now: str, timeline: Timeline) -> Kept:
    """The timeline's readable points (none when it could not be read at all) with those every build kept gives."""
    skipped, readable = [], []
    for path in paths:
        build, why = read_build(path, now)
        readable += [build] if build else []
        skipped += [why] if why else []
    return Kept(points=merged(timeline.points, folded(readable)), previous=readable[-1] if readable else None,
                rebuilt=True, dropped=timeline.dropped, skipped=skipped)


def claim_points(out_dir: Path, claim_id: str, built: str | None = None) -> list[dict[str, Any]]:
    """The claim's verdict over time up to this build (`built`, default now): points dated after it (a clock behind
    the builds kept) are not this build's past, and would date its verdict before its first publication."""
    built = built or now()
    return [item for item in load(out_dir, stamp(built)).points.get(claim_id, []) if item["built"] <= built]


def later_builds(out_dir: Path, built: str) -> int:
    """How many builds kept are dated after this one (a clock behind them)."""
    return sum(BUILD_NAME.match(path.name)[1] > stamp(built) for path in builds(out_dir))


def previous_build(out_dir: Path, built: str | None = None) -> dict[str, Any] | None:
    """The newest build kept before this one (`built`, default now) that can be read, or None."""
    previous = load(out_dir, stamp(built or now())).previous
    return previous.results if previous else None


def content(results: dict[str, Any]) -> dict[str, Any]:
    """What a build found: its results without when and how it ran, nor how long each notebook took."""
    run = {key: value for key, value in results.get("run", {}).items() if key not in UNCOMPARED_RUN}
    claims = [{key: value for key, value in entry.items() if key not in UNCOMPARED_CLAIM} for entry in results["claims"]]
    return {"run": run, "claims": claims}


class HistoryError(Exception):
    """history/ could not take this build: the message says what was written there and what was not."""


def keep_build(out_dir: Path, results: dict[str, Any]) -> tuple[Path | None, list[str]]:
    """Keep this build's results when something in them changed since the previous build, update the timeline, drop
    the oldest builds beyond MAX_BUILDS. The build's file (None when nothing changed) and the warnings to show."""
    built = results["run"]["built"]
    kept = load(out_dir, stamp(built))
    path = None
    if kept.previous is None or content(kept.previous.results) != content(results):
        text = json.dumps({**results, "$schema": schema_reference(depth=1)}, indent=1) + "\n"
        path = out_dir / HISTORY / f"{stamp(built)}-{sha256_bytes(text.encode())[:8]}.json"
        written(path, text, "the build was not kept in history/")
    points = dict(kept.points)
    for entry in results["claims"]:
        points[entry["id"]] = with_build(points.get(entry["id"], []), entry, built)
    if path is not None or kept.rebuilt or points != kept.points:
        failed = f"the build was kept as {HISTORY}/{path.name}, but" if path else "the build was not new, and"
        written(out_dir / HISTORY / TIMELINE, json.dumps({"claims": points}, indent=1) + "\n",
                f"{failed} {HISTORY}/{TIMELINE} is as it was")
    return path, kept.warnings() + pruned(out_dir, stamp(built))


def with_build(points: list[dict[str, Any]], entry: dict[str, Any], built: str) -> list[dict[str, Any]]:
    """A claim's points with this build's result, in the order they were built: after the points dated up to it, before
    those dated after it (kept, as builds made while the clock was right)."""
    earlier = [item for item in points if item["built"] <= built]
    later = [item for item in points if item["built"] > built]
    if not later:
        return extended(earlier, entry, built)
    return merged({"claim": extended(earlier, entry, built) + later}, {})["claim"]


def pruned(out_dir: Path, now: str) -> list[str]:
    """Remove the oldest builds beyond MAX_BUILDS (those dated after `now` are left, and named in the warnings);
    a build that cannot be removed is named in what this returns."""
    failures = []
    for old in [path for path in builds(out_dir) if BUILD_NAME.match(path.name)[1] <= now][:-MAX_BUILDS]:
        try:
            old.unlink(missing_ok=True)
        except OSError as error:
            failures.append(f"{HISTORY}/{old.name} could not be removed ({error.strerror or error})")
    return failures


def written(path: Path, text: str, failed: str) -> None:
    try:
        atomic.write_text(path, text)
    except OSError as error:
        raise HistoryError(f"{failed} ({error.strerror or error})") from None
