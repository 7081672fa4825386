"""Exports to Europe in 2025: the early rise, the turn said to come from mid-year, and October against May and
against October 2024."""

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
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import Month, months_between, year_to_date
from tradeclaims.ledger.views import forced_routes

MEAN = "mean of the monthly y/y changes"
UNIT = "US$ bn"


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
    """'October was 11.3% below May, about the level of October 2024'. The fall from the two months' levels; 'on
    par' from the month's reported y/y change (the year-earlier level is needed only without it). `tolerance` is
    ours: the article prints none."""
    year_ago = f"{int(month[:4]) - 1}{month[4:]}"
    levels = {m: ledger.get("CN", partner, "exports", m) for m in (base_month, month, year_ago)}
    growth = ledger.get("CN", partner, "exports", month, measure="yoy_pct")

    def level_note(m: str) -> str:
        if levels[m]:
            return ""
        return ("not in the ledger; not needed: 'on par' is read from the reported y/y change" if m == year_ago
                and growth else "not in the ledger")

    rows = [
        Row(
            quantity=f"exports to {ledger.partner_name(partner)}",
            period=m,
            measured=f.value if f else None,
            article=None,
            unit="US$ bn",
            figure=f,
            note=level_note(m),
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
                note=f"our reading of the article's 'roughly on par with a year earlier': about 0%, within our "
                     f"tolerance of {caveats.points(tolerance)}",
            )
        )
    # Only figures a part needs and the ledger lacks: the two months' levels for the fall; for 'on par', the reported
    # y/y change, or failing it the year-earlier level beside the month's
    missing = [f"level of exports to {partner} in {m} (US$)" for m in (base_month, month) if levels[m] is None]
    if growth is None:
        missing.append(f"exports to {partner} in {month}, y/y (or the levels of {month} and {year_ago})")
    used = [f for f in (*levels.values(), growth) if f]
    if levels[base_month] and levels[month]:
        measured = pct_change(levels[month].value, levels[base_month].value)
        fall = verdicts.about(measured, article_value, tolerance, "%")
        fall = verdicts.Verdict(fall.label, f"{fall.reason} (The tolerance is ours: the article prints none.)")
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
                                                f" on par with {year_ago} (our reading: within our tolerance of "
                                                f"{caveats.points(tolerance)} of 0).")
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
        f"against the article's {article_value:+g}% (within a tolerance of ours, {caveats.points(tolerance)}: the article "
        f"prints none); and the reported y/y rate for {month} against 'roughly on par' with {year_ago}, read as about "
        f"0% within the same tolerance of ours ({year_ago}'s level is needed only when the rate is not reported).",
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


# eu-mid-year: 'by mid-year, Europe's resistance began to show (October the latest month with complete figures)'
MID_YEAR_WORDS = "resistance to Chinese products began to show"
LATEST_WORDS = "the latest period for which complete data is available"


