"""Claims about a year-on-year change to one partner: 'exports to the US fell nearly 30% in November'."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import pct_change
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.checks.routes import Choice, Route, choose, rate_halfwidth
from tradeclaims.checks.rules import applies
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import Month, parse_period
from tradeclaims.ledger.units import only_in_words

AS_REPORTED = "as reported"
FROM_LEVELS = "computed from levels"


def monthly_chart_spec(title: str, **extra) -> dict:
    """The bar chart of a series' y/y change by month (highlight, reference and its label go in `extra`)."""
    return {
        "kind": "monthly_bars",
        "x": "month",
        "y": "yoy_pct",
        "period": "month",
        "ylabel": "change on a year earlier, %",
        "title": title,
        **extra,
    }


def yoy_routes(ledger: Ledger, reporter: str, partner: str, flow: str, period: str, currency: str = "USD"
               ) -> list[Route]:
    """Every way the ledger gives a y/y change: the rate as published, and the rate from two levels."""
    routes = []
    reported = ledger.get(reporter, partner, flow, period, measure="yoy_pct", currency=currency)
    if reported:
        routes.append(Route(name=AS_REPORTED, value=reported.value, figures=(reported,), halfwidth=reported.halfwidth))
    current = ledger.get(reporter, partner, flow, period, currency=currency)
    previous = ledger.get(reporter, partner, flow, parse_period(period).year_ago().text, currency=currency)
    if current and previous and previous.value != 0:  # no rate from a zero base
        routes.append(Route(name=FROM_LEVELS, value=pct_change(current.value, previous.value),
                            figures=(current, previous), halfwidth=rate_halfwidth(current, previous)))
    return routes


def yoy_quantity(reporter: str, partner: str, flow: str, period: str) -> str:
    """The quantity a y/y change's routes reach (the key that forces a route; notebooks find the route taken by it)."""
    return f"y/y change of {reporter} {flow} to/from {partner}, {period}"


def yoy_choice(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> Choice | None:
    """The y/y change for a period by the most authoritative route (see checks.routes), None when there is none."""
    return choose(ledger, yoy_quantity(reporter, partner, flow, period),
                  yoy_routes(ledger, reporter, partner, flow, period))


def yoy(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> tuple[float | None, list[Figure], str]:
    """The y/y change for a period, the figures it rests on and how it was reached ("missing" when it is not)."""
    choice = yoy_choice(ledger, reporter, partner, flow, period)
    if choice is None:
        return None, [], "missing"
    return choice.taken.value, list(choice.taken.figures), choice.taken.name


def monthly_frame(
    ledger: Ledger, reporter: str, partner: str, flow: str, last: str, months: int = 24, every_month: bool = False
) -> pd.DataFrame:
    """Levels and y/y changes for the months up to `last`; `how` says where the y/y change comes from.

    how: "computed from levels", "as reported", "level only" (no year-earlier level and no reported rate) or
    "missing" (neither a level nor a rate). Months with neither are left out unless `every_month`.
    """
    rows = []
    end = Month.parse(last)
    for offset in range(months - 1, -1, -1):
        month = str(end.shift(-offset))
        level = ledger.get(reporter, partner, flow, month)
        change, _, how = yoy(ledger, reporter, partner, flow, month)
        if level is None and change is None and not every_month:
            continue
        if change is None:
            how = "missing" if level is None else "level only"
        rows.append({"month": month, "level": level.value if level else None, "yoy_pct": change, "how": how})
    return pd.DataFrame(rows, columns=["month", "level", "yoy_pct", "how"])


@applies("nearly")
@rechecked
def partner_yoy_claim(
    ledger: Ledger,
    claim_id: str,
    partner: str,
    month: str,
    article_value: float,
    tolerance: float,
    flow: str = "exports",
    reporter: str = "CN",
) -> Check:
    """A 'nearly X%' y/y change of flow to partner in month, by the most authoritative route."""
    choice = yoy_choice(ledger, reporter, partner, flow, month)
    change, used, how = (choice.taken.value, list(choice.taken.figures), choice.taken.name) if choice else (
        None, [], "missing")
    name = ledger.partner_name(partner)
    routes = [choice.taken, *choice.not_taken] if choice else []
    levels = next((route.figures for route in routes if route.name == FROM_LEVELS), ())
    rows = [
        Row(quantity=f"{flow} to {name}", period=figure.period, measured=figure.value, article=None, unit="US$ bn",
            figure=figure)
        for figure in reversed(levels)
    ]
    reported = next((route.figures[0] for route in routes if route.name == AS_REPORTED), None)
    if reported is not None:
        rows.append(Row(quantity=f"{flow} to {name}, y/y as reported", period=month, measured=reported.value,
                        article=article_value if how == AS_REPORTED else None, unit="%", figure=reported,
                        headline=how == AS_REPORTED))
    if levels:
        rows.append(Row(quantity=f"{flow} to {name}, y/y computed", period=month,
                        measured=pct_change(levels[0].value, levels[1].value),
                        article=article_value if how == FROM_LEVELS else None, unit="%", figure=None,
                        note="computed from the two levels above", headline=how == FROM_LEVELS))
    if change is None:
        held = ledger.held_only_in(reporter, partner, flow, [month, parse_period(month).year_ago().text])
        missing = [f"{reporter} {flow} to {partner} in {month}: neither both levels nor a reported y/y rate"
                   f"{only_in_words('USD', held)}"]
        verdict = verdicts.insufficient(missing)
    else:
        missing = []
        verdict = verdicts.nearly(change, article_value, tolerance)
    history = monthly_frame(ledger, reporter, partner, flow, month)
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=change,
        unit="%",
        article_value=article_value,
        rows=rows,
        figures=used,
        choices=[choice] if choice else [],
        missing=missing,
        caveats=[caveats.USD_VS_CNY, caveats.YOY_REPORTED, caveats.PRELIMINARY],
        method=f"Year-on-year change of {ledger.partner_name(reporter)}'s {flow} to {name} in {month} "
        f"({how}: of the rate as reported and the rate from two levels, the route whose weakest source ranks "
        f"highest), against the article's {article_value:+g}% with a tolerance of {tolerance:g} points for 'nearly'.",
        chart=history.dropna(subset=["yoy_pct"]),
        chart_spec=monthly_chart_spec(
            f"{ledger.partner_name(reporter)}'s {flow} to {name}, y/y change by month",
            highlight=month,
            reference=article_value,
            reference_label="article's figure",
        ),
        extra_tables={"Months in the ledger": history},
    )
