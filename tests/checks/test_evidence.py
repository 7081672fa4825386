"""Verdicts that know their evidence: the route by authority, every input's tier, and the verdict under each
alternative the ledger holds."""

import pandas as pd
import pytest

from tradeclaims.checks.registry import load_registry
from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.quality import rests_on, tier_rank

from ..claim_checks import REGISTRY, claim_check, run_check
from ..conftest import ROOT

SOURCE = {"title": "Added for the test", "published": "2025-12-08", "published_basis": "", "retrieved": "2026-11-28",
          "notes": "",
          "agency": "General Administration of Customs of China (GACC)"}
ROW = {"reporter": "CN", "partner": "US", "flow": "exports", "period": "2025-11", "measure": "yoy_pct",
       "unit": "pct", "currency": "USD", "status": "", "edition": "", "notes": ""}


def ledger_plus(pages: list[dict], without_levels: bool = False) -> Ledger:
    """The shipped ledger plus pages printing the November rate to the US: {id, kind, origin, value}; without China's
    levels of exports to the US in November 2024 and 2025 if asked (a rate then has nothing to be held against)."""
    shipped = Ledger.load(ROOT / "data")
    if without_levels:
        rows = shipped.observations
        shipped.observations = rows[~((rows.reporter == "CN") & (rows.partner == "US") & (rows.measure == "value")
                                      & (rows.flow == "exports") & rows.period.isin(["2024-11", "2025-11"]))]
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str, keep_default_na=False)
    added_sources = pd.DataFrame([{**SOURCE, "id": page["id"], "publisher": page["id"], "kind": page["kind"],
                                   "origin": page["origin"], "url": f"https://{page['id']}.example/"}
                                  for page in pages])
    added_rows = pd.DataFrame([{**ROW, "value": page["value"], "source_id": page["id"]} for page in pages])
    return Ledger(pd.concat([shipped.observations, added_rows], ignore_index=True).fillna(""),
                  pd.concat([sources, added_sources], ignore_index=True).fillna(""), shipped.partners.reset_index())


def test_an_official_figure_for_the_quantity_becomes_the_headline():
    ledger = ledger_plus([{"id": "customs-table", "kind": "official", "origin": "customs-table", "value": "-28.62"}])
    check = claim_check(ledger, "us-november-drop", "US", "2025-11", -30, 2)
    assert list(check.headline_figures_by_source()) == ["customs-table"]
    assert check.measured == pytest.approx(-28.62) and check.evidence() == "official"
    (rate,) = check.result()["inputs"]
    assert rate["disagreeing_pages"] == ["uibe-fxbaogao-2026-01-11"]  # -28.5 lies outside -28.62's rounding
    assert rate["origins_disagreeing"] == 1 and "us-bs-ap-2025-12-08" in rate["agreeing_pages"]  # AP's 'nearly 29'


def test_a_verdict_that_turns_on_another_origins_figure_is_not_robust():
    ledger = ledger_plus([{"id": "other-agency", "kind": "wire", "origin": "other-agency", "value": "-21.0"}])
    result = claim_check(ledger, "us-november-drop", "US", "2025-11", -30, 2).result()
    assert result["verdict"] == "supported" and result["evidence"] == "wire"
    swapped = [item for item in result["alternatives"] if "other-agency" in item["swapped"]]
    assert [(item["kind"], item["verdict"], item["measured"]) for item in swapped] == [
        ("wire", "not supported", -21.0)]
    assert result["robust"] is False


def test_a_reprint_alternative_does_not_make_a_wire_verdict_fragile():
    ledger = ledger_plus([{"id": "blog", "kind": "reprint", "origin": "blog", "value": "-21.0"}], without_levels=True)
    result = claim_check(ledger, "us-november-drop", "US", "2025-11", -30, 2).result()
    assert any(item["verdict"] == "not supported" and item["kind"] == "reprint" for item in result["alternatives"])
    assert result["robust"] is None  # below the chosen evidence's tier: it tests nothing


