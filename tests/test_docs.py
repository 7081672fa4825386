"""README.md and docs/: every generated section is current, every command shown exists and parses as written, every
relative link leads to a file (and a heading), and the README stays a front door."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import shutil
import textwrap
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from tradeclaims.checks.registry import load_registry

from .conftest import ROOT, copy_project
from .documents import DOCS, README, code_blocks, documents

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
COMMAND = re.compile(r"^\s*(?:\S*/)?tradeclaims(?:\s|$)")


@lru_cache(maxsize=1)
def generator():
    """scripts/generate_docs.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "scripts" / "generate_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def registry():
    return load_registry(ROOT / "claims.yaml")


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT))


# (a) Every generated section is current.

def test_the_readme_is_a_front_door_of_at_most_200_lines():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200, f"README.md has {len(text.splitlines())} lines: move the reference into docs/"
    for command in ("bash scripts/build.sh", "bash scripts/test.sh"):
        assert any(command in block.splitlines() for block in code_blocks(text)), f"README.md does not show {command}"


@pytest.mark.parametrize("where", [f"{file}:{name}" for file, name in
                                   (("README.md", "claims"), ("docs/results.md", "results-fields"),
                                    ("docs/ledger.md", "ledger-tiers"))])
def test_every_generated_section_has_its_markers(where):
    file, name = where.split(":")
    assert (file, name) in generator().SECTIONS
    assert generator().section((ROOT / file).read_text(encoding="utf-8"), name) is not None, \
        f"{file} lacks the markers of {name!r}"


def test_the_fields_of_results_json_are_the_schemas():
    from tradeclaims.report.schema import fields_markdown

    text = (DOCS / "results.md").read_text(encoding="utf-8")
    assert generator().section(text, "results-fields") == fields_markdown(), \
        "regenerate: .venv/bin/python scripts/generate_docs.py"


def test_the_fields_table_lists_every_value_an_enumerated_field_may_take():
    """The verdicts, tiers and statuses come from the schema's enums: each value is in the row of each field using it."""
    from tradeclaims.report.schema import schema

    definitions = schema()["$defs"]
    rows = {line.split("|")[1].strip(" `"): line for line in
            generator().section((DOCS / "results.md").read_text(encoding="utf-8"), "results-fields").splitlines()[2:]}
    enumerated = {"claims[].verdict": "verdict", "claims[].alternatives[].verdict": "verdict",
                  "claims[].evidence": "kind", "claims[].inputs[].kind": "kind"}
    for field, definition in enumerated.items():
        assert all(f"`{value}`" in rows[field] for value in definitions[definition]["enum"]), field
    assert "`too early to tell`" in rows["claims[].verdict"] and "or null" in rows["claims[].verdict"]
    assert "`ok` or `failed`" in rows["claims[].status"]


def test_the_tables_of_tiers_are_what_validate_summary_prints():
    from tradeclaims.ledger.summary import ledger_summary

    text = (DOCS / "ledger.md").read_text(encoding="utf-8")
    assert generator().section(text, "ledger-tiers") == ledger_summary(ROOT / "data"), \
        "regenerate: .venv/bin/python scripts/generate_docs.py"


def table_ids(table: str) -> list[str]:
    return [re.match(r"\| \[([^\]]+)\]", row).group(1) for row in table.splitlines()[2:]]


def test_the_claims_table_has_one_row_per_claim_of_the_registry_in_its_order():
    table = generator().section(README.read_text(encoding="utf-8"), "claims")
    assert table_ids(table) == list(registry()), \
        "the README's claims table is not the registry's: build, then .venv/bin/python scripts/generate_docs.py"
    for row, claim in zip(table.splitlines()[2:], registry().values(), strict=True):
        assert row.startswith(f"| [{claim.id}]({claim.notebook}) | {claim.title} | ")


@pytest.mark.slow
def test_the_claims_table_is_what_a_build_of_the_shipped_data_gives(built_project):
    results = json.loads((built_project / "reports" / "results.json").read_text(encoding="utf-8"))
    expected = generator().claims_table(registry(), results)
    assert generator().section(README.read_text(encoding="utf-8"), "claims") == expected, \
        "regenerate: bash scripts/build.sh && .venv/bin/python scripts/generate_docs.py"


