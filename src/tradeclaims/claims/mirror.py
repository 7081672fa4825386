"""China's reported exports to the US against the US Census Bureau's imports from China."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import gap, pct_change
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.checks.rules import applies
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import Month, kind_name, parse_period


def lagged_month(period: str) -> str | None:
    """The month whose US imports hold most of a month's exports from China (shipping takes weeks)."""
    parsed = parse_period(period)
    return str(Month.parse(period).shift(1)) if parsed.kind == "month" else None


def january_to(period: str) -> str | None:
    """January to a month of the same year (None for a January, a span or a year)."""
    parsed = parse_period(period)
    if parsed.kind != "month" or parsed.start.month == 1:
        return None
    return f"{parsed.start.year}-01/{period}"


@dataclass(frozen=True)
class Level:
    """US imports from China in a period: as published, or derived from two published totals (a month as the total
    to it less the total to the month before), with the rounding its figures allow."""

    value: float
    halfwidth: float
    figures: tuple[Figure, ...]
    derived: str = ""  # how it was derived, in words ("the 2025 total (...) less the 2025-01/2025-11 total (...)")


@dataclass(frozen=True)
class Fall:
    """US imports from China in a period against a year earlier, in %, with the ends its levels' rounding allows."""

    value: float | None
    low: float | None = None
    high: float | None = None
    figures: list[Figure] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    levels: dict[str, Level] = field(default_factory=dict)

    @property
    def derived(self) -> dict[str, str]:
        return {period: level.derived for period, level in self.levels.items() if level.derived}


def totals_before(period: str) -> tuple[list[str], str] | None:
    """For a month after January: the periods whose total runs to the month (the year itself for December), and the
    period whose total runs to the month before (January itself for February)."""
    parsed = parse_period(period)
    if parsed.kind != "month" or parsed.start.month == 1:
        return None
    year, previous = parsed.start.year, Month.parse(period).shift(-1)
    through = [f"{year}-01/{period}", *([str(year)] if parsed.start.month == 12 else [])]
    return through, str(previous) if previous.month == 1 else f"{year}-01/{previous}"


def us_level(ledger: Ledger, period: str) -> Level | None:
    """US imports from China (Census) in a period: the published level; else, for a month, the published total to it
    less the published total to the month before, the two figures' rounding added."""
    figure = ledger.get("US", "CN", "imports", period)
    if figure is not None:
        return Level(figure.value, figure.halfwidth, (figure,))
    spans = totals_before(period)
    if spans is None:
        return None
    through, earlier = spans
    total = next((found for text in through if (found := ledger.get("US", "CN", "imports", text))), None)
    before = ledger.get("US", "CN", "imports", earlier)
    if total is None or before is None:
        return None
    words = f"the {total.period} total ({as_published(total)}) less the {before.period} total ({as_published(before)})"
    return Level(total.value - before.value, total.halfwidth + before.halfwidth, (total, before), words)


def as_published(figure: Figure) -> str:
    """A level with the digits its rounding shows, and its source: 'US$308.4 bn, us-lapaas-2026-02'."""
    digits = max(0, round(-math.log10(2 * figure.halfwidth))) if figure.halfwidth else 1
    return f"US${figure.value:,.{digits}f} bn, {figure.source.id}"


def level_missing(period: str) -> str:
    """A level the ledger lacks, and the totals it could be derived from."""
    spans = totals_before(period)
    derivable = f", or the totals to derive it from ({' or '.join(spans[0])}, and {spans[1]})" if spans else ""
    return f"US imports from China in {period} (Census){derivable}"


def bears_out_within(fall: Fall, article_value: float, tolerance: float) -> verdicts.Verdict:
    """The mirror rule on the fall, at its value and at both ends of its rounding: the same verdict at all three, or
    none (the rounding of the levels leaves the figure on both sides of the rule)."""
    verdict = verdicts.bears_out(fall.value, article_value, tolerance)
    at_ends = {verdicts.bears_out(end, article_value, tolerance).label for end in (fall.low, fall.high)}
    interval = f" With its levels' rounding the change lies between {fall.low:+.2f}% and {fall.high:+.2f}%"
    if at_ends != {verdict.label}:
        return verdicts.Verdict(verdicts.INSUFFICIENT, f"{verdict.reason}{interval}: on both sides of the rule, so "
                                                       "the figures cannot settle it.")
    shown = f"{interval}: the same at both ends." if fall.derived else ""
    return verdicts.Verdict(verdict.label, f"{verdict.reason}{shown}")


