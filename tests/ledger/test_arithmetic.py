"""The ledger checks its own arithmetic: figures that contradict each other beyond their rounding (a month against the
year-to-date totals, a rate against two levels, a balance against exports and imports) are named by `validate`, every
line of them in one warning, and a figure so contradicted is never taken over another page's figure that fits."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from tradeclaims.ledger import arithmetic
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.origins import other_origins
from tradeclaims.ledger.validation import find_warnings

from ..conftest import ROOT

LINES = (ROOT / "data" / "observations.csv").read_text(encoding="utf-8").splitlines()


def at(start: str, source: str = "") -> str:
    """The place of the line of data/observations.csv that starts so (and cites `source`): one only."""
    (number,) = [number for number, line in enumerate(LINES, start=1)
                 if line.startswith(start) and f",{source}," in line]
    return f"data/observations.csv:{number}"


@pytest.fixture(scope="module")
def warnings() -> list[str]:
    return find_warnings(ROOT / "data")


def test_august_exports_to_the_eu_contradict_the_year_to_date_totals(tmp_path):
    """AP's copy prints 46.8 for August 2025 (about August 2024's level); JETRO's January-September 417.0 less its
    January-July 317.4, less CNA's September 48.0, leaves 51.45 to 51.75. The shipped row is marked disputed for it;
    without that mark, validate names all four lines."""
    august = at("CN,EU27,exports,2025-08,value,46.8,")
    number = int(august.rsplit(":", 1)[1])
    assert LINES[number - 1].split(",")[9] == "disputed"
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("fetched"))
    unmarked = [line.replace(",disputed,", ",,", 1) if index == number else line
                for index, line in enumerate(LINES, start=1)]
    (data / "observations.csv").write_text("\n".join(unmarked) + "\n", encoding="utf-8")
    warnings = find_warnings(data)
    assert (f"{august}: CN exports with EU27 (USD bn): 2025-08 46.8 ({august}) contradicts 2025-01/2025-09 417.0 "
            f"({at('CN,EU27,exports,2025-01/2025-09,value,417.0,')}) less 2025-01/2025-07 317.4 "
            f"({at('CN,EU27,exports,2025-01/2025-07,value,317.4,')}) less 2025-09 48.0 "
            f"({at('CN,EU27,exports,2025-09,value,48.0,')}) beyond their rounding: they put 2025-08 at 51.45 to "
            "51.75 USD bn") in warnings


def test_the_august_level_implied_by_the_year_to_date_totals_carries_their_rounding():
    periods = ("2025-01/2025-09", "2025-01/2025-07", "2025-08", "2025-09")
    quantities = {period: ("CN", "EU27", "exports", period, "value", "USD") for period in periods}
    (identity,) = arithmetic.identities_of(quantities["2025-08"], quantities.values())
    assert identity.kind == arithmetic.MONTHS and identity.coefficients == (1.0, -1.0, -1.0, -1.0)
    readings = tuple(arithmetic.Reading(value, arithmetic.rounding_halfwidth(text, 1.0), "wire", period, period)
                     for period, text, value in zip(periods, ("417.0", "317.4", "46.8", "48.0"),
                                                    (417.0, 317.4, 46.8, 48.0), strict=True))
    assert not arithmetic.fits(identity, readings)
    assert arithmetic.implied(identity, 2, readings) == pytest.approx((51.45, 51.75))
    # August 2025's level that fits (51.6) rose 10.4% on a year earlier: 46.7, about what AP's copy prints
    assert 51.6 / 1.104 == pytest.approx(46.74, abs=0.01)


def test_a_reported_rate_against_the_two_levels(warnings):
    """India's exports to China in FY2023-24: 16.67 against 15.31 is +8.8% to +9.0%; a reprint's +3.8% contradicts
    both levels, and the Indian exporters' federation's +8.8% fits."""
    rate = at("IN,CN,exports,FY2023-24,yoy_pct,3.8,")
    level = at("IN,CN,exports,FY2023-24,value,16.67,", "india-bs-gtri-2024-05-12")
    fitting = at("IN,CN,exports,FY2023-24,yoy_pct,8.8,", "india-eximin-2024-05-28")
    assert (f"{rate}: IN exports with CN, FY2023-24 (USD): the y/y rate +3.8% ({rate}) contradicts the level of "
            f"FY2023-24 16.67 ({level}) and the level of FY2022-23 15.31 ({at('IN,CN,exports,FY2022-23,value,15.31,')}) "
            f"beyond their rounding: they put the y/y rate at +8.81% to +8.96%; {fitting} prints +8.8%, which fits"
            ) in warnings


def test_a_balance_against_exports_and_imports(warnings):
    """India's deficit with China in FY2022-23: 15.31 less 98.51 is -83.20 (within rounding); Moneycontrol Hindi's
    -77.6 contradicts both, Business Standard's -83.19 fits."""
    balance = at("IN,CN,balance,FY2022-23,value,-77.6,")
    imports = at("IN,CN,imports,FY2022-23,value,98.51,", "india-eastcoast-2024-06-19")
    assert (f"{balance}: IN with CN, FY2022-23 (USD bn): balance -77.6 ({balance}) contradicts exports 15.31 "
            f"({at('IN,CN,exports,FY2022-23,value,15.31,')}) less imports 98.51 ({imports}) beyond their rounding: they "
            f"put balance at -83.21 to -83.19 USD bn; {at('IN,CN,balance,FY2022-23,value,-83.19,')} prints -83.19, "
            "which fits") in warnings


