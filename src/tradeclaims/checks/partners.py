"""Countries' own statistics on goods from China (Mexico, Indonesia), and the 2026 outlook."""

from __future__ import annotations

import pandas as pd

from .. import caveats, verdicts
from ..check import Check, Row
from ..ledger import Ledger


def surge_claim(ledger: Ledger, claim_id: str, countries: str, surge: float) -> Check:
    """'Face a surge of Chinese goods': each country's imports from China (its own data) grew at least `surge`%."""
    rows, used, table, parts, missing = [], [], [], [], []
    for country in countries.split(","):
        name = ledger.partner_name(country)
        china_side = ledger.get("CN", country, "exports", "2025")
        if china_side:
            rows.append(Row(f"China's exports to {name} (China's data)", "2025", china_side.value, None, "US$ bn",
                            china_side))
            used.append(china_side)
        periods = [p for p in ledger.periods(country, "CN", "imports", measure="yoy_pct") if p.startswith("2025")]
        if not periods:
            missing.append(f"{name}'s imports from China in 2025 (its own data)")
            parts.append(verdicts.insufficient([f"{name}'s imports from China in 2025"]))
            continue
        period = max(periods, key=lambda p: (p == "2025", p))  # the full year when published, else the latest span
        growth = ledger.require(country, "CN", "imports", period, measure="yoy_pct")
        level = ledger.get(country, "CN", "imports", period)
        used += [growth] + ([level] if level else [])
        rows.append(Row(f"{name}'s imports from China, y/y ({name}'s data)", period, growth.value, surge, "%", growth))
        if level:
            rows.append(Row(f"{name}'s imports from China", period, level.value, None, "US$ bn", level))
        table.append({"country": name, "period": period, "imports from China, y/y %": growth.value})
        verdict = verdicts.at_least(growth.value, surge, "%")
        parts.append(verdicts.Verdict(verdict.label, f"{name}: imports from China {growth.value:+.1f}% in {period} "
                                      f"against a 'surge' of {surge:g}%."))
        if not china_side:
            missing.append(f"China's exports to {name} in 2025 (China's data)")
    verdict = verdicts.combine(parts)
    first = table[0]["imports from China, y/y %"] if table else None
    return Check(
        claim_id, verdict, first, "%", surge, rows, used, [caveats.MIRROR, caveats.FOB_CIF], missing,
        method=("Each country's own statistics of its imports from China, against a growth of at least "
                f"{surge:g}% taken as a surge. The headline figure is the first country's."),
        chart=pd.DataFrame(table), chart_spec={"kind": "bars", "x": "country", "y": "imports from China, y/y %",
                                               "ylabel": "change on a year earlier, %", "reference": surge,
                                               "reference_label": "a 'surge'",
                                               "title": "Imports from China in the partners' own statistics"})


def outlook_claim(ledger: Ledger, claim_id: str, through: str, base_year: str) -> Check:
    """'The 2025 surge cannot be repeated': 2026 export growth so far against 2025's."""
    base = ledger.get("CN", "WLD", "exports", base_year, measure="yoy_pct")
    spans = [p for p in ledger.periods("CN", "WLD", "exports", measure="yoy_pct")
             if p.startswith(through[:4]) and p.split("/")[-1] <= through and p.split("/")[0][5:7] == "01"]
    span = max(spans, key=lambda p: p.split("/")[-1]) if spans else None
    current = ledger.get("CN", "WLD", "exports", span, measure="yoy_pct") if span else None
    missing = ([] if base else [f"export growth in {base_year}"]) + \
              ([] if current else [f"year-to-date export growth in {through[:4]} up to {through}"])
    rows = [Row("exports, y/y", f.period, f.value, None, "%", f) for f in (base, current) if f]
    groups = []
    for code in ("ASEAN", "EU27", "AFRICA", "LATAM", "US"):
        figure = ledger.get("CN", code, "exports", span, measure="yoy_pct") if span else None
        if figure:
            rows.append(Row(f"exports to {ledger.partner_name(code)}, y/y", span, figure.value, None, "%", figure))
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
            "weak guide to the whole of it.")
    chart = pd.DataFrame([{"partner": "World", "period": f.period, "yoy_pct": f.value} for f in used] + groups)
    return Check(
        claim_id, verdict, measured, "%", base.value if base else None, rows, used,
        [caveats.USD_VS_CNY, "Early months of a year are affected by the Lunar New Year's timing."], missing,
        method=f"China's year-to-date export growth in {through[:4]} up to {through}, against the growth of {base_year}.",
        chart=chart, chart_spec={"kind": "bars", "x": "partner", "y": "yoy_pct", "hue": "period",
                                 "ylabel": "change on a year earlier, %",
                                 "title": f"Export growth in {base_year} and so far in {through[:4]}"})
