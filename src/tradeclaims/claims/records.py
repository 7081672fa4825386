"""'China's exports and trade have repeatedly reached new highs': the period's exports and surplus against the years
before it.

Two parts. Exports (the main part): the level for the period against the same months of each earlier year from
`since`. The surplus: above a mark of ours (US$1 trillion) while no earlier full year's surplus was. One quantity has
one figure: the period's two levels are those exports-jan-nov and surplus-jan-nov judge, reached by the same routes
(totals.py). Each earlier year's level is the first estimate the ledger gives (the published level, then for a balance
exports minus imports, then the level implied by growth). Every level carries the interval its published rounding
allows, and the rule compares intervals. An earlier year's exports the ledger has no estimate of are derived from
what it holds of that year: the year to the month before plus that month (January-October plus November), the two
intervals added; failing that, the full year as an upper bound (exports are never negative, so the months of a year
cannot exceed it), an interval from 0 to the year's high end. A record is a comparison with every earlier year of the
span: a year neither route reaches is named, and the part cannot be supported without it.
"""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.checks.routes import Choice
from tradeclaims.checks.rules import applies
from tradeclaims.checks.verdicts import Interval
from tradeclaims.claims.totals import PUBLISHED, Estimate, estimates, exceeds_verdict, published, quantity_name
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import parse_period, year_to_date, year_to_date_end
from tradeclaims.ledger.views import forced_routes

EXPORTS_WORDS = "repeatedly reached new highs"
SURPLUS_WORDS = "record-breaking numbers"
REPORTER, PARTNER = "CN", "WLD"
UNIT = "US$ bn"
SUMMED = "computed: the year to the month before plus that month"
AT_MOST = "bound: at most the full year (exports are never negative)"


def same_months(period: str, year: int) -> str:
    """The period's months in another year: ('2025-01/2025-11', 2023) -> '2023-01/2023-11'; a year -> that year."""
    parsed = parse_period(period)
    for _ in range(parsed.end.year - year):
        parsed = parsed.year_ago()
    return parsed.text


def span(years: list[int]) -> str:
    """Years as runs: [2021, 2022, 2024] -> '2021-2022, 2024'."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs) or "none"


def summed_parts(period: str) -> tuple[str, str] | None:
    """The two periods a year-to-date period is the sum of: '2023-01/2023-11' -> ('2023-01/2023-10', '2023-11');
    None for a single month or a period that does not run from January."""
    end = year_to_date_end(period)
    if end is None or parse_period(period).months < 2:
        return None
    last = parse_period(end).end
    return year_to_date(str(last.shift(-1))), str(last)


def summed(ledger: Ledger, period: str) -> Estimate | None:
    """A year-to-date level as the year to the month before plus that month ('2023-01/2023-11' from
    '2023-01/2023-10' and '2023-11'), each as published: the interval is the sum of the two intervals."""
    parts = summed_parts(period)
    if parts is None:
        return None
    before, month = (published(ledger, REPORTER, PARTNER, "exports", each) for each in parts)
    if before is None or month is None:
        return None
    return Estimate(how=SUMMED, value=before.value + month.value, interval=before.interval + month.interval,
                    figures=before.figures + month.figures)


def at_most(ledger: Ledger, period: str) -> Estimate | None:
    """A year-to-date level bounded by its full year as published: exports are never negative, so the months of a
    year are at most the year. Only an upper bound: the interval runs from 0 to the year's high end."""
    if year_to_date_end(period) is None:
        return None
    year = published(ledger, REPORTER, PARTNER, "exports", str(parse_period(period).end.year))
    if year is None:
        return None
    return Estimate(how=AT_MOST, value=year.interval.high, interval=Interval(0.0, year.interval.high),
                    figures=year.figures)


def derived(ledger: Ledger, period: str) -> Estimate | None:
    """Exports for a year's months the ledger has no estimate of: summed first, then bounded by the full year."""
    return summed(ledger, period) or at_most(ledger, period)


def figure_words(figure: Figure) -> str:
    return f"{figure.period} {figure.value:,.1f} ({figure.source.publisher}, {figure.source.kind})"


