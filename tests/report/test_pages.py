"""What results.json, the index and each report's top say about each claim: the period of the figure set against
the article's, the article's own figure apart from our thresholds, and the headline figure's own sources."""

import json
import re

import pytest

from tradeclaims.checks import verdicts
from tradeclaims.checks.registry import load_registry
from tradeclaims.report.claim_page import headline_source, source_list

from ..conftest import ROOT
from ..streams import stderr_on_page

REGISTRY = load_registry(ROOT / "claims.yaml")
# claim: (period of the headline figure, the article's figure or None, our threshold or None)
EXPECTED = {
    "exports-jan-nov": ("2025-01/2025-11", 3400, None),
    "surplus-jan-nov": ("2025-01/2025-11", 1080, None),
    "us-november-drop": ("2025-11", -30, None),
    "india-deficit": ("FY2024-25", 100, None),  # 99.2 is India's deficit for FY2024-25
    "eu-early-rise": ("2025-04/2025-06", None, 5),  # the months of March-June with a rate
    "eu-october-vs-may": ("2025-10", -11.3, None),
    "asean-growth": ("2025-10", 11, None),
    "global-south-offset": ("2025-01/2025-11", None, 100),  # the latest the article could know
    "global-south-size": ("2025", None, 50498.217),  # the rest of the world, at most, against the US and EU's GDP
    "weak-imports": ("2025", None, 25),  # net exports' share of GDP growth against our 25%
    "mexico-indonesia": ("2025-01/2025-12", None, None),  # judged on events in the article's time frame
    "outlook-2026": ("2026-01/2026-03", None, 6.1),  # growth so far in 2026 against 2025's, both in yuan
    "us-mirror": ("2025-11", -30, None),  # the month the article's figure is about; the whole year only beside it
}


def test_every_expectation_is_of_a_claim_of_the_registry():
    assert set(EXPECTED) <= set(REGISTRY)  # a claim added since is held by the tests that find every claim


@pytest.fixture(scope="module")
def results(built_project):
    return {entry["id"]: entry for entry in json.loads((built_project / "reports" / "results.json").read_text())["claims"]}


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", list(EXPECTED))
def test_period_article_and_threshold_per_claim(results, claim_id):
    period, article, threshold = EXPECTED[claim_id]
    entry = results[claim_id]
    assert entry["period"] == period
    assert entry["bound"] == {"global-south-offset": "lower", "global-south-size": "upper"}.get(claim_id)
    assert entry["article_value"] == (None if article is None else pytest.approx(article))
    if threshold is None:
        assert entry["threshold"] is None
    else:
        assert entry["threshold"]["value"] == pytest.approx(threshold) and entry["threshold"]["label"]


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", list(REGISTRY))
def test_article_figure_and_headline_sources_per_claim(results, claim_id):
    entry = results[claim_id]
    assert entry["article_value"] == REGISTRY[claim_id].article_value  # only what the article printed
    assert entry["threshold"] is None or (entry["threshold"]["label"] and entry["threshold"]["unit"] is not None)
    sources = entry["headline_sources"]
    assert all({"publisher", "url", "published", "kind"} <= set(source) for source in sources)
    assert (entry["measured"] is None) == (not sources)


@pytest.mark.slow
def test_headline_sources_are_the_headline_figures_own(results):
    india = results["india-deficit"]["headline_sources"]
    assert [source["publisher"] for source in india] == ["Reuters via Business Standard"]  # not the nine used
    assert [source["kind"] for source in results["outlook-2026"]["headline_sources"]] == ["official"]
    assert len(results["india-deficit"]["sources"]) > 5


def index_row(index: str, claim_id: str) -> list[str]:
    row = re.search(rf'<tr id="claim-{claim_id}"[^>]*>(.*?)</tr>', index, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)]


