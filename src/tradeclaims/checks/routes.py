"""Routes to a quantity, chosen by authority.

A quantity can often be reached several ways: the rate as published, a rate from two levels, a level from a
year-earlier level and a rate, another currency basis (a CNY rate against a CNY rate), another edition. The route
taken is the one whose weakest input has the highest tier (official, wire, secondary, reprint); then the one that
reaches the latest period; then the one whose inputs have the most agreeing origins; then the most precise. Every
route not taken is kept, so that the verdict can be recomputed under it (see checks.alternatives).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tradeclaims.ledger.figures import Figure, Ledger
from tradeclaims.ledger.origins import agreement
from tradeclaims.ledger.quality import TIERS, tier_rank
from tradeclaims.ledger.views import forced_routes


@dataclass(frozen=True, kw_only=True)
class Route:
    name: str  # how the quantity is reached, in words: "as published", "from two levels", ...
    value: float
    figures: tuple[Figure, ...]
    halfwidth: float = 0.0  # the rounding the result carries, from its inputs' published digits
    reaches: str = ""  # the latest period the route reaches, when routes differ in it
    detail: dict = field(default_factory=dict, compare=False)  # what the check needs besides the value

    @property
    def weakest(self) -> str:
        return max((figure.source.kind for figure in self.figures), key=tier_rank, default=TIERS[0])

    def support(self) -> int:
        """The fewest distinct origins agreeing on any of the route's figures."""
        return min((agreement(figure).origins_agreeing for figure in self.figures), default=0)

    def rank(self) -> tuple:
        latest = tuple(-ord(character) for character in self.reaches)
        return tier_rank(self.weakest), latest, -self.support(), self.halfwidth


@dataclass(frozen=True, kw_only=True)
class Choice:
    quantity: str  # what the routes reach, in words (also the key that forces a route on a ledger view)
    taken: Route
    not_taken: tuple[Route, ...] = ()


def choose(ledger: Ledger, quantity: str, routes: list[Route]) -> Choice | None:
    """The route to a quantity by authority (or the one a ledger view forces), with the routes not taken."""
    if not routes:
        return None
    ranked = sorted(routes, key=Route.rank)
    forced = forced_routes(ledger).get(quantity)
    taken = next((route for route in ranked if route.name == forced), ranked[0])
    return Choice(quantity=quantity, taken=taken, not_taken=tuple(route for route in ranked if route is not taken))


def rate_halfwidth(current: Figure, previous: Figure) -> float:
    """The rounding of a growth rate in % computed from two rounded levels (first order)."""
    return 100 * (current.halfwidth / previous.value + current.value * previous.halfwidth / previous.value ** 2)
