"""'China's international trade success in 2025 also highlights its failure to develop a domestic demand-driven
growth engine': what drove China's GDP growth, from the statistics office's shares of growth by demand component.

The sentence is judged on what drove growth: net exports' share of GDP growth (held against a threshold of ours
for growth that leans on foreign demand) and final consumption's share (held against another threshold of ours, half
of growth by default: the share from which domestic demand is still the main engine). Household consumption's share
is the reading a careful reader would also try (final consumption counts government spending too): it is shown as an
alternative reading when the ledger holds it, and named as missing when it does not. Its premise, the trade success,
is judged on export growth. China's imports, which the trade statistics give, are an indicator shown beside them, not
the claim: import values move with prices and with substitution as much as with domestic demand.
"""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.checks.routes import Choice, Route, choose
from tradeclaims.checks.rules import applies
from tradeclaims.claims.growth import monthly_frame, yoy_choice
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import parse_period

CONSUMPTION, CAPITAL, NET_EXPORTS = "final_consumption", "capital_formation", "net_exports"
DRIVERS = {CONSUMPTION: "final consumption", CAPITAL: "gross capital formation", NET_EXPORTS: "net exports"}
AS_PUBLISHED = "as published"
FROM_POINTS = "from the contributions in percentage points"
MAIN_WORDS = "failure to develop a domestic demand-driven growth engine"
PREMISE_WORDS = "China’s international trade success in 2025"
INDICATOR = "an indicator shown beside the claim, not the claim"
# The reading a careful reader would also try: households' own consumption, without the government's. The statistics
# office's shares of growth give final consumption as a whole, so the ledger has no figure for it (no flow of its own).
HOUSEHOLD_READING = "household consumption's share of GDP growth"
HOUSEHOLD_MISSING = ("the ledger holds no figure for household consumption's share of China's GDP growth (nor of its "
                     "GDP) in {period}: the statistics office's shares of growth give final consumption as a whole, "
                     "households and government together")


def possessive(flow: str) -> str:
    return f"{DRIVERS[flow]}'" if DRIVERS[flow].endswith("s") else f"{DRIVERS[flow]}'s"


def share_quantity(flow: str, period: str) -> str:
    return f"{possessive(flow)} share of China's GDP growth, {period}"


def points_route(ledger: Ledger, flow: str, period: str) -> Route | None:
    """A component's share of growth from the three components' contributions in percentage points: its points over
    their sum; the rounding carried to the ends of the ratio."""
    points = {each: ledger.get("CN", "WLD", each, period, measure="pp_of_growth", currency="CNY") for each in DRIVERS}
    if any(figure is None for figure in points.values()):
        return None
    total = sum(figure.value for figure in points.values())
    spread = sum(figure.halfwidth for figure in points.values())
    if abs(total) <= spread:  # growth within rounding of zero: no share can be read from it
        return None
    own = points[flow]
    ends = [(own.value + side * own.halfwidth) / (total + other * spread) * 100 for side in (-1, 1) for other in (-1, 1)]
    value = own.value / total * 100
    return Route(name=FROM_POINTS, value=value, figures=tuple(points.values()),
                 halfwidth=max(value - min(ends), max(ends) - value))


def share_choice(ledger: Ledger, flow: str, period: str) -> Choice | None:
    """A component's share of GDP growth (% of growth) by the most authoritative route: as published, or from the
    contributions in percentage points."""
    routes = []
    share = ledger.get("CN", "WLD", flow, period, measure="share_of_growth", currency="CNY")
    if share is not None:
        routes.append(Route(name=AS_PUBLISHED, value=share.value, figures=(share,), halfwidth=share.halfwidth))
    if (from_points := points_route(ledger, flow, period)) is not None:
        routes.append(from_points)
    return choose(ledger, share_quantity(flow, period), routes)


def share_words(flow: str, period: str) -> str:
    return f"{possessive(flow)} share of China's GDP growth in {period} (NBS, % of growth, or its contribution in points)"


def demand_verdict(net_exports: float | None, consumption: float | None, threshold: float, main_engine: float,
                   period: str) -> verdicts.Verdict:
    """The sentence on what drove growth: supported when net exports supplied at least our `threshold`% of GDP growth
    and final consumption less than our `main_engine`% of it; partly when growth leaned on net exports but consumption
    still supplied at least `main_engine`% (domestic demand was still the main engine); not supported when net exports
    supplied less than the threshold; insufficient data without net exports' share."""
    if net_exports is None:
        return verdicts.insufficient([share_words(NET_EXPORTS, period)])
    leans = (f"net exports supplied {net_exports:.1f}% of GDP growth, "
             f"{'at least' if net_exports >= threshold else 'below'} our threshold of {threshold:g}%.")
    if net_exports < threshold:
        return verdicts.Verdict(verdicts.NOT_SUPPORTED, f"In {period}: {leans} Growth did not lean on foreign demand "
                                "by that reading, so the figures do not show domestic demand failing as an engine.")
    if consumption is None:
        return verdicts.Verdict(verdicts.PARTLY, f"In {period}: {leans} Growth leaned on foreign demand, as the article "
                                f"says; the ledger lacks {share_words(CONSUMPTION, period)}, so whether domestic "
                                "demand was still the main engine is not known.")
    engine = f"our threshold of {main_engine:g}% for the main engine"
    if consumption >= main_engine:
        return verdicts.Verdict(verdicts.PARTLY, f"In {period}: {leans} Growth leaned on foreign demand, as the article "
                                f"says; but final consumption supplied {consumption:.1f}% of it, at least {engine}: "
                                "domestic demand was still the larger engine, so 'failure' overstates it.")
    return verdicts.Verdict(verdicts.SUPPORTED, f"In {period}: {leans} Final consumption supplied {consumption:.1f}%, "
                            f"below {engine}: growth was not driven mainly by domestic demand.")


