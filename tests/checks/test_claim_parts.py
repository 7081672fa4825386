"""The totals, asean-growth, india-deficit, eu-early-rise, weak-imports and global-south-offset claims on the shipped
figures: rounding carried as intervals, every part of the sentence judged in the article's words and combined by the
design's rule, the right month, our thresholds called ours, and the readings a careful reader would try kept as
alternatives."""

import itertools

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeclaims.checks.parts import RULE, Part, combine_parts
from tradeclaims.checks.verdicts import (
    INSUFFICIENT,
    NOT_SUPPORTED,
    PARTLY,
    SUPPORTED,
    TOO_EARLY,
    Interval,
    Verdict,
    about,
)
from tradeclaims.claims import asean, europe, imports, india, totals
from tradeclaims.ledger.views import with_routes

from ..claim_checks import check_of, claim_check
from ..conftest import ROOT

ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"  # the article the claims come from, beside the project
PERIOD = "2025-01/2025-11"
SOUTH, WEST = "ASEAN,IN,AFRICA,LATAM,MIDEAST", "US,EU27"


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
    # its interval, 1,064.996 to 1,081.133, shown rounded outward so that it still holds
    assert len(shown) == 1 and "between 1,064.9 and 1,081.2" in shown[0].note
    found = check.result()["alternatives"]
    (flows_taken,) = [item for item in found if item["swapped"].startswith(f"CN balance with WLD, {PERIOD}: "
                                                                          f"{totals.FROM_FLOWS}")]
    assert flows_taken["measured"] == pytest.approx(1073.06, abs=0.01)
    assert all(item["verdict"] == SUPPORTED for item in found)  # the interval of 1,073.1 reaches 1,080


def test_a_forced_exports_minus_imports_route_is_judged_on_its_interval(ledger):
    view = with_routes(ledger, {f"CN balance with WLD, {PERIOD}": totals.FROM_FLOWS})
    check = claim_check(view, "surplus-jan-nov", "balance", PERIOD, 1080, "about", tolerance=5)
    assert check.measured == pytest.approx(1073.06, abs=0.01) and check.verdict.label == SUPPORTED
    assert "1,064.9 to 1,081.2" in check.verdict.reason  # 1,064.996 to 1,081.133, rounded outward


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


def test_asean_growth_judges_the_margin_in_the_nearest_months_with_levels(ledger, article):
    check = claim_check(ledger, "asean-growth", "ASEAN", 2025, 11, 53, 50, "US,EU27", 1)
    assert all(part.words in article for part in check.parts)
    assert check.measured == pytest.approx(11.0) and check.headline_period() == "2025-10"
    assert [(part.words, part.verdict.label, part.period) for part in check.parts] == [
        ("increased by 11%", SUPPORTED, "2025-10"),
        ("exceeding $53 billion", INSUFFICIENT, "2025-10"),  # October's level only: no other month's stands in
        ("more than 50% higher than China’s exports to the U.S. and Europe", NOT_SUPPORTED, "2025-09"),
    ]
    assert check.verdict.label == PARTLY  # the rate holds; the level lacks October's figure; the margin fails
    assert "(The tolerance is ours: the article prints none.)" in check.parts[0].verdict.reason  # 1 point, ours
    margin = check.parts[2]
    # October has no levels: the margin (a ratio) is judged in September, the nearest month with every level, and
    # over January-November, and the page says so
    assert ("judged instead in 2025-09 (the nearest month with every level) and over 2025-01/2025-11 (the longest "
            "span from January with levels)") in margin.verdict.reason
    # September (dollar series): ASEAN 53.6 (CNA) against the EU's 48.0 (CNA) and the US's 34.3 (CNN text): more
    # than 50% above the US alone, but above each of them only by the margin over the EU, +11.7%, and below both
    # together
    assert margin.measured == pytest.approx((53.6 / 48.0 - 1) * 100) and margin.bound is None
    table = next(table for title, table in check.extra_tables.items() if "each way it can be read" in title)
    rows = table.set_index(["period", "comparison"])
    assert rows.loc[("2025-09", "against US"), "more by, %"] == pytest.approx((53.6 / 34.3 - 1) * 100)
    assert rows.loc[("2025-09", "against US"), "holds"]
    assert rows.loc[("2025-09", "against US + EU27 together"), "more by, %"] == pytest.approx(
        (53.6 / (34.3 + 48.0) - 1) * 100)
    # January-November (yuan series, Global Times citing GACC): 4.29 trn against the EU's 3.64 trn; no US level in
    # yuan, so the margin over both can only be lower: +17.9% at most (17.86 rounded up), far below 50%
    span = rows.loc[("2025-01/2025-11", "against US + EU27 together")]
    assert span["more by, %"] == pytest.approx((4.29 / 3.64 - 1) * 100) and span["bound"] == "upper"
    assert span["to"] == pytest.approx((4.295 / 3.635 - 1) * 100) and span["holds"] is False
    assert "at most +17.9%" in margin.verdict.reason and "(yuan series)" in margin.verdict.reason
    assert {figure.period for figure in check.verdict_inputs()} == {"2025-10", "2025-09", "2025-01/2025-11"}
    assert check.missing == ["the level of China's exports to ASEAN in 2025-10 (US$ bn)"]  # the margin is settled
    assert all("judged instead of 2025-10" in row.note for row in check.rows if row.period != "2025-10")
    # October's +11.0%: the broker note on Wallstreetcn and Caixin's commentary, two origins agreeing
    (rate,) = [item for item in check.result()["inputs"] if item["period"] == "2025-10"]
    assert (rate["value"], rate["origins_agreeing"]) == (11.0, 2)
    assert "ea-caixin-2025-11-07" in rate["agreeing_pages"]


