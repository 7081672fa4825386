"""The totals, asean-growth, india-deficit, eu-early-rise and weak-imports claims on the shipped figures: rounding carried
as intervals, every part of the sentence judged in the article's words, the right month, our thresholds called ours,
and the readings a careful reader would try kept as alternatives."""

import pytest

from tradeclaims.checks.verdicts import INSUFFICIENT, NOT_SUPPORTED, PARTLY, SUPPORTED, Interval, Verdict, about
from tradeclaims.claims import asean, europe, imports, india, totals
from tradeclaims.ledger.views import with_routes

from ..claim_checks import check_of, claim_check
from ..conftest import ROOT

ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"  # the article the claims come from, beside the project
PERIOD = "2025-01/2025-11"


@pytest.fixture
def article() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"the article's text is not at {ARTICLE}")
    return ARTICLE.read_text()


def test_exports_minus_imports_carries_its_inputs_rounding(ledger):
    estimate, flow_choices = totals.from_flows(ledger, "CN", "WLD", PERIOD)
    # each flow by its most authoritative route: the year-earlier level x (1 + growth), not a reprint's rounded level
    assert [choice.taken.name for choice in flow_choices] == [totals.IMPLIED, totals.IMPLIED]
    exports = 3240 * 1.054  # US$ 3.24 trn (UCapital) grown 5.4% (dpa-AFX)
    imports = 2356034258e-6 * (1 - 0.006)  # GACC's bulletin, US$ thousand, down 0.6% (dpa-AFX)
    assert estimate.value == pytest.approx(exports - imports) == pytest.approx(1073.06, abs=0.01)
    low_exports, high_exports = 3235 * 1.0535, 3245 * 1.0545  # 3.24 trn is 3,235 to 3,245; 5.4% is 5.35 to 5.45
    low_imports, high_imports = 2356034257.5e-6 * (1 - 0.0065), 2356034258.5e-6 * (1 - 0.0055)
    assert estimate.interval.low == pytest.approx(low_exports - high_imports)
    assert estimate.interval.high == pytest.approx(high_exports - low_imports)
    # rounding ignored, 1,073.1 is 6.9 from 1,080: beyond the tolerance of 5; with its rounding it reaches 1,080
    assert about(estimate.value, 1080, 5, "USD bn").label == PARTLY
    assert estimate.interval.low < 1080 < estimate.interval.high


def test_surplus_shows_exports_minus_imports_beside_the_published_balance(ledger):
    check = claim_check(ledger, "surplus-jan-nov", "balance", PERIOD, 1080, "about", tolerance=5)
    assert check.verdict.label == SUPPORTED and check.measured == pytest.approx(1080)
    assert "(with its inputs' rounding, 1,075.0 to 1,085.0)" in check.verdict.reason  # dpa's 1.08 trn: 1,075-1,085
    main, *flows = check.choices
    assert main.taken.name == totals.PUBLISHED
    assert [route.name for route in main.not_taken] == [totals.FROM_FLOWS, totals.IMPLIED]
    assert [choice.quantity for choice in flows] == [f"CN {flow} with WLD, {PERIOD}" for flow in ("exports", "imports")]
    shown = [row for row in check.rows if row.quantity == f"balance (World), {totals.FROM_FLOWS}"]
    assert len(shown) == 1 and "between 1,065.0 and 1,081.1" in shown[0].note
    found = check.result()["alternatives"]
    (flows_taken,) = [item for item in found if item["swapped"].startswith(f"CN balance with WLD, {PERIOD}: "
                                                                          f"{totals.FROM_FLOWS}")]
    assert flows_taken["measured"] == pytest.approx(1073.06, abs=0.01)
    assert all(item["verdict"] == SUPPORTED for item in found)  # the interval of 1,073.1 reaches 1,080


def test_a_forced_exports_minus_imports_route_is_judged_on_its_interval(ledger):
    view = with_routes(ledger, {f"CN balance with WLD, {PERIOD}": totals.FROM_FLOWS})
    check = claim_check(view, "surplus-jan-nov", "balance", PERIOD, 1080, "about", tolerance=5)
    assert check.measured == pytest.approx(1073.06, abs=0.01) and check.verdict.label == SUPPORTED
    assert "1,065.0 to 1,081.1" in check.verdict.reason


def test_an_implied_deficit_keeps_its_interval_in_order():
    class Figure:  # a deficit: a negative level, so the ends of the growth factor turn round
        def __init__(self, value, halfwidth):
            self.value, self.halfwidth = value, halfwidth

    class Ledger:
        def get(self, reporter, partner, flow, period, measure="value"):
            return Figure(-80.0, 0.5) if measure == "value" else Figure(10.0, 0.5)

    value, low, high, _ = totals.implied_level(Ledger(), "IN", "CN", "balance", "2025")
    assert low < value < high and value == pytest.approx(-88.0)
    assert low == pytest.approx(-80.5 * 1.105) and high == pytest.approx(-79.5 * 1.095)


