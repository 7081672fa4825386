"""A claim page's stylesheet keeps exactly the rules that can apply to the page (tests/report/test_browser.py shows
the pages look the same, pixel for pixel)."""

from tradeclaims.report.stylesheet import page_tokens, pruned, with_used_styles

CSS = """
:root { --used: 1px; --via: var(--used); --unused: red; }
.a { color: red; }
.a .b, .z { margin: var(--via); }
div.c > p:not(.gone) { padding: 0; }
#only { border: 0; }
.x:hover::before { content: "x"; }
[data-theme='light'] .a { color: blue; }
table td.tc-nowrap { white-space: nowrap; }
@media (max-width: 40em) { .a { color: green; } .nothere { color: black; } }
@media print { .nothere { color: black; } }
@keyframes spin { from { transform: none; } }
@keyframes fade { from { opacity: 0; } }
.z2 { animation: spin 1s; }
.a { animation-name: fade; }
@page { margin: 1cm; }
"""
PAGE = ('<html><body class="a"><div class="c"><p>text</p></div><span class="b x">b</span><table><tr>'
        '<td class="tc-nowrap">1</td></tr></table></body></html>')


def rules(css: str) -> list[str]:
    return [line.strip() for line in css.splitlines() if line.strip()]


def test_a_rule_stays_when_some_selector_can_match_the_page():
    kept = pruned(CSS, PAGE)
    assert ".a{color: red;}" in kept
    assert ".a .b, .z{margin: var(--via);}" in kept  # .a .b matches; .z alone would not
    assert "div.c > p:not(.gone){padding: 0;}" in kept  # what is inside :not() is not required
    assert ".x:hover::before" in kept and "[data-theme=\"light\"] .a" in kept  # states and attributes not required
    assert "table td.tc-nowrap" in kept
    assert "#only" not in kept and ".z2" not in kept


def test_blocks_custom_properties_and_keyframes_follow_the_kept_rules():
    kept = pruned(CSS, PAGE)
    assert "@media (max-width: 40em){.a{color: green;}}" in kept  # the block, without its rule for .nothere
    assert "@media print" not in kept  # nothing in it applies
    assert "--used:1px" in kept and "--via:var(--used)" in kept  # used by a kept rule, and through it
    assert "--unused" not in kept
    assert "@keyframes fade" in kept and "@keyframes spin" not in kept  # named only by a rule dropped
    assert "@page" in kept


def test_page_tokens_are_its_elements_classes_and_ids():
    tokens = page_tokens('<div class="a  b" id="top"><p class=\'c\'>x</p></div>')
    assert {"div", "p", ".a", ".b", ".c", "#top"} <= tokens and ".top" not in tokens


def test_the_page_keeps_one_stylesheet_in_its_head_and_its_body_as_it_was():
    page = ("<!DOCTYPE html><html><head><title>t</title><style>.a{color:red}</style><style>.q{color:blue}</style>"
            "<meta name='x'></head>" + PAGE[6:])
    shown = with_used_styles(page)
    head, body = shown.split("<body", 1)
    assert head.count("<style") == 1 and ".a{color:red}" in head and ".q" not in head
    assert head.index("<title>") < head.index("<style") < head.index("<meta")
    assert "<body" + body == page.split("</head>", 1)[1]
    assert with_used_styles("<p>no style</p>") == "<p>no style</p>"
