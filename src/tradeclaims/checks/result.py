"""The outcome of checking one claim: verdict, headline figure, the figures behind it, caveats."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tradeclaims.checks.alternatives import alternatives, robust
from tradeclaims.checks.currencies import name_currencies
from tradeclaims.checks.parts import Part
from tradeclaims.checks.routes import Choice
from tradeclaims.checks.verdicts import Verdict, rounded
from tradeclaims.ledger.events import Event
from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.origins import agreement
from tradeclaims.ledger.quality import tier_rank
from tradeclaims.ledger.sources import Source


@dataclass(kw_only=True)
class Row:
    """One line of the figures table: a quantity, our value and the article's."""

    quantity: str
    period: str
    measured: float | None
    article: float | None  # only a number the article printed
    unit: str
    figure: Figure | None = None
    note: str = ""
    threshold: float | None = None  # a number of ours the measure is held against (a band, a reading of a word)
    headline: bool = False  # the line whose figure is the claim's headline (its period is the claim's period)
    bound: str | None = None  # verdicts.LOWER or UPPER when the figure can only be a bound: shown rounded outward


@dataclass(frozen=True, kw_only=True)
class Threshold:
    """What a headline is held against when the article printed no number: our reading of its words, named."""

    label: str
    value: float
    unit: str


