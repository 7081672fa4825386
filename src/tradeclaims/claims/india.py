"""India's trade with China: the deficit (India's fiscal-year figures beside China's calendar-year ones), and the two
flows it nets, India's sales to China and its purchases from China."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import closest
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.checks.routes import Choice
from tradeclaims.checks.rules import applies
from tradeclaims.checks.verdicts import Interval
from tradeclaims.claims.growth import AS_REPORTED, yoy_choice
from tradeclaims.claims.totals import level
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import kind_name, parse_period
from tradeclaims.ledger.quality import TIERS


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


# India's sales to China and its purchases from China: 'the decline in its sales to China while Chinese imports soar'.

SALES_WORDS = "decline in its sales to China"
PURCHASES_WORDS = "Chinese imports soar"
SALES_COLUMN, PURCHASES_COLUMN = "sales part", "imports part"
FLOW_NAMES = {"exports": "India's exports to China (its sales)", "imports": "India's imports from China (its purchases)"}
SHORT_NAMES = {"exports": "exports to China (sales)", "imports": "imports from China (purchases)"}
JUDGED, OTHER, SO_FAR = ("judged", "other reading", "same fiscal year")  # only the judged period counts
DISPLEASURE = ("India's displeasure ('already displeased') is not a figure: it is not judged, and the verdict says "
               "nothing about it. Only the two flows it is about are.")
TIMING = ("When India's figures came out: the Commerce Ministry released its April-November 2025 figures on 15 "
          "December 2025 (Apni Pathshala's page says so; Business Standard reported them on 16 December). The article "
          "is dated only to December 2025; it cites China's November figures, which China's customs released on 8 "
          "December (the pages are listed under us-november-drop), so it appeared between 8 and 31 December, before "
          "or after India's release: which is not known. "
          "The table of periods gives, for each part of the fiscal year, the earliest dated page in the ledger that "
          "reports it (out by).")
PRICES = ("The changes are of values in US dollars at current prices, as India's Commerce Ministry publishes them: "
          "prices move them as well as quantities.")


def flow_change(ledger: Ledger, flow: str, period: str) -> Choice | None:
    """The change on a year earlier of India's exports to or imports from China, by the most authoritative route: the
    rate as reported, or the rate from the two levels the ledger resolves (the levels india-deficit shows)."""
    return yoy_choice(ledger, "IN", "CN", flow, period)


def missing_words(flow: str, period: str) -> str:
    direction = "to" if flow == "exports" else "from"
    return (f"India's {flow} {direction} China for {period} and a year earlier "
            f"({parse_period(period).year_ago().text}), or their reported change on a year earlier")


def change_words(flow: str, choice: Choice, period: str) -> str:
    direction = "exports to" if flow == "exports" else "imports from"
    return (f"India's {direction} China changed {verdicts.fmt(choice.taken.value, '%')} on a year earlier in {period} "
            f"({choice.taken.name})")


def rounding_interval(choice: Choice) -> Interval:
    return Interval.around(choice.taken.value, choice.taken.halfwidth)


def decline_verdict(choice: Choice | None, period: str) -> verdicts.Verdict:
    """'The decline in its sales': exports fell, over the whole of the change's rounding interval."""
    if choice is None:
        return verdicts.insufficient([missing_words("exports", period)])
    where, text = rounding_interval(choice), change_words("exports", choice, period)
    if where.high < 0:
        return verdicts.Verdict(verdicts.SUPPORTED, f"{text}: a decline.")
    if where.low > 0:
        return verdicts.Verdict(verdicts.NOT_SUPPORTED, f"{text}: a rise, not a decline.")
    return verdicts.Verdict(verdicts.PARTLY, f"{text}: within its rounding ({where.text('%')}) a small fall or a small "
                                             "rise, not a decline one can tell.")


