"""What changed between two builds, and why: compared claim by claim, from two results documents.

A claim is listed when its status, verdict, headline figure, period or the figures it rests on changed. Its causes
are the inputs that moved: with `inputs` on both sides, each figure by its role and source id (revised, added,
removed, a new source); otherwise the headline figure's sources and the report's source URLs. Beside them: the
parameters, and, from the parts of the cache key, whether the notebook, the claim's data, the package's code or
the pinned requirements changed. The same comparison feeds the index's "Changes since the previous build" and
`tradeclaims diff`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeclaims.errors import UsageError
from tradeclaims.project import OutputLayout
from tradeclaims.report.bidi import visible_bidi

SHOWN_URLS = 3  # source URLs named per change before "and N more"
KEY_PARTS = {"notebook": ("notebook changed", "the claim's notebook"),
             "claim": ("claim changed", "its entry in claims.yaml"),
             "article": ("article changed", "the article claims.yaml records (its title, date, publisher or address)"),
             "package": ("code changed", "tradeclaims's code or templates"),
             "requirements": ("requirements changed", "the pinned requirements")}
# What starts markup in GitHub's Markdown within a line; `$` only where it can open math ("US$ bn" cannot)
MARKUP = re.compile(r"([\\`*\[\]<|~]|\$(?=\S))")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # line breaks, and a terminal's escape sequences
LARGEST_PLAIN = 1e15  # beyond it a figure is shown in scientific notation ("1e+308", not 309 digits)


@dataclass(kw_only=True)
class Cause:
    """One input that changed: what kind of change, and the words that say it."""

    kind: str  # figure revised, figure added, figure removed, source added, source removed, parameter changed, ...
    detail: str
    source: str | None = None  # the source id (or URL) when the change is a figure's or a source's

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail, "source": self.source}


@dataclass(kw_only=True)
class ClaimChange:
    claim_id: str
    title: str
    old: dict[str, Any] | None  # None: the claim is new in this build
    new: dict[str, Any] | None  # None: the claim is gone
    causes: list[Cause] = field(default_factory=list)

    @property
    def verdict_changed(self) -> bool:
        return shown_verdict(self.old) != shown_verdict(self.new)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.claim_id, "title": self.title, "verdict_changed": self.verdict_changed,
                "old": summary(self.old), "new": summary(self.new), "causes": [cause.as_json() for cause in self.causes]}


@dataclass(kw_only=True)
class Changes:
    old_run: dict[str, Any]
    new_run: dict[str, Any]
    claims: list[ClaimChange]
    data_files: list[str]  # files in data/ added, removed or changed between the builds

    @property
    def verdicts_changed(self) -> list[ClaimChange]:
        return [change for change in self.claims if change.verdict_changed]

    @property
    def version_changed(self) -> bool:
        return self.old_run.get("version") != self.new_run.get("version")

    def as_json(self) -> dict[str, Any]:
        return {"old": build_summary(self.old_run), "new": build_summary(self.new_run),
                "verdicts_changed": len(self.verdicts_changed), "data_files_changed": self.data_files,
                "claims": [change.as_json() for change in self.claims]}


def number_text(value: Any, unit: str = "") -> str:
    """A figure in plain text, to two decimals at most (a revision in the second decimal still shows)."""
    if value is None:
        return "none"
    if isinstance(value, int | float) and abs(value) >= LARGEST_PLAIN:
        text = f"{value:.6g}"
    elif isinstance(value, int | float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    return f"{text} {unit}".strip()


def build_summary(run: dict[str, Any]) -> dict[str, Any]:
    return {"built": run.get("built"), "version": run.get("version"), "data_hash": run.get("data_hash")}


def shown_verdict(entry: dict[str, Any] | None) -> str | None:
    if entry is None:
        return None
    return entry.get("verdict") if entry.get("status") == "ok" else "failed"


def summary(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {"status": entry.get("status"), "verdict": entry.get("verdict"), "measured": entry.get("measured"),
            "unit": entry.get("unit"), "period": entry.get("period")}


def figure_text(entry: dict[str, Any] | None) -> str:
    """The headline figure as the change table shows it: value, unit and period."""
    if entry is None:
        return "none"
    text = number_text(entry.get("measured"), entry.get("unit") or "")
    return f"{text} ({entry['period']})" if entry.get("period") else text


def compare(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """The changes from the old results document to the new one, claims in the new one's order."""
    old_claims = {entry["id"]: entry for entry in old.get("claims", [])}
    new_claims = {entry["id"]: entry for entry in new.get("claims", [])}
    data_files = changed_keys(old.get("run", {}).get("data_files") or {}, new.get("run", {}).get("data_files") or {})
    changes = []
    for claim_id in [*new_claims, *(claim_id for claim_id in old_claims if claim_id not in new_claims)]:
        change = claim_change(old_claims.get(claim_id), new_claims.get(claim_id), data_files)
        if change is not None:
            changes.append(change)
    return Changes(old_run=old.get("run", {}), new_run=new.get("run", {}), claims=changes, data_files=data_files)


