"""The 'Global South': where the change in China's exports between two years came from, and market sizes."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.measures import contributions, offset_ratio
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, Threshold, rechecked
from tradeclaims.checks.routes import Choice, Route, choose
from tradeclaims.checks.rules import applies
from tradeclaims.checks.verdicts import Interval
from tradeclaims.claims.totals import IMPLIED, chosen_level
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import parse_period
from tradeclaims.ledger.quality import UNSTATED_EDITION

OPPOSITE = {verdicts.LOWER: verdicts.UPPER, verdicts.UPPER: verdicts.LOWER}
LATER_IMPLIED = "later level implied by growth"  # the period's level from the year-earlier one and the growth
PUBLISHED_LEVELS = "published levels"
EARLIER_IMPLIED = "earlier level implied by growth"


@dataclass(frozen=True, kw_only=True)
class Change:
    """The change in exports to one partner between a year-earlier period and the period: both levels, the interval
    the published figures' rounding allows it, how the levels were reached, the figures and the routes chosen."""

    before: float
    after: float
    interval: Interval
    how: str
    figures: tuple[Figure, ...]
    choices: tuple[Choice, ...]


def corners(function: Callable[..., float], figures: tuple[Figure, ...]) -> Interval:
    """The interval of a quantity computed from published figures: its value at every corner of their rounding
    (each figure at either end), which holds its true range for a function that rises or falls in each figure (a
    change from a level and a growth rate: one figure counted once, not once per level)."""
    return Interval.spanning(
        function(*(figure.value + side * figure.halfwidth for figure, side in zip(figures, sides, strict=True)))
        for sides in itertools.product((-1, 1), repeat=len(figures)))


def level_change(ledger: Ledger, partner: str, period: str) -> Change | None:
    """The change in exports to a partner from a year before the period.

    The period's level is the one every claim needing it takes (totals.chosen_level: by authority, so China's
    January-November exports are exports-jan-nov's figure); when it is implied by the year-earlier level and the
    growth, that year-earlier level is the published one it is implied from. Otherwise the year-earlier level is the
    published one or the one implied by the period's level and the growth, by authority."""
    later = chosen_level(ledger, "CN", partner, "exports", period)
    if later is None:
        return None
    later_choice, estimate = later
    earlier = parse_period(period).year_ago().text
    if estimate.how == IMPLIED:
        before, growth = estimate.figures
        return Change(before=before.value, after=estimate.value, how=LATER_IMPLIED, figures=estimate.figures,
                      interval=corners(lambda level, rate: level * rate / 100, (before, growth)),
                      choices=(later_choice,))
    (after,) = estimate.figures
    before = ledger.get("CN", partner, "exports", earlier)
    growth = ledger.get("CN", partner, "exports", period, measure="yoy_pct")
    routes = []
    if before:
        routes.append(Route(name=PUBLISHED_LEVELS, value=before.value, figures=(before, after),
                            halfwidth=before.halfwidth,
                            detail={"interval": corners(lambda later, earlier: later - earlier, (after, before))}))
    if growth:
        implied = after.value / (1 + growth.value / 100)
        routes.append(Route(name=EARLIER_IMPLIED, value=implied, figures=(after, growth),
                            halfwidth=implied * (after.halfwidth / after.value + growth.halfwidth / 100),
                            detail={"interval": corners(lambda level, rate: level * rate / (100 + rate),
                                                        (after, growth))}))
    choice = choose(ledger, f"exports to {partner}, {earlier}", routes)
    if choice is None:
        return None
    return Change(before=choice.taken.value, after=after.value, how=choice.taken.name, figures=choice.taken.figures,
                  interval=choice.taken.detail["interval"], choices=(later_choice, choice))


def published_growth(ledger: Ledger, partner: str, period: str) -> Figure | None:
    return ledger.get("CN", partner, "exports", period, measure="yoy_pct")


def missing_change(ledger: Ledger, partner: str, period: str) -> tuple[int | None, str]:
    """For a partner whose change cannot be measured: its sign when a growth rate is published (+1 rose, -1 fell,
    0 flat; None when nothing is known), and how that is known."""
    growth = published_growth(ledger, partner, period)
    if growth is None:
        return None, "no figure in the ledger"
    return (growth.value > 0) - (growth.value < 0), f"growth {growth.value:+.1f}% published, no level"