def soar_verdict(choice: Choice | None, period: str, threshold: float) -> verdicts.Verdict:
    """'Chinese imports soar': imports grew by at least our threshold over the whole of the change's rounding
    interval; a smaller rise is the direction only."""
    if choice is None:
        return verdicts.insufficient([missing_words("imports", period)])
    where, text = rounding_interval(choice), change_words("imports", choice, period)
    ours = f"our threshold of {verdicts.fmt(threshold, '%')} for 'soar'"
    if where.low >= threshold:
        return verdicts.Verdict(verdicts.SUPPORTED, f"{text}: at least {ours}.")
    if where.high >= threshold:
        return verdicts.Verdict(verdicts.PARTLY, f"{text}: within its rounding ({where.text('%')}) on either side of "
                                                 f"{ours}.")
    if where.low > 0:
        return verdicts.Verdict(verdicts.PARTLY, f"{text}: a rise, but below {ours}.")
    return verdicts.Verdict(verdicts.NOT_SUPPORTED, f"{text}: no rise, let alone a soaring one.")


def sales_parts(ledger: Ledger, period: str, threshold: float) -> tuple[list[Part], Choice | None, Choice | None]:
    """The sentence's two parts on one period (the sales part the main one), with the two changes they rest on."""
    exports, imports = (flow_change(ledger, flow, period) for flow in FLOW_NAMES)
    parts = [Part(words=SALES_WORDS, verdict=decline_verdict(exports, period), period=period, unit="%", main=True,
                  measured=exports.taken.value if exports else None),
             Part(words=PURCHASES_WORDS, verdict=soar_verdict(imports, period, threshold), period=period, unit="%",
                  measured=imports.taken.value if imports else None)]
    return parts, exports, imports


def fiscal_year_of(period: str) -> str:
    """India's fiscal year (April-March) a period starts in: '2025-04/2025-11' -> 'FY2025-26'."""
    start = parse_period(period).start
    first = start.year if start.month >= 4 else start.year - 1
    return f"FY{first}-{str(first + 1)[2:]}"


def readings(ledger: Ledger, period: str, other_period: str) -> list[str]:
    """The periods the sentence is read on: the period judged, the other reading, and every part of the fiscal year
    the period starts in that India's figures give (April to a month); full fiscal years first, then by months."""
    fiscal = parse_period(fiscal_year_of(period))
    found = {period, other_period}
    for key in ledger.keys(reporter="IN", partner="CN"):
        each = parse_period(key[3])
        if key[2] in FLOW_NAMES and each.kind == "range" and each.start == fiscal.start and each.end <= fiscal.end:
            found.add(each.text)
    return sorted(found, key=lambda text: (parse_period(text).kind != "fiscal", parse_period(text).start,
                                           parse_period(text).end))


def route_figures(choices: list[Choice | None]) -> list[Figure]:
    """Every published figure on the routes to these changes (taken or not)."""
    return [figure for choice in choices if choice for route in (choice.taken, *choice.not_taken)
            for figure in route.figures]


def earliest_page(choices: list[Choice | None], period: str) -> str:
    """The earliest date of a page in the ledger that reports one of these changes, or a level of the period itself
    (every origin's; a year-earlier level, published long before, says nothing of when the period's came out)."""
    dated = [figure.source for found in route_figures(choices) for figure in (found, *found.alternatives)
             if figure.period == period and figure.source.published]
    first = min(dated, key=lambda source: source.published, default=None)
    return first.date_shown if first else "not shown"


def reading_row(period: str, role: str, parts: list[Part], exports: Choice | None, imports: Choice | None) -> dict:
    sales, purchases = parts
    # the parts go by short names, to keep the table within a page
    return {"period": period, "role": role,
            "exports y/y, %": exports.taken.value if exports else None,
            "exports: how": exports.taken.name if exports else "not in the ledger",
            SALES_COLUMN: sales.verdict.label,
            "imports y/y, %": imports.taken.value if imports else None,
            "imports: how": imports.taken.name if imports else "not in the ledger",
            PURCHASES_COLUMN: purchases.verdict.label,
            "the sentence": combine_parts(parts).label,
            "out by": earliest_page([exports, imports], period)}


