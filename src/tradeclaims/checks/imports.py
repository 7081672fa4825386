"""'Imports stagnated': China's imports by month and for the year."""

from __future__ import annotations

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.growth import monthly_chart_spec, monthly_frame, yoy_choice
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.ledger.figures import Ledger


@rechecked
def imports_claim(ledger: Ledger, claim_id: str, year: str, band: float) -> Check:
    """Imports 'stagnated' when the year's change is within ±band %."""
    choice = yoy_choice(ledger, "CN", "WLD", "imports", year)
    change, used, how = (choice.taken.value, list(choice.taken.figures), choice.taken.name) if choice else (
        None, [], "missing")
    history = monthly_frame(ledger, "CN", "WLD", "imports", f"{year}-12", months=12)
    rows = [
        Row(
            quantity="imports, y/y",
            period=year,
            measured=change,
            article=None,
            threshold=band,
            unit="%",
            figure=used[0] if len(used) == 1 else None,
            note=f"{how}; 'stagnated' read as a change within ±{band:g}%",
            headline=True,
        )
    ]
    rows += [
        Row(quantity="imports", period=f.period, measured=f.value, article=None, unit="US$ bn", figure=f)
        for f in used
        if f.measure == "value"
    ]
    if change is None:
        missing = [f"China's imports in {year} and a year earlier, or their growth"]
        verdict = verdicts.insufficient(missing)
    else:
        missing = []
        flat = abs(change) <= band
        verdict = verdicts.Verdict(
            verdicts.SUPPORTED if flat else verdicts.NOT_SUPPORTED,
            f"Imports changed {change:+.1f}% in {year} ({how}), {'within' if flat else 'outside'} the ±{band:g}% band "
            "taken as stagnation. Trade figures cannot by themselves show why: weak domestic demand, lower "
            "commodity prices and import substitution all lower imports.",
        )
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=change,
        unit="%",
        article_value=None,
        threshold=Threshold(label="'stagnated': a change within ±", value=band, unit="%"),
        rows=rows,
        figures=used,
        choices=[choice] if choice else [],
        caveats=[
            caveats.USD_VS_CNY,
            "Import values move with prices: a fall in commodity prices lowers them without any "
            "change in volumes or in domestic demand.",
        ],
        missing=missing,
        method=f"China's imports in {year} against a year earlier, and the monthly y/y changes.",
        chart=history.dropna(subset=["yoy_pct"]),
        chart_spec=monthly_chart_spec(f"China's imports in {year}, y/y by month"),
        extra_tables={"Imports by month": history},
    )
