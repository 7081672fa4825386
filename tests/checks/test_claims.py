"""The remaining claims on the shipped figures: matching, decomposition, mirror gaps, market sizes."""

import pandas as pd
import pytest

from tradeclaims.checks import verdicts
from tradeclaims.checks.measures import contributions, gap, offset_ratio
from tradeclaims.checks.registry import load_registry
from tradeclaims.checks.verdicts import INSUFFICIENT, NOT_SUPPORTED, PARTLY, SUPPORTED, TOO_EARLY
from tradeclaims.claims import asean, mirror
from tradeclaims.ledger.figures import Ledger

from ..claim_checks import REGISTRY, claim_check, run_check
from ..conftest import ROOT

SOUTH, WEST = "ASEAN,IN,AFRICA,LATAM,MIDEAST", "US,EU27"


def test_contributions_and_gap_arithmetic():
    parts = contributions({"a": 10, "b": 20}, {"a": 15, "b": 10}, total_change=-5)
    assert parts["a"]["change"] == 5 and parts["b"]["share_of_total_change_pct"] == pytest.approx(200.0)
    assert gap(420.05, 308.4) == (pytest.approx(111.65), pytest.approx(111.65 / 308.4 * 100))
    assert offset_ratio(140, 105) == pytest.approx(1.3333, rel=1e-3)


def test_asean_month_matching_finds_october(ledger):
    table = asean.match_months(ledger, "ASEAN", 2025, 11.0)
    assert table.iloc[0]["month"] == "2025-10" and table.iloc[0]["yoy_pct"] == pytest.approx(11.0)
    check = claim_check(ledger, "asean-growth", "ASEAN", 2025, 11, 53, 50, "US,EU27", 1)
    assert check.measured == pytest.approx(11.0)
    assert check.verdict.label == PARTLY  # October's level is missing; the margin fails (test_claim_parts)


def test_europe_october_lacks_levels_and_says_which(ledger):
    check = claim_check(ledger, "eu-october-vs-may", "EU27", "2025-10", "2025-05", -11.3, 3)
    # the fall from May lacks its levels; 'roughly on par with October 2024' is judged on the reported +1%
    assert check.verdict.label == PARTLY and check.measured is None
    # only what a part needs and the ledger lacks: October 2025's level (May's, 49.5, is there); October 2024's level
    # is not needed, 'on par' being read from the reported +1.0% (Reuters via The Straits Times)
    assert check.missing == ["level of exports to EU27 in 2025-10 (US$)"]
    assert "on par with 2024-10" in check.parts[1].verdict.reason
    assert "our tolerance of 3 points" in check.parts[1].verdict.reason and "tolerance of ours" in check.method
    october_2024 = next(row for row in check.rows if row.period == "2024-10")
    assert october_2024.measured is None and "not needed" in october_2024.note
    # without the reported rate, October 2024's level is needed beside October 2025's, and named
    rows = ledger.observations
    rate = (rows["partner"] == "EU27") & (rows["period"] == "2025-10") & (rows["measure"] == "yoy_pct")
    assert rate.any()
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str, keep_default_na=False)
    view = Ledger(rows[~rate].reset_index(drop=True), sources, ledger.partners.reset_index())
    assert claim_check(view, "eu-october-vs-may", "EU27", "2025-10", "2025-05", -11.3, 3).missing == [
        "level of exports to EU27 in 2025-10 (US$)", "exports to EU27 in 2025-10, y/y (or the levels of 2025-10 and "
        "2024-10)"]


def test_europe_early_rise_mean_of_reported_rates(ledger):
    check = claim_check(ledger, "eu-early-rise", "EU27", "2025-03", "2025-06", 5)
    assert check.verdict.label == SUPPORTED
    assert check.measured == pytest.approx((8.3 + 12 + 7.6) / 3, abs=0.2)


