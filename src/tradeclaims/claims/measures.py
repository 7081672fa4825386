"""What the US and the EU did against goods from China: the article's sentences on their measures, judged statement by
statement on events (ledger/events.py), as mexico-indonesia judges countries (claims/partners.py, whose weighing of an
event this module reuses).

Each statement of the sentence is a part. A statement is borne out by an event of the named governments (`countries`)
in its time frame that acts as the article says (a tariff imposed or raised, a fee charged, a barrier put up) against
goods from China, reported by a page above an unattributed reprint. Which statement an event is about is written in
its id, right after the date (`us-2025-10-14-port-fees-charged` is about the port fees: see `about`). An event that
eases or suspends the measure in the time frame (a tariff cut, a suspension; stance `dismissal`) is weighed against
it: it does not undo a statement in the past tense ("raised tariffs significantly", "levied special port fees"), but
the part's reason names it, since the article does not; a statement for which the time frame holds only such events
is not supported. No event either way leaves the part `insufficient data`.

The article's day is not known, only its month (`until`). Events after that month are shown, not counted (the
partners' rule); so are events of that month from `earliest_day` on, the first day it can have appeared (ours: the
article reports China's November trade figures, published on 8 December 2025), and events of that month dated by the
month alone, since they may postdate the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from tradeclaims.checks import verdicts
from tradeclaims.checks.parts import Part, combine_parts
from tradeclaims.checks.result import Check, Row, rechecked
from tradeclaims.checks.rules import applies
from tradeclaims.claims.partners import Weighed, Window, described, distinct, events_frame, held_back_why, weigh
from tradeclaims.ledger.events import Event
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.periods import Month

CHINA = "CN"
UNIT = "statements"
EVENT_ID = re.compile(r"^[a-z0-9]+-\d{4}-\d{2}(?:-\d{2})?-(?P<topic>.+)$")  # country, date, then what it is about
TABLE = "Events recorded, and how each is weighed"


@dataclass(frozen=True)
class Statement:
    """One assertion of the article's sentence about what a government did."""

    topic: str  # the events it is judged on: those whose id names it right after the date
    words: str  # the article's words (verbatim)
    label: str  # what it asserts, in our words (tables)
    short: str  # the same in a few words (the chart's axis)
    since: str | None = None  # the first month of its own time frame when the sentence gives one (else the claim's)
    main: bool = False


# The statements of each sentence; each set's main part is the assertion the sentence turns on.
# US: "raised tariffs significantly" is the heart of what the sentence says Washington did after January 2025 (its
# "further increased trade barriers"): the kept tariffs are the backdrop, the port fees and "other ways" further
# examples. EU: the duties on electric cars are the one measure the sentence names as taken; "other ways to protect"
# is vaguer, and Macron's threat is a statement about what may come, made by a member state's president.
STATEMENTS: dict[str, tuple[Statement, ...]] = {
    "us": (
        Statement("section-301", "imposed tariffs on Chinese goods",
                  "tariffs of the first term kept after it ended (20 January 2021)", "tariffs kept after 2021",
                  since="2021-01"),
        Statement("tariffs", "raised tariffs significantly",
                  "tariffs on goods from China raised since January 2025", "tariffs raised in 2025", main=True),
        Statement("port-fees", "levied special port fees on Chinese vessels", "port fees on Chinese ships",
                  "port fees"),
        Statement("barriers", "in other ways restricted Chinese products",
                  "other barriers to goods from China", "other barriers"),
    ),
    "eu": (
        Statement("ev-duties", "high tariffs on Chinese-made electric vehicles",
                  "duties on electric cars from China", "duties on electric cars", main=True),
        Statement("protection", "seeking other ways to protect", "other protective steps against goods from China",
                  "other protective steps"),
        Statement("tariff-warning", "threatened to impose higher tariffs",
                  "Macron's warning of tariffs unless China reduces its surplus", "Macron's warning"),
    ),
}


def about(event: Event, statement: Statement) -> bool:
    """Whether an event is about a statement: its id names the statement's topic right after the date."""
    match = EVENT_ID.match(event.id)
    return bool(match) and (match["topic"] == statement.topic or match["topic"].startswith(f"{statement.topic}-"))