def test_a_bound_is_shown_rounded_outward_and_a_missing_figure_as_na():
    figure = generator().figure
    assert figure(26.2525, "%", "lower") == "at least 26.2 %"
    assert figure(71.46, "%", "lower") == "at least 71.4 %"
    assert figure(47440.078, "US$ bn", "upper") == "at most 47,440.1 US$ bn"
    assert figure(3414.96, "US$ bn") == "3,415.0 US$ bn"
    assert figure(None, "%") == "n/a"


def fake_results(claim_ids) -> dict:
    return {"claims": [{"id": claim_id, "status": "ok", "verdict": "supported", "measured": 1.34, "unit": "%",
                        "period": "2025-11", "article_value": 1.0, "bound": None} for claim_id in claim_ids]}


def test_the_generator_rewrites_only_between_the_markers_and_check_changes_nothing(tmp_path, capsys):
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    shutil.copy(README, project / "README.md")
    shutil.copytree(DOCS, project / "docs")
    results = tmp_path / "results.json"
    claims = load_registry(project / "claims.yaml")
    results.write_text(json.dumps(fake_results(claims)))
    before = {path: path.read_text() for path in (project / "README.md", project / "docs" / "ledger.md")}

    assert generator().main(["--root", str(project), "--results", str(results), "--check"]) == 1
    assert capsys.readouterr().out.strip() == "out of date: README.md (claims)"
    assert all(path.read_text() == text for path, text in before.items())

    assert generator().main(["--root", str(project), "--results", str(results)]) == 0
    readme = (project / "README.md").read_text()
    outside = generator().pattern("claims").sub("", readme)
    assert outside == generator().pattern("claims").sub("", before[project / "README.md"])
    assert "| supported | 1.3 % (2025-11) | the article's 1.0 % |" in readme
    assert generator().main(["--root", str(project), "--results", str(results), "--check"]) == 0

    results.write_text(json.dumps(fake_results(list(claims)[1:])))
    with pytest.raises(SystemExit, match=f"no result for {list(claims)[0]}"):
        generator().main(["--root", str(project), "--results", str(results)])
    assert generator().main(["--root", str(project), "--results", str(tmp_path / "none.json")]) == 2


def test_no_document_lists_the_claims_by_hand():
    """Outside the generated sections, no table has a row for each of several claims: such a list goes stale the day
    a claim is added."""
    for path in documents():
        text = path.read_text(encoding="utf-8")
        for _, name in generator().SECTIONS:
            text = generator().pattern(name).sub("", text)
        for table in re.findall(r"(?:^\|.*\n)+", text, re.MULTILINE):
            listed = {claim_id for claim_id in registry() for row in table.splitlines()
                      if re.match(rf"^\|\s*\[?`?{re.escape(claim_id)}\b", row)}
            assert len(listed) < 3, f"{shown(path)} lists claims by hand: {sorted(listed)}"


# (b) Every command shown exists and parses.

def tradeclaims_commands() -> list[tuple[str, str]]:
    """Every `tradeclaims ...` command line in a code block of README.md or docs/, as (where, the command line)."""
    found = []
    for path in documents():
        for block in code_blocks(path.read_text(encoding="utf-8")):
            for line in block.splitlines():
                for segment in line.split("&&"):
                    if COMMAND.match(segment):
                        found.append((f"{shown(path)}: {segment.strip()}", segment))
    return found


COMMANDS = tradeclaims_commands()


def test_the_documents_show_commands_of_every_kind():
    shown_kinds = {shlex.split(line, comments=True)[1] for _, line in COMMANDS}
    assert {"run", "sweep", "list", "validate", "fetch", "diff"} <= shown_kinds


def declared(document: str) -> dict[str, SimpleNamespace]:
    """The claims a document adds to the registry in a YAML code block of its own (a walk-through of adding one), by
    id, each with its parameters: its commands may name them."""
    added = {}
    for block in code_blocks((ROOT / document).read_text(encoding="utf-8")):
        try:
            entries = yaml.safe_load(textwrap.dedent(block))
        except yaml.YAMLError:
            continue
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and "id" in entry and isinstance(entry.get("parameters"), dict):
                added[entry["id"]] = SimpleNamespace(parameters=entry["parameters"])
    return added