def flow_rows(ledger: Ledger, flow: str, period: str, choice: Choice | None, *, headline: bool = False,
              threshold: float | None = None) -> list[Row]:
    """A flow's levels in the period and a year earlier (as the ledger resolves them), then its change by each route,
    the one judged first."""
    name = FLOW_NAMES[flow]
    rows = []
    for each in (parse_period(period).year_ago().text, period):
        figure = ledger.get("IN", "CN", flow, each)
        rows.append(Row(quantity=name, period=each, measured=figure.value if figure else None, article=None,
                        unit="US$ bn", figure=figure, note="" if figure else "not in the ledger"))
    for route in [] if choice is None else [choice.taken, *choice.not_taken]:
        taken = route is choice.taken
        how = "" if route.name == AS_REPORTED else ": computed from the two levels above"
        rows.append(Row(quantity=f"{name}, y/y {route.name}", period=period, measured=route.value, article=None,
                        unit="%", figure=route.figures[0] if route.name == AS_REPORTED else None,
                        note=("the change judged" if taken else "another route, not taken") + how,
                        threshold=threshold if taken else None, headline=headline and taken))
    if choice is None:
        rows.append(Row(quantity=f"{name}, y/y", period=period, measured=None, article=None, unit="%",
                        note="not in the ledger: neither both levels nor a reported rate"))
    return rows


def weakest_words(parts: list[Part], choices: list[Choice | None], period: str) -> list[str]:
    """For each part whose change rests on a reprint (the lowest tier) only: which page, and whether the claim's
    verdict would change without that part."""
    found = []
    for part, choice in zip(parts, choices, strict=True):
        if choice is None or choice.taken.weakest != TIERS[-1]:
            continue
        unjudged = verdicts.Verdict(verdicts.INSUFFICIENT, "")
        without = combine_parts([replace(each, verdict=unjudged) if each is part else each for each in parts]).label
        publishers = ", ".join(sorted({figure.source.publisher for figure in choice.taken.figures}))
        found.append(f"'{part.words}' in {period} rests on a reprint ({publishers}, {choice.taken.name}): the lowest "
                     "tier of source. Without that part the claim's verdict would be "
                     + ("the same." if without == combine_parts(parts).label else f"{without}."))
    return found


def other_reading_words(other_period: str, parts: list[Part]) -> str:
    """The sentence read on the other period, in one sentence for the verdict."""
    measured = ", ".join(f"{'exports' if part.words == SALES_WORDS else 'imports'} "
                         f"{verdicts.fmt(part.measured, '%') if part.measured is not None else 'not in the ledger'}"
                         for part in parts)
    return f" Read on {other_period} instead, the sentence is {combine_parts(parts).label} ({measured})."


def earlier_parts_words(table: pd.DataFrame, period: str) -> str:
    """For a period judged that is part of a fiscal year: what the parts of it that end earlier say of the sales part
    (the article's author may have had only those)."""
    judged = parse_period(period)
    earlier = table[(table["role"] == SO_FAR) & table["period"].map(lambda text: parse_period(text).end < judged.end)]
    if judged.kind != "range" or earlier.empty:
        return ""
    column = SALES_COLUMN
    listed = ", ".join(f"{item['period']} ({verdicts.fmt(item['exports y/y, %'], '%')}: {item[column]})"
                       if pd.notna(item["exports y/y, %"]) else f"{item['period']} ({item[column]})"
                       for _, item in earlier.iterrows())
    return (f" Whether the article appeared after {period}'s figures came out is not known (see the caveats); the "
            f"earlier parts of the same fiscal year give the sales part: {listed}.")


