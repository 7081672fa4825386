"""Make the pictures of the reports in docs/screenshots/: build every claim into a temporary folder, open the pages in
Debian's chromium (headless, driven by Playwright, as tests/report/test_browser.py does) and save what a reader sees.

    .venv/bin/python scripts/screenshots.py                       # build, then write docs/screenshots/*.png
    .venv/bin/python scripts/screenshots.py --reports reports     # pictures of a build already made

Beside the pictures, shown.json records the verdict each picture shows, read from the page as drawn; the script stops
(exit 1) when a page shows another verdict than its build's results.json. A test holds shown.json to what a build of
the shipped data gives, so pictures of verdicts the project no longer gives are caught.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SHOWN = "shown.json"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_SCHEMES = {"file", "data", "about", "blob"}  # a report loads nothing from the network; anything else is blocked
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Shot:
    """One picture: the file it goes to, the page of the build it shows, the screen, and whether the whole page."""
    name: str
    page: str
    viewport: dict[str, int]
    full_page: bool = False


SHOTS = (Shot("index.png", "index.html", DESKTOP, full_page=True),
         Shot("us-november-drop.png", "us-november-drop.html", DESKTOP),
         Shot("us-november-drop-phone.png", "us-november-drop.html", PHONE),
         Shot("index-phone.png", "index.html", PHONE, full_page=True))


def build(folder: Path) -> Path:
    """Every claim with its own parameters, built into `folder` (the project's reports/ is left alone)."""
    command = [str(Path(sys.executable).parent / "tradeclaims"), "run", "--quiet", "--out", str(folder)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"scripts/screenshots.py: the build failed: {result.stderr.strip()}")
    return folder


def verdicts_shown(page) -> dict[str, str]:
    """The verdict badge of each claim a page shows: every row of the index, or a claim page's own verdict."""
    rows = page.locator("tr[id^='claim-']")
    if rows.count():
        return {rows.nth(n).get_attribute("id").removeprefix("claim-"): rows.nth(n).locator(".tc-badge").inner_text()
                .lower() for n in range(rows.count())}
    claim_id = Path(urlparse(page.url).path).stem
    return {claim_id: page.locator("#verdict .tc-badge").inner_text().lower()}


def local_only(route) -> None:
    if urlparse(route.request.url).scheme in LOCAL_SCHEMES:
        route.continue_()
    else:
        route.abort()


def take(browser, reports: Path, shot: Shot, out: Path, results: dict[str, str]) -> dict[str, str]:
    """Save one picture; the verdicts it shows, which must be the build's."""
    context = browser.new_context(viewport=shot.viewport)
    context.route("**/*", local_only)
    page = context.new_page()
    page.goto((reports / shot.page).as_uri(), wait_until="load")
    shown = verdicts_shown(page)
    wrong = {claim: verdict for claim, verdict in shown.items() if results.get(claim) != verdict}
    if wrong or not shown:
        raise SystemExit(f"scripts/screenshots.py: {shot.page} shows {wrong or 'no verdict'}, not its build's verdicts")
    page.screenshot(path=str(out / shot.name), full_page=shot.full_page)
    context.close()
    return shown


def screenshots(reports: Path, out: Path) -> dict[str, dict[str, str]]:
    """Every picture of SHOTS from the build in `reports`, into `out`, with shown.json beside them."""
    from playwright.sync_api import sync_playwright

    results = {entry["id"]: entry["verdict"] for entry in
               json.loads((reports / "results.json").read_text(encoding="utf-8"))["claims"]}
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        shown = {shot.name: take(browser, reports, shot, out, results) for shot in SHOTS}
        browser.close()
    (out / SHOWN).write_text(json.dumps(shown, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/screenshots.py", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, help="a build's output folder to picture (default: build one now)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the pictures go (default: docs/screenshots)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print("scripts/screenshots.py: chromium is not installed (bash scripts/ensure_chromium.sh)", file=sys.stderr)
        return 2
    if args.reports is not None:
        shown = screenshots(args.reports.resolve(), args.out.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="tradeclaims-screenshots-") as folder:
            shown = screenshots(build(Path(folder) / "reports"), args.out.resolve())
    print(f"wrote {', '.join(shown)} and {SHOWN} to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
