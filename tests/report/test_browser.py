"""The reports in a real browser: Debian's chromium, headless, driven by Playwright, opening files from disk.

Checks what a reader meets: every claim on the index and on the annotated article links to a report that exists,
each report shows its verdict above the fold (desktop and phone), no console errors, and no request leaves the
machine; on every page, at a desktop's and a phone's width, axe-core finds no accessibility violation, nothing is wider than
the screen, and no table is squeezed taller than its content needs; no kind of page (index, changes, claim, article,
sweep, runs) scrolls sideways or hides content beyond the edge of a box (but a claim page's table regions on a phone),
and the index on a phone shows every claim's verdict and figure; Chinese titles render as characters.
Screenshots go to test-output/browser/ (the README's pictures come from there).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from tradeclaims.notebook import charts

from ..conftest import ROOT
from ..notebook.test_charts import PHONE_IMAGE_WIDTH

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_SCHEMES = {"file", "data", "about", "blob"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "test-output" / "browser"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
NARROWEST_WRAPPED_CELL = 7.5  # ems: a table cell whose text wraps onto several lines is at least this wide

# What a page shows that a reader would see as a layout fault: the page wider than the screen, a table wider than
# its column outside a scrolling region, a table cell squeezed so narrow that its text takes line after line.
LAYOUT = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`page ${document.documentElement.scrollWidth} px wide on a ${width} px screen`);
  }
  for (const table of document.querySelectorAll('table')) {
    const column = table.parentElement.clientWidth;
    if (table.offsetWidth > column + 1 && !table.closest('.tc-scroll')) {
      problems.push(`table ${table.offsetWidth} px wide in a ${column} px column, not in a scrolling region`);
    }
    for (const cell of table.querySelectorAll('td, th')) {
      const style = getComputedStyle(cell);
      const fontSize = parseFloat(style.fontSize);
      const line = parseFloat(style.lineHeight) || fontSize * 1.2;
      const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      const lines = (cell.clientHeight - padding) / line;
      const text = cell.innerText.trim();
      if (text && lines > 1.9 && cell.clientWidth < 7.5 * fontSize && text.length * fontSize * 0.5 > cell.clientWidth) {
        problems.push(`cell "${text.slice(0, 40)}" squeezed to ${cell.clientWidth} px (${lines.toFixed(1)} lines)`);
      }
    }
  }
  return problems;
}"""

# Tables wider than their column (the scrolling region's, for a table in one): none at a desktop's width.
WIDE_TABLES = """() => Array.from(document.querySelectorAll('table')).map(table => {
  const region = table.closest('.tc-scroll');
  const column = (region ? region.parentElement : table.parentElement).clientWidth;
  return {width: table.offsetWidth, column: column, first: (table.querySelector('th, td') || {}).innerText || ''};
}).filter(table => table.width > table.column + 1)"""
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(details => { details.open = true; })"

# Whether text in Chinese characters is drawn with real glyphs: two different characters drawn in the element's
# font give different pixels, and differ from a private-use character (drawn as an empty box, like a missing glyph).
CJK_GLYPHS = r"""(element) => {
  const characters = [...new Set(Array.from(element.innerText).filter(c => /[\u4e00-\u9fff]/.test(c)))];
  const font = getComputedStyle(element).font;
  const draw = (character) => {
    const canvas = document.createElement('canvas');
    canvas.width = 48; canvas.height = 48;
    const context = canvas.getContext('2d');
    context.font = font.replace(/\d+(\.\d+)?px/, '32px');
    context.fillText(character, 4, 38);
    return Array.from(context.getImageData(0, 0, 48, 48).data).join(',');
  };
  const box = draw('\ue000');
  return {characters: characters.slice(0, 2).join(''),
          distinct: characters.length >= 2 && draw(characters[0]) !== draw(characters[1]),
          notBoxes: characters.length >= 2 && draw(characters[0]) !== box && draw(characters[1]) !== box};
}"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (scripts/ensure_chromium.sh installs it)")
        pytest.skip("chromium is not installed; run scripts/ensure_chromium.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class Watched:
    """A page whose console errors, page errors and non-local requests are recorded (and blocked)."""

    def __init__(self, browser, viewport):
        self.context = browser.new_context(viewport=viewport)
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.context.route("**/*", self.route)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def route(self, route):
        if urlparse(route.request.url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            self.remote.append(route.request.url)
            route.abort()

    def open(self, path: Path):
        self.page.goto(path.as_uri(), wait_until="load")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_violations(axe, page) -> list[str]:
    return [f"{violation['id']} ({violation['impact']}): {len(violation['nodes'])} element(s)"
            for violation in axe.run(page).response["violations"]]


def page_faults(axe, page) -> list[str]:
    """What axe-core and the layout check find on the page open now (nothing, when all is well)."""
    return axe_violations(axe, page) + page.evaluate(LAYOUT)


def linked_file(reports: Path, href: str) -> Path:
    return reports / unquote(href.split("#")[0])


def verdict_above_the_fold(page, viewport) -> bool:
    box = page.locator("#verdict").bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def claim_links(index, reports: Path, results: dict, viewport) -> dict[str, str]:
    """Each claim's row on the index: its name is a link to its report, on screen at this width."""
    rows = index.locator("tr[id^='claim-']")
    links = {}
    for number in range(rows.count()):
        row = rows.nth(number)
        claim_id = row.get_attribute("id").removeprefix("claim-")
        name = row.locator("td").first.locator("a").first
        assert name.inner_text() == results[claim_id]["title"], f"{claim_id}: the claim's name is not its link"
        href = name.get_attribute("href")
        assert linked_file(reports, href).is_file(), f"{claim_id}: {href} does not exist"
        box = name.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], f"{claim_id}: its link is off screen"
        assert row.locator(".tc-badge").inner_text().lower() == results[claim_id]["verdict"]
        links[claim_id] = href
    return links


