"""What a verdict rests on, in words, and whether it depends on the source: the verdict under each alternative."""

from __future__ import annotations

import html
from typing import Any

from tradeclaims.checks.verdicts import TOO_EARLY
from tradeclaims.ledger.quality import events_rest_on, rests_on
from tradeclaims.notebook.html import badge, measured_number, scroll_region


def no_figure_reason(entry: dict[str, Any]) -> str:
    """Why a verdict comes without its figure, in a few words, for the index beside its n/a ("" when it has one)."""
    if entry.get("measured") is not None:
        return ""
    if entry.get("verdict") == TOO_EARLY:
        return "not yet due"
    if entry.get("missing"):
        return f"not in the ledger: {entry['missing'][0]}"
    if len(entry.get("parts") or []) > 1:
        return "judged part by part, with no figure for the whole"
    return "no figure measures it"


def evidence_words(entry: dict[str, Any]) -> str:
    """"rests on 2 official figures and 1 wire copy (weakest: wire)"; for a claim judged on events, "rests on 9 events
    reported by 1 official page, 3 wire copies and 7 outlets' own reports (weakest: secondary)"."""
    inputs = entry.get("inputs") or []
    counted = [event for event in entry.get("events") or [] if event.get("counted")]
    if counted and not inputs:
        pages = {event.get("source_id") or event.get("url"): event["kind"] for event in counted}  # one page, once
        words = events_rest_on(len({event["id"] for event in counted}), list(pages.values()))
        return f"{words} (weakest: {entry['evidence']})" if entry.get("evidence") else words
    words = rests_on([item["kind"] for item in inputs])
    return f"{words} (weakest: {entry['evidence']})" if entry.get("evidence") else words


def robustness_words(entry: dict[str, Any]) -> str:
    alternatives = entry.get("alternatives") or []
    if not alternatives:
        return "not tested against another source: the ledger holds no other route or source for its inputs"
    changed = sum(item["verdict"] != entry.get("verdict") for item in alternatives)
    if entry.get("robust") is False:
        return f"depends on the source: {changed} of {len(alternatives)} alternatives give another verdict"
    if entry.get("robust") is None:  # every alternative rests on a weaker source than the evidence: none tests it
        if len(alternatives) == 1:
            weaker = f"the one alternative rests on a weaker source and gives {'another' if changed else 'the same'}"
        else:
            outcome = f"{changed} of them give{'s' if changed == 1 else ''} another" if changed else "each gives the same"
            weaker = f"all {len(alternatives)} alternatives rest on weaker sources; {outcome}"
        return f"not tested against another source of the same standing: {weaker} verdict"
    if changed:
        return (f"holds at its evidence's tier; {changed} of {len(alternatives)} alternatives, all on weaker sources, "
                "give another verdict")
    return "the same under the one alternative" if len(alternatives) == 1 else \
        f"the same under all {len(alternatives)} alternatives"


def alternatives_table(entry: dict[str, Any]) -> str:
    """The verdict and headline figure under each route or source not taken (empty when there is none)."""
    alternatives = entry.get("alternatives") or []
    if not alternatives:
        return ""
    rows = "".join(
        f'<tr><td class="tc-long">{html.escape(item["swapped"])}</td><td class="tc-nowrap">{html.escape(item["kind"])}'
        f'</td><td class="tc-nowrap">{badge(item["verdict"])}</td><td class="tc-nowrap">'
        f"{measured_number({**item, 'unit': entry.get('unit') or ''})}</td></tr>"
        for item in alternatives)
    table = (f"<table><thead><tr><th>swapped</th><th>kind</th><th>verdict</th><th>measured</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    return ('<details class="tc-alternatives" id="alternatives"><summary>The verdict under each alternative '
            f"({html.escape(robustness_words(entry))})</summary>{scroll_region(table, 'Alternatives')}</details>")
