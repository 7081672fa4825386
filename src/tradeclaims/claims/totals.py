"""Claims about a level: 'exports exceeded X', 'the surplus reached Y'.

A level is reached several ways: as published; for a balance, as exports minus imports (each flow by its own most
authoritative route); and as the year-earlier level times (1 + the reported growth). Each estimate carries the
interval its inputs' published rounding allows (interval arithmetic: a sum adds the ends, a difference subtracts the
opposite ends, a product of a level and a growth factor takes the ends of both), and the verdict rules compare
intervals, not rounded points.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.checks.routes import Choice, Route, choose
from tradeclaims.checks.rules import applies
from tradeclaims.checks.verdicts import Interval
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import parse_period
from tradeclaims.ledger.views import forced_routes

PUBLISHED = "published"
FROM_FLOWS = "computed: exports minus imports"
IMPLIED = "computed: year-earlier level x (1 + reported growth)"
FLOWS = ("exports", "imports")
SHORT = {FROM_FLOWS: "from flows", IMPLIED: "implied"}  # a chart's axis labels


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """One way of reaching a level: its value, the interval its inputs' rounding allows, the published figures it
    rests on, and, for exports minus imports, the two flows' own estimates."""

    how: str
    value: float
    interval: Interval
    figures: tuple[Figure, ...]
    flows: tuple[Estimate, ...] = ()

    @property
    def halfwidth(self) -> float:
        """The farthest the interval reaches from the value (an implied level's interval is not quite symmetric)."""
        return max(self.value - self.interval.low, self.interval.high - self.value)

    def route(self) -> Route:
        return Route(name=self.how, value=self.value, figures=self.figures, halfwidth=self.halfwidth)

    def words(self) -> str:
        """How it was reached and where its rounding puts it."""
        inputs = "; ".join(f"{flow.figures[0].flow} {flow.value:,.1f} ({flow.how})" for flow in self.flows)
        return (f"{self.how}{f' ({inputs})' if inputs else ''}; with the published rounding, between "
                f"{self.interval.text(joiner='and')}")


def level(
    ledger: Ledger, reporter: str, partner: str, flow: str, period: str
) -> tuple[float | None, Figure | None, list[Figure]]:
    """A level from the ledger; a balance missing there is computed from exports and imports (as published)."""
    figure = ledger.get(reporter, partner, flow, period)
    if figure is not None:
        return figure.value, figure, [figure]
    if flow == "balance":
        exports = ledger.get(reporter, partner, "exports", period)
        imports = ledger.get(reporter, partner, "imports", period)
        if exports and imports:
            return exports.value - imports.value, None, [exports, imports]
    return None, None, []


