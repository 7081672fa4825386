"""A level off by orders of magnitude (USD mn typed for USD bn) is never silently the headline: the resolver prefers
the origins that agree in scale, `validate` names the line, and the claim's page lists the disagreement."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.claim_checks import run_check
from tradeclaims.checks.registry import load_registry
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.units import scale_apart
from tradeclaims.ledger.validation import find_warnings
from tradeclaims.notebook.display import method_html

from ..conftest import ROOT, tradeclaims

# China's January-November 2025 exports (US$ 3,415 bn in the customs dollar series) typed with the unit of the
# wrong scale, on an official page: the fault the check guards against, added to a copy of the project only
SLIP = "CN,WLD,exports,2025-01/2025-11,value,3415.1,USD mn,USD,totals-scio-2026-01-28,,,unit typed wrong on purpose"
CLAIM = "exports-jan-nov"
HEADLINE = 3414.96  # 3,240 (January-November 2024) x 1.054: the claim's headline on the shipped ledger


@pytest.fixture
def slipped(project_copy, cli):
    with (project_copy / "data" / "observations.csv").open("a", encoding="utf-8") as handle:
        handle.write(SLIP + "\n")
    validated = cli("validate", "--update-hashes", cwd=project_copy)
    assert validated.returncode == 0, validated
    return project_copy, validated


def test_scale_apart_means_more_than_a_hundred_times():
    assert scale_apart(3.4151, 3400) and scale_apart(-3400, -3.4)
    assert not scale_apart(3400, 3460) and not scale_apart(34, 3400) and not scale_apart(0, 3400)


def test_validate_names_a_level_orders_of_magnitude_from_every_other_origin(slipped):
    project, validated = slipped
    lines = (project / "data" / "observations.csv").read_text(encoding="utf-8").splitlines()
    slip_line = lines.index(SLIP) + 1
    others = [number for number, line in enumerate(lines, start=1)
              if line.startswith("CN,WLD,exports,2025-01/2025-11,value,") and ",USD trn," in line]
    assert len(others) == 3  # the converted 3.46 trn of two outlets, and 3.4 trn in the dollar series
    printed = validated.stdout.splitlines()
    assert printed[-1] == "data/ and claims.yaml are valid"
    assert (f"warning: data/observations.csv:{slip_line}: CN exports with WLD, 2025-01/2025-11 is 3.415 USD bn, more "
            f"than 100 times apart from every other origin's figure (line(s) {', '.join(map(str, others))}): check its "
            "unit") in printed
    # the ledger's arithmetic names it too: exports less imports is the balance (tests/ledger/test_arithmetic.py)
    assert any(line.startswith(f"warning: data/observations.csv:{slip_line}: CN with WLD, 2025-01/2025-11 (USD bn): "
                               "exports 3.4151 ") for line in printed)


def test_the_shipped_ledger_has_no_level_off_in_scale():
    assert not [warning for warning in find_warnings(ROOT / "data") if "times apart from every other" in warning]


def test_an_official_level_off_by_a_thousand_is_not_the_headline(slipped):
    project, _ = slipped
    ledger = Ledger.load(project / "data")
    published = ledger.require("CN", "WLD", "exports", "2025-01/2025-11")
    assert (published.value, published.source.id) == (3400.0, "totals-localnewswave-2025-12")
    assert published.disagreement
    assert [(round(other.value, 4), other.source.kind) for other in published.alternatives] == [(3.4151, "official")]

    check = run_check(ledger, load_registry(ROOT / "claims.yaml")[CLAIM])
    result = check.result()
    assert (result["verdict"], result["measured"]) == ("supported", pytest.approx(HEADLINE, abs=0.01))
    assert "Sources disagree on CN exports to/from WLD, 2025-01/2025-11: used 3,400.00" in method_html(check)
    assert ("3.42 (totals-scio-2026-01-28; more than 100 times apart from the figure used: one of them carries a "
            "wrong unit)") in method_html(check)


def levels(pages: list[tuple[str, str, str]]) -> Ledger:
    """A ledger of one level printed by several pages: (source id, kind, value in USD bn)."""
    sources = pd.DataFrame([{"id": page, "publisher": page, "title": page, "url": f"https://{page}.example/",
                             "published": "2025-12-08", "published_basis": "", "retrieved": "2026-11-28", "kind": kind,
                             "agency": "GACC", "origin": page, "notes": ""} for page, kind, _ in pages])
    observations = pd.DataFrame([{"reporter": "CN", "partner": "WLD", "flow": "exports", "period": "2025",
                                  "measure": "value", "value": value, "unit": "USD bn", "currency": "USD",
                                  "source_id": page, "status": "", "edition": "", "notes": ""}
                                 for page, _, value in pages])
    partners = pd.read_csv(ROOT / "data" / "partners.csv", dtype=str, keep_default_na=False)
    return Ledger(observations, sources, partners)


def test_two_origins_alone_cannot_tell_the_slip_the_tiers_decide_and_the_disagreement_is_flagged():
    figure = levels([("customs", "official", "3.77"), ("wire", "wire", "3770")]).require("CN", "WLD", "exports", "2025")
    assert (figure.value, figure.disagreement) == (3.77, True)
    figure = levels([("customs", "official", "3.77"), ("wire", "wire", "3770"), ("paper", "secondary", "3771")]
                    ).require("CN", "WLD", "exports", "2025")
    assert (figure.value, figure.source.id, figure.disagreement) == (3770.0, "wire", True)


@pytest.mark.slow
def test_a_run_on_a_level_off_by_a_thousand_stays_supported_and_lists_it(slipped):
    project, _ = slipped
    result = tradeclaims("run", CLAIM, cwd=project)
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads((project / "reports" / "results.json").read_text())["claims"]
    assert (entry["verdict"], entry["measured"]) == ("supported", pytest.approx(HEADLINE, abs=0.01))
    page = (project / "reports" / f"{CLAIM}.html").read_text()
    assert "more than 100 times apart from the figure used: one of them carries a wrong unit" in page