def counts_keep_label_and_number_together(index) -> bool:
    """Each verdict count (badge and number) sits on one line."""
    return index.evaluate("""() => Array.from(document.querySelectorAll('.tc-counts > span')).every(span =>
        span.getBoundingClientRect().height < 1.6 * span.querySelector('.tc-badge').getBoundingClientRect().height)""")


@pytest.mark.slow
def test_index_and_every_report_render_locally(browser, axe, built_project):
    reports = built_project / "reports"
    results = {entry["id"]: entry for entry in json.loads((reports / "results.json").read_text())["claims"]}
    claim_ids = [claim["id"] for claim in yaml.safe_load((ROOT / "claims.yaml").read_text())["claims"]]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in WIDTHS.items():
        watched = Watched(browser, viewport)
        index = watched.open(reports / "index.html")
        assert page_faults(axe, index) == [], f"index at {width} width"
        if width == "desktop":
            assert index.evaluate(WIDE_TABLES) == [], "the index: a table wider than its column at 1280 px"
        assert counts_keep_label_and_number_together(index)
        links = claim_links(index, reports, results, viewport)
        assert sorted(links) == sorted(claim_ids)
        index.screenshot(path=str(SCREENSHOTS / ("index.png" if width == "desktop" else "index-phone.png")),
                         full_page=width == "desktop")
        for claim_id, href in links.items():
            page = watched.open(linked_file(reports, href))
            verdict = page.locator("#verdict .tc-badge")
            assert verdict.is_visible() and verdict.inner_text().lower() == results[claim_id]["verdict"]
            assert verdict_above_the_fold(page, viewport), f"{claim_id}: verdict below the fold at {width} width"
            assert page.locator("img").count() >= 1, f"{claim_id}: no chart"
            assert page.locator("a[href='index.html']").count() == 1
            assert page.locator("a[href='article.html']").count() == 1
            assert page_faults(axe, page) == [], f"{claim_id} at {width} width"
            if width == "desktop":
                assert page.evaluate(WIDE_TABLES) == [], f"{claim_id}: a table wider than its column at 1280 px"
                page.screenshot(path=str(SCREENSHOTS / f"{claim_id}.png"))
            else:
                charts_legible_on_a_phone(page, claim_id)
        if width == "phone":
            page = watched.open(reports / "us-november-drop.html")
            page.screenshot(path=str(SCREENSHOTS / "us-november-drop-phone.png"))
            page = watched.open(reports / "india-deficit.html")
            page.locator("img").first.screenshot(path=str(SCREENSHOTS / "india-deficit-chart-phone.png"))
        annotated_article(watched.open(reports / "article.html"), axe, reports, results, width)
        assert watched.errors == [] and watched.remote == []
        watched.close()


def annotated_article(page, axe, reports: Path, results: dict, width: str) -> None:
    """The annotated article: every claim's title links to its report, with its verdict; no fault at this width."""
    assert page_faults(axe, page) == [], f"article.html at {width} width"
    items = page.locator("li.tc-checked")
    assert items.count() == len(results)
    for number in range(items.count()):
        item = items.nth(number)
        claim_id = item.get_attribute("id").removeprefix("claim-")
        assert linked_file(reports, item.locator("h2 a").get_attribute("href")).is_file()
        assert item.locator(".tc-badge").inner_text().lower() == results[claim_id]["verdict"]
    assert page.locator("li.tc-unchecked .tc-not-checked").count() > 0
    page.screenshot(path=str(SCREENSHOTS / ("article.png" if width == "desktop" else "article-phone.png")),
                    full_page=width == "desktop")


