"""HTML reports, exported in the driver process with nbconvert (no subprocess per notebook)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import nbformat
from nbformat.v4.rwbase import rejoin_lines, strip_transient

from tradeclaims.checks.parts import RULE as PARTS_RULE
from tradeclaims.checks.registry import Claim
from tradeclaims.ledger.fetched import FETCHED, SHIPPED
from tradeclaims.notebook.html import badge, link, measured_number, number, scroll_region
from tradeclaims.notebook.record import RESULT_MIME
from tradeclaims.report import claimreview, timeline
from tradeclaims.report.bidi import visible_bidi
from tradeclaims.report.evidence import alternatives_table, evidence_words, robustness_words
from tradeclaims.report.pages import ALL_CLAIMS, STYLE, TEMPLATES, BackLink
from tradeclaims.report.stylesheet import with_used_styles

DROPPED_TAGS = {"parameters", "injected-parameters", "remove-in-report"}


@lru_cache(maxsize=1)
def exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="claim", extra_template_basedirs=[str(TEMPLATES)],
                        filters={"tc_image_uri": image_uri})


def image_uri(png_base64: str) -> str:
    """A chart's PNG as the page embeds it: as lossless WebP when that is smaller (every pixel the same; about a
    quarter fewer bytes, which every current browser shows), else as the PNG."""
    import base64
    import io

    from PIL import Image, features

    png = base64.b64decode(png_base64)
    if features.check("webp"):
        webp = io.BytesIO()
        Image.open(io.BytesIO(png)).save(webp, "WEBP", lossless=True, method=2, quality=50)
        if webp.tell() < len(png):
            return "data:image/webp;base64," + base64.b64encode(webp.getvalue()).decode()
    return "data:image/png;base64," + png_base64.strip()


def report_cells(notebook: dict) -> nbformat.NotebookNode:
    """The notebook as the report shows it: no parameter cells (they become a table), no result record."""
    # A copy of the executed notebook the driver holds, as nbformat reads one (lines joined), without parsing it again
    shown = strip_transient(rejoin_lines(nbformat.from_dict(notebook)))
    shown.cells = [cell for cell in shown.cells if not DROPPED_TAGS & set(cell.metadata.get("tags", []))]
    for cell in shown.cells:
        if cell.cell_type == "code":
            cell.outputs = [output for output in cell.get("outputs", [])
                            if RESULT_MIME not in output.get("data", {})]
    return shown


def parameters_table(parameters: dict[str, Any]) -> str:
    rows = "".join(f'<tr><th scope="row"><code>{html.escape(str(name))}</code></th><td>{html.escape(str(value))}</td></tr>'
                   for name, value in parameters.items())
    return scroll_region(f'<table class="tc-parameters"><tbody>{rows}</tbody></table>', "Parameters used")


def headline_source(source: dict[str, Any]) -> str:
    """One source of the headline figure: publisher linked, its date (or "date not shown"), and, for a copy of an
    official figure, the statistics office it cites."""
    publisher = link(source.get("url") or "", source.get("publisher") or source.get("url") or "unnamed source")
    date = html.escape(source.get("published") or "date not shown")
    if source.get("published") and source.get("published_basis"):  # a date the page does not print: say so
        date += f", {html.escape(source['published_basis'])}"
    agency, kind = source.get("agency"), source.get("kind")
    if kind == "reprint":  # an unattributed reprint, aggregator or blog: the page says how little it is worth
        publisher += " (a reprint: low reliability)"
    if agency and kind != "official":
        return f"as reported by {publisher}, citing {html.escape(agency)} ({date})"
    return f"{publisher} ({date})"


def source_list(entry: dict[str, Any]) -> str:
    """The sources of the figures the headline is computed from (not every source the report uses); when there are
    several, one line each, saying which figures it gives."""
    sources = entry.get("headline_sources", [])
    if len(sources) == 1:
        return headline_source(sources[0])
    if sources:
        items = "".join(f"<li>{html.escape('; '.join(source.get('figures') or ['figures']))}: {headline_source(source)}</li>"
                        for source in sources)
        return f'<ul class="tc-sources">{items}</ul>'
    return "none: the figures are missing" if entry.get("measured") is None else "computed from the figures below"


def bound_note(entry: dict[str, Any]) -> str:
    """Why a headline is only a bound."""
    if entry.get("measured") is None or not entry.get("bound"):
        return ""
    return (f" ({html.escape(entry['bound'])} bound: parts of the quantity lack figures; "
            "see the missing figures under Method and caveats)")


def threshold_text(threshold: dict[str, Any] | None) -> str:
    """What the measure is held against when the article printed no number (our reading of its words)."""
    if not threshold:
        return ""
    return f"{html.escape(threshold.get('label', 'threshold'))} {number(threshold.get('value'), threshold.get('unit', ''))}"


def header(claim: Claim, entry: dict[str, Any], back: BackLink = ALL_CLAIMS) -> str:
    failed = entry["status"] != "ok"
    label = "failed" if failed else entry["verdict"]
    css = "failed" if failed else label.replace(" ", "-")
    reason = entry.get("error") if failed else entry.get("reason", "")
    threshold = entry.get("threshold")
    threshold_row = f"\n<tr><th>threshold (ours)</th><td>{threshold_text(threshold)}</td></tr>" if threshold else ""
    notice = changed_notice(entry)
    return f"""<header class="tc-header">
