"""Countries' own statistics on goods from China (Mexico, Indonesia)."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.periods import kind_name


@rechecked
def surge_claim(ledger: Ledger, claim_id: str, countries: str, surge: float) -> Check:
    """'Face a surge of Chinese goods': each country's imports from China (its own data) grew at least `surge`%."""
    rows, used, table, parts, missing, headline, growths = [], [], [], [], [], [], []
    for country in countries.split(","):
        name = ledger.partner_name(country)
        china_side = ledger.get("CN", country, "exports", "2025")
        if china_side:
            rows.append(
                Row(
                    quantity=f"China's exports to {name} (China's data)",
                    period="2025",
                    measured=china_side.value,
                    article=None,
                    unit="US$ bn",
                    figure=china_side,
                )
            )
            used.append(china_side)
        flow, series = "imports", ""
        periods = [p for p in ledger.periods(country, "CN", flow, measure="yoy_pct") if p.startswith("2025")]
        if not periods:  # some statistics offices (BPS) headline non-oil-and-gas imports: use them, labelled as such
            flow, series = "imports_non_oil_gas", " (non-oil-and-gas)"
            periods = [p for p in ledger.periods(country, "CN", flow, measure="yoy_pct") if p.startswith("2025")]
        if not periods:
            missing.append(f"{name}'s imports from China in 2025 (its own data)")
            parts.append(verdicts.insufficient([f"{name}'s imports from China in 2025"]))
            continue
        period = max(periods, key=lambda p: (p == "2025", p))  # the full year when published, else the latest span
        growth = ledger.require(country, "CN", flow, period, measure="yoy_pct")
        level = ledger.get(country, "CN", flow, period)
        used += [growth] + ([level] if level else [])
        growths.append(growth)
        rows.append(
            Row(
                quantity=f"{name}'s imports{series} from China, y/y ({name}'s data)",
                period=period,
                measured=growth.value,
                article=None,
                threshold=surge,
                unit="%",
                figure=growth,
                headline=not table,
            )
        )
        headline = headline or [growth]
        if level:
            rows.append(
                Row(
                    quantity=f"{name}'s imports{series} from China",
                    period=period,
                    measured=level.value,
                    article=None,
                    unit="US$ bn",
                    figure=level,
                )
            )
        table.append({"country": f"{name}, {period}", "period": period, "kind of period": kind_name(period),
                      "imports from China, y/y %": growth.value})
        verdict = verdicts.at_least(growth.value, surge, "%")
        parts.append(
            verdicts.Verdict(
                verdict.label,
                f"{name}: imports{series} from China {growth.value:+.1f}% in {period} against a 'surge' of {surge:g}%.",
            )
        )
        if not china_side:
            missing.append(f"China's exports to {name} in 2025 (China's data)")
    verdict = verdicts.combine(parts)
    first = table[0]["imports from China, y/y %"] if table else None
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=first,
        unit="%",
        article_value=None,
        threshold=Threshold(label="growth taken as a surge", value=surge, unit="%"),
        headline=headline,
        rows=rows,
        figures=used,
        inputs=growths,
        caveats=[caveats.MIRROR, caveats.FOB_CIF],
        missing=missing,
        method="Each country's own statistics of its imports from China, against a growth of at least "
        f"{surge:g}% taken as a surge. The headline figure is the first country's.",
        chart=pd.DataFrame(table),
        chart_spec={
            "kind": "bars",
            "x": "country",
            "y": "imports from China, y/y %",
            "hue": "kind of period",
            "period": "period",
            "ylabel": "change on a year earlier, %",
            "reference": surge,
            "reference_label": f"a 'surge' (our threshold, {surge:g}%)",
            "title": "Imports from China in the partners' own statistics",
        },
    )
