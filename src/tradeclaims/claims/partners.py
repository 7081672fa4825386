"""What Mexico, Indonesia and other countries did or said about goods from China: the claim that they "expressed
similar concerns about the dumping of Chinese products", judged on events (ledger/events.py), one part per country.

A country's part is supported by an event of its government or public bodies, within the article's time frame
(`since` to `until`, the article's month), that voices or acts on a concern about goods from China (an anti-dumping
duty or investigation, a tariff, a minister's warning), reported by a page above an unattributed reprint. An event
after the article's month is shown, not counted; so is one about imports from every origin. An event of the
article's month itself counts only when dated before `earliest_day`, the first day of that month the article can
have appeared on (the article gives only its month; the day is ours, the same in every claim that weighs events). An
event that dismisses such a concern is weighed against the claim: the part is not supported when, in the time frame,
the country only dismissed it. No event either way leaves the part `insufficient data`, naming what is missing. Each
country's own statistics of its imports from China stay beside the events as context, not judged.

The weighing is in two steps: `weigh` judges an event by its month (the time frame, goods from China, a dismissal, the
page's tier); `in_article_month` then judges the events of the article's month by the first day it can have
appeared. `weighed_events` does both.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradeclaims.checks import caveats, verdicts
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.checks.rules import applies
from tradeclaims.ledger.events import DISMISSAL, Event
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import kind_name, parse_period

CHINA = "CN"
SENTENCE = "have also expressed similar concerns about the dumping of Chinese products"
# The article's words are the same on every rerun: it names Mexico and Indonesia (the claim's default countries), and
# any other country a rerun asks about is one of its "other countries".
ARTICLE_WORDS = f"Mexico, Indonesia ... {SENTENCE}"
NAMED_WORDS = {"MX": "Mexico ... expressed similar concerns", "ID": "Indonesia ... expressed similar concerns"}
OTHER_WORDS = "other countries have also expressed similar concerns"
TABLE_COLUMNS = ["country", "date", "who did what, about what", "stance", "counted", "why", "id", "source_id", "kind",
                 "url"]


@dataclass(frozen=True)
class Window:
    """The article's time frame: the months since..until (YYYY-MM); `until` is the article's month, and
    `earliest_day` the first day of that month the article can have appeared on (1: any day of it)."""

    since: str
    until: str
    earliest_day: int = 1

    @property
    def earliest(self) -> str:
        """The first day the article can have appeared on: YYYY-MM-DD."""
        return f"{self.until}-{int(self.earliest_day):02d}"

    @property
    def period(self) -> str:
        return f"{self.since}/{self.until}"

    @property
    def words(self) -> str:
        return f"{self.since} to {self.until}"


@dataclass(frozen=True)
class Weighed:
    """One event (as one page reports it) as the rule weighs it."""

    event: Event
    counted: bool  # voices or acts on a concern about goods from China, in the time frame, on a page above a reprint
    against: bool  # dismisses such a concern in the time frame
    why: str


def weigh(event: Event, window: Window) -> Weighed:
    """Whether an event counts for the claim, counts against it, or is only shown; and why, in words. By month: the
    events of the article's month are then judged by its day (`in_article_month`)."""
    month = event.date[:7]
    if month > window.until:
        return Weighed(event, False, False, f"after the article's month ({window.until}): shown, not counted")
    if month < window.since:
        return Weighed(event, False, False, f"before the time frame ({window.words}): shown, not counted")
    if event.partner != CHINA:
        return Weighed(event, False, False, "about imports from every origin, not goods from China in particular")
    if event.stance == DISMISSAL:
        return Weighed(event, False, True, "dismisses such a concern: weighed against the claim")
    if event.source.kind == "reprint":
        return Weighed(event, False, False, "reported only by an unattributed reprint here: not counted on its own")
    return Weighed(event, True, False, "voices or acts on a concern about goods from China in the time frame")


def in_article_month(weighed: Weighed, window: Window) -> Weighed:
    """An event of the article's month that would count (for or against) counts only when dated before the first day
    the article can have appeared on; one on or after it, or dated by the month alone, is shown, not counted."""
    held = held_back_why(weighed, window)
    if held is not None:
        return Weighed(weighed.event, False, False, held)
    if weighed.event.date[:7] == window.until and (weighed.counted or weighed.against):
        return Weighed(weighed.event, weighed.counted, weighed.against, f"{weighed.why}; before {window.earliest}, "
                                                                        "the first day the article can have appeared")
    return weighed


