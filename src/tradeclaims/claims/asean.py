"""Exports to ASEAN: "increased by 11% ..., exceeding $53 billion, which is more than 50% higher than China's exports to
the U.S. and Europe". Three parts. The rate and the level are judged in the month the article's rate matches, with
that month's figures only: no other month's level stands in for a missing one. The margin is a ratio between
partners, which moves little from month to month: when the month lacks a level it needs, the margin is judged instead
in the nearest months of the year with every level and over the longest span from January with levels, and the page
says so.
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
from tradeclaims.ledger.periods import Month

GROWTH_WORDS = "increased by 11%"
LEVEL_WORDS = "exceeding $53 billion"
MARGIN_WORDS = "more than 50% higher than China’s exports to the U.S. and Europe"
SERIES = ("USD", "CNY")  # a ratio between two partners' levels is the same in either series, if both are in one
SERIES_WORDS = {"USD": "dollar series", "CNY": "yuan series"}


@dataclass(frozen=True, kw_only=True)
class Reading:
    """One way of reading 'more than X% higher than the US and Europe', or one comparison it is made of: how much more
    the partner took than one other partner, or than several together. `ratio` is None when a level it needs is
    missing; with `missing` set and a ratio, the ratio leaves out the levels named there and is an upper bound (a
    level added to a sum, or a comparison added to those the partner must beat, can only lower it)."""

    label: str
    codes: tuple[str, ...]
    ratio: float | None  # how much more the partner took, %
    low: float | None = None  # the ends the levels' rounding allows (the ratio itself when not given)
    high: float | None = None
    missing: tuple[str, ...] = ()

    @property
    def ends(self) -> tuple[float, float]:
        return (self.ratio if self.low is None else self.low, self.ratio if self.high is None else self.high)

    @property
    def bound(self) -> str | None:
        return verdicts.UPPER if self.ratio is not None and self.missing else None

    def holds(self, margin: float) -> bool | None:
        """More than `margin` % higher: True, False, or None when the figures cannot settle it (a level missing, or
        the rounding reaching both sides). An upper bound settles only 'no'."""
        if self.ratio is None:
            return None
        low, high = self.ends
        if high <= margin:
            return False
        if self.missing or low <= margin:
            return None
        return True

    def words(self) -> str:
        if self.ratio is None:
            return f"{self.label}: no figure"
        shown = verdicts.fmt(self.ratio, "%", self.bound)
        if self.bound:
            return f"{self.label}: at most {shown} (without {'; '.join(self.missing)})"
        return f"{self.label}: {shown}"


def match_months(ledger: Ledger, partner: str, year: int, target: float) -> pd.DataFrame:
    """Every month of the year: level, y/y rate (and how it is known) and the rate's distance from the article's.

    Sorted nearest first; months without a rate come last, with no distance.
    """
    history = monthly_frame(ledger, "CN", partner, "exports", f"{year}-12", months=12, every_month=True)
    history["distance"] = (history["yoy_pct"] - target).abs()
    return history.sort_values(["distance", "month"], na_position="last").reset_index(drop=True)


def level_words(code: str, period: str, currency: str = "USD") -> str:
    unit = "US$ bn" if currency == "USD" else "yuan"
    return f"the level of China's exports to {code} in {period} ({unit})"


def period_levels(ledger: Ledger, period: str, partner: str, others: list[str]) -> tuple[str, dict[str, Figure | None]]:
    """The levels of exports to the partner and the others in one series: of the dollar and the yuan series, the one
    that has the partner's level and the most of the others' (the dollar series on a tie)."""
    found = {currency: {code: ledger.get("CN", code, "exports", period, currency=currency)
                        for code in (partner, *others)} for currency in SERIES}

    def rank(currency: str) -> tuple[bool, int, bool]:
        levels = found[currency]
        return levels[partner] is not None, sum(figure is not None for figure in levels.values()), currency == "USD"

    currency = max(SERIES, key=rank)
    return currency, found[currency]


def ratio_ends(level: Figure, base: list[Figure]) -> tuple[float, float, float]:
    """How much more `level` is than the sum of `base`, in %, with the ends the levels' rounding allows."""
    total = sum(figure.value for figure in base)
    spread = sum(figure.halfwidth for figure in base)
    return (pct_change(level.value, total), pct_change(level.value - level.halfwidth, total + spread),
            pct_change(level.value + level.halfwidth, total - spread))


