"""The source-quality model, as data: tiers of sources, statuses of figures, and which figures have editions.

Tiers, most authoritative first: the statistics office itself (official); a wire agency's story quoting it (wire);
a reputable outlet's own report (secondary); an unattributed reprint, aggregator or blog (reprint, flagged low).
A wire story republished on several sites is one origin: agreement between figures is counted per origin.
"""

from __future__ import annotations

TIERS = ("official", "wire", "secondary", "reprint")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
LOW_TIERS = frozenset({"reprint"})
TIER_LABELS = {"official": "the statistics office itself", "wire": "a wire agency's copy", "secondary": "a news report",
               "reprint": "an unattributed reprint (low reliability)"}

# A figure known to be wrong or superseded is never picked while another figure of the same quantity exists.
STATUSES = ("", "revised", "superseded", "disputed", "wrong")

# Revisable series: every figure carries its edition (e.g. WEO-2025-10), and no computation mixes editions.
REVISABLE_FLOWS = frozenset({"gdp"})
UNSTATED_EDITION = "unstated"


def tier_rank(kind: str) -> int:
    return TIER_RANK.get(kind, len(TIERS))
