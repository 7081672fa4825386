"""What a verdict rests on and whether it depends on the source, as the report and the index say it."""

from tests.claim_checks import REGISTRY, run_check
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


def test_events_are_counted_once_each_and_their_pages_once_each(ledger):
    """mexico-indonesia on the shipped events: each counted event once, each page behind them once; a page that
    reports many events is one page."""
    claim = REGISTRY["mexico-indonesia"]
    entry = {**run_check(ledger, claim).result(), "inputs": []}
    counted = [event for event in entry["events"] if event["counted"]]
    pages = {event["source_id"]: event["kind"] for event in counted}
    assert (len({event["id"] for event in counted}), len(pages)) == (5, 7)  # two events are on two pages each
    assert evidence_words(entry) == ("rests on 5 events reported by 1 official page and 6 outlets' own reports "
                                     "(weakest: secondary)")
    one_page = {"evidence": "secondary", "inputs": [],
                "events": [{**counted[0], "id": f"{counted[0]['id']}-{n}", "kind": "secondary"} for n in range(40)]}
    assert evidence_words(one_page) == "rests on 40 events reported by 1 outlet's own report (weakest: secondary)"
    two_pages = {**one_page, "events": [*one_page["events"], {**counted[0], "source_id": "another", "kind": "wire"}]}
    assert evidence_words(two_pages) == ("rests on 41 events reported by 1 wire copy and 1 outlet's own report "
                                         "(weakest: secondary)")


def test_a_verdict_that_depends_on_the_source_says_so_and_shows_each_alternative():
    assert robustness_words(ENTRY) == "depends on the source: 1 of 2 alternatives give another verdict"
    table = alternatives_table(ENTRY)
    assert table.count("<tr>") == 3 and "not supported" in table and "-28.6 %" in table
    assert 'role="region"' in table  # scrolls sideways on a phone
    weaker_only = {**ENTRY, "robust": True, "alternatives": ENTRY["alternatives"][:1]}
    assert robustness_words(weaker_only) == "the same under the one alternative"
    assert alternatives_table({**ENTRY, "alternatives": []}) == ""


def test_a_verdict_tried_only_against_weaker_sources_says_it_was_not_tested():
    # us-november-drop: AP's -29% (wire); the one alternative, the rate from UIBE's and Particle News' levels, a reprint
    weaker_only = {**ENTRY, "robust": None, "alternatives": ENTRY["alternatives"][:1]}
    assert robustness_words(weaker_only) == ("not tested against another source of the same standing: the one "
                                             "alternative rests on a weaker source and gives the same verdict")
    several = {**ENTRY, "evidence": "official", "robust": None}  # both alternatives below an official figure
    assert robustness_words(several) == ("not tested against another source of the same standing: all 2 "
                                         "alternatives rest on weaker sources; 1 of them gives another verdict")


def test_a_bound_among_the_alternatives_is_shown_as_one_rounded_outward():
    # global-south-offset: with Local News Wave's rounded US$3.4 trn, the share is at least 30.2062%
    entry = {"unit": "%", "verdict": "not supported", "robust": None, "alternatives": [
        {"swapped": "CN exports with WLD, 2025-01/2025-11: published (3,400.00) instead of computed", "kind": "reprint",
         "verdict": "not supported", "measured": 30.2062, "bound": "lower"},
        {"swapped": "an upper bound", "kind": "reprint", "verdict": "supported", "measured": 47440.078,
         "bound": "upper"}]}
    table = alternatives_table(entry)
    assert "at least 30.2 %" in table and "at most 47,440.1 %" in table
