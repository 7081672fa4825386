"""Unicode's bidirectional formatting characters, shown rather than obeyed wherever the report displays text.

Invisible, each reorders what follows it on screen (a table cell, a line, a title): U+202E in a source's title makes
the words after it read backwards. Text from the data and from results files reaches the pages and `diff`'s table
through this one function, which writes each as its escape (`\\u202e`): shown, it can be read and reported, and in a
script (the ClaimReview JSON-LD) it is the same escape the JSON would have used.
"""

from __future__ import annotations

import re

# embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069), the marks (U+200E, U+200F, U+061C)
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_bidi(text: str) -> str:
    """The text with each bidirectional formatting character written as its escape, `\\u` and four hex digits."""
    return BIDI.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
