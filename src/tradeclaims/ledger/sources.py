"""A source: the page a figure or an event comes from (one row of sources.csv), and whom a reader trusts through it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    url: str
    published: str
    kind: str  # official, wire, secondary or reprint (see ledger.quality)
    notes: str = ""
    agency: str = ""  # the statistics office behind the figures the page carries
    origin: str = ""  # the original story: copies of one wire story share it
    published_basis: str = ""  # "" when the page prints its date; "inferred" or "approximate" when it does not

    @property
    def date_shown(self) -> str:
        """The publication date as a reader should see it: "2025-06-10 (inferred)", or "date not shown"."""
        if not self.published:
            return "date not shown"
        return f"{self.published} ({self.published_basis})" if self.published_basis else self.published

    @property
    def attribution(self) -> str:
        """Who the reader is trusting: the agency itself, or the outlet and the agency it cites."""
        if self.kind == "official" or not self.agency:
            return self.publisher
        return f"as reported by {self.publisher}, citing {self.agency}"