def absent_figures(ledger: Ledger, partner: str, period: str, west: bool) -> list[str]:
    """What the ledger lacks, and the check needs, to measure the change in exports to a partner: nothing for a
    western partner whose published growth shows it did not fall (it adds no loss to sum); with a published growth,
    a level (the period's or the year-earlier one); without one, both levels or a level and the growth."""
    growth = published_growth(ledger, partner, period)
    if growth is None:
        return [f"exports to {partner} in {period} and a year earlier (or its growth)"]
    if west and growth.value >= 0:
        return []
    return [f"the level of exports to {partner} in {period} or a year earlier (US$; its growth, {growth.value:+.1f}%, "
            "is published)"]


def sum_bound(signs: dict[str, int | None]) -> str | None:
    """What the sum of the groups with figures is to the sum of all: exact (None) when none is missing; a lower
    bound when no missing group fell (one with no figure at all is taken as not having fallen, and named so); an
    upper bound when every missing group fell; "none" (no bound) when missing groups went both ways."""
    if not signs:
        return None
    if all(sign is None or sign >= 0 for sign in signs.values()):
        return verdicts.LOWER
    if all(sign is not None and sign <= 0 for sign in signs.values()):
        return verdicts.UPPER
    return "none"


def bound_words(signs: dict[str, int | None], how: dict[str, str], bound: str | None) -> str:
    """The groups left out of a sum and what that makes of it, in words."""
    if bound is None:
        return ""
    parts = ", ".join(f"{code} ({how[code]})" for code in signs)
    assumed = [code for code, sign in signs.items() if sign is None]
    if bound == "none":
        return f"not a bound: left out {parts}, which moved in both directions"
    side = "at least" if bound == verdicts.LOWER else "at most"
    assumption = f"; taking {', '.join(assumed)} as not having fallen" if assumed else ""
    return f"{side}: left out {parts}{assumption}"


def west_signs(ledger: Ledger, codes: list[str], changes: dict[str, float], period: str) -> dict[str, int | None]:
    """Whether exports to each western partner fell (-1), rose (+1) or stayed flat (0): from its levels when
    measured, else from its published growth; None when nothing is known."""
    return {code: ((changes[code] > 0) - (changes[code] < 0)) if code in changes
            else missing_change(ledger, code, period)[0] for code in codes}


def losses_premise(signs: dict[str, int | None], period: str) -> verdicts.Verdict:
    """The premise 'losses in the US and Europe': every western partner's exports fell."""
    rose = [code for code, sign in signs.items() if sign is not None and sign >= 0]
    unknown = [code for code, sign in signs.items() if sign is None]
    if rose:
        return verdicts.Verdict(verdicts.NOT_SUPPORTED, f"Exports to {', '.join(rose)} did not fall in {period}: "
                                "there were no losses there to offset.")
    if unknown:
        return verdicts.insufficient([f"exports to {code} in {period} and a year earlier (or its growth)"
                                      for code in unknown])
    return verdicts.Verdict(verdicts.SUPPORTED, f"Exports to {', '.join(signs)} all fell in {period}.")


def whole_year_beside(period: str) -> str | None:
    """The calendar year shown beside a shorter period of it (None when the period is a year or spans years)."""
    parsed = parse_period(period)
    if parsed.kind == "year" or parsed.start.year != parsed.end.year:
        return None
    return str(parsed.end.year)