def test_a_balance_without_any_figure_names_what_is_missing(ledger):
    check = check_of("surplus-jan-nov")(ledger, "x", "balance", "2019-01/2019-03", 1, "about", tolerance=5, partner="MX")
    assert check.verdict.label == INSUFFICIENT and check.measured is None
    assert check.missing == ["CN balance with MX for 2019-01/2019-03 (US$), or its exports and imports, or the "
                             "year-earlier level and the reported growth"]


def test_asean_growth_judges_october_with_october_figures_only(ledger, article):
    check = claim_check(ledger, "asean-growth", "ASEAN", 2025, 11, 53, 50, "US,EU27", 1)
    assert all(part.words in article for part in check.parts)
    assert check.measured == pytest.approx(11.0) and check.headline_period() == "2025-10"
    assert [(part.words, part.verdict.label, part.period) for part in check.parts] == [
        ("increased by 11%", SUPPORTED, "2025-10"),
        ("exceeding $53 billion", INSUFFICIENT, "2025-10"),
        ("more than 50% higher than China’s exports to the U.S. and Europe", INSUFFICIENT, "2025-10"),
    ]
    assert check.verdict.label == PARTLY  # the main part holds; the others lack October's levels
    assert {figure.period for figure in check.verdict_inputs()} == {"2025-10"}  # no September figure among them
    assert check.missing == [f"the level of China's exports to {code} in 2025-10 (US$ bn)"
                             for code in ("ASEAN", "EU27", "US")]
    # September, the latest month with every level, is shown for context and said to be another month
    context = check.extra_tables["The same readings in 2025-09, for context (another month: not judged)"]
    ratios = dict(zip(context["comparison"], context["ASEAN more by %"], strict=True))
    assert ratios["against US"] == pytest.approx((53.6 / 34.3 - 1) * 100)
    assert ratios["against US + EU27"] == pytest.approx((53.6 / (34.3 + 48.0) - 1) * 100)
    assert not context["judged"].any()
    assert all("not judged" in row.note for row in check.rows if row.period == "2025-09")


def test_asean_growth_never_compares_a_partner_with_itself(ledger):
    check = claim_check(ledger, "asean-growth", "EU27", 2025, 11, 53, 50, "US,EU27", 1)
    readings = next(table for title, table in check.extra_tables.items() if "each way it can be read" in title)
    assert list(readings["comparison"]) == ["against US"]


@pytest.mark.parametrize(("ratios", "missing", "expected"), [
    ((60.0, 70.0, 55.0), (), SUPPORTED),
    ((60.0, 10.0, -30.0), (), PARTLY),
    ((10.0, 20.0, -30.0), (), NOT_SUPPORTED),
    ((60.0, 10.0, None), ("a level",), PARTLY),  # a mix already settles 'partly', whatever the missing reading gives
    ((60.0, 70.0, None), ("a level",), INSUFFICIENT),  # the missing reading could fail: not settled
    ((None, None, None), ("a level",), INSUFFICIENT),
])
def test_the_margin_is_settled_only_by_the_readings_with_figures(ratios, missing, expected):
    found = [asean.Reading(label=f"reading {index}", codes=("X",), ratio=ratio, missing=missing if ratio is None else ())
             for index, ratio in enumerate(ratios)]
    assert asean.margin_verdict(found, 50, "2025-10").label == expected


def test_india_deficit_parts_in_the_articles_words(ledger, article):
    check = claim_check(ledger, "india-deficit", "FY2024-25", "FY2023-24", 100, 85, "FY2025-26", "2024", 2)
    main, base = check.parts
    assert main.words in article and base.words in article and main.main and not base.main
    assert (main.verdict.label, main.measured, main.period) == (PARTLY, 99.2, "FY2024-25")
    assert "India's figure for FY2024-25, while the article dates it 'FY2025-26'" in main.verdict.reason
    assert (base.verdict.label, base.measured, base.period) == (PARTLY, pytest.approx(85.1), "FY2023-24")
    # the calendar year the article names has its own figure in India's data: 94.5, not 85
    assert "India's own figure for 2024, the period the article names, is 94.5" in base.verdict.reason
    assert check.verdict.label == PARTLY


def test_india_a_size_for_the_period_the_article_names_keeps_its_verdict():
    size = Verdict(SUPPORTED, "within 2")
    assert india.dated_part(size, "FY2024-25", "FY2024-25", None, None).label == SUPPORTED
    assert india.dated_part(size, "FY2024-25", "FY2025-26", None, None).label == PARTLY
    assert india.dated_part(Verdict(NOT_SUPPORTED, "far"), "FY2022-23", "FY2025-26", None, None).label == NOT_SUPPORTED