def weighed_for(event: Event, window: Window) -> Weighed:
    """The partners' weighing of an event (time frame by month, goods from China, dismissals, reprints), in this
    claim's words; then the article's month by the day: an event of that month counts only when dated before the
    first day the article can have appeared (`held_back_why`, as for the partners' concerns)."""
    weighed = weigh(event, window)
    if not (weighed.counted or weighed.against):
        return weighed
    held = held_back_why(weighed, window)
    if held is not None:
        return Weighed(event, False, False, held)
    why = ACTS if weighed.counted else EASES
    if event.date[:7] == window.until:
        why += f"; before {window.earliest}, the first day the article can have appeared (ours)"
    return Weighed(event, weighed.counted, weighed.against, why)


ACTS = "does what the statement says, about goods from China, in the time frame"
EASES = "eases or suspends the measure in the time frame: weighed against the statement"


def statement_window(statement: Statement, window: Window) -> Window:
    return Window(statement.since or window.since, window.until, window.earliest_day)


def statement_verdict(statement: Statement, weighed: list[Weighed], window: Window) -> verdicts.Verdict:
    """Supported by an event acting as stated in the time frame (easings named); not supported when the time frame
    holds only easings; insufficient data when it holds neither."""
    acted = distinct([item.event for item in weighed if item.counted])
    eased = distinct([item.event for item in weighed if item.against])
    if acted:
        reason = f"{len(acted)} event(s) from {window.words} bear it out: {described(acted)}."
        late = [event for event in acted if event.date[:7] == window.until]
        if late:
            reason += (f" {len(late)} of them fall(s) in the article's month, before {window.earliest}, the first day the "
                       "article can have appeared (ours), so before it.")
        if eased:
            reason += (f" In the same time frame it was eased or suspended, which the article does not say: "
                       f"{described(eased)}.")
        return verdicts.Verdict(verdicts.SUPPORTED, reason)
    if eased:
        return verdicts.Verdict(verdicts.NOT_SUPPORTED, f"In {window.words} the events recorded ease or suspend it "
                                                        f"and none bears it out: {described(eased)}.")
    return verdicts.Verdict(verdicts.INSUFFICIENT, f"The ledger lacks the event this part needs: "
                                                   f"{missing_event(statement, weighed, window)}.")


def missing_event(statement: Statement, weighed: list[Weighed], window: Window) -> str:
    """What the ledger lacks for a statement, and what it holds about it instead."""
    what = f"an event showing {statement.label}, {window.words}, before the article appeared"
    if weighed:
        others = "; ".join(f"{item.event.date} ({item.why})" for item in weighed[:3])
        what += f" (it holds {len(weighed)} other row(s): {others})"
    return what


@dataclass(frozen=True)
class Judged:
    """One statement: its time frame, its events as weighed, its part."""

    statement: Statement
    window: Window
    weighed: list[Weighed]
    part: Part


def judged(statement: Statement, events: list[Event], window: Window) -> Judged:
    own = statement_window(statement, window)
    weighed = [weighed_for(event, own) for event in events if about(event, statement)]
    if own.since > own.until:
        verdict = verdicts.Verdict(verdicts.INSUFFICIENT, f"The time frame {own.words} is empty: `since` comes after "
                                                          "`until`.")
    else:
        verdict = statement_verdict(statement, weighed, own)
    counted = distinct([item.event for item in weighed if item.counted])
    return Judged(statement, own, weighed, Part(words=statement.words, verdict=verdict, measured=len(counted),
                                                 period=own.period, unit="events", main=statement.main))


def unassigned(events: list[Event], statements: tuple[Statement, ...]) -> list[Weighed]:
    """The events of these governments about none of the statements: shown, not counted."""
    return [Weighed(event, False, False, "about none of the statements judged here: shown, not counted")
            for event in events if not any(about(event, statement) for statement in statements)]


@dataclass(frozen=True)
class Judgement:
    """Every statement of a set judged on the events of some governments, and their events about none of them."""

    names: str
    window: Window
    items: list[Judged]
    others: list[Weighed]

    def weighed(self) -> list[Weighed]:
        """Every event read, as weighed, by date."""
        every = [w for item in self.items for w in item.weighed] + self.others
        return sorted(every, key=lambda w: (w.event.date, w.event.id, w.event.source.id))

    def statement_of(self, event: Event) -> str:
        return next((item.statement.label for item in self.items if about(event, item.statement)), "none")


