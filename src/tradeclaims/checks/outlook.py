"""Whether the 2025 surge repeats: export growth so far in 2026 against 2025's."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.checks.routes import Route, choose
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.periods import year_to_date_end

CURRENCIES = ("USD", "CNY")


def year_to_date_ends(ledger: Ledger, currency: str) -> dict[str, str | None]:
    """Each period of the series with a reported growth rate, and the month it ends in when it runs from January."""
    return {p: year_to_date_end(p) for p in ledger.periods("CN", "WLD", "exports", measure="yoy_pct", currency=currency)}


def series_route(ledger: Ledger, currency: str, through: str, base_year: str) -> Route | None:
    """Growth from January to `through` (exactly) and the base year's, both in one currency's series."""
    span = next((p for p, end in year_to_date_ends(ledger, currency).items() if end == through), None)
    base = ledger.get("CN", "WLD", "exports", base_year, measure="yoy_pct", currency=currency)
    current = ledger.get("CN", "WLD", "exports", span, measure="yoy_pct", currency=currency) if span else None
    if not (base and current):
        return None
    return Route(name=f"{currency} series", value=current.value, figures=(base, current),
                 halfwidth=current.halfwidth, reaches=through, detail={"currency": currency})


@rechecked
def outlook_claim(ledger: Ledger, claim_id: str, through: str, base_year: str) -> Check:
    """'The 2025 surge cannot be repeated': 2026 export growth so far against 2025's, like with like (a rate of
    the dollar series against a rate of the dollar series, or yuan against yuan), in the most authoritative
    series (see checks.routes)."""
    choice = choose(ledger, f"export growth in {base_year} and from January to {through}",
                    [route for currency in CURRENCIES if (route := series_route(ledger, currency, through, base_year))])
    currency = choice.taken.detail["currency"] if choice else "USD"
    base = ledger.get("CN", "WLD", "exports", base_year, measure="yoy_pct", currency=currency)
    ends = year_to_date_ends(ledger, currency)
    span = next((p for p, end in ends.items() if end == through), None)  # January to `through`, exactly
    latest = max(filter(None, (end for each in CURRENCIES for end in year_to_date_ends(ledger, each).values())),
                 default=None)
    current = ledger.get("CN", "WLD", "exports", span, measure="yoy_pct", currency=currency) if span else None
    missing = ([] if base else [f"export growth in {base_year}"]) + (
        [] if current else [f"export growth from January to {through}"]
    )
    rows = [
        Row(quantity=f"exports, y/y ({currency} series)", period=f.period, measured=f.value, article=None, unit="%",
            figure=f,
            threshold=f.value if f is base else None, headline=f is current,
            note=f"the growth of {base_year}, to be repeated" if f is base else "so far this year")
        for f in (base, current)
        if f
    ]
    groups = []
    for code in ("ASEAN", "EU27", "AFRICA", "LATAM", "US"):
        figure = ledger.get("CN", code, "exports", span, measure="yoy_pct", currency=currency) if span else None
        if figure:
            rows.append(
                Row(
                    quantity=f"exports to {ledger.partner_name(code)}, y/y",
                    period=span,
                    measured=figure.value,
                    article=None,
                    unit="%",
                    figure=figure,
                )
            )
            groups.append({"partner": ledger.partner_name(code), "period": span, "yoy_pct": figure.value})
    used = [f for f in (base, current) if f]
    if missing:
        verdict, measured = verdicts.insufficient(missing), None
    else:
        measured = current.value
        repeated = current.value >= base.value
        verdict = verdicts.Verdict(
            verdicts.NOT_SUPPORTED if repeated else verdicts.SUPPORTED,
            f"Exports grew {current.value:+.1f}% from January to {through} ({span}"
            f"{', the latest month with figures' if through == latest else ''}), against {base.value:+.1f}% in "
            f"{base_year}: so far the growth {'matches or exceeds' if repeated else 'falls short of'} {base_year}'s. "
            "A few months of a year are a weak guide to the whole of it.",
        )
    chart = pd.DataFrame([{"partner": "World", "period": f.period, "yoy_pct": f.value} for f in used] + groups)
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit="%",
        article_value=None,
        threshold=Threshold(label=f"export growth in {base_year}", value=base.value, unit="%") if base else None,
        headline=[current] if current else [],
        rows=rows,
        figures=used,
        choices=[choice] if choice else [],
        caveats=[caveats.USD_VS_CNY, "Early months of a year are affected by the Lunar New Year's timing."],
        missing=missing,
        method=f"China's export growth from January to {through} ({span or 'no figure'}), against the growth of "
        f"{base_year}, both in the {currency} series (of the dollar and the yuan series, the one whose weaker figure "
        "ranks highest); " + (f"{through} is the latest month with year-to-date figures in the ledger."
                              if through == latest else f"the ledger's year-to-date figures run to {latest}."),
        chart=chart,
        chart_spec={
            "kind": "bars",
            "x": "partner",
            "y": "yoy_pct",
            "hue": "period",
            "period": "period",
            "ylabel": "change on a year earlier, %",
            "title": f"Export growth in {base_year} and so far in {through[:4]}",
        },
    )