def mirror_part(ledger: Ledger, words: str, period: str | None, article_value: float, tolerance: float,
                what: str, main: bool = False) -> tuple[Part, list[Figure]]:
    """Whether US imports from China in `period` (against a year earlier) bear the claimed fall out."""
    if period is None:
        return Part(words=words, verdict=verdicts.insufficient([what]), main=main, unit="%"), []
    fall = us_fall(ledger, period)
    if fall.value is None:
        return Part(words=words, verdict=verdicts.insufficient(fall.missing), period=period, main=main, unit="%"), []
    verdict = bears_out_within(fall, article_value, tolerance)
    derived = "".join(f" ({p} derived as {how})" for p, how in fall.derived.items())
    return Part(words=words, verdict=verdicts.Verdict(verdict.label, f"{what}, {period}{derived}: {verdict.reason}"),
                measured=fall.value, period=period, unit="%", main=main), fall.figures


def mirror_table(ledger: Ledger) -> pd.DataFrame:
    """Every period with both China's exports to the US and US imports from China."""
    china = set(ledger.periods("CN", "US", "exports"))
    census = set(ledger.periods("US", "CN", "imports"))
    rows = []
    for period in sorted(china & census):
        exports, imports = ledger.require("CN", "US", "exports", period), ledger.require("US", "CN", "imports", period)
        difference, percent = gap(exports.value, imports.value)
        rows.append(
            {
                "period": period,
                "China's exports to the US": exports.value,
                "US imports from China": imports.value,
                "gap, US$ bn": difference,
                "gap, %": percent,
                "figures": [exports, imports],
            }
        )
    return pd.DataFrame(
        rows, columns=["period", "China's exports to the US", "US imports from China", "gap, US$ bn", "gap, %", "figures"]
    )


def us_fall(ledger: Ledger, period: str) -> Fall:
    """US imports from China in a period against a year earlier (Census levels, published or derived): the change in
    %, its ends given the levels' rounding, the figures, and what is missing."""
    earlier = parse_period(period).year_ago().text
    now, before = us_level(ledger, period), us_level(ledger, earlier)
    if now and before:
        ends = [pct_change(now.value + a * now.halfwidth, before.value + b * before.halfwidth)
                for a in (-1, 1) for b in (-1, 1)]
        return Fall(pct_change(now.value, before.value), min(ends), max(ends), [*now.figures, *before.figures],
                    levels={period: now, earlier: before})
    return Fall(None, missing=[level_missing(p) for p, level in ((period, now), (earlier, before)) if not level])


def whole_year(period: str) -> str | None:
    """The calendar year a shorter period lies in, shown beside it (None for a year or a span across years)."""
    parsed = parse_period(period)
    same_year = parsed.start.year == parsed.end.year and parsed.kind in ("month", "range")
    return str(parsed.end.year) if same_year else None


