"""Agreement by origin: how many distinct original stories print a figure, and how many print another.

Copies of one story (a wire story on several sites) share an origin and count once; a figure with a status
(revised, superseded, disputed, wrong) is left out of the count.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradeclaims.ledger.figures import Figure


@dataclass(frozen=True, kw_only=True)
class Agreement:
    agreeing_pages: tuple[str, ...]  # source ids of the pages printing the same figure (within rounding)
    disagreeing_pages: tuple[str, ...]  # source ids of the pages printing another
    origins_agreeing: int
    origins_disagreeing: int


def same_figure(first: Figure, second: Figure) -> bool:
    """Two published figures are the same when their rounding intervals overlap."""
    return abs(first.value - second.value) <= first.halfwidth + second.halfwidth + 1e-12


def agreement(figure: Figure) -> Agreement:
    """The pages and distinct origins that print the figure, and those that print another value."""
    current = [figure] + [other for other in figure.alternatives if not other.status]
    agreeing = [other for other in current if same_figure(other, figure)]
    disagreeing = [other for other in current if not same_figure(other, figure)]
    agreeing_origins = {other.source.origin for other in agreeing}
    disagreeing_origins = {other.source.origin for other in disagreeing} - agreeing_origins
    return Agreement(agreeing_pages=pages(agreeing), disagreeing_pages=pages(disagreeing),
                     origins_agreeing=len(agreeing_origins), origins_disagreeing=len(disagreeing_origins))


def pages(figures: list[Figure]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(figure.source.id for figure in figures))


def other_origins(figure: Figure) -> list[Figure]:
    """One figure per other origin that prints a different value (the best-ranked copy of each), without a status and
    not set aside by the ledger's arithmetic (see ledger/arithmetic.py)."""
    chosen: dict[str, Figure] = {}
    for other in figure.alternatives:
        if other.status or other.contradicted or other.source.origin == figure.source.origin or same_figure(other, figure):
            continue
        chosen.setdefault(other.source.origin, other)
    return list(chosen.values())
