"""us-measures and eu-measures on the shipped events: each statement of the sentence judged on what the US (or the EU,
and France's president) did about goods from China, easings named, events of the article's month counted only when
dated before the first day it can have appeared."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tradeclaims.checks.verdicts import INSUFFICIENT, NOT_SUPPORTED, PARTLY, SUPPORTED
from tradeclaims.claims.measures import STATEMENTS, TABLE, about, context_period
from tradeclaims.ledger.figures import Ledger

from ..claim_checks import claim_check

ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"


def parts_of(check) -> dict[str, tuple[str, float | None]]:
    return {part.words: (part.verdict.label, part.measured) for part in check.parts}


def us(ledger, since="2025-01", until="2025-12", earliest_day=8, countries="US"):
    return claim_check(ledger, "us-measures", countries, "us", since, until, earliest_day)


def eu(ledger, since="2024-01", until="2025-12", earliest_day=8, countries="EU27,FR"):
    return claim_check(ledger, "eu-measures", countries, "eu", since, until, earliest_day)


def test_every_us_statement_is_borne_out_with_the_cuts_and_the_suspension_named(ledger):
    check = us(ledger)
    assert check.verdict.label == SUPPORTED and check.measured == 4 and check.unit == "statements"
    assert check.headline_period() == "2025-01/2025-12"
    assert parts_of(check) == {
        "imposed tariffs on Chinese goods": (SUPPORTED, 2),  # the 2022 continuation, the 2024 increases
        "raised tariffs significantly": (SUPPORTED, 3),  # 10% in February, 20% in March, 125% in April
        "levied special port fees on Chinese vessels": (SUPPORTED, 2),  # decided in April, charged from 14 October
        "in other ways restricted Chinese products": (SUPPORTED, 2),  # the end of de minimis: ordered, in force
    }
    assert [part.main for part in check.parts] == [False, True, False, False]
    assert [part.period for part in check.parts][:2] == ["2021-01/2025-12", "2025-01/2025-12"]
    tariffs, fees = check.parts[1].verdict.reason, check.parts[2].verdict.reason
    assert "eased or suspended, which the article does not say" in tariffs
    assert "2025-05-12" in tariffs and "from 20% to 10% from 10 November 2025" in tariffs
    assert "2025-10-14" in fees and "2025-11-09" in fees and "for one year from 10 November 2025" in fees
    assert "eased" not in check.parts[0].verdict.reason


def test_what_the_us_verdict_rests_on(ledger):
    result = us(ledger).result()
    counted = {event["id"] for event in result["events"] if event["counted"]}
    assert len(counted) == 9
    shown = {event["id"] for event in result["events"] if not event["counted"]}
    assert shown == {"us-2025-05-12-tariffs-geneva-cut", "us-2025-11-04-tariffs-fentanyl-cut",
                     "us-2025-11-09-port-fees-suspended"}  # easings: weighed against, not counted
    assert result["inputs"] == [] and result["evidence"] == "secondary"  # Expeditors, Thompson Hine, CNA, FreightWaves
    kinds = {source["publisher"]: source["kind"] for source in result["headline_sources"]}
    assert kinds["Office of the United States Trade Representative (USTR)"] == "official"
    assert kinds["AP via the Sun-Gazette (Williamsport)"] == "wire"
    assert "https://www.govinfo.gov/content/pkg/FR-2025-02-07/html/2025-02408.htm" in result["sources"]


def test_every_eu_statement_is_borne_out_and_macron_s_warning_predates_the_article(ledger):
    check = eu(ledger)
    assert check.verdict.label == SUPPORTED and check.measured == 3
    assert parts_of(check) == {
        "high tariffs on Chinese-made electric vehicles": (SUPPORTED, 2),  # the vote of 4 October, the duties of 29 October
        "seeking other ways to protect": (SUPPORTED, 2),  # medical-device tenders (June), glyoxylic acid (September)
        "threatened to impose higher tariffs": (SUPPORTED, 1),  # Les Echos, 7 December 2025
    }
    assert check.parts[0].main and not any(part.main for part in check.parts[1:])
    assert "1 of them fall(s) in the article's month, before 2025-12-08" in check.parts[2].verdict.reason
    table = check.extra_tables[TABLE]
    macron = table[table["date"] == "2025-12-07"]
    assert len(macron) == 2 and macron["counted"].all() and set(macron["country"]) == {"FR"}
    assert set(table["statement"]) == {label for label in (s.label for s in STATEMENTS["eu"])}


@pytest.mark.parametrize("earliest_day", [1, 7])
def test_an_event_of_the_article_s_month_from_its_first_possible_day_is_shown_not_counted(ledger, earliest_day):
    check = eu(ledger, earliest_day=earliest_day)
    assert check.verdict.label == PARTLY and check.measured == 2
    assert parts_of(check)["threatened to impose higher tariffs"] == (INSUFFICIENT, 0)
    why = set(check.extra_tables[TABLE].query("date == '2025-12-07'")["why"])
    assert why == {f"on or after 2025-12-{earliest_day:02d}, the first day the article can have appeared (ours): it "
                   "may postdate the article; shown, not counted"}


def test_an_event_after_the_article_s_month_is_shown_not_counted(ledger):
    check = eu(ledger, until="2025-11")
    assert check.verdict.label == PARTLY  # the main part, the duties on electric cars, is supported
    assert parts_of(check)["threatened to impose higher tariffs"] == (INSUFFICIENT, 0)
    assert check.missing[0].startswith("an event showing Macron's warning of tariffs unless China reduces its surplus, "
                                       "2024-01 to 2025-11")
    assert "2025-12-07 (after the article's month (2025-11): shown, not counted)" in check.missing[0]


def test_a_time_frame_holding_only_easings_is_not_supported(ledger):
    check = us(ledger, since="2025-06")
    # from June the tariffs were only cut (November), so the main part fails and with it the claim
    assert parts_of(check)["raised tariffs significantly"] == (NOT_SUPPORTED, 0)
    assert "ease or suspend it and none bears it out: 2025-11-04" in check.parts[1].verdict.reason
    assert parts_of(check)["in other ways restricted Chinese products"] == (INSUFFICIENT, 0)  # de minimis: April, May
    assert parts_of(check)["imposed tariffs on Chinese goods"] == (SUPPORTED, 2)  # its own time frame, from 2021-01
    assert check.verdict.label == NOT_SUPPORTED and check.measured == 2


def test_a_government_without_events_is_insufficient_data_naming_each_statement(ledger):
    check = us(ledger, countries="CA")
    assert check.verdict.label == INSUFFICIENT and check.measured == 0
    assert [label for label, _ in parts_of(check).values()] == [INSUFFICIENT] * 4
    assert len(check.missing) == 4 and check.missing[1] == ("an event showing tariffs on goods from China raised since "
                                                            "January 2025, 2025-01 to 2025-12, before the article "
                                                            "appeared")


def test_an_empty_time_frame_is_insufficient_data_not_a_crash(ledger):
    check = us(ledger, since="2025-12", until="2025-01")
    assert parts_of(check)["raised tariffs significantly"][0] == INSUFFICIENT
    assert "is empty" in check.parts[1].verdict.reason
    assert check.verdict.label == PARTLY  # the kept tariffs have a time frame of their own, from 2021-01


def test_china_s_exports_to_the_governments_named_are_context_not_judged(ledger):
    context = {row.quantity: (row.period, row.measured) for row in us(ledger).rows
               if row.figure is not None and "context, not judged" in row.quantity}
    assert context == {"China's exports to United States, y/y (context, not judged)": ("2025-01/2025-11", -18.9),
                       "China's exports to United States, level (context, not judged)": ("2025-01/2025-11", 385.91)}
    # the EU's growth only (no January-November level in the ledger); France has no series, so none is asked for
    context = {row.quantity: row.measured for row in eu(ledger).rows
               if row.figure is not None and "context, not judged" in row.quantity}
    assert context == {"China's exports to European Union (27), y/y (context, not judged)": 8.1}
    assert eu(ledger).missing == []


def test_the_latest_figure_the_article_reports_dates_its_earliest_day(ledger):
    check = eu(ledger)
    reported = next(row for row in check.rows if "the latest figure the article reports" in row.quantity)
    # November's fall of exports to the US, AP's -29% (wire), first printed on 8 December 2025
    assert (reported.period, reported.measured, reported.figure.source.id) == ("2025-11", -29.0, "us-bs-ap-2025-12-08")
    assert reported.note == "first printed on 2025-12-08"
    assert "first printed on 2025-12-08, so it appeared no earlier" in check.caveats[1]
    assert "https://www.business-standard.com" in " ".join(check.result()["sources"])


def test_the_period_of_the_context_ends_the_month_before_the_article_s():
    assert context_period("2025-12") == "2025-01/2025-11"
    assert context_period("2025-02") == "2025-01"
    assert context_period("2026-01") == "2025"


def test_an_event_is_about_the_statement_its_id_names_after_the_date(ledger):
    statements = {statement.topic: statement for statement in STATEMENTS["us"]}
    events = {event.id: event for event in ledger.events("US")}
    assert about(events["us-2025-10-14-port-fees-charged"], statements["port-fees"])
    assert not about(events["us-2025-10-14-port-fees-charged"], statements["tariffs"])
    assert about(events["us-2024-09-18-section-301-increases"], statements["section-301"])
    assert not any(about(events["us-2024-09-18-section-301-increases"], statement)
                   for topic, statement in statements.items() if topic != "section-301")


def test_the_words_judged_stand_in_the_article():
    if not ARTICLE.is_file():
        pytest.skip(f"the article's text is not at {ARTICLE}")
    text = ARTICLE.read_text(encoding="utf-8")
    assert [statement.words for group in STATEMENTS.values() for statement in group if statement.words not in text] == []


@pytest.mark.parametrize(("claim_id", "countries"), [("us-measures", "US"), ("eu-measures", "EU27,FR")])
def test_the_events_read_are_those_of_the_governments_named(claim_id, countries):
    ledger = Ledger.load(Path(ROOT) / "data")
    claim_check(ledger, claim_id, countries, claim_id[:2], "2024-01", "2025-12", 8)
    read = {item[1] for item in ledger.read_log.reads if item[0] == "events"}
    assert read == set(countries.split(","))
