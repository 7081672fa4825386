"""Answers that would be stored as figures they are not: a negative level, a breakdown read as a country's total, a
value column given twice, a period written in other digits. `tradeclaims fetch` refuses each in one line (exit 2)
naming what is wrong, stores nothing, and a run on that source then stops before any kernel."""

from __future__ import annotations

import json

import pytest

from . import fixture

# A message the IMF data portal served (tests/fixtures/imf/SOURCES.csv): US exports to the world, 2023 and 2024.
IMTS = fixture("imf", "imts-usa-exports-annual.xml").decode()

CENSUS_URL = "https://api.census.gov/x"
HEADER = ["CTY_CODE", "CTY_NAME", "GEN_VAL_MO", "time"]


def census_answer(rows: list[list[str]], header: list[str] = HEADER) -> str:
    return json.dumps([header, *rows])


def fetch_file(cli, project, source: str, name: str, content: str | bytes):
    path = project / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return cli("fetch", source, "--file", str(path), "--url", CENSUS_URL if source == "census" else "", cwd=project)


def assert_refused(outcome, *words: str) -> None:
    lines = outcome.stderr.strip().splitlines()
    assert outcome.returncode == 2 and len(lines) == 1, outcome.stderr
    assert all(word in lines[0] for word in words), lines[0]


def assert_nothing_stored(cli, project, source: str) -> None:
    assert not (project / "data" / "fetched" / source).exists()
    run = cli("run", "us-mirror", "-p", "source", source, cwd=project)
    assert run.returncode == 2 and f"no fetched data for {source}" in run.stderr
    assert not (project / "reports").exists()


def test_a_negative_census_level_is_refused_not_judged(project_copy, cli):
    answer = census_answer([["5700", "CHINA", "-20950700000", "2025-11"], ["5700", "CHINA", "37770000000", "2024-11"]])
    fetched = fetch_file(cli, project_copy, "census", "n.json", answer)
    assert_refused(fetched, "n.json", "negative GEN_VAL_MO '-20950700000' for 2025-11")
    assert_nothing_stored(cli, project_copy, "census")


def test_the_same_census_answer_with_the_sign_mended_is_stored(project_copy, cli):
    """The control: the refusal above is the sign's, not the answer's layout's."""
    answer = census_answer([["5700", "CHINA", "20950700000", "2025-11"], ["5700", "CHINA", "37770000000", "2024-11"]])
    fetched = fetch_file(cli, project_copy, "census", "n.json", answer)
    assert fetched.returncode == 0, fetched.stderr
    table = (project_copy / "data" / "fetched" / "census" / "observations.csv").read_text()
    assert "US,CN,imports,2025-11,value,20.9507," in table and "US,CN,imports,2024-11,value,37.77," in table


def test_a_negative_imf_level_is_refused_not_judged(project_copy, cli):
    message = IMTS.replace('OBS_VALUE="2019551635133"', 'OBS_VALUE="-2019551635133"')
    fetched = fetch_file(cli, project_copy, "imf", "imts.xml", message)
    assert_refused(fetched, "imts.xml", "negative XG_FOB_USD", "for 2023")
    assert not (project_copy / "data" / "fetched" / "imf").exists()
    run = cli("run", "us-november-drop", "-p", "source", "imf", cwd=project_copy)
    assert run.returncode == 2 and "no fetched data for imf" in run.stderr


def test_a_negative_imf_balance_is_a_balance_and_stored(project_copy, cli):
    message = IMTS.replace("XG_FOB_USD", "TBG_USD").replace('OBS_VALUE="2019551635133"', 'OBS_VALUE="-2019551635133"')
    fetched = fetch_file(cli, project_copy, "imf", "imts.xml", message)
    assert fetched.returncode == 0, fetched.stderr
    table = (project_copy / "data" / "fetched" / "imf" / "observations.csv").read_text()
    assert "US,WLD,balance,2023,value,-2019.551635133," in table and "US,WLD,balance,2024,value,2065.411250609," in table


@pytest.mark.parametrize(("column", "cell"), [("STATE", "CA"), ("PORT", "2704"), ("NAICS", "334"),
                                              ("I_ENDUSE", "21100"), ("DISTRICT", "27")])