<p class="tc-meta"><a href="{html.escape(back.href)}">&larr; {html.escape(back.label)}</a>{article_link(back)}</p>
<h1>{html.escape(claim.title)}</h1>
{notice}<div class="tc-verdict tc-{html.escape(css)}" id="verdict">{badge(label)}{reason_html(reason or "")}
{doubtful_note(entry)}</div>
{parts_table(entry)}<section class="tc-claim"><h2>The claim</h2><p>{html.escape(claim.claim)}</p>
<blockquote>The article: &ldquo;{html.escape(claim.quote)}&rdquo;</blockquote></section>
<table class="tc-summary"><tbody>
<tr><th>measured</th><td><strong>{measured_number(entry)}</strong>{bound_note(entry)}</td></tr>
<tr><th>period</th><td>{html.escape(entry.get("period") or "")}</td></tr>
<tr><th>the article's figure</th><td>{article_text(entry)}</td></tr>{threshold_row}
<tr><th>source of the measured figure</th><td>{source_list(entry)}</td></tr>
<tr><th>evidence</th><td>{html.escape(evidence_words(entry))}</td></tr>
<tr><th>does the verdict depend on the source?</th><td>{html.escape(robustness_words(entry))}</td></tr></tbody></table>
{alternatives_table(entry)}
<p class="tc-meta tc-data">Data: {html.escape(data_used(entry.get("parameters", {}).get("source", SHIPPED)))}.</p>
</header>"""


SHOWN_REASON = 450  # characters of the reason shown before "the reasoning in full": the box fits a phone's screen
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"'])")


def reason_html(reason: str) -> str:
    """The reason for the verdict: its first sentences, and the rest under a fold when it is long."""
    sentences = SENTENCE_END.split(reason)
    shown: list[str] = []
    while sentences and (not shown or len(" ".join([*shown, sentences[0]])) <= SHOWN_REASON):
        shown.append(sentences.pop(0))
    first = f"<p>{html.escape(' '.join(shown))}</p>"
    if not sentences:
        return first
    return (f'{first}<details class="tc-reason"><summary>The reasoning in full</summary>'
            f"<p>{html.escape(' '.join(sentences))}</p></details>")


def doubtful_note(entry: dict[str, Any]) -> str:
    """That the verdict rests on figures from pages that print visible errors elsewhere."""
    doubtful = entry.get("doubtful") or []
    if not doubtful:
        return ""
    return (f'<p class="tc-doubtful"><strong>Caution:</strong> it rests on figures marked doubtful (from '
            f"{html.escape(', '.join(doubtful))}: pages that print visible errors elsewhere).</p>")


def part_reason(part: dict[str, Any], entry: dict[str, Any]) -> str:
    """A part's reason; the main part's is already in the verdict box, which the table points back to."""
    reason = part.get("reason") or ""
    if part.get("main") and reason and reason in (entry.get("reason") or ""):
        return "given under the verdict, above"
    return html.escape(reason)


def rerun_asks(part: dict[str, Any]) -> str:
    """What a rerun asks of the article's words, set apart from them (the words stay the article's own)."""
    if not part.get("asks"):
        return ""
    return f'<br><span class="tc-asks">this rerun asks: {html.escape(part["asks"])}</span>'


def parts_table(entry: dict[str, Any]) -> str:
    """Each assertion of the sentence with its own verdict, when the claim has more than one."""
    parts = entry.get("parts") or []
    if len(parts) < 2:
        return ""
    rows = "".join(
        f'<tr><td class="tc-long">&ldquo;{html.escape(part["words"])}&rdquo;'
        f'{" <em>(main part)</em>" if part.get("main") else ""}{" <em>(a premise)</em>" if part.get("premise") else ""}'
        f'{rerun_asks(part)}'
        f'</td><td class="tc-nowrap">{badge(part["verdict"])}</td>'
        f'<td class="tc-nowrap">{measured_number(part)}</td><td class="tc-nowrap">{html.escape(part.get("period") or "")}'
        f'</td><td class="tc-long">{part_reason(part, entry)}</td></tr>' for part in parts)
    table = ("<table><thead><tr><th>the article's words</th><th>verdict</th><th>measured</th><th>period</th>"
             f"<th>why</th></tr></thead><tbody>{rows}</tbody></table>")
    return (f'<section class="tc-parts" id="parts"><h2>Part by part</h2><p>{html.escape(PARTS_RULE)}</p>'
            f"{scroll_region(table, 'Parts of the claim')}</section>\n")


def article_link(back: BackLink) -> str:
    """A link to the annotated article, where the report's folder has one."""
    if not back.article:
        return ""
    return f' &middot; <a href="{html.escape(back.article)}">The article, annotated</a>'