def test_global_south_decomposition_of_2025(ledger):
    check = claim_check(ledger, "global-south-offset", "2025", SOUTH, WEST, 100)
    table = check.extra_tables["Contributions by partner"].set_index("partner")
    assert table.loc["US", "change"] == pytest.approx(420.05 - 420.05 / 0.8)
    # Africa's 2024 level: implied by the 2025 level and Bloomberg's +26% (wire) rather than GBC1's 179 (a reprint)
    assert table.loc["AFRICA", "change"] == pytest.approx(225 - 225 / 1.26)
    assert table.loc["EU27", "change"] > 0  # Europe was no loss in 2025
    # a lower bound (LATAM and MIDEAST lack levels) that holds whatever the published figures' rounding: the gain at
    # its low end over the world's rise at its high end. ASEAN 665.215 bn up 13.4%, India 135.87 up 12.8%, Africa 225
    # up 26%; the world US$3.77 trn up 5.5%
    gain_low = 665.2145 * 13.35 / 113.35 + 135.865 * 12.75 / 112.75 + 224.5 * 25.5 / 125.5
    world_high = 3775 * 5.55 / 105.55
    assert check.measured == pytest.approx(gain_low / world_high * 100) == pytest.approx(70.19, abs=0.005)
    assert verdicts.rounded(check.measured, "lower") == 70.1  # 71.46 with the figures taken as exact
    assert check.verdict.label == PARTLY  # 'offset' holds: at least 1.28 times the US's loss
    assert check.evidence() == "secondary"  # no reprint: sxii.top and GBC1's 2024 levels are routes not taken
    # those reprints' 2024 levels reach both levels: the 2024 level as published, the 2025 one grown from it
    not_taken = {route.name for choice in check.choices for route in choice.not_taken if route.weakest == "reprint"}
    assert not_taken == {"published levels", "computed: year-earlier level x (1 + reported growth)"}


def test_global_south_share_is_a_lower_bound_when_groups_lack_figures(ledger):
    check = claim_check(ledger, "global-south-offset", "2025", SOUTH, WEST, 100)
    table = check.extra_tables["Contributions by partner"].set_index("partner")
    counted = table.loc[["ASEAN", "IN", "AFRICA"], "change"].sum()
    world = next(row.measured for row in check.rows if row.quantity == "change in exports to the world")
    assert check.measured < counted / world * 100 and check.bound == "lower"  # the worst ends of the rounding
    assert check.result()["bound"] == "lower"
    # LATAM has only a growth rate (it rose), MIDEAST nothing: both named, neither drawn as a bar
    assert table.loc[["LATAM n/a", "MIDEAST n/a"], "change"].isna().all()
    assert table.loc["LATAM n/a", "how"].startswith("growth +7") and "no figure" in table.loc["MIDEAST n/a", "how"]
    reason = check.verdict.reason
    assert f"at least {verdicts.rounded(check.measured, 'lower'):.1f}%" in reason
    assert "taking MIDEAST as not having fallen" in reason
    assert "cannot show the share falls short" in reason  # a lower bound under 100% settles nothing
    # the western losses are the US's alone: the EU rose
    losses = next(row for row in check.rows if row.quantity.startswith("losses in the US and Europe"))
    assert losses.measured == pytest.approx(-table.loc["US", "change"]) and "only US fell" in losses.quantity
    assert f"EU27 rose {table.loc['EU27', 'change']:+,.1f}" in losses.note
    assert check.verdict.label == PARTLY  # offset: at least 1.28 times the losses; 'entirely': undecided


def test_global_south_share_without_groups_left_out_is_a_measurement(ledger):
    check = claim_check(ledger, "global-south-offset", "2025", "ASEAN,IN,AFRICA", WEST, 100)
    assert check.bound is None and check.result()["bound"] is None
    # 'entirely' (the main part) is not supported: 74% is below 100%; offset is supported, the premise not
    assert check.verdict.label == NOT_SUPPORTED
    assert f"with figures account for {check.measured:.1f}% of" in check.verdict.reason


def test_global_south_size_rest_of_the_world_is_an_upper_bound(ledger):
    check = claim_check(ledger, "global-south-size", "2025", SOUTH, "US", edition="WEO-2025-10")
    world, china, us = (ledger.get(code, "WLD", "gdp", "2025", edition="WEO-2025-10").value for code in ("WLD", "CN", "US"))
    assert check.measured == pytest.approx(world - us - china) and check.bound == "upper"
    assert check.verdict.label == INSUFFICIENT  # at most 67,150 against the US's 30,620: cannot show it smaller
    assert "at most" in check.verdict.reason


