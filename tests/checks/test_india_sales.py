"""india-sales on the shipped figures: India's sales to China (the main part) and its purchases from China, each judged
on the change on a year earlier in India's own figures, over the whole of its rounding interval; the period the
article speaks of judged, the last full fiscal year and the other parts of the fiscal year shown beside."""

import pytest

from tradeclaims.checks.routes import Choice, Route
from tradeclaims.checks.verdicts import INSUFFICIENT, NOT_SUPPORTED, PARTLY, SUPPORTED
from tradeclaims.claims import india
from tradeclaims.claims.growth import AS_REPORTED, FROM_LEVELS

from ..claim_checks import claim_check
from ..conftest import ROOT

ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"  # the article the claims come from, beside the project
SO_FAR, WHOLE_YEAR = "2025-04/2025-11", "FY2024-25"
# FY2024-25 from the levels india-deficit shows: exports 16.66 -> 14.25 (PTI), imports 101.7 (PTI via Business
# Standard) -> 113.45 (PTI)
EXPORTS_FY25, IMPORTS_FY25 = (14.25 / 16.66 - 1) * 100, (113.45 / 101.7 - 1) * 100


@pytest.fixture
def article() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"the article's text is not at {ARTICLE}")
    return ARTICLE.read_text()


def test_sales_rose_in_the_months_the_article_speaks_of(ledger, article):
    check = claim_check(ledger, "india-sales", SO_FAR, WHOLE_YEAR, 10)
    sales, purchases = check.parts
    assert sales.main and not purchases.main and sales.words in article and purchases.words in article
    # April-November 2025: exports +32.83% as reported (Economy India), imports +12.63% (Lapaas Voice)
    assert (sales.verdict.label, sales.measured, sales.period) == (NOT_SUPPORTED, 32.83, SO_FAR)
    assert (purchases.verdict.label, purchases.measured) == (SUPPORTED, 12.63)
    assert check.verdict.label == NOT_SUPPORTED and check.measured == 32.83 and check.headline_period() == SO_FAR
    # the headline, the sales part, is held against no change; our 10% for 'soar' is on the imports' line
    assert check.article_value is None and check.threshold.value == 0 and "'decline'" in check.threshold.label
    assert [row.threshold for row in check.rows if row.period == SO_FAR and row.note == "the change judged"] == [0, 10]
    reason = check.verdict.reason
    assert "changed +32.8% on a year earlier in 2025-04/2025-11 (as reported): a rise, not a decline" in reason
    assert "Read on FY2024-25 instead, the sentence is supported (exports -14.5%, imports +11.6%)" in reason
    # whatever the article's day, the months published before April-November show the same rise
    assert ("2025-04/2025-07 (+20.0%: not supported), 2025-04/2025-09 (+21.9%: not supported), 2025-04/2025-10 "
            "(+25.0%: not supported)") in reason
    assert "our threshold of +10.0% for 'soar'" in purchases.verdict.reason and "article's" not in reason
    # the imports part rests on one reprint, and the verdict does not turn on it
    assert check.result()["evidence"] == "reprint"
    assert any("rests on a reprint (Lapaas Voice, as reported)" in caveat and "would be the same" in caveat
               for caveat in check.caveats)
    assert any("displeasure" in caveat and "not judged" in caveat for caveat in check.caveats)
    # no page found prints the imports' levels for April-November: shown as missing, the reported rate judged
    missing = [(row.period, row.note) for row in check.rows if row.quantity.startswith("India's imports")
               and row.measured is None]
    assert missing == [("2024-04/2024-11", "not in the ledger"), (SO_FAR, "not in the ledger")]


def test_the_last_full_fiscal_year_fits_the_sentence(ledger):
    check = claim_check(ledger, "india-sales", WHOLE_YEAR, SO_FAR, 10)
    sales, purchases = check.parts
    assert check.verdict.label == SUPPORTED
    assert sales.measured == pytest.approx(EXPORTS_FY25) == pytest.approx(-14.4658, abs=1e-4)
    assert purchases.measured == pytest.approx(IMPORTS_FY25) == pytest.approx(11.5536, abs=1e-4)
    assert [choice.taken.name for choice in check.choices] == [FROM_LEVELS, FROM_LEVELS]
    assert "Read on 2025-04/2025-11 instead, the sentence is not supported" in check.verdict.reason
    assert "Whether the article appeared" not in check.verdict.reason  # a whole fiscal year has no earlier parts


def test_one_quantity_one_figure_with_india_deficit(ledger):
    sales = claim_check(ledger, "india-sales", SO_FAR, WHOLE_YEAR, 10)
    deficit = claim_check(ledger, "india-deficit", "FY2024-25", "FY2023-24", 100, 85, "FY2025-26", "2024", 2)
    for flow, words in (("exports", "India's exports to China"), ("imports", "India's imports from China")):
        theirs = [row for row in deficit.rows if row.quantity == words and row.period == WHOLE_YEAR]
        ours = [row for row in sales.rows if row.quantity == india.FLOW_NAMES[flow] and row.period == WHOLE_YEAR]
        assert len(theirs) == len(ours) == 1 and ours[0].figure is theirs[0].figure  # the same resolved figure
    assert [row.measured for row in sales.rows if row.period == WHOLE_YEAR and row.unit == "US$ bn"] == [14.25, 113.45]


