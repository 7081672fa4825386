"""Whether the 2025 surge repeats: export growth so far in 2026 against 2025's."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.result import Check, Row, Threshold
from tradeclaims.ledger.figures import Ledger


def outlook_claim(ledger: Ledger, claim_id: str, through: str, base_year: str) -> Check:
    """'The 2025 surge cannot be repeated': 2026 export growth so far against 2025's."""
    base = ledger.get("CN", "WLD", "exports", base_year, measure="yoy_pct")
    spans = [
        p
        for p in ledger.periods("CN", "WLD", "exports", measure="yoy_pct")
        if p.startswith(through[:4]) and p.split("/")[-1] <= through and p.split("/")[0][5:7] == "01"
    ]
    span = max(spans, key=lambda p: p.split("/")[-1]) if spans else None
    current = ledger.get("CN", "WLD", "exports", span, measure="yoy_pct") if span else None
    missing = ([] if base else [f"export growth in {base_year}"]) + (
        [] if current else [f"year-to-date export growth in {through[:4]} up to {through}"]
    )
    rows = [
        Row(quantity="exports, y/y", period=f.period, measured=f.value, article=None, unit="%", figure=f,
            threshold=f.value if f is base else None, headline=f is current,
            note=f"the growth of {base_year}, to be repeated" if f is base else "so far this year")
        for f in (base, current)
        if f
    ]
    groups = []
    for code in ("ASEAN", "EU27", "AFRICA", "LATAM", "US"):
        figure = ledger.get("CN", code, "exports", span, measure="yoy_pct") if span else None
        if figure:
            rows.append(
                Row(
                    quantity=f"exports to {ledger.partner_name(code)}, y/y",
                    period=span,
                    measured=figure.value,
                    article=None,
                    unit="%",
                    figure=figure,
                )
            )
            groups.append({"partner": ledger.partner_name(code), "period": span, "yoy_pct": figure.value})
    used = [f for f in (base, current) if f]
    if missing:
        verdict, measured = verdicts.insufficient(missing), None
    else:
        measured = current.value
        repeated = current.value >= base.value
        verdict = verdicts.Verdict(
            verdicts.NOT_SUPPORTED if repeated else verdicts.SUPPORTED,
            f"Exports grew {current.value:+.1f}% in {span}, against {base.value:+.1f}% in {base_year}: so far the "
            f"growth {'matches or exceeds' if repeated else 'falls short of'} 2025's. A few months of a year are a "
            "weak guide to the whole of it.",
        )
    chart = pd.DataFrame([{"partner": "World", "period": f.period, "yoy_pct": f.value} for f in used] + groups)
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit="%",
        article_value=None,
        threshold=Threshold(label=f"export growth in {base_year}", value=base.value, unit="%") if base else None,
        headline=[current] if current else [],
        rows=rows,
        figures=used,
        caveats=[caveats.USD_VS_CNY, "Early months of a year are affected by the Lunar New Year's timing."],
        missing=missing,
        method=f"China's year-to-date export growth in {through[:4]} up to {through}, against the growth of {base_year}.",
        chart=chart,
        chart_spec={
            "kind": "bars",
            "x": "partner",
            "y": "yoy_pct",
            "hue": "period",
            "period": "period",
            "ylabel": "change on a year earlier, %",
            "title": f"Export growth in {base_year} and so far in {through[:4]}",
        },
    )
