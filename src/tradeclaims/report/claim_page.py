"""HTML reports, exported in the driver process with nbconvert (no subprocess per notebook)."""

from __future__ import annotations

import html
import json
from functools import lru_cache
from typing import Any

import nbformat

from tradeclaims.checks.registry import Claim
from tradeclaims.ledger.fetched import FETCHED, SHIPPED
from tradeclaims.notebook.html import badge, link, number
from tradeclaims.notebook.record import RESULT_MIME
from tradeclaims.report.pages import ALL_CLAIMS, STYLE, TEMPLATES, BackLink

DROPPED_TAGS = {"parameters", "injected-parameters", "remove-in-report"}


@lru_cache(maxsize=1)
def exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="claim", extra_template_basedirs=[str(TEMPLATES)])


def report_cells(notebook: dict) -> nbformat.NotebookNode:
    """The notebook as the report shows it: no parameter cells (they become a table), no result record."""
    shown = nbformat.reads(json.dumps(notebook), as_version=4)
    shown.cells = [cell for cell in shown.cells if not DROPPED_TAGS & set(cell.metadata.get("tags", []))]
    for cell in shown.cells:
        if cell.cell_type == "code":
            cell.outputs = [output for output in cell.get("outputs", [])
                            if RESULT_MIME not in output.get("data", {})]
    return shown


def parameters_table(parameters: dict[str, Any]) -> str:
    rows = "".join(f"<tr><th>{html.escape(str(name))}</th><td>{html.escape(str(value))}</td></tr>"
                   for name, value in parameters.items())
    return f'<table class="tc-parameters"><tbody>{rows}</tbody></table>'


def source_list(entry: dict[str, Any]) -> str:
    """The publishers of the figures the headline is computed from, linked."""
    items = [f'{link(source["url"], source["publisher"])} ({html.escape(source.get("published") or "")})'
             for source in entry.get("headline_sources", [])]
    return "; ".join(items) or "computed from the figures below"


def header(claim: Claim, entry: dict[str, Any], back: BackLink = ALL_CLAIMS) -> str:
    failed = entry["status"] != "ok"
    label = "failed" if failed else entry["verdict"]
    css = "failed" if failed else label.replace(" ", "-")
    reason = entry.get("error") if failed else entry.get("reason", "")
    notice = changed_notice(entry)
    return f"""<header class="tc-header">
<p class="tc-meta"><a href="{html.escape(back.href)}">&larr; {html.escape(back.label)}</a></p>
<h1>{html.escape(claim.title)}</h1>
{notice}<div class="tc-verdict tc-{html.escape(css)}" id="verdict">{badge(label)}<p>{html.escape(reason or "")}</p></div>
<section class="tc-claim"><h2>The claim</h2><p>{html.escape(claim.claim)}</p>
<blockquote>The article: &ldquo;{html.escape(claim.quote)}&rdquo;</blockquote></section>
<table class="tc-summary"><thead><tr><th>measured</th><th>article</th><th>period</th><th>unit</th><th>source</th></tr>
</thead><tbody><tr><td>{number(entry.get("measured"), "")}</td><td>{number(entry.get("article_value"), "")}</td>
<td>{html.escape(entry.get("period") or "")}</td><td>{html.escape(entry.get("unit") or "")}</td>
<td>{source_list(entry)}</td></tr></tbody></table>
<p class="tc-meta tc-data">Data: {html.escape(data_used(entry.get("parameters", {}).get("source", SHIPPED)))}.</p>
</header>"""


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


def footer(entry: dict[str, Any], run: dict[str, Any]) -> str:
    sources = "".join(f"<li>{link(url)}</li>" for url in entry.get("sources", []))
    return f"""<footer class="tc-footer"><h2>Parameters used</h2>{parameters_table(entry.get("parameters", {}))}
<p class="tc-meta">Rerun with others: <code>tradeclaims run {html.escape(entry["id"])} -p NAME VALUE</code></p>
<h2>Run</h2>
<p class="tc-meta">Built {html.escape(run["built"])} with tradeclaims {html.escape(run["version"])};
data {html.escape(run["data_hash"][:12])}; cache key {html.escape(entry.get("cache_key", "")[:12])};
notebook {html.escape(entry.get("notebook", ""))}.</p>
<details class="tc-meta"><summary>Every source URL</summary><ul>{sources}</ul></details></footer>"""


def render(notebook: dict, claim: Claim, entry: dict[str, Any], run: dict[str, Any], back: BackLink = ALL_CLAIMS
           ) -> str:
    resources = {"tc_css": STYLE, "tc_header": header(claim, entry, back), "tc_footer": footer(entry, run),
                 "metadata": {"name": claim.title}}
    body, _ = exporter().from_notebook_node(report_cells(notebook), resources=resources)
    return body