def premise_verdict(exports: Choice | None, period: str) -> verdicts.Verdict:
    """The premise, a 'trade success': exports grew on a year earlier (our reading)."""
    if exports is None:
        return verdicts.insufficient([f"China's exports in {period} and a year earlier, or their growth"])
    grew = exports.taken.value > 0
    return verdicts.Verdict(verdicts.SUPPORTED if grew else verdicts.NOT_SUPPORTED,
                            f"Exports {'grew' if grew else 'did not grow'} {exports.taken.value:+.1f}% on a year earlier "
                            f"in {period} ({exports.taken.name}; a trade success read as exports that grew).")


def share_rows(shares: dict[str, Choice | None], period: str, threshold: float, main_engine: float) -> list[Row]:
    rows = []
    for flow, choice in shares.items():
        figure = choice.taken.figures[0] if choice and choice.taken.name == AS_PUBLISHED else None
        rows.append(Row(quantity=f"{DRIVERS[flow]}, share of GDP growth", period=period,
                        measured=choice.taken.value if choice else None, article=None,
                        threshold=threshold if flow == NET_EXPORTS else main_engine if flow == CONSUMPTION else None,
                        unit="%", figure=figure, headline=flow == NET_EXPORTS,
                        note=("not in the ledger" if choice is None else choice.taken.name)
                        + ("; our threshold: growth leaning on foreign demand" if flow == NET_EXPORTS else
                           "; our threshold: the main engine" if flow == CONSUMPTION else "")))
    rows.append(Row(quantity=f"{HOUSEHOLD_READING} (an alternative reading, not judged)", period=period,
                    measured=None, article=None, threshold=main_engine, unit="%",
                    note=HOUSEHOLD_MISSING.format(period=period)))
    return rows


def readings_table(consumption: Choice | None, main: verdicts.Verdict, period: str, main_engine: float
                   ) -> pd.DataFrame:
    """The readings of 'a domestic demand-driven growth engine': final consumption's share, which the verdict takes,
    and household consumption's, the alternative a careful reader would try (named as missing: no figure for it)."""
    return pd.DataFrame([
        {"reading": f"{DRIVERS[CONSUMPTION]}'s share of GDP growth", "period": period,
         "share, %": consumption.taken.value if consumption else None, "our threshold, %": main_engine,
         "taken": True, "verdict of the main part": main.label,
         "note": "" if consumption else f"not in the ledger: {share_words(CONSUMPTION, period)}"},
        {"reading": HOUSEHOLD_READING, "period": period, "share, %": None, "our threshold, %": main_engine,
         "taken": False, "verdict of the main part": "not judged: no figure",
         "note": HOUSEHOLD_MISSING.format(period=period)},
    ], columns=["reading", "period", "share, %", "our threshold, %", "taken", "verdict of the main part", "note"])


def point_rows(ledger: Ledger, period: str) -> list[Row]:
    rows = []
    for flow, name in DRIVERS.items():
        figure = ledger.get("CN", "WLD", flow, period, measure="pp_of_growth", currency="CNY")
        if figure is not None:
            rows.append(Row(quantity=f"{name}, contribution to GDP growth", period=period, measured=figure.value,
                            article=None, unit="pp", figure=figure))
    return rows


def indicator_rows(ledger: Ledger, period: str, imports: Choice | None) -> list[Row]:
    """Retail sales and imports: indicators of domestic demand, shown, not judged."""
    rows = []
    retail = ledger.get("CN", "WLD", "retail_sales", period, measure="yoy_pct", currency="CNY")
    if retail is not None:
        rows.append(Row(quantity="retail sales of consumer goods, y/y", period=period, measured=retail.value,
                        article=None, unit="%", figure=retail, note=INDICATOR))
    rows.append(Row(quantity="imports, y/y (customs dollar series)", period=period,
                    measured=imports.taken.value if imports else None, article=None, unit="%",
                    figure=imports.taken.figures[0] if imports and len(imports.taken.figures) == 1 else None,
                    note=f"{imports.taken.name if imports else 'not in the ledger'}; {INDICATOR}: import values move "
                         "with prices and substitution too"))
    if imports is not None:
        rows += [Row(quantity="imports", period=figure.period, measured=figure.value, article=None, unit="US$ bn",
                     figure=figure, note=INDICATOR) for figure in imports.taken.figures if figure.measure == "value"]
    return rows


