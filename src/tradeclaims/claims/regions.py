"""China's exports to each region the article counts in the 'Global South': "China's exports to all these regions have
shown significant growth". One part per region, in the article's order, each judged on the year-on-year growth of
China's exports to it over the article's period against a threshold of ours for 'significant' (the article printed no
number). Where the ledger has no figure for that period, the nearest period it holds that overlaps it stands in, and
the part says so; a region with no figure at all is insufficient data, named with what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.checks.routes import Choice
from tradeclaims.checks.rules import applies
from tradeclaims.claims.growth import AS_REPORTED, yoy_choice
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import Month, Period, parse_period

# The article's own words for each region it names (each part is judged in them); another region is named by its
# partner name.
ARTICLE_WORDS = {
    "ASEAN": "the ASEAN market",
    "ASIA_OTHER": "other regions in Asia",
    "IN": "India",
    "MIDEAST": "the Middle East",
    "AFRICA": "Africa",
    "LATAM": "Latin America",
}
ARTICLES_PERIOD = "the article's period"
UNIT = "%"


@dataclass(frozen=True, kw_only=True)
class Region:
    """One region of the sentence: the period its growth is judged on (None: no figure at all) and the route to it."""

    code: str
    name: str
    words: str
    period: str | None
    choice: Choice | None

    @property
    def rate(self) -> float | None:
        return None if self.choice is None else self.choice.taken.value

    @property
    def figures(self) -> list[Figure]:
        return [] if self.choice is None else list(self.choice.taken.figures)


def month_index(month: Month) -> int:
    return month.year * 12 + month.month


def overlaps(first: Period, second: Period) -> bool:
    return first.start <= second.end and second.start <= first.end


def distance(held: Period, wanted: Period) -> tuple[int, bool, int]:
    """How far a period is from the one wanted: months apart at its start and at its end together; on a tie, one
    ending no later than the wanted period first (it was known when that period was), then the earlier end."""
    apart = abs(month_index(held.start) - month_index(wanted.start)) + abs(month_index(held.end) - month_index(wanted.end))
    return apart, held.end > wanted.end, month_index(held.end)


def candidate_periods(ledger: Ledger, code: str, period: str) -> list[str]:
    """The periods the ledger holds for China's exports to a region (a growth rate or a level, dollar series) that
    overlap `period`, nearest first (`period` itself first when held)."""
    wanted = parse_period(period)
    held = set(ledger.periods("CN", code, "exports", "yoy_pct")) | set(ledger.periods("CN", code, "exports", "value"))
    overlapping = [parse_period(text) for text in held if overlaps(parse_period(text), wanted)]
    return [found.text for found in sorted(overlapping, key=lambda found: (distance(found, wanted), found.text))]


def judged_choice(ledger: Ledger, code: str, period: str) -> tuple[str | None, Choice | None]:
    """The period a region's growth is judged on and the route to its rate: `period` when the ledger gives a rate for
    it, else the nearest overlapping period that has one; (None, None) when none has."""
    for candidate in candidate_periods(ledger, code, period):
        choice = yoy_choice(ledger, "CN", code, "exports", candidate)
        if choice is not None:
            return candidate, choice
    return None, None


def judged_period(ledger: Ledger, code: str, period: str) -> str | None:
    """The period a region's growth is judged on (see judged_choice); None when the ledger has no rate for it."""
    return judged_choice(ledger, code, period)[0]


def region_of(ledger: Ledger, code: str, period: str) -> Region:
    judged, choice = judged_choice(ledger, code, period)
    name = ledger.partner_name(code)
    return Region(code=code, name=name, words=ARTICLE_WORDS.get(code, name), period=judged, choice=choice)


def missing_words(ledger: Ledger, region: Region, period: str) -> str:
    """What the ledger lacks for a region, with the definition note of an aggregate it does not cover."""
    note = ledger.partners.loc[region.code, "notes"] if region.code in ledger.partners.index else ""
    about = f"{region.code}: {note.rstrip('.')}" if isinstance(note, str) and note else region.code
    return (f"the y/y growth of China's exports to {region.name} in the dollar series, for {period} or any period "
            f"overlapping it ({about})")


def how_known(region: Region) -> str:
    """Where a region's rate comes from, in words: the page and its tier, or the two levels."""
    route = region.choice.taken
    if route.name == AS_REPORTED:
        source = route.figures[0].source
        return f"as reported by {source.publisher} ({source.kind})"
    return f"{route.name} ({', '.join(sorted({figure.source.kind for figure in route.figures}))})"


def growth_verdict(ledger: Ledger, region: Region, period: str, threshold: float) -> verdicts.Verdict:
    """'Significant growth' in one region: the rate, with its published rounding, at least our threshold (supported),
    wholly below it (not supported), or straddling it (the rounding cannot settle it)."""
    if region.choice is None:
        return verdicts.insufficient([missing_words(ledger, region, period)])
    route = region.choice.taken
    where = verdicts.Interval.around(route.value, route.halfwidth)
    rounding = f" (with its rounding, {where.text()})" if route.halfwidth else ""
    stand_in = ("" if region.period == period else
                f" The ledger has no figure for {period}: judged on {region.period}, the nearest period it holds.")
    text = (f"Exports to {region.name} grew {verdicts.fmt(route.value, UNIT)} in {region.period}{rounding}, "
            f"{how_known(region)}")
    ours = f"our threshold of {verdicts.fmt(threshold, UNIT)} for 'significant'"
    if where.low >= threshold:
        return verdicts.Verdict(verdicts.SUPPORTED, f"{text}: at least {ours}.{stand_in}")
    if where.high < threshold:
        return verdicts.Verdict(verdicts.NOT_SUPPORTED, f"{text}: below {ours}.{stand_in}")
    return verdicts.Verdict(verdicts.INSUFFICIENT, f"{text}: its rounding reaches both sides of {ours}, so the "
                                                   f"figure cannot settle it.{stand_in}")