def test_a_reprint_rate_the_two_levels_contradict_is_set_aside():
    """33.8 against 47.3 is -28.5% to -28.7%: a reprint's -21.0 contradicts them and is no alternative at all."""
    ledger = ledger_plus([{"id": "blog", "kind": "reprint", "origin": "blog", "value": "-21.0"}])
    result = claim_check(ledger, "us-november-drop", "US", "2025-11", -30, 2).result()
    assert not any("blog" in item["swapped"] for item in result["alternatives"])
    assert result["verdict"] == "supported" and result["measured"] == pytest.approx(-29.0)


def test_us_november_drop_keeps_the_levels_route_as_an_alternative(ledger):
    result = claim_check(ledger, "us-november-drop", "US", "2025-11", -30, 2).result()
    (route,) = result["routes"]
    assert route["taken"]["name"] == "as reported" and route["taken"]["kind"] == "wire"
    assert [(item["name"], item["kind"]) for item in route["not_taken"]] == [("computed from levels", "reprint")]
    (levels,) = [item for item in result["alternatives"] if "computed from levels" in item["swapped"]]
    assert levels["measured"] == pytest.approx((33.79 / 47.3 - 1) * 100, abs=1e-4) and levels["kind"] == "reprint"


def test_every_claims_evidence_is_the_weakest_kind_among_its_inputs(ledger):
    for claim in load_registry(ROOT / "claims.yaml").values():
        result = run_check(ledger, claim).result()
        kinds = [item["kind"] for item in result["inputs"]]
        kinds += [event["kind"] for event in result["events"] if event["counted"]]  # a claim judged on events
        assert result["evidence"] == (max(kinds, key=tier_rank) if kinds else None), claim.id
        assert isinstance(result["alternatives"], list)
        tested = [item for item in result["alternatives"]
                  if result["evidence"] is None or tier_rank(item["kind"]) <= tier_rank(result["evidence"])]
        assert result["robust"] == (all(item["verdict"] == result["verdict"] for item in tested) if tested else None), \
            claim.id


def test_evidence_in_words():
    assert rests_on(["official", "wire", "official"]) == "rests on 2 official figures and 1 wire copy"
    assert rests_on(["reprint"]) == "rests on 1 reprint"


# The shipped data: each claim's evidence, and the tiers of the alternatives tried (all below it).
UNTESTED = {
    "exports-jan-nov": ("secondary", {"reprint"}),  # Local News Wave's rounded US$3.4 trn
    "surplus-jan-nov": ("wire", {"secondary", "reprint"}),  # the flows' routes; Local News Wave's 3.4 and 2.3 trn
    "us-november-drop": ("wire", {"reprint"}),  # the rate from UIBE's level and Particle News' (a reprint)
    "india-deficit": ("wire", {"reprint"}),  # EximGuru's 99.12 against Reuters' 99.2
}


@pytest.mark.parametrize("claim_id", sorted(UNTESTED))
def test_a_verdict_tried_only_against_weaker_sources_is_not_called_robust(ledger, claim_id):
    result = run_check(ledger, REGISTRY[claim_id]).result()
    evidence, kinds = UNTESTED[claim_id]
    assert result["evidence"] == evidence
    assert result["alternatives"] and {item["kind"] for item in result["alternatives"]} == kinds
    assert all(tier_rank(kind) > tier_rank(evidence) for kind in kinds)  # every one on a weaker source
    assert result["robust"] is None  # not tested against another source of the same standing


def test_alternatives_of_the_same_standing_that_agree_make_a_verdict_robust(ledger):
    # global-south-size rests on reprints (a Wikipedia mirror's EU GDP); every combination of IMF WEO editions and the
    # other mirror's EU figure (20,287 against 19,991) are reprints too, and each gives 'supported'
    result = run_check(ledger, REGISTRY["global-south-size"]).result()
    assert result["evidence"] == "reprint" and result["verdict"] == "supported"
    assert len(result["alternatives"]) >= 2 and {item["kind"] for item in result["alternatives"]} == {"reprint"}
    assert {item["verdict"] for item in result["alternatives"]} == {"supported"}
    assert all(item["bound"] == "upper" for item in result["alternatives"])  # each an upper bound, as the headline
    assert result["robust"] is True
