"""Claims about a year-on-year change to one partner: 'exports to the US fell nearly 30% in November'."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import pct_change
from tradeclaims.checks.result import Check, Row
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import Month, parse_period


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


def yoy(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> tuple[float | None, list[Figure], str]:
    """The y/y change for a period: computed from two levels when both are published, else as reported."""
    current = ledger.get(reporter, partner, flow, period)
    previous = ledger.get(reporter, partner, flow, parse_period(period).year_ago().text)
    if current and previous:
        return pct_change(current.value, previous.value), [current, previous], "computed from levels"
    reported = ledger.get(reporter, partner, flow, period, measure="yoy_pct")
    if reported:
        return reported.value, [reported], "as reported"
    return None, [], "missing"


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
    """A 'nearly X%' y/y change of flow to partner in month."""
    change, used, how = yoy(ledger, reporter, partner, flow, month)
    name = ledger.partner_name(partner)
    rows = [
        Row(
            quantity=f"{flow} to {name}",
            period=figure.period,
            measured=figure.value,
            article=None,
            unit="US$ bn",
            figure=figure,
        )
        for figure in used
        if figure.measure == "value"
    ]
    reported = ledger.get(reporter, partner, flow, month, measure="yoy_pct")
    if reported is not None:
        rows.append(
            Row(
                quantity=f"{flow} to {name}, y/y as reported",
                period=month,
                measured=reported.value,
                article=article_value if how != "computed from levels" else None,
                unit="%",
                figure=reported,
                headline=how == "as reported",
            )
        )
    if how == "computed from levels":
        rows.append(
            Row(
                quantity=f"{flow} to {name}, y/y computed",
                period=month,
                measured=change,
                article=article_value,
                unit="%",
                figure=None,
                note="computed from the two levels above",
                headline=True,
            )
        )
    if change is None:
        missing = [f"{reporter} {flow} to {partner} in {month}: neither both levels nor a reported y/y rate"]
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
        missing=missing,
        caveats=[caveats.USD_VS_CNY, caveats.YOY_REPORTED, caveats.PRELIMINARY],
        method=f"Year-on-year change of {ledger.partner_name(reporter)}'s {flow} to {name} in {month} "
        f"({how}), against the article's {article_value:+g}% with a tolerance of {tolerance:g} points "
        f"for 'nearly'.",
        chart=history.dropna(subset=["yoy_pct"]),
        chart_spec=monthly_chart_spec(
            f"{ledger.partner_name(reporter)}'s {flow} to {name}, y/y change by month",
            highlight=month,
            reference=article_value,
            reference_label="article's figure",
        ),
        extra_tables={"Months in the ledger": history},
    )