def judge(ledger: Ledger, countries: str, statements: str, since: str, until: str, earliest_day: int) -> Judgement:
    """The events of `countries` (partner codes), each weighed for the statement it is about."""
    window = Window(since, until, int(earliest_day))
    codes = [code for code in countries.split(",") if code]
    events = [event for code in codes for event in ledger.events(code)]
    chosen = STATEMENTS[statements]
    return Judgement(" and ".join(ledger.partner_name(code) for code in codes), window,
                     [judged(statement, events, window) for statement in chosen],
                     unassigned(events, chosen))


def statement_events(ledger: Ledger, countries: str, statements: str, since: str, until: str, earliest_day: int
                     ) -> pd.DataFrame:
    """The events table: one row per event and page, the statement it is about, whether it counts and why."""
    return events_table(judge(ledger, countries, statements, since, until, earliest_day))


def events_table(judgement: Judgement) -> pd.DataFrame:
    weighed = judgement.weighed()
    table = events_frame(weighed)
    table.insert(1, "statement", [judgement.statement_of(w.event) for w in weighed])
    return table


def chart_rows(items: list[Judged]) -> pd.DataFrame:
    """Per statement, the distinct events that bear it out and those that ease it, with their publishers."""
    rows = []
    for item in items:
        for label, chosen in (("does as stated", [w for w in item.weighed if w.counted]),
                              ("eases or suspends it", [w for w in item.weighed if w.against])):
            events = distinct([w.event for w in chosen])
            publishers = sorted({w.event.source.publisher for w in chosen})
            rows.append({"statement": item.statement.short, "period": item.window.period, "how": label,
                         "events": len(events), "publishers": "; ".join(publishers)})
    return pd.DataFrame(rows, columns=["statement", "period", "how", "events", "publishers"])


def context_period(until: str) -> str:
    """The year to the month before the article's: what the article could know of China's exports (January-November
    2025 for an article of December 2025)."""
    end = Month.parse(until).shift(-1)
    if end.month == 12:
        return str(end.year)
    return str(end) if end.month == 1 else f"{end.year}-01/{end}"


def context_partners(ledger: Ledger, countries: str) -> list[str]:
    """The governments named whose goods trade with China the ledger follows (the EU, not France)."""
    return [code for code in countries.split(",") if code and ledger.periods(CHINA, code, "exports")]


@dataclass
class Context:
    """China's exports to the partners named, to the month before the article's: shown, not judged."""

    rows: list[Row]
    figures: list[Figure]
    missing: list[str]


def exports_context(ledger: Ledger, countries: str, until: str) -> Context:
    period = context_period(until)
    context = Context([], [], [])
    for code in context_partners(ledger, countries):
        name = ledger.partner_name(code)
        found = [(what, unit, ledger.get(CHINA, code, "exports", period, measure))
                 for measure, what, unit in (("yoy_pct", "y/y", "%"), ("value", "level", "US$ bn"))]
        for what, unit, figure in found:
            if figure is not None:
                context.rows.append(Row(quantity=f"China's exports to {name}, {what} (context, not judged)",
                                        period=period, measured=figure.value, article=None, unit=unit, figure=figure))
                context.figures.append(figure)
        if all(figure is None for _, _, figure in found):
            context.missing.append(f"China's exports to {name}, {period} (context only)")
    return context


def latest_report(ledger: Ledger, until: str) -> tuple[Row | None, str | None]:
    """The latest figure the article reports, China's exports to the US in the month before its own (November 2025:
    'plummeted by nearly 30%'), as a context row, and the first day a page of the ledger printed it: the article
    cannot have appeared before then."""
    month = str(Month.parse(until).shift(-1))
    figure = ledger.get(CHINA, "US", "exports", month, "yoy_pct")
    if figure is None:
        return None, None
    printed = [item.source.published for item in (figure, *figure.alternatives)
               if item.source.published and not item.source.published_basis]
    first = min(printed) if printed else None
    note = f"first printed on {first}" if first else "no page of the ledger prints its date"
    return Row(quantity="China's exports to the US, y/y: the latest figure the article reports (context: when it came "
                        "out bounds the article's day)", period=month, measured=figure.value, article=None, unit="%",
               figure=figure, note=note), first


