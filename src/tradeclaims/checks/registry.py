"""The claims registry (claims.yaml): one entry per claim, with typed parameters, the check that measures it and the
rule it is judged by.

Every problem in the file is named with its line (and column, for YAML syntax): `claims.yaml:LINE: message`.
A claim's check is named, never imported, when the registry is read (`check: tradeclaims.claims.MODULE:FUNCTION`);
`Claim.check_function()` imports it, and `check_problems` (for `tradeclaims validate`) says whether it exists, applies
the claim's rule and takes the claim's parameters.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from tradeclaims.checks.article import outline_problems
from tradeclaims.checks.rules import rules_applied
from tradeclaims.checks.schema import FIGURES, REGISTRY, SERIES_KEYS, schema_problems
from tradeclaims.errors import UsageError, shown
from tradeclaims.ledger.files import unwritable_text
from tradeclaims.project import shown_path


class Marked(dict):
    """A YAML mapping that remembers the line it starts on, and the line of each of its keys."""

    line: int = 0
    key_lines: dict


class MarkedLoader(yaml.SafeLoader):
    """yaml's safe loader, with each mapping's line kept (for messages that point into the file); a key given twice
    and aliases (`*name`, which let a few lines expand into gigabytes) are refused."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed here; write the value out",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)


def construct_marked(loader: MarkedLoader, node: yaml.MappingNode):
    mapping = Marked()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    yield mapping
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(None, None, "a key must be a single value", key_node.start_mark)
        if key in mapping.key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {shown(key)} appears twice in one mapping (first on line {mapping.key_lines[key]})",
                key_node.start_mark)
        mapping.key_lines[key] = key_node.start_mark.line + 1
        mapping[key] = loader.construct_object(value_node, deep=True)


MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_marked)
LARGEST_FILE = 1_000_000  # bytes of a registry or a grid file
CLAIMS_PACKAGE = "tradeclaims.claims"  # where every check function lives
DOTTED = r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*"
CHECK = re.compile(rf"^(?P<module>{DOTTED}):(?P<function>[A-Za-z_][A-Za-z0-9_]*)$")
CHECK_EXAMPLE = "tradeclaims.claims.asean:asean_claim"
FIXED_ARGUMENTS = 2  # every check function takes the ledger and the claim's id before the claim's parameters


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    type: str  # one of TYPES
    default: Any
    choices: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None
    help: str = ""
    figures: str = "required"  # for a month or a period: see FIGURES
    line: int = field(default=0, compare=False)  # where claims.yaml declares it
    series: tuple[tuple[str, str], ...] = ()  # whose figures a month or a period must have: (key, code) of SERIES_KEYS
    after: str = ""  # a month must fall in a later year than this period parameter ends
    not_before: str = ""  # a month must not come before this other month parameter's value
    apart_from: str = ""  # a list of partners must share no code with this other list's (two groups set side by side)
    without: tuple[str, ...] = ()  # codes a list of partners must not hold (the world, the reporter: not a group's part)


@dataclass(frozen=True, kw_only=True)
class Claim:
    id: str
    title: str
    claim: str
    quote: str
    notebook: str
    check: str  # the function that measures it: tradeclaims.claims.MODULE:FUNCTION
    article_value: float | None
    unit: str
    rule: str  # one of checks.rules.RULES, and one the check applies
    parameters: dict[str, ParameterSpec]
    reads: tuple[str, ...] = ("observations", "sources", "partners", "events")  # the data files it may read
    notes: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    rerun: dict[str, Any] = field(default_factory=dict)  # an example of other parameters, for the rerun line
    line: int = field(default=0, compare=False)
    article: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # claims.yaml's `article:`

    def defaults(self) -> dict[str, Any]:
        return {name: spec.default for name, spec in self.parameters.items()}

    def check_function(self) -> Callable[..., Any]:
        """The claim's check function, imported from its module: called as `function(ledger, claim_id, **parameters)`
        with the claim's parameters but `source`; it returns a checks.result.Check."""
        return check_function(self.check)

    def key_line(self, key: str) -> int:
        """The line claims.yaml gives a key of this claim's entry (the claim's own line when unknown)."""
        return getattr(self.raw, "key_lines", {}).get(key, self.line)

    def rerun_command(self) -> str:
        """The command that reruns this claim with other parameters, e.g. `tradeclaims run ID -p month 2025-05`."""
        options = "".join(f" -p {name} {value}" for name, value in self.rerun.items())
        return f"tradeclaims run {self.id}{options}"