def charts_legible_on_a_phone(page, claim_id: str) -> None:
    for shown, natural, alt in page.evaluate(
            "Array.from(document.images).map(i => [i.clientWidth, i.naturalWidth, i.alt])"):
        assert shown >= min(natural, PHONE_IMAGE_WIDTH), f"{claim_id}: chart shown {shown} px wide"
        smallest = charts.MIN_FONT * charts.DPI / 72 * shown / natural  # px of the smallest chart text
        assert smallest >= 9, f"{claim_id}: chart text {smallest:.1f} px on a phone"
        assert alt.endswith(".") and "Source:" in alt and "No description" not in alt, f"{claim_id}: alt {alt!r}"


@pytest.mark.slow
def test_chinese_titles_render_as_characters(browser, built_project):
    """A source's title in Chinese characters is drawn with a CJK font, not as empty boxes."""
    watched = Watched(browser, DESKTOP)
    page = watched.open(built_project / "reports" / "us-november-drop.html")
    cell = page.locator("td", has_text=re.compile("[\u4e00-\u9fff]")).first
    glyphs = cell.evaluate(CJK_GLYPHS)
    assert glyphs["characters"] and glyphs["distinct"] and glyphs["notBoxes"], glyphs
    cell.scroll_into_view_if_needed()
    cell.screenshot(path=str(SCREENSHOTS / "chinese-title.png"))
    watched.close()


def test_a_request_to_the_network_would_be_caught(browser, tmp_path):
    """The watch itself works: a page that loads a remote image is seen and blocked."""
    page_file = tmp_path / "remote.html"
    page_file.write_text('<!DOCTYPE html><html><body><img src="https://example.org/x.png"></body></html>')
    watched = Watched(browser, DESKTOP)
    watched.open(page_file)
    assert watched.remote == ["https://example.org/x.png"]
    watched.close()


@pytest.mark.slow
def test_a_failed_claim_is_shown_failed_with_a_link_to_its_error(browser, project_copy):
    import nbformat

    from ..conftest import tradeclaims

    notebook_path = project_copy / "notebooks" / "03_us_november_drop.ipynb"
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
    nbformat.write(notebook, notebook_path)
    result = tradeclaims("run", "us-november-drop", "india-deficit", cwd=project_copy)
    assert result.returncode == 1
    reports = project_copy / "reports"
    watched = Watched(browser, DESKTOP)
    index = watched.open(reports / "index.html")
    row = index.locator("#claim-us-november-drop")
    assert row.locator(".tc-badge").inner_text().lower() == "failed"
    href = row.locator("a").first.get_attribute("href")
    assert href.endswith("#papermill-error-cell") and linked_file(reports, href).is_file()
    assert index.locator("#claim-india-deficit .tc-badge").inner_text().lower() != "failed"
    error_page = watched.open(linked_file(reports, href))
    assert error_page.locator("#papermill-error-cell").count() == 1
    assert "broken on purpose" in error_page.content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    error_page.screenshot(path=str(SCREENSHOTS / "failed-claim.png"))
    assert watched.errors == [] and watched.remote == []
    watched.close()


@pytest.mark.slow
def test_a_sweep_page_links_every_combination_to_its_report(browser, axe, project_copy):
    from ..conftest import tradeclaims

    result = tradeclaims("sweep", "us-november-drop", "-p", "partner", "US,ASEAN", "-p", "month", "2025-10..2025-11",
                         cwd=project_copy)
    assert result.returncode == 0, result.stderr
    out = project_copy / "reports" / "sweeps" / "us-november-drop"
    watched = Watched(browser, DESKTOP)
    page = watched.open(out / "index.html")
    links = page.locator(".tc-sweep-grid a.tc-measured")
    assert links.count() == 4
    for number in range(links.count()):
        assert linked_file(out, links.nth(number).get_attribute("href")).is_file()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sweep.png"), full_page=True)
    assert page_faults(axe, page) == []
    report_file = linked_file(out, links.first.get_attribute("href"))
    report = watched.open(report_file)
    assert report.locator("#verdict .tc-badge").is_visible()
    back = report.locator(".tc-header a").first.get_attribute("href")
    assert (report_file.parent / back).resolve() == (out / "index.html").resolve()
    assert watched.errors == [] and watched.remote == []
    watched.close()
    phone = Watched(browser, PHONE)
    assert page_faults(axe, phone.open(out / "index.html")) == [], "sweep page on a phone"
    phone.close()


