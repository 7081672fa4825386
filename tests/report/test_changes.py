"""What changed between two builds, from results entries that carry `inputs`: figures revised, added, removed."""

from __future__ import annotations

from tradeclaims.report.changes import compare, markdown


def surplus_inputs(ledger) -> list[dict]:
    """January-November 2025's surplus as the ledger's pages print it, in the shape of results.json's inputs."""
    rows = ledger.observations.query("reporter == 'CN' and partner == 'WLD' and flow == 'balance' and "
                                     "period == '2025-01/2025-11' and measure == 'value'")
    return [{"role": "surplus", "value": float(row.value), "unit": row.unit, "period": row.period,
             "source_id": row.source_id, "publisher": ledger.sources[row.source_id].publisher,
             "kind": ledger.sources[row.source_id].kind} for row in rows.itertuples()]


def results(claim_inputs: list[dict], verdict: str, measured: float) -> dict:
    return {"run": {"built": "2026-01-01T00:00:00Z", "data_files": {}},
            "claims": [{"id": "surplus-jan-nov", "status": "ok", "verdict": verdict, "measured": measured,
                        "unit": "US$ bn", "period": "2025-01/2025-11", "inputs": claim_inputs}]}


def test_a_revised_figure_an_added_figure_and_a_source_gone_are_each_named_with_their_source(ledger):
    inputs = surplus_inputs(ledger)
    assert len(inputs) >= 3
    revised = {**inputs[0], "value": inputs[0]["value"] - 0.13}
    added = {**inputs[1], "role": "exports"}
    old = results(inputs, "supported", 1000 * inputs[0]["value"])
    new = results([revised, *inputs[1:-1], added], "not supported", 1000 * revised["value"])
    (change,) = compare(old, new).claims
    kinds = {cause.kind: cause for cause in change.causes}
    assert set(kinds) == {"figure revised", "figure added", "source removed"} and change.verdict_changed
    assert kinds["figure revised"].source == inputs[0]["source_id"]
    assert kinds["figure revised"].detail.endswith(f"(was {inputs[0]['value']:g} {inputs[0]['unit']})")
    assert kinds["source removed"].source == inputs[-1]["source_id"]  # its only figure went
    table = markdown(compare(old, new), old_label="old", new_label="new")
    assert f"figure revised: surplus ({inputs[0]['source_id']}, 2025-01/2025-11)" in table
    assert "**supported -> not supported**" in table


def test_a_new_source_is_named_with_its_publisher_and_kind(ledger):
    inputs = surplus_inputs(ledger)
    old = results(inputs[:-1], "supported", 1000 * inputs[0]["value"])
    new = results(inputs, "supported", 1000 * inputs[0]["value"])
    (change,) = compare(old, new).claims
    (cause,) = change.causes
    assert cause.kind == "source added" and cause.source == inputs[-1]["source_id"]
    assert f"[{inputs[-1]['publisher']}, {inputs[-1]['kind']}]" in cause.detail
    assert not change.verdict_changed
    assert not compare(new, new).claims
