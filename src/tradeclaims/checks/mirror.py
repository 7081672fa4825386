"""China's reported exports to the US against the US Census Bureau's imports from China."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import gap, pct_change
from tradeclaims.checks.result import Check, Row
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.periods import kind_name, parse_period


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


def mirror_claim(ledger: Ledger, claim_id: str, period: str, article_value: float, tolerance: float) -> Check:
    """The collapse of exports to the US seen from the US side: US imports from China, y/y, and the mirror gap."""
    table = mirror_table(ledger)
    earlier = parse_period(period).year_ago().text
    now, before = ledger.get("US", "CN", "imports", period), ledger.get("US", "CN", "imports", earlier)
    china_growth = ledger.get("CN", "US", "exports", period, measure="yoy_pct")
    used = [f for figures in table["figures"] for f in figures] + [f for f in (now, before, china_growth) if f]
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
    if now and before:
        measured = pct_change(now.value, before.value)
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
        verdict = verdicts.nearly(measured, article_value, tolerance)
        missing = []
    else:
        measured = None
        missing = [f"US imports from China in {p} (Census)" for p, f in ((period, now), (earlier, before)) if not f]
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
        headline=[f for f in (now, before) if f],
        rows=rows,
        figures=used,
        caveats=[caveats.MIRROR, caveats.FOB_CIF],
        missing=missing,
        method=f"US imports from China in {period} against {earlier} (US Census Bureau), against the article's "
        f"'nearly {abs(article_value):g}%' fall; and, for every period both sides publish, China's exports "
        "to the US against US imports from China.",
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
