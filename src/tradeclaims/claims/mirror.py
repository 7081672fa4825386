"""China's reported exports to the US against the US Census Bureau's imports from China."""

from __future__ import annotations

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


def mirror_part(ledger: Ledger, words: str, period: str | None, article_value: float, tolerance: float,
                what: str, main: bool = False) -> tuple[Part, list[Figure]]:
    """Whether US imports from China in `period` (against a year earlier) bear the claimed fall out."""
    if period is None:
        return Part(words=words, verdict=verdicts.insufficient([what]), main=main, unit="%"), []
    fall, figures, missing = us_fall(ledger, period)
    if fall is None:
        return Part(words=words, verdict=verdicts.insufficient(missing), period=period, main=main, unit="%"), []
    verdict = verdicts.bears_out(fall, article_value, tolerance)
    return Part(words=words, verdict=verdicts.Verdict(verdict.label, f"{what}, {period}: {verdict.reason}"),
                measured=fall, period=period, unit="%", main=main), figures


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


def us_fall(ledger: Ledger, period: str) -> tuple[float | None, list[Figure], list[str]]:
    """US imports from China in a period against a year earlier (Census levels): the change in %, the two figures,
    and what is missing."""
    earlier = parse_period(period).year_ago().text
    now, before = ledger.get("US", "CN", "imports", period), ledger.get("US", "CN", "imports", earlier)
    if now and before:
        return pct_change(now.value, before.value), [now, before], []
    return None, [], [f"US imports from China in {p} (Census)" for p, f in ((period, now), (earlier, before)) if not f]


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
    measured, headline, missing = us_fall(ledger, period)
    year = whole_year(period)
    year_fall, year_figures, _ = us_fall(ledger, year) if year else (None, [], [])
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
                note="computed from the two Census levels",
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
        missing = [*missing, *(f"{item} (the month after, for shipping time)" for item in us_fall(ledger, lag)[2])]
    for part, figures in ((lagged, lag_figures), (so_far, span_figures)):
        if part.measured is not None:
            when = "a month later" if part is lagged else "from January"
            rows.append(Row(quantity=f"US imports from China, y/y (US data), {when}",
                            period=part.period, measured=part.measured, article=None, unit="%",
                            note="computed from the two Census levels; a part of the verdict"))
            used += figures
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
        inputs=headline,
        caveats=[caveats.MIRROR, *caveats.MIRROR_GAPS],
        missing=missing,
        parts=parts,
        method=f"Do the partner's own statistics bear the claim out? US imports from China in {period} (the article's "
        f"figure is about {article_period}) against {earlier} (US Census Bureau), read with the known mirror gaps "
        "(valuation, shipping time, Hong Kong and third countries, small parcels): a change the same way at least as "
        f"large as the claimed 'nearly {abs(article_value):g}%' bears it out, a smaller one bears out the direction "
        "only. The month after (shipping time) and January to the month are judged the same way"
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
