"""India's trade deficit with China: India's fiscal-year figures beside China's calendar-year ones."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import closest
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.checks.rules import applies
from tradeclaims.claims.totals import level
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.periods import kind_name, parse_period


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


MAIN_WORDS = "widened to nearly $100 billion"
BASE_WORDS = "from $85 billion in 2024"


def deficit_rows(ledger: Ledger, india: pd.DataFrame, table: pd.DataFrame, judged: list[tuple[str, float]],
                 period: str) -> list[Row]:
    """India's deficit for the periods judged, India's flows with China for them, and China's surplus with India."""
    rows = []
    for each, target in judged:
        if each not in india.index:
            continue
        computed = india.loc[each, "source"] == "computed: imports minus exports"
        rows.append(Row(quantity="India's deficit with China (India's data)", period=each,
                        measured=india.loc[each, "deficit"], article=target, unit="US$ bn",
                        figure=None if computed else india.loc[each, "figures"][0],
                        note="computed: imports minus exports" if computed else "", headline=each == period))
    for each, _ in judged:
        for flow in ("exports", "imports"):
            figure = ledger.get("IN", "CN", flow, each)
            if figure:
                rows.append(Row(quantity=f"India's {flow} {'to' if flow == 'exports' else 'from'} China", period=each,
                                measured=figure.value, article=None, unit="US$ bn", figure=figure))
    for item in table[table["reported by"] == "China's data"].itertuples():
        rows.append(Row(quantity="China's surplus with India (China's data)", period=item.period, measured=item.deficit,
                        article=None, unit="US$ bn", figure=item.figures[0] if len(item.figures) == 1 else None,
                        note="calendar year, China's customs" if "/" not in item.period else "China's customs"))
    return rows


def closest_published(table: pd.DataFrame, target: float) -> str | None:
    """The published deficit (period and who reports it) nearest the article's figure; None when there is none."""
    candidates = {f"{period} ({side})": deficit
                  for period, side, deficit in zip(table["period"], table["reported by"], table["deficit"], strict=True)}
    return closest(candidates, target)[0] if candidates else None


def dated_part(size: verdicts.Verdict, period: str, named: str, match: str | None, named_figure: float | None
               ) -> verdicts.Verdict:
    """A size judged on India's figure for `period`, against the period the article names: a size that matches
    another period than the article's is only partly supported; the page says which periods the figures match."""
    where = (f" The article's figure is closest to {match}" if match else "") + (
        f"; India's own figure for {named}, the period the article names, is {named_figure:,.1f}" if named_figure
        is not None else "") + "."
    if period == named or size.label != verdicts.SUPPORTED:
        return verdicts.Verdict(size.label, f"{size.reason} (India's data for {period}.){where}")
    return verdicts.Verdict(verdicts.PARTLY, f"{size.reason} But that is India's figure for {period}, while the article "
                                             f"dates it '{named}'.{where}")


def size_part(words: str, india: pd.DataFrame, table: pd.DataFrame, period: str, target: float, named: str,
              tolerance: float, rule, main: bool = False) -> Part:
    if period not in india.index:
        return Part(words=words, verdict=verdicts.insufficient([f"India's balance with China for {period}"]),
                    period=period, unit="US$ bn", main=main)
    value = float(india.loc[period, "deficit"])
    named_figure = float(india.loc[named, "deficit"]) if named in india.index and named != period else None
    verdict = dated_part(rule(value, target, tolerance, "US$ bn"), period, named, closest_published(table, target),
                         named_figure)
    return Part(words=words, verdict=verdict, measured=value, period=period, unit="US$ bn", main=main)


@applies("nearly")
@rechecked
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
    """'widened to nearly X, from Y in 2024': each size on India's data, then which periods the article's figures
    really match (the article dates them 'this fiscal year' and '2024')."""
    table = deficit_table(ledger)
    india = table[table["reported by"] == "India's data"].set_index("period")
    main = size_part(MAIN_WORDS, india, table, period, article_value, article_period, tolerance, verdicts.nearly,
                     main=True)
    part = year_so_far(india, article_period)
    if part and main.measured is not None:
        main = replace(main, verdict=verdicts.Verdict(main.verdict.label, main.verdict.reason
                                                      + so_far_words(part, article_value, tolerance)))
    parts = [main, size_part(BASE_WORDS, india, table, base_period, article_base, article_base_period, tolerance,
                             verdicts.about)]
    rows = deficit_rows(ledger, india, table, [(base_period, article_base), (period, article_value)], period)
    if part:
        rows += so_far_rows(part)
    missing = [f"India's balance with China for {p}" for p in (period, base_period) if p not in india.index]
    used = [figure for figures in table["figures"] for figure in figures]
    matches = pd.DataFrame(
        [{"article's figure": value, "article's period": named, "closest published": closest_published(table, value)}
         for value, named in ((article_value, article_period), (article_base, article_base_period))])
    chart = table.drop(columns="figures").sort_values(["kind of period", "period"], key=by_kind)
    return Check(
        claim_id=claim_id,
        verdict=combine_parts(parts),
        measured=main.measured,
        unit="US$ bn",
        article_value=article_value,
        headline=list(india.loc[period, "figures"]) if period in india.index else [],
        rows=rows,
        parts=parts,
        figures=used,
        inputs=[figure for each in (period, base_period) if each in india.index for figure in india.loc[each, "figures"]],
        missing=missing,
        caveats=[caveats.FISCAL_YEAR, caveats.MIRROR, caveats.FOB_CIF],
        method=f"India's deficit with China in India's data for {period} against 'nearly {article_value:g}' "
        f"(tolerance {tolerance:g} bn) and for {base_period} against {article_base:g}, each judged as a part of the "
        "sentence; a size that matches only for another period than the article names is partly supported. Every "
        "published period, from either country, is matched to the article's two figures.",
        chart=chart,
        chart_spec=chart_spec(article_value, article_base, article_period, article_base_period, table),
        extra_tables={
            "Which periods the article's figures match": matches,
            "Every published deficit": table.drop(columns="figures"),
        },
    )