class RegistryError(UsageError):
    """A problem in claims.yaml, with the line it is on."""

    def __init__(self, where: str, line: int, message: str):
        self.line = line
        super().__init__(f"{where}:{line}: {message}" if line else f"{where}: {message}")


def line_of(entry: Any, fallback: int) -> int:
    return getattr(entry, "line", 0) or fallback


def parse_spec(where: str, claim_id: str, name: str, entry: dict, line: int) -> ParameterSpec:
    """A parameter's declaration (its types already checked by the schema), with what a schema cannot say."""
    line = line_of(entry, line)

    def wrong(message: str) -> RegistryError:
        return RegistryError(where, line, f"claim {claim_id}: parameter {name}: {message}")

    kind = entry["type"]
    choices = entry.get("choices", ())
    if kind == "choice" and not choices:
        raise wrong("choices must be a list (a choice needs at least one)")
    for bound in ("min", "max"):
        if entry.get(bound) is not None and kind not in ("number", "integer"):
            raise wrong(f"{bound} must be a finite number, and only a number or an integer has one")
    figures = entry.get("figures", "required")
    if "figures" in entry and figures not in FIGURES.get(kind, ()):
        allowed = f"one of {', '.join(FIGURES[kind])}" if kind in FIGURES else "only for a month or a period"
        raise wrong(f"figures {shown(figures)} is not allowed: {allowed}")
    series = entry.get("series", {})
    if "series" in entry and kind not in FIGURES:
        raise wrong("series is only for a month or a period")
    if entry.get("after") is not None and kind != "month":
        raise wrong("after names a period parameter, and only a month has one")
    if entry.get("not_before") is not None and kind != "month":
        raise wrong("not_before names a month parameter, and only a month has one")
    for key in ("apart_from", "without"):
        if entry.get(key) is not None and kind != "partners":
            raise wrong(f"{key} is only for a list of partners")
    return ParameterSpec(name, kind, entry["default"], tuple(choices), entry.get("min"), entry.get("max"),
                         str(entry.get("help", "")), figures, line,
                         series=tuple((key, str(series[key])) for key in SERIES_KEYS if key in series),
                         after=str(entry.get("after") or ""), not_before=str(entry.get("not_before") or ""),
                         apart_from=str(entry.get("apart_from") or ""),
                         without=tuple(str(code) for code in entry.get("without") or ()))


def parse_claim(where: str, entry: dict, line: int) -> Claim:
    """A claim's entry (its types already checked by the schema) as a Claim."""
    line = line_of(entry, line)
    claim_id, parameters = entry["id"], entry["parameters"]
    specs = {name: parse_spec(where, claim_id, name, spec, line_of(parameters, line))
             for name, spec in parameters.items()}
    strays = [spec.after for spec in specs.values() if spec.after and getattr(specs.get(spec.after), "type", "") != "period"]
    if strays:
        raise RegistryError(where, line, f"claim {claim_id}: after names {strays[0]!r}, not a period parameter")
    strays = [spec.not_before for spec in specs.values()
              if spec.not_before and getattr(specs.get(spec.not_before), "type", "") != "month"]
    if strays:
        raise RegistryError(where, line, f"claim {claim_id}: not_before names {strays[0]!r}, not a month parameter")
    strays = [spec.apart_from for spec in specs.values()
              if spec.apart_from and getattr(specs.get(spec.apart_from), "type", "") != "partners"]
    if strays:
        raise RegistryError(where, line, f"claim {claim_id}: apart_from names {strays[0]!r}, not a partners parameter")
    unknown = [name for name in entry.get("rerun") or {} if name not in specs]
    if unknown:
        raise RegistryError(where, line, f"claim {claim_id}: rerun names unknown parameter {unknown[0]!r}")
    malformed = check_form_problem(entry["check"])
    if malformed:
        raise RegistryError(where, getattr(entry, "key_lines", {}).get("check", line), f"claim {claim_id}: {malformed}")
    return Claim(id=claim_id, title=entry["title"], claim=entry["claim"], quote=entry["quote"],
                 notebook=entry["notebook"], check=entry["check"], article_value=entry["article_value"],
                 unit=entry["unit"],
                 rule=entry["rule"], parameters=specs,
                 reads=tuple(entry.get("reads", Claim.reads)),
                 notes=entry.get("notes", ""), raw=entry, rerun=dict(entry.get("rerun") or {}), line=line)