def held_back_why(weighed: Weighed, window: Window) -> str | None:
    """Why an event of the article's month that would count may postdate the article; None when it does not."""
    event = weighed.event
    if event.date[:7] != window.until or not (weighed.counted or weighed.against):
        return None
    if len(event.date) == 7:
        return f"dated only by the article's month ({window.until}): it may postdate the article; shown, not counted"
    if event.date >= window.earliest:
        return (f"on or after {window.earliest}, the first day the article can have appeared (ours): it may "
                "postdate the article; shown, not counted")
    return None


def weighed_events(ledger: Ledger, countries: list[str], window: Window) -> list[Weighed]:
    """Every event the ledger holds for these countries, by country and date, each weighed by month (`weigh`), then
    the article's month by its day (`in_article_month`)."""
    return [in_article_month(weigh(event, window), window) for country in countries for event in ledger.events(country)]


def events_frame(weighed: list[Weighed]) -> pd.DataFrame:
    """The events as a table: one row per event and page, with whether it counts and why (the source id links to
    its page)."""
    return pd.DataFrame([{"country": item.event.country, "date": item.event.date,
                          "who did what, about what": f"{item.event.actor}: {item.event.action} "
                                                      f"({item.event.concerns})",
                          "stance": item.event.stance, "counted": item.counted,
                          "why": item.why, "id": item.event.id, "source_id": item.event.source.id,
                          "kind": item.event.source.kind,
                          "url": item.event.source.url} for item in weighed],
                        columns=TABLE_COLUMNS)


def distinct(events: list[Event]) -> list[Event]:
    """One page's report of each event (the first listed), in the order given."""
    first: dict[str, Event] = {}
    for event in events:
        first.setdefault(event.id, event)
    return list(first.values())


def event_text(event: Event) -> str:
    """'2025-12-10, Senate: approved ... (goods ...)'."""
    return f"{event.date}, {event.actor}: {event.action} ({event.concerns})"


def described(events: list[Event], shown: int = 2) -> str:
    """The first few events in words, and how many more."""
    firsts = distinct(events)
    text = "; ".join(event_text(event) for event in firsts[:shown])
    return text + (f"; and {len(firsts) - shown} more" if len(firsts) > shown else "")


def held_back(weighed: list[Weighed], window: Window) -> list[Event]:
    """The events of the article's month that would count (for or against) but may postdate the article."""
    return [item.event for item in weighed if not (item.counted or item.against)
            and item.event.date[:7] == window.until and ((by_month := weigh(item.event, window)).counted
                                                         or by_month.against)]


def held_back_words(events: list[Event], window: Window) -> str:
    """A sentence naming the events of the article's month that are shown, not counted; "" when there are none."""
    if not events:
        return ""
    return (f" Shown, not counted, as they may postdate the article (it can have appeared from {window.earliest} on): "
            f"{described(events)}.")


def country_verdict(name: str, weighed: list[Weighed], window: Window) -> verdicts.Verdict:
    """One country's part: supported by an event voicing or acting on the concern in the time frame; not supported
    when it only dismissed it there; insufficient data when the ledger holds neither. The events of the article's
    month that may postdate it are named, not counted."""
    counted = [item.event for item in weighed if item.counted]
    against = [item.event for item in weighed if item.against]
    later = held_back_words(held_back(weighed, window), window)
    if counted:
        reason = (f"{name}: {len(distinct(counted))} event(s) from {window.words} voice or act on a concern about "
                  f"goods from China: {described(counted)}.")
        if against:
            reason += f" It also dismissed such a concern: {described(against)}."
        return verdicts.Verdict(verdicts.SUPPORTED, reason + later)
    if against:
        return verdicts.Verdict(verdicts.NOT_SUPPORTED, f"{name}: in {window.words} the events recorded dismiss such a "
                                                        f"concern and none voices it: {described(against)}.{later}")
    return verdicts.Verdict(verdicts.INSUFFICIENT, f"The ledger lacks the event this part needs: "
                                                   f"{missing_event(name, weighed, window)}.{later}")


def missing_event(name: str, weighed: list[Weighed], window: Window) -> str:
    """What the ledger lacks for a country's part, and what it holds instead."""
    what = (f"an event of {name}'s government or public bodies voicing or acting on a concern about goods from "
            f"China, {window.words}")
    if weighed:
        others = "; ".join(f"{item.event.date} ({item.why})" for item in weighed[:3])
        what += f" (it holds {len(weighed)} other row(s): {others})"
    return what


def country_part(code: str, name: str, weighed: list[Weighed], window: Window) -> Part:
    """The part of a country: the article's words naming it, or, for a country it does not name, its words about
    other countries, with what the rerun asks said apart."""
    counted = distinct([item.event for item in weighed if item.counted])
    return Part(words=NAMED_WORDS.get(code, OTHER_WORDS), verdict=country_verdict(name, weighed, window),
                measured=len(counted), period=window.period, unit="events",
                asks="" if code in NAMED_WORDS else f"whether {name} voiced or acted on the concern")


