"""Exports to Europe in 2025: the early rise, and October against May and against October 2024."""

from __future__ import annotations

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.growth import monthly_chart_spec, monthly_frame, yoy
from tradeclaims.checks.measures import pct_change
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.periods import months_between


@rechecked
def early_rise_claim(ledger: Ledger, claim_id: str, partner: str, first: str, last: str, threshold: float) -> Check:
    """'rose markedly earlier in the year': the mean y/y change over first..last is at least `threshold`%."""
    history = monthly_frame(ledger, "CN", partner, "exports", f"{last[:4]}-12", months=12, every_month=True)
    window = history[history["month"].isin(months_between(first, last))].dropna(subset=["yoy_pct"])
    wanted = set(months_between(first, last))
    missing = sorted(wanted - set(window["month"]))  # customs combine January and February
    behind = {month: yoy(ledger, "CN", partner, "exports", month)[1] for month in window["month"]}
    rows = [
        Row(
            quantity=f"exports to {ledger.partner_name(partner)}, y/y",
            period=item.month,
            measured=item.yoy_pct,
            article=None,
            unit="%",
            figure=behind[item.month][0] if item.how == "as reported" else None,
            note="" if item.how == "as reported" else item.how,
        )
        for item in window.itertuples()
    ]
    if window.empty:
        verdict, measured = verdicts.insufficient([f"y/y rates of exports to {partner} for {first} to {last}"]), None
    else:
        measured = float(window["yoy_pct"].mean())
        verdict = verdicts.at_least(measured, threshold, "%")
        verdict = verdicts.Verdict(
            verdict.label,
            f"Mean y/y change over the {len(window)} months with figures: {verdict.reason[len('The measured ') :]}",
        )
        span = f"{window['month'].iloc[0]}/{window['month'].iloc[-1]}" if len(window) > 1 else window["month"].iloc[0]
        rows.append(
            Row(
                quantity=f"exports to {ledger.partner_name(partner)}, mean of the monthly y/y changes",
                period=span,
                measured=measured,
                article=None,
                threshold=threshold,
                unit="%",
                note="computed: the mean of the months above",
                headline=True,
            )
        )
    used = [figure for figures in behind.values() for figure in figures]
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit="%",
        article_value=None,
        threshold=Threshold(label="a 'marked' rise: mean y/y growth of at least", value=threshold, unit="%"),
        rows=rows,
        figures=used,
        caveats=[caveats.EUROPE_VS_EU, caveats.USD_VS_CNY, caveats.YOY_REPORTED],
        missing=[f"{m} (y/y)" for m in missing],
        method=f"The mean of the monthly y/y changes of China's exports to {ledger.partner_name(partner)} from "
        f"{first} to {last}, against a 'marked' rise of at least {threshold:g}%.",
        chart=history.dropna(subset=["yoy_pct"]),
        chart_spec=monthly_chart_spec(
            f"China's exports to {ledger.partner_name(partner)} in {last[:4]}, y/y by month",
            reference=threshold,
            reference_label=f"a 'marked' rise (our threshold, {threshold:g}%)",
        ),
        extra_tables={f"Every month of {last[:4]}": history},
    )


@rechecked
def october_vs_may_claim(
    ledger: Ledger, claim_id: str, partner: str, month: str, base_month: str, article_value: float, tolerance: float,
    quote: str = "decreased by 11.3% compared to May",
) -> Check:
    """'October was 11.3% below May, about the level of October 2024'."""
    year_ago = f"{int(month[:4]) - 1}{month[4:]}"
    levels = {m: ledger.get("CN", partner, "exports", m) for m in (base_month, month, year_ago)}
    growth = ledger.get("CN", partner, "exports", month, measure="yoy_pct")
    rows = [
        Row(
            quantity=f"exports to {ledger.partner_name(partner)}",
            period=m,
            measured=f.value if f else None,
            article=None,
            unit="US$ bn",
            figure=f,
            note="" if f else "not in the ledger",
        )
        for m, f in levels.items()
    ]
    if growth:
        rows.append(
            Row(
                quantity=f"exports to {ledger.partner_name(partner)}, y/y as reported",
                period=month,
                measured=growth.value,
                article=None,
                threshold=0.0,
                unit="%",
                figure=growth,
                note="the article's 'roughly on par with a year earlier', read as about 0%",
            )
        )
    missing = [f"level of exports to {partner} in {m} (US$)" for m, f in levels.items() if f is None]
    used = [f for f in (*levels.values(), growth) if f]
    if levels[base_month] and levels[month]:
        measured = pct_change(levels[month].value, levels[base_month].value)
        fall = verdicts.about(measured, article_value, tolerance, "%")
        rows.append(
            Row(
                quantity=f"{month} against {base_month}",
                period=month,
                measured=measured,
                article=article_value,
                unit="%",
                figure=None,
                note="computed",
                headline=True,
            )
        )
    else:
        measured = None
        fall = verdicts.insufficient([f"level of exports to {partner} in {m} (US$)" for m in (base_month, month)
                                      if levels[m] is None])
    if growth:
        on_par = verdicts.about(growth.value, 0.0, tolerance, "%")
        on_par = verdicts.Verdict(on_par.label, f"The reported change on {year_ago} is {growth.value:+.1f}%: the "
                                                f"level was {'about' if on_par.label == verdicts.SUPPORTED else 'not'}"
                                                f" on par with {year_ago} (read as within {tolerance:g} points of 0).")
    else:
        on_par = verdicts.insufficient([f"exports to {partner} in {month}, y/y (or the levels of {month} and "
                                        f"{year_ago})"])
    parts = [Part(words=quote, verdict=fall, measured=measured, period=month, unit="%", main=True),
             Part(words="roughly on par with the levels in October 2024", verdict=on_par,
                  measured=growth.value if growth else None, period=month, unit="%")]
    verdict = combine_parts(parts)
    chart = pd.DataFrame([{"month": m, "level": f.value} for m, f in levels.items() if f])
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit="%",
        article_value=article_value,
        headline=[f for f in (levels[base_month], levels[month]) if f] if measured is not None else [],
        rows=rows,
        figures=used,
        caveats=[caveats.EUROPE_VS_EU, caveats.USD_VS_CNY],
        missing=missing,
        parts=parts,
        method=f"The change from {base_month} to {month} in the level of exports to {ledger.partner_name(partner)}, "
        f"against the article's {article_value:+g}% (tolerance {tolerance:g} points); and the y/y rate for "
        f"{month} against 'roughly on par' with {year_ago}.",
        chart=chart,
        chart_spec={
            "kind": "bars",
            "x": "month",
            "y": "level",
            "period": "month",
            "ylabel": "US$ bn",
            "title": f"China's exports to {ledger.partner_name(partner)}: the months compared",
        },
    )