@pytest.mark.slow
def test_index_article_column_holds_only_the_articles_figures(built_project):
    index = (built_project / "reports" / "index.html").read_text()
    header = re.findall(r"<th>(.*?)</th>", index.split("<tbody>")[0])
    article, threshold, period = header.index("article"), header.index("threshold (ours)"), header.index("period")
    cells = {claim_id: index_row(index, claim_id) for claim_id in EXPECTED}
    assert cells["global-south-size"][article] == "" and "50,498.2" in cells["global-south-size"][threshold]
    assert cells["mexico-indonesia"][article] == "" and cells["mexico-indonesia"][threshold] == ""
    assert cells["weak-imports"][article] == "" and "25.0 %" in cells["weak-imports"][threshold]
    assert cells["eu-early-rise"][article] == "" and "5.0 %" in cells["eu-early-rise"][threshold]
    assert cells["india-deficit"][article] == "100.0 US$ bn" and cells["india-deficit"][period] == "FY2024-25"
    assert cells["outlook-2026"][period] == "2026-01/2026-03"


@pytest.mark.slow
def test_report_top_names_the_headline_sources_and_the_real_rerun_line(built_project, results):
    page = (built_project / "reports" / "india-deficit.html").read_text()
    top = page.split('<p class="tc-meta tc-data">')[0]
    source_cell = top.split("source of the measured figure</th>")[1]
    assert source_cell.count("<a ") == 1 and "Reuters via Business Standard" in source_cell
    assert "2025-04-16" in source_cell
    report = (built_project / "reports" / "us-november-drop.html").read_text()
    assert "tradeclaims run us-november-drop -p month 2025-05" in report
    assert "CLAIM_ID" not in report and "NAME VALUE" not in report
    imports = (built_project / "reports" / "weak-imports.html").read_text()
    assert "threshold (ours)" in imports and "none printed" in imports


def test_a_copy_names_the_agency_it_cites_and_a_missing_date_is_said():
    wire = {"publisher": "Reuters via X", "url": "https://x.example/a", "published": "", "kind": "wire", "agency": "GACC"}
    assert headline_source(wire) == ('as reported by <a href="https://x.example/a" rel="noopener">Reuters via X</a>, '
                                     "citing GACC (date not shown)")
    official = {**wire, "publisher": "GACC", "kind": "official", "published": "2025-12-08"}
    assert headline_source(official).endswith(">GACC</a> (2025-12-08)")
    bare = {"publisher": "Somewhere", "url": "https://y.example"}  # older entries: no kind, no agency, no date
    assert headline_source(bare).endswith("(date not shown)")
    assert source_list({"measured": None, "headline_sources": []}) == "none: the figures are missing"
    reprint = {**wire, "publisher": "Aggregator", "kind": "reprint"}
    assert "Aggregator</a> (a reprint: low reliability), citing GACC" in headline_source(reprint)
    inferred = {**wire, "published": "2024-12-10", "published_basis": "inferred"}  # a date the page does not print
    assert headline_source(inferred).endswith("citing GACC (2024-12-10, inferred)")


