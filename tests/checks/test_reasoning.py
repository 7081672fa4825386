"""The fact-check's reasoning: parts combined by one rule, intervals from rounding, mirrors that bear a claim out,
predictions too early to tell, editions mixed only when every combination agrees. Real figures from data/."""

import itertools

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeclaims.checks import verdicts
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.verdicts import (
    INSUFFICIENT,
    NOT_SUPPORTED,
    PARTLY,
    SUPPORTED,
    TOO_EARLY,
    Interval,
    Verdict,
)
from tradeclaims.claims.south import MIXED, combination_routes, size_edition
from tradeclaims.ledger.views import with_routes

from ..claim_checks import check_of, claim_check

LABELS = (SUPPORTED, PARTLY, NOT_SUPPORTED, INSUFFICIENT, TOO_EARLY)
SOUTH, WEST = "ASEAN,IN,AFRICA,LATAM,MIDEAST", "US,EU27"


def part(label: str, main: bool = False) -> Part:
    return Part(words=label, verdict=Verdict(label, "why"), main=main)


@pytest.mark.parametrize(("main", "others", "expected"), [
    (SUPPORTED, [SUPPORTED, SUPPORTED], SUPPORTED),
    (NOT_SUPPORTED, [SUPPORTED], NOT_SUPPORTED),
    (TOO_EARLY, [SUPPORTED], TOO_EARLY),
    (INSUFFICIENT, [INSUFFICIENT], INSUFFICIENT),
    (INSUFFICIENT, [TOO_EARLY], INSUFFICIENT),
    (INSUFFICIENT, [SUPPORTED], PARTLY),
    (SUPPORTED, [NOT_SUPPORTED], PARTLY),
    (SUPPORTED, [INSUFFICIENT], PARTLY),
    (PARTLY, [SUPPORTED], PARTLY),
])
def test_parts_combine_by_the_design_rule(main, others, expected):
    combined = combine_parts([part(main, main=True), *(part(label) for label in others)])
    assert combined.label == expected


@given(st.lists(st.sampled_from(LABELS), min_size=1, max_size=5), st.data())
def test_insufficient_only_when_no_part_can_be_judged(labels, data):
    main = data.draw(st.integers(0, len(labels) - 1))
    parts = [part(label, main=index == main) for index, label in enumerate(labels)]
    combined = combine_parts(parts).label
    judged = [label for label in labels if label not in (INSUFFICIENT, TOO_EARLY)]
    if combined == INSUFFICIENT:
        assert not judged
    if combined == SUPPORTED:
        assert set(labels) == {SUPPORTED}
    if labels[main] == NOT_SUPPORTED:
        assert combined == NOT_SUPPORTED


def test_an_interval_carries_rounding_through_subtraction():
    exports, imports = Interval.around(3414.96, 0.05), Interval.around(2341.86, 0.05)
    surplus = exports - imports
    assert surplus.low == pytest.approx(1072.999) and surplus.high == pytest.approx(1073.2)
    assert Interval(1070, 1074).gap_to(Interval(1075, 1085)) == pytest.approx(1)


def test_about_compares_the_rounding_interval():
    # 1,073.1 from rounded inputs is 6.9 from 1,080: outside +-5 by itself, inside once its rounding (+-3) is carried
    assert verdicts.about(1073.1, 1080, 5, "USD bn").label == PARTLY
    assert verdicts.about(1073.1, 1080, 5, "USD bn", halfwidth=3).label == SUPPORTED


@pytest.mark.parametrize(("value", "bound", "shown"), [(71.4622, "lower", 71.4), (71.46, None, 71.5),
                                                       (46.91, "upper", 47.0), (-44.54, "lower", -44.6)])
def test_bounds_are_rounded_outward(value, bound, shown):
    assert verdicts.rounded(value, bound) == pytest.approx(shown)


@pytest.mark.parametrize(("mirror", "expected"), [(-44.5, SUPPORTED), (-29.0, SUPPORTED), (-15.0, PARTLY),
                                                  (5.0, NOT_SUPPORTED)])
def test_a_mirror_bears_out_a_fall_at_least_as_steep(mirror, expected):
    assert verdicts.bears_out(mirror, -30, 2).label == expected