def checked_document(path: Path, schema: dict[str, Any], when_missing: str) -> Any:
    """A YAML file's document, checked against its schema; the first problem is a one-line error with its line."""
    where = shown_path(Path(path))
    document = read_yaml(path, when_missing)
    problems = schema_problems(document, schema, shown)
    if problems:
        line, problem = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise RegistryError(where, line, problem + more)
    return document


def read_yaml(path: Path, when_missing: str) -> Any:
    """A YAML file's document (mappings know their line); a missing or malformed file is a one-line usage error
    naming the file, and for a syntax error its line and column."""
    path = Path(path)
    where = shown_path(path)
    if not path.is_file():
        raise UsageError(f"{where}: {when_missing}")
    try:
        if path.stat().st_size > LARGEST_FILE:
            raise UsageError(f"{where}: larger than {LARGEST_FILE:,} bytes; is it the right file?")
        text = path.read_text(encoding="utf-8")
        document = yaml.load(text, Loader=MarkedLoader)  # noqa: S506 - a safe loader with line marks
    except OSError as error:
        raise UsageError(f"{where}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{where}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        context, opened = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and opened and opened is not mark:
            context += f" that starts at {opened.line + 1}:{opened.column + 1}"
        detail = f"{problem} ({context})" if context else problem
        position = f"{mark.line + 1}:{mark.column + 1}: " if mark else ""
        raise UsageError(f"{where}:{position}not valid YAML: {detail}") from None
    unwritable = unwritable_text(document)
    if unwritable is not None:  # a "\ud800" escape: every page and file written with it would fail after the run
        raise UsageError(f"{where}: text that cannot be written as UTF-8 ({unwritable})")
    return document


def load_registry(path: Path | str = "claims.yaml", against_schema: bool = True) -> dict[str, Claim]:
    """Claims by id, in file order.

    against_schema: False in a notebook, which reads the claims for its parameters: the command line and
    `tradeclaims validate` check the file against its schema, whose checker takes seconds to import.
    """
    path = Path(path)
    where = shown_path(path)
    when_missing = "not found (run tradeclaims from the project's folder)"
    document = checked_document(path, REGISTRY, when_missing) if against_schema else read_yaml(path, when_missing)
    article = document.get("article") or {}
    registry: dict[str, Claim] = {}
    for claim in (replace(parse_claim(where, entry, line_of(document, 1)), article=article)
                  for entry in document["claims"]):
        if claim.id in registry:
            raise RegistryError(where, claim.line, f"claim id {claim.id} appears twice (first on line "
                                                   f"{registry[claim.id].line})")
        registry[claim.id] = claim
    problems = outline_problems(article, list(registry))
    if problems:
        raise RegistryError(where, *problems[0])
    return registry


def select(registry: dict[str, Claim], ids: list[str]) -> list[Claim]:
    """The named claims (all when none is named); an unknown id is a usage error."""
    unknown = [claim_id for claim_id in ids if claim_id not in registry]
    if unknown:
        raise UsageError(f"unknown claim {shown(unknown[0])}; known: {', '.join(registry)}")
    return [registry[claim_id] for claim_id in ids] if ids else list(registry.values())


def check_form_problem(check: str) -> str | None:
    """What is wrong with how a check is written (None when it is MODULE:FUNCTION with its module in
    tradeclaims.claims); nothing is imported."""
    found = CHECK.match(check)
    if not found:
        return f"check {shown(check)} is not MODULE:FUNCTION (e.g. {CHECK_EXAMPLE})"
    module = found["module"]
    if not module.startswith(f"{CLAIMS_PACKAGE}.") or module.endswith(".__init__"):
        return (f"check {shown(check)} names module {module}, outside {CLAIMS_PACKAGE} (a check is a function of a "
                f"module there, e.g. {CHECK_EXAMPLE})")
    return None


def check_function(check: str) -> Callable[..., Any]:
    """The function a check names (tradeclaims.claims.MODULE:FUNCTION), imported; a usage error when it cannot be."""
    problem = check_form_problem(check) or import_problem(check)
    if problem:
        raise UsageError(problem)
    module, _, name = check.partition(":")
    return getattr(importlib.import_module(module), name)


def import_problem(check: str) -> str | None:
    """Why a well-formed check cannot be called: its module is missing or fails to import, or it holds no such
    function (None when it can be called)."""
    module_name, _, name = check.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and (module_name == error.name or module_name.startswith(f"{error.name}.")):
            return f"check {check}: module {module_name} not found"
        return f"check {check}: module {module_name} cannot be imported ({error})"
    except Exception as error:  # noqa: BLE001 - any failure of the module's own code is reported, not raised
        return f"check {check}: module {module_name} cannot be imported ({type(error).__name__}: {error})"
    if not hasattr(module, name):
        return f"check {check}: module {module_name} has no function {name}"
    if not callable(getattr(module, name)):
        return f"check {check}: {name} in {module_name} is not a function"
    return None


def check_problems(claim: Claim, where: str = "claims.yaml") -> list[str]:
    """What is wrong between a claim and its check, each as `claims.yaml:LINE: message`: a check that cannot be
    imported or called, a rule the check does not apply, a parameter (but `source`) that is not one of its arguments,
    and an argument without a default that no parameter gives. Imports the check's module."""
    def problem(line: int, message: str) -> str:
        return f"{where}:{line}: claim {claim.id}: {message}"

    missing = check_form_problem(claim.check) or import_problem(claim.check)
    if missing:
        return [problem(claim.key_line("check"), missing)]
    function = check_function(claim.check)
    problems = []
    applied = rules_applied(function)
    if claim.rule not in applied:
        said = f"it applies {', '.join(applied)}" if applied else "it declares none (@applies of tradeclaims.checks.rules)"
        problems.append(problem(claim.key_line("rule"), f"rule {claim.rule} is not a rule {claim.check} applies ({said})"))
    try:
        arguments = list(inspect.signature(function).parameters.values())[FIXED_ARGUMENTS:]
    except (TypeError, ValueError):  # a callable whose signature Python cannot read: its arguments are not checked
        return problems
    if any(argument.kind is inspect.Parameter.VAR_KEYWORD for argument in arguments):
        return problems
    named = [argument.name for argument in arguments
             if argument.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]
    for spec in claim.parameters.values():
        if spec.name != "source" and spec.name not in named:
            problems.append(problem(spec.line or claim.key_line("parameters"),
                                    f"parameter {spec.name} is not an argument of {claim.check} "
                                    f"(its arguments: {', '.join(named) or 'none'})"))
    for argument in arguments:
        if argument.name in named and argument.default is inspect.Parameter.empty and argument.name not in claim.parameters:
            problems.append(problem(claim.key_line("parameters"),
                                    f"{claim.check} needs an argument {argument.name} that no parameter gives"))
    return problems