def derived_words(item: Estimate) -> str:
    """How a derived level was reached, naming its figures: the row's note and the part's reason."""
    if item.how == SUMMED:
        before, month = item.figures
        return (f"computed as {figure_words(before)} plus {figure_words(month)}; with the published rounding, "
                f"between {item.interval.text(joiner='and')}")
    return (f"at most the full year {figure_words(item.figures[0])}, which exports for part of the year cannot "
            f"exceed; no lower bound")


def taken(ledger: Ledger, flow: str, period: str, exceeds: float | None = None
          ) -> tuple[Estimate, list[Choice]] | None:
    """A level by the route its own claim takes to it: for 'exceeded X' (exports-jan-nov) the first estimate whose
    rounding settles X, otherwise the first estimate (surplus-jan-nov's 'about', and every earlier year); a route a
    ledger view forces first. With the choice made, and, when exports minus imports is taken, the flows' choices."""
    found, flow_choices = estimates(ledger, REPORTER, PARTNER, flow, period)
    if not found and flow == "exports" and exceeds is None:
        found = [item for item in (derived(ledger, period),) if item]
    if not found:
        return None
    quantity = quantity_name(REPORTER, PARTNER, flow, period)
    pool = [item for item in found if item.how == forced_routes(ledger).get(quantity)] or found
    chosen = pool[0] if exceeds is None else exceeds_verdict(pool, exceeds)[1]
    choice = Choice(quantity=quantity, taken=chosen.route(),
                    not_taken=tuple(item.route() for item in found if item is not chosen))
    return chosen, [choice, *(flow_choices if chosen.flows else [])]


def part_verdict(name: str, current: Estimate | None, earlier: dict[str, Estimate | None], held_years: list[int],
                 year: int, mark: float | None, lacking: str) -> verdicts.Verdict:
    """One part: the record rule on the period's level against the earlier periods, with the years compared and
    held named ('a record among the years the ledger holds: 2024-2025')."""
    if current is None:
        return verdicts.insufficient([lacking])
    found = verdicts.record(current.interval, {period: item.interval if item else None
                                               for period, item in earlier.items()}, "USD bn", mark=mark,
                            at_most=[period for period, item in earlier.items() if item and item.how == AT_MOST])
    if found.label == verdicts.SUPPORTED:
        held = f"A record among the years the ledger holds: {span([*held_years, year])}. "
    else:
        held = f"{name}; the ledger holds {span(held_years)} of the earlier years compared. "
    how = [f"{period} {derived_words(item)}" for period, item in earlier.items()
           if item and item.how in (SUMMED, AT_MOST)]
    return verdicts.Verdict(found.label, held + found.reason + (f" Derived: {'; '.join(how)}." if how else ""))


def level_row(quantity: str, period: str, item: Estimate | None, headline: bool = False,
              threshold: float | None = None, note: str = "") -> Row:
    figure = item.figures[0] if item and item.how == PUBLISHED else None  # a bound's figure is another period's
    if item is None:
        words = "not in the ledger"
    elif item.how in (SUMMED, AT_MOST):
        words = derived_words(item)
    else:
        words = item.words()
    return Row(quantity=quantity, period=period, measured=item.value if item else None, article=None, unit=UNIT,
               figure=figure, threshold=threshold, headline=headline, note=note or words,
               bound=verdicts.UPPER if item and item.how == AT_MOST else None)


