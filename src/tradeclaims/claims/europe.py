"""Exports to Europe in 2025: the early rise, and October against May and against October 2024."""

from __future__ import annotations

import calendar

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import pct_change
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.checks.routes import Choice, Route
from tradeclaims.checks.rules import applies
from tradeclaims.claims.growth import monthly_chart_spec, monthly_frame, yoy_choice
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.periods import months_between, year_to_date
from tradeclaims.ledger.views import forced_routes

MEAN = "mean of the monthly y/y changes"


def cumulative_routes(ledger: Ledger, partner: str, first: str, last: str) -> list[Route]:
    """Each January-to-month y/y change as reported (the dollar series) ending within the window: another reading a
    careful reader would try of a rise 'earlier this year' (January-April 2025: +4.9%)."""
    routes = []
    for month in months_between(first, last):
        period = year_to_date(month)
        figure = ledger.get("CN", partner, "exports", period, measure="yoy_pct") if "/" in period else None
        if figure is not None:
            words = f"{calendar.month_name[int(period[5:7])]}-{calendar.month_name[int(month[5:])]} {month[:4]}"
            routes.append(Route(name=f"cumulative {words}, as reported", value=figure.value, figures=(figure,),
                                halfwidth=figure.halfwidth, detail={"period": period}))
    return routes


def mean_route(choices: list[Choice]) -> Route | None:
    """The mean of the months' y/y changes, each by its own route; its rounding the mean of theirs."""
    if not choices:
        return None
    taken = [choice.taken for choice in choices]
    months = [choice.quantity.rsplit(", ", 1)[1] for choice in choices]
    return Route(name=MEAN, value=sum(route.value for route in taken) / len(taken),
                 figures=tuple(figure for route in taken for figure in route.figures),
                 halfwidth=sum(route.halfwidth for route in taken) / len(taken),
                 detail={"period": months[0] if len(months) == 1 else f"{months[0]}/{months[-1]}", "months": months})


def reading_quantity(partner: str, first: str, last: str) -> str:
    return f"exports to {partner}, {first} to {last}: the reading of 'a significant increase'"


def reading_choice(ledger: Ledger, quantity: str, readings: list[Route]) -> Choice | None:
    """Our reading first (the mean of the months), the others kept as routes not taken; a ledger view may force
    one. Not ranked by authority: the readings measure different things, and the claim's is ours."""
    if not readings:
        return None
    forced = forced_routes(ledger).get(quantity)
    taken = next((route for route in readings if route.name == forced), readings[0])
    return Choice(quantity=quantity, taken=taken, not_taken=tuple(route for route in readings if route is not taken))


def early_rise_verdict(route: Route, threshold: float) -> verdicts.Verdict:
    verdict = verdicts.at_least(route.value, threshold, "%", ours=True)
    what = (f"Mean y/y change over the {len(route.detail['months'])} months with figures" if route.name == MEAN
            else f"The {route.name.split(',')[0]} y/y change, as reported")
    return verdicts.Verdict(verdict.label, f"{what}: {verdict.reason[len('The measured '):]}")


def month_rows(ledger: Ledger, partner: str, choices: list[Choice]) -> list[Row]:
    return [Row(quantity=f"exports to {ledger.partner_name(partner)}, y/y", period=choice.quantity.rsplit(", ", 1)[1],
                measured=choice.taken.value, article=None, unit="%",
                figure=choice.taken.figures[0] if len(choice.taken.figures) == 1 else None,
                note="" if choice.taken.name == "as reported" else choice.taken.name)
            for choice in choices]


def readings_frame(choice: Choice | None, threshold: float) -> pd.DataFrame:
    routes = [] if choice is None else [choice.taken, *choice.not_taken]
    return pd.DataFrame([{"reading": route.name, "period": route.detail["period"], "y/y change, %": route.value,
                          "our threshold, %": threshold, "verdict": early_rise_verdict(route, threshold).label,
                          "taken": route is choice.taken} for route in routes],
                        columns=["reading", "period", "y/y change, %", "our threshold, %", "verdict", "taken"])