@pytest.mark.parametrize(("where", "line"), COMMANDS, ids=[where for where, _ in COMMANDS])
def test_every_command_shown_parses_and_names_only_known_claims_and_parameters(where, line):
    from tradeclaims.cli import build_parser, joined_parameters

    arguments = shlex.split(line, comments=True)[1:]
    assert arguments, f"{where}: no command"
    joined = joined_parameters(list(arguments))
    try:
        args = build_parser().parse_args(joined)
    except SystemExit as refused:
        pytest.fail(f"{where}: refused by the command line's parser (exit status {refused.code})")
    claims = {**registry(), **declared(where.split(":")[0])}
    named = {"run": lambda: list(args.claims), "sweep": lambda: [args.claim] if args.claim else []}
    ids = named[arguments[0]]() if arguments[0] in named else []
    assert set(ids) <= set(claims), f"{where}: unknown claim {sorted(set(ids) - set(claims))}"
    parameters = [token.removeprefix("--parameter=").split("=")[0] for token in joined
                  if token.startswith("--parameter=")]
    for name in parameters:
        having = [claim_id for claim_id in ids or claims if name in claims[claim_id].parameters]
        assert having and (not ids or len(having) == len(ids)), f"{where}: no such parameter {name!r}"


def named_files(text: str) -> set[str]:
    """The files a document's commands name: bash scripts/X.sh, python benchmarks/X.py or scripts/X.py, .venv/bin/X."""
    files = set(re.findall(r"\bbash ((?:scripts|\.ci)/[\w./-]+)", text))
    files |= set(re.findall(r"\bpython ((?:benchmarks|scripts)/[\w./-]+\.py)", text))
    files |= set(re.findall(r"(?<![\w.-])(\.venv/bin/[\w.-]*\w)", text))
    return files


@pytest.mark.parametrize("path", documents(), ids=shown)
def test_every_script_and_program_a_document_names_exists(path):
    text = path.read_text(encoding="utf-8")
    for file in named_files(text):
        assert (ROOT / file).is_file(), f"{shown(path)} names {file}, which does not exist"


def test_the_readme_names_the_two_commands_and_the_scripts_they_run():
    files = named_files(README.read_text(encoding="utf-8"))
    assert {"scripts/build.sh", "scripts/test.sh", ".venv/bin/tradeclaims", ".venv/bin/papermill"} <= files


# (c) Every relative link leads to a file, and an anchor to a heading.

def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    for block in code_blocks(text):
        text = text.replace(block, "")
    return {slug(heading) for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", text, re.MULTILINE)}


def links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    for block in code_blocks(text):
        text = text.replace(block, "")
    return [target for target in LINK.findall(text) if not SCHEME.match(target)]


@pytest.mark.parametrize("path", documents(), ids=shown)
def test_every_relative_link_leads_to_a_file(path):
    for target in links(path):
        file, _, anchor = target.partition("#")
        destination = (path.parent / file).resolve() if file else path
        assert destination.exists(), f"{shown(path)} links to {target}: no such file"
        if anchor and destination.suffix == ".md":
            assert anchor in anchors(destination), f"{shown(path)} links to {target}: no such heading"


def test_the_index_of_docs_links_every_page():
    linked = {target.partition("#")[0] for target in links(DOCS / "README.md")}
    pages = {path.name for path in DOCS.glob("*.md")} - {"README.md"}
    assert pages <= linked, f"docs/README.md does not link {sorted(pages - linked)}"
    assert "adding-a-claim.md" in linked


def test_the_readme_links_into_docs_and_shows_a_screenshot():
    targets = links(README)
    assert any(target.startswith("docs/screenshots/") and target.endswith(".png") for target in targets)
    pages = {target.partition("#")[0] for target in targets if target.startswith("docs/")}
    assert {"docs/command-line.md", "docs/results.md", "docs/ledger.md", "docs/caching-and-history.md",
            "docs/fetching.md", "docs/ci-and-publishing.md", "docs/performance.md", "docs/reading-a-report.md",
            "docs/adding-a-claim.md", "docs/README.md"} <= pages