@dataclass(kw_only=True)
class Check:
    claim_id: str
    verdict: Verdict
    measured: float | None
    unit: str
    article_value: float | None  # the article's own figure; None when it printed none
    threshold: Threshold | None = None
    headline: list[Figure] | None = None  # the published figures the headline is computed from (default: figures)
    rows: list[Row] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    inputs: list[Figure] | None = None  # every published figure the verdict rests on (default: figures)
    choices: list[Choice] = field(default_factory=list)  # the routes taken to quantities, and those not taken
    rerun: Callable[[Ledger], Check] | None = field(default=None, repr=False)  # the same check on another ledger
    ledger: Ledger | None = field(default=None, repr=False)  # the ledger it ran on
    caveats: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    bound: str | None = None  # verdicts.LOWER or UPPER when the headline can only be a bound (parts lack figures)
    parts: list[Part] = field(default_factory=list)  # the sentence's assertions, judged one by one (see checks.parts)
    events: list[Event] = field(default_factory=list)  # what governments did or said, shown with their pages
    event_inputs: list[Event] | None = None  # the events the verdict rests on (default: events)
    method: str = ""
    chart: pd.DataFrame | None = None
    chart_spec: dict[str, Any] = field(default_factory=dict)
    extra_tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def sources(self) -> list[Source]:
        """Every source behind the figures used, including those of alternative figures, and the pages of the events
        shown."""
        seen: dict[str, Source] = {}
        for figure in self.figures + [row.figure for row in self.rows if row.figure]:
            for item in (figure, *figure.alternatives):
                seen.setdefault(item.source.id, item.source)
        for event in self.events:
            seen.setdefault(event.source.id, event.source)
        return list(seen.values())

    def verdict_events(self) -> list[Event]:
        """The events the verdict rests on."""
        return self.events if self.event_inputs is None else self.event_inputs

    def disagreements(self) -> list[Figure]:
        unique = {id(figure): figure for figure in self.figures + [r.figure for r in self.rows if r.figure]}
        return [figure for figure in unique.values() if figure.disagreement]

    def table(self) -> pd.DataFrame:
        """The figures table: the article's numbers in `article`, ours (thresholds, bands) in `threshold` when any."""
        table = pd.DataFrame(
            [
                {
                    "quantity": row.quantity,
                    "period": row.period,
                    "measured": shown_measure(row),
                    "article": row.article,
                    "threshold": row.threshold,
                    "unit": row.unit,
                    "source": row.figure.source.id if row.figure else ("computed" if row.measured is not None else ""),
                    "note": row.note,
                }
                for row in self.rows
            ],
            columns=["quantity", "period", "measured", "article", "threshold", "unit", "source", "note"],
        )
        return table if table["threshold"].notna().any() else table.drop(columns="threshold")

    def result(self) -> dict[str, Any]:
        """The part of results.json the notebook records."""
        found = alternatives(self)
        return {
            "claim": self.claim_id,
            "verdict": self.verdict.label,
            "reason": self.verdict.reason,
            "measured": None if self.measured is None else round(float(self.measured), 4),
            "unit": self.unit,
            "article_value": self.article_value,
            "threshold": None if self.threshold is None else {
                "label": self.threshold.label, "value": float(self.threshold.value), "unit": self.threshold.unit},
            "period": self.headline_period(),
            "bound": None if self.measured is None else self.bound,
            "missing": self.missing,
            "sources": [source.url for source in self.sources()],
            "headline_sources": self.headline_sources(),
            "inputs": [self.input_entry(figure) for figure in self.verdict_inputs()],
            "evidence": self.evidence(),
            "routes": [route_entry(choice) for choice in self.choices],
            "alternatives": found,
            "robust": robust(self, found),
            "parts": [part.entry() for part in self.judged_parts()],
            "doubtful": self.doubtful_inputs(),
            "events": [event_entry(event, counted=event in self.verdict_events()) for event in self.events],
        }

    def headline_sources(self) -> list[dict[str, Any]]:
        """The pages the headline rests on: those of its figures; for a count of events, the pages of the events
        counted (each with the events it reports, in words)."""
        by_source = self.headline_figures_by_source()
        if by_source or self.measured is None or not self.verdict_events():
            return [headline_source(figures[0].source, figures) for figures in by_source.values()]
        events: dict[str, list[Event]] = {}
        for event in self.verdict_events():
            events.setdefault(event.source.id, []).append(event)
        return [{**headline_source(found[0].source), "figures": [event_words(event) for event in found]}
                for found in events.values()]

    def judged_parts(self) -> list[Part]:
        """The parts the verdict combines; a claim of one assertion is its own main part (its words are the claim's
        quote, which the run fills in)."""
        if self.parts:
            return self.parts
        return [Part(words="", verdict=self.verdict, measured=self.measured, period=self.headline_period(),
                     unit=self.unit, bound=self.bound, main=True)]

    def doubtful_inputs(self) -> list[str]:
        """The publishers of the inputs marked doubtful (pages that print visible errors elsewhere)."""
        return sorted({figure.source.publisher for figure in self.verdict_inputs() if figure.status == "doubtful"})

    def verdict_inputs(self) -> list[Figure]:
        """Every published figure the verdict rests on, once each."""
        unique = {id(figure): figure for figure in (self.figures if self.inputs is None else self.inputs)}
        return list(unique.values())

    def evidence(self) -> str | None:
        """The weakest tier among the figures and the pages of the events the verdict rests on (official when every
        one is official)."""
        kinds = [figure.source.kind for figure in self.verdict_inputs()]
        kinds += [event.source.kind for event in self.verdict_events()]
        return max(kinds, key=tier_rank) if kinds else None

    def role(self, figure: Figure) -> str:
        """What a figure is in this check: the quantity of its line in the figures table, else its label."""
        return next((row.quantity for row in self.rows if row.figure is figure), figure.label)

    def input_entry(self, figure: Figure) -> dict[str, Any]:
        agreed = agreement(figure)
        return {"role": self.role(figure), "value": round(float(figure.value), 6), "unit": figure.unit,
                "period": figure.period, "source_id": figure.source.id, "publisher": figure.source.publisher,
                "kind": figure.source.kind, "origin": figure.source.origin,
                "origins_agreeing": agreed.origins_agreeing, "origins_disagreeing": agreed.origins_disagreeing,
                "agreeing_pages": list(agreed.agreeing_pages), "disagreeing_pages": list(agreed.disagreeing_pages)}

    def headline_period(self) -> str | None:
        """The period the main part judges (the period asked, even when the ledger has no figure for it); else the
        period of the headline line; else of the first line set against a figure; else of the first line."""
        main = next((part for part in self.parts if part.main and part.period), None)
        if main is not None:
            return main.period
        compared = ([row for row in self.rows if row.headline]
                    or [row for row in self.rows if row.article is not None or row.threshold is not None] or self.rows)
        return compared[0].period if compared else None

    def headline_figures_by_source(self) -> dict[str, list[Figure]]:
        """The published figures the headline is computed from, by source id (none when there is no headline)."""
        if self.measured is None:
            return {}
        by_source: dict[str, list[Figure]] = {}
        for figure in self.figures if self.headline is None else self.headline:
            if figure not in by_source.setdefault(figure.source.id, []):
                by_source[figure.source.id].append(figure)
        return by_source