@applies("at_least")
@rechecked
def offset_claim(ledger: Ledger, claim_id: str, period: str, south: str, west: str, share_threshold: float,
                 beside: bool = True) -> Check:
    """'Gains in the South offset losses in the US and Europe' and 'the record is entirely due to it'.

    Groups without figures are left out of the sums and said to be: the Global South's gain (and its share of the
    world's change) is then a bound, and the verdicts use it as one (verdicts.against_bound)."""
    groups = {"south": south.split(","), "west": west.split(",")}
    found, used, missing, choices = {}, [], [], []
    for code in groups["south"] + groups["west"] + ["WLD"]:
        change = level_change(ledger, code, period)
        if change is None:
            missing += absent_figures(ledger, code, period, west=code in groups["west"])
            continue
        found[code] = change
        choices += change.choices
        used += change.figures
    if "WLD" not in found:
        return Check(
            claim_id=claim_id,
            verdict=verdicts.insufficient(missing),
            measured=None,
            unit="US$ bn",
            article_value=None,
            missing=missing,
        )
    before = {code: change.before for code, change in found.items()}
    after = {code: change.after for code, change in found.items()}
    how = {code: change.how for code, change in found.items()}
    total_change = after["WLD"] - before["WLD"]
    parts = contributions(
        {k: v for k, v in before.items() if k != "WLD"}, {k: v for k, v in after.items() if k != "WLD"}, total_change
    )
    left_out = {code: missing_change(ledger, code, period) for code in groups["south"] if code not in parts}
    signs, how_known = {k: v[0] for k, v in left_out.items()}, {k: v[1] for k, v in left_out.items()}
    bound = sum_bound(signs)
    table = pd.DataFrame(
        [
            {
                "partner": code,
                "group": "Global South" if code in groups["south"] else "US and Europe",
                "period": period,
                **values,
                "how": how[code],
            }
            for code, values in parts.items()
        ]
        + [{"partner": f"{code} n/a", "group": "Global South", "period": period, "how": how_known[code]}
           for code in left_out]  # no bar: the chart names the group and says why
    )
    measured_south = [code for code in parts if code in groups["south"]]
    south_gain = sum(parts[code]["change"] for code in measured_south)
    west_changes = {k: v["change"] for k, v in parts.items() if k in groups["west"]}
    west_loss = -sum(change for change in west_changes.values() if change < 0)
    fell = [k for k, v in west_changes.items() if v < 0]
    known_bound = None if bound == "none" else bound
    other_end = OPPOSITE.get(known_bound)  # the end of the divisor a bound takes
    # A bound holds for every value the published figures' rounding allows: the gain at its worst end, over the
    # world's change (or the losses) at the other end.
    gain_range = sum((found[code].interval for code in measured_south), Interval(0.0, 0.0))
    world_range = found["WLD"].interval
    loss_range = sum((Interval(max(0.0, -found[code].interval.high), max(0.0, -found[code].interval.low))
                      for code in west_changes), Interval(0.0, 0.0))
    if known_bound:
        gain_shown, losses_against = gain_range.end(known_bound), loss_range.end(other_end)
        south_share = (gain_range / world_range).end(known_bound) * 100
    else:
        gain_shown, losses_against, south_share = south_gain, west_loss, south_gain / total_change * 100
    offset = offset_ratio(gain_shown, losses_against)
    gain_words = verdicts.BOUND_WORDS[known_bound]
    signs_west = west_signs(ledger, groups["west"], west_changes, period)
    used += [growth for code in groups["west"] if code not in west_changes  # the sign the premise rests on
             if (growth := published_growth(ledger, code, period)) is not None]
    unmeasured_falls = [code for code, sign in signs_west.items()
                        if code not in west_changes and (sign is None or sign < 0)]
    offset_label = (verdicts.INSUFFICIENT if bound == "none" or unmeasured_falls
                    else verdicts.against_bound(gain_shown, losses_against, known_bound, above=True))
    losses_text = f"US${west_loss:,.1f} bn" + (
        f"; {verdicts.BOUND_WORDS[other_end]}US${verdicts.rounded(losses_against, other_end):,.1f} bn with the "
        "published rounding" if known_bound else "")
    offset_verdict = verdicts.Verdict(
        offset_label,
        f"Gains to the Global South partners with figures ({gain_words}"
        f"US${verdicts.rounded(gain_shown, known_bound):,.1f} bn) "
        + (f"cover {gain_words}{verdicts.rounded(offset, known_bound, 2):.2f} times the losses in the US and Europe "
           f"({losses_text})." if math.isfinite(offset) else
           "have no losses to cover: exports to the US and Europe with figures did not fall.")
        + (
            ""
            if all(v < 0 for v in west_changes.values())
            else " Not every western market fell: " + ", ".join(f"{k} {v:+,.1f} bn" for k, v in west_changes.items()) + "."
        )
        + (f" The change to {', '.join(unmeasured_falls)} has no level, so the losses cannot be summed."
           if unmeasured_falls else ""),
    )
    left_out_words = bound_words(signs, how_known, bound)
    worst_words = (f", taking each published figure at the end of its rounding that makes the share "
                   f"{'smallest' if known_bound == verdicts.LOWER else 'largest'} ({gain_words}"
                   f"US${verdicts.rounded(gain_shown, known_bound):,.1f} bn of {verdicts.BOUND_WORDS[other_end]}"
                   f"US${verdicts.rounded(world_range.end(other_end), other_end):,.1f} bn)" if known_bound else "")
    entirely = (verdicts.Verdict(verdicts.INSUFFICIENT, "") if bound == "none"
                else verdicts.at_least(south_share, share_threshold, "%", known_bound))
    entirely = verdicts.Verdict(
        entirely.label,
        f"The Global South partners with figures account for {gain_words}"
        f"{verdicts.rounded(south_share, known_bound):.1f}% of "
        f"the US${total_change:,.1f} bn rise in exports{worst_words}; 'entirely' needs {share_threshold:g}%"
        + (f" ({left_out_words})" if left_out_words else "")
        + (". A lower bound below the threshold cannot show the share falls short."
           if entirely.label == verdicts.INSUFFICIENT and known_bound == verdicts.LOWER else "."),
    )
    premise = losses_premise(signs_west, period)
    parts = [
        Part(words="entirely due to", verdict=entirely, measured=south_share, period=period, unit="%",
             bound=known_bound, main=True),
        Part(words="offset losses in the U.S. and Europe", verdict=offset_verdict, measured=gain_shown,
             period=period, unit="US$ bn", bound=known_bound),
        Part(words="losses in the U.S. and Europe", verdict=premise, period=period, unit="", premise=True),
    ]
    verdict = combine_parts(parts)
    rows = [
        Row(
            quantity="change in exports to the world",
            period=period,
            measured=total_change,
            article=None,
            unit="US$ bn",
            figure=None,
            note=f"{how['WLD']}; with the published rounding, {world_range:,.2f}",
        ),
        Row(
            quantity="change to the Global South partners with figures",
            period=period,
            measured=gain_shown,
            article=None,
            unit="US$ bn",
            figure=None,
            note=(f"computed: the sum of their changes, {gain_range:,.2f} with the published rounding, taken at its "
                  f"{'low' if known_bound == verdicts.LOWER else 'high'} end; {left_out_words}" if known_bound
                  else f"computed; with the published rounding, {gain_range:,.2f}"
                  + (f"; {left_out_words}" if left_out_words else "")),
            bound=known_bound,
        ),
        Row(
            quantity="losses in the US and Europe" + (f" (only {' and '.join(fell)} fell)" if 0 < len(fell) <
                                                       len(west_changes) else ""),
            period=period,
            measured=west_loss,
            article=None,
            unit="US$ bn",
            figure=None,
            note=f"computed: the sum of the falls (with the published rounding, {loss_range:,.2f})"
            + "".join(f"; {k} rose {v:+,.1f}" for k, v in west_changes.items() if v >= 0),
        ),
        Row(
            quantity="Global South share of the world change",
            period=period,
            measured=south_share,
            article=None,
            threshold=share_threshold,
            unit="%",
            figure=None,
            note="computed; 'entirely' read as this share" + (f"; {left_out_words}" if left_out_words else "")
            + ("; the gain's low end over the world change's high end" if known_bound == verdicts.LOWER else
               "; the gain's high end over the world change's low end" if known_bound == verdicts.UPPER else ""),
            headline=True,
            bound=known_bound,
        ),
    ]
    year = whole_year_beside(period) if beside else None
    if year:
        whole = offset_claim.__wrapped__(ledger, claim_id, year, south, west, share_threshold, beside=False)
        if whole.measured is not None:
            rows.append(Row(quantity="Global South share of the world change, the whole year", period=year,
                            measured=whole.measured, article=None, unit="%", figure=None, bound=whole.bound,
                            note=f"beside it, not judged ({verdicts.BOUND_WORDS[whole.bound].strip() or 'exact'}; "
                                 f"the article appeared before the year ended): {whole.verdict.label}"))
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=south_share,
        unit="%",
        article_value=None,
        threshold=Threshold(label="'entirely': share of the rise of at least", value=share_threshold, unit="%"),
        headline=[figure for code in [*measured_south, "WLD"] for figure in found[code].figures],
        rows=rows,
        figures=used,
        choices=choices,
        caveats=[
            caveats.USD_VS_CNY,
            caveats.DERIVED,
            "Each level is the one every claim needing it takes, by its most authoritative route: China's exports "
            "to the world in the period are exports-jan-nov's figure (the year-earlier level grown at the reported "
            "rate where those rest on better sources than the published level). Where the later level and the growth "
            "rate rest on better sources than the earlier level (or it is not published), the earlier level is "
            "implied from them.",
        ]
        + (["A bound holds for every value the published figures' rounding allows: the Global South's gain is taken "
            f"at the {'low' if known_bound == verdicts.LOWER else 'high'} end of its rounding and the world's change "
            f"(and the losses) at the {'high' if known_bound == verdicts.LOWER else 'low'} end."] if known_bound
           else [])
        + ([f"Global South groups without a measured change are left out of the sums: the share is "
            f"{left_out_words}."] if left_out_words else []),
        missing=missing,
        bound=known_bound,
        parts=parts,
        method=f"The change in China's exports between {parse_period(period).year_ago().text} and {period} to each "
        "partner group, against the change to the world. 'Offset' asks whether the Global South gains cover "
        "the US and European losses; 'entirely due to' asks whether they make up the whole rise. Groups without "
        "figures are left out and named: the sums are then bounds, and a verdict is given only where the bound "
        "settles it.",
        chart=table if "change" in table else None,  # no partner measured: no bar to draw (the table says why)
        chart_spec={
            "kind": "bars",
            "x": "partner",
            "y": "change",
            "hue": "group",
            "period": "period",
            "ylabel": "change in exports, US$ bn",
            "title": f"Where the change in China's exports came from, {period}"
            + (" (n/a: not measured, no bar)" if left_out else ""),
        },
        extra_tables={"Contributions by partner": table},
    )


