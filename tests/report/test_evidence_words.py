"""What a verdict rests on and whether it depends on the source, as the report and the index say it."""

from tradeclaims.report.evidence import alternatives_table, evidence_words, robustness_words

ENTRY = {"verdict": "supported", "evidence": "wire", "unit": "%",
         "inputs": [{"kind": "official"}, {"kind": "wire"}, {"kind": "official"}],
         "alternatives": [{"swapped": "y/y: computed from levels (-28.56) instead of as reported", "kind": "reprint",
                           "verdict": "supported", "measured": -28.56},
                          {"swapped": "y/y: -21.00 from another agency instead of -29.00", "kind": "wire",
                           "verdict": "not supported", "measured": -21.0}],
         "robust": False}


def test_the_evidence_in_words():
    assert evidence_words(ENTRY) == "rests on 2 official figures and 1 wire copy (weakest: wire)"
    assert evidence_words({"inputs": []}) == "rests on no published figure"


def test_a_verdict_that_depends_on_the_source_says_so_and_shows_each_alternative():
    assert robustness_words(ENTRY) == "depends on the source: 1 of 2 alternatives give another verdict"
    table = alternatives_table(ENTRY)
    assert table.count("<tr>") == 3 and "not supported" in table and "-28.6 %" in table
    assert 'role="region"' in table  # scrolls sideways on a phone
    weaker_only = {**ENTRY, "robust": True, "alternatives": ENTRY["alternatives"][:1]}
    assert robustness_words(weaker_only) == "the same under the one alternative"
    assert alternatives_table({**ENTRY, "alternatives": []}) == ""
