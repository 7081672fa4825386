"""'Imports stagnated': China's imports by month and for the year."""

from __future__ import annotations

from .. import caveats, verdicts
from ..check import Check, Row
from ..ledger import Ledger
from .growth import monthly_frame, yoy


def imports_claim(ledger: Ledger, claim_id: str, year: str, band: float) -> Check:
    """Imports 'stagnated' when the year's change is within ±band %."""
    change, used, how = yoy(ledger, "CN", "WLD", "imports", year)
    history = monthly_frame(ledger, "CN", "WLD", "imports", f"{year}-12", months=12)
    rows = [Row("imports, y/y", year, change, 0.0, "%", used[0] if len(used) == 1 else None, how)]
    rows += [Row("imports", f.period, f.value, None, "US$ bn", f) for f in used if f.measure == "value"]
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
            "commodity prices and import substitution all lower imports.")
    return Check(
        claim_id, verdict, change, "%", 0.0, rows, used,
        [caveats.USD_VS_CNY, "Import values move with prices: a fall in commodity prices lowers them without any "
         "change in volumes or in domestic demand."], missing,
        method=f"China's imports in {year} against a year earlier, and the monthly y/y changes.",
        chart=history.dropna(subset=["yoy_pct"]),
        chart_spec={"kind": "monthly_bars", "x": "month", "y": "yoy_pct", "ylabel": "change on a year earlier, %",
                    "title": f"China's imports in {year}, y/y by month"},
        extra_tables={"Imports by month": history})
