"""A missing figure that the ledger holds in another currency only, said so in every claim's `missing` texts.

A claim reads one currency's series (the dollar series, mostly); a page fetched in yuan gives the same quantities
in CNY. When a claim lacks a figure that way, "the ledger lacks it" would mislead: the reader would look for a page
that is already there. The Ledger's read log, recorded while the check runs, tells which quantities it asked for;
those it asked for in vain and holds in another currency are the facts. Each `missing` text that names one of them
(its period, flow and partner; see `names`) gets the words of ledger/units.py: only_in_words, and the verdicts'
reasons that quote the text get them too. Done where every claim's Check is made (checks.result: rechecked), so that
no claim module has to do it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.units import only_in_words

ALREADY_SAID = "; the claim reads the "  # a text that already names both currencies (growth.py's own)
WORLD = "WLD"
CHINA = "CN"
DOLLARS = "USD"
CURRENCY_WORDS = {"USD": r"US\$|\bUSD\b|\bdollars?\b", "CNY": r"\bCNY\b|\byuan\b|\bRMB\b"}


@dataclass(frozen=True)
class HeldElsewhere:
    """A quantity the claim read in `currency` and found only in `held` (other currencies)."""

    reporter: str
    partner: str
    flow: str
    period: str
    currency: str
    held: tuple[str, ...]


def held_elsewhere(ledger: Ledger, reads: list[tuple], texts: list[str], partner_names: dict[str, str]
                   ) -> list[HeldElsewhere]:
    """The quantities the check asked the ledger for (`reads`, see ledger/reads.py) with no figure in the currency
    asked and held in another one; only those some missing text names are looked up (a check asks for many)."""
    found = []
    for read in reads:
        if read[0] != "quantity":
            continue
        reporter, partner, flow, period, measure, currency = quantity = tuple(read[1:])
        asked = HeldElsewhere(reporter, partner, flow, period, currency, ())
        if not any(names(text, asked, partner_names) for text in texts) or ledger.candidates(quantity):
            continue
        held = ledger.held_only_in(reporter, partner, flow, [period], currency, measure=measure).get(period, [])
        if held:
            found.append(replace(asked, held=tuple(held)))
    return found


def names(text: str, fact: HeldElsewhere, partner_names: dict[str, str]) -> bool:
    """Whether a missing text names the fact's figure: its period as a whole period ('2026-03', not the end of
    '2026-01/2026-03'), its flow, its partner by code or name (the world is the partner a text names by naming none)
    and its reporter when it is not China (whose trade the claims read unless they name another reporter)."""
    if not re.search(rf"(?<![\w/-]){re.escape(fact.period)}(?![\w/-])", text) or not flow_in(fact.flow, text):
        return False
    if fact.reporter != CHINA and not country_in(fact.reporter, text, partner_names):
        return False
    if fact.partner == WORLD:
        return not any(code_in(code, text) for code in partner_names if code not in (WORLD, CHINA, fact.reporter))
    return country_in(fact.partner, text, partner_names)


def text_currency(text: str) -> str | None:
    """The currency a missing text names ('US$ bn', 'yuan'), if any: a claim that reads the dollar series and shows the
    yuan series beside it asks for both; the text tells which one it lacks. A text that names none is taken to lack
    the dollar series when the claim asked for it in vain (the series every claim of trade levels judges)."""
    found = [code for code, pattern in CURRENCY_WORDS.items() if re.search(pattern, text)]
    return found[0] if len(found) == 1 else None


def flow_in(flow: str, text: str) -> bool:
    """The flow in words ('net exports' for net_exports; the 'exports' of 'net exports' is not exports)."""
    return bool(re.search(rf"(?<!net )\b{re.escape(flow.replace('_', ' '))}\b", text))


def country_in(code: str, text: str, partner_names: dict[str, str]) -> bool:
    name = partner_names.get(code, "")
    return code_in(code, text) or bool(name and name in text)


def code_in(code: str, text: str) -> bool:
    """A partner's code as a word of its own ('US', not the 'US' of 'US$')."""
    return bool(re.search(rf"(?<![\w$]){re.escape(code)}(?![\w$])", text))


def with_currencies(text: str, facts: list[HeldElsewhere], partner_names: dict[str, str]) -> str:
    """The text, with the currency the claim reads and those the ledger holds the figure in when it names one."""
    if ALREADY_SAID in text:
        return text
    named = [fact for fact in facts if names(text, fact, partner_names)]
    needed = text_currency(text) or (DOLLARS if any(fact.currency == DOLLARS for fact in named) else None)
    named = [fact for fact in named if needed is None or fact.currency == needed]
    if not named:
        return text
    needed = named[0].currency
    held: dict[str, list[str]] = {}
    for fact in named:
        if fact.currency == needed:
            held.setdefault(fact.period, [])
            held[fact.period] = sorted(set(held[fact.period]) | set(fact.held))
    return text + only_in_words(needed, held)


def name_currencies(check, ledger: Ledger, reads: list[tuple]) -> None:
    """Every `missing` text of the check (and the reasons quoting it) says so when the ledger holds its figure only in
    another currency than the one the claim reads; `reads`: what the check asked the ledger for."""
    if not check.missing:
        return
    partner_names = {code: str(name) for code, name in ledger.partners["name"].items()}
    facts = held_elsewhere(ledger, reads, check.missing, partner_names)
    if not facts:
        return
    renamed = {text: with_currencies(text, facts, partner_names) for text in check.missing}
    renamed = {old: new for old, new in renamed.items() if old != new}
    if not renamed:
        return
    check.missing = [renamed.get(text, text) for text in check.missing]
    check.verdict = quoting(check.verdict, renamed)
    check.parts = [replace(part, verdict=quoting(part.verdict, renamed)) for part in check.parts]


def quoting(verdict, renamed: dict[str, str]):
    """A verdict whose reason quotes the missing texts as they now read."""
    reason = verdict.reason
    for old, new in sorted(renamed.items(), key=lambda pair: -len(pair[0])):
        reason = reason.replace(old, new) if new not in reason else reason
    return replace(verdict, reason=reason)