def release(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> Figure | None:
    """The figure of a quantity (a level or a y/y change) whose page is the first to print its own date: the day its
    release was out at the latest. Every page's copy counts, not only the figure the ledger resolves; a page whose date
    is inferred or approximate does not date a release, nor a figure marked revised, wrong or the like."""
    dated = []
    for measure in ("value", "yoy_pct"):  # on a tie, the level
        figure = ledger.get(reporter, partner, flow, period, measure=measure)
        if figure is not None:
            dated += [item for item in (figure, *figure.alternatives)
                      if not item.status and item.source.published and not item.source.published_basis]
    return min(dated, key=lambda item: item.source.published, default=None)


def figure_text(figure: Figure) -> str:
    """'+14.8% on a year earlier', 'US$1,080.0 bn'."""
    if figure.measure == "yoy_pct":
        return f"{verdicts.fmt(figure.value, '%')} on a year earlier"
    return f"US${figure.value:,.1f} bn" if figure.unit == "USD bn" else verdicts.fmt(figure.value, figure.unit)


def latest_month_premise(out: Figure | None, own: Figure | None, name: str, last: str, article_month: str,
                         article_latest: str) -> tuple[verdicts.Verdict, list[Figure]]:
    """'October (the latest period for which complete data is available)': were the next month's figures out when
    the article was written? Settled by the date they came out against the article's month; within that month (its
    day not recorded), by the article's own figures: if it gives figures for that month or later, it was written
    after they were out."""
    after = str(Month.parse(last).shift(1))
    if out is None:
        return verdicts.insufficient([f"a page printing its date that gives China's exports to {name} in {after} "
                                      f"(when {after}'s figures came out)"]), []
    when = out.source.published
    said = (f"{after}'s figures were out by {when}: exports to {name}, {figure_text(out)}, as {out.source.publisher} "
            f"reported that day")
    if when[:7] < article_month:
        return verdicts.Verdict(verdicts.NOT_SUPPORTED, f"{said}, before the month the article appeared "
                                                        f"({article_month}): {last} was not the latest month with "
                                                        "figures."), [out]
    if when[:7] > article_month:
        return verdicts.Verdict(verdicts.SUPPORTED, f"{said}, after the month the article appeared ({article_month}): "
                                                    f"{last} was then the latest month with figures."), [out]
    if article_latest >= after:
        own_words = "" if own is None else (
            f" (its {'trade balance' if own.flow == 'balance' else own.flow} for {own.period}, {figure_text(own)}, was "
            f"out by {own.source.published}, as {own.source.publisher} reported)")
        return verdicts.Verdict(verdicts.NOT_SUPPORTED,
                                f"{said}, in the month the article appeared ({article_month}; its day is not "
                                f"recorded). The article itself gives figures up to {article_latest}{own_words}, so "
                                f"it was written after they were out: {last} was not the latest month with figures."
                                ), [out, *([own] if own is not None else [])]
    return verdicts.Verdict(verdicts.INSUFFICIENT,
                            f"{said}, in the month the article appeared ({article_month}); the day it appeared is not "
                            f"recorded, so whether {last} was still the latest month with figures cannot be told."
                            ), [out]


def before_text(before: dict[str, float | None]) -> str:
    """'the months before with figures (2025-04, 2025-05; 2025-03 not in the ledger) averaged +10.2%'."""
    held = {month: rate for month, rate in before.items() if rate is not None}
    lacking = [month for month, rate in before.items() if rate is None]
    if not held:
        return f"the ledger has no figure for the months before ({', '.join(lacking)})"
    gaps = f"; {', '.join(lacking)} not in the ledger" if lacking else ""
    return (f"the months before with figures ({', '.join(held)}{gaps}) averaged "
            f"{verdicts.fmt(sum(held.values()) / len(held), '%')}")


def mid_year_verdict(route: Route, threshold: float, first: str, last: str, before: dict[str, float | None],
                     after: tuple[str, float] | None) -> verdicts.Verdict:
    """Resistance showing from `first`: the mean y/y change of the months from `first` to `last` below our threshold;
    the months below it, the months before and the month after are named beside it."""
    rule = verdicts.less_than(route.value, threshold, "%", route.halfwidth, ours=True)
    rates = dict(zip(route.detail["months"], route.detail["rates"], strict=True))
    below = [month for month, rate in rates.items() if rate < threshold]
    if len(rates) == 1:
        months = ""
    elif not below:
        months = "no month was below it"
    elif len(below) == len(rates):
        months = "every month was below it"
    else:
        months = (f"only {below[0]} was below it ({verdicts.fmt(rates[below[0]], '%')}), a dip in one month"
                  if len(below) == 1 else f"{len(below)} of the {len(rates)} months were below it "
                                          f"({', '.join(below)})")
    context = [words for words in (months, before_text(before) if before else "",
                                   f"{after[0]} came to {verdicts.fmt(after[1], '%')}" if after else "") if words]
    listed = "; ".join(context)
    count = f"{len(rates)} month{'s' if len(rates) > 1 else ''}"
    return verdicts.Verdict(
        rule.label,
        f"Mean y/y change of exports from {first} to {last} ({count}): {rule.reason[len('The measured '):]}"
        + (f" {listed[0].upper()}{listed[1:]}." if listed else ""),
    )


def start_months_frame(choices: dict[str, Choice | None], threshold: float) -> pd.DataFrame:
    """The verdict each first month of the window would give (to the same last month): where the start decides."""
    months = list(choices)
    found = []
    for start in months:
        window = [choices[month] for month in months[months.index(start):]]
        route = mean_route(window) if all(window) else None
        found.append({"from": start, "to": months[-1], "months": len(window),
                      "mean y/y change, %": None if route is None else route.value, "our threshold, %": threshold,
                      "verdict": verdicts.INSUFFICIENT if route is None else
                      verdicts.less_than(route.value, threshold, "%", route.halfwidth, ours=True).label})
    return pd.DataFrame(found, columns=["from", "to", "months", "mean y/y change, %", "our threshold, %", "verdict"])


def context_row(ledger: Ledger, partner: str, month: str, choice: Choice | None, note: str) -> Row:
    figure = choice.taken.figures[0] if choice and len(choice.taken.figures) == 1 else None
    return Row(quantity=f"exports to {ledger.partner_name(partner)}, y/y ({note})", period=month,
               measured=choice.taken.value if choice else None, article=None, unit="%", figure=figure,
               note="context for the main part" if choice else "not in the ledger")


@applies("less_than")
@rechecked
def mid_year_claim(ledger: Ledger, claim_id: str, partner: str, first: str, last: str, threshold: float,
                   article_month: str, article_latest: str) -> Check:
    """'By mid-year, Europe's resistance to Chinese products began to show' (the main part): the mean y/y change of
    exports to `partner` from `first` to `last`, each month by its most authoritative route, below our `threshold`%;
    and 'October, the latest period with complete figures' (a premise): the next month's figures were not yet out when
    the article appeared (`article_month`; `article_latest` the latest month the article itself gives figures for)."""
    name = ledger.partner_name(partner)
    wanted = months_between(first, last)
    found = {month: yoy_choice(ledger, "CN", partner, "exports", month) for month in wanted}
    choices = [choice for choice in found.values() if choice]
    gaps = [month for month, choice in found.items() if choice is None]
    earlier = [str(Month.parse(first).shift(-back)) for back in (3, 2, 1)]
    before = {month: yoy_choice(ledger, "CN", partner, "exports", month) for month in earlier}
    after = str(Month.parse(last).shift(1))
    following = yoy_choice(ledger, "CN", partner, "exports", after)

    rows = [*month_rows(ledger, partner, choices),
            *(Row(quantity=f"exports to {name}, y/y", period=month, measured=None, article=None, unit="%",
                  note="not in the ledger") for month in gaps)]
    rows.sort(key=lambda row: row.period)
    route = None
    if gaps:
        main = verdicts.insufficient([f"y/y change of exports to {partner} in {month}" for month in gaps])
    else:
        route = mean_route(choices)
        route = Route(name=route.name, value=route.value, figures=route.figures, halfwidth=route.halfwidth,
                      detail={**route.detail, "rates": [choice.taken.value for choice in choices]})
        main = mid_year_verdict(route, threshold, first, last,
                                {month: choice.taken.value if choice else None for month, choice in before.items()},
                                (after, following.taken.value) if following else None)
        rows.append(Row(quantity=f"exports to {name}, {MEAN}", period=route.detail["period"], measured=route.value,
                        article=None, threshold=threshold, unit="%", headline=True,
                        note="computed: the mean of the months above"))
    rows += [context_row(ledger, partner, month, choice, "before the window") for month, choice in before.items()]
    rows.append(context_row(ledger, partner, after, following, "the month after"))

    out = release(ledger, "CN", partner, "exports", after)
    own = release(ledger, "CN", "WLD", "balance", year_to_date(article_latest)) or \
        release(ledger, "CN", "WLD", "exports", year_to_date(article_latest))
    premise, dating = latest_month_premise(out, own, name, last, article_month, article_latest)
    for figure in dating:
        shown = next((row for row in rows if row.figure is figure), None)
        note = f"published {figure.source.published}: dates the release"
        if shown is not None:
            shown.note = f"{note}; {shown.note}"
        else:
            what = f"exports to {name}" if figure is out else \
                f"China's {'trade balance' if figure.flow == 'balance' else figure.flow} (the article's own total)"
            rows.append(Row(quantity=f"{what}{', y/y' if figure.measure == 'yoy_pct' else ''}", period=figure.period,
                            measured=figure.value, article=None, unit="%" if figure.measure == "yoy_pct" else UNIT,
                            figure=figure, note=note))

    parts = [Part(words=MID_YEAR_WORDS, verdict=main, measured=None if route is None else route.value,
                  period=first if first == last else f"{first}/{last}", unit="%", main=True),
             Part(words=LATEST_WORDS, verdict=premise, period=after, premise=True)]
    missing = [f"{month} (y/y)" for month in gaps]
    if out is None:
        missing.append(f"the date {after}'s figures came out (a page printing its date)")
    elif premise.label == verdicts.INSUFFICIENT:
        missing.append("the day the article appeared")
    used = [*(route.figures if route else ()), *dating]
    history = monthly_frame(ledger, "CN", partner, "exports", f"{last[:4]}-12", months=12, every_month=True)
    return Check(
        claim_id=claim_id,
        verdict=combine_parts(parts),
        measured=None if route is None else route.value,
        unit="%",
        article_value=None,
        threshold=Threshold(label="resistance showing: mean y/y growth below", value=threshold, unit="%"),
        headline=list(route.figures) if route else [],
        rows=rows,
        figures=used,
        choices=choices,
        caveats=[caveats.EUROPE_VS_EU, caveats.USD_VS_CNY,
                 "The monthly figures show whether exports slowed, not why: they cannot tell European resistance "
                 "from anything else that moves trade, and one month's y/y rate is not a trend.",
                 f"The article gives its month ({article_month}), not its day; the release is dated by the first page "
                 "in the ledger that prints its own date, which may be later than the release itself. The article "
                 "does not say what it counts as complete figures."],
        missing=missing,
        parts=parts,
        method=f"Main part: the mean of the monthly y/y changes of China's exports to {name} from {first} (the start "
        f"of 'mid-year', ours) to {last} (the article's latest month), each month by its most authoritative route, "
        f"against {threshold:g}%: growth below it is read as resistance showing (our threshold: the article prints "
        "no number). The months before and "
        f"the month after ({after}) are shown beside it, with the verdict each first month of the window would "
        f"give. Premise: whether {after}'s figures were out when the article was written, from the date of the "
        f"first page printing them against the article's month ({article_month}), and the article's own figures.",
        chart=history.dropna(subset=["yoy_pct"]),
        chart_spec=monthly_chart_spec(
            f"China's exports to {name} in {last[:4]}, y/y by month",
            highlight=last,
            reference=threshold,
            reference_label=f"resistance showing (our threshold, {threshold:g}%)",
        ),
        extra_tables={"Where the verdict turns: the window's first month": start_months_frame(found, threshold),
                      f"Every month of {last[:4]}": history},
    )
