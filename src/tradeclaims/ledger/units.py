"""Units of the ledger's levels: the standard unit each published unit converts to, and when two levels of one
quantity are so far apart that one of them must carry a wrong unit.

A unit slip (a figure in USD mn typed as USD bn, or the reverse) makes a figure 1,000 times too large or too small.
Real disagreements between publishers of one level (rounding, revisions, a yuan figure converted at another rate)
stay within a few per cent. SCALE_APART sits between the two: two levels more than 100 times apart cannot both be
right, and a figure that far from every other origin's is taken for the slip (see ledger/figures.py: resolve, and
`tradeclaims validate`, which names it). Rates and shares (pct) are not levels and are never compared this way.
"""

from __future__ import annotations

TO_USD_BN = {"USD bn": 1.0, "USD 100 mn": 0.1, "USD mn": 1e-3, "USD thousand": 1e-6, "USD trn": 1e3}
TO_CNY_BN = {"CNY bn": 1.0, "CNY trn": 1e3}
LEVEL_UNITS = ("USD bn", "CNY bn")  # the standard units of levels, whose figures may be compared by scale
LEVEL_OF = {**dict.fromkeys(TO_USD_BN, "USD bn"), **dict.fromkeys(TO_CNY_BN, "CNY bn")}  # published unit -> standard
SCALE_APART = 100.0
CURRENCY_NAMES = {"USD": "US-dollar", "CNY": "yuan"}  # the currency bases of the ledger's series, in words


def standard_unit(unit: str) -> tuple[str, float]:
    """The standard unit a published unit converts to, and the factor."""
    if unit in TO_USD_BN:
        return "USD bn", TO_USD_BN[unit]
    if unit in TO_CNY_BN:
        return "CNY bn", TO_CNY_BN[unit]
    return unit, 1.0


def scale_apart(first: float, second: float) -> bool:
    """Whether two levels in one unit are more than SCALE_APART times apart (a zero level is compared with none)."""
    small, large = sorted((abs(first), abs(second)))
    return small > 0 and large > SCALE_APART * small


def only_in_words(needed: str, held: dict[str, list[str]]) -> str:
    """Why a figure a claim reads is missing when the ledger holds it in another currency only: '; the claim reads the
    US-dollar series (USD) and the ledger holds 2026-03 only in the yuan series (CNY)'. `held`: each period lacking
    the figure in `needed`, with the currencies it is held in; an empty text when there is none."""
    if not held:
        return ""
    periods = [f"{period} only in the {' and '.join(currency_name(c) for c in found)} series ({', '.join(found)})"
               for period, found in held.items()]
    return f"; the claim reads the {currency_name(needed)} series ({needed}) and the ledger holds {'; '.join(periods)}"


def currency_name(code: str) -> str:
    return CURRENCY_NAMES.get(code, code)
