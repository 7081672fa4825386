"""The source-quality model on the shipped ledger: tiers, origins, statuses, editions, one row per page."""

from __future__ import annotations

import csv

import pytest

from tradeclaims.checks.result import Check
from tradeclaims.checks.verdicts import SUPPORTED, Verdict
from tradeclaims.ledger.figures import Figure, resolve
from tradeclaims.ledger.sources import Source
from tradeclaims.ledger.tables import read_table
from tradeclaims.ledger.validation import copy_problems, edition_problems, find_problems, source_problems

from ..conftest import ROOT


def test_a_known_wrong_figure_is_not_picked(ledger):
    march = ledger.require("IN", "CN", "exports", "2025-03", measure="yoy_pct")
    assert march.value == pytest.approx(-3.0)  # -14.5 is the fiscal year's rate, printed as March's
    assert {alt.status for alt in march.alternatives if alt.value == pytest.approx(-14.5)} == {"wrong"}


def test_a_disputed_figure_gives_way_to_the_agreeing_ones(ledger):
    assert ledger.require("CN", "WLD", "exports", "2024", measure="yoy_pct").value == pytest.approx(5.9)
    assert ledger.require("CN", "US", "exports", "2025-03", measure="yoy_pct").value == pytest.approx(9.0)


def test_a_revised_figure_wins_over_the_first_release(ledger):
    mexico = ledger.require("MX", "CN", "imports", "2024")
    assert mexico.value == pytest.approx(129.457)
    assert {alt.status for alt in mexico.alternatives} == {"revised"}


def test_indonesias_non_oil_and_gas_imports_are_not_filed_as_total_imports(ledger):
    assert ledger.get("ID", "CN", "imports", "2025-01/2025-04") is None
    assert ledger.require("ID", "CN", "imports_non_oil_gas", "2025-01/2025-04").value == pytest.approx(25.77)


def test_official_figures_win(ledger):
    imports_2024 = ledger.require("CN", "WLD", "imports", "2024")
    assert imports_2024.source.kind == "official" and imports_2024.value == pytest.approx(2585.066668)
    assert imports_2024.source.attribution == imports_2024.source.publisher


def test_a_copy_names_the_outlet_and_the_agency_it_cites(ledger):
    surplus = ledger.require("CN", "WLD", "balance", "2025-01/2025-11")
    assert surplus.source.kind == "wire"
    assert surplus.source.attribution == (f"as reported by {surplus.source.publisher}, citing "
                                          "General Administration of Customs of China (GACC)")


def source(source_id: str, kind: str, origin: str) -> Source:
    return Source(id=source_id, publisher=source_id, title="", url=f"https://example.org/{source_id}", published="",
                  kind=kind, origin=origin)


def figure(value: float, of: Source, halfwidth: float = 0.05) -> tuple[Figure, float]:
    return Figure(reporter="CN", partner="US", flow="exports", period="2025-11", measure="value", currency="USD",
                  value=value, unit="USD bn", source=of, halfwidth=halfwidth), halfwidth


def test_copies_of_one_wire_story_count_once_for_agreement():
    three_copies = [figure(30.0, source(f"copy-{n}", "wire", "ap-2025-12-08")) for n in range(3)]
    two_stories = [figure(31.0, source("reuters", "wire", "reuters-2025-12-08")),
                   figure(31.0, source("bloomberg", "wire", "bloomberg-2025-12-08"))]
    assert resolve(three_copies + two_stories).value == 31.0  # two origins agree, against one origin copied thrice


def test_a_reprint_ranks_below_a_news_report():
    assert resolve([figure(30.0, source("blog", "reprint", "blog")),
                    figure(31.0, source("paper", "secondary", "paper"))]).value == 31.0


def test_headline_sources_carry_their_kind_and_agency(ledger):
    surplus = ledger.require("CN", "WLD", "balance", "2025-01/2025-11")
    check = Check(claim_id="surplus", verdict=Verdict(SUPPORTED, "reason"), measured=surplus.value, unit="US$ bn",
                  article_value=1080, figures=[surplus])
    result = check.result()
    assert result["headline_sources"][0]["kind"] == "wire"
    assert result["headline_sources"][0]["agency"].startswith("General Administration of Customs")
    assert result["evidence"] == "wire"


def test_the_shipped_data_has_one_row_per_page():
    with (ROOT / "data" / "sources.csv").open() as handle:
        urls = [row["url"] for row in csv.DictReader(handle)]
    assert len(urls) == len(set(urls))
    assert find_problems(ROOT / "data") == []


def test_a_page_registered_twice_is_refused(tmp_path):
    sources = (ROOT / "data" / "sources.csv").read_text().splitlines()
    copy = sources[1].split(",", 1)
    (tmp_path / "sources.csv").write_text("\n".join([*sources, "again-" + copy[0] + "," + copy[1]]) + "\n")
    problems = source_problems(read_table(tmp_path / "sources.csv"))
    assert len(problems) == 1 and "URL already registered on line 2" in problems[0]