def test_asean_growth_never_compares_a_partner_with_itself(ledger):
    check = claim_check(ledger, "asean-growth", "EU27", 2025, 11, 53, 50, "US,EU27", 1)
    readings = next(table for title, table in check.extra_tables.items() if "each way it can be read" in title)
    # August (EU27's rate nearest 11%) lacks the US level: September and January-February stand in, each against the
    # US alone
    assert list(zip(readings["period"], readings["comparison"], strict=True)) == [
        ("2025-09", "against US"), ("2025-01/2025-02", "against US")]


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


@pytest.mark.parametrize(("ratio", "low", "high", "missing", "expected"), [
    (17.9, 17.6, 18.2, ("the US level",), False),  # an upper bound below the margin: it fails, whatever is missing
    (60.0, 59.0, 61.0, ("the US level",), None),  # an upper bound above it: the missing level could pull it below
    (60.0, 59.0, 61.0, (), True),
    (50.2, 49.9, 50.5, (), None),  # 'more than 50%' within the rounding: not settled
    (50.0, 50.0, 50.0, (), False),  # exactly 50% is not more than 50%
])
def test_a_reading_without_every_level_is_an_upper_bound(ratio, low, high, missing, expected):
    reading = asean.Reading(label="against US + EU27 together", codes=("US", "EU27"), ratio=ratio, low=low, high=high,
                            missing=missing)
    assert reading.holds(50) is expected and reading.bound == ("upper" if missing else None)


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


@pytest.mark.parametrize(("net_exports", "consumption", "main_engine", "expected"), [
    (32.7, 52.0, 50, PARTLY), (32.7, 45.0, 50, SUPPORTED), (10.0, 45.0, 50, NOT_SUPPORTED), (32.7, None, 50, PARTLY),
    (None, 52.0, 50, INSUFFICIENT),
    (32.7, 52.0, 55, SUPPORTED),  # the main-engine line is ours: at 55% of growth, 2025's 52% falls short of it
])
def test_what_drove_growth_decides_the_sentence(net_exports, consumption, main_engine, expected):
    assert imports.demand_verdict(net_exports, consumption, 25, main_engine, "2025").label == expected


def test_weak_imports_is_judged_on_what_drove_2025_growth(ledger, article):
    check = claim_check(ledger, "weak-imports", "2025", 25, 50)
    main, premise = check.parts
    assert main.words in article and premise.words in article
    assert (main.verdict.label, main.measured) == (PARTLY, 32.7)  # a third of growth from net exports; 52% consumption
    assert "final consumption supplied 52.0%" in main.verdict.reason and "our threshold of 25%" in main.verdict.reason
    assert "at least our threshold of 50% for the main engine" in main.verdict.reason  # the 50% line is ours too
    consumption = next(row for row in check.rows if row.quantity == "final consumption, share of GDP growth")
    assert (consumption.measured, consumption.threshold) == (52.0, 50) and "our threshold" in consumption.note
    assert "our threshold of 50% for the main engine" in check.method
    # household consumption's share: the reading a careful reader would also try; the ledger has no figure for it
    readings = check.extra_tables["Readings of 'a domestic demand-driven growth engine'"].set_index("reading")
    assert readings.loc["final consumption's share of GDP growth", "share, %"] == 52.0
    household = readings.loc["household consumption's share of GDP growth"]
    assert pd.isna(household["share, %"]) and "ledger holds no figure" in household["note"]
    assert not any("household" in text for text in check.missing)  # not needed for the verdict: not 'missing'
    # at a main-engine line of ours above 52%, the same figures support the sentence
    assert claim_check(ledger, "weak-imports", "2025", 25, 55).parts[0].verdict.label == SUPPORTED
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
    check = claim_check(ledger, "weak-imports", "2024", 25, 50)
    main, _ = check.parts
    assert main.verdict.label == INSUFFICIENT and check.measured is None
    assert "net exports' share of China's GDP growth in 2024" in main.verdict.reason
    assert check.missing[0].startswith("net exports' share of China's GDP growth in 2024")


