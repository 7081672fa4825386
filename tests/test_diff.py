"""`tradeclaims diff`: what is not a results file is refused with one line and exit status 2."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_what_is_not_a_results_file_is_refused_with_one_line(cli, tmp_path):
    results = {"run": {"built": "2026-01-01T00:00:00Z"}, "claims": [{"id": "india-deficit", "status": "ok",
                                                                     "verdict": "partly supported", "measured": 99.2}]}
    (tmp_path / "results.json").write_text(json.dumps(results))
    (tmp_path / "index.html").write_text("<html></html>")
    (tmp_path / "other.json").write_text(json.dumps({"claims": [{"verdict": "supported"}]}))
    for arguments, named in ((["index.html", "results.json"], "index.html is not a results file"),
                             (["results.json", "other.json"], "other.json is not a results file"),
                             (["missing.json", "."], "missing.json: no such file"),
                             (["results.json", "empty"], "no such file")):
        (tmp_path / "empty").mkdir(exist_ok=True)
        outcome = cli("diff", *arguments, cwd=tmp_path)
        assert outcome.returncode == 2 and outcome.stdout == ""
        assert outcome.stderr.count("\n") == 1 and named in outcome.stderr, outcome.stderr
        assert outcome.stderr.count("{") == outcome.stderr.count("}"), outcome.stderr
    same = cli("diff", "--fail-on-change", ".", "results.json", cwd=tmp_path)
    assert same.returncode == 0 and "No claim changed." in same.stdout


# Results whose fields have unexpected types, files that are not results, and text that would be Markdown

def shipped_results(ledger) -> dict:
    """A results document in the shape `tradeclaims run` writes, with the surplus figures as the ledger prints them."""
    rows = ledger.observations.query("reporter == 'CN' and partner == 'WLD' and flow == 'balance' and "
                                     "period == '2025-01/2025-11' and measure == 'value'")
    inputs = [{"role": "surplus", "value": float(row.value), "unit": row.unit, "period": row.period,
               "source_id": row.source_id, "publisher": ledger.sources[row.source_id].publisher,
               "kind": ledger.sources[row.source_id].kind} for row in rows.itertuples()]
    source = ledger.sources[inputs[0]["source_id"]]
    return {"run": {"built": "2026-01-01T00:00:00Z", "version": "0.1.0", "data_hash": "0" * 64,
                    "data_files": {"observations.csv": "1" * 64}},
            "claims": [{"id": "surplus-jan-nov", "title": "A surplus above US$1 trillion", "status": "ok",
                        "verdict": "supported", "measured": 1000 * inputs[0]["value"], "unit": "US$ bn",
                        "period": "2025-01/2025-11", "parameters": {"period": "2025-01/2025-11"}, "inputs": inputs,
                        "headline_sources": [{"publisher": source.publisher, "url": source.url, "published": None,
                                              "kind": source.kind}],
                        "sources": [source.url], "key_parts": {"data": "2" * 64, "notebook": "3" * 64}}]}


def diff(*arguments: str, cwd: Path) -> tuple[int, str, str]:
    """`tradeclaims diff` in this process; any exception but a usage error propagates (a traceback for the user)."""
    from tradeclaims.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["diff", *arguments])
    finally:
        os.chdir(previous)
    return code, out.getvalue(), err.getvalue()


def refused_with_one_line(outcome: tuple[int, str, str], file: str) -> None:
    code, out, err = outcome
    assert code == 2 and out == "" and err.count("\n") == 1, outcome
    assert err.startswith(f"tradeclaims: error: {file}") and err.count("{") == err.count("}"), err


SHAPES = [("claims", 0, "inputs", 0, "x"), ("claims", 0, "inputs", "x"), ("claims", 0, "parameters", []),
          ("claims", 0, "key_parts", "x"), ("claims", 0, "headline_sources", 0, 1), ("claims", 0, "sources", 0, {}),
          ("claims", 0, "id", []), ("claims", 0, "measured", "1,080"), ("run", "x"), ("run", "data_files", []),
          ("claims", 0, "inputs", 0, "value", {"x": 1}), ("claims", 0, "status", None), ("claims", "x")]


def tampered(document: dict, path: tuple) -> dict:
    """The document with the value at path[:-1] replaced by path[-1]."""
    copy = json.loads(json.dumps(document))
    node = copy
    for step in path[:-2]:
        node = node[step]
    node[path[-2]] = path[-1]
    return copy


@pytest.mark.parametrize("path", SHAPES, ids=[str(shape) for shape in SHAPES])
def test_results_with_a_field_of_an_unexpected_type_are_refused_with_one_line(tmp_path, ledger, path):
    good = shipped_results(ledger)
    (tmp_path / "old.json").write_text(json.dumps(good))
    (tmp_path / "new.json").write_text(json.dumps(tampered(good, path)))
    refused_with_one_line(diff("--fail-on-change", "old.json", "new.json", cwd=tmp_path), "new.json is not a results")
    refused_with_one_line(diff("new.json", "old.json", cwd=tmp_path), "new.json is not a results")


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                           lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8),
                                                                                             children, max_size=3),
                           max_leaves=10)


def places(document, path=()):
    """Every path to a value in the document."""
    yield path
    items = document.items() if isinstance(document, dict) else enumerate(document) if isinstance(document, list) else ()
    for key, value in items:
        yield from places(value, (*path, key))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_diff_never_gives_a_traceback_whatever_a_field_holds(ledger, data):
    good = shipped_results(ledger)
    place = data.draw(st.sampled_from([path for path in places(good) if path]))
    value = data.draw(JSON_VALUES)
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "old.json").write_text(json.dumps(good))
        Path(folder, "new.json").write_text(json.dumps(tampered(good, (*place, value)), allow_nan=True))
        code, out, err = diff("--fail-on-change", "old.json", "new.json", cwd=Path(folder))
    assert code in (0, 1, 2), (code, err)
    if code == 2:
        assert out == "" and err.count("\n") == 1 and "new.json is not a results file" in err, err
    else:
        assert out.startswith("### What changed") and err == ""


def test_what_is_not_a_results_file_at_all_is_refused_with_one_line(tmp_path, ledger):
    from tradeclaims.report.schema import MAX_RESULTS_BYTES

    (tmp_path / "results.json").write_text(json.dumps(shipped_results(ledger)))
    padded = json.dumps(shipped_results(ledger)) + " " * MAX_RESULTS_BYTES  # valid, but beyond what is read
    (tmp_path / "large.json").write_text(padded)
    for name, content in (("deep.json", "[" * 100_000 + "]" * 100_000),
                          ("nested.json", json.dumps({"claims": [], "run": {"x": json.loads("[" * 40 + "]" * 40)}})),
                          ("latin1.json", b'{"claims": [{"id": "\xe9", "status": "ok"}]}'),
                          ("array.json", "[1, 2]"), ("number.json", "1e999"), ("empty.json", "")):
        (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    for name in ("large.json", "deep.json", "nested.json", "latin1.json", "array.json", "number.json", "empty.json"):
        refused_with_one_line(diff(name, "results.json", cwd=tmp_path), f"{name} is not a results file")


def test_dev_zero_does_not_exhaust_the_memory(tmp_path, ledger):
    """In a process allowed 1.5 GB of memory: the read stops at the cap instead of filling it."""
    (tmp_path / "results.json").write_text(json.dumps(shipped_results(ledger)))
    limit = 1_500_000_000

    def bounded():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    outcome = subprocess.run([sys.executable, "-m", "tradeclaims.cli", "diff", "/dev/zero", "results.json"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=bounded)
    assert outcome.returncode == 2 and outcome.stderr.count("\n") == 1, outcome.stderr[-500:]
    assert "/dev/zero is not a results file" in outcome.stderr and "larger than" in outcome.stderr


HOSTILE = {"version": "0.2.0\n\n<!-- the rest is hidden", "publisher": "<img src=x onerror=alert(1)>",
           "title": "a | b", "period": "2025-11`|`<script>alert(1)</script>", "link": "[click](https://example.org)"}


def test_diff_markdown_shows_what_the_files_say_as_text(tmp_path, ledger):
    """Rendered as CommonMark with GitHub's tables (markdown-it, raw HTML allowed as GitHub allows it): one table,
    one row per change, four cells a row, and every hostile text shown as text, none as markup."""
    from markdown_it import MarkdownIt

    old = shipped_results(ledger)
    new = json.loads(json.dumps(old))
    new["run"]["version"] = HOSTILE["version"]
    new["run"]["data_files"][HOSTILE["link"]] = "4" * 64
    claim = new["claims"][0]
    claim["inputs"][0] = {**claim["inputs"][0], "source_id": HOSTILE["link"], "publisher": HOSTILE["publisher"]}
    claim["period"], claim["verdict"] = HOSTILE["period"], "not supported"
    new["claims"].append({**claim, "id": HOSTILE["title"]})
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    code, markdown, err = diff("old.json", "new.json", cwd=tmp_path)
    assert code == 0, err
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    assert html.count("<table>") == 1 and "<!--" not in html
    assert not re.search(r"<(img|script|a|code|em)\b", html), html
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    assert len(rows) == 2 and all(row.count("<td>") == 4 for row in rows)  # surplus-jan-nov, and a | b added
    text = html_text(html)
    for value in (HOSTILE["publisher"], HOSTILE["period"], HOSTILE["link"], "a | b",
                  "0.1.0 -> 0.2.0 <!-- the rest is hidden"):
        assert value in text, value
    lines = [line for line in markdown.splitlines() if line]  # the heading, three lines on the build, the table's four
    assert [line[:6] for line in lines] == ["### Wh", "From o", "Data f", "tradec", "| clai", "|---|-", "| surp",
                                            "| a \\|"], lines


def html_text(html: str) -> str:
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))


# JSON's \u escapes let a file hold a lone surrogate, which no page, file or terminal can take as UTF-8: it is refused
# where it is read, in one line with exit 2, not met later as a traceback (exit 1: "a verdict changed" to CI).
LONE_SURROGATES = {"a value": '"unit": "\\ud800"', "a key": '"parameters": {"\\udfff": "2025"}',
                   "a source": '"sources": ["https://example.org/\\ud83d"]'}


@pytest.mark.parametrize("where", LONE_SURROGATES)
def test_a_lone_surrogate_is_refused_with_one_line_as_the_user_runs_diff(tmp_path, ledger, where):
    from .conftest import tradeclaims

    good = shipped_results(ledger)
    good["claims"][0]["unit"] = "US$ bn"
    text = json.dumps(good)
    field = LONE_SURROGATES[where].split(":")[0]
    tampered_text = re.sub(rf'{field}: ("[^"]*"|\{{[^}}]*\}}|\[[^\]]*\])', lambda _: LONE_SURROGATES[where], text,
                           count=1)
    assert tampered_text != text and json.loads(tampered_text)  # still JSON
    (tmp_path / "old.json").write_text(text)
    (tmp_path / "new.json").write_text(tampered_text)
    for arguments, file in ((["old.json", "new.json"], "new.json"), (["--fail-on-change", "new.json", "old.json"],
                                                                      "new.json")):
        outcome = tradeclaims("diff", *arguments, cwd=tmp_path)
        assert outcome.returncode == 2 and outcome.stdout == "" and "Traceback" not in outcome.stderr, outcome.stderr
        assert outcome.stderr.count("\n") == 1
        assert outcome.stderr.startswith(f"tradeclaims: error: {file} is not a results file as tradeclaims run writes "
                                         "(text that cannot be written as UTF-8 ('"), outcome.stderr
        assert re.search(r"\\ud[89a-f][0-9a-f]{2}", LONE_SURROGATES[where])[0] in outcome.stderr  # named, escaped


# Faults injected into the results.json of a real build, as a user's `tradeclaims diff` meets them

def built_results(built_project: Path) -> dict:
    return json.loads((built_project / "reports" / "results.json").read_text(encoding="utf-8"))


def diff_of(folder: Path, old: dict, new: dict) -> subprocess.CompletedProcess:
    from .conftest import tradeclaims

    (folder / "old.json").write_text(json.dumps(old, allow_nan=True))
    (folder / "new.json").write_text(json.dumps(new, allow_nan=True))
    return tradeclaims("diff", "old.json", "new.json", cwd=folder)


def refused(outcome: subprocess.CompletedProcess, *named: str, file: str = "new.json") -> None:
    assert outcome.returncode == 2 and outcome.stdout == "" and outcome.stderr.count("\n") == 1, outcome
    assert outcome.stderr.startswith(f"tradeclaims: error: {file} is not a results file"), outcome.stderr
    for words in named:
        assert words in outcome.stderr, (words, outcome.stderr)


NOT_FINITE = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


@pytest.mark.parametrize("written", NOT_FINITE)
def test_a_figure_that_is_not_finite_is_refused_naming_the_claim_and_field(built_project, tmp_path, written):
    old = built_results(built_project)
    new = json.loads(json.dumps(old))
    claim = next(entry for entry in new["claims"] if isinstance(entry.get("measured"), float))
    claim["measured"] = NOT_FINITE[written]
    assert f'"measured": {written}' in json.dumps(new, allow_nan=True)  # as Python's JSON writes it, and reads it back
    refused(diff_of(tmp_path, old, new), f"claim '{claim['id']}': measured is", "not a finite number")
    with_input = next(entry for entry in old["claims"] if entry.get("inputs"))
    new = json.loads(json.dumps(old))
    next(entry for entry in new["claims"] if entry["id"] == with_input["id"])["inputs"][0]["value"] = NOT_FINITE[written]
    refused(diff_of(tmp_path, old, new), f"claim '{with_input['id']}': inputs/0/value is", "not a finite number")


def test_a_number_beyond_a_float_is_refused_and_an_absurd_one_is_shown_bounded(built_project, tmp_path):
    old = built_results(built_project)
    claim = next(entry for entry in old["claims"] if isinstance(entry.get("measured"), float))
    text = json.dumps(old)
    at = f'"id": "{claim["id"]}"'
    beyond = text.replace(f'"measured": {json.dumps(claim["measured"])}', '"measured": 1e999', 1)
    (tmp_path / "old.json").write_text(text)
    for name, content in (("new.json", beyond),
                          ("big.json", beyond.replace('"measured": 1e999', '"measured": 1' + "0" * 400, 1))):
        assert content != text and at in content
        (tmp_path / name).write_text(content)
    from .conftest import tradeclaims

    refused(tradeclaims("diff", "old.json", "new.json", cwd=tmp_path), f"claim '{claim['id']}': measured is inf")
    too_big = tradeclaims("diff", "old.json", "big.json", cwd=tmp_path)
    assert too_big.returncode == 2 and "an integer too large for a float, not a finite number" in too_big.stderr
    new = json.loads(text)
    next(entry for entry in new["claims"] if entry["id"] == claim["id"])["measured"] = 1e308
    outcome = diff_of(tmp_path, old, new)
    assert outcome.returncode == 0, outcome.stderr
    row = next(line for line in outcome.stdout.splitlines() if line.startswith(f"| {claim['id']} |"))
    assert "-> 1e+308 " in row and len(row) < 300 and not re.search(r"\d{16}", outcome.stdout.replace(",", ""))
    assert "nan" not in outcome.stdout.lower() and "inf " not in outcome.stdout


def test_a_claim_id_given_twice_is_refused_naming_it(built_project, tmp_path):
    old = built_results(built_project)
    new = json.loads(json.dumps(old))
    first, second = new["claims"][0], new["claims"][1]
    new["claims"].append({**second, "id": first["id"]})  # today's last-one-wins would show second's figures as first's
    refused(diff_of(tmp_path, old, new), f"claim id '{first['id']}' appears 2 times")
    refused(diff_of(tmp_path, new, old), f"claim id '{first['id']}' appears 2 times", file="old.json")


@pytest.mark.parametrize("built", ["yesterday", "2026-13-40T00:00:00Z", "2026-01-01", ""])
def test_a_build_time_that_is_not_a_date_time_is_refused_naming_it(built_project, tmp_path, built):
    old = built_results(built_project)
    new = json.loads(json.dumps(old))
    new["run"]["built"] = built
    refused(diff_of(tmp_path, old, new), f"run/built: {built!r} is not a 'date-time'")
    assert diff_of(tmp_path, old, old).returncode == 0  # the real build's own stamp is one


BIDI_CHARACTERS = [*"\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"]


def test_bidirectional_controls_are_shown_escaped_in_the_markdown(built_project, tmp_path):
    old = built_results(built_project)
    new = json.loads(json.dumps(old))
    claim = next(entry for entry in new["claims"] if entry.get("inputs") and entry.get("status") == "ok")
    claim["period"] = "2025" + "".join(BIDI_CHARACTERS) + "-11"
    claim["inputs"][0]["publisher"] = "\u202eLIAM"
    claim["inputs"][0]["source_id"] = "new\u2067source"
    new["run"]["data_files"]["\u202dfile.csv"] = "5" * 64
    outcome = diff_of(tmp_path, old, new)
    assert outcome.returncode == 0, outcome.stderr
    assert not any(character in outcome.stdout for character in BIDI_CHARACTERS)
    escapes = "".join(f"\\u{ord(character):04x}" for character in BIDI_CHARACTERS)
    for shown in (f"2025{escapes}-11", "\\u202eLIAM", "new\\u2067source", "\\u202dfile.csv"):
        assert shown in outcome.stdout, shown
    from .conftest import tradeclaims

    as_json = tradeclaims("diff", "--format", "json", "old.json", "new.json", cwd=tmp_path)
    assert as_json.returncode == 0 and not any(character in as_json.stdout for character in BIDI_CHARACTERS)
    assert json.loads(as_json.stdout)["claims"][0]["new"]["period"] == claim["period"]  # the JSON keeps the text
