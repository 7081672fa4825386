"""Two values for one figure of one source, and sources retrieved in the future: `fetch` does not store them, and
`validate` refuses them where they are found (data/ as shipped, or data/fetched), naming what is wrong."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tradeclaims.fetch.common import FetchBatch, ParsedFile, ParseError, RawFile
from tradeclaims.fetch.imf import parse_imts
from tradeclaims.fetch.store import store_batch

from ..fetch.test_imf import imts_json_2

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

NOVEMBER_US = b'"1": ["329600000000"]'  # China's exports to the US in 2025-11 in the IMTS-shaped answer: 329.6 bn


def with_second_data_set(value: str) -> bytes:
    """The answer with its data set given twice, the second saying `value` (US dollars) for 2025-11's exports to the US."""
    message = json.loads(imts_json_2())
    again = json.loads(json.dumps(message["data"]["dataSets"][0]))
    again["series"]["0:0:0:0"]["observations"]["1"] = [value]
    message["data"]["dataSets"].append(again)
    return json.dumps(message).encode()


def test_an_sdmx_message_with_two_values_for_one_figure_is_refused_naming_both():
    assert NOVEMBER_US in imts_json_2()
    with pytest.raises(ParseError) as error:
        parse_imts(with_second_data_set("500000000000"), "saved/imts.json")
    assert str(error.value) == ("saved/imts.json: two values for one figure (CN exports US 2025-11 value): "
                                "329.6 USD bn and 500 USD bn")


def test_a_figure_repeated_with_the_same_value_is_kept_once():
    rows = parse_imts(with_second_data_set("329600000000"), "imts.json")
    november = [row for row in rows if (row["partner"], row["period"]) == ("US", "2025-11")]
    assert [row["value"] for row in november] == ["329.6"]
    assert len(rows) == len(parse_imts(imts_json_2(), "imts.json")) == 3


def test_two_files_of_one_fetch_that_disagree_are_not_stored(tmp_path):
    first = parse_imts(imts_json_2(), "imts.json")
    second = [dict(row, value="500") if (row["partner"], row["period"]) == ("US", "2025-11") else row for row in first]
    batch = FetchBatch("imf", "International Monetary Fund", "IMTS", [
        ParsedFile(RawFile("one.json", b"1", "https://example.org/1", given="saved/one.json"), first),
        ParsedFile(RawFile("two.json", b"2", "https://example.org/2", given="saved/two.json"), second)])
    with pytest.raises(ParseError, match=r"^saved/one.json and saved/two.json: two values for one figure \(CN exports "
                                         r"US 2025-11 value\): 329.6 USD bn and 500 USD bn$"):
        store_batch(tmp_path, batch)
    assert not (tmp_path / "fetched").exists()


def rehashed(descriptor: Path, path: str, content: bytes) -> None:
    """The fetched descriptor updated for a table written by hand (as a store that let both values in wrote it)."""
    document = json.loads(descriptor.read_text())
    for resource in document["resources"]:
        if resource["path"] == path:
            resource["hash"], resource["bytes"] = f"sha256:{hashlib.sha256(content).hexdigest()}", len(content)
    descriptor.write_text(json.dumps(document))


def test_validate_refuses_two_values_for_one_fetched_figure_naming_both(project_copy, cli):
    saved = project_copy / "imts.json"
    saved.write_bytes(imts_json_2())
    assert cli("fetch", "imf", "--file", "imts.json", cwd=project_copy).returncode == 0
    table = project_copy / "data" / "fetched" / "imf" / "observations.csv"
    lines = table.read_text().splitlines(keepends=True)
    (november,) = [line for line in lines if ",US,exports,2025-11," in line]
    assert ",329.6," in november
    tampered = "".join(lines) + november.replace(",329.6,", ",500,")
    table.write_text(tampered)
    rehashed(project_copy / "data" / "fetched" / "datapackage.json", "imf/observations.csv", tampered.encode())
    result = cli("validate", cwd=project_copy)
    assert result.returncode == 2, result
    (problem,) = [line for line in result.stdout.splitlines() if "primary key" in line]
    assert problem == (f"data/fetched/imf/observations.csv:{len(lines) + 1}: violates the primary key (reporter, "
                       f"partner, flow, period, measure, currency, edition, source_id): the same as on line "
                       f"{lines.index(november) + 1}, with value '329.6' there and value '500' here")


def test_validate_names_both_values_of_a_figure_given_twice_in_data(project_copy, cli):
    path = project_copy / "data" / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(index for index, line in enumerate(lines) if line.startswith("US,CN,imports,2025-11,value,"))
    row = next(csv.reader(io.StringIO(lines[number])))
    copy = io.StringIO()
    csv.writer(copy, lineterminator="\n").writerow([*row[:5], "500", *row[6:]])
    path.write_text("".join(lines) + copy.getvalue(), encoding="utf-8")
    result = cli("validate", "--update-hashes", cwd=project_copy)
    assert result.returncode == 2
    assert (f"data/observations.csv:{len(lines) + 1}: violates the primary key (reporter, partner, flow, period, "
            f"measure, currency, edition, source_id): the same as on line {number + 1}, with value '{row[5]}' there "
            "and value '500' here") in result.stdout.splitlines()


def test_validate_refuses_a_source_retrieved_in_the_future(project_copy, cli):
    path = project_copy / "data" / "sources.csv"
    text = path.read_text(encoding="utf-8")
    source = "us-census-c5700-gh-balance-2026-02-17"
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if row.startswith(f"{source},"))
    retrieved = re.search(rf"^{source},.*?,(\d{{4}}-\d{{2}}-\d{{2}}),(official|wire|secondary|reprint),", text, re.M)
    later = text[:retrieved.start(1)] + "2099-01-01" + text[retrieved.end(1):]
    path.write_text(later, encoding="utf-8")
    result = cli("validate", "--update-hashes", cwd=project_copy)
    assert result.returncode == 2, result
    assert f"data/sources.csv:{line}: source {source} was retrieved 2099-01-01, after today" in result.stdout.splitlines()
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")  # east of UTC, already today
    path.write_text(later.replace("2099-01-01", tomorrow), encoding="utf-8")
    assert cli("validate", "--update-hashes", cwd=project_copy).returncode == 0


def test_validate_refuses_a_fetched_source_retrieved_in_the_future(tmp_path, cli):
    (tmp_path / "data").mkdir()
    rows = parse_imts(imts_json_2(), "imts.json")
    batch = FetchBatch("imf", "International Monetary Fund", "IMTS",
                       [ParsedFile(RawFile("imts.json", imts_json_2(), "https://api.imf.org/x"), rows)])
    store_batch(tmp_path / "data", batch, now=datetime(2099, 1, 1, tzinfo=UTC))  # a clock set to 2099
    from tradeclaims.ledger.validation import fetched_problems

    (problem,) = fetched_problems(tmp_path / "data")
    assert re.fullmatch(r"data/fetched/sources.csv:2: source fetch-imf-2099-01-01-[0-9a-f]{8} was retrieved "
                        r"2099-01-01, after today", problem)
