"""A claim page's stylesheet cut to the rules that can apply to it.

nbconvert's lab template inlines JupyterLab's whole stylesheet (about 260 KB: every widget, menu and dialog of the
application) into each page, most of a page's weight. A page keeps it self-contained but holds only:

- the rules with at least one selector whose classes, ids and element names all occur in the page (what is inside
  `:not(...)`, `:is(...)`, attribute brackets and pseudo-classes is not required, so such a rule is kept when the rest
  matches: a rule is dropped only when it cannot match anything on the page, and the page looks the same);
- the custom properties (`--jp-...`) that the kept rules and the page's own style attributes use, and those they use;
- the @media and @supports blocks with any rule kept, the @keyframes a kept rule names, and every other at-rule.

The stylesheets are parsed once per process (they are the same on every page); each page costs a pass over the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import tinycss2
from tinycss2 import ast

TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
CLASS_ATTRIBUTE = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)')""")
ID_ATTRIBUTE = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
VARIABLE_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
GROUPING = ("media", "supports")


@dataclass(frozen=True)
class Rule:
    """One rule of the stylesheet: its text, what a page must hold for it to apply, the custom properties it
    declares (name -> declaration text) and those it uses."""

    text: str
    needs: tuple[frozenset[str], ...] = ()  # per selector: tokens (".class", "#id", "tag"); empty: always applies
    declares: dict[str, str] = field(default_factory=dict)
    uses: frozenset[str] = frozenset()
    body: str = ""  # the declarations that are not custom properties (for a rule that declares some)
    prelude: str = ""


@dataclass(frozen=True)
class Block:
    """An @media or @supports block and the rules inside it."""

    prelude: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Other:
    """Any other at-rule (@page, @font-face, @keyframes NAME), kept whole; `name`: the animation an @keyframes
    defines."""

    text: str
    name: str = ""


Item = Rule | Block | Other


def selector_needs(tokens: list) -> frozenset[str]:
    """The classes, ids and element names one complex selector requires (see the module's docstring)."""
    needs: set[str] = set()
    previous = None
    for token in tokens:
        if token.type == "ident" and previous is not None and previous.type == "literal" and previous.value == ".":
            needs.add(f".{token.value}")
        elif token.type == "ident" and not (previous is not None and previous.type == "literal"
                                            and previous.value in (".", ":")):
            needs.add(token.lower_value)
        elif token.type == "hash":
            needs.add(f"#{token.value}")
        if token.type != "whitespace":
            previous = token
    return frozenset(needs)


def split_selectors(prelude: list) -> list[list]:
    """A rule's prelude as its comma-separated selectors (tokens; blocks such as :not(...) stay whole)."""
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        elif token.type != "comment":
            selectors[-1].append(token)
    return selectors


def compact_text(tokens: list) -> str:
    """Tokens as CSS text with each run of whitespace between them (indentation, line breaks) as one space."""
    return "".join(" " if token.type == "whitespace" else token.serialize() for token in tokens
                   if token.type != "comment").strip()


def parsed_rule(rule: ast.QualifiedRule) -> Rule:
    prelude = compact_text(rule.prelude)
    content = compact_text(rule.content)
    needs = tuple(selector_needs(selector) for selector in split_selectors(rule.prelude))
    declares, others = {}, []
    if "--" in content:
        for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type == "declaration" and declaration.name.startswith("--"):
                declares[declaration.name] = f"{declaration.name}:{compact_text(declaration.value)}"
            elif declaration.type == "declaration":
                important = "!important" if declaration.important else ""
                others.append(f"{declaration.name}:{compact_text(declaration.value)}{important}")
    text = f"{prelude}{{{content}}}"
    return Rule(text=text, needs=needs, declares=declares, uses=frozenset(VARIABLE_USE.findall(content)),
                body=";".join(others), prelude=prelude)


def parsed_items(nodes: list) -> tuple[Item, ...]:
    items: list[Item] = []
    for node in nodes:
        if node.type == "qualified-rule":
            items.append(parsed_rule(node))
        elif node.type == "at-rule" and node.lower_at_keyword in GROUPING and node.content is not None:
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            prelude = f"@{node.at_keyword} {tinycss2.serialize(node.prelude).strip()}"
            items.append(Block(prelude, tuple(item for item in parsed_items(inner) if isinstance(item, Rule))))
        elif node.type == "at-rule":
            name = tinycss2.serialize(node.prelude).strip() if node.lower_at_keyword == "keyframes" else ""
            items.append(Other(node.serialize(), name))
    return tuple(items)