@applies("at_least")
@rechecked
def early_rise_claim(ledger: Ledger, claim_id: str, partner: str, first: str, last: str, threshold: float) -> Check:
    """'A significant increase earlier this year': the mean y/y change over first..last is at least our `threshold`%.

    Each month's rate by its own route; the January-to-month rates ending in the window are other readings, kept as
    routes not taken (their verdicts are the claim's alternatives)."""
    wanted = months_between(first, last)
    choices = [choice for month in wanted if (choice := yoy_choice(ledger, "CN", partner, "exports", month))]
    rows = month_rows(ledger, partner, choices)
    quantity = reading_quantity(partner, first, last)
    reading = reading_choice(ledger, quantity, [route for route in (mean_route(choices),
                                                                      *cumulative_routes(ledger, partner, first, last))
                                                if route is not None])
    name = ledger.partner_name(partner)
    if reading is None:
        verdict, measured, used = verdicts.insufficient([f"y/y rates of exports to {partner} for {first} to {last}"]), \
            None, []
    else:
        route = reading.taken
        verdict, measured, used = early_rise_verdict(route, threshold), route.value, list(route.figures)
        rows.append(Row(quantity=f"exports to {name}, {route.name}", period=route.detail["period"], measured=measured,
                        article=None, threshold=threshold, unit="%", headline=True,
                        note="computed: the mean of the months above" if route.name == MEAN else "as reported",
                        figure=None if route.name == MEAN else route.figures[0]))
    gaps = [month for month in wanted if month not in {choice.quantity.rsplit(", ", 1)[1] for choice in choices}]
    history = monthly_frame(ledger, "CN", partner, "exports", f"{last[:4]}-12", months=12, every_month=True)
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit="%",
        article_value=None,
        threshold=Threshold(label="a 'marked' rise: mean y/y growth of at least", value=threshold, unit="%"),
        rows=rows,
        figures=used,
        choices=[*([reading] if reading else []), *choices],
        caveats=[caveats.EUROPE_VS_EU, caveats.USD_VS_CNY, caveats.YOY_REPORTED],
        missing=[f"{month} (y/y)" for month in gaps] if reading is None or reading.taken.name == MEAN else [],
        method=f"The mean of the monthly y/y changes of China's exports to {name} from {first} to {last} (customs "
        f"combine January and February), against a 'marked' rise of at least {threshold:g}% (our threshold: the "
        "article prints no number). The January-to-month changes as reported that end in the window are other "
        "readings, shown with the verdict each would give.",
        chart=history.dropna(subset=["yoy_pct"]),
        chart_spec=monthly_chart_spec(
            f"China's exports to {name} in {last[:4]}, y/y by month",
            reference=threshold,
            reference_label=f"a 'marked' rise (our threshold, {threshold:g}%)",
        ),
        extra_tables={"Readings of 'a significant increase'": readings_frame(reading, threshold),
                      f"Every month of {last[:4]}": history},
    )


@applies("about")
@rechecked
def october_vs_may_claim(
    ledger: Ledger, claim_id: str, partner: str, month: str, base_month: str, article_value: float, tolerance: float,
    quote: str = "decreased by 11.3% compared to May",
) -> Check:
    """'October was 11.3% below May, about the level of October 2024'."""
    year_ago = f"{int(month[:4]) - 1}{month[4:]}"
    levels = {m: ledger.get("CN", partner, "exports", m) for m in (base_month, month, year_ago)}
    growth = ledger.get("CN", partner, "exports", month, measure="yoy_pct")
    rows = [
        Row(
            quantity=f"exports to {ledger.partner_name(partner)}",
            period=m,
            measured=f.value if f else None,
            article=None,
            unit="US$ bn",
            figure=f,
            note="" if f else "not in the ledger",
        )
        for m, f in levels.items()
    ]
    if growth:
        rows.append(
            Row(
                quantity=f"exports to {ledger.partner_name(partner)}, y/y as reported",
                period=month,
                measured=growth.value,
                article=None,
                threshold=0.0,
                unit="%",
                figure=growth,
                note="the article's 'roughly on par with a year earlier', read as about 0%",
            )
        )
    missing = [f"level of exports to {partner} in {m} (US$)" for m, f in levels.items() if f is None]
    used = [f for f in (*levels.values(), growth) if f]
    if levels[base_month] and levels[month]:
        measured = pct_change(levels[month].value, levels[base_month].value)
        fall = verdicts.about(measured, article_value, tolerance, "%")
        rows.append(
            Row(
                quantity=f"{month} against {base_month}",
                period=month,
                measured=measured,
                article=article_value,
                unit="%",
                figure=None,
                note="computed",
                headline=True,
            )
        )
    else:
        measured = None
        fall = verdicts.insufficient([f"level of exports to {partner} in {m} (US$)" for m in (base_month, month)
                                      if levels[m] is None])
    if growth:
        on_par = verdicts.about(growth.value, 0.0, tolerance, "%")
        on_par = verdicts.Verdict(on_par.label, f"The reported change on {year_ago} is {growth.value:+.1f}%: the "
                                                f"level was {'about' if on_par.label == verdicts.SUPPORTED else 'not'}"
                                                f" on par with {year_ago} (read as within {tolerance:g} points of 0).")
    else:
        on_par = verdicts.insufficient([f"exports to {partner} in {month}, y/y (or the levels of {month} and "
                                        f"{year_ago})"])
    parts = [Part(words=quote, verdict=fall, measured=measured, period=month, unit="%", main=True),
             Part(words="roughly on par with the levels in October 2024", verdict=on_par,
                  measured=growth.value if growth else None, period=month, unit="%")]
    verdict = combine_parts(parts)
    chart = pd.DataFrame([{"month": m, "level": f.value} for m, f in levels.items() if f])
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit="%",
        article_value=article_value,
        headline=[f for f in (levels[base_month], levels[month]) if f] if measured is not None else [],
        rows=rows,
        figures=used,
        caveats=[caveats.EUROPE_VS_EU, caveats.USD_VS_CNY],
        missing=missing,
        parts=parts,
        method=f"The change from {base_month} to {month} in the level of exports to {ledger.partner_name(partner)}, "
        f"against the article's {article_value:+g}% (tolerance {tolerance:g} points); and the y/y rate for "
        f"{month} against 'roughly on par' with {year_ago}.",
        chart=chart,
        chart_spec={
            "kind": "bars",
            "x": "month",
            "y": "level",
            "period": "month",
            "ylabel": "US$ bn",
            "title": f"China's exports to {ledger.partner_name(partner)}: the months compared",
        },
    )
