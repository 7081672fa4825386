"""The JSON readers of `fetch imf` (SDMX-JSON 2.0, and the retired DOT service's CompactData) and `fetch census`, fed
JSON that hypothesis makes from the genuine answers in tests/fixtures: values of any type at any place, keys that are
not indices, nesting deeper than any answer. Every input is either read or refused with one line naming the file;
nothing else escapes (no RecursionError, ValueError, AttributeError, KeyError, TypeError)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradeclaims.fetch.census import parse_census
from tradeclaims.fetch.common import ParseError
from tradeclaims.fetch.imf import parse_imts

from . import fixture
from .test_imf import imts_json_2

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

NAME = "saved/answer.json"  # what a user gave with --file: every refusal names it
IMF_MESSAGES = {
    "imf-cpi-2.0": json.loads(fixture("imf", "sdmx-json-2.0-imf-cpi-usa-trimmed.json")),
    "abs-2.0": json.loads(fixture("imf", "sdmx-json-2.0-abs-lf-2019-12.json")),
    "dot-compact": json.loads(fixture("imf", "dot-us-exports-annual.json")),
    "imts-2.0-shaped": json.loads(imts_json_2()),  # the genuine 2.0 layout with IMTS's dimensions (see test_imf.py)
}
CENSUS = ast.literal_eval(fixture("census", "exports-hs-2018-06-first-rows.txt").decode())  # the page's printed rows
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=8), inner, max_size=3), max_leaves=12)


def places(document, path=()):
    """Every path to a value in the document (the document itself first)."""
    yield path
    items = document.items() if isinstance(document, dict) else enumerate(document) if isinstance(document, list) else ()
    for key, value in items:
        yield from places(value, (*path, key))


def replaced(document, path, value):
    """A copy of the document with the value at path replaced."""
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return copy


def renamed(document, path, key):
    """A copy of the document with the last key of path (in an object) renamed."""
    copy = json.loads(json.dumps(document))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[key] = node.pop(path[-1])
    return copy


def nested(depth: int, opener: str) -> str:
    closer = {"[": "]", '{"a": ': "}"}[opener]
    return opener * depth + "1" + closer * depth


def read_or_refused(parse, content: bytes) -> list[dict] | None:
    """The rows read, or None when refused; a refusal is one line naming the file, anything else fails the test."""
    try:
        return parse(content, NAME)
    except ParseError as error:
        message = str(error)
        assert "\n" not in message and message.startswith(f"{NAME}: "), message
        return None


@SETTINGS
@given(data=st.data(), which=st.sampled_from(sorted(IMF_MESSAGES)))
def test_imf_messages_with_any_value_at_any_place_are_read_or_refused_in_one_line(data, which):
    message = IMF_MESSAGES[which]
    path = data.draw(st.sampled_from(list(places(message))))
    content = json.dumps(replaced(message, path, data.draw(JSON_VALUES))).encode()
    rows = read_or_refused(parse_imts, content)
    assert rows is None or all(set(row) >= {"reporter", "partner", "flow", "period", "value"} for row in rows)


@SETTINGS
@given(data=st.data(), which=st.sampled_from(sorted(IMF_MESSAGES)))
def test_imf_messages_with_keys_that_are_not_indices_are_read_or_refused_in_one_line(data, which):
    message = IMF_MESSAGES[which]
    in_objects = [path for path in places(message) if path and isinstance(path[-1], str)]
    path = data.draw(st.sampled_from(in_objects))
    key = data.draw(st.text(max_size=10) | st.from_regex(r"\A-?\d{1,12}(:-?\d{0,12}){0,4}\Z"))
    read_or_refused(parse_imts, json.dumps(renamed(message, path, key)).encode())


@pytest.mark.parametrize("key", ["0:0:x:0", "0:0:0:0.5", "-1:0:0:0", "0:0:0:99999999999", ":::", "0 :0:0:0"])
def test_a_series_key_that_is_not_indices_is_refused_naming_the_file(key):
    content = imts_json_2().replace(b'"0:1:1:0"', json.dumps(key).encode())
    with pytest.raises(ParseError) as error:
        parse_imts(content, NAME)
    assert str(error.value).startswith(f"{NAME}: ") and "\n" not in str(error.value)


@SETTINGS
@given(depth=st.integers(65, 20_000), opener=st.sampled_from(["[", '{"a": ']), data=st.data())
def test_json_nested_deeper_than_any_answer_is_refused_in_one_line(depth, opener, data):
    which = data.draw(st.sampled_from(sorted(IMF_MESSAGES)))
    inside = json.dumps(IMF_MESSAGES[which])[:-1] + f', "deep": {nested(depth, opener)}}}'  # beside a genuine message
    for content in (nested(depth, opener), inside):
        assert read_or_refused(parse_imts, content.encode()) is None
        assert read_or_refused(parse_census, content.encode()) is None


def test_json_too_deep_for_pythons_parser_is_refused_in_one_line():
    for content in (b"[" * 100_000, b'{"data": ' * 50_000, b"[" * 100_000 + b"]" * 100_000):
        assert read_or_refused(parse_imts, content) is None
        assert read_or_refused(parse_census, content) is None


@SETTINGS
@given(data=st.data())
def test_census_answers_with_any_value_at_any_place_are_read_or_refused_in_one_line(data):
    china = [*CENSUS, ["5700", "CHINA", "12000000000", "2018-06"]]  # the printed rows, and China's as the API sends it
    path = data.draw(st.sampled_from(list(places(china))))
    rows = read_or_refused(parse_census, json.dumps(replaced(china, path, data.draw(JSON_VALUES))).encode())
    assert rows is None or {row["reporter"] for row in rows} == {"US"}


@pytest.mark.parametrize(("source", "content", "problem"), [
    ("imf", b'{"data": ' * 50_000, "not JSON (nested too deep)"),
    ("imf", b"[" * 100_000, "not an SDMX message"),  # not JSON's object: for sdmx1, which refuses it
    ("imf", imts_json_2().replace(b'"0:1:1:0"', b'"0:x:1:0"'), "SDMX-JSON 2.0 data/dataSets/0/series"),
    ("imf", imts_json_2().replace(b'"structure": 0', b'"structure": "0"'), "data/dataSets/0/structure"),
    ("imf", json.dumps({"data": {"structures": [], "dataSets": [[1]]}}).encode(), "data/dataSets/0"),
    ("imf", json.dumps({"CompactData": {"DataSet": {"Series": [1, 2]}}}).encode(), "CompactData Series"),
    ("imf", json.dumps({"CompactData": {"DataSet": {"Series": {"Obs": {"@OBS_VALUE": [1]}, "@INDICATOR": "TXG_FOB_USD",
                                                               "@REF_AREA": "US", "@COUNTERPART_AREA": "W00",
                                                               "@FREQ": "A"}}}}).encode(), "not a number"),
    ("census", b"[" * 100_000, "not JSON (nested too deep)"),
    ("census", json.dumps([["CTY_CODE", "time", "GEN_VAL_MO"], [{"a": 1}, "2025-01", "1"]]).encode(), "a cell that"),
])
def test_fetch_refuses_a_malformed_file_in_one_line_naming_the_file_given(tmp_path, cli, source, content, problem):
    (tmp_path / "data").mkdir()
    (tmp_path / "saved").mkdir()
    Path(tmp_path, NAME).write_bytes(content)
    result = cli("fetch", source, "--file", NAME, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == "" and result.stderr.count("\n") == 1, result
    assert result.stderr.startswith(f"tradeclaims: error: {NAME}: ") and problem in result.stderr, result.stderr
    assert not any((tmp_path / "data").iterdir())  # nothing stored
