"""What a notebook shows a reader: the ledger rows it selects, and the guard that its arithmetic is the check's."""

import math

import pytest

from tradeclaims import notebook as nb
from tradeclaims.claims.asean import match_months
from tradeclaims.claims.growth import monthly_frame
from tradeclaims.ledger.periods import kind_name, kind_of

from ..claim_checks import check_of, claim_check


def test_rows_are_the_resolved_figures_with_their_sources(ledger):
    figures = nb.rows(ledger, partner="US", period=["2024-11", "2025-11"])
    assert list(figures["measure"]) == ["value", "value", "yoy_pct", "yoy_pct"]
    levels = figures[figures["measure"] == "value"].set_index("period")
    assert levels.loc["2025-11", "value"] == pytest.approx(33.79) and levels.loc["2024-11", "value"] == pytest.approx(47.3)
    november = ledger.require("CN", "US", "exports", "2025-11")
    assert levels.loc["2025-11", "source_id"] == november.source.id
    assert levels.loc["2025-11", "publisher"] == november.source.publisher
    assert levels.loc["2025-11", "kind"] == november.source.kind
    assert levels.loc["2025-11", "rounding"] == pytest.approx(0.005)  # 337.9 in US$100 mn: half of US$0.01 bn
    assert {"source_id", "publisher", "kind", "published", "origins agreeing", "origins disagreeing"} <= set(figures.columns)


def test_rows_name_what_is_missing_and_list_every_period_when_asked(ledger):
    figures = nb.rows(ledger, partner="EU27", period=["2025-10"], measure="value")
    assert math.isnan(figures["value"].iloc[0]) and figures["source_id"].iloc[0] == "not in the ledger"
    india = nb.rows(ledger, reporter="IN", partner="CN", flow="balance", measure="value")
    assert {"FY2023-24", "FY2024-25", "2024"} <= set(india["period"]) and india["value"].notna().all()
    both = nb.rows(ledger, partner="US,EU27", period="2025-11", measure="value")
    assert list(both["partner"]) == ["US", "EU27"]


def test_confirm_stops_a_notebook_whose_arithmetic_differs_from_its_check(ledger):
    check = claim_check(ledger, "us-november-drop", "US", "2025-11", -30, 2)
    nb.confirm(-29.0, check)
    nb.confirm(float("nan"), check)  # nothing computed: nothing to compare
    with pytest.raises(AssertionError, match="arithmetic gives -30.0000, the check -29.0000"):
        nb.confirm(-30.0, check)


def test_months_table_says_missing_only_without_level_and_rate(ledger):
    history = monthly_frame(ledger, "CN", "US", "exports", "2025-11").set_index("month")
    assert history.loc["2024-05", "how"] == "level only" and history.loc["2024-09", "how"] == "level only"
    assert history.loc["2025-11", "how"] == "as reported"  # wire copies rank above the levels' reprint
    assert "missing" not in set(history["how"])  # months with neither are left out of this table
    every = monthly_frame(ledger, "CN", "US", "exports", "2025-11", every_month=True).set_index("month")
    assert every.loc["2025-01", "how"] == "missing" and len(every) == 24
    asean = match_months(ledger, "ASEAN", 2025, 11.0).set_index("month")
    assert len(asean) == 12
    assert asean.loc["2025-05", "how"] == "as reported" and asean.loc["2025-05", "level"] == pytest.approx(58.4)
    missing = asean[asean["how"] == "missing"]
    assert missing["level"].isna().all() and missing["yoy_pct"].isna().all()


@pytest.mark.parametrize(("period", "kind"), [
    ("2025-11", "month"), ("2025-01/2025-11", "range"), ("2025", "year"), ("FY2024-25", "fiscal")])
def test_kinds_of_period(period, kind):
    assert kind_of(period) == kind
    assert kind_name(period)


def test_a_notebooks_helpers_give_nan_or_words_for_a_missing_figure(ledger):
    import pandas as pd

    from tradeclaims.notebook.selection import nearest, routes, shown, taken_route, value

    figures = nb.rows(ledger, partner="US", period=["2025-11", "1999-01"])
    assert value(figures, measure="yoy_pct", period="2025-11") == pytest.approx(-29.0)
    assert math.isnan(value(figures, measure="yoy_pct", period="1999-01"))  # a row 'not in the ledger'
    assert math.isnan(value(figures, measure="value", period="2030-01"))  # no such row at all
    assert math.isnan(value(figures.iloc[0:0], period="2025-11"))
    routes_found = routes(claim_check(ledger, "us-november-drop", "US", "2025-11", -30, 2))
    assert taken_route(routes_found) == "as reported"
    assert taken_route(routes_found, "no such quantity") is None
    assert taken_route(routes(check_of("us-november-drop")(ledger, "x", "US", "1999-01", -30, 2))) is None
    assert nearest(pd.Series({"a": 1.0, "b": 12.0, "c": math.nan}), 11) == "b"
    assert nearest(pd.Series({"a": math.nan}), 11) is None
    assert shown(math.nan) == "not in the ledger" and shown(None) == "not in the ledger"
    assert shown(-28.56, "+.1f", "%") == "-28.6%"