AUTO_EDITION = "auto"  # of the editions that give every figure needed, the most authoritative, then the latest


def edition_routes(ledger: Ledger, year: str, south: list[str], west: list[str]) -> list[Route]:
    """One route per stated edition that gives every figure the check needs: the US and Europe, and either every
    Global South group or the world and China (the rest of the world as an upper bound)."""
    editions = {edition for code in [*south, *west, "WLD", "CN"]
                for edition in ledger.editions(code, "WLD", "gdp", year)} - {UNSTATED_EDITION}
    routes = []
    for edition in sorted(editions):
        gdp = {code: ledger.get(code, "WLD", "gdp", year, edition=edition) for code in [*south, *west, "WLD", "CN"]}
        if not all(gdp[code] for code in west):
            continue
        west_gdp = sum(gdp[code].value for code in west)
        if all(gdp[code] for code in south):
            parts, value = [gdp[code] for code in south], sum(gdp[code].value for code in south)
        elif gdp["WLD"] and gdp["CN"]:
            parts, value = [gdp["WLD"], gdp["CN"]], gdp["WLD"].value - west_gdp - gdp["CN"].value
        else:
            continue
        routes.append(Route(name=edition, value=value, figures=(*parts, *(gdp[code] for code in west)),
                            reaches=edition))
    return routes