def test_india_a_missing_period_leaves_that_part_unjudged(ledger):
    check = claim_check(ledger, "india-deficit", "2019", "FY2023-24", 100, 85, "FY2025-26", "2024", 2)
    main, base = check.parts
    assert main.verdict.label == INSUFFICIENT and main.measured is None and check.measured is None
    assert "India's balance with China for 2019" in main.verdict.reason and base.verdict.label == PARTLY


def test_early_rise_calls_the_threshold_ours_and_keeps_the_cumulative_readings(ledger):
    check = claim_check(ledger, "eu-early-rise", "EU27", "2025-03", "2025-06", 5)
    assert check.measured == pytest.approx((8.3 + 12 + 7.6) / 3)
    assert check.verdict.reason == "Mean y/y change over the 3 months with figures: +9.3% is at least our threshold " \
                                   "of +5.0%."
    assert "article's" not in check.verdict.reason
    reading = check.choices[0]
    assert reading.taken.name == europe.MEAN
    assert [(route.name, route.value) for route in reading.not_taken] == [
        ("cumulative January-April 2025, as reported", 4.9), ("cumulative January-June 2025, as reported", 6.6)]
    outcomes = {item["measured"]: item["verdict"] for item in check.result()["alternatives"]}
    assert outcomes == {4.9: NOT_SUPPORTED, 6.6: SUPPORTED}  # January-April falls short of our 5%
    assert check.result()["robust"] is False


def test_early_rise_under_the_january_april_reading(ledger):
    quantity = europe.reading_quantity("EU27", "2025-03", "2025-06")
    view = with_routes(ledger, {quantity: "cumulative January-April 2025, as reported"})
    check = claim_check(view, "eu-early-rise", "EU27", "2025-03", "2025-06", 5)
    assert check.measured == pytest.approx(4.9) and check.headline_period() == "2025-01/2025-04"
    assert check.verdict.label == NOT_SUPPORTED
    assert "January-April" in check.verdict.reason and "below our threshold of +5.0%" in check.verdict.reason


def test_early_rise_takes_months_across_a_year_end(ledger):
    check = claim_check(ledger, "eu-early-rise", "EU27", "2024-10", "2025-04", 5)
    months = [row.period for row in check.rows if not row.headline]
    assert months[0] == "2024-10" and "2025-04" in months  # months of both years count


@pytest.mark.parametrize(("net_exports", "consumption", "expected"), [
    (32.7, 52.0, PARTLY), (32.7, 45.0, SUPPORTED), (10.0, 45.0, NOT_SUPPORTED), (32.7, None, PARTLY),
    (None, 52.0, INSUFFICIENT),
])
def test_what_drove_growth_decides_the_sentence(net_exports, consumption, expected):
    assert imports.demand_verdict(net_exports, consumption, 25, "2025").label == expected


def test_weak_imports_is_judged_on_what_drove_2025_growth(ledger, article):
    check = claim_check(ledger, "weak-imports", "2025", 25)
    main, premise = check.parts
    assert main.words in article and premise.words in article
    assert (main.verdict.label, main.measured) == (PARTLY, 32.7)  # a third of growth from net exports; 52% consumption
    assert "final consumption supplied 52.0%" in main.verdict.reason and "our threshold of 25%" in main.verdict.reason
    assert premise.premise and premise.verdict.label == SUPPORTED and premise.measured == pytest.approx(5.5)
    assert check.verdict.label == PARTLY and check.threshold.value == 25
    # the share from the contributions in points: 1.6 of 2.6 + 0.8 + 1.6 = 5.0 points
    share = next(choice for choice in check.choices if choice.quantity.startswith("net exports'"))
    (points,) = share.not_taken
    assert points.name == imports.FROM_POINTS and points.value == pytest.approx(1.6 / 5.0 * 100)
    assert Interval.around(points.value, points.halfwidth).low < 32.7 < points.value + points.halfwidth
    # imports are an indicator, labelled as one, not the claim
    indicator = next(row for row in check.rows if row.quantity.startswith("imports, y/y"))
    assert indicator.measured == pytest.approx((2580 / 2585.066668 - 1) * 100) and "not the claim" in indicator.note


def test_weak_imports_without_the_shares_says_what_is_missing(ledger):
    check = claim_check(ledger, "weak-imports", "2024", 25)
    main, _ = check.parts
    assert main.verdict.label == INSUFFICIENT and check.measured is None
    assert "net exports' share of China's GDP growth in 2024" in main.verdict.reason
    assert check.missing[0].startswith("net exports' share of China's GDP growth in 2024")