def main_asks(codes: list[str], names: list[str]) -> str:
    """What a rerun with other countries than the article's asks of its sentence ("" for the article's own)."""
    if codes == list(NAMED_WORDS):
        return ""
    return f"whether {' and '.join(names) if len(names) < 3 else ', '.join(names)} each voiced or acted on the concern"


def country_summary(name: str, weighed: list[Weighed], window: Window) -> str:
    """A country's part in a clause: what it did first in the time frame, or that it only dismissed the concern, or
    that the ledger holds nothing for it."""
    counted = distinct([item.event for item in weighed if item.counted])
    against = distinct([item.event for item in weighed if item.against])
    dismissed = f"; it also dismissed such a concern ({len(against)} event(s))" if against else ""
    if counted:
        return f"{name}: {len(counted)} event(s), the first {event_text(counted[0])}{dismissed}"
    if against:
        return f"{name} only dismissed such a concern ({len(against)} event(s))"
    return f"{name}: no event recorded from {window.words}"


def main_verdict(parts: list[Part], summaries: list[str]) -> verdicts.Verdict:
    """All the countries together: supported when each is, not supported when none is and each is judged,
    insufficient data when none can be judged, partly supported otherwise."""
    labels = [part.verdict.label for part in parts]
    shown = "; ".join(summaries)
    if all(label == verdicts.SUPPORTED for label in labels):
        return verdicts.Verdict(verdicts.SUPPORTED, f"Each country voiced or acted on the concern. {shown}.")
    if all(label == verdicts.NOT_SUPPORTED for label in labels):
        return verdicts.Verdict(verdicts.NOT_SUPPORTED, f"No country is shown to have voiced it. {shown}.")
    if all(label == verdicts.INSUFFICIENT for label in labels):
        return verdicts.Verdict(verdicts.INSUFFICIENT, f"The ledger holds no event that settles it for any country. "
                                                       f"{shown}.")
    return verdicts.Verdict(verdicts.PARTLY, f"Not every country is shown to have voiced it. {shown}.")


def import_period(ledger: Ledger, country: str, flow: str, year: str) -> str | None:
    """The period of the year to show a country's imports for: the full year when published, else the span that
    covers the most months (January-April rather than April alone), then the latest."""
    periods = [period for period in ledger.periods(country, CHINA, flow, measure="yoy_pct") if period.startswith(year)]
    if not periods:
        return None
    return max(periods, key=lambda period: (period == year, parse_period(period).months, period))


@dataclass
class Context:
    """Each country's own statistics of its imports from China, and China's exports to it: shown, not judged."""

    rows: list[Row]
    figures: list[Figure]
    chart: list[dict]
    missing: list[str]


def import_context(ledger: Ledger, country: str, name: str, year: str, context: Context) -> None:
    """Add a country's imports from China in `year` (its own data; the non-oil-and-gas series, labelled, where the
    total is not in the ledger) and China's exports to it."""
    china_side = ledger.get(CHINA, country, "exports", year)
    if china_side:
        context.rows.append(Row(quantity=f"China's exports to {name} (China's data; context)", period=year,
                                measured=china_side.value, article=None, unit="US$ bn", figure=china_side))
        context.figures.append(china_side)
    flow, series = "imports", ""
    period = import_period(ledger, country, flow, year)
    if period is None:  # some statistics offices (BPS) headline non-oil-and-gas imports: use them, labelled as such
        flow, series = "imports_non_oil_gas", " (non-oil-and-gas)"
        period = import_period(ledger, country, flow, year)
    if period is None:
        context.missing.append(f"{name}'s imports from China in {year} (its own data; context only)")
        return
    growth = ledger.require(country, CHINA, flow, period, measure="yoy_pct")
    level = ledger.get(country, CHINA, flow, period)
    context.rows.append(Row(quantity=f"{name}'s imports{series} from China, y/y ({name}'s data; context, not judged)",
                            period=period, measured=growth.value, article=None, unit="%", figure=growth))
    context.figures.append(growth)
    if level:
        context.rows.append(Row(quantity=f"{name}'s imports{series} from China ({name}'s data; context)",
                                period=period, measured=level.value, article=None, unit="US$ bn", figure=level))
        context.figures.append(level)
    context.chart.append({"country": f"{name}{series}, {period}", "period": period, "kind of period": kind_name(period),
                          "imports from China, y/y %": growth.value})


@dataclass(frozen=True)
class Judged:
    """The claim's parts: the main part (the countries together) first, then one per country."""

    parts: list[Part]
    country_parts: list[Part]
    missing: list[str]


