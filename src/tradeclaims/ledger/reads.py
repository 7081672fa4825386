"""What a claim read from the ledger, and a digest of what those reads return.

A Ledger notes each selection it answers: the rows of one quantity (whatever they held, or nothing), the keys
matching some columns (the periods of a series, the editions of a figure), a partner's definition, the events of a
country (every row of events.csv for it, with their sources). The run keeps that list with the claim's report and
keys its cache on the digests of those selections: a figure or an event added, revised or removed changes the digest
of exactly the selections that return it. Reading every figure at once (`figures`,
`observations`) cannot be bounded: the claim is then keyed on the whole files.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tradeclaims.ledger.events import events_digest
from tradeclaims.ledger.files import json_hash

Read = tuple  # ("quantity", reporter, partner, flow, period, measure, currency) | ("keys", ((column, value), ...))
#               | ("partner", code) | ("events", country)


class ReadLog:
    """The selections one Ledger answered, in the order first asked; `bounded` is False once it read everything."""

    def __init__(self):
        self.reads: dict[Read, None] = {}
        self.bounded = True
        self.recorders: list[dict[Read, None]] = []

    def note(self, read: Read) -> None:
        self.reads.setdefault(read, None)
        for recorder in self.recorders:
            recorder.setdefault(read, None)

    @contextmanager
    def recording(self) -> Iterator[dict[Read, None]]:
        """The reads noted while the block runs, in order, also those noted before it (the log keeps each once): what
        one check asked of a ledger that several checks share."""
        recorder: dict[Read, None] = {}
        self.recorders.append(recorder)
        try:
            yield recorder
        finally:
            self.recorders.remove(recorder)

    def everything(self) -> None:
        self.bounded = False


def describe(read: list | tuple) -> str:
    """A read as a reader would name it: 'CN exports to US, 2025-11 (value, USD)'."""
    kind, *rest = read
    if kind == "quantity":
        reporter, partner, flow, period, measure, currency = rest
        return f"{reporter} {flow} with {partner}, {period} ({measure}, {currency})"
    if kind == "keys":
        return "the figures of " + ", ".join(f"{column} {value}" for column, value in rest[0])
    if kind == "events":
        return f"the events of {rest[0]}"
    return f"partner {rest[0]}"


def as_read(item: list | tuple) -> Read:
    """A read back from JSON (lists) as the tuple the log holds."""
    kind, *rest = item
    if kind == "keys":
        return ("keys", tuple(tuple(pair) for pair in rest[0]))
    return (kind, *rest)


def read_digest(read: Read, rows, sources: dict[str, dict[str, str]], partners: dict[str, dict[str, str]]) -> str:
    """The digest of what a read returns on this data: rows (with their sources), keys, a partner's row, or a
    country's events (with their sources); `rows` answers `events(country)` for the last (StoreRows, EventRows)."""
    kind, *rest = read
    if kind == "quantity":
        found = rows.quantity(tuple(rest))
        return json_hash([[row, sources.get(row["source_id"])] for row in found])
    if kind == "keys":
        return json_hash(sorted(rows.keys(dict(rest[0]))))
    if kind == "partner":
        return json_hash(partners.get(rest[0]))
    if kind == "events":
        return events_digest(rows.events(rest[0]), sources)
    raise ValueError(f"unknown read {read!r}")