def published(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> Estimate | None:
    figure = ledger.get(reporter, partner, flow, period)
    if figure is None:
        return None
    return Estimate(how=PUBLISHED, value=figure.value, interval=Interval.around(figure.value, figure.halfwidth),
                    figures=(figure,))


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
    ends = [(previous.value + side * previous.halfwidth) * (1 + (growth.value + other * growth.halfwidth) / 100)
            for side in (-1, 1) for other in (-1, 1)]  # a negative level (a deficit) turns the ends round
    return value, min(ends), max(ends), [previous, growth]


def implied(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> Estimate | None:
    found = implied_level(ledger, reporter, partner, flow, period)
    if found is None:
        return None
    value, low, high, used = found
    return Estimate(how=IMPLIED, value=value, interval=Interval(low, high), figures=tuple(used))


def quantity_name(reporter: str, partner: str, flow: str, period: str) -> str:
    """The quantity a level's routes reach (also the key that forces a route on a ledger view)."""
    return f"{reporter} {flow} with {partner}, {period}"


def flow_choice(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> tuple[Choice, dict] | None:
    """Exports or imports by their most authoritative route (published, or implied), with the estimates by name."""
    found = [estimate for estimate in (published(ledger, reporter, partner, flow, period),
                                       implied(ledger, reporter, partner, flow, period)) if estimate]
    choice = choose(ledger, quantity_name(reporter, partner, flow, period), [item.route() for item in found])
    return (choice, {item.how: item for item in found}) if choice else None


def chosen_level(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> tuple[Choice, Estimate] | None:
    """Exports or imports by their most authoritative route, and its estimate (with the interval its rounding
    allows): the one figure every claim needing this quantity takes (exports-jan-nov judges it; global-south-offset
    divides by it)."""
    found = flow_choice(ledger, reporter, partner, flow, period)
    if found is None:
        return None
    choice, by_name = found
    return choice, by_name[choice.taken.name]


def by_authority(found: list[Estimate]) -> list[Estimate]:
    """The estimates in the order routes are chosen (checks.routes.Route.rank: the weakest source's tier first), the
    rules' order kept among equals: the first is the figure chosen_level gives."""
    return sorted(found, key=lambda estimate: estimate.route().rank())


def from_flows(ledger: Ledger, reporter: str, partner: str, period: str) -> tuple[Estimate, list[Choice]] | None:
    """The balance as exports minus imports, each flow by its own route; the interval subtracts the flows'
    intervals (exports' low end minus imports' high end, and the other way round)."""
    chosen = [flow_choice(ledger, reporter, partner, flow, period) for flow in FLOWS]
    if any(item is None for item in chosen):
        return None
    (exports_choice, exports), (imports_choice, imports) = chosen
    first, second = exports[exports_choice.taken.name], imports[imports_choice.taken.name]
    estimate = Estimate(how=FROM_FLOWS, value=first.value - second.value, interval=first.interval - second.interval,
                        figures=first.figures + second.figures, flows=(first, second))
    return estimate, [exports_choice, imports_choice]


def estimates(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> tuple[list[Estimate],
                                                                                           list[Choice]]:
    """Every way the ledger gives the level: the published level, for a balance exports minus imports (always
    computed, also beside a published balance), the implied level (the rules try them by authority: by_authority).
    With them, the choices of route made for the two flows."""
    found = [published(ledger, reporter, partner, flow, period)]
    flow_choices: list[Choice] = []
    if flow == "balance" and (flows := from_flows(ledger, reporter, partner, period)):
        found.append(flows[0])
        flow_choices = flows[1]
    found.append(implied(ledger, reporter, partner, flow, period))
    return [estimate for estimate in found if estimate], flow_choices


def exceeds_verdict(found: list[Estimate], threshold: float) -> tuple[verdicts.Verdict, Estimate]:
    """Settle 'exceeded' with the first estimate whose rounding interval lies on one side of the threshold."""
    for estimate in found:
        low, high = estimate.interval.low, estimate.interval.high
        if low > threshold or high <= threshold:
            verdict = verdicts.exceeds(estimate.value, threshold, "USD bn")
            return verdicts.Verdict(
                verdict.label, f"{verdict.reason} ({estimate.how}; with its rounding between "
                               f"{estimate.interval.text(joiner='and')}.)"), estimate
    first = found[0]
    return verdicts.Verdict(
        verdicts.PARTLY,
        f"The level ({first.how}) is {first.value:,.1f}, but within its rounding "
        f"({first.interval}) it could lie either side of {threshold:,.1f}.",
    ), first


def about_verdict(estimate: Estimate, target: float, tolerance: float) -> verdicts.Verdict:
    """'Reached about X': the interval the estimate's rounding allows, held against X and the tolerance."""
    verdict = verdicts.about(estimate.value, target, tolerance, "USD bn", halfwidth=estimate.halfwidth)
    return verdicts.Verdict(verdict.label, f"{verdict.reason} ({estimate.how}.)")


def judged(found: list[Estimate], rule: str, article_value: float, tolerance: float
           ) -> tuple[verdicts.Verdict, Estimate]:
    if rule == "exceeds":
        return exceeds_verdict(found, article_value)
    return about_verdict(found[0], article_value, tolerance), found[0]


def level_rows(ledger: Ledger, reporter: str, partner: str, period: str) -> tuple[list[Row], list[dict]]:
    """The published levels (a balance computed from published flows where none is published), this period and a
    year earlier, as table rows and chart rows."""
    rows, chart_rows, name = [], [], ledger.partner_name(partner)
    for year_period in (parse_period(period).year_ago().text, period):
        for each_flow in ("exports", "imports", "balance"):
            each_value, each_figure, _ = level(ledger, reporter, partner, each_flow, year_period)
            if each_value is None:
                continue
            rows.append(Row(quantity=f"{each_flow} ({name})", period=year_period, measured=each_value, article=None,
                            unit="US$ bn", figure=each_figure,
                            note="" if each_figure else "computed: exports minus imports as published"))
            chart_rows.append({"period": year_period, "flow": each_flow, "value": each_value})
    return rows, chart_rows


def estimate_rows(found: list[Estimate], flow: str, name: str, period: str) -> tuple[list[Row], list[dict]]:
    """Each computed estimate with its interval; for exports minus imports, the two flows' estimates first."""
    rows, chart_rows = [], []
    for estimate in found:
        if estimate.how == PUBLISHED:
            continue
        for part in estimate.flows:
            part_flow = part.figures[0].flow
            rows.append(Row(quantity=f"{part_flow} ({name}), {part.how.split(':')[0]}, for the balance", period=period,
                            measured=part.value, article=None, unit="US$ bn",
                            figure=part.figures[0] if part.how == PUBLISHED else None, note=part.words()))
        rows.append(Row(quantity=f"{flow} ({name}), {estimate.how}", period=period, measured=estimate.value,
                        article=None, unit="US$ bn", figure=None, note=estimate.words()))
        chart_rows.append({"period": period, "flow": f"{flow} ({SHORT[estimate.how]})", "value": estimate.value})
    return rows, chart_rows


def other_series_rows(ledger: Ledger, reporter: str, partner: str, flow: str, period: str) -> list[Row]:
    """The yuan series and reported growth rates, shown beside the dollar series."""
    rows = []
    for currency, label in (("CNY", "yuan series"), ("CNY_CONVERTED", "yuan series converted by the outlet")):
        other = ledger.get(reporter, partner, flow, period, currency=currency)
        if other is not None:
            rows.append(Row(quantity=f"{flow}, {label}", period=period, measured=other.value, article=None,
                            unit=other.unit, figure=other, note="not the customs dollar series"))
    for currency in ("USD", "CNY"):
        growth = ledger.get(reporter, partner, flow, period, measure="yoy_pct", currency=currency)
        if growth is not None:
            rows.append(Row(quantity=f"{flow}, y/y change as reported ({currency} series)", period=period,
                            measured=growth.value, article=None, unit="%", figure=growth))
    return rows


@applies("exceeds", "about")
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
    """Compare a level with the article's figure ('exceeds' or 'about'), each estimate with its rounding interval."""
    unit, name = "US$ bn", ledger.partner_name(partner)
    found, flow_choices = estimates(ledger, reporter, partner, flow, period)
    rows, chart_rows = level_rows(ledger, reporter, partner, period)
    more_rows, more_chart = estimate_rows(found, flow, name, period)
    rows, chart_rows = rows + more_rows, chart_rows + more_chart
    choices, missing, measured, used = [], [], None, []
    if not found:
        missing = [f"{reporter} {flow} with {partner} for {period} (US$)"
                   + (", or its exports and imports" if flow == "balance" else "")
                   + ", or the year-earlier level and the reported growth"]
        verdict = verdicts.insufficient(missing)
    else:
        quantity = quantity_name(reporter, partner, flow, period)
        forced = forced_routes(ledger).get(quantity)
        verdict, chosen = judged([item for item in found if item.how == forced] or by_authority(found), rule,
                                 article_value, tolerance)
        measured, used = chosen.value, list(chosen.figures)
        choices = [Choice(quantity=quantity, taken=chosen.route(),
                          not_taken=tuple(item.route() for item in found if item is not chosen)), *flow_choices]
        rows.append(Row(quantity=f"{flow} ({name}): the figure judged", period=period, measured=measured,
                        article=article_value, unit=unit, figure=used[0] if len(used) == 1 else None,
                        note=chosen.words(), headline=True))
    rows += other_series_rows(ledger, reporter, partner, flow, period)
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
        f"{f', tolerance {tolerance:g} bn' if rule == 'about' else ''}), each estimate with the interval its inputs' "
        "published rounding allows: the published level"
        + (", exports minus imports (each flow by its most authoritative route; also computed and shown beside a "
           "published balance)" if flow == "balance" else "")
        + " and the level implied by the year-earlier level and the reported growth. The estimates are tried from the "
        "most authoritative (the one whose weakest source ranks highest, the figure every claim needing this level "
        "takes): " + ("the first whose rounding settles 'exceeds' is judged." if rule == "exceeds"
                      else "the first is judged, its interval held against the tolerance."),
        chart=pd.DataFrame(chart_rows, columns=["period", "flow", "value"]),
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