@lru_cache(maxsize=4)
def parsed(css: str) -> tuple[Item, ...]:
    return parsed_items(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def page_tokens(page: str) -> frozenset[str]:
    """The element names, classes and ids the page's markup holds."""
    tokens = {tag.lower() for tag in TAG.findall(page)}
    tokens |= {f".{name}" for values in CLASS_ATTRIBUTE.findall(page) for name in "".join(values).split()}
    tokens |= {f"#{''.join(values)}" for values in ID_ATTRIBUTE.findall(page)}
    return frozenset(tokens | {"html", "head", "body"})


def applies(rule: Rule, tokens: frozenset[str]) -> bool:
    return any(needs <= tokens for needs in rule.needs)


def variables_used(rules: list[Rule], declared: dict[str, list[str]], page: str) -> set[str]:
    """The custom properties the kept rules and the page's markup use, with those their values use in turn."""
    pending = set(VARIABLE_USE.findall(page)).union(*(rule.uses for rule in rules))
    used: set[str] = set()
    while pending:
        name = pending.pop()
        if name in used:
            continue
        used.add(name)
        for text in declared.get(name, ()):
            pending |= set(VARIABLE_USE.findall(text)) - used
    return used


def rule_text(rule: Rule, used: set[str]) -> str:
    """A kept rule; one that declares custom properties keeps only those in use (and its other declarations)."""
    if not rule.declares:
        return rule.text
    kept = [text for name, text in rule.declares.items() if name in used]
    body = ";".join(part for part in (rule.body, *kept) if part)
    return f"{rule.prelude}{{{body}}}" if body else ""


def pruned(css: str, page: str) -> str:
    """The stylesheet `css` with only what can apply to `page` (its markup without the stylesheet)."""
    tokens = page_tokens(page)
    items = parsed(css)
    kept_items: list[Item] = []
    for item in items:
        if isinstance(item, Rule) and applies(item, tokens):
            kept_items.append(item)
        elif isinstance(item, Block):
            inner = tuple(rule for rule in item.rules if applies(rule, tokens))
            if inner:
                kept_items.append(Block(item.prelude, inner))
        elif isinstance(item, Other):
            kept_items.append(item)
    rules = [rule for item in kept_items for rule in (item.rules if isinstance(item, Block) else (item,))
             if isinstance(rule, Rule)]
    declared: dict[str, list[str]] = {}
    for rule in rules:
        for name, text in rule.declares.items():
            declared.setdefault(name, []).append(text)
    used = variables_used(rules, declared, page)
    kept_text = "".join(rule.text for rule in rules)
    parts = []
    for item in kept_items:
        if isinstance(item, Rule):
            parts.append(rule_text(item, used))
        elif isinstance(item, Block):
            parts.append(f"{item.prelude}{{{''.join(rule_text(rule, used) for rule in item.rules)}}}")
        elif not item.name or re.search(rf"animation[^;}}]*\b{re.escape(item.name)}\b", kept_text):
            parts.append(item.text)
    return "\n".join(part for part in parts if part)


def split_styles(head: str) -> tuple[list[str], str, int]:
    """The stylesheets of a page's head, the head without them, and where the first one was."""
    sheets, rest, position, first = [], [], 0, -1
    while (start := head.find("<style", position)) >= 0:
        opened, end = head.find(">", start) + 1, head.find("</style>", start)
        if opened <= 0 or end < 0:
            break
        rest.append(head[position:start])
        first = sum(map(len, rest)) if first < 0 else first
        sheets.append(head[opened:end])
        position = end + len("</style>")
    rest.append(head[position:])
    return sheets, "".join(rest), first


def with_used_styles(page: str) -> str:
    """The page with the <style> blocks of its head replaced by one holding only what can apply to it."""
    body_start = page.find("<body")
    head, body = (page[:body_start], page[body_start:]) if body_start >= 0 else (page, "")
    sheets, head, first = split_styles(head)
    if not sheets:
        return page
    css = pruned("\n".join(sheets), head + body)
    return f'{head[:first]}<style type="text/css">\n{css}\n</style>\n{head[first:]}{body}'
