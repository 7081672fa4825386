"""Links in generated pages: anchors only for http(s) addresses, everything escaped."""

from __future__ import annotations

import html


def link(url: str, text: str | None = None) -> str:
    """An anchor for http(s) URLs only; anything else is shown as text."""
    label = html.escape(url if text is None else text)
    if url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" rel="noopener">{label}</a>'
    return label
