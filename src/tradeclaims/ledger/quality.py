"""The source-quality model, as data: tiers of sources, statuses of figures, and which figures have editions.

Tiers, most authoritative first: the statistics office itself (official); a wire agency's story quoting it (wire);
a reputable outlet's own report (secondary); an unattributed reprint, aggregator or blog (reprint, flagged low).
A wire story republished on several sites is one origin: agreement between figures is counted per origin.
"""

from __future__ import annotations

TIERS = ("official", "wire", "secondary", "reprint")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
# A figure's status (revised, superseded, disputed, wrong: the enum in data/datapackage.json) keeps it from being picked
# while a figure of the same quantity without one exists (ledger.figures.resolve).

# Revisable series: every figure carries its edition (e.g. WEO-2025-10), and no computation mixes editions.
REVISABLE_FLOWS = frozenset({"gdp"})
UNSTATED_EDITION = "unstated"


def tier_rank(kind: str) -> int:
    return TIER_RANK.get(kind, len(TIERS))