@applies("record")
@rechecked
def records_claim(ledger: Ledger, claim_id: str, period: str, since: int, surplus_mark: float,
                  exports_figure: float) -> Check:
    """Exports in the period against the same months of every earlier year from `since` (the main part), and the
    period's surplus above our mark while no earlier full year's was."""
    year = parse_period(period).end.year
    years = list(range(since, year))
    exports = taken(ledger, "exports", period, exceeds=exports_figure)
    surplus = taken(ledger, "balance", period)
    earlier_exports = {same_months(period, each): taken(ledger, "exports", same_months(period, each))
                       for each in years}
    earlier_surplus = {str(each): taken(ledger, "balance", str(each)) for each in years}
    choices = [choice for found in (exports, surplus, *earlier_exports.values(), *earlier_surplus.values()) if found
               for choice in found[1]]
    exports_level = {key: found[0] if found else None for key, found in earlier_exports.items()}
    surplus_level = {key: found[0] if found else None for key, found in earlier_surplus.items()}
    held_exports = [each for each in years if exports_level[same_months(period, each)]]
    held_surplus = [each for each in years if surplus_level[str(each)]]
    lacking_exports = f"China's exports for {period} (US$)"
    lacking_surplus = f"China's trade balance for {period} (US$)"
    missing = ([lacking_exports] if exports is None else []) + ([lacking_surplus] if surplus is None else [])
    missing += [f"China's exports for {key} (US$)" for key, item in exports_level.items() if item is None]
    missing += [f"China's trade balance for {key} (US$)" for key, item in surplus_level.items() if item is None]
    first, second = (exports[0] if exports else None), (surplus[0] if surplus else None)
    parts = [
        Part(words=EXPORTS_WORDS, main=True, period=period, unit=UNIT, measured=first.value if first else None,
             verdict=part_verdict(f"Exports, {period} against the same months of {span(years)}", first,
                                  exports_level, held_exports, year, None, lacking_exports)),
        Part(words=SURPLUS_WORDS, period=period, unit=UNIT, measured=second.value if second else None,
             verdict=part_verdict(f"The surplus, {period} against our mark of US${surplus_mark:,.0f} bn and the full "
                                  f"years {span(years)}", second, surplus_level, held_surplus, year, surplus_mark,
                                  lacking_surplus)),
    ]
    rows = [level_row("exports (World): the figure judged", period, first, headline=True),
            *[level_row("exports (World), the same months", key, item) for key, item in exports_level.items()],
            level_row("balance (World): the figure judged", period, second, threshold=surplus_mark),
            *[level_row("balance (World), full year", key, item) for key, item in surplus_level.items()]]
    used = [figure for item in (first, second, *exports_level.values(), *surplus_level.values()) if item
            for figure in item.figures]
    chart = pd.DataFrame(
        [{"part": "exports, the same months", "period": key, "value": item.value,
          "kind": "at most (the full year)" if item.how == AT_MOST else "January to the period's month"}
         for key, item in {**exports_level, period: first}.items() if item]
        + [{"part": "surplus", "period": key, "kind": "full year", "value": item.value}
           for key, item in surplus_level.items() if item]
        + ([{"part": "surplus", "period": period, "kind": "January to the period's month", "value": second.value}]
           if second else []),
        columns=["part", "period", "kind", "value"])
    return Check(
        claim_id=claim_id,
        verdict=combine_parts(parts),
        measured=first.value if first else None,
        unit=UNIT,
        article_value=None,
        headline=list(first.figures) if first else [],
        rows=rows,
        parts=parts,
        figures=used,
        choices=choices,
        missing=missing,
        caveats=[caveats.USD_VS_CNY, caveats.PRELIMINARY, caveats.ROUNDING,
                 f"A record is judged among the years compared, {span(years)} (a span of ours), and only on the years "
                 "the ledger holds: a year it lacks is named and leaves the part unsettled; years before the span "
                 "are not compared.",
                 f"The surplus is set against full years, the period's exports against the same months of each "
                 f"year; the mark of US${surplus_mark:,.0f} bn is ours (the article printed US$1.08 trillion)."],
        method=f"China's exports and trade balance with the world for {period}, in the customs dollar series, by the "
        "routes exports-jan-nov and surplus-jan-nov take to them (the exports level whose rounding settles the "
        f"article's US${exports_figure:,.0f} bn; the surplus published first). Exports are held against the same "
        f"months of every year from {since} (the main part): a record when above every one of them over the whole "
        f"of the rounding intervals. The surplus is held against our mark of US${surplus_mark:,.0f} bn: above it "
        f"for the first time when the period's surplus is above it and no full year from {since} reached it. Each "
        "earlier level is the ledger's first estimate (published, then for a balance exports minus imports, then "
        "implied by growth). An earlier year's exports without one are derived: the year to the month before plus "
        "that month, each with its published rounding (the intervals added), and failing that at most the full "
        "year (exports are never negative), an interval from 0 that settles the comparison only when the whole "
        "year is below the period's level; the figures each derived level rests on are named in its row. A year "
        "neither route reaches is named as missing.",
        chart=chart,
        chart_spec={"kind": "bars", "x": "period", "y": "value", "hue": "kind", "panel": "part", "period": "period",
                    "ylabel": UNIT, "title": f"China: exports and trade surplus, {period} against earlier years",
                    "reference": surplus_mark, "reference_label": "our mark for the surplus",
                    "reference_panels": ["surplus"]},
    )
