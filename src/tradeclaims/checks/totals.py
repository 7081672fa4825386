"""Claims about a level: 'exports exceeded X', 'the surplus reached Y'."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.checks.routes import Choice, Route
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import parse_period
from tradeclaims.ledger.views import forced_routes


def level(
    ledger: Ledger, reporter: str, partner: str, flow: str, period: str
) -> tuple[float | None, Figure | None, list[Figure]]:
    """A level from the ledger; a balance missing there is computed from exports and imports."""
    figure = ledger.get(reporter, partner, flow, period)
    if figure is not None:
        return figure.value, figure, [figure]
    if flow == "balance":
        exports = ledger.get(reporter, partner, "exports", period)
        imports = ledger.get(reporter, partner, "imports", period)
        if exports and imports:
            return exports.value - imports.value, None, [exports, imports]
    return None, None, []


def implied_level(
    ledger: Ledger, reporter: str, partner: str, flow: str, period: str
) -> tuple[float, float, float, list[Figure]] | None:
    """A level implied by the year-earlier level and the reported growth: value, low and high bounds.

    The bounds carry both figures' published rounding, so a verdict can tell whether rounding matters.
    """
    previous = ledger.get(reporter, partner, flow, parse_period(period).year_ago().text)
    growth = ledger.get(reporter, partner, flow, period, measure="yoy_pct")
    if previous is None or growth is None:
        return None
    value = previous.value * (1 + growth.value / 100)
    low = (previous.value - previous.halfwidth) * (1 + (growth.value - growth.halfwidth) / 100)
    high = (previous.value + previous.halfwidth) * (1 + (growth.value + growth.halfwidth) / 100)
    return value, low, high, [previous, growth]


def estimates(
    ledger: Ledger, reporter: str, partner: str, flow: str, period: str
) -> list[tuple[float, float, float, list[Figure], str]]:
    """Every way the ledger gives the level: (value, low, high, figures, how), the published level first."""
    found = []
    value, figure, used = level(ledger, reporter, partner, flow, period)
    if value is not None:
        halfwidth = figure.halfwidth if figure else sum(item.halfwidth for item in used)
        how = "published" if figure else "computed: exports minus imports"
        found.append((value, value - halfwidth, value + halfwidth, used, how))
    if implied := implied_level(ledger, reporter, partner, flow, period):
        found.append((*implied, "computed: year-earlier level x (1 + reported growth)"))
    return found


def estimate_route(estimate: tuple) -> Route:
    """An estimate of a level as a route to it (see checks.routes): a published level settles a rule first when its
    rounding allows, else the level implied by the year-earlier level and the growth."""
    value, low, high, used, how = estimate
    return Route(name=how, value=value, figures=tuple(used), halfwidth=(high - low) / 2)


def exceeds_verdict(found: list, threshold: float) -> tuple[verdicts.Verdict, tuple]:
    """Settle 'exceeded' with the first estimate whose rounding interval lies on one side of the threshold."""
    for estimate in found:
        value, low, high, _, how = estimate
        if low > threshold or high <= threshold:
            verdict = verdicts.exceeds(value, threshold, "USD bn")
            return verdicts.Verdict(
                verdict.label, f"{verdict.reason} ({how}; with its rounding between {low:,.1f} and {high:,.1f}.)"
            ), estimate
    value, low, high, _, how = found[0]
    return verdicts.Verdict(
        verdicts.PARTLY,
        f"The level ({how}) is {value:,.1f}, but within its rounding "
        f"({low:,.1f} to {high:,.1f}) it could lie either side of {threshold:,.1f}.",
    ), found[0]


@rechecked
def level_claim(
    ledger: Ledger,
    claim_id: str,
    flow: str,
    period: str,
    article_value: float,
    rule: str,
    tolerance: float = 0.0,
    reporter: str = "CN",
    partner: str = "WLD",
) -> Check:
    """Compare a published level with the article's figure ('exceeds' or 'about')."""
    unit, name = "US$ bn", ledger.partner_name(partner)
    found = estimates(ledger, reporter, partner, flow, period)
    rows, chart_rows = [], []
    for year_period in (parse_period(period).year_ago().text, period):
        for each_flow in ("exports", "imports", "balance"):
            each_value, each_figure, _ = level(ledger, reporter, partner, each_flow, year_period)
            if each_value is None:
                continue
            rows.append(
                Row(
                    quantity=f"{each_flow} ({name})",
                    period=year_period,
                    measured=each_value,
                    article=None,
                    unit=unit,
                    figure=each_figure,
                    note="" if each_figure else "computed: exports minus imports",
                )
            )
            chart_rows.append({"period": year_period, "flow": each_flow, "value": each_value})
    for value, low, high, _, how in found:
        if how != "published":
            rows.append(
                Row(
                    quantity=f"{flow} ({name}), {how.split(':')[0]}",
                    period=period,
                    measured=value,
                    article=None,
                    unit=unit,
                    figure=None,
                    note=f"{how}; with the published rounding, between {low:,.1f} and {high:,.1f}",
                )
            )
            chart_rows.append({"period": period, "flow": f"{flow} ({how.split(':')[0]})", "value": value})
    choices = []
    if not found:
        missing = [f"{reporter} {flow} with {partner} for {period} (US$), or the year-earlier level and growth"]
        verdict, measured, used = verdicts.insufficient(missing), None, []
    else:
        missing = []
        quantity = f"{reporter} {flow} with {partner}, {period}"
        forced = forced_routes(ledger).get(quantity)
        candidates = [estimate for estimate in found if estimate[4] == forced] or found
        if rule == "exceeds":
            verdict, chosen = exceeds_verdict(candidates, article_value)
        else:
            chosen = candidates[0]
            verdict = verdicts.about(chosen[0], article_value, tolerance, "USD bn")
        measured, used = chosen[0], chosen[3]
        choices = [Choice(quantity=quantity, taken=estimate_route(chosen),
                          not_taken=tuple(estimate_route(estimate) for estimate in found if estimate is not chosen))]
        rows.append(
            Row(
                quantity=f"{flow} ({name}): the figure judged",
                period=period,
                measured=measured,
                article=article_value,
                unit=unit,
                figure=used[0] if len(used) == 1 else None,
                note=chosen[4],
                headline=True,
            )
        )
    for currency, label in (("CNY", "yuan series"), ("CNY_CONVERTED", "yuan series converted by the outlet")):
        other = ledger.get(reporter, partner, flow, period, currency=currency)
        if other is not None:
            rows.append(
                Row(
                    quantity=f"{flow}, {label}",
                    period=period,
                    measured=other.value,
                    article=None,
                    unit=other.unit,
                    figure=other,
                    note="not the customs dollar series",
                )
            )
    for currency in ("USD", "CNY"):
        growth = ledger.get(reporter, partner, flow, period, measure="yoy_pct", currency=currency)
        if growth is not None:
            rows.append(
                Row(
                    quantity=f"{flow}, y/y change as reported ({currency} series)",
                    period=period,
                    measured=growth.value,
                    article=None,
                    unit="%",
                    figure=growth,
                )
            )
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit=unit,
        article_value=article_value,
        rows=rows,
        figures=used,
        choices=choices,
        missing=missing,
        caveats=[caveats.USD_VS_CNY, caveats.PRELIMINARY, caveats.ROUNDING],
        method=f"The {flow} of {ledger.partner_name(reporter)} with {name} for {period} in the customs dollar "
        f"series, compared with the article's US${article_value:,.0f} bn (rule: {rule}"
        f"{f', tolerance {tolerance:g} bn' if rule == 'about' else ''}). A published level is used when "
        "its rounding settles the rule; otherwise the level implied by the year-earlier level and the "
        "reported growth.",
        chart=pd.DataFrame(chart_rows),
        chart_spec={
            "kind": "bars",
            "x": "flow",
            "y": "value",
            "hue": "period",
            "period": "period",
            "ylabel": "US$ bn",
            "title": f"{ledger.partner_name(reporter)}: trade with {name}, {period} vs a year earlier",
            "reference": article_value,
            "reference_label": "article's figure",
        },
    )