def test_every_warning_names_its_line_first_and_every_line_it_rests_on(warnings):
    found = [warning for warning in warnings if "beyond their rounding" in warning]
    assert len(found) >= 3
    for warning in found:
        first, rest = warning.split(": ", 1)
        assert first.startswith("data/observations.csv:") and f"({first})" in rest
        assert rest.count("(data/observations.csv:") >= 3  # the figure and at least two it contradicts


def test_figures_that_fit_within_their_rounding_raise_nothing(warnings):
    """November 2025's exports to the US: 47.3 a year earlier, down 28.6%, is 33.75 to 33.80; AP's 33.8 fits."""
    identity = arithmetic.Identity(arithmetic.GROWTH, (("CN", "US", "exports", "2025-11", "value", "USD"),
                                                       ("CN", "US", "exports", "2024-11", "value", "USD"),
                                                       ("CN", "US", "exports", "2025-11", "yoy_pct", "USD")))
    readings = tuple(arithmetic.Reading(float(text), arithmetic.rounding_halfwidth(text, 1.0), "wire", "AP", None)
                     for text in ("33.8", "47.3", "-28.6"))
    assert arithmetic.fits(identity, readings)
    assert arithmetic.implied(identity, 0, readings) == pytest.approx((47.25 * 0.7135, 47.35 * 0.7145))
    assert not [warning for warning in warnings if "CN exports with US, 2025-11" in warning]


def test_the_resolver_never_takes_a_contradicted_figure_over_one_that_fits(ledger):
    deficit = ledger.require("IN", "CN", "balance", "FY2022-23")
    assert (deficit.value, deficit.source.id, deficit.contradicted) == (-83.19, "india-bs-2025-03-17", "")
    (set_aside,) = [other for other in deficit.alternatives if other.contradicted]
    assert (set_aside.value, set_aside.source.id) == (-77.6, "india-mc-hindi-2023")
    assert set_aside.contradicted.startswith("IN with CN, FY2022-23 (USD bn): balance -77.6 (india-mc-hindi-2023) "
                                             "contradicts exports 15.31 (india-eastcoast-2024-06-19) less imports "
                                             "98.51 (india-eastcoast-2024-06-19)")
    assert set_aside not in other_origins(deficit)  # no alternative verdict rests on it


def test_a_lone_contradicted_figure_is_still_the_figure_of_its_quantity(ledger):
    """No other page prints August 2025's exports to the EU: AP's 46.8 stays the figure of that month (validate names
    it); nothing is interpolated in its place."""
    august = ledger.require("CN", "EU27", "exports", "2025-08")
    assert (august.value, august.source.id, august.contradicted, august.alternatives) == (
        46.8, "ea-theinvestmentnews-2025-09", "", ())


def mexico(kinds: dict[str, str], with_imports: bool = True) -> Ledger:
    """The shipped figures of Mexico's 2024 trade with China, their pages given the tiers in `kinds` (source id ->
    kind): a balance that does not add up, on a page ranked above the one that does."""
    observations = pd.read_csv(ROOT / "data" / "observations.csv", dtype=str, keep_default_na=False)
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str, keep_default_na=False)
    partners = pd.read_csv(ROOT / "data" / "partners.csv", dtype=str, keep_default_na=False)
    rows = observations[(observations.reporter == "MX") & (observations.partner == "CN") & (observations.period == "2024")
                        & (observations.flow.isin(["balance", "exports"] + (["imports"] if with_imports else [])))]
    for source, kind in kinds.items():
        sources.loc[sources.id == source, "kind"] = kind
    return Ledger(rows.reset_index(drop=True), sources, partners)


def test_a_balance_that_does_not_add_up_is_set_aside_for_one_that_does():
    """Mexico News Daily's -119.86 (from imports before their revision) against its own exports 9.94 and La Jornada's
    revised imports 129.457: they make -119.52, as El CEO prints it. Were El CEO's page a reprint, Mexico News Daily's
    figure would rank above it; contradicted by secondary figures, as good as its own, it is set aside all the same.
    Without the imports the two balances are only a disagreement, and the tiers decide."""
    taken = mexico({"south-elceo-2026-02": "reprint"}).require("MX", "CN", "balance", "2024")
    assert (taken.value, taken.source.id, taken.disagreement) == (-119.52, "south-elceo-2026-02", True)
    assert [other.source.id for other in taken.alternatives if other.contradicted] == ["south-mnd-2025-07"]
    unchecked = mexico({"south-elceo-2026-02": "reprint"}, with_imports=False).require("MX", "CN", "balance", "2024")
    assert (unchecked.value, unchecked.source.id, unchecked.contradicted) == (-119.86, "south-mnd-2025-07", "")


def test_figures_from_weaker_sources_do_not_set_a_better_one_aside():
    """Were Mexico News Daily a wire story, the secondary pages it contradicts could not set it aside: the tiers
    decide, and the disagreement is flagged."""
    taken = mexico({"south-mnd-2025-07": "wire"}).require("MX", "CN", "balance", "2024")
    assert (taken.value, taken.source.id, taken.contradicted, taken.disagreement) == (
        -119.86, "south-mnd-2025-07", "", True)