def test_global_south_size_takes_every_gdp_figure_from_one_edition(ledger):
    check = claim_check(ledger, "global-south-size", "2025", SOUTH, WEST, edition="WEO-2025-10")
    editions = {figure.edition for figure in check.figures}
    assert editions == {"WEO-2025-10"}  # the latest edition with a world total; April figures are not mixed in
    assert check.verdict.label == INSUFFICIENT  # no October 2025 figure for the EU in the ledger
    assert any("EU27" in text and "WEO-2025-10" in text for text in check.missing)
    assert check.article_value is None  # the article printed no number: the US and EU's GDP is our comparator


def test_global_south_size_in_an_edition_without_a_world_total(ledger):
    check = claim_check(ledger, "global-south-size", "2025", SOUTH, WEST, edition="WEO-2025-04")
    assert {figure.edition for figure in check.figures} <= {"WEO-2025-04"}
    assert check.verdict.label == INSUFFICIENT


def test_imports_flat_in_2025_are_an_indicator_of_the_growth_claim(ledger):
    check = claim_check(ledger, "weak-imports", "2025", 25, 50)
    indicator = next(row for row in check.rows if row.quantity.startswith("imports, y/y"))
    assert indicator.measured == pytest.approx((2580 / 2585.066668 - 1) * 100)  # 2024: GACC bulletin, US$1,000
    assert check.measured == pytest.approx(32.7) and check.verdict.label == PARTLY  # net exports' share of growth


def test_outlook_2026_growth_so_far_exceeds_2025(ledger):
    check = claim_check(ledger, "outlook-2026", "2026-03", "2025")
    # the yuan series, all official: GACC's January-March +11.9% against SCIO's +6.1% for 2025
    assert check.measured == pytest.approx(11.9) and check.threshold.value == pytest.approx(6.1)
    assert check.article_value is None and check.headline_period() == "2026-01/2026-03"
    # a prediction about the years after 2025: too early to tell until the whole of 2026 is published
    assert check.verdict.label == TOO_EARLY and check.evidence() == "official"
    assert "2026-03, the latest month with figures" in check.verdict.reason
    (choice,) = check.choices
    assert choice.taken.name == "CNY series" and not choice.not_taken  # no dollar figure for January-March yet
    # the caveat and the method name the series the two rates come from: the yuan series, not the dollar one
    assert check.caveats[0].endswith("both rates here come from one series, like with like: the yuan series.")
    assert "both in the yuan series" in check.method and "uses the dollar series" not in " ".join(check.caveats)


def test_outlook_takes_the_series_whose_weaker_figure_ranks_highest(ledger):
    check = claim_check(ledger, "outlook-2026", "2026-02", "2025")
    (choice,) = check.choices
    assert [route.name for route in (choice.taken, *choice.not_taken)] == ["USD series", "CNY series"]
    assert choice.taken.weakest == "wire" and choice.not_taken[0].weakest == "secondary"  # CNS' +19.2% in yuan
    assert check.measured == pytest.approx(21.8) and check.threshold.value == pytest.approx(5.5)
    assert check.caveats[0].endswith("like with like: the dollar series.") and "both in the dollar series" in check.method


def test_outlook_measures_january_to_through_exactly(ledger):
    # 2026-10 has no January-to-October figure: the check measures nothing rather than January-February
    later = claim_check(ledger, "outlook-2026", "2026-10", "2025")
    assert later.measured is None and later.missing == ["export growth from January to 2026-10"]
    earlier = claim_check(ledger, "outlook-2026", "2025-11", "2024")
    # base 2024: the whole of 2025 is in the ledger, so the prediction is due and judged on it
    assert earlier.headline_period() == "2025" and "the ledger's year-to-date figures run to 2026-03" \
        in earlier.method