def shipped_sources_with(tmp_path, *rows: dict[str, str]):
    with (ROOT / "data" / "sources.csv").open() as handle:
        reader = csv.DictReader(handle)
        shipped, columns = list(reader), reader.fieldnames
    with (tmp_path / "sources.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows([*shipped, *rows])
    return shipped, read_table(tmp_path / "sources.csv")


def test_a_copy_under_another_origin_is_refused_with_both_ids(tmp_path):
    shipped, _ = shipped_sources_with(tmp_path)
    story = next(row for row in shipped if row["id"] == "us-europesays-cnbc-2025-12-08")
    copy = {**story, "id": "us-mirror-cnbc-2025-12-08", "url": "https://mirror.example.org/cnbc-story",
            "title": story["title"].upper() + "!", "origin": "us-mirror-cnbc-2025-12-08"}
    _, table = shipped_sources_with(tmp_path, copy)
    problems = copy_problems(table)
    assert len(problems) == 1
    assert f":{len(shipped) + 2}: us-mirror-cnbc-2025-12-08 looks like a copy of us-europesays-cnbc-2025-12-08" \
        in problems[0]
    assert "'cnbc-2025-12-08'" in problems[0]
    _, same_origin = shipped_sources_with(tmp_path, {**copy, "origin": story["origin"]})
    assert copy_problems(same_origin) == []  # a copy under the story's origin is what the ledger expects


def test_one_article_at_two_hosts_of_one_site_is_refused(tmp_path):
    shipped, _ = shipped_sources_with(tmp_path)
    article = next(row for row in shipped if row["id"] == "ea-justthenews-2025-12-08")
    twin = {**article, "id": "twin", "url": article["url"].replace("://justthenews", "://app.justthenews"),
            "title": "another title"}
    problems = copy_problems(shipped_sources_with(tmp_path, twin)[1])
    assert len(problems) == 1 and "twin is the article of line" in problems[0] and "one article is one source" in problems[0]


def test_a_mix_of_editions_and_a_revisable_figure_without_one_are_refused(tmp_path):
    header = "reporter,partner,flow,period,measure,value,unit,currency,source_id,status,edition,notes"
    rows = ["US,WLD,gdp,2025,value,30.5,USD trn,USD,weo-page,,WEO-2025-04,",
            "CN,WLD,gdp,2025,value,19.4,USD trn,USD,weo-page,,WEO-2025-10,",
            "IN,WLD,gdp,2025,value,4.1,USD trn,USD,other-page,,,"]
    (tmp_path / "observations.csv").write_text("\n".join([header, *rows]) + "\n")
    problems = edition_problems(read_table(tmp_path / "observations.csv"))
    assert any(":3: source weo-page mixes editions (WEO-2025-04 on line 2, WEO-2025-10 here)" in p for p in problems)
    assert any(":4: gdp figures are revised in editions" in p for p in problems)


COPIES_OF_ONE_STORY = {  # pages that carry one story: one origin each
    "cnbc-2025-12-08": {"us-europesays-cnbc-2025-12-08", "us-baystreet-2025-12-08", "us-marketspy-2025-12-08"},
    "pti-2026-01-15": {"india-tribune-pti-2026-01-15", "india-bharathorizon-2026-01"},
    "gtri-2025-12-19": {"india-newsdrum-pti-2025-12-19", "india-telegraph-2025-12"},
    "reuters-2026-01-14": {"south-moscowtimes-2026-01-14", "south-liga-reuters-2026-01"},
    "bloomberg-2026-01-14": {"south-ndtvprofit-bloomberg-2026-01-14", "ea-tottanews-2026-01-14"},
    "cnbc-2025-05-09": {"ea-businessmayor-cnbc-2025-05-09", "ea-usnn-2025-05"},
    "dpa-afx-2025-10-13": {"ea-cash-dpa-2025-10-13", "ea-krone-2025-10-13"},
    "ap-2025-06-09": {"us-nie-ap-2025-06-09", "ea-ahmedabadmirror-2025-06-10", "totals-wam-ap-2025-06-09"},
}


@pytest.mark.parametrize("origin", sorted(COPIES_OF_ONE_STORY))
def test_copies_of_one_story_share_its_origin(ledger, origin):
    assert {ledger.sources[page].origin for page in COPIES_OF_ONE_STORY[origin]} == {origin}


def test_kinds_follow_the_tier_definitions(ledger):
    kinds = {source.id: source.kind for source in ledger.sources.values()}
    broadcaster = [page for page, kind in kinds.items() if "cnbc" in page and kind == "wire"]
    assert broadcaster == []  # CNBC is a broadcaster: its story and its copies are secondary
    assert kinds["us-tass-2025-06-09"] == "secondary"  # an agency relaying CNBC's story
    assert kinds["south-moscowtimes-2026-01-14"] == kinds["south-liga-reuters-2026-01"] == "secondary"  # citing Reuters
    assert kinds["india-newsdrum-pti-2025-12-19"] == "wire"  # PTI's own story


def test_one_article_under_two_addresses_is_one_source(ledger):
    hosts = [source.url for source in ledger.sources.values() if "justthenews.com" in source.url]
    assert len(hosts) == 1


def test_a_date_the_page_does_not_print_is_shown_as_inferred(ledger):
    ucapital = ledger.sources["us-ucapital-2024-12-10"]
    assert ucapital.date_shown == "2024-12-10 (inferred)"
    assert ledger.sources["totals-scio-2026-01-28"].date_shown == "2026-01-28"
    assert {source.published_basis for source in ledger.sources.values()} == {"", "inferred", "approximate"}


def test_a_figure_from_a_page_with_visible_errors_is_used_only_alone_and_the_report_says_so(ledger):
    from tradeclaims.notebook.display import method_html

    asean = ledger.require("CN", "ASEAN", "exports", "2025")  # no other page prints this level
    assert (asean.status, asean.source.id) == ("doubtful", "ea-ara-2026-01-14")
    us = ledger.require("CN", "US", "exports", "2025")  # printed by other pages too: Modaes's copy gives way
    assert us.status == "" and "doubtful" in {alt.status for alt in us.alternatives}
    check = Check(claim_id="asean", verdict=Verdict(SUPPORTED, "reason"), measured=asean.value, unit="US$ bn",
                  article_value=None, figures=[asean, us])
    text = method_html(check)
    assert "ea-ara-2026-01-14) is marked doubtful" in text and "3.2% more than in 2024" in text
    assert "south-sputnik" not in text.split("marked doubtful")[0].rsplit("<p>", 1)[-1]