def comparisons(levels: dict[str, Figure | None], partner: str, others: list[str], period: str, currency: str
                ) -> list[Reading]:
    """The partner's level against each other partner's, and against their sum (when there are several)."""
    lacking = {code: level_words(code, period, currency) for code, figure in levels.items() if figure is None}
    groups = [(f"against {code}", (code,)) for code in others]
    if len(others) > 1:
        groups.append(("against " + " + ".join(others), tuple(others)))
    found = []
    for label, codes in groups:
        base = [levels[code] for code in codes if levels[code] is not None]
        left_out = tuple(lacking[code] for code in codes if code in lacking)
        if partner in lacking or not base or sum(figure.value for figure in base) <= 0:
            found.append(Reading(label=label, codes=codes, ratio=None,
                                 missing=tuple(lacking[code] for code in (partner, *codes) if code in lacking)))
            continue
        ratio, low, high = ratio_ends(levels[partner], base)
        found.append(Reading(label=label, codes=codes, ratio=ratio, low=low, high=high, missing=left_out))
    return found


def readings(found: list[Reading], others: list[str]) -> list[Reading]:
    """The ways the sentence can be read, from the comparisons: more than X% above each of the others (the margin
    over the nearest of them decides), and above them together. With one other partner, its comparison alone."""
    singles = [item for item in found if len(item.codes) == 1]
    if len(others) < 2:
        return singles
    known = [item for item in singles if item.ratio is not None]
    nearest = min(known, key=lambda item: item.ratio) if known else None
    left_out = tuple(text for item in singles if item.ratio is None for text in item.missing)
    each = Reading(label=f"against each of {', '.join(others)}", codes=tuple(others),
                   ratio=nearest.ratio if nearest else None, low=nearest.low if nearest else None,
                   high=nearest.high if nearest else None, missing=left_out)
    together = next(item for item in found if len(item.codes) > 1)
    return [each, Reading(label=f"{together.label} together", codes=together.codes, ratio=together.ratio,
                          low=together.low, high=together.high, missing=together.missing)]


def margin_verdict(found: list[Reading], margin: float, period: str) -> verdicts.Verdict:
    """'More than X% higher' in one period: supported when every reading holds, not supported when none does, partly
    otherwise. A reading the figures cannot settle could go either way: with one, only a mix of readings that hold and
    readings that fail settles anything (partly); else the figures cannot decide."""
    if not found:
        return verdicts.Verdict(verdicts.INSUFFICIENT, "There is no other partner to compare with.")
    holds = [reading.holds(margin) for reading in found]
    judged = [reading for reading in found if reading.ratio is not None]
    shown = "; ".join(reading.words() for reading in judged)
    text = (f"In {period}, 'more than {margin:g}% higher' holds in {sum(bool(h) for h in holds)} of {len(found)} "
            f"readings{f' ({shown})' if shown else ''}")
    if not judged:
        lacking = sorted({text for reading in found for text in reading.missing})
        return verdicts.Verdict(verdicts.INSUFFICIENT, f"No reading can be computed in {period}: the ledger lacks "
                                f"{'; '.join(lacking)}.")
    if None in holds:
        unsettled = "; ".join(reading.label for reading, held in zip(found, holds, strict=True) if held is None)
        if True in holds and False in holds:
            return verdicts.Verdict(verdicts.PARTLY, f"{text}; not settled: {unsettled}.")
        return verdicts.Verdict(verdicts.INSUFFICIENT, f"{text}; the figures cannot settle {unsettled}.")
    label = verdicts.SUPPORTED if all(holds) else verdicts.PARTLY if any(holds) else verdicts.NOT_SUPPORTED
    return verdicts.Verdict(label, f"{text}.")


def level_verdict(level: Figure | None, article_level: float, partner: str, month: str) -> verdicts.Verdict:
    if level is None:
        return verdicts.insufficient([level_words(partner, month)])
    verdict = verdicts.at_least(level.value, article_level, "USD bn", bound=None)
    return verdicts.Verdict(verdict.label, f"In {month}: {verdict.reason}")


@dataclass(frozen=True)
class Judged:
    """The margin in one period: the series its levels come from, the levels, the comparisons, the readings."""

    period: str
    currency: str
    levels: dict[str, Figure | None]
    comparisons: list[Reading]
    readings: list[Reading]
    role: str = ""  # why it is judged when it stands in for the month: "the nearest month with every level", ...

    @property
    def figures(self) -> list[Figure]:
        return [figure for figure in self.levels.values() if figure is not None]

    def complete(self) -> bool:
        return all(figure is not None for figure in self.levels.values())