def test_us_mirror_gap_and_us_side_fall(ledger):
    table = mirror.mirror_table(ledger).set_index("period")
    assert table.loc["2025", "gap, US$ bn"] == pytest.approx(420.05 - 308.4)
    november = claim_check(ledger, "us-mirror", "2025-11", -30, 2, "2025-11")
    # Census: US$ 20,950.7 mn in November 2025 against 37,774.8 mn a year before: far more than 'nearly 30%'
    assert november.measured == pytest.approx((20950.7 / 37774.8 - 1) * 100) == pytest.approx(-44.54, abs=0.01)
    # a steeper fall the same way bears 'plummeted by nearly 30%' out
    assert november.verdict.label == SUPPORTED and november.headline_period() == "2025-11"
    year = next(row for row in november.rows if row.period == "2025" and "whole year" in row.quantity)
    assert year.measured == pytest.approx((308.4 / 438.742 - 1) * 100) and year.article is None
    assert "2025-11: The partner's figures show -44.5%" in november.verdict.reason
    assert "Over the whole of 2025 US imports from China changed by -29.7%" in november.verdict.reason
    whole = claim_check(ledger, "us-mirror", "2025", -30, 2, "2025-11")
    assert whole.measured == pytest.approx((308.4 / 438.742 - 1) * 100, abs=0.1) and whole.verdict.label == SUPPORTED
    assert "The article's figure is about 2025-11" in whole.verdict.reason


def test_every_claim_says_whether_its_headline_is_a_bound(ledger):
    registry = load_registry(ROOT / "claims.yaml")
    bounds = {claim_id: run_check(ledger, claim).result()["bound"] for claim_id, claim in registry.items()}
    expected = {"global-south-offset": "lower", "global-south-size": "upper"}
    assert bounds == {claim_id: expected.get(claim_id) for claim_id in registry}


def test_india_discusses_the_part_of_the_fiscal_year_the_article_names(ledger):
    check = claim_check(ledger, "india-deficit", "FY2024-25", "FY2023-24", 100, 85, "FY2025-26", "2024", 2)
    so_far, earlier = (ledger.get("IN", "CN", "balance", p).value for p in ("2025-04/2025-12", "2024-04/2024-12"))
    assert (so_far, earlier) == (-81.0, -74.0)
    rows = {(row.period, row.quantity): row for row in check.rows}
    part = rows[("2025-04/2025-12", "India's deficit with China so far in the fiscal year the article names "
                 "(India's data)")]
    assert part.measured == 81.0 and part.figure is not None and part.article is None
    paced = rows[("FY2025-26", "FY2025-26 projected: at the pace of the months so far")]
    assert paced.measured == pytest.approx(81.0 * 12 / 9) and "not a measurement" in paced.note  # never the headline
    grown = rows[("FY2025-26", "FY2025-26 projected: FY2024-25 grown as the months so far grew")]
    assert grown.measured == pytest.approx(99.2 * 81.0 / 74.0)
    assert check.measured == 99.2 and check.headline_period() == "FY2024-25" and check.verdict.label == PARTLY
    reason = check.verdict.reason
    assert "India's data so far cover 2025-04/2025-12 (9 of 12 months): a deficit of US$81.0 bn" in reason
    assert f"{(81.0 / 74.0 - 1) * 100:+.1f}% on the same months a year earlier" in reason
    assert "a projection, not a measurement" in reason and "above the article's 'nearly 100'" in reason
    # a fiscal year already published whole is judged on its own figure, not read from a part of it
    whole = claim_check(ledger, "india-deficit", "FY2024-25", "FY2023-24", 100, 85, "FY2024-25", "2024", 2)
    assert "so far cover" not in whole.verdict.reason


