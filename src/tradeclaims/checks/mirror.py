"""China's reported exports to the US against the US Census Bureau's imports from China."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import gap, pct_change
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import kind_name, parse_period


def period_verdict(measured: float, article_value: float, tolerance: float, period: str, article_period: str,
                   year: str | None, year_fall: float | None) -> verdicts.Verdict:
    """'nearly X' on the period measured (by default the one the article's figure is about); the whole year is named
    beside it, never judged."""
    verdict = verdicts.nearly(measured, article_value, tolerance)
    which = ("the period the article's figure is about" if period == article_period
             else f"while the article's figure is about {article_period}")
    beside = "" if year_fall is None else (
        f" Over the whole of {year} US imports from China changed by {year_fall:+.1f}%: "
        f"{'close to' if verdicts.nearly(year_fall, article_value, tolerance).label == verdicts.SUPPORTED else 'unlike'}"
        f" the article's figure, but the whole year is not the period the article speaks of.")
    return verdicts.Verdict(verdict.label, f"In {period}, {which}: {verdict.reason[0].lower()}{verdict.reason[1:]}"
                                           f"{beside}")


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


@rechecked
def mirror_claim(ledger: Ledger, claim_id: str, period: str, article_value: float, tolerance: float,
                 article_period: str) -> Check:
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
        verdict = period_verdict(measured, article_value, tolerance, period, article_period, year, year_fall)
    else:
        verdict = verdicts.insufficient(missing)
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
        caveats=[caveats.MIRROR, caveats.FOB_CIF],
        missing=missing,
        method=f"US imports from China in {period} (the article's figure is about {article_period}) against {earlier} "
        f"(US Census Bureau), against the article's 'nearly {abs(article_value):g}%' fall"
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