def test_a_census_answer_broken_down_by_anything_but_country_is_refused(project_copy, cli, column, cell):
    """One China row per month beside the extra column: it looks like the country's total, and is a part of it."""
    rows = [["5700", "CHINA", "2095070000", "2025-11", cell], ["5700", "CHINA", "3777000000", "2024-11", cell]]
    fetched = fetch_file(cli, project_copy, "census", "part.json", census_answer(rows, [*HEADER, column]))
    assert_refused(fetched, "part.json", f"broken down by {column} ('{cell}')")
    assert_nothing_stored(cli, project_copy, "census")


def test_a_census_answer_with_a_value_column_twice_is_refused(project_copy, cli):
    rows = [["5700", "CHINA", "20950700000", "2025-11", "1"], ["5700", "CHINA", "37770000000", "2024-11", "2"]]
    fetched = fetch_file(cli, project_copy, "census", "twice.json", census_answer(rows, [*HEADER, "GEN_VAL_MO"]))
    assert_refused(fetched, "twice.json", "column 'GEN_VAL_MO' appears 2 times")
    assert_nothing_stored(cli, project_copy, "census")


def test_an_appended_predicate_must_repeat_its_rows_cell(project_copy, cli):
    """The API appends CTY_CODE when asked with it: the same cell is read once; another cell is refused."""
    rows = [["5700", "CHINA", "20950700000", "2025-11", "1220"]]
    fetched = fetch_file(cli, project_copy, "census", "pred.json", census_answer(rows, [*HEADER, "CTY_CODE"]))
    assert_refused(fetched, "pred.json", "column 'CTY_CODE' appears twice with different cells ('5700' and '1220')")


FULLWIDTH, ARABIC_INDIC = "２０２５", "\u0662\u0660\u0662\u0665"  # 2025 in fullwidth and in Arabic-Indic digits


@pytest.mark.parametrize("year", [FULLWIDTH, ARABIC_INDIC])
def test_a_census_month_in_other_digits_is_refused(project_copy, cli, year):
    answer = census_answer([["5700", "CHINA", "20950700000", f"{year}-11"]])
    fetched = fetch_file(cli, project_copy, "census", "digits.json", answer)
    assert_refused(fetched, "digits.json", f"time '{year}-11' is not a month")
    assert_nothing_stored(cli, project_copy, "census")


@pytest.mark.parametrize("year", [FULLWIDTH, ARABIC_INDIC])
def test_an_imf_period_in_other_digits_is_refused(project_copy, cli, year):
    message = IMTS.replace('TIME_PERIOD="2023"', f'TIME_PERIOD="{year[:3]}3"')
    fetched = fetch_file(cli, project_copy, "imf", "imts.xml", message)
    assert_refused(fetched, "imts.xml", f"TIME_PERIOD '{year[:3]}3' is not a year")
    assert not (project_copy / "data" / "fetched" / "imf").exists()



@pytest.mark.parametrize("year", [FULLWIDTH, ARABIC_INDIC])
def test_an_imf_month_in_other_digits_is_refused(project_copy, cli, year):
    """The IMF's saved DOT answer (US exports, annual) made monthly, with one month written in other digits."""
    dot = fixture("imf", "dot-us-exports-annual.json").decode().replace('"@FREQ":"A"', '"@FREQ":"M"')
    dot = dot.replace('"@TIME_PERIOD":"2020"', f'"@TIME_PERIOD":"{year}-M11"')
    for month, period in (("2021", "2025-M01"), ("2022", "2025-M02"), ("2023", "2025-03")):
        dot = dot.replace(f'"@TIME_PERIOD":"{month}"', f'"@TIME_PERIOD":"{period}"')
    fetched = fetch_file(cli, project_copy, "imf", "dot.json", dot)
    assert_refused(fetched, "dot.json", f"TIME_PERIOD '{year}-M11' is not a month")
    assert not (project_copy / "data" / "fetched" / "imf").exists()
    mended = fetch_file(cli, project_copy, "imf", "dot.json", dot.replace(f"{year}-M11", "2024-M11"))
    assert mended.returncode == 0, mended.stderr  # the control: the same answer in ASCII digits is stored
    table = (project_copy / "data" / "fetched" / "imf" / "observations.csv").read_text()
    assert "US,WLD,exports,2024-11,value,1429.995404019," in table

