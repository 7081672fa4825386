"""The index page: every claim, its verdict, measured against the article's figure, a link to its report."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tradeclaims.checks.verdicts import VERDICTS
from tradeclaims.report.pages import render_page


def render(results: dict[str, Any]) -> str:
    claims = results["claims"]
    counts = Counter("failed" if claim["status"] != "ok" else claim["verdict"] for claim in claims)
    shown = [(label, counts[label]) for label in (*VERDICTS, "failed") if counts[label]]
    tiers = Counter(claim.get("evidence") or "none" for claim in claims if claim["status"] == "ok")
    return render_page("index.html.j2", claims=claims, counts=shown, run=results["run"], tiers=tiers,
                       official=tiers["official"])
