"""mexico-indonesia on the shipped events: one part per country, judged on what its government did or said in the
article's time frame; import statistics beside them as context, not judged."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import ROOT
from tradeclaims.checks.article import parse_article
from tradeclaims.checks.registry import load_registry
from tradeclaims.checks.verdicts import INSUFFICIENT, NOT_SUPPORTED, PARTLY, SUPPORTED
from tradeclaims.claims.measures import latest_report
from tradeclaims.claims.partners import OTHER_WORDS
from tradeclaims.ledger.figures import Ledger

from ..claim_checks import claim_check


def parts_of(check) -> dict[str, tuple[str, float | None]]:
    return {part.words: (part.verdict.label, part.measured) for part in check.parts}


def test_both_countries_voiced_the_concern_in_2025(ledger):
    check = claim_check(ledger, "mexico-indonesia", "MX,ID", "2025-01", "2025-12", 8)
    assert check.verdict.label == SUPPORTED
    assert check.measured == 2 and check.unit == "countries" and check.headline_period() == "2025-01/2025-12"
    assert parts_of(check) == {
        "Mexico, Indonesia ... have also expressed similar concerns about the dumping of Chinese products": (SUPPORTED, 2),
        # anti-dumping investigation (March), footwear duties (September), Ebrard's tariff plan (September); the votes
        # of both chambers (10 December) and the decree (29 December) fall in the article's month on or after the
        # 8th, the first day it can have appeared: shown, not counted
        "Mexico ... expressed similar concerns": (SUPPORTED, 3),
        # anti-dumping duties on nylon film (March) and the deputy industry minister's warning (July)
        "Indonesia ... expressed similar concerns": (SUPPORTED, 2),
    }
    assert [part.main for part in check.parts] == [True, False, False]
    main = check.parts[0].verdict.reason  # what the verdict box says
    assert "Mexico: 3 event(s), the first 2025-03-03, Ministry of Economy" in main
    mexico = check.parts[1].verdict.reason
    assert ("Shown, not counted, as they may postdate the article (it can have appeared from 2025-12-08 on): "
            "2025-12-10, Chamber of Deputies") in mexico
    assert "Indonesia: 2 event(s), the first 2025-03-11" in main and "dismissed such a concern (2 event(s))" in main
    indonesia = check.parts[2].verdict.reason
    assert "2025-03-11, Finance Ministry" in indonesia and "It also dismissed such a concern" in indonesia
    assert "synthetic filament yarn from China" in indonesia  # the refused anti-dumping duty is named


def test_what_the_verdict_rests_on(ledger):
    check = claim_check(ledger, "mexico-indonesia", "MX,ID", "2025-01", "2025-12", 8)
    result = check.result()
    counted = {event["id"] for event in result["events"] if event["counted"]}
    assert counted == {"mx-2025-03-03-ad-hot-rolled-steel", "mx-2025-09-03-ad-footwear", "mx-2025-09-10-ebrard-tariff-plan",
                       "id-2025-03-11-ad-nylon-film", "id-2025-07-02-deputy-industry-minister"}
    shown = {event["id"]: event for event in result["events"]}
    assert not shown["id-2024-10-07-ad-tinplate"]["counted"]  # before the time frame
    assert not shown["id-2025-12-22-safeguard-cotton-fabric"]["counted"]  # on imports from every origin
    assert not shown["id-2025-06-04-trade-minister-rerouting"]["counted"]  # a dismissal
    assert result["inputs"] == [] and result["evidence"] == "secondary"  # the weakest page of the events counted
    kinds = {source["publisher"]: source["kind"] for source in result["headline_sources"]}
    assert kinds["Diario Oficial de la Federación (SIDOF, Secretaría de Gobernación)"] == "official"
    assert "EFE via swissinfo.ch" not in kinds  # its story of the decree (29 December) is shown, not counted
    assert "https://www.eleconomista.com.mx/empresas/senadores-aprueban-reformas-ley-arancelaria-aumentar-tarifas-china-" \
           "otros-paises-20251210-790680.html" in result["sources"]


def test_import_statistics_are_context_with_indonesia_s_january_april(ledger):
    check = claim_check(ledger, "mexico-indonesia", "MX,ID", "2025-01", "2025-12", 8)
    context = {row.quantity: (row.period, row.measured) for row in check.rows if row.figure is not None}
    assert context["Mexico's imports from China, y/y (Mexico's data; context, not judged)"] == ("2025", 2.9)
    # BPS's January-April growth, not the single month of April (+53.71%)
    assert context["Indonesia's imports (non-oil-and-gas) from China, y/y (Indonesia's data; context, not judged)"] == \
        ("2025-01/2025-04", 22.4)
    assert all(row.threshold is None and row.article is None for row in check.rows)
    assert check.threshold is None and check.article_value is None


def test_events_after_the_article_s_month_are_shown_not_counted(ledger):
    check = claim_check(ledger, "mexico-indonesia", "MX", "2025-01", "2025-11", 8)
    assert parts_of(check)["Mexico ... expressed similar concerns"] == (SUPPORTED, 3)  # March and September only
    december = [row for row in check.extra_tables["Events recorded, and how each is weighed"].itertuples()
                if row.date.startswith("2025-12")]
    assert len(december) == 4 and not any(row.counted for row in december)
    assert all(row.why == "after the article's month (2025-11): shown, not counted" for row in december)


def test_events_of_the_article_s_month_count_only_before_the_first_day_it_can_have_appeared(ledger):
    """The article gives only its month, and cannot have appeared before 8 December 2025: Mexico's December votes
    (the 10th) and decree (the 29th) are shown, not counted; from the 11th on, the votes would count, the decree not;
    with the 1st, no event of the month counts."""
    table = "Events recorded, and how each is weighed"
    eighth = claim_check(ledger, "mexico-indonesia", "MX", "2025-01", "2025-12", 8)
    why = dict(zip(eighth.extra_tables[table]["id"], eighth.extra_tables[table]["why"], strict=True))
    assert why["mx-2025-12-29-tariff-decree"] == why["mx-2025-12-10-senate-vote-tariffs"] == (
        "on or after 2025-12-08, the first day the article can have appeared (ours): it may postdate the article; "
        "shown, not counted")
    assert "it can have appeared from 2025-12-08 on (ours)" in eighth.method
    eleventh = claim_check(ledger, "mexico-indonesia", "MX", "2025-01", "2025-12", 11)
    assert parts_of(eleventh)["Mexico ... expressed similar concerns"] == (SUPPORTED, 5)  # and both votes of the 10th
    rows = eleventh.extra_tables[table].set_index("id")
    assert rows.loc["mx-2025-12-10-deputies-vote-tariffs", "counted"]
    assert rows.loc["mx-2025-12-10-deputies-vote-tariffs", "why"].endswith(
        "; before 2025-12-11, the first day the article can have appeared")
    assert not rows.loc["mx-2025-12-29-tariff-decree", "counted"]
    assert "(it can have appeared from 2025-12-11 on): 2025-12-29, Federal government" in \
        eleventh.parts[1].verdict.reason
    first = claim_check(ledger, "mexico-indonesia", "MX", "2025-01", "2025-12", 1)
    counted = first.extra_tables[table].query("counted")
    assert not any(date.startswith("2025-12") for date in counted["date"])
    assert parts_of(first)["Mexico ... expressed similar concerns"] == (SUPPORTED, 3)


def test_the_first_day_the_article_can_have_appeared_is_one_figure_in_every_claim(ledger):
    """Every claim that weighs events by the article's day takes the same first day, in the article's month as
    claims.yaml gives it: the day the latest figure the article reports was first printed."""
    published = parse_article(yaml.safe_load((ROOT / "claims.yaml").read_text(encoding="utf-8"))["article"]).published
    registry = load_registry(ROOT / "claims.yaml")
    weighing = {claim.id: claim.defaults() for claim in registry.values() if "earliest_day" in claim.parameters}
    assert set(weighing) == {"mexico-indonesia", "us-measures", "eu-measures"}
    assert {(defaults["until"], defaults["earliest_day"]) for defaults in weighing.values()} == {(published[:7], 8)}
    _, first_printed = latest_report(ledger, published[:7])
    assert first_printed == f"{published[:7]}-08"
    assert not any("article_day" in claim.parameters for claim in registry.values())


def test_a_time_frame_with_only_dismissals_is_not_supported(ledger):
    # June 2025's two dismissals; the deputy industry minister's warning of 2 July falls in the article's month (July,
    # here) before no first day it can have appeared: shown, not counted
    check = claim_check(ledger, "mexico-indonesia", "ID", "2025-06", "2025-07", 1)
    assert check.verdict.label == NOT_SUPPORTED
    reason = check.parts[1].verdict.reason
    assert "dismiss such a concern and none voices it" in reason
    assert "(it can have appeared from 2025-07-01 on): 2025-07-02, Deputy Minister" in reason


def test_a_country_without_events_is_insufficient_data_naming_what_is_missing(ledger):
    check = claim_check(ledger, "mexico-indonesia", "MX,VN", "2025-01", "2025-12", 8)
    assert parts_of(check)[OTHER_WORDS] == (INSUFFICIENT, 0)  # the article's "other countries", not its words
    assert check.parts[-1].asks == "whether Vietnam voiced or acted on the concern"
    assert check.verdict.label == PARTLY  # Mexico's part is supported
    assert check.missing[0] == ("an event of Vietnam's government or public bodies voicing or acting on a concern "
                                "about goods from China, 2025-01 to 2025-12")


def test_no_event_in_the_time_frame_names_the_events_outside_it(ledger):
    check = claim_check(ledger, "mexico-indonesia", "MX,ID", "2025-01", "2025-02", 8)
    assert check.verdict.label == INSUFFICIENT and check.measured == 0
    assert "2024-10-07 (before the time frame (2025-01 to 2025-02): shown, not counted)" in check.missing[1]


def test_an_earlier_time_frame_finds_indonesia_s_2024_duties(ledger):
    check = claim_check(ledger, "mexico-indonesia", "ID", "2024-01", "2024-12", 8)
    assert check.verdict.label == SUPPORTED and check.measured == 1
    assert [event.id for event in check.verdict_events()] == ["id-2024-10-07-ad-tinplate"]
    assert check.evidence() == "wire"  # Reuters' story


def test_an_empty_time_frame_is_insufficient_data_not_a_crash(ledger):
    check = claim_check(ledger, "mexico-indonesia", "MX,ID", "2025-12", "2025-01", 8)
    assert check.verdict.label == INSUFFICIENT and check.measured is None
    assert "is empty" in check.verdict.reason
    assert check.result()["parts"][0]["main"] is True


@pytest.mark.parametrize("countries", ["MX", "ID"])
def test_the_events_read_are_recorded(countries):
    ledger = Ledger.load(ROOT / "data")
    claim_check(ledger, "mexico-indonesia", countries, "2025-01", "2025-12", 8)
    assert ("events", countries) in ledger.read_log.reads and ledger.read_log.bounded
    assert not any(read[0] == "events" and read[1] != countries for read in ledger.read_log.reads)