MIXED = "editions mixed"


def combination_routes(ledger: Ledger, year: str, south: list[str], west: list[str]) -> list[Route]:
    """With no edition complete, one route per combination of the editions the ledger holds for each figure needed
    (every edition of each, an unstated one included). Each route's detail holds the edition of each figure."""
    for needed in (south, ["WLD", "CN"]):
        codes = [*west, *needed]
        available = {code: ledger.editions(code, "WLD", "gdp", year) for code in codes}
        if all(available.values()):
            break
    else:
        return []
    routes = []
    for picked in itertools.product(*available.values()):
        editions = dict(zip(codes, picked, strict=True))
        gdp = {code: ledger.get(code, "WLD", "gdp", year, edition=edition) for code, edition in editions.items()}
        west_gdp = sum(gdp[code].value for code in west)
        value = (sum(gdp[code].value for code in south) if needed is south
                 else gdp["WLD"].value - west_gdp - gdp["CN"].value)
        name = f"{MIXED}: " + ", ".join(f"{code} {edition}" for code, edition in editions.items())
        routes.append(Route(name=name, value=value, figures=tuple(gdp.values()),
                            detail={"editions": editions, "west": west_gdp}))
    return routes


def size_edition(ledger: Ledger, year: str, south: str, west: str, edition: str | None
                 ) -> tuple[str, Choice | None, list[Route]]:
    """The edition every GDP figure comes from: the one named, or (auto) the route chosen among the complete
    editions. With no complete edition, the combination of editions chosen by authority, and every combination
    (a mix is used only when every combination gives the same verdict)."""
    if edition not in (None, AUTO_EDITION):
        return edition, None, []
    south_codes, west_codes = south.split(","), west.split(",")
    choice = choose(ledger, f"IMF WEO edition of the GDP figures for {year}",
                    edition_routes(ledger, year, south_codes, west_codes))
    if choice:
        return choice.taken.name, choice, []
    combinations = combination_routes(ledger, year, south_codes, west_codes)
    choice = choose(ledger, f"IMF WEO editions of the GDP figures for {year}", combinations)
    if choice:
        return MIXED, choice, combinations
    editions = ledger.editions("WLD", "WLD", "gdp", year)
    return (editions[-1] if editions else ""), None, []