# The rule for combining parts, as DESIGN.md states it, written out here on its own to hold combine_parts to it.
def design_rule(labels: list[str], main: int) -> str:
    if all(label == SUPPORTED for label in labels):
        return SUPPORTED
    if labels[main] == NOT_SUPPORTED:
        return NOT_SUPPORTED
    if labels[main] == TOO_EARLY:
        return TOO_EARLY
    if all(label in (INSUFFICIENT, TOO_EARLY) for label in labels):
        return INSUFFICIENT
    if any(label in (SUPPORTED, PARTLY) for label in labels):
        return PARTLY
    assert NOT_SUPPORTED in labels  # the rule's last case: none holds and some part (a premise) is not supported
    return NOT_SUPPORTED


LABELS = (SUPPORTED, PARTLY, NOT_SUPPORTED, INSUFFICIENT, TOO_EARLY)


def parts_of(labels: list[str], main: int) -> list[Part]:
    return [Part(words=f"part {index}", verdict=Verdict(label, f"why {index}"), main=index == main,
                 premise=index != main) for index, label in enumerate(labels)]


@given(st.lists(st.sampled_from(LABELS), min_size=2, max_size=6), st.data())
def test_parts_combine_exactly_by_the_design_rule(labels, data):
    main = data.draw(st.integers(0, len(labels) - 1))
    combined = combine_parts(parts_of(labels, main))
    assert combined.label == design_rule(labels, main)
    # 'partly supported' needs a part that holds, at least in part
    assert combined.label != PARTLY or any(label in (SUPPORTED, PARTLY) for label in labels)
    # the verdict box says which case of the rule decided it
    assert combined.reason.startswith(f"Judged in {len(labels)} parts: ")


def test_every_combination_of_three_parts_follows_the_rule():
    for labels in itertools.product(LABELS, repeat=3):
        for main in range(3):
            assert combine_parts(parts_of(list(labels), main)).label == design_rule(list(labels), main), (labels, main)


@pytest.mark.parametrize(("labels", "expected", "words"), [
    ((INSUFFICIENT, INSUFFICIENT, NOT_SUPPORTED), NOT_SUPPORTED,
     "Not supported: no part is supported or partly supported, and “part 2” (a premise) is not supported."),
    ((INSUFFICIENT, SUPPORTED, NOT_SUPPORTED), PARTLY,
     "Partly supported: “part 1” (a premise) holds, at least in part, but not every part is supported."),
    ((INSUFFICIENT, TOO_EARLY, INSUFFICIENT), INSUFFICIENT, "No part can be judged on the figures in the ledger."),
    ((PARTLY, PARTLY, SUPPORTED), PARTLY, "Partly supported: every part holds in part, not every one in full."),
    ((NOT_SUPPORTED, SUPPORTED, SUPPORTED), NOT_SUPPORTED, "The main part is not supported, so neither is the claim."),
])
def test_the_verdict_box_names_the_case_of_the_rule(labels, expected, words):
    combined = combine_parts(parts_of(list(labels), 0))
    assert combined.label == expected and words in combined.reason


def test_the_page_states_the_whole_rule():
    assert RULE.endswith("otherwise partly supported if some part is supported or partly supported, and not supported "
                         "if none is and some part (a premise) is not.")


def test_global_south_offset_with_no_part_holding_is_not_supported(ledger, article):
    # January-November 2025: 'entirely' and 'offset' rest on lower bounds below their thresholds (insufficient data);
    # the premise fails: exports to the EU rose 8.1% (ING via Interior Daily), so there were no European losses
    check = claim_check(ledger, "global-south-offset", PERIOD, SOUTH, WEST, 100)
    assert [(part.words, part.verdict.label) for part in check.parts] == [
        ("entirely due to", INSUFFICIENT), ("offset losses in the U.S. and Europe", INSUFFICIENT),
        ("losses in the U.S. and Europe", NOT_SUPPORTED)]
    assert all(part.words in article for part in check.parts)
    assert "Exports to EU27 did not fall" in check.parts[2].verdict.reason
    assert check.verdict.label == NOT_SUPPORTED  # no part holds: never 'partly supported'
    assert ("Not supported: no part is supported or partly supported, and “losses in the U.S. and Europe” (a premise) "
            "is not supported.") in check.verdict.reason
    # the premise's figure is among those the verdict rests on
    (eu,) = [figure for figure in check.verdict_inputs() if figure.partner == "EU27"]
    assert (eu.value, eu.measure, eu.source.id) == (8.1, "yoy_pct", "south-interiordaily-ing-2025-12")