def test_us_mirror_corroborates_the_november_fall_and_states_the_gaps(ledger):
    check = claim_check(ledger, "us-mirror", period="2025-11", article_value=-30, tolerance=2,
                         article_period="2025-11")
    assert check.verdict.label == SUPPORTED
    assert check.measured == pytest.approx(-44.54, abs=0.01)  # 20,950.7 against 37,774.8 (Census, US$ mn)
    main = next(item for item in check.parts if item.main)
    assert main.period == "2025-11" and main.verdict.label == SUPPORTED
    january = next(item for item in check.parts if item.period == "2025-01/2025-11")
    assert january.measured == pytest.approx(-32.09, abs=0.01)
    gaps = " ".join(check.caveats)
    for gap in ("FOB", "Shipping time", "Hong Kong", "de minimis"):
        assert gap in gaps
    # the month after (shipping time): December 2025 has no published level in the ledger; it is derived as the 2025
    # total (US$308.4 bn, Lapaas Voice) less January-November (US$287,275.6 mn, the Census page's copy), each figure's
    # rounding carried: 21.1244 bn, +/- 0.05005, against December 2024's 37,553.7 mn
    december = next(item for item in check.parts if item.period == "2025-12")
    assert december.measured == pytest.approx((308.4 - 287.2756) / 37.5537 * 100 - 100)
    assert december.verdict.label == SUPPORTED and not check.missing
    assert "derived as the 2025 total (US$308.4 bn, us-lapaas-2026-02) less the 2025-01/2025-11 total" \
        in december.verdict.reason
    low, high = (308.35 - 287.27565) / 37.55375 * 100 - 100, (308.45 - 287.27555) / 37.55365 * 100 - 100
    assert f"between {low:+.2f}% and {high:+.2f}%" in december.verdict.reason  # -43.88% and -43.62%
    derived = next(row for row in check.rows if row.quantity == "US imports from China (US data), derived")
    assert derived.measured == pytest.approx(21.1244) and "21.07 to 21.17" in derived.note
    assert any("it is derived as the 2025 total" in text for text in check.caveats)
    assert "within a tolerance of ours, 2 points: the article prints none" in check.method


def test_outlook_is_too_early_until_the_whole_year_is_published(ledger):
    check = claim_check(ledger, "outlook-2026", through="2026-03", base_year="2025")
    assert check.verdict.label == TOO_EARLY
    assert check.measured == pytest.approx(11.9)
    assert "+6.1%" in check.verdict.reason and "2026" in check.verdict.reason
    judged = claim_check(ledger, "outlook-2026", through="2026-03", base_year="2024")  # 2025 is in the ledger
    assert judged.verdict.label in (SUPPORTED, NOT_SUPPORTED) and judged.measured == pytest.approx(6.1)


def test_global_south_size_is_decided_when_every_edition_combination_agrees(ledger):
    edition, choice, combinations = size_edition(ledger, "2025", SOUTH, WEST, "auto")
    assert edition == MIXED and len(combinations) >= 4
    for route in combinations:
        assert route.value < route.detail["west"]  # the rest of the world is smaller in each
    check = claim_check(ledger, "global-south-size", year="2025", south=SOUTH, west=WEST, edition="auto")
    assert check.verdict.label == SUPPORTED and check.bound == verdicts.UPPER
    outcomes = check.result()["alternatives"]
    assert {item["verdict"] for item in outcomes} == {SUPPORTED}
    size_claim = check_of("global-south-size")
    forced = [size_claim(with_routes(ledger, {choice.quantity: route.name}), "x", year="2025", south=SOUTH,
                         west=WEST, edition="auto") for route in combinations]
    assert sorted(item.measured for item in forced) == sorted(route.value for route in combinations)


def test_every_combination_is_one_edition_per_figure(ledger):
    routes = combination_routes(ledger, "2025", SOUTH.split(","), WEST.split(","))
    combos = [tuple(sorted(route.detail["editions"].items())) for route in routes]
    per_code = {code: sorted({dict(combo)[code] for combo in combos}) for code in dict(combos[0])}
    assert len(combos) == len(list(itertools.product(*per_code.values())))