def judged_parts(codes: list[str], names: list[str], by_country: list[list[Weighed]], window: Window) -> Judged:
    country_parts = [country_part(code, name, weighed, window)
                     for code, name, weighed in zip(codes, names, by_country, strict=True)]
    summaries = [country_summary(name, weighed, window) for name, weighed in zip(names, by_country, strict=True)]
    main = Part(words=ARTICLE_WORDS, verdict=main_verdict(country_parts, summaries),
                measured=sum(part.verdict.label == verdicts.SUPPORTED for part in country_parts),
                period=window.period, unit="countries", main=True, asks=main_asks(codes, names))
    missing = [missing_event(name, weighed, window) for name, weighed, part in zip(names, by_country, country_parts,
                                                                                    strict=True)
               if part.verdict.label == verdicts.INSUFFICIENT]
    if window.since > window.until:
        empty = verdicts.Verdict(verdicts.INSUFFICIENT, f"The time frame {window.words} is empty: `since` comes after "
                                                        "`until`.")
        return Judged([Part(words=main.words, verdict=empty, period=window.period, unit="countries", main=True,
                            asks=main.asks)],
                      country_parts, missing)
    return Judged([main, *country_parts], country_parts, missing)


def count_rows(names: list[str], judged: Judged, window: Window) -> list[Row]:
    """The figures table's lines for the events: the countries shown (the headline), then each country's events."""
    measured = judged.parts[0].measured
    rows = [Row(quantity=f"Countries shown to have voiced or acted on the concern (of {len(names)} named)",
                period=window.period, measured=measured, article=None, unit="countries", headline=True,
                note="counted from the events below")]
    return rows + [Row(quantity=f"{name}: events voicing or acting on a concern about goods from China",
                       period=window.period, measured=part.measured, article=None, unit="events",
                       note="the events table below")
                   for name, part in zip(names, judged.country_parts, strict=True)]


@applies("events_per_country")
@rechecked
def concerns_claim(ledger: Ledger, claim_id: str, countries: str, since: str, until: str, earliest_day: int
                   ) -> Check:
    """'Mexico, Indonesia ... have also expressed similar concerns about the dumping of Chinese products': one part per
    country, judged on its events from `since` to `until` (the article's month; its events dated before `earliest_day`,
    the first day of it the article can have appeared on); imports from China as context."""
    window = Window(since, until, int(earliest_day))
    codes = [code for code in countries.split(",") if code]
    names = [ledger.partner_name(code) for code in codes]
    weighed = weighed_events(ledger, codes, window)
    by_country = [[item for item in weighed if item.event.country == code] for code in codes]
    judged = judged_parts(codes, names, by_country, window)
    context = Context([], [], [], [])
    for code, name in zip(codes, names, strict=True):
        import_context(ledger, code, name, until[:4], context)
    return Check(
        claim_id=claim_id,
        verdict=combine_parts(judged.parts),
        measured=judged.parts[0].measured,
        unit="countries",
        article_value=None,
        headline=[],
        rows=count_rows(names, judged, window) + context.rows,
        figures=context.figures,
        inputs=[],
        parts=judged.parts,
        events=[item.event for item in weighed],
        event_inputs=[item.event for item in weighed if item.counted],
        caveats=[EVENTS_CAVEAT, caveats.MIRROR],
        missing=judged.missing + context.missing,
        method=(f"For each country, the events the ledger records of its government or public bodies from "
                f"{window.words}: an anti-dumping duty or investigation, a tariff or a minister's words about goods "
                "from China count for the claim, a dismissal of such a concern against it; events after the article's "
                "month, about imports from every origin, or reported only by an unattributed reprint are shown, not "
                f"counted. {article_month_words(window)} The headline is the number of countries shown to have "
                "voiced or acted on the concern. The countries' own import statistics are context, not judged."),
        chart=pd.DataFrame(context.chart),
        chart_spec=dict(CHART),
        extra_tables={"Events recorded, and how each is weighed": events_frame(weighed)},
    )


def article_month_words(window: Window) -> str:
    """How the events of the article's month are weighed, in a sentence."""
    return (f"The article gives only its month ({window.until}); it can have appeared from {window.earliest} on "
            "(ours): events of that month dated before that day count, later ones are shown, not counted.")


CHART = {"kind": "bars", "x": "country", "y": "imports from China, y/y %", "hue": "kind of period", "period": "period",
         "ylabel": "change on a year earlier, %",
         "title": "Context, not judged: imports from China in the partners' own statistics"}
EVENTS_CAVEAT = ("The ledger records events found in stored public pages, not every act of each government: a "
                 "country without a recorded event is 'insufficient data', not evidence that it stayed silent.")
