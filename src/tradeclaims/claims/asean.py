"""Exports to ASEAN: "increased by 11% ..., exceeding $53 billion, which is more than 50% higher than China's exports to
the U.S. and Europe". Three parts, each judged in the month the article's rate matches, with that month's figures
only: no other month's level stands in for a missing one (another month is shown as context, and said to be one).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import closest, pct_change
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.checks.routes import Choice
from tradeclaims.checks.rules import applies
from tradeclaims.claims.growth import monthly_chart_spec, monthly_frame, yoy_choice
from tradeclaims.ledger.figures import Figure, Ledger

GROWTH_WORDS = "increased by 11%"
LEVEL_WORDS = "exceeding $53 billion"
MARGIN_WORDS = "more than 50% higher than China’s exports to the U.S. and Europe"


@dataclass(frozen=True, kw_only=True)
class Reading:
    """One way of reading 'more than X% higher than the US and Europe': against one partner, or against their sum."""

    label: str
    codes: tuple[str, ...]
    ratio: float | None  # how much more the partner took, %; None when a level is missing
    missing: tuple[str, ...] = ()

    def holds(self, margin: float) -> bool | None:
        return None if self.ratio is None else self.ratio >= margin


def match_months(ledger: Ledger, partner: str, year: int, target: float) -> pd.DataFrame:
    """Every month of the year: level, y/y rate (and how it is known) and the rate's distance from the article's.

    Sorted nearest first; months without a rate come last, with no distance.
    """
    history = monthly_frame(ledger, "CN", partner, "exports", f"{year}-12", months=12, every_month=True)
    history["distance"] = (history["yoy_pct"] - target).abs()
    return history.sort_values(["distance", "month"], na_position="last").reset_index(drop=True)


def level_words(code: str, month: str) -> str:
    return f"the level of China's exports to {code} in {month} (US$ bn)"


def readings(ledger: Ledger, month: str, partner: str, others: list[str]) -> tuple[list[Reading], list[Figure]]:
    """Each reading of the comparison in `month`, from that month's levels only, and the levels found."""
    levels = {code: ledger.get("CN", code, "exports", month) for code in (partner, *others)}
    gaps = {code: level_words(code, month) for code, figure in levels.items() if figure is None}
    found = [figure for figure in levels.values() if figure is not None]
    groups = [(f"against {code}", (code,)) for code in others]
    if len(others) > 1:
        groups.append(("against " + " + ".join(others), tuple(others)))
    result = []
    for label, codes in groups:
        lacking = tuple(gaps[code] for code in (partner, *codes) if code in gaps)
        base = None if lacking else sum(levels[code].value for code in codes)
        if base == 0:
            lacking = (f"a level other than zero for {' + '.join(codes)} in {month}",)
        ratio = None if lacking else pct_change(levels[partner].value, base)
        result.append(Reading(label=label, codes=codes, ratio=ratio, missing=lacking))
    return result, found


def margin_verdict(found: list[Reading], margin: float, month: str) -> verdicts.Verdict:
    """'More than X% higher': supported when every reading holds, not supported when none does, partly otherwise.
    A reading without figures could go either way: with some missing, only a mix of readings that hold and readings
    that fail settles anything (partly); else the figures cannot decide."""
    judged = [reading for reading in found if reading.ratio is not None]
    lacking = sorted({text for reading in found for text in reading.missing})
    shown = "; ".join(f"{reading.label}: {reading.ratio:+.1f}%" for reading in judged)
    holds = [reading.holds(margin) for reading in judged]
    if not found:
        return verdicts.Verdict(verdicts.INSUFFICIENT, "There is no other partner to compare with.")
    text = (f"In {month}, 'more than {margin:g}% higher' holds {sum(holds)} of {len(judged)} readings with figures"
            f"{f' ({shown})' if shown else ''}")
    if lacking and not judged:
        return verdicts.Verdict(verdicts.INSUFFICIENT, f"No reading can be computed in {month}: the ledger lacks "
                                f"{'; '.join(lacking)}.")
    if lacking:
        missing = f"; the ledger lacks {'; '.join(lacking)}"
        if any(holds) and not all(holds):
            return verdicts.Verdict(verdicts.PARTLY, f"{text}{missing}.")
        return verdicts.Verdict(verdicts.INSUFFICIENT, f"{text}{missing}, so the readings cannot be settled.")
    label = verdicts.SUPPORTED if all(holds) else verdicts.PARTLY if any(holds) else verdicts.NOT_SUPPORTED
    return verdicts.Verdict(label, f"{text}.")


def level_verdict(level: Figure | None, article_level: float, partner: str, month: str) -> verdicts.Verdict:
    if level is None:
        return verdicts.insufficient([level_words(partner, month)])
    verdict = verdicts.at_least(level.value, article_level, "USD bn", bound=None)
    return verdicts.Verdict(verdict.label, f"In {month}: {verdict.reason}")


def context_month(ledger: Ledger, partner: str, others: list[str], table: pd.DataFrame, month: str) -> str | None:
    """The latest month of the year, other than `month`, with every level: shown as context, never judged."""
    for candidate in sorted(table["month"], reverse=True):
        if candidate != month and all(ledger.get("CN", code, "exports", candidate) for code in (partner, *others)):
            return candidate
    return None