@applies("less_than", "at_least")
@rechecked
def india_sales_claim(ledger: Ledger, claim_id: str, period: str, other_period: str, threshold: float) -> Check:
    """'India is displeased with the decline in its sales to China while Chinese imports soar': India's exports to
    China fell (the main part) and its imports from China grew by at least our threshold, in `period`; the same on
    `other_period` and on the other parts of the fiscal year, shown beside. India's displeasure is not judged."""
    found = {each: sales_parts(ledger, each, threshold) for each in readings(ledger, period, other_period)}
    parts, exports, imports = found[period]
    table = pd.DataFrame([reading_row(each, JUDGED if each == period else OTHER if each == other_period else SO_FAR,
                                      *reading) for each, reading in found.items()])
    judged = combine_parts(parts)
    reason = judged.reason
    rows = [*flow_rows(ledger, "exports", period, exports, headline=True, threshold=0.0),
            *flow_rows(ledger, "imports", period, imports, threshold=threshold)]
    if other_period != period:
        other_parts, other_exports, other_imports = found[other_period]
        reason += other_reading_words(other_period, other_parts)
        rows += [*flow_rows(ledger, "exports", other_period, other_exports, threshold=0.0),
                 *flow_rows(ledger, "imports", other_period, other_imports, threshold=threshold)]
    reason += earlier_parts_words(table, period)
    figures = [row.figure for row in rows if row.figure] + route_figures(
        [choice for _, *pair in found.values() for choice in pair])
    # the periods of the judged period's kind only (a fiscal year and a part of one never share an axis); the other
    # readings are in the table of the sentence on each period
    chart = pd.DataFrame([{"period": each, "flow": SHORT_NAMES[flow], "change": choice.taken.value}
                          for each, (_, *pair) in found.items() for flow, choice in zip(FLOW_NAMES, pair, strict=True)
                          if choice is not None and kind_name(each) == kind_name(period)],
                         columns=["period", "flow", "change"])
    return Check(
        claim_id=claim_id,
        verdict=verdicts.Verdict(judged.label, reason),
        measured=exports.taken.value if exports else None,
        unit="%",
        article_value=None,
        # the headline (the sales part) is held against no change at all; our threshold for 'soar' is the imports
        # part's, shown on its lines and in its reason
        threshold=Threshold(label="a 'decline' in sales: a change on a year earlier below", value=0.0, unit="%"),
        headline=list(exports.taken.figures) if exports else [],
        rows=rows,
        parts=parts,
        figures=list({id(figure): figure for figure in figures}.values()),
        inputs=[figure for choice in (exports, imports) if choice for figure in choice.taken.figures],
        choices=[choice for choice in (exports, imports) if choice is not None],
        missing=[missing_words(flow, period) for flow, choice in (("exports", exports), ("imports", imports))
                 if choice is None],
        caveats=[DISPLEASURE, TIMING, *weakest_words(parts, [exports, imports], period), caveats.FISCAL_YEAR, PRICES,
                 caveats.YOY_REPORTED],
        method=f"India's own figures (its Commerce Ministry's, in US dollars) for {period}: the change on a year "
        "earlier of its exports to China (its sales) and of its imports from China (its purchases), each by the "
        "most authoritative route: the rate as reported, or the rate from the two levels the ledger resolves (the "
        "levels india-deficit shows). 'The decline in its sales to China' (the main part) holds when exports fell; "
        f"'Chinese imports soar' when imports grew by at least {threshold:g}%, our threshold (the article printed no "
        f"number). The claim's verdict combines the two parts. {other_period} and the other parts of the same fiscal "
        "year are judged the same way and shown beside, not counted. India's displeasure is not judged.",
        chart=chart,
        chart_spec={
            "kind": "bars",
            "x": "period",
            "y": "change",
            "hue": "flow",
            "period": "period",
            "ylabel": "change on a year earlier, %",
            "title": f"India's exports to and imports from China, change on a year earlier, periods like {period} "
                     "(India's data)",
            "reference": threshold,
            "reference_label": f"our threshold for imports that 'soar' ({threshold:g}%)",
        },
        extra_tables={"The sentence on each period it can mean": table},
    )
