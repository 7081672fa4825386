"""Progress while notebooks run: a rich progress bar on a terminal, one line per claim otherwise."""

from __future__ import annotations

import sys


class Progress:
    def __init__(self, quiet: bool = False, noun: str = "claim"):
        self.quiet = quiet
        self.noun = noun
        self.bar = None
        self.task = None

    def start(self, plans) -> None:
        if self.quiet or not plans:
            return
        if not sys.stderr.isatty():
            print(f"executing {len(plans)} {self.noun}(s):", file=sys.stderr, flush=True)
        for plan in plans:  # which are executed, and why the cache could not serve them
            print(f"  {plan.label}: {plan.why or 'forced (--force)'}", file=sys.stderr, flush=True)
        if sys.stderr.isatty():
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task(f"executing {self.noun}s", total=len(plans))

    def done(self, label: str, entry: dict) -> None:
        if self.quiet:
            return
        outcome = entry["verdict"] if entry["status"] == "ok" else "FAILED"
        if self.bar is not None:
            self.bar.console.print(f"{label}: {outcome}", markup=False, highlight=False)
            self.bar.advance(self.task)
        else:
            print(f"  {label}: {outcome} ({entry['seconds']}s)", file=sys.stderr, flush=True)

    def served(self, plans, entries) -> None:
        """The verdict of each execution the cache served (nothing ran for it, but the reader asked for it)."""
        if self.quiet:
            return
        for plan, entry in zip(plans, entries, strict=True):
            print(f"  {plan.label}: {entry.get('verdict')} (from cache)", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
