"""Whether the 2025 surge repeats: export growth so far in 2026 against 2025's."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.checks.routes import Route, choose
from tradeclaims.checks.rules import applies
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


def outlook_verdict(base, current, full, base_year: str, horizon: str | None, through: str, span: str | None,
                    latest: str | None, missing: list[str]):
    """A prediction: judged on the whole of the year after `base_year` once the ledger has it; until then too early to
    tell, with the growth so far shown as evidence. Returns the verdict, the headline figure and what it rests on."""
    if full and base:
        repeated = full.value >= base.value
        return verdicts.Verdict(
            verdicts.NOT_SUPPORTED if repeated else verdicts.SUPPORTED,
            f"Exports grew {full.value:+.1f}% in {horizon}, against {base.value:+.1f}% in {base_year}: the growth was "
            f"{'repeated' if repeated else 'not repeated'} in the first year after it. 'Year after year' reaches "
            "further, so later years may still change this.",
        ), full.value, [full]
    if base and current:
        so_far = (f"exports grew {current.value:+.1f}% from January to {through} ({span}"
                  f"{', the latest month with figures' if through == latest else ''}), against {base.value:+.1f}% in "
                  f"{base_year}, {'above' if current.value >= base.value else 'below'} it. A few months of a year are "
                  "a weak guide to the whole of it.")
        return verdicts.too_early(f"the whole of {horizon}'s export figures (published in January "
                                  f"{int(horizon) + 1})", so_far), current.value, [current]
    if base and not current and horizon:
        missing = [*missing, f"export growth for the whole of {horizon}"]
    return verdicts.insufficient(missing), None, []


@applies("prediction")
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
    horizon = str(int(base_year[:4]) + 1) if base_year[:4].isdigit() else None
    full = ledger.get("CN", "WLD", "exports", horizon, measure="yoy_pct", currency=currency) if horizon else None
    if full and base:
        rows.append(Row(quantity=f"exports, y/y ({currency} series), the whole of {horizon}", period=horizon,
                        measured=full.value, article=None, unit="%", figure=full, headline=True,
                        note="the year the prediction is first judged on"))
        for row in rows:
            row.headline = row.figure is full
    used = [f for f in (base, current, full) if f]
    verdict, measured, headline = outlook_verdict(base, current, full, base_year, horizon, through, span, latest,
                                                  missing)
    chart = pd.DataFrame([{"partner": "World", "period": f.period, "yoy_pct": f.value} for f in used] + groups)
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit="%",
        article_value=None,
        threshold=Threshold(label=f"export growth in {base_year}", value=base.value, unit="%") if base else None,
        headline=headline,
        rows=rows,
        figures=used,
        choices=[choice] if choice else [],
        caveats=[caveats.series_used(currency, "both rates here come from one series, like with like:") if choice
                 else f"{caveats.TWO_SERIES}: this check compares two rates of one series, and neither series has "
                      "both in the ledger.",
                 "Early months of a year are affected by the Lunar New Year's timing."],
        missing=missing if verdict.label == verdicts.INSUFFICIENT else [],
        method=f"A prediction, judged on the whole of the year after {base_year} once its figures are published (too "
        f"early to tell until then). China's export growth from January to {through} ({span or 'no figure'}), "
        "against the growth of "
        f"{base_year}, " + (f"both in the {caveats.SERIES_NAMES[currency]} series (of the dollar and the yuan "
                            "series, the one whose weaker figure ranks highest); " if choice
                            else "both to come from one series, but neither the dollar nor the yuan series has both "
                                 "in the ledger; ")
        + (f"{through} is the latest month with year-to-date figures in the ledger."
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