def article_text(entry: dict[str, Any]) -> str:
    """The article's own figure; a note when it printed none."""
    if entry.get("article_value") is None:
        return "none printed"
    return number(entry["article_value"], entry.get("unit") or "")


CHANGED_STYLE = "border-left: 6px solid #8a6d00; background: #fff3cd; padding: 0.5rem 0.9rem; margin: 0.6rem 0;"


def changed_notice(entry: dict[str, Any]) -> str:
    """For a run with parameters other than the claim's: which differ, and that it is not the claim's check."""
    changed = entry.get("changed") or {}
    if not changed:
        return ""
    items = "; ".join(f"<strong>{html.escape(str(name))}</strong> {html.escape(str(change['value']))} "
                      f"(the claim's: {html.escape(str(change['default']))})" for name, change in changed.items())
    return (f'<p class="tc-changed" id="changed" style="{CHANGED_STYLE}">Run with parameters other than the '
            f"claim's: {items}. The verdict is on these values, not on the claim as the article makes it.</p>\n")


def data_used(source: str) -> str:
    if source == SHIPPED:
        return "the ledger shipped in data/ (published figures, each with its source)"
    if source == FETCHED:
        return "the ledger in data/ plus every figure fetched into data/fetched (official, so preferred)"
    return (f"the ledger in data/ plus the figures fetched from {source} into data/fetched/{source} "
            "(official, so preferred)")


VENV_BIN = ".venv/bin/"  # where scripts/setup.sh installs the command: pasted in the project's folder, the line works
# without activating the venv (the README writes it so too)
COMMAND = VENV_BIN + "tradeclaims"


def rerun_line(claim: Claim) -> str:
    """The command that reruns the claim with its example of other parameters (`rerun` in claims.yaml), as pasted in
    the project's folder."""
    return VENV_BIN + claim.rerun_command()


def footer(claim: Claim, entry: dict[str, Any], run: dict[str, Any]) -> str:
    names = ", ".join(html.escape(name) for name in claim.parameters)
    return f"""<footer class="tc-footer"><h2>Parameters used</h2>{parameters_table(entry.get("parameters", {}))}
<p class="tc-meta">Run with other parameters, from the project's folder: <code>{html.escape(rerun_line(claim))}</code>
(its parameters: {names}; <code>{COMMAND} list --parameters</code> describes them), or open
<code>{html.escape(claim.notebook)}</code> in Jupyter, edit its parameters cell and run all.</p>
<h2>Run</h2>
<p class="tc-meta">Built {html.escape(run["built"])} with tradeclaims {html.escape(run["version"])};
data {html.escape(run["data_hash"][:12])}; cache key {html.escape(entry.get("cache_key", "")[:12])};
notebook {html.escape(entry.get("notebook", ""))}. Every source is linked in the table of sources above.</p></footer>"""


def over_time(claim: Claim, entry: dict[str, Any], run: dict[str, Any], past: list[dict[str, Any]] | None) -> str:
    """The claim's verdict over time and its ClaimReview markup, for the claim's own report (past: earlier builds)."""
    if past is None or entry["status"] != "ok":
        return ""
    points = timeline.extended(past, entry, run["built"])
    return timeline.render(points) + "\n" + claimreview.script(claimreview.claim_review(claim, entry, points))


def render(notebook: dict, claim: Claim, entry: dict[str, Any], run: dict[str, Any], back: BackLink = ALL_CLAIMS,
           past: list[dict[str, Any]] | None = None) -> str:
    """The report; with `past` (the claim's verdict over time before this build) also its history and ClaimReview."""
    resources = {"tc_css": STYLE, "tc_header": header(claim, entry, back),
                 "tc_footer": over_time(claim, entry, run, past) + footer(claim, entry, run),
                 "metadata": {"name": claim.title}}
    body, _ = exporter().from_notebook_node(report_cells(notebook), resources=resources)
    # JupyterLab's whole stylesheet is most of a page: only what can apply stays; text from data never reorders it
    return visible_bidi(with_used_styles(body))