def judge(ledger: Ledger, period: str, partner: str, others: list[str], role: str = "") -> Judged:
    currency, levels = period_levels(ledger, period, partner, others)
    found = comparisons(levels, partner, others, period, currency)
    return Judged(period, currency, levels, found, readings(found, others), role)


def stand_ins(ledger: Ledger, partner: str, others: list[str], month: str) -> list[Judged]:
    """Where the margin is judged when `month` lacks a level it needs: the nearest months of its year with every
    level (both when two are as near), and the longest span from January of that year with levels enough for a
    reading."""
    year = Month.parse(month).year
    nearest_role, span_role = "the nearest month with every level", "the longest span from January with levels"
    complete = [judged for number in range(1, 13)
                if (judged := judge(ledger, f"{year}-{number:02d}", partner, others, nearest_role)).complete()
                and judged.period != month]
    distance = {judged.period: abs(Month.parse(judged.period).month - Month.parse(month).month) for judged in complete}
    nearest = [judged for judged in complete if distance[judged.period] == min(distance.values())] if complete else []
    spans = [judge(ledger, f"{year}-01/{year}-{number:02d}", partner, others, span_role) for number in range(12, 1, -1)]
    spans = [judged for judged in spans if any(reading.ratio is not None for reading in judged.readings)]
    return nearest + spans[:1]


def combined_margin(judged: list[Judged], margin: float, month: str, standing_in: bool, lacking: list[str]
                    ) -> verdicts.Verdict:
    """The margin part from the periods it is judged in: their verdict when they agree, partly when they differ;
    insufficient when none can be judged. Says so when other periods stand in for the month."""
    found = [margin_verdict(item.readings, margin,
                            f"{item.period} ({SERIES_WORDS[item.currency]})" if standing_in else item.period)
             for item in judged]
    labels = {verdict.label for verdict in found} - {verdicts.INSUFFICIENT}
    label = (verdicts.INSUFFICIENT if not labels else labels.pop() if len(labels) == 1 else verdicts.PARTLY)
    reasons = " ".join(verdict.reason for verdict in found)
    if not standing_in:
        return verdicts.Verdict(label, reasons)
    if not judged:
        return verdicts.insufficient(lacking)
    where = " and ".join(f"{'over ' if '/' in item.period else 'in '}{item.period} ({item.role})" for item in judged)
    return verdicts.Verdict(label, f"The ledger lacks {'; '.join(lacking)}. The margin is a ratio between partners, "
                                   f"which moves little from month to month, so it is judged instead {where}: "
                                   f"{reasons}")


def comparison_rows(judged: Judged, partner: str, margin: float, note: str) -> list[Row]:
    rows = [Row(quantity=f"exports to {code}", period=judged.period, measured=figure.value, article=None,
                unit="US$ bn" if judged.currency == "USD" else "CNY bn", figure=figure,
                note=f"{note} ({SERIES_WORDS[judged.currency]})")
            for code, figure in judged.levels.items() if figure is not None and (code != partner or note)]
    rows += [Row(quantity=f"{partner} {reading.label}", period=judged.period, measured=reading.ratio, article=margin,
                 unit="%", figure=None,
                 note=(f"computed ({SERIES_WORDS[judged.currency]})" + (f"; {note}" if note else "")
                       + (f"; at most: without {'; '.join(reading.missing)}" if reading.bound else ""))
                 if reading.ratio is not None else "; ".join(reading.missing))
             for reading in judged.readings]
    return rows