def year_so_far(india: pd.DataFrame, article_period: str) -> dict | None:
    """The longest part of the article's period (months from its start) India's data give, the same months a year
    earlier and the whole year before, with their deficits (None where not published); None when there is no part."""
    named = parse_period(article_period)
    if article_period in india.index:  # the whole year is published: nothing to read from a part
        return None
    parts = [parse_period(p) for p in india.index if "/" in str(p)]
    parts = [p for p in parts if p.start == named.start and p.end < named.end]
    if not parts:
        return None
    part = max(parts, key=lambda p: p.end)
    earlier, last_year = part.year_ago().text, named.year_ago().text
    deficit = india["deficit"]
    published = {p: india.loc[p, "figures"][0] for p in (part.text, earlier)
                 if p in india.index and not str(india.loc[p, "source"]).startswith("computed")}
    return {"figures": published, "period": part.text, "months": part.months, "deficit": deficit[part.text],
            "named": article_period,
            "named_months": named.months, "earlier": earlier, "earlier_deficit": deficit.get(earlier),
            "last_year": last_year, "last_year_deficit": deficit.get(last_year)}


def projections(part: dict) -> dict[str, float]:
    """The whole year at the pace of the months so far, and the year before grown as the months so far grew: what a
    reading of the pace would give. Projections, never measurements."""
    paced = {"at the pace of the months so far": part["deficit"] * part["named_months"] / part["months"]}
    if part["earlier_deficit"] and part["last_year_deficit"]:
        paced[f"{part['last_year']} grown as the months so far grew"] = (
            part["last_year_deficit"] * part["deficit"] / part["earlier_deficit"])
    return paced


def so_far_words(part: dict, article_value: float, tolerance: float) -> str:
    """What the published part of the fiscal year the article names says about its 'nearly X'."""
    growth = ("" if not part["earlier_deficit"] else
              f", {(part['deficit'] / part['earlier_deficit'] - 1) * 100:+.1f}% on the same months a year earlier "
              f"({part['earlier']}, US${part['earlier_deficit']:,.1f} bn)")
    paced = projections(part)
    spread = " to ".join(f"US${value:,.0f} bn" for value in sorted(paced.values()))
    judged = [verdicts.nearly(value, article_value, tolerance, "US$ bn").label for value in paced.values()]
    reading = ("within 'nearly' of" if all(label == verdicts.SUPPORTED for label in judged)
               else "above" if min(paced.values()) > article_value else "short of" if max(paced.values()) <
               article_value else "around")
    return (f" For {part['named']} itself, the fiscal year the article names, India's data so far cover {part['period']}"
            f" ({part['months']} of {part['named_months']} months): a deficit of US${part['deficit']:,.1f} bn{growth}. "
            "The whole year's deficit is at least that unless India had a surplus with China in the months left. "
            "Read at the pace so far, the whole year would come to "
            f"{spread}, {reading} the article's 'nearly {article_value:g}': a projection, not a measurement, so the "
            "verdict rests on the published full years; "
            + (f"the months so far support a deficit heading towards {article_value:g} billion or more, not its size."
               if reading != "short of" else f"the months so far do not show it reaching {article_value:g} billion."))


def so_far_rows(part: dict) -> list[Row]:
    rows = [Row(quantity="India's deficit with China so far in the fiscal year the article names (India's data)",
                period=part["period"], measured=part["deficit"], article=None, unit="US$ bn",
                figure=part["figures"].get(part["period"]),
                note=f"part of {part['named']}: at least this for the whole year unless the months left are a surplus")]
    if part["earlier_deficit"]:
        rows.append(Row(quantity="India's deficit with China, the same months a year earlier (India's data)",
                        period=part["earlier"], measured=part["earlier_deficit"], article=None, unit="US$ bn",
                        figure=part["figures"].get(part["earlier"])))
    rows += [Row(quantity=f"{part['named']} projected: {how}", period=part["named"], measured=value, article=None,
                 unit="US$ bn", note="a projection, not a measurement; not judged")
             for how, value in projections(part).items()]
    return rows


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