@pytest.mark.slow
def test_a_page_of_runs_with_other_parameters_is_accessible_at_both_widths(browser, axe, project_copy):
    from ..conftest import tradeclaims

    result = tradeclaims("run", "us-november-drop", "-p", "month", "2025-10", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    runs_page = project_copy / "reports" / "runs" / "us-november-drop" / "index.html"
    for viewport in WIDTHS.values():
        watched = Watched(browser, viewport)
        page = watched.open(runs_page)
        assert page_faults(axe, page) == []
        report = watched.open(linked_file(runs_page.parent, page.locator("tbody a").first.get_attribute("href")))
        assert report.locator("#changed").is_visible() and page_faults(axe, report) == []
        assert watched.errors == [] and watched.remote == []
        watched.close()


@pytest.mark.slow
def test_a_page_with_only_the_styles_it_uses_looks_the_same(browser, built_project, tmp_path, monkeypatch):
    """The claim page keeps only the CSS rules that can apply to it (report/stylesheet.py): at both widths, with its
    code folded and unfolded, it is drawn pixel for pixel as with nbconvert's whole stylesheet, in under half the
    bytes."""
    from tradeclaims.checks.registry import load_registry
    from tradeclaims.report import claim_page, stylesheet

    registry = load_registry(ROOT / "claims.yaml")
    for claim_id in ("us-november-drop", "india-deficit"):
        notebook = json.loads((built_project / "reports" / f"{claim_id}.ipynb").read_text())
        recorded = notebook["metadata"]["tradeclaims"]
        pages = {}
        for kept, prune in (("used", stylesheet.with_used_styles), ("whole", lambda page: page)):
            monkeypatch.setattr(claim_page, "with_used_styles", prune)
            pages[kept] = claim_page.render(notebook, registry[claim_id], recorded["entry"], recorded["run"])
            (tmp_path / f"{claim_id}-{kept}.html").write_text(pages[kept])
        assert len(pages["used"]) < len(pages["whole"]) / 2, claim_id
        for viewport in WIDTHS.values():
            watched = Watched(browser, viewport)
            for unfolded in (False, True):
                shots = []
                for kept in ("used", "whole"):
                    page = watched.open(tmp_path / f"{claim_id}-{kept}.html")
                    if unfolded:
                        page.evaluate(OPEN_DETAILS)
                    shots.append(page.screenshot(full_page=True))
                assert shots[0] == shots[1], f"{claim_id} at {viewport['width']} px, code unfolded: {unfolded}"
            watched.close()


# Every box that clips what it holds sideways (a scrolling region, or overflow hidden) and holds more than it shows.
# A box one pixel wide is text kept for screen readers only (a card table's header row), not a box a reader sees.
CLIPPED_BOXES = """() => Array.from(document.querySelectorAll('body *')).filter(element => {
  const overflow = getComputedStyle(element).overflowX;
  return ['auto', 'scroll', 'hidden', 'clip'].includes(overflow) && element.clientWidth > 1
    && element.scrollWidth > element.clientWidth + 1;
}).map(element => ({label: element.getAttribute('aria-label') || element.tagName.toLowerCase(),
                    region: element.matches('.tc-scroll'), width: element.scrollWidth, shown: element.clientWidth}))"""

# Whether an element is drawn whole within the screen's width and is what a reader sees at its middle (not hidden
# behind the edge of a box or another element); called once the element is scrolled into view.
ON_SCREEN = """(element) => {
  const box = element.getBoundingClientRect();
  const seen = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth && element.contains(seen);
}"""

SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(scope="module")
def every_page_kind(tmp_path_factory) -> dict[str, list[Path]]:
    """The pages of each kind, from real builds of the shipped project: every claim built, then the surplus revised
    and everything built again (the index then lists what changed), a sweep of two parameters with more values than
    one table of the grid holds, and a run with a parameter other than the claim's."""
    from ..conftest import copy_project, tradeclaims
    from ..run.test_history import revise_surplus

    project = copy_project(tmp_path_factory.mktemp("kinds"))

    def build(*arguments: str) -> None:
        result = tradeclaims(*arguments, "--quiet", cwd=project)
        assert result.returncode == 0, result.stderr

    build("run", "--jobs", "2")
    revise_surplus(project, "0.95")
    build("run", "--jobs", "2")
    build("sweep", "us-november-drop", "-p", "tolerance", "0,1,2,3,4,5,6", "-p", "month", "2025-04..2025-11",
          "--jobs", "2")
    build("run", "us-november-drop", "-p", "month", "2025-10")
    assert 'id="change-surplus-jan-nov"' in (project / "reports" / "index.html").read_text()
    reports = project / "reports"
    results = json.loads((reports / "results.json").read_text())["claims"]
    return {"index": [reports / "index.html"], "changes": [reports / "index.html"],
            "claim": [reports / entry["report"] for entry in results], "article": [reports / "article.html"],
            "sweep": [reports / "sweeps" / "us-november-drop" / "index.html"],
            "runs": [reports / "runs" / "us-november-drop" / "index.html"]}


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_of_any_kind_scrolls_sideways(browser, axe, every_page_kind, width):
    """At a phone's and a desktop's width, no page is wider than the screen; only a claim page's wide tables, on a
    phone, scroll inside their own labelled region: the index, the changes, the sweep's grid and the runs are cards
    or fit, and nothing on them is hidden behind the edge of a box."""
    watched = Watched(browser, WIDTHS[width])
    for kind, paths in every_page_kind.items():
        for path in paths:
            page = watched.open(path)
            page.evaluate(OPEN_DETAILS)
            assert page.evaluate(SIDEWAYS) <= 0, f"{kind} {path.name} scrolls sideways at {width} width"
            clipped = page.evaluate(CLIPPED_BOXES)
            if kind == "claim" and width == "phone":
                clipped = [box for box in clipped if not box["region"]]
            assert clipped == [], f"{kind} {path.name} at {width} width: content hidden in a box"
            if kind != "claim":
                assert page_faults(axe, page) == [], f"{kind} at {width} width"
    assert watched.errors == [] and watched.remote == []
    watched.close()


@pytest.mark.slow
def test_the_index_on_a_phone_shows_every_claims_verdict_and_figure(browser, every_page_kind):
    """At 390 px each claim is a card: its verdict, the figure measured and the article's are on screen, whole."""
    from tradeclaims.notebook.html import measured_number, number

    index_file = every_page_kind["index"][0]
    results = json.loads((index_file.parent / "results.json").read_text())["claims"]
    watched = Watched(browser, PHONE)
    index = watched.open(index_file)
    assert index.locator("tr[id^='claim-']").count() == len(results) == 19
    for entry in results:
        card = index.locator(f"#claim-{entry['id']}")
        badge = card.locator(".tc-badge")
        figure = card.locator("td[data-label='measured']")
        article = card.locator("td[data-label='the article']")
        assert badge.inner_text().lower() == entry["verdict"]
        assert figure.inner_text().startswith(html.unescape(measured_number(entry)))
        shown = [badge, figure]
        if entry["article_value"] is not None:
            assert article.inner_text() == html.unescape(number(entry["article_value"], entry["unit"] or ""))
            shown.append(article)
        for element in shown:
            element.scroll_into_view_if_needed()
            assert element.evaluate(ON_SCREEN), f"{entry['id']}: {element.inner_text()!r} is not on screen"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    index.screenshot(path=str(SCREENSHOTS / "index-cards-phone.png"))
    watched.close()


@pytest.mark.slow
def test_a_sweep_grid_wider_than_a_desktop_goes_on_beneath_and_the_longer_parameter_runs_down(browser,
                                                                                           every_page_kind):
    """The sweep of 7 tolerances by 8 months: the months head the rows (the parameter with more values), the
    tolerances the columns, six to a table at most, so at 1280 px every cell of the grid is on screen."""
    from tradeclaims.report.sweep_page import GRID_COLUMNS

    sweep_file = every_page_kind["sweep"][0]
    rows = json.loads((sweep_file.parent / "results.json").read_text())["claims"]
    assert len(rows) == 7 * 8
    watched = Watched(browser, DESKTOP)
    page = watched.open(sweep_file)
    grids = page.locator("table.tc-sweep-grid")
    assert grids.count() == 2 and GRID_COLUMNS == 6
    for number_, columns in enumerate((6, 1)):
        grid = grids.nth(number_)
        assert grid.locator("thead th").first.inner_text() == "month \\ tolerance"
        assert grid.locator("thead th").count() == 1 + columns and grid.locator("tbody tr").count() == 8
    links = page.locator(".tc-sweep-grid a.tc-measured")
    assert links.count() == len(rows)
    for number_ in range(links.count()):
        link = links.nth(number_)
        assert linked_file(sweep_file.parent, link.get_attribute("href")).is_file()
        link.scroll_into_view_if_needed()
        assert link.evaluate(ON_SCREEN), f"grid cell {link.get_attribute('href')} is not on screen at 1280 px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sweep-grid-bands.png"), full_page=True)
    watched.close()