def readings_table(judged: list[Judged], margin: float, month: str) -> pd.DataFrame:
    columns = ["period", "series", "comparison", "more by, %", "with rounding, from", "to", "bound", "holds", "missing"]
    rows = []
    for item in judged:
        singles = [reading for reading in item.comparisons if len(reading.codes) == 1]
        for reading in [*singles, *(reading for reading in item.readings if reading not in singles)]:
            low, high = reading.ends if reading.ratio is not None else (None, None)
            rows.append({"period": item.period, "series": SERIES_WORDS[item.currency], "comparison": reading.label,
                         "more by, %": reading.ratio, "with rounding, from": low, "to": high,
                         "bound": "upper" if reading.bound else "", "holds": reading.holds(margin),
                         "missing": "; ".join(reading.missing)})
    return pd.DataFrame(rows, columns=columns)


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
    """The month whose rate is nearest the article's, then its level, from that month's figures; and the margin, in
    that month, or (without its levels) in the nearest months with levels and from January. `tolerance` is ours."""
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
    own = judge(ledger, month, partner, others_list)
    standing_in = bool(others_list) and not own.complete()
    judged = stand_ins(ledger, partner, others_list, month) if standing_in else [own]
    lacking = [level_words(code, month) for code, figure in own.levels.items() if figure is None]
    margin = combined_margin(judged, article_margin, month, standing_in, lacking)
    first = judged[0] if judged else own
    best = max((reading for reading in first.readings if reading.ratio is not None), key=lambda item: item.ratio,
               default=None)
    growth_verdict = verdicts.about(growth, article_growth, tolerance, "%", halfwidth=matched.taken.halfwidth)
    parts = [
        Part(words=GROWTH_WORDS, verdict=verdicts.Verdict(growth_verdict.label, f"{growth_verdict.reason} (The "
                                                          "tolerance is ours: the article prints none.)"),
             measured=growth, period=month, unit="%", main=True),
        Part(words=LEVEL_WORDS, verdict=level_verdict(level, article_level, partner, month),
             measured=level.value if level else None, period=month, unit="US$ bn"),
        Part(words=MARGIN_WORDS, verdict=margin, measured=best.ratio if best else None, period=first.period,
             unit="%", bound=best.bound if best else None),
    ]
    name = ledger.partner_name(partner)
    rows = [Row(quantity=f"exports to {name}, y/y", period=month, measured=growth, article=article_growth, unit="%",
                figure=behind[0] if len(behind) == 1 else None,
                note=f"the month closest to the article ({matched.taken.name})", headline=True),
            Row(quantity=f"exports to {name}", period=month, measured=level.value if level else None,
                article=article_level, unit="US$ bn", figure=level, note="" if level else "not in the ledger")]
    for item in judged:
        note = "" if not standing_in else f"judged instead of {month} (it lacks levels): the margin only"
        rows += comparison_rows(item, partner, article_margin, note)
    margin_figures = [figure for item in judged for figure in item.figures]
    unsettled = margin.label == verdicts.INSUFFICIENT
    missing = sorted(({level_words(partner, month)} if level is None else set())
                     | ({text for item in judged for reading in item.readings for text in reading.missing}
                        if unsettled else set())
                     | (set(lacking) if unsettled and not judged else set()))
    return Check(
        claim_id=claim_id,
        verdict=combine_parts(parts),
        measured=growth,
        unit="%",
        article_value=article_growth,
        headline=behind,
        rows=rows,
        parts=parts,
        figures=[*behind, *([level] if level else []), *margin_figures],
        inputs=[*behind, *([level] if level else []), *margin_figures],
        choices=choices,
        caveats=[f"{caveats.TWO_SERIES}: this check uses the dollar series. A ratio between two partners' levels is "
                 "the same in either series, so the margin is taken in the series that holds the levels it compares "
                 "(the yuan series where only it has them).",
                 caveats.EUROPE_VS_EU, caveats.YOY_REPORTED],
        missing=missing,
        method=f"Every month of {year} with a y/y rate for exports to {name} is compared with the article's "
        f"{article_growth:+g}% (within a tolerance of ours, {caveats.points(tolerance)}: the article prints none); the "
        f"closest month is then checked, with that month's figures only, for a level over US${article_level:g} bn "
        "(another month's level never stands in for it). The margin, more than "
        f"{article_margin:g}% above exports to {' and '.join(others_list) or 'no other partner'}, is read each way: "
        "above each of them, and above them together. It is a ratio between partners, which moves little from month "
        "to month: when the month lacks a level it needs, it is judged instead in the nearest months of the year "
        "with every level and over the longest span from January with levels, and the page says so. A ratio whose "
        "sum leaves out a partner without a level can only be an upper bound.",
        chart=table.sort_values("month"),
        chart_spec=monthly_chart_spec(
            f"China's exports to {name}, y/y by month of {year}",
            highlight=month,
            reference=article_growth,
            reference_label="article's rate",
        ),
        extra_tables={
            f"Every month of {year}, nearest the article's rate first": every_month,
            f"'More than {article_margin:g}% higher', each way it can be read, in "
            f"{' and '.join(item.period for item in judged) or month}": readings_table(judged or [own], article_margin,
                                                                                      month),
        },
    )