TABLE_DIGITS = 2  # the decimals a table shows (notebook.tables.cell_text)


def shown_measure(row: Row) -> float | None:
    """A line's figure as the table shows it: a bound rounded outward to the table's decimals (a lower bound down, an
    upper bound up), so that the figure shown still holds; any other figure as it is."""
    if row.measured is None or row.bound is None:
        return row.measured
    return rounded(float(row.measured), row.bound, TABLE_DIGITS)


PREPOSITIONS = {"exports": "to", "imports": "from", "balance": "with"}


def figure_words(figure: Figure) -> str:
    """Which figure it is, in words: 'exports to ASEAN, 2025', 'y/y change of exports to US, 2025-11'."""
    reporter = "" if figure.reporter == "CN" else f"{figure.reporter} "
    what = f"{reporter}{figure.flow} {PREPOSITIONS.get(figure.flow, 'to')} {figure.partner}, {figure.period}"
    return f"y/y change of {what}" if figure.measure == "yoy_pct" else what


def event_words(event: Event) -> str:
    """An event in a few words: 'MX, 2025-12-10: Senate'."""
    return f"{event.country}, {event.date}: {event.actor}"


def event_entry(event: Event, counted: bool) -> dict[str, Any]:
    """An event as results.json records it: what was done or said, by whom, when, and the page reporting it."""
    return {"id": event.id, "date": event.date, "country": event.country, "actor": event.actor,
            "action": event.action, "concerns": event.concerns, "partner": event.partner, "stance": event.stance,
            "source_id": event.source.id, "publisher": event.source.publisher, "kind": event.source.kind,
            "url": event.source.url, "counted": counted}


def headline_source(source: Source, figures: list[Figure] = ()) -> dict[str, Any]:
    """A source of the headline figure as results.json and the report top show it, with the figures it gives."""
    return {"publisher": source.publisher, "url": source.url, "published": source.published,
            "published_basis": source.published_basis, "kind": source.kind, "agency": source.agency,
            "attribution": source.attribution, "figures": [figure_words(figure) for figure in figures]}


def route_entry(choice: Choice) -> dict[str, Any]:
    """A quantity's route taken and those not taken, as results.json records them."""
    def route(item) -> dict[str, Any]:
        return {"name": item.name, "value": round(float(item.value), 6), "kind": item.weakest,
                "sources": [figure.source.id for figure in item.figures]}
    return {"quantity": choice.quantity, "taken": route(choice.taken),
            "not_taken": [route(item) for item in choice.not_taken]}


def rechecked(function: Callable[..., Check]) -> Callable[..., Check]:
    """A claim's check function whose Check can rerun itself, with the same parameters, on another ledger view."""
    @functools.wraps(function)
    def check_with_rerun(ledger: Ledger, *args, **kwargs) -> Check:
        with ledger.read_log.recording() as reads:
            check = function(ledger, *args, **kwargs)
        name_currencies(check, ledger, list(reads))
        check.rerun = lambda other: function(other, *args, **kwargs)
        check.ledger = ledger
        return check
    return check_with_rerun
