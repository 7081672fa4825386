"""Exports to ASEAN: which month the article's '+11%, over $53 billion' matches, and the '50% more' comparison."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.growth import monthly_chart_spec, monthly_frame, yoy
from tradeclaims.checks.measures import closest, pct_change
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.ledger.figures import Ledger


def match_months(ledger: Ledger, partner: str, year: int, target: float) -> pd.DataFrame:
    """Every month of the year: level, y/y rate (and how it is known) and the rate's distance from the article's.

    Sorted nearest first; months without a rate come last, with no distance.
    """
    history = monthly_frame(ledger, "CN", partner, "exports", f"{year}-12", months=12, every_month=True)
    history["distance"] = (history["yoy_pct"] - target).abs()
    return history.sort_values(["distance", "month"], na_position="last").reset_index(drop=True)


def comparison(ledger: Ledger, month: str, partner: str, others: list[str]) -> dict[str, float] | None:
    levels = {code: ledger.get("CN", code, "exports", month) for code in (partner, *others)}
    if any(figure is None for figure in levels.values()):
        return None
    ratios = {f"against {code}": pct_change(levels[partner].value, levels[code].value) for code in others}
    ratios["against " + " + ".join(others)] = pct_change(levels[partner].value, sum(levels[code].value for code in others))
    return ratios


@rechecked
def asean_claim(
    ledger: Ledger,
    claim_id: str,
    partner: str,
    year: int,
    article_growth: float,
    article_level: float,
    article_margin: float,
    others: str,
    tolerance: float,
) -> Check:
    others_list = others.split(",")
    every_month = match_months(ledger, partner, year, article_growth)
    table = every_month.dropna(subset=["yoy_pct"])
    if table.empty:
        missing = [f"y/y rates of exports to {partner} in {year}"]
        return Check(
            claim_id=claim_id,
            verdict=verdicts.insufficient(missing),
            measured=None,
            unit="%",
            article_value=article_growth,
            missing=missing,
        )
    month, _distance = closest(dict(zip(table["month"], table["yoy_pct"], strict=True)), article_growth)
    growth = float(table.loc[table["month"] == month, "yoy_pct"].iloc[0])
    parts = [verdicts.about(growth, article_growth, tolerance, "%")]
    level = ledger.get("CN", partner, "exports", month)
    _, behind, how = yoy(ledger, "CN", partner, "exports", month)
    rows = [
        Row(
            quantity=f"exports to {ledger.partner_name(partner)}, y/y",
            period=month,
            measured=growth,
            article=article_growth,
            unit="%",
            figure=behind[0] if how == "as reported" else None,
            note=f"the month closest to the article ({how})",
            headline=True,
        )
    ]
    missing = []
    if level:
        parts.append(verdicts.at_least(level.value, article_level, "USD bn"))
        rows.append(
            Row(
                quantity=f"exports to {ledger.partner_name(partner)}",
                period=month,
                measured=level.value,
                article=article_level,
                unit="US$ bn",
                figure=level,
            )
        )
    else:
        missing.append(f"level of exports to {partner} in {month}")
        parts.append(verdicts.insufficient([f"the level of exports to {partner} in {month}"]))
    months_with_levels = [m for m in sorted(table["month"], reverse=True) if comparison(ledger, m, partner, others_list)]
    compared_month = month if month in months_with_levels else (months_with_levels[0] if months_with_levels else None)
    ratio_rows = []
    if compared_month:
        for label, ratio in comparison(ledger, compared_month, partner, others_list).items():
            ratio_rows.append(
                {"month": compared_month, "comparison": label, "ASEAN more by %": ratio, "holds": ratio >= article_margin}
            )
            rows.append(
                Row(
                    quantity=f"{partner} {label}",
                    period=compared_month,
                    measured=ratio,
                    article=article_margin,
                    unit="%",
                    figure=None,
                    note="computed",
                )
            )
        holds = [row["holds"] for row in ratio_rows]
        label = verdicts.SUPPORTED if all(holds) else verdicts.PARTLY if any(holds) else verdicts.NOT_SUPPORTED
        note = "" if compared_month == month else f" (levels for {month} are missing; {compared_month} is used)"
        parts.append(
            verdicts.Verdict(
                label,
                f"'More than {article_margin:g}% higher' holds {sum(holds)} of {len(holds)} ways it can be read{note}.",
            )
        )
    else:
        missing.append(f"levels of exports to {', '.join(others_list)} in any month with an ASEAN level")
    verdict = verdicts.combine(parts)
    used = [f for m in table["month"] for f in yoy(ledger, "CN", partner, "exports", m)[1]]
    compared = [ledger.get("CN", code, "exports", compared_month) for code in (partner, *others_list)] if (
        compared_month) else []
    used += compared
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=growth,
        unit="%",
        article_value=article_growth,
        headline=behind,
        rows=rows,
        figures=used,
        inputs=[*behind, *([level] if level else []), *compared],
        caveats=[caveats.USD_VS_CNY, caveats.EUROPE_VS_EU, caveats.YOY_REPORTED],
        missing=missing,
        method=f"Every month of {year} with a y/y rate for exports to {ledger.partner_name(partner)} is compared with "
        f"the article's {article_growth:+g}%; the closest month is then checked for a level over "
        f"US${article_level:g} bn and for being more than {article_margin:g}% above exports to "
        f"{' and '.join(others_list)}, each and combined.",
        chart=table.sort_values("month"),
        chart_spec=monthly_chart_spec(
            f"China's exports to {ledger.partner_name(partner)}, y/y by month of {year}",
            highlight=month,
            reference=article_growth,
            reference_label="article's rate",
        ),
        extra_tables={
            f"Every month of {year}, nearest the article's rate first": every_month,
            "'More than 50% higher', each way it can be read": pd.DataFrame(ratio_rows),
        },
    )