def test_global_south_offset_judges_january_november_and_the_europe_premise(ledger):
    check = claim_check(ledger, "global-south-offset", period="2025-01/2025-11", south=SOUTH, west=WEST,
                         share_threshold=100)
    premise = next(item for item in check.parts if item.premise)
    assert premise.verdict.label == NOT_SUPPORTED and "EU27" in premise.verdict.reason
    # the other parts rest on lower bounds that settle nothing: no part holds, so the claim is not supported
    assert check.verdict.label == NOT_SUPPORTED and check.headline_period() == "2025-01/2025-11"
    assert any(row.period == "2025" for row in check.rows)  # the whole year beside it


def test_eu_october_vs_may_has_two_parts_and_is_not_insufficient(ledger):
    check = claim_check(ledger, "eu-october-vs-may", partner="EU27", month="2025-10",
                                 base_month="2025-05", article_value=-11.3, tolerance=3)
    assert len(check.parts) == 2 and check.verdict.label == PARTLY
    on_par = check.parts[1]
    assert on_par.verdict.label == SUPPORTED and abs(on_par.measured) <= 1.0


def test_an_intervals_text_is_rounded_outward():
    # exports-jan-nov: US$3.24 trn grown 5.4%, each at the ends of its rounding: 3,235 x 1.0535 to 3,245 x 1.0545
    exports = Interval(3235 * 1.0535, 3245 * 1.0545)
    assert (exports.low, exports.high) == (pytest.approx(3408.0725), pytest.approx(3421.8525))
    assert str(exports) == exports.text() == "3,408.0 to 3,421.9"  # never 3,408.1: that would leave 3,408.07 out
    assert f"{exports:,.2f}" == "3,408.07 to 3,421.86"  # never 3,421.85
    assert exports.text("US$ bn", joiner="and") == "3,408.0 and 3,421.9 US$ bn"
    assert f"{exports:,.0f}" == "3,408 to 3,422"


def test_the_totals_say_their_intervals_rounded_outward(ledger):
    check = claim_check(ledger, "exports-jan-nov", "exports", "2025-01/2025-11", 3400, "exceeds")
    assert "with its rounding between 3,408.0 and 3,421.9" in check.verdict.reason
    headline = next(row for row in check.rows if row.headline)
    assert headline.note.endswith("with the published rounding, between 3,408.0 and 3,421.9")


def test_the_least_a_figure_can_differ_by_is_rounded_down():
    # the surplus as exports minus imports, 1,073.06 (1,064.996 to 1,081.133 with its inputs' rounding), against
    # 1,090: at least 8.867 apart, said as 8.86, not 8.87
    verdict = verdicts.about(1073.0619, 1090, 5, "USD bn", halfwidth=8.0706)
    assert "differs from the article's 1,090.0 US$ bn by at least 8.86 US$ bn:" in verdict.reason
    assert "(with its inputs' rounding, 1,064.9 to 1,081.2)" in verdict.reason


def test_a_printed_bound_is_rounded_outward_and_called_one():
    from tradeclaims.notebook.selection import outward, shown

    # global-south-offset, January-November 2025: the share at least 36.7217%, covering at least 0.71975 times
    assert shown(36.7217, ".1f", "%", bound="lower") == "at least 36.7%"
    assert shown(0.71975, ".2f", " times", bound="lower") == "at least 0.71 times"
    # global-south-size: the rest of the world's GDP, at most US$47,440.078 bn
    assert shown(47440.078, ",.0f", " bn", bound="upper") == "at most 47,441 bn"
    assert shown(71.46, ".1f", "%") == "71.5%"  # not a bound: rounded to the nearest
    ends = outward(pd.Series([173.0725, 176.8525, float("nan")]), "upper")
    assert ends.iloc[:2].tolist() == [173.08, 176.86] and ends.isna().iloc[2]


def test_size_says_its_upper_bound_rounded_up(ledger):
    check = claim_check(ledger, "global-south-size", year="2025", south=SOUTH, west=WEST, edition="auto")
    assert check.bound == verdicts.UPPER and check.measured == pytest.approx(47440.078)
    assert "its GDP is at most that rest's, US$47,441 bn" in check.verdict.reason  # 47,440.078 up, never 47,440
    row = next(row for row in check.rows if row.headline)
    assert row.bound == verdicts.UPPER and check.table().set_index("quantity").loc[row.quantity, "measured"] == 47440.08
