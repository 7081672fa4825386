"""India's trade deficit with China: India's fiscal-year figures beside China's calendar-year ones."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import closest
from tradeclaims.checks.result import Check, Row
from tradeclaims.checks.totals import level
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.periods import kind_name


def deficit_table(ledger: Ledger) -> pd.DataFrame:
    """India's deficit with China for every period either side publishes (deficit as a positive size)."""
    rows = []
    for reporter, partner, sign, side in (("IN", "CN", -1, "India's data"), ("CN", "IN", 1, "China's data")):
        periods = {key[3] for key in ledger.keys(reporter=reporter, partner=partner, measure="value")}
        for period in sorted(periods):
            value, figure, used = level(ledger, reporter, partner, "balance", period)
            if value is None:
                continue
            rows.append(
                {
                    "period": period,
                    "reported by": side,
                    "deficit": sign * value,
                    "source": figure.source.id if figure else "computed: imports minus exports",
                    "kind of period": kind_name(period),
                    "publishers": "; ".join(sorted({figure.source.publisher for figure in used})),
                    "figures": used,
                }
            )
    columns = ["period", "reported by", "deficit", "source", "kind of period", "publishers", "figures"]
    return pd.DataFrame(rows, columns=columns)


def india_deficit_claim(
    ledger: Ledger,
    claim_id: str,
    period: str,
    base_period: str,
    article_value: float,
    article_base: float,
    article_period: str,
    article_base_period: str,
    tolerance: float,
) -> Check:
    """'widened to nearly X from Y': both sizes, then which periods the article's figures really match."""
    table = deficit_table(ledger)
    india = table[table["reported by"] == "India's data"].set_index("period")
    missing = [f"India's balance with China for {p}" for p in (period, base_period) if p not in india.index]
    rows = [
        Row(
            quantity="India's deficit with China (India's data)",
            period=p,
            measured=india.loc[p, "deficit"],
            article=target,
            unit="US$ bn",
            figure=india.loc[p, "figures"][0] if india.loc[p, "source"] != "computed: imports minus exports" else None,
            note="" if india.loc[p, "source"] != "computed: imports minus exports" else "computed: imports minus exports",
            headline=p == period,
        )
        for p, target in ((base_period, article_base), (period, article_value))
        if p in india.index
    ]
    for p in (base_period, period):
        for flow in ("exports", "imports"):
            figure = ledger.get("IN", "CN", flow, p)
            if figure:
                rows.append(
                    Row(
                        quantity=f"India's {flow} {'to' if flow == 'exports' else 'from'} China",
                        period=p,
                        measured=figure.value,
                        article=None,
                        unit="US$ bn",
                        figure=figure,
                    )
                )
    china = table[table["reported by"] == "China's data"]
    for item in china.itertuples():
        rows.append(
            Row(
                quantity="China's surplus with India (China's data)",
                period=item.period,
                measured=item.deficit,
                article=None,
                unit="US$ bn",
                figure=item.figures[0] if len(item.figures) == 1 else None,
                note="calendar year, China's customs" if "/" not in item.period else "China's customs",
            )
        )
    used = [figure for figures in table["figures"] for figure in figures]
    chart = table.drop(columns="figures").sort_values(["kind of period", "period"], key=by_kind)
    if missing:
        return Check(
            claim_id=claim_id,
            verdict=verdicts.insufficient(missing),
            measured=None,
            unit="US$ bn",
            article_value=article_value,
            rows=rows,
            figures=used,
            caveats=[caveats.FISCAL_YEAR, caveats.MIRROR],
            missing=missing,
            chart=chart,
            chart_spec=chart_spec(article_value, article_base, article_period, article_base_period, table),
        )
    current, base = india.loc[period, "deficit"], india.loc[base_period, "deficit"]
    parts = [
        verdicts.nearly(current, article_value, tolerance, "US$ bn"),
        verdicts.about(base, article_base, tolerance, "US$ bn"),
    ]
    candidates = {f"{row.period} ({row['reported by']})": row.deficit for _, row in table.iterrows()}
    match_current, _ = closest(candidates, article_value)
    match_base, _ = closest(candidates, article_base)
    labels_right = match_current.startswith(article_period) and match_base.startswith(article_base_period)
    numbers = verdicts.combine(parts)
    note = (
        f" The article's 'nearly {article_value:g}' is closest to {match_current} and its {article_base:g} to "
        f"{match_base}, while the article dates them '{article_period}' and '{article_base_period}'."
    )
    if numbers.label == verdicts.SUPPORTED and not labels_right:
        verdict = verdicts.Verdict(
            verdicts.PARTLY, "The sizes match India's figures, but for other periods than the article names." + note
        )
    else:
        verdict = verdicts.Verdict(numbers.label, numbers.reason + note)
    matches = pd.DataFrame(
        [
            {"article's figure": article_value, "article's period": article_period, "closest published": match_current},
            {"article's figure": article_base, "article's period": article_base_period, "closest published": match_base},
        ]
    )
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=current,
        unit="US$ bn",
        article_value=article_value,
        headline=list(india.loc[period, "figures"]),
        rows=rows,
        figures=used,
        missing=[],
        caveats=[caveats.FISCAL_YEAR, caveats.MIRROR, caveats.FOB_CIF],
        method=f"India's deficit with China in India's data for {period} against 'nearly {article_value:g}' "
        f"(tolerance {tolerance:g} bn) and for {base_period} against {article_base:g}; then every "
        "published period, from either country, is matched to the article's two figures.",
        chart=chart,
        chart_spec=chart_spec(article_value, article_base, article_period, article_base_period, table),
        extra_tables={
            "Which periods the article's figures match": matches,
            "Every published deficit": table.drop(columns="figures"),
        },
    )


PANEL_ORDER = [kind_name(example) for example in ("FY2024-25", "2024", "2024-04/2024-10", "2025-03")]


def by_kind(column: pd.Series) -> pd.Series:
    """Sort key: fiscal years, calendar years, parts of a year, single months; periods in their own order."""
    return column.map(PANEL_ORDER.index) if column.name == "kind of period" else column


def chart_spec(article_value: float, article_base: float, article_period: str, article_base_period: str,
               table: pd.DataFrame) -> dict:
    """One panel per kind of period (fiscal years, calendar years, parts of a year, months): never side by side.
    A period the article names but no one has published gets its place on the axis, marked as having no figure."""
    absent: dict[str, list[str]] = {}
    for named in (article_period, article_base_period):
        if named not in set(table["period"]) and kind_name(named) in set(table["kind of period"]):
            absent.setdefault(kind_name(named), []).append(named)
    return {
        "kind": "bars",
        "x": "period",
        "y": "deficit",
        "hue": "reported by",
        "period": "period",
        "panel": "kind of period",
        "ylabel": "US$ bn",
        "title": "India's trade deficit with China, by kind of period and by who reports it",
        "reference": article_value,
        "reference_label": f"article's 'nearly {article_value:g}' (for {article_period})",
        "reference2": article_base,
        "reference2_label": f"article's {article_base:g} (for {article_base_period})",
        "reference_panels": PANEL_ORDER[:2],
        "absent": absent,
    }