@applies("bears_out")
@rechecked
def mirror_claim(ledger: Ledger, claim_id: str, period: str, article_value: float, tolerance: float,
                 article_period: str, quote: str = "plummeted by nearly 30%") -> Check:
    """The collapse of exports to the US seen from the US side: US imports from China, y/y, in the period the
    article's figure is about; the whole year beside it; and the mirror gap."""
    table = mirror_table(ledger)
    earlier = parse_period(period).year_ago().text
    fall = us_fall(ledger, period)
    measured, headline, missing = fall.value, fall.figures, list(fall.missing)
    year = whole_year(period)
    year_change = us_fall(ledger, year) if year else Fall(None)
    year_fall, year_figures = year_change.value, year_change.figures
    china_growth = ledger.get("CN", "US", "exports", period, measure="yoy_pct")
    used = [f for figures in table["figures"] for f in figures] + headline + year_figures + \
        ([china_growth] if china_growth else [])
    rows = [
        Row(
            quantity=column,
            period=item["period"],
            measured=item[column],
            article=None,
            unit="US$ bn" if "gap, %" != column else "%",
            figure=item["figures"][0]
            if column.startswith("China")
            else item["figures"][1]
            if column.startswith("US")
            else None,
            note="" if "gap" not in column else "computed",
        )
        for item in table.to_dict("records")
        for column in ("China's exports to the US", "US imports from China", "gap, US$ bn", "gap, %")
    ]
    if china_growth:
        rows.append(
            Row(
                quantity="China's exports to the US, y/y (China's data)",
                period=period,
                measured=china_growth.value,
                article=article_value,
                unit="%",
                figure=china_growth,
            )
        )
    if year_fall is not None:
        rows.append(
            Row(
                quantity="US imports from China, y/y (US data), the whole year",
                period=year,
                measured=year_fall,
                article=None,
                unit="%",
                note=f"beside the headline, not judged: the article's figure is about {article_period}",
            )
        )
    if measured is not None:
        rows.append(
            Row(
                quantity="US imports from China, y/y (US data)",
                period=period,
                measured=measured,
                article=article_value,
                unit="%",
                figure=None,
                note="computed from the two Census levels" + (" (one derived, below)" if fall.derived else ""),
                headline=True,
            )
        )
    lag, span = lagged_month(period), january_to(period)
    main, _ = mirror_part(ledger, quote, period, article_value, tolerance,
                          "US imports from China in the period measured", main=True)
    lagged, lag_figures = mirror_part(ledger, quote, lag, article_value, tolerance,
                                      "US imports from China a month later (shipping time)")
    # January to the month is held against China's own figure for those months (the article's is about one month).
    china_span = ledger.get("CN", "US", "exports", span, measure="yoy_pct") if span else None
    so_far, span_figures = mirror_part(ledger, "plummeted", span if china_span else None,
                                       china_span.value if china_span else article_value, tolerance,
                                       "US imports from China from January, against China's own figure for those "
                                       "months")
    # The month after is a part when the ledger has it; else it is named as missing (it is a reading of the mirror,
    # not an assertion of the article, so its absence does not weaken the verdict).
    parts = [main] + [part for part in (lagged, so_far) if part.measured is not None]
    if lag and lagged.measured is None:
        missing = [*missing, *(f"{item} (the month after, for shipping time)" for item in us_fall(ledger, lag).missing)]
    # the levels derived from two published totals, by period: shown, and said to be derived
    derived = {p: level for p, level in fall.levels.items() if level.derived}
    judged = list(headline)  # the figures of every part judged: the verdict combines the parts, so it rests on them
    for part, figures in ((lagged, lag_figures), (so_far, span_figures)):
        if part.measured is not None:
            when = "a month later" if part is lagged else "from January"
            levels = us_fall(ledger, part.period).levels
            derived.update({p: level for p, level in levels.items() if level.derived})
            rows.append(Row(quantity=f"US imports from China, y/y (US data), {when}",
                            period=part.period, measured=part.measured, article=None, unit="%",
                            note="computed from the two Census levels" + (" (one derived, below)" if any(
                                level.derived for level in levels.values()) else "") + "; a part of the verdict"))
            used += figures
            judged += figures
    for p, level in derived.items():
        rows.append(Row(quantity="US imports from China (US data), derived", period=p, measured=level.value,
                        article=None, unit="US$ bn",
                        note=f"computed, not published: {level.derived}; with both figures' rounding, "
                             f"{level.value - level.halfwidth:,.2f} to {level.value + level.halfwidth:,.2f}"))
    verdict = combine_parts(parts)
    if lag and lagged.measured is None:
        verdict = verdicts.Verdict(verdict.label, f"{verdict.reason} The month after ({lag}), which holds most of "
                                                  f"{period}'s shipments, cannot be compared yet: its US figures are "
                                                  "not in the ledger.")
    if period != article_period:
        verdict = verdicts.Verdict(verdict.label, f"{verdict.reason} The article's figure is about {article_period}.")
    if year_fall is not None:
        verdict = verdicts.Verdict(verdict.label, f"{verdict.reason} Over the whole of {year} US imports from China "
                                                  f"changed by {year_fall:+.1f}% (beside it, not judged).")
    chart = table.drop(columns="figures").melt(
        id_vars="period",
        value_vars=["China's exports to the US", "US imports from China"],
        var_name="reported by",
        value_name="US$ bn",
    )
    chart["kind of period"] = chart["period"].map(kind_name)
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit="%",
        article_value=article_value,
        headline=headline,
        rows=rows,
        figures=used,
        inputs=judged,
        caveats=[caveats.MIRROR, *caveats.MIRROR_GAPS, *(
            f"The ledger has no published figure for US imports from China in {p}: it is derived as {level.derived}, "
            "carrying both figures' rounding. Should the earlier months have been revised between the two releases, "
            "the revision moves into the derived month." for p, level in derived.items())],
        missing=missing,
        parts=parts,
        method=f"Do the partner's own statistics bear the claim out? US imports from China in {period} (the article's "
        f"figure is about {article_period}) against {earlier} (US Census Bureau), read with the known mirror gaps "
        "(valuation, shipping time, Hong Kong and third countries, small parcels): a change the same way at least as "
        f"large as the claimed 'nearly {abs(article_value):g}%' (within a tolerance of ours, {caveats.points(tolerance)}: "
        "the article prints none) bears it out, a smaller one bears out the direction only. The month after "
        "(shipping time) and January to the month are judged the same way; a month the ledger lacks is derived from "
        "two published totals when it can be (the year's total less January-November for December), carrying both "
        "figures' rounding"
        + (f"; the whole of {year} beside it, not judged" if year else "")
        + "; and, for every period both sides publish, China's exports to the US against US imports from China.",
        chart=chart,
        chart_spec={
            "kind": "bars",
            "x": "period",
            "y": "US$ bn",
            "hue": "reported by",
            "period": "period",
            "panel": "kind of period",
            "ylabel": "US$ bn",
            "title": "The same trade seen from each side, by kind of period",
        },
        extra_tables={"Mirror gap by period": table.drop(columns="figures")},
    )