@applies("events_per_country")
@rechecked
def measures_claim(ledger: Ledger, claim_id: str, countries: str, statements: str, since: str, until: str,
                   earliest_day: int) -> Check:
    """The article's statements about what the US (or the EU, and France's president) did against goods from China,
    each judged on the events of `countries` from `since` (or the statement's own start) to `until`, the article's
    month, counting those of that month only when dated before `earliest_day`. The headline is the number of
    statements borne out.

    The main part: for the US, "raised tariffs significantly", the steep rises of 2025 being what the sentence says
    Washington did after Trump's return (the kept tariffs are its backdrop, port fees and "other ways" its further
    examples); for the EU, the duties on Chinese-made electric cars, the one measure the sentence names as taken."""
    judgement = judge(ledger, countries, statements, since, until, earliest_day)
    window, items = judgement.window, judgement.items
    earliest = window.earliest
    parts = [item.part for item in items]
    supported = sum(part.verdict.label == verdicts.SUPPORTED for part in parts)
    weighed = judgement.weighed()
    missing = [missing_event(item.statement, item.weighed, item.window) for item in items
               if item.part.verdict.label == verdicts.INSUFFICIENT]
    context = exports_context(ledger, countries, until)
    reported, first_printed = latest_report(ledger, until)
    if reported is not None:
        context.rows.insert(0, reported)
        context.figures.insert(0, reported.figure)
    rows = [Row(quantity=f"Statements borne out by events (of {len(items)})", period=window.period,
                measured=supported, article=None, unit=UNIT, headline=True, note="counted from the events below")]
    rows += [Row(quantity=f"{item.statement.label}: events doing as stated", period=item.window.period,
                 measured=item.part.measured, article=None, unit="events", note="the events table below")
             for item in items]
    rows += context.rows
    return Check(
        claim_id=claim_id,
        verdict=combine_parts(parts),
        measured=supported,
        unit=UNIT,
        article_value=None,
        headline=[],
        rows=rows,
        figures=context.figures,
        inputs=[],
        parts=parts,
        events=[w.event for w in weighed],
        event_inputs=[w.event for w in weighed if w.counted],
        caveats=[EVENTS_CAVEAT, article_day_caveat(earliest, first_printed), PAST_TENSE_CAVEAT],
        missing=missing + context.missing,
        method=method_words(judgement.names, window, earliest, tuple(item.statement for item in items)),
        chart=chart_rows(items),
        chart_spec={"kind": "bars", "x": "statement", "y": "events", "hue": "how", "period": "period",
                    "ylabel": "events recorded",
                    "title": f"Events about goods from China recorded for {judgement.names}, statement by "
                             "statement"},
        # the events' ids (long, unbroken) stay in the notebook's table: here date and statement name each event
        extra_tables={TABLE: events_table(judgement).drop(columns="id")},
    )


def method_words(names: str, window: Window, earliest: str, statements: tuple[Statement, ...]) -> str:
    own = "; ".join(f"'{statement.words}' from {statement.since}" for statement in statements if statement.since)
    return (f"Each statement of the sentence is judged on the events the ledger records for {names} (governments and "
            f"public bodies), from {window.words} (the article's month)" + (f", or its own start ({own})" if own
                                                                             else "")
            + ": an event about goods from China that acts as the statement says counts for it, one that eases or "
            "suspends the measure is named against it. Events after the article's month, or in it from "
            f"{earliest} on (the first day the article can have appeared, ours), about goods from every origin, or "
            "reported only by an unattributed reprint are shown, not counted. The headline is the number of "
            "statements borne out; the parts are combined by the rule for claims judged part by part. China's "
            "exports to the governments named, from January to the month before the article's, are context, not "
            "judged.")


def article_day_caveat(earliest: str, first_printed: str | None) -> str:
    reported = (f"It reports China's exports to the US of the month before, first printed on {first_printed}, so it "
                "appeared no earlier" if first_printed else "The ledger holds no dated page of the latest figure it "
                                                            "reports")
    return (f"The article's day is not known, only its month. {reported}: events of its month are counted when dated "
            f"before {earliest} (ours), shown as context otherwise.")


EVENTS_CAVEAT = ("The ledger records events found in stored public pages, not every act of each government: a "
                 "statement without a recorded event is 'insufficient data', not evidence that it did not happen.")
PAST_TENSE_CAVEAT = ("The article's statements are in the past tense (tariffs raised, fees levied): a later cut or "
                     "suspension does not undo them, but the part's reason names it where the article does not.")