def region_row(region: Region, period: str, threshold: float, main: bool) -> Row:
    route = region.choice.taken if region.choice else None
    single = route.figures[0] if route and route.name == AS_REPORTED else None
    if route is None:
        note = "not in the ledger"
    else:
        note = how_known(region) + ("" if region.period == period else
                                    f"; {region.period}, not {period}: the nearest period the ledger holds")
        if single is not None and single.notes and single.source.kind == "reprint":  # what makes it doubtful
            note += f"; the ledger's note on it: {single.notes}"
    return Row(quantity=f"exports to {region.name}, y/y" + (" (main part)" if main else ""),
               period=region.period or period, measured=region.rate, article=None, unit=UNIT, figure=single,
               threshold=threshold, note=note, headline=main)


def periods_table(ledger: Ledger, regions: list[Region], period: str) -> pd.DataFrame:
    """Every period overlapping the article's that gives a region a growth rate, and the one judged."""
    found = []
    for region in regions:
        for candidate in candidate_periods(ledger, region.code, period):
            choice = yoy_choice(ledger, "CN", region.code, "exports", candidate)
            if choice is None:
                continue
            found.append({"region": region.name, "period": candidate, "y/y growth, %": choice.taken.value,
                          "how": choice.taken.name, "weakest source": choice.taken.weakest,
                          "judged": candidate == region.period})
    return pd.DataFrame(found, columns=["region", "period", "y/y growth, %", "how", "weakest source", "judged"])


def chart_frame(regions: list[Region], period: str) -> pd.DataFrame:
    return pd.DataFrame(
        [{"region": region.name if region.choice else f"{region.name} n.a.",
          "period": region.period or period, "growth": region.rate,
          "judged on": ARTICLES_PERIOD if region.period in (period, None) else f"nearest period held ({region.period})"}
         for region in regions],
        columns=["region", "period", "growth", "judged on"])


@applies("at_least")
@rechecked
def regions_claim(ledger: Ledger, claim_id: str, regions: str, period: str, threshold: float) -> Check:
    """'Exports to all these regions have shown significant growth': each region's y/y growth against our threshold,
    one part per region (the first named is the main part), combined by the part rule."""
    codes = list(dict.fromkeys(code.strip() for code in regions.split(",") if code.strip()))
    found = [region_of(ledger, code, period) for code in codes]
    missing = [missing_words(ledger, region, period) for region in found if region.choice is None]
    parts = [Part(words=region.words, verdict=growth_verdict(ledger, region, period, threshold), measured=region.rate,
                  period=region.period or period, unit=UNIT, main=index == 0)
             for index, region in enumerate(found)]
    main = found[0]
    stand_ins = [region for region in found if region.choice and region.period != period]
    used = [figure for region in found for figure in region.figures]
    return Check(
        claim_id=claim_id,
        verdict=combine_parts(parts),
        measured=main.rate,
        unit=UNIT,
        article_value=None,
        threshold=Threshold(label="'significant growth': y/y growth of at least", value=threshold, unit=UNIT),
        headline=main.figures,
        rows=[region_row(region, period, threshold, index == 0) for index, region in enumerate(found)],
        parts=parts,
        figures=used,
        choices=[region.choice for region in found if region.choice],
        missing=missing,
        caveats=[
            caveats.USD_VS_CNY,
            caveats.YOY_REPORTED,
            "The article printed no number for 'significant growth': the threshold is ours, a parameter.",
            *([f"Judged on another period than {period}, for want of a figure for it: "
               + "; ".join(f"{region.name} on {region.period}" for region in stand_ins) + "."] if stand_ins else []),
        ],
        method=f"For each region the article names, in its order, the year-on-year growth of China's exports to it "
        f"over {period} in the customs dollar series (the rate as reported, or computed from two levels: the route "
        "whose weakest source ranks highest), against our threshold of "
        f"{verdicts.fmt(threshold, UNIT)} for 'significant growth'. Where the ledger has no figure for {period}, the "
        "nearest period it holds that overlaps it is judged instead, and named; a region with no figure at all is "
        f"insufficient data. The main part is '{main.words}': the region the article names first and the one its "
        "next sentence gives figures for. The sentence says 'all these regions', so it is supported only when every "
        "region is.",
        chart=chart_frame(found, period),
        chart_spec={"kind": "bars", "x": "region", "y": "growth", "hue": "judged on", "period": "period",
                    "ylabel": "y/y growth of China's exports, %",
                    "title": f"China's exports to the regions the article names, y/y growth, {period}"
                    + (" (n.a.: no figure, no bar)" if missing else ""),
                    "reference": threshold, "reference_label": f"our threshold for 'significant' ({threshold:g}%)"},
        extra_tables={f"Every period overlapping {period} with a growth rate, by region":
                      periods_table(ledger, found, period)},
    )
