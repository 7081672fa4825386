"""The shipped ledger, resolved: values as published, sources ranked, disagreements flagged."""

import pytest

from tradeclaims.ledger.figures import rounding_halfwidth
from tradeclaims.ledger.quality import tier_rank
from tradeclaims.ledger.units import standard_unit


def test_units_convert_to_billions():
    assert standard_unit("USD trn") == ("USD bn", 1e3)
    assert standard_unit("USD mn") == ("USD bn", 1e-3)
    assert rounding_halfwidth("1.08", 1e3) == pytest.approx(5.0)


def test_november_exports_to_the_us_as_published(ledger):
    november = ledger.require("CN", "US", "exports", "2025-11")
    assert november.value == pytest.approx(33.79)  # US$337.9 (100 mn), the most precise of the agreeing reports
    assert november.source.url.startswith("http")
    assert ledger.require("CN", "US", "exports", "2024-11").value == pytest.approx(47.3)
    rate = ledger.require("CN", "US", "exports", "2025-11", measure="yoy_pct")
    assert (rate.value, rate.source.kind) == (pytest.approx(-29.0), "wire")  # AP's rounded rate
    cnbc = [alt for alt in rate.alternatives if alt.source.origin == "cnbc-2025-12-08"]
    assert cnbc and {alt.source.kind for alt in cnbc} == {"secondary"}  # a broadcaster's -28.6 ranks below AP's
    assert {round(alt.value, 1) for alt in cnbc} == {-28.6}


def test_rounded_reports_agree_when_their_rounding_overlaps(ledger):
    surplus = ledger.require("CN", "WLD", "balance", "2025-01/2025-11")
    assert surplus.value == pytest.approx(1080.0)
    assert 1100.0 in [round(alt.value, 1) for alt in surplus.alternatives]
    assert not surplus.disagreement  # Caixin's "$1.1 trillion" (±50 bn) covers 1.08 trillion


def test_disagreement_beyond_rounding_is_flagged_and_majority_wins(ledger):
    surplus_with_us = ledger.require("CN", "US", "balance", "2024-11")
    assert surplus_with_us.value == pytest.approx(34.9)  # two sources against one
    assert surplus_with_us.disagreement
    asean = ledger.require("CN", "ASEAN", "exports", "2025-11", measure="yoy_pct")
    assert {round(asean.value, 1), *(round(alt.value, 1) for alt in asean.alternatives)} == {8.2, 8.4}
    assert asean.disagreement


def test_yuan_and_converted_series_are_kept_apart(ledger):
    usd_growth = ledger.require("CN", "WLD", "exports", "2025-01/2025-11", measure="yoy_pct")
    cny_growth = ledger.require("CN", "WLD", "exports", "2025-01/2025-11", measure="yoy_pct", currency="CNY")
    converted = ledger.require("CN", "WLD", "exports", "2025-01/2025-11", currency="CNY_CONVERTED")
    assert (usd_growth.value, cny_growth.value) == (pytest.approx(5.4), pytest.approx(6.2))
    assert converted.value == pytest.approx(3460.0)


def test_official_rank_wins_over_wire_secondary_and_reprints(ledger):
    for figure in ledger.figures.values():
        current = [alt for alt in figure.alternatives if not alt.status]
        if not figure.status:
            assert all(tier_rank(figure.source.kind) <= tier_rank(alt.source.kind) for alt in current)
        else:  # a figure known to be wrong or revised is picked only when every figure of the quantity has a status
            assert not current


def test_every_observation_has_a_source_with_a_url(ledger):
    assert set(ledger.observations["source_id"]) <= set(ledger.sources)
    assert all(source.url.startswith(("http://", "https://")) for source in ledger.sources.values())
