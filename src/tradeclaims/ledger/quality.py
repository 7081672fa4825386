"""The source-quality model, as data: tiers of sources, statuses of figures, and which figures have editions.

Tiers, most authoritative first: the statistics office itself or the government's own briefing (official); a news
agency's own story and its verbatim copies (wire); an outlet's own report, broadcasters included, a rewrite citing an
agency, a research note (secondary); an unattributed reprint, aggregator or mirror (reprint, flagged low). A credited
verbatim copy has the tier of the story it copies. Every copy or rewrite of one story shares that story's origin:
agreement between figures is counted per origin.
"""

from __future__ import annotations

TIERS = ("official", "wire", "secondary", "reprint")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
TIER_MEANING = {
    "official": "the statistics office itself or the government's own briefing (GACC releases and bulletin tables, "
                "SCIO briefings)",
    "wire": "a news agency's own story (Reuters, AP, AFP, Bloomberg, dpa, PTI, Xinhua, ...) and its verbatim copies",
    "secondary": "an outlet's own report (broadcasters such as CNBC included), a rewrite citing an agency, a research "
                 "note",
    "reprint": "an unattributed reprint, aggregator, mirror or blog: flagged low",
}
# A figure's status (the enum in data/datapackage.json) keeps it from being picked while a figure of the same quantity
# without one exists (ledger.figures.resolve).
STATUS_MEANING = {
    "": "current",
    "revised": "replaced by a later release of the same figure",
    "superseded": "an earlier copy of a page fetched again",
    "disputed": "contradicted by other reports of the same release",
    "wrong": "a known error (another figure printed in its place)",
    "doubtful": "not contradicted, but from a page that prints visible errors elsewhere",
}

# Revisable series: every figure carries its edition (e.g. WEO-2025-10), and no computation mixes editions.
REVISABLE_FLOWS = frozenset({"gdp"})
UNSTATED_EDITION = "unstated"


def tier_rank(kind: str) -> int:
    return TIER_RANK.get(kind, len(TIERS))


def rests_on(kinds: list[str]) -> str:
    """The tiers behind a verdict in words: "rests on 2 official figures and 1 wire copy"."""
    nouns = {"official": ("official figure", "official figures"), "wire": ("wire copy", "wire copies"),
             "secondary": ("outlet's own report", "outlets' own reports"), "reprint": ("reprint", "reprints")}
    parts = []
    for kind in sorted(set(kinds), key=tier_rank):
        count = kinds.count(kind)
        singular, plural = nouns.get(kind, (f"{kind} figure", f"{kind} figures"))
        parts.append(f"{count} {singular if count == 1 else plural}")
    if not parts:
        return "rests on no published figure"
    return "rests on " + (parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1])


def events_rest_on(events: int, kinds: list[str]) -> str:
    """The tiers of the pages behind the events a verdict rests on: "rests on 9 events reported by 1 official page
    and 3 wire copies"."""
    pages = rests_on(kinds).removeprefix("rests on ").replace("official figures", "official pages").replace(
        "official figure", "official page")
    return f"rests on {events} event{'' if events == 1 else 's'} reported by {pages}"