def reader_view(page: str):
    """The page as a reader meets it: without the hidden code cells and the style sheets."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for hidden in soup.select("details.tc-code, style, script"):
        hidden.decompose()
    return soup


# None, NaN, a Series' dtype line, a tuple's repr, a bool (tables say yes / no)
PYTHON_VALUES = re.compile(r"\bNone\b|\bNaN\b|\bnan\b|dtype: |\('[^']*', |\bTrue\b|\bFalse\b")


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", list(REGISTRY))
def test_no_python_representation_reaches_a_reader(built_project, claim_id):
    soup = reader_view((built_project / "reports" / f"{claim_id}.html").read_text())
    text = soup.get_text(" ")
    assert not PYTHON_VALUES.search(text), PYTHON_VALUES.search(text).group(0)
    alts = [image.get("alt", "") for image in soup.find_all("img")]
    assert alts and all(alt.startswith(("Bar chart: ", "Line chart: ")) and "Source:" in alt for alt in alts), alts
    headers = [th.get_text(strip=True) for th in soup.find_all("th")]
    assert all(headers), "a table header without text"
    named = [th.get_text() for th in soup.find_all("th") if th.code is None]  # parameters keep their -p names
    assert [header for header in named if "_" in header] == []  # column names in words


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", list(REGISTRY))
def test_every_source_id_on_a_page_is_a_link_to_its_page(built_project, claim_id):
    import csv

    with (ROOT / "data" / "sources.csv").open(newline="", encoding="utf-8") as handle:
        urls = {row["id"]: row["url"] for row in csv.DictReader(handle)}
    soup = reader_view((built_project / "reports" / f"{claim_id}.html").read_text())
    hrefs = {anchor.get("href") for anchor in soup.find_all("a")}
    words = set(re.findall(r"[\w.-]+", soup.get_text(" ")))
    shown = sorted(source_id for source_id in urls if source_id in words)
    assert shown, "no source id on the page"
    assert [source_id for source_id in shown if urls[source_id] not in hrefs] == []
    for cell in soup.find_all("td"):
        if cell.get_text(strip=True) in urls:
            assert cell.a is not None and cell.a["href"] == urls[cell.get_text(strip=True)], str(cell)[:200]


def test_a_bound_reads_at_least_or_at_most_on_the_report_top_and_the_index(ledger):
    from tradeclaims.report.claim_page import header
    from tradeclaims.report.index_page import render

    from ..claim_checks import run_check

    claim = REGISTRY["global-south-offset"]
    entry = {"id": claim.id, "title": claim.title, "status": "ok", "report": f"{claim.id}.html", "parameters": {},
             **run_check(ledger, claim).result()}
    def share(bound):  # a lower bound rounded down, an upper bound up: what is shown still holds
        return f"{verdicts.rounded(entry['measured'], bound):,.1f} %"

    top = header(claim, entry)
    assert f"<strong>at least {share('lower')}</strong> (lower bound: parts of the quantity lack figures" in top
    assert f"at least {share('lower')}" in render({"claims": [entry], "run": {"built": "now", "version": "0",
                                                                              "data_hash": "0"}})
    assert f"<strong>at most {share('upper')}</strong>" in header(claim, {**entry, "bound": "upper"})
    assert f"<strong>{share(None)}</strong></td>" in header(claim, {**entry, "bound": None})


def test_several_headline_sources_each_say_which_figures_they_give():
    wire = {"publisher": "Reuters via X", "url": "https://x.example/a", "published": "2026-01-14", "kind": "wire",
            "agency": "GACC", "figures": ["exports to ASEAN, 2025", "exports to ASEAN, 2024"]}
    other = {"publisher": "Y", "url": "https://y.example/b", "published": "2025-12-01", "published_basis": "inferred",
             "kind": "secondary", "agency": "GACC", "figures": ["exports to US, 2025"]}
    listed = source_list({"measured": 73.8, "headline_sources": [wire, other]})
    assert listed.count("<li>") == 2
    assert "<li>exports to ASEAN, 2025; exports to ASEAN, 2024: as reported by" in listed
    assert "<li>exports to US, 2025: as reported by" in listed and "(2025-12-01, inferred)" in listed


@pytest.mark.slow
def test_the_headline_figures_are_mapped_to_their_sources(results):
    offset = results["global-south-offset"]["headline_sources"]
    assert len(offset) > 1 and all(source["figures"] for source in offset)
    named = [figure for source in offset for figure in source["figures"]]
    assert len(named) == len(set(named))  # each figure from one source
    assert any(figure.startswith("exports to AFRICA, ") for figure in named)


def test_code_is_shown_as_text_on_a_report():
    """A code cell's source reaches the page escaped (Pygments escapes it; the template does not sanitize it a
    second time), whatever markup it holds, and reads back as written."""
    import html as html_module

    import nbformat

    from tradeclaims.report.claim_page import render

    claim = next(iter(load_registry(ROOT / "claims.yaml").values()))
    hostile = "note = '</div><script>alert(1)</script><img src=x onerror=alert(2)>'  # & \"quoted\""
    notebook = json.loads(nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(hostile)], metadata={"language_info": {"name": "python"}})))
    entry = {"id": claim.id, "status": "ok", "verdict": "supported", "reason": "", "parameters": {}, "sources": []}
    page = render(notebook, claim, entry, {"built": "now", "version": "0", "data_hash": "0"}, past=None)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    code = re.search(r'<div class="cm-editor cm-s-jupyter">(.*?)</div>\s*</div>', page, re.DOTALL).group(1)
    assert html_module.unescape(re.sub(r"<[^>]+>", "", code)).strip() == hostile


PAGE_LIMIT = 160_000  # bytes: a claim page, self-contained (stylesheet and chart inside)


@pytest.mark.slow
def test_every_claim_page_is_light(built_project):
    sizes = {path.stem: path.stat().st_size for path in (built_project / "reports").glob("*.html")
             if path.stem in REGISTRY}
    assert len(sizes) == len(REGISTRY)
    assert {claim: size for claim, size in sizes.items() if size > PAGE_LIMIT} == {}
    page = (built_project / "reports" / "us-november-drop.html").read_text()
    assert "<script src=" not in page and "<link" not in page and 'src="data:image/' in page  # still self-contained


@pytest.mark.slow
def test_no_report_page_holds_a_stderr_block(built_project):
    """No exported page shows a reader a warning or a log line: every claim's page, the index and the article."""
    pages = sorted((built_project / "reports").glob("*.html"))
    assert {f"{claim_id}.html" for claim_id in REGISTRY} <= {page.name for page in pages}
    assert [block for page in pages for block in stderr_on_page(page)] == []


