"""The report's own pages (the index of claims, a sweep's table) rendered from Jinja templates beside the claim page's.

One stylesheet and one set of HTML helpers (badge, number, link) serve every page.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from tradeclaims.notebook.html import badge, link, measured_number, number
from tradeclaims.project import OutputLayout
from tradeclaims.report.bidi import visible_bidi
from tradeclaims.report.evidence import no_figure_reason

TEMPLATES = Path(__file__).parent / "templates"
STYLE = (TEMPLATES / "style.css").read_text()


class BackLink(NamedTuple):
    """Where a report's back link goes, and its label; `article`: the annotated article beside it, if there is one."""

    href: str
    label: str
    article: str = ""


ARTICLE_PAGE = OutputLayout.ARTICLE  # the article annotated, beside the index in every folder of canonical reports
ALL_CLAIMS = BackLink(OutputLayout.INDEX, "All claims", ARTICLE_PAGE)
SWEEP = BackLink("../index.html", "The sweep")


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(TEMPLATES / "pages"), autoescape=select_autoescape(["j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(badge=lambda label: Markup(badge(label)), number=lambda value, unit="": Markup(number(value, unit)),
                       link=lambda url, text=None: Markup(link(url, text)),
                       measured=lambda entry: Markup(measured_number(entry)), no_figure=no_figure_reason)
    env.globals["style"] = Markup(STYLE)
    return env


def render_page(template: str, **context: Any) -> str:
    """A page, its bidirectional formatting characters shown as escapes (text from data never reorders it)."""
    return visible_bidi(environment().get_template(template).render(**context))
