"""eu-mid-year on the shipped figures: the months from June to October against our threshold (a dip in October
alone is not a turn from mid-year), and the premise that October was the latest month with figures, settled by the
date November's figures came out against the article's month and its own January-November figures."""

import pytest

from tradeclaims.checks.verdicts import INSUFFICIENT, NOT_SUPPORTED, SUPPORTED
from tradeclaims.claims import europe

from ..claim_checks import claim_check
from ..conftest import ROOT

ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"  # the article the claims come from, beside the project
DEFAULTS = {"partner": "EU27", "first": "2025-06", "last": "2025-10", "threshold": 5.0, "article_month": "2025-12",
            "article_latest": "2025-11"}
# the monthly y/y changes of exports to the EU the ledger resolves: Reuters, AFP, CNA and the outlets' own reports
JUNE_TO_OCTOBER = [7.6, 9.2, 10.4, 14.1, 1.0]


def mid_year(ledger, **changed):
    return claim_check(ledger, "eu-mid-year", **{**DEFAULTS, **changed})


def test_growth_from_june_to_october_stayed_above_our_threshold(ledger):
    check = mid_year(ledger)
    main, premise = check.parts
    assert check.measured == pytest.approx(sum(JUNE_TO_OCTOBER) / 5) == pytest.approx(8.46)
    assert main.main and main.verdict.label == NOT_SUPPORTED and main.period == "2025-06/2025-10"
    # October's +1% carries half a point of rounding, the others 0.05: the mean lies in 8.32 to 8.60
    assert "(with its inputs' rounding, 8.3 to 8.6) is not below our threshold of +5.0%" in main.verdict.reason
    assert "Only 2025-10 was below it (+1.0%), a dip in one month" in main.verdict.reason
    # the months before (April +8.3, May +12.0; March not in the ledger) and November's +14.8% beside it
    assert "(2025-04, 2025-05; 2025-03 not in the ledger) averaged +10.2%" in main.verdict.reason
    assert "2025-11 came to +14.8%" in main.verdict.reason
    assert premise.premise and premise.verdict.label == NOT_SUPPORTED
    assert check.verdict.label == NOT_SUPPORTED and check.threshold.value == 5.0 and check.article_value is None


def test_the_parts_are_in_the_articles_words():
    if not ARTICLE.exists():
        pytest.skip(f"the article's text is not at {ARTICLE}")
    text = ARTICLE.read_text(encoding="utf-8")
    assert europe.MID_YEAR_WORDS in text and europe.LATEST_WORDS in text


def test_only_a_window_of_october_alone_falls_below_our_threshold(ledger):
    turns = mid_year(ledger).extra_tables["Where the verdict turns: the window's first month"]
    assert list(turns["from"]) == ["2025-06", "2025-07", "2025-08", "2025-09", "2025-10"]
    assert list(turns["verdict"]) == [NOT_SUPPORTED] * 4 + [SUPPORTED]
    assert turns["mean y/y change, %"].iloc[3] == pytest.approx((14.1 + 1.0) / 2)
    october = mid_year(ledger, first="2025-10")
    assert october.parts[0].verdict.label == SUPPORTED and october.measured == pytest.approx(1.0)
    assert "(with its inputs' rounding, 0.5 to 1.5) is below our threshold of +5.0%" in october.parts[0].verdict.reason


def test_a_threshold_inside_the_rounding_cannot_settle_the_main_part(ledger):
    main = mid_year(ledger, threshold=8.5).parts[0]
    assert main.verdict.label == INSUFFICIENT and "reaches both sides of our threshold of +8.5%" in main.verdict.reason
    assert mid_year(ledger, threshold=9.0).parts[0].verdict.label == SUPPORTED  # 8.60 < 9: ours decides, and says so


def test_a_window_month_without_a_rate_is_named(ledger):
    check = mid_year(ledger, first="2025-02")
    main = check.parts[0]
    assert main.verdict.label == INSUFFICIENT and check.measured is None
    assert check.missing[:2] == ["2025-02 (y/y)", "2025-03 (y/y)"]
    assert "y/y change of exports to EU27 in 2025-03" in main.verdict.reason


def test_novembers_figures_are_dated_by_the_first_page_printing_its_date(ledger):
    november = europe.release(ledger, "CN", "EU27", "exports", "2025-11")
    assert (november.source.id, november.source.published, november.value) == (
        "south-finanznachrichten-dpa-2025-12-08", "2025-12-08", 14.8)
    # October: Reuters via The Straits Times prints its date; the pages whose date is inferred do not date the release
    october = europe.release(ledger, "CN", "EU27", "exports", "2025-10")
    assert (october.source.id, october.source.published) == ("ea-straitstimes-2025-11-07", "2025-11-07")
    # the article's own January-November surplus, US$1.08 trillion, came out the same day
    own = europe.release(ledger, "CN", "WLD", "balance", "2025-01/2025-11")
    assert (own.value, own.source.published) == (1080.0, "2025-12-08")


def test_the_premise_is_contradicted_by_the_articles_own_november_figures(ledger):
    premise = mid_year(ledger).parts[1]
    assert premise.verdict.label == NOT_SUPPORTED and premise.period == "2025-11"
    assert "2025-11's figures were out by 2025-12-08" in premise.verdict.reason
    assert "its trade balance for 2025-01/2025-11, US$1,080.0 bn, was out by 2025-12-08" in premise.verdict.reason


@pytest.mark.parametrize(("changed", "expected", "words"), [
    ({"article_month": "2025-11"}, SUPPORTED, "after the month the article appeared (2025-11)"),
    ({"article_month": "2026-01"}, NOT_SUPPORTED, "before the month the article appeared (2026-01)"),
    ({"article_latest": "2025-10"}, INSUFFICIENT, "the day it appeared is not recorded"),
    ({"last": "2025-09"}, NOT_SUPPORTED, "2025-10's figures were out by 2025-11-07"),
])
def test_the_premise_turns_on_the_release_date_and_the_articles_month(ledger, changed, expected, words):
    premise = mid_year(ledger, **changed).parts[1]
    assert premise.verdict.label == expected and words in premise.verdict.reason


def test_a_month_whose_release_the_ledger_cannot_date_is_named(ledger):
    check = mid_year(ledger, last="2025-11")  # December's monthly figure for the EU is not in the ledger
    assert check.parts[1].verdict.label == INSUFFICIENT
    assert check.missing == ["the date 2025-12's figures came out (a page printing its date)"]
    assert check.parts[0].verdict.label == NOT_SUPPORTED and check.measured == pytest.approx(
        (sum(JUNE_TO_OCTOBER) + 14.8) / 6)
    assert mid_year(ledger, article_latest="2025-10").missing == ["the day the article appeared"]