def test_the_index_says_why_a_verdict_has_no_figure(ledger):
    """eu-october-vs-may is judged part by part with no figure for the whole; a rerun for a month the ledger lacks
    says which figure it lacks."""
    import html

    from tradeclaims.report.index_page import render

    from ..claim_checks import run_check

    claim = REGISTRY["eu-october-vs-may"]
    run = {"built": "now", "version": "0", "data_hash": "0"}
    for overrides in ({}, {"month": "2026-03"}):
        entry = {"id": claim.id, "title": claim.title, "status": "ok", "report": f"{claim.id}.html", "parameters": {},
                 **run_check(ledger, claim, overrides).result()}
        assert entry["measured"] is None
        reason = (f"not in the ledger: {entry['missing'][0]}" if entry["missing"]
                  else "judged part by part, with no figure for the whole")
        assert f'n/a<br><span class="tc-meta tc-no-figure">{reason}</span>' in html.unescape(
            render({"claims": [entry], "run": run}))


BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def with_reversed_titles(data) -> dict[str, dict[str, str]]:
    """data/sources.csv with U+202E (right-to-left override) before every title and U+2067 (a right-to-left isolate)
    before every publisher, its hash updated; the sources as they are now, by id."""
    import csv

    from tradeclaims.ledger.validation import update_hashes

    path = data / "sources.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    for row in rows:
        row["title"], row["publisher"] = "\u202e" + row["title"], "\u2067" + row["publisher"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    update_hashes(data)
    return {row["id"]: row for row in rows}


@pytest.mark.slow
def test_a_bidi_control_in_a_sources_title_is_shown_as_its_escape_never_obeyed(project_copy):
    from ..conftest import tradeclaims

    sources = with_reversed_titles(project_copy / "data")
    built = tradeclaims("run", "us-november-drop", cwd=project_copy)
    assert built.returncode == 0, built.stderr
    reports = project_copy / "reports"
    pages = {path.name: path.read_text(encoding="utf-8") for path in reports.glob("*.html")}
    assert set(pages) >= {"us-november-drop.html", "index.html", "article.html"}
    assert {name: [hex(ord(c)) for c in BIDI_CONTROLS if c in page] for name, page in pages.items()} == {
        name: [] for name in pages}
    rows = [row for row in reader_view(pages["us-november-drop.html"]).select("tbody tr")
            if row.td is not None and row.td.get_text(strip=True) in sources]
    assert len(rows) >= 2  # the sources of the figures used, and copies
    for row in rows:
        source = sources[row.td.get_text(strip=True)]
        publisher, title = (cell.get_text() for cell in row.find_all("td")[1:3])
        assert (publisher, title) == (source["publisher"].replace("\u2067", "\\u2067"),
                                      source["title"].replace("\u202e", "\\u202e"))
    headline = results_of(reports)["us-november-drop"]["headline_sources"]  # results.json keeps the data as they are
    assert headline and all(source["publisher"].startswith("\u2067") for source in headline)


def results_of(reports) -> dict[str, dict]:
    return {entry["id"]: entry for entry in json.loads((reports / "results.json").read_text())["claims"]}