def combinations_agree(combinations: list[Route]) -> bool:
    """Whether every combination of editions puts the Global South on the same side of the US and Europe."""
    return len({route.value < route.detail["west"] for route in combinations}) <= 1


@applies("less_than")
@rechecked
def size_claim(ledger: Ledger, claim_id: str, year: str, south: str, west: str, edition: str | None = None) -> Check:
    """'Those economies are too small to replace the US and European markets', by GDP in current US$.

    GDP estimates are revised in editions (IMF WEO April, October): every figure is taken from one edition, by
    default the latest edition that gives the world total, never a mix.
    """
    codes = south.split(",") + west.split(",")
    edition, choice, combinations = size_edition(ledger, year, south, west, edition)
    mixed = choice.taken.detail["editions"] if combinations else {}
    gdp = {code: ledger.get(code, "WLD", "gdp", year, edition=mixed.get(code, edition))
           for code in codes + ["WLD", "CN"]}
    rows = [
        Row(
            quantity=f"GDP of {ledger.partner_name(code)}",
            period=year,
            measured=f.value if f else None,
            article=None,
            unit="US$ bn",
            figure=f,
            note="" if f else "not in the ledger",
        )
        for code, f in gdp.items()
    ]
    used = [f for f in gdp.values() if f]
    west_codes = west.split(",")
    chart = pd.DataFrame([{"economy": ledger.partner_name(c), "period": f.period, "gdp": f.value}
                          for c, f in gdp.items() if f])
    chart_spec = {"kind": "bars", "x": "economy", "y": "gdp", "period": "period", "ylabel": "GDP, US$ bn",
                  "title": f"Size of the economies, {year} ({edition or 'no'} edition)"}
    caveats = [(f"GDP in current US dollars from one IMF World Economic Outlook edition ({edition or 'none'}); "
                "editions revise each other and are mixed only when every combination gives the same verdict.")
               if not combinations else
               ("No IMF World Economic Outlook edition in the ledger gives every figure needed, so the figures come "
                f"from several ({choice.taken.name.split(': ', 1)[1]}); all {len(combinations)} combinations of "
                "the editions available were tried (see the alternatives), and the verdict stands only because "
                "every one gives the same."),
               "Market size is measured by GDP; import demand would be a closer measure but is not in the ledger."]
    method = (f"GDP in current US$ for {year}, every figure from the {edition or 'same'} edition: the Global South "
              "groups against the US and the EU combined.")
    missing_west = [c for c in west_codes if gdp[c] is None]
    if missing_west:
        missing = [f"GDP of {c} in {year} ({edition or 'no'} edition)" for c in missing_west]
        return Check(claim_id=claim_id, verdict=verdicts.insufficient(missing), measured=None, unit="US$ bn",
                     article_value=None, rows=rows, figures=used, caveats=caveats, missing=missing, method=method,
                     chart=chart if not chart.empty else None, chart_spec=chart_spec)
    west_gdp = sum(gdp[c].value for c in west_codes)
    known_south = {c: gdp[c].value for c in south.split(",") if gdp[c]}
    missing = [f"GDP of {c} in {year}" for c in south.split(",") if gdp[c] is None]
    rows.append(
        Row(
            quantity="GDP of the US and Europe combined",
            period=year,
            measured=west_gdp,
            article=None,
            threshold=west_gdp,
            unit="US$ bn",
            figure=None,
            note="computed: what the Global South would have to match",
        )
    )
    headline = [gdp[c] for c in south.split(",") if gdp[c]]
    bound = None
    if not missing:
        measured = sum(known_south.values())
        rows.append(
            Row(
                quantity="GDP of the listed Global South economies combined",
                period=year,
                measured=measured,
                article=None,
                unit="US$ bn",
                figure=None,
                note="computed",
                headline=True,
            )
        )
        verdict = verdicts.Verdict(
            verdicts.SUPPORTED if measured < west_gdp else verdicts.NOT_SUPPORTED,
            f"The listed economies' GDP (US${measured:,.0f} bn) against the US and Europe's (US${west_gdp:,.0f} bn).",
        )
    elif gdp["WLD"] and gdp["CN"]:
        measured, bound = gdp["WLD"].value - west_gdp - gdp["CN"].value, verdicts.UPPER
        verdict = verdicts.Verdict(
            verdicts.against_bound(measured, west_gdp, bound, above=False),
            f"Not every group's GDP is in the ledger, but the Global South is part of the rest of the world outside "
            f"the US, Europe and China, so its GDP is at most that rest's, "
            f"US${verdicts.rounded(measured, verdicts.UPPER, 0):,.0f} bn: "
            + (f"less than the US and Europe's US${west_gdp:,.0f} bn." if measured < west_gdp else
               f"not less than the US and Europe's US${west_gdp:,.0f} bn, and an upper bound above it cannot show "
               "the Global South is larger."),
        )
        headline = [gdp["WLD"], gdp["CN"], *(gdp[c] for c in west_codes)]
        rows.append(
            Row(
                quantity="GDP of the rest of the world (upper bound for the Global South)",
                period=year,
                measured=measured,
                article=None,
                unit="US$ bn",
                figure=None,
                note="computed: world minus US, Europe and China",
                headline=True,
                bound=verdicts.UPPER,
            )
        )
    else:
        measured, verdict = None, verdicts.insufficient(missing)
    if combinations and not combinations_agree(combinations):
        verdict = verdicts.Verdict(verdicts.INSUFFICIENT, "No single edition gives every figure, and the verdict "
                                   "depends on which edition each figure is taken from (see the alternatives).")
    return Check(
        claim_id=claim_id,
        verdict=verdict,
        measured=measured,
        unit="US$ bn",
        article_value=None,
        threshold=Threshold(label="GDP of the US and the EU combined", value=west_gdp, unit="US$ bn"),
        headline=headline if measured is not None else [],
        bound=bound,
        rows=rows,
        figures=used,
        inputs=[*headline, *(gdp[c] for c in west_codes)] if measured is not None else used,
        choices=[choice] if choice else [],
        caveats=caveats,
        missing=missing,
        method=method,
        chart=chart,
        chart_spec=chart_spec,
    )
