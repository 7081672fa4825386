"""Pure computations on figures: growth rates, gaps, contributions, matching a reported figure."""

from __future__ import annotations

from collections.abc import Mapping


def pct_change(current: float, previous: float) -> float:
    """Percentage change from previous to current."""
    if previous == 0:
        raise ZeroDivisionError("percentage change from zero")
    return (current / previous - 1.0) * 100.0


def gap(reported: float, mirror: float) -> tuple[float, float]:
    """A mirror gap: reported minus mirror, in the figures' unit and in % of the mirror figure."""
    difference = reported - mirror
    return difference, difference / mirror * 100.0


def contributions(
    before: Mapping[str, float], after: Mapping[str, float], total_change: float | None = None
) -> dict[str, dict[str, float]]:
    """Each group's change between two periods, and its share of the total change.

    `total_change` defaults to the sum of the groups' changes; pass the change of the whole (e.g. world
    exports) to measure shares against it, so groups that are not listed show up as a remainder.
    """
    changes = {group: after[group] - before[group] for group in before if group in after}
    total = sum(changes.values()) if total_change is None else total_change
    return {
        group: {
            "before": before[group],
            "after": after[group],
            "change": change,
            "share_of_total_change_pct": change / total * 100.0 if total else float("nan"),
        }
        for group, change in changes.items()
    }


def offset_ratio(gains: float, losses: float) -> float:
    """How many times the gains cover the losses (losses given as a positive amount)."""
    if losses <= 0:
        return float("inf")
    return gains / losses


def closest(candidates: Mapping[str, float], target: float) -> tuple[str, float]:
    """The candidate whose value is nearest the target, and its distance."""
    if not candidates:
        raise ValueError("no candidates to match")
    key = min(candidates, key=lambda name: (abs(candidates[name] - target), name))
    return key, abs(candidates[key] - target)