def comparison_rows(found: list[Reading], partner: str, month: str, margin: float | None, note: str = "computed"
                    ) -> list[Row]:
    return [Row(quantity=f"{partner} {reading.label}", period=month, measured=reading.ratio, article=margin,
                unit="%", figure=None, note=note if reading.ratio is not None else "; ".join(reading.missing))
            for reading in found]


def readings_table(found: list[Reading], month: str, margin: float, judged: bool) -> pd.DataFrame:
    return pd.DataFrame([{"month": month, "comparison": reading.label, "ASEAN more by %": reading.ratio,
                          "holds": reading.holds(margin), "judged": judged,
                          "missing": "; ".join(reading.missing)} for reading in found],
                        columns=["month", "comparison", "ASEAN more by %", "holds", "judged", "missing"])


def month_choices(ledger: Ledger, partner: str, months: list[str]) -> list[Choice]:
    """The route taken to each month's rate (the month matched depends on every one of them)."""
    return [choice for month in months if (choice := yoy_choice(ledger, "CN", partner, "exports", month))]


@applies("about")
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
    """The month whose rate is nearest the article's, then its level and its comparison with the others, all from
    that month's figures."""
    others_list = [code for code in dict.fromkeys(others.split(",")) if code and code != partner]
    every_month = match_months(ledger, partner, year, article_growth)
    table = every_month.dropna(subset=["yoy_pct"])
    if table.empty:
        missing = [f"y/y rates of exports to {partner} in {year}"]
        return Check(claim_id=claim_id, verdict=verdicts.insufficient(missing), measured=None, unit="%",
                     article_value=article_growth, missing=missing,
                     extra_tables={f"Every month of {year}": every_month})
    month, _distance = closest(dict(zip(table["month"], table["yoy_pct"], strict=True)), article_growth)
    choices = month_choices(ledger, partner, sorted(table["month"]))
    matched = next(choice for choice in choices if choice.quantity.endswith(f", {month}"))
    growth, behind = matched.taken.value, list(matched.taken.figures)
    level = ledger.get("CN", partner, "exports", month)
    found, levels = readings(ledger, month, partner, others_list)
    parts = [
        Part(words=GROWTH_WORDS, verdict=verdicts.about(growth, article_growth, tolerance, "%",
                                                        halfwidth=matched.taken.halfwidth),
             measured=growth, period=month, unit="%", main=True),
        Part(words=LEVEL_WORDS, verdict=level_verdict(level, article_level, partner, month),
             measured=level.value if level else None, period=month, unit="US$ bn"),
        Part(words=MARGIN_WORDS, verdict=margin_verdict(found, article_margin, month),
             measured=next((reading.ratio for reading in found if reading.ratio is not None), None), period=month,
             unit="%"),
    ]
    name = ledger.partner_name(partner)
    rows = [Row(quantity=f"exports to {name}, y/y", period=month, measured=growth, article=article_growth, unit="%",
                figure=behind[0] if len(behind) == 1 else None,
                note=f"the month closest to the article ({matched.taken.name})", headline=True),
            Row(quantity=f"exports to {name}", period=month, measured=level.value if level else None,
                article=article_level, unit="US$ bn", figure=level, note="" if level else "not in the ledger"),
            *comparison_rows(found, partner, month, article_margin)]
    missing = sorted({text for reading in found for text in reading.missing} | (
        set() if level else {level_words(partner, month)}))
    other_month = context_month(ledger, partner, others_list, table, month)
    context, context_figures = ([], [])
    if other_month:
        context, context_figures = readings(ledger, other_month, partner, others_list)
        rows.append(Row(quantity=f"exports to {name} in another month (context, not judged)", period=other_month,
                        measured=ledger.get("CN", partner, "exports", other_month).value, article=None,
                        unit="US$ bn", figure=ledger.get("CN", partner, "exports", other_month),
                        note=f"{other_month}, not {month}: shown for context, not judged"))
        rows += comparison_rows(context, partner, other_month, None,
                                note=f"{other_month}, not {month}: context, not judged")
    return Check(
        claim_id=claim_id,
        verdict=combine_parts(parts),
        measured=growth,
        unit="%",
        article_value=article_growth,
        headline=behind,
        rows=rows,
        parts=parts,
        figures=[*behind, *levels, *context_figures],
        inputs=[*behind, *levels],
        choices=choices,
        caveats=[caveats.USD_VS_CNY, caveats.EUROPE_VS_EU, caveats.YOY_REPORTED],
        missing=missing,
        method=f"Every month of {year} with a y/y rate for exports to {name} is compared with the article's "
        f"{article_growth:+g}%; the closest month is then checked, with that month's figures only, for a level over "
        f"US${article_level:g} bn and for being more than {article_margin:g}% above exports to "
        f"{' and '.join(others_list) or 'no other partner'}, each and combined. A figure missing in that month is named "
        "as missing: another month's level never stands in for it (one is shown for context, marked as such).",
        chart=table.sort_values("month"),
        chart_spec=monthly_chart_spec(
            f"China's exports to {name}, y/y by month of {year}",
            highlight=month,
            reference=article_growth,
            reference_label="article's rate",
        ),
        extra_tables={
            f"Every month of {year}, nearest the article's rate first": every_month,
            f"'More than {article_margin:g}% higher', each way it can be read, in {month}":
                readings_table(found, month, article_margin, True),
            **({f"The same readings in {other_month}, for context (another month: not judged)":
                readings_table(context, other_month, article_margin, False)} if other_month else {}),
        },
    )