def test_validate_names_a_negative_level_in_a_fetched_table(project_copy, cli):
    answer = census_answer([["5700", "CHINA", "20950700000", "2025-11"], ["5700", "CHINA", "37770000000", "2024-11"]])
    assert fetch_file(cli, project_copy, "census", "p.json", answer).returncode == 0
    table = project_copy / "data" / "fetched" / "census" / "observations.csv"
    lines = table.read_text().splitlines(keepends=True)
    line = next(number for number, text in enumerate(lines, 1) if ",2025-11,value,20.9507," in text)
    lines[line - 1] = lines[line - 1].replace(",20.9507,", ",-20.9507,")
    table.write_text("".join(lines))
    validate = cli("validate", cwd=project_copy)
    assert validate.returncode == 2
    assert (f"data/fetched/census/observations.csv:{line}: imports value '-20.9507' is negative"
            in validate.stdout), validate.stdout


def test_a_census_answer_with_a_lone_surrogate_is_refused(project_copy, cli):
    """Valid JSON (a \\u escape) that no CSV or page can be written with: refused as it is read."""
    answer = census_answer([["5700", "CHIN\\ud800A", "20950700000", "2025-11"]])
    fetched = fetch_file(cli, project_copy, "census", "s.json", answer.replace("\\\\ud800", "\\ud800"))
    assert_refused(fetched, "s.json", "text that cannot be written as UTF-8 ('CHIN\\ud800A')")
    assert_nothing_stored(cli, project_copy, "census")


def test_a_negative_level_on_a_gacc_page_is_refused(project_copy, cli):
    """A genuine GACC page (March 2026, CNY) with one sign slipped in: US exports of March printed as -2,045.0."""
    page = fixture("gacc", "section4_by_country_2026-03_cny.html").decode()
    assert page.count("<b>2,045.0&nbsp;</b>") == 1
    path = project_copy / "march.html"
    path.write_text(page.replace("<b>2,045.0&nbsp;</b>", "<b>-2,045.0&nbsp;</b>"))
    url = "http://english.customs.gov.cn/Statics/2e61c8a1-17b2-4074-b909-c039ccf8c8fb.html"
    fetched = cli("fetch", "gacc", "--file", str(path), "--url", url, cwd=project_copy)
    assert_refused(fetched, "march.html", "exports value '-204.5' is negative")
    assert not (project_copy / "data" / "fetched" / "gacc").exists()
    path.write_text(page)  # the page as published is stored
    assert cli("fetch", "gacc", "--file", str(path), "--url", url, cwd=project_copy).returncode == 0


def test_a_negative_level_stored_by_an_earlier_fetch_stops_the_run_before_any_kernel(project_copy, cli):
    """data/fetched as a tradeclaims that stored negative levels left it (hashes matching): the run is refused."""
    import hashlib

    answer = census_answer([["5700", "CHINA", "20950700000", "2025-11"], ["5700", "CHINA", "37770000000", "2024-11"]])
    assert fetch_file(cli, project_copy, "census", "p.json", answer).returncode == 0
    folder = project_copy / "data" / "fetched"
    table = folder / "census" / "observations.csv"
    lines = table.read_text().splitlines(keepends=True)
    line = next(number for number, text in enumerate(lines, 1) if ",2025-11,value,20.9507," in text)
    lines[line - 1] = lines[line - 1].replace(",20.9507,", ",-20.9507,")
    content = "".join(lines).encode()
    table.write_bytes(content)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    (resource,) = [item for item in descriptor["resources"] if item["path"] == "census/observations.csv"]
    resource.update(bytes=len(content), hash=f"sha256:{hashlib.sha256(content).hexdigest()}")
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
    run = cli("run", "us-mirror", "-p", "source", "census", cwd=project_copy)
    assert_refused(run, f"data/fetched/census/observations.csv:{line}: imports value '-20.9507' is negative")
    assert not (project_copy / "reports").exists()