def test_the_periods_the_sentence_can_mean(ledger):
    check = claim_check(ledger, "india-sales", SO_FAR, WHOLE_YEAR, 10)
    table = check.extra_tables["The sentence on each period it can mean"].set_index("period")
    assert list(table.index) == [WHOLE_YEAR, "2025-04/2025-07", "2025-04/2025-09", "2025-04/2025-10", SO_FAR,
                                 "2025-04/2025-12"]
    assert table.loc[SO_FAR, "role"] == india.JUDGED and table.loc[WHOLE_YEAR, "role"] == india.OTHER
    assert table.loc["2025-04/2025-07", "role"] == india.SO_FAR
    assert list(table["the sentence"]) == [SUPPORTED] + [NOT_SUPPORTED] * 5
    # April-July 2025 (PTI): exports +19.97%, imports +13.06%; April-September: no imports figure
    assert table.loc["2025-04/2025-07", ["exports y/y, %", "imports y/y, %"]].tolist() == [19.97, 13.06]
    assert table.loc["2025-04/2025-09", india.PURCHASES_COLUMN] == INSUFFICIENT
    assert table.loc[SO_FAR, "out by"] == "2025-12-16"  # Business Standard: the day after the release
    assert table.loc["2025-04/2025-07", "out by"] == "2025-08-23"
    assert table.loc["2025-04/2025-10", "out by"] == "not shown"


def route_choice(name: str, figure) -> Choice:
    return Choice(quantity="a change", taken=Route(name=name, value=figure.value, figures=(figure,),
                                                   halfwidth=figure.halfwidth))


def test_a_decline_is_judged_over_the_changes_rounding(ledger):
    assert india.decline_verdict(india.flow_change(ledger, "exports", WHOLE_YEAR), WHOLE_YEAR).label == SUPPORTED
    assert india.decline_verdict(india.flow_change(ledger, "exports", SO_FAR), SO_FAR).label == NOT_SUPPORTED
    # a change within its rounding of zero: China's imports in 2025, '0.0%' as ING reported it (-0.05 to +0.05)
    flat = route_choice(AS_REPORTED, ledger.get("CN", "WLD", "imports", "2025", measure="yoy_pct"))
    verdict = india.decline_verdict(flat, "2025")
    assert verdict.label == PARTLY and "(-0.1 to 0.1 %)" in verdict.reason
    missing = india.decline_verdict(india.flow_change(ledger, "exports", "2019"), "2019")
    assert missing.label == INSUFFICIENT and "India's exports to China for 2019 and a year earlier (2018)" in missing.reason


@pytest.mark.parametrize(("period", "threshold", "expected", "words"), [
    (WHOLE_YEAR, 10, SUPPORTED, "at least our threshold of +10.0%"),  # +11.55% from the levels
    (WHOLE_YEAR, 11.58, PARTLY, "on either side of our threshold"),  # 11.55 with its rounding: 11.49 to 11.61
    ("FY2023-24", 10, PARTLY, "a rise, but below our threshold"),  # +3.24% (PTI via Business Standard)
    ("2023", 10, NOT_SUPPORTED, "no rise"),  # calendar 2023 (GTRI): 102.6 -> 91.8, -10.5%
    ("2025-04/2025-09", 10, INSUFFICIENT, "India's imports from China for 2025-04/2025-09"),  # no figure
])
def test_soaring_imports_against_our_threshold(ledger, period, threshold, expected, words):
    verdict = india.soar_verdict(india.flow_change(ledger, "imports", period), period, threshold)
    assert verdict.label == expected and words in verdict.reason


def test_the_main_part_decides_when_the_imports_fall_short(ledger):
    # imports +12.63% against a threshold of ours of 15%: a rise below it; the sales part still decides
    higher = claim_check(ledger, "india-sales", SO_FAR, WHOLE_YEAR, 15)
    assert [part.verdict.label for part in higher.parts] == [NOT_SUPPORTED, PARTLY]
    assert higher.verdict.label == NOT_SUPPORTED
    year = claim_check(ledger, "india-sales", WHOLE_YEAR, SO_FAR, 15)
    assert [part.verdict.label for part in year.parts] == [SUPPORTED, PARTLY] and year.verdict.label == PARTLY


def test_a_period_without_figures_names_what_is_missing(ledger):
    check = claim_check(ledger, "india-sales", "2019", WHOLE_YEAR, 10)
    assert check.verdict.label == INSUFFICIENT and check.measured is None
    assert check.missing == [india.missing_words("exports", "2019"), india.missing_words("imports", "2019")]