def test_global_south_offset_divides_by_the_exports_figure_exports_jan_nov_judges(ledger):
    period = "2025-01/2025-11"
    exports = run_check(ledger, REGISTRY["exports-jan-nov"])
    offset = claim_check(ledger, "global-south-offset", period, SOUTH, WEST, 100)
    world = next(choice for choice in offset.choices if choice.quantity == f"CN exports with WLD, {period}")
    # one quantity, one figure: UCapital's US$3.24 trn for January-November 2024 grown 5.4% (dpa-AFX), not Local News
    # Wave's rounded 3.4 trn (a reprint, the route not taken)
    assert exports.measured == world.taken.value == pytest.approx(3240 * 1.054) == pytest.approx(3414.96)
    assert [(route.name, route.value, route.weakest) for route in world.not_taken] == [("published", 3400, "reprint")]
    rise = next(row.measured for row in offset.rows if row.quantity == "change in exports to the world")
    assert rise == pytest.approx(3414.96 - 3240)
    assert offset.evidence() == "secondary"  # the reprint no longer among the figures it rests on
    assert "totals-localnewswave-2025-12" not in {figure.source.id for figure in offset.verdict_inputs()}


def test_a_lower_bound_share_takes_the_gains_low_end_over_the_worlds_high_end(ledger):
    check = claim_check(ledger, "global-south-offset", "2025-01/2025-11", SOUTH, WEST, 100)
    assert check.bound == "lower"  # ASEAN, India and the Middle East lack levels and none is known to have fallen
    # Africa US$201.715 bn up 26.3% (Seneweb), Latin America 271.68 up 9.3% (CNN en Español): the change is
    # level x rate / (100 + rate), lowest with both figures at the low end of their rounding
    gain_low = 201.7145 * 26.25 / 126.25 + 271.6795 * 9.25 / 109.25  # 271.680 printed: 271.6795 at its low end
    # the world: US$3.24 trn x 5.4%, highest at 3,245 x 5.45%
    world_high = 3245 * 5.45 / 100
    assert check.measured == pytest.approx(gain_low / world_high * 100) == pytest.approx(36.722, abs=0.001)
    # the figures as printed would give 37.2%: a bound must hold whatever their rounding
    assert (201.715 * 26.3 / 126.3 + 271.68 * 9.3 / 109.3) / (3240 * 0.054) * 100 == pytest.approx(37.22, abs=0.01)
    assert "at least 36.7% of the US$175.0 bn rise" in check.verdict.reason  # rounded down, never 36.8
    assert "(at least US$64.9 bn of at most US$176.9 bn)" in check.verdict.reason  # 64.943 down, 176.853 up
    offset = check.parts[1]
    assert offset.measured == pytest.approx(gain_low)
    # 'offset': the gains' low end over the US loss's high end, 385.915 x 18.95 / 81.05
    assert "cover at least 0.71 times" in offset.verdict.reason
    assert gain_low / (385.915 * 18.95 / 81.05) == pytest.approx(0.7198, abs=1e-4)
    shown = check.table().set_index("quantity")["measured"]
    assert shown["Global South share of the world change"] == 36.72  # the table's two decimals, rounded down
    assert shown["change to the Global South partners with figures"] == 64.94


def test_global_south_offset_names_only_figures_it_needs_and_lacks(ledger):
    check = claim_check(ledger, "global-south-offset", "2025-01/2025-11", SOUTH, WEST, 100)
    # the EU's January-November growth is in the ledger (+8.1%, ING via Interior Daily): exports to it rose, so no loss
    # there needs its level, and it is not named as missing
    assert ledger.get("CN", "EU27", "exports", "2025-01/2025-11", measure="yoy_pct").value == 8.1
    assert not any("EU27" in text for text in check.missing)
    # ASEAN's growth is there too (+14.6%); its dollar level is not (the ledger holds it in yuan only), and the
    # missing figure says which it is and which currency the ledger holds it in
    assert ledger.get("CN", "ASEAN", "exports", "2025-01/2025-11") is None
    assert ledger.get("CN", "ASEAN", "exports", "2025-01/2025-11", currency="CNY") is not None
    assert ("the level of exports to ASEAN in 2025-01/2025-11 or a year earlier (US$; its growth, +14.6%, is "
            "published); the claim reads the US-dollar series (USD) and the ledger holds 2025-01/2025-11 only in the "
            "yuan series (CNY)") in check.missing
    assert "exports to MIDEAST in 2025-01/2025-11 and a year earlier (or its growth)" in check.missing
