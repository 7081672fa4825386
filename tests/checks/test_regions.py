"""south-regions on the shipped figures: one part per region the article names, each judged on its growth against our
threshold, the nearest period held standing in for a missing one, and regions without figures named."""

import pytest

from tradeclaims.checks.verdicts import INSUFFICIENT, NOT_SUPPORTED, PARTLY, SUPPORTED
from tradeclaims.claims import regions
from tradeclaims.ledger.periods import parse_period

from ..claim_checks import REGISTRY, claim_check, run_check
from ..conftest import ROOT

ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"  # the article the claims come from, beside the project
JAN_NOV = "2025-01/2025-11"
ALL = "ASEAN,ASIA_OTHER,IN,MIDEAST,AFRICA,LATAM"


def parts_by_words(check):
    return {part.words: part for part in check.parts}


def test_every_region_is_a_part_in_the_articles_words_and_the_claim_is_partly_supported(ledger):
    check = run_check(ledger, REGISTRY["south-regions"])
    parts = parts_by_words(check)
    assert list(parts) == ["the ASEAN market", "other regions in Asia", "India", "the Middle East", "Africa",
                           "Latin America"]
    if ARTICLE.exists():
        article = ARTICLE.read_text(encoding="utf-8")
        assert all(words in article for words in parts)
        assert REGISTRY["south-regions"].quote in article
    assert [part.main for part in check.parts] == [True, False, False, False, False, False]
    measured = {words: (part.verdict.label, part.measured, part.period) for words, part in parts.items()}
    assert measured == {
        "the ASEAN market": (SUPPORTED, pytest.approx(14.6), JAN_NOV),
        "other regions in Asia": (INSUFFICIENT, None, JAN_NOV),
        "India": (SUPPORTED, pytest.approx(12.8), "2025"),  # no January-November figure: the whole year stands in
        "the Middle East": (INSUFFICIENT, None, JAN_NOV),
        "Africa": (SUPPORTED, pytest.approx(26.3), JAN_NOV),
        "Latin America": (SUPPORTED, pytest.approx(9.3), JAN_NOV),
    }
    assert check.verdict.label == PARTLY  # four regions grew at least 5%, two have no figure
    assert check.measured == pytest.approx(14.6) and check.headline_period() == JAN_NOV and check.bound is None
    assert check.threshold.value == 5 and check.article_value is None


def test_a_stand_in_period_and_a_missing_region_are_said(ledger):
    check = claim_check(ledger, "south-regions", regions=ALL, period=JAN_NOV, threshold=5.0)
    parts = parts_by_words(check)
    assert "The ledger has no figure for 2025-01/2025-11: judged on 2025" in parts["India"].verdict.reason
    assert "PTI via The Tribune (wire)" in parts["India"].verdict.reason
    assert any("India on 2025" in caveat for caveat in check.caveats)
    assert len(check.missing) == 2
    assert "Middle East" in check.missing[1] and "No single customs aggregate" in check.missing[1]
    assert "Other Asia" in check.missing[0] and "ASIA_OTHER" in check.missing[0]
    latin = next(row for row in check.rows if row.quantity == "exports to Latin America, y/y")
    assert latin.figure.source.id == "south-localnews8-cnn-2026-01-14" and latin.figure.halfwidth == pytest.approx(0.05)


def test_nearest_period_prefers_the_article_period_then_the_fewest_months_apart_then_the_earlier_end(ledger):
    assert regions.candidate_periods(ledger, "AFRICA", JAN_NOV)[0] == JAN_NOV
    assert regions.judged_period(ledger, "IN", JAN_NOV) == "2025"  # one month apart; January-February is nine
    # January-August is not held for ASEAN: January-July and January-September are each one month apart, and the
    # one known by then is taken
    assert regions.judged_period(ledger, "ASEAN", "2025-01/2025-08") == "2025-01/2025-07"
    assert regions.judged_period(ledger, "MIDEAST", JAN_NOV) is None
    assert all(regions.overlaps(parse_period(text), parse_period(JAN_NOV))
               for text in regions.candidate_periods(ledger, "LATAM", JAN_NOV))  # 2026 does not stand in for 2025


def test_a_region_below_our_threshold_is_not_supported_and_the_main_part_decides(ledger):
    higher = claim_check(ledger, "south-regions", regions=ALL, period=JAN_NOV, threshold=10.0)
    parts = parts_by_words(higher)
    assert parts["Latin America"].verdict.label == NOT_SUPPORTED  # 9.3 (at most 9.35) is below 10
    assert parts["the ASEAN market"].verdict.label == SUPPORTED and higher.verdict.label == PARTLY
    above_asean = claim_check(ledger, "south-regions", regions=ALL, period=JAN_NOV, threshold=20.0)
    assert parts_by_words(above_asean)["the ASEAN market"].verdict.label == NOT_SUPPORTED
    assert above_asean.verdict.label == NOT_SUPPORTED  # the main part fails: Africa's 26.3% does not save it


def test_a_rate_whose_rounding_straddles_our_threshold_cannot_settle_it(ledger):
    check = claim_check(ledger, "south-regions", regions=ALL, period=JAN_NOV, threshold=14.6)
    asean = parts_by_words(check)["the ASEAN market"]
    assert asean.verdict.label == INSUFFICIENT and "14.5 to 14.7" in asean.verdict.reason
    assert check.verdict.label == PARTLY  # Africa is supported


def test_regions_without_any_figure_give_insufficient_data_and_no_headline(ledger):
    check = claim_check(ledger, "south-regions", regions="MIDEAST,ASIA_OTHER", period=JAN_NOV, threshold=5.0)
    assert check.verdict.label == INSUFFICIENT and check.measured is None
    assert len(check.missing) == 2 and check.figures == []


def test_one_quantity_one_figure_with_global_south_offset(ledger):
    check = claim_check(ledger, "south-regions", regions=ALL, period=JAN_NOV, threshold=5.0)
    taken = {figure.partner: figure for figure in check.figures}
    offset = claim_check(ledger, "global-south-offset", period=JAN_NOV, south="ASEAN,IN,AFRICA,LATAM,MIDEAST",
                         west="US,EU27", share_threshold=100)
    for code in ("AFRICA", "LATAM"):  # the 2024 level is implied there from the same published rate
        assert taken[code] in offset.figures and taken[code].measure == "yoy_pct"
    how = offset.extra_tables["Contributions by partner"].set_index("partner")["how"]
    assert how["ASEAN n/a"] == f"growth {taken['ASEAN'].value:+.1f}% published, no level"  # the same 14.6
    assert taken["IN"].period == "2025" and how["IN n/a"] == "no figure in the ledger"