def changed_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return sorted(key for key in {*old, *new} if old.get(key) != new.get(key))


def claim_change(old: dict[str, Any] | None, new: dict[str, Any] | None, data_files: list[str]
                 ) -> ClaimChange | None:
    either = new or old or {}
    change = ClaimChange(claim_id=either["id"], title=either.get("title") or "", old=old, new=new)
    if old is None or new is None:
        change.causes.append(Cause(kind="claim added" if old is None else "claim removed",
                                   detail="new in this build" if old is None else "not in this build"))
        return change
    moved = input_causes(old, new) + parameter_causes(old.get("parameters") or {}, new.get("parameters") or {})
    if summary(old) == summary(new) and not moved:
        return None  # its data or code changed, but not its result nor the figures it rests on
    change.causes = moved + other_causes(old, new, data_files)
    return change


def other_causes(old: dict[str, Any], new: dict[str, Any], data_files: list[str]) -> list[Cause]:
    """Beside the figures: the claim's data files, notebook, code or requirements, and its status."""
    found = key_part_causes(old.get("key_parts") or {}, new.get("key_parts") or {}, data_files)
    if old.get("status") != new.get("status"):
        detail = new.get("error") or "the notebook failed" if new.get("status") != "ok" else "the notebook ran again"
        found.append(Cause(kind="status changed", detail=f"{old.get('status')} -> {new.get('status')}: {detail}"))
    return found


def input_causes(old: dict[str, Any], new: dict[str, Any]) -> list[Cause]:
    """The figures that changed: from `inputs` when both builds have them, else from the sources."""
    if isinstance(old.get("inputs"), list) and isinstance(new.get("inputs"), list):
        return figure_causes(old["inputs"], new["inputs"])
    return headline_source_causes(old.get("headline_sources") or [], new.get("headline_sources") or []) + url_causes(
        old.get("sources") or [], new.get("sources") or [])


def source_id(item: dict[str, Any]) -> str:
    return str(item.get("source_id", item.get("source")))


def input_key(item: dict[str, Any]) -> tuple[str, str, str]:
    return str(item.get("role")), source_id(item), str(item.get("period"))


def input_text(item: dict[str, Any]) -> str:
    shown = number_text(item.get("value"), item.get("unit") or "")
    period = f", {item['period']}" if item.get("period") else ""
    return f"{item.get('role')} ({source_id(item)}{period}): {shown}"


def figure_causes(old_inputs: list[dict[str, Any]], new_inputs: list[dict[str, Any]]) -> list[Cause]:
    old_by_key = {input_key(item): item for item in old_inputs}
    new_by_key = {input_key(item): item for item in new_inputs}
    old_sources = {source_id(item) for item in old_inputs}
    found = []
    for key, item in new_by_key.items():
        before = old_by_key.get(key)
        if before is None:
            kind = "figure added" if key[1] in old_sources else "source added"
            publisher = f" [{item.get('publisher')}, {item.get('kind')}]" if key[1] not in old_sources else ""
            found.append(Cause(kind=kind, detail=input_text(item) + publisher, source=key[1]))
        elif (before.get("value"), before.get("unit")) != (item.get("value"), item.get("unit")):
            old_value = number_text(before.get("value"), before.get("unit") or "")
            found.append(Cause(kind="figure revised", detail=f"{input_text(item)} (was {old_value})", source=key[1]))
    new_sources = {source_id(item) for item in new_inputs}
    for key, item in old_by_key.items():
        if key not in new_by_key:
            kind = "figure removed" if key[1] in new_sources else "source removed"
            found.append(Cause(kind=kind, detail=input_text(item), source=key[1]))
    return found


def headline_source_causes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Cause]:
    old_urls = {source.get("url") for source in old}
    new_urls = {source.get("url") for source in new}

    def described(source: dict[str, Any]) -> str:
        return f"headline figure from {source.get('publisher')} [{source.get('kind')}] {source.get('url')}"

    return ([Cause(kind="source added", detail=described(source), source=source.get("url"))
             for source in new if source.get("url") not in old_urls]
            + [Cause(kind="source removed", detail=described(source), source=source.get("url"))
               for source in old if source.get("url") not in new_urls])


