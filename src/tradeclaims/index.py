"""The index page: every claim, its verdict, measured against the article's figure, a link to its report."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import Any

from .verdicts import VERDICTS

STYLE = (Path(__file__).parent / "templates" / "style.css").read_text()


def badge(label: str) -> str:
    return f'<span class="tc-badge tc-{html.escape(label.replace(" ", "-"))}">{html.escape(label)}</span>'


def value(number: Any, unit: str) -> str:
    return "n/a" if number is None else html.escape(f"{number:,.1f} {unit}")


def row(entry: dict[str, Any]) -> str:
    if entry["status"] == "ok":
        status = badge(entry["verdict"])
        link = f'<a href="{html.escape(entry["report"])}">report</a>'
    else:
        status = badge("failed")
        link = (f'<a href="{html.escape(entry["report"])}">error</a> '
                f'<span class="tc-meta">{html.escape(entry.get("error") or "")}</span>')
    return (f'<tr id="claim-{html.escape(entry["id"])}"><td>{html.escape(entry["id"])}</td>'
            f"<td>{html.escape(entry.get('title', ''))}</td><td>{status}</td>"
            f"<td>{html.escape(entry.get('period') or '')}</td>"
            f"<td>{value(entry.get('measured'), entry.get('unit') or '')}</td>"
            f"<td>{value(entry.get('article_value'), entry.get('unit') or '')}</td><td>{link}</td></tr>")


def render(results: dict[str, Any]) -> str:
    claims = results["claims"]
    counts = Counter("failed" if c["status"] != "ok" else c["verdict"] for c in claims)
    summary = "".join(f"<span>{badge(label)} {counts[label]}</span>"
                      for label in (*VERDICTS, "failed") if counts[label])
    rows = "".join(row(entry) for entry in claims)
    run = results["run"]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>tradeclaims: claims about China's 2025 trade, checked</title><style>{STYLE}</style></head>
<body class="tc-index"><main>
<h1>Claims about China's 2025 trade, checked against official figures</h1>
<p class="tc-counts">{summary}</p>
<table class="tc-claims"><thead><tr><th>id</th><th>claim</th><th>verdict</th><th>period</th><th>measured</th><th>article</th>
<th>report</th></tr></thead><tbody>{rows}</tbody></table>
<p class="tc-meta">Built {html.escape(run["built"])} with tradeclaims {html.escape(run["version"])} from data
{html.escape(run["data_hash"][:12])} ({len(claims)} claims).</p>
</main></body></html>
"""
