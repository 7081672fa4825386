"""The reports in a real browser: Debian's chromium, headless, driven by Playwright, opening files from disk.

Checks what a reader meets: every claim on the index links to a report that exists, each report shows
its verdict above the fold (desktop and phone), no console errors, and no request leaves the machine.
Screenshots go to test-output/browser/ (the README's pictures come from there).
"""

from __future__ import annotations

import json
import os
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


def linked_file(reports: Path, href: str) -> Path:
    return reports / unquote(href.split("#")[0])


def verdict_above_the_fold(page, viewport) -> bool:
    box = page.locator("#verdict").bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


@pytest.mark.slow
def test_index_and_every_report_render_locally(browser, built_project):
    reports = built_project / "reports"
    results = {entry["id"]: entry for entry in json.loads((reports / "results.json").read_text())["claims"]}
    claim_ids = [claim["id"] for claim in yaml.safe_load((ROOT / "claims.yaml").read_text())["claims"]]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop = Watched(browser, DESKTOP)
    index = desktop.open(reports / "index.html")
    rows = index.locator("tr[id^='claim-']")
    assert rows.count() == len(claim_ids)
    links = {}
    for number in range(rows.count()):
        row = rows.nth(number)
        claim_id = row.get_attribute("id").removeprefix("claim-")
        href = row.locator("a").first.get_attribute("href")
        assert linked_file(reports, href).is_file(), f"{claim_id}: {href} does not exist"
        assert row.locator(".tc-badge").inner_text().lower() == results[claim_id]["verdict"]
        links[claim_id] = href
    assert sorted(links) == sorted(claim_ids)
    index.screenshot(path=str(SCREENSHOTS / "index.png"), full_page=True)

    for claim_id, href in links.items():
        page = desktop.open(linked_file(reports, href))
        verdict = page.locator("#verdict .tc-badge")
        assert verdict.is_visible() and verdict.inner_text().lower() == results[claim_id]["verdict"]
        assert verdict_above_the_fold(page, DESKTOP), f"{claim_id}: verdict below the fold"
        assert page.locator("img").count() >= 1, f"{claim_id}: no chart"
        assert page.locator("a[href='index.html']").count() == 1
        page.screenshot(path=str(SCREENSHOTS / f"{claim_id}.png"))
    assert desktop.errors == [] and desktop.remote == []
    desktop.close()

    phone = Watched(browser, PHONE)
    page = phone.open(reports / "us-november-drop.html")
    assert verdict_above_the_fold(page, PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, "page wider than a phone"
    page.screenshot(path=str(SCREENSHOTS / "us-november-drop-phone.png"))
    for claim_id in links:
        page = phone.open(linked_file(reports, links[claim_id]))
        for shown, natural in page.evaluate("Array.from(document.images).map(i => [i.clientWidth, i.naturalWidth])"):
            assert shown >= min(natural, PHONE_IMAGE_WIDTH), f"{claim_id}: chart shown {shown} px wide"
            smallest = charts.MIN_FONT * charts.DPI / 72 * shown / natural  # px of the smallest chart text
            assert smallest >= 9, f"{claim_id}: chart text {smallest:.1f} px on a phone"
    page = phone.open(reports / "india-deficit.html")
    page.locator("img").first.screenshot(path=str(SCREENSHOTS / "india-deficit-chart-phone.png"))
    assert phone.errors == [] and phone.remote == []
    phone.close()


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
def test_a_sweep_page_links_every_combination_to_its_report(browser, project_copy):
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
    report_file = linked_file(out, links.first.get_attribute("href"))
    report = watched.open(report_file)
    assert report.locator("#verdict .tc-badge").is_visible()
    back = report.locator(".tc-header a").first.get_attribute("href")
    assert (report_file.parent / back).resolve() == (out / "index.html").resolve()
    assert watched.errors == [] and watched.remote == []
    watched.close()