def url_causes(old: list[str], new: list[str]) -> list[Cause]:
    """Source URLs the report cites that came or went (beyond the headline figure's)."""
    found = []
    for kind, urls in (("report source added", [url for url in new if url not in old]),
                       ("report source removed", [url for url in old if url not in new])):
        if urls:
            more = f" and {len(urls) - SHOWN_URLS} more" if len(urls) > SHOWN_URLS else ""
            found.append(Cause(kind=kind, detail=", ".join(urls[:SHOWN_URLS]) + more))
    return found


def parameter_causes(old: dict[str, Any], new: dict[str, Any]) -> list[Cause]:
    return [Cause(kind="parameter changed", detail=f"{name}: {old.get(name)} -> {new.get(name)}")
            for name in changed_keys(old, new)]


def key_part_causes(old: dict[str, str], new: dict[str, str], data_files: list[str]) -> list[Cause]:
    """What else the result depends on that changed: the claim's data files, notebook, code, requirements."""
    if not old or not new:
        return []
    found = []
    if (old.get("data"), old.get("reads")) != (new.get("data"), new.get("reads")):  # the data files, or the figures read
        files = ", ".join(f"data/{name}" for name in data_files) or "fetched tables"
        found.append(Cause(kind="data changed", detail=files))
    found += [Cause(kind=kind, detail=detail) for part, (kind, detail) in KEY_PARTS.items()
              if old.get(part) != new.get(part)]
    return found


def plain(text: Any) -> str:
    """Text that GitHub's Markdown shows as it is, on one line: no line break nor control character, and a backslash
    before each character that would start markup (a table cell's end, code, emphasis, a link, raw HTML, a comment or
    math).
    `_` is left alone: inside a word (the source URLs) it starts nothing, and an escape would break the link.
    A bidirectional formatting character is shown as its escape (`\\u202e`), after the markup's backslashes are in."""
    one_line = " ".join(CONTROL.sub(" ", str(text)).split())
    return visible_bidi(MARKUP.sub(r"\\\1", one_line))


def verdict_text(change: ClaimChange) -> str:
    old, new = shown_verdict(change.old) or "none", shown_verdict(change.new) or "none"
    return f"**{plain(old)} -> {plain(new)}**" if old != new else f"{plain(new)} (unchanged)"


def cause_text(change: ClaimChange) -> str:
    return "; ".join(f"{plain(cause.kind)}: {plain(cause.detail)}" for cause in change.causes) or "no input named"


def markdown(changes: Changes, *, old_label: str, new_label: str) -> str:
    """The changes as Markdown: a heading line, what changed for the whole build, and one row per claim. Every text
    taken from the files (names, dates, publishers, details) is escaped: CI appends this to its job summary."""
    old_run, new_run = changes.old_run, changes.new_run
    lines = [f"### What changed: {len(changes.claims)} claim(s), {len(changes.verdicts_changed)} verdict(s)",
             "", f"From {plain(old_label)} (built {plain(old_run.get('built', 'unknown'))}) to {plain(new_label)} "
                 f"(built {plain(new_run.get('built', 'unknown'))}).", ""]
    if changes.data_files:
        lines += [f"Data files changed: {', '.join(plain(name) for name in changes.data_files)}.", ""]
    if changes.version_changed:
        lines += [f"tradeclaims {plain(old_run.get('version'))} -> {plain(new_run.get('version'))}.", ""]
    if not changes.claims:
        return "\n".join([*lines, "No claim changed."]) + "\n"
    lines += ["| claim | verdict | headline figure | what changed it |", "|---|---|---|---|"]
    for change in changes.claims:
        figures = f"{plain(figure_text(change.old))} -> {plain(figure_text(change.new))}"
        lines.append(f"| {plain(change.claim_id)} | {verdict_text(change)} | {figures} | {cause_text(change)} |")
    return "\n".join(lines) + "\n"


def results_file(path: Path) -> Path:
    """A results.json named, or the output folder holding it."""
    return OutputLayout(path).results if path.is_dir() else path


def read_results(path: Path) -> dict[str, Any]:
    """A results document for `tradeclaims diff`; a one-line UsageError for anything else (read bounded, checked
    against the schema)."""
    from tradeclaims.report.schema import NotResults, read_results_file

    file = results_file(path)
    try:
        return read_results_file(file)
    except FileNotFoundError:
        raise UsageError(f"{file}: no such file") from None
    except OSError as error:
        raise UsageError(f"{file}: cannot be read ({error.strerror or type(error).__name__})") from None
    except NotResults as error:
        raise UsageError(f"{file} is not a results file as tradeclaims run writes ({error})") from None
