"""Exceptions. A UsageError is the user's to fix: the CLI prints it on one line and exits 2."""


class TradeclaimsError(Exception):
    """Base class of the package's errors."""


class UsageError(TradeclaimsError):
    """A bad claim id, parameter or option; exit status 2."""


class DataError(TradeclaimsError):
    """data/ does not validate; carries every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "invalid data"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{first}{more}")


class MissingFigure(TradeclaimsError):
    """A figure a measure needs is not in the ledger."""

    def __init__(self, description: str):
        self.description = description
        super().__init__(f"missing figure: {description}")


SHOWN_LENGTH = 60


def shown(value, limit: int = SHOWN_LENGTH) -> str:
    """A value as a message quotes it: its repr, cut to `limit` characters with '...' (a 10,000-character
    value is not echoed whole)."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    return repr(text)