def shares_chart(shares: dict[str, Choice | None], period: str) -> pd.DataFrame:
    return pd.DataFrame([{"component": DRIVERS[flow], "share": choice.taken.value, "period": period}
                         for flow, choice in shares.items() if choice is not None],
                        columns=["component", "share", "period"])


def import_history(ledger: Ledger, period: str) -> pd.DataFrame:
    """Imports by month over the period (its last twelve months at most; the twelve up to it for one month)."""
    span = parse_period(period)
    return monthly_frame(ledger, "CN", "WLD", "imports", str(span.end), months=min(max(span.months, 12), 24))


@applies("share_of_growth")
@rechecked
def imports_claim(ledger: Ledger, claim_id: str, period: str, export_share: float, consumption_share: float) -> Check:
    """What drove China's GDP growth in `period`, against the article's 'failure to develop a domestic demand-driven
    growth engine' (net exports' share against our `export_share`%, final consumption's against our
    `consumption_share`%); exports for its premise; imports and retail sales as indicators."""
    shares = {flow: share_choice(ledger, flow, period) for flow in DRIVERS}
    net_exports, consumption = (shares[flow].taken.value if shares[flow] else None for flow in (NET_EXPORTS,
                                                                                                 CONSUMPTION))
    exports = yoy_choice(ledger, "CN", "WLD", "exports", period)
    imports = yoy_choice(ledger, "CN", "WLD", "imports", period)
    main = demand_verdict(net_exports, consumption, export_share, consumption_share, period)
    parts = [Part(words=MAIN_WORDS, verdict=main, measured=net_exports, period=period, unit="%", main=True),
             Part(words=PREMISE_WORDS, verdict=premise_verdict(exports, period),
                  measured=exports.taken.value if exports else None, period=period, unit="%", premise=True)]
    judged = [shares[flow] for flow in (NET_EXPORTS, CONSUMPTION) if shares[flow]]
    used: list[Figure] = [figure for choice in judged for figure in choice.taken.figures]
    missing = [share_words(flow, period) for flow in (NET_EXPORTS, CONSUMPTION) if shares[flow] is None]
    history = import_history(ledger, period)
    return Check(
        claim_id=claim_id,
        verdict=combine_parts(parts),
        measured=net_exports,
        unit="%",
        article_value=None,
        threshold=Threshold(label="growth leaning on foreign demand: net exports' share of GDP growth of at least",
                            value=export_share, unit="%"),
        headline=list(shares[NET_EXPORTS].taken.figures) if shares[NET_EXPORTS] else [],
        rows=[*share_rows(shares, period, export_share, consumption_share), *point_rows(ledger, period),
              Row(quantity="exports, y/y (the premise)", period=period,
                  measured=exports.taken.value if exports else None, article=None, unit="%",
                  figure=exports.taken.figures[0] if exports and len(exports.taken.figures) == 1 else None,
                  note=exports.taken.name if exports else "not in the ledger"),
              *indicator_rows(ledger, period, imports)],
        parts=parts,
        figures=used,
        inputs=[*used, *(exports.taken.figures if exports else ())],
        choices=[choice for choice in (*judged, exports, imports) if choice is not None],
        caveats=[
            "The shares of growth are the statistics office's (NBS) contribution rates of final consumption, gross "
            "capital formation and net exports of goods and services, at constant prices; they sum to 100%. The "
            "full-year figures were published in January and February 2026, after the article.",
            "Import values move with prices: a fall in commodity prices lowers them without any change in volumes "
            "or in domestic demand. Imports are shown as an indicator, not as the claim.",
            "Final consumption counts government consumption as well as households'. Household consumption's share of "
            "growth is the other reading a careful reader would try; " + HOUSEHOLD_MISSING.format(period=period)
            + ", so that reading cannot be judged here.",
            caveats.series_used("USD", "the export and import figures here use"),
        ],
        missing=missing,
        method=f"What drove China's GDP growth in {period}: net exports' share of growth against our threshold of "
        f"{export_share:g}% for growth that leans on foreign demand, and final consumption's share against our "
        f"threshold of {consumption_share:g}% for the main engine (the article prints neither number). Each share as "
        "published, or from the three components' contributions in percentage points. Household consumption's share "
        "is the alternative reading of the engine; the ledger has no figure for it. The premise, a trade success, is "
        "read as export growth; retail sales and imports are shown as indicators of domestic demand.",
        chart=shares_chart(shares, period),
        chart_spec={
            "kind": "bars",
            "x": "component",
            "y": "share",
            "period": "period",
            "ylabel": "share of GDP growth, %",
            "title": f"What drove China's GDP growth in {period}: each component's share",
            "reference": export_share,
            "reference_label": f"our threshold for net exports ({export_share:g}%)",
            "reference2": consumption_share,
            "reference2_label": f"our threshold for final consumption ({consumption_share:g}%)",
        },
        extra_tables={"Readings of 'a domestic demand-driven growth engine'":
                      readings_table(shares[CONSUMPTION], main, period, consumption_share),
                      "Imports by month (an indicator, not the claim)": history},
    )
