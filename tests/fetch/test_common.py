"""The helpers every connector shares, on small inputs written here. Each parser is tested on the responses and
pages its publisher served, in tests/fetch/."""

from __future__ import annotations

import pytest

from tradeclaims.fetch.common import ParseError, parse_number, parse_unit, partner_code

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


def by_key(rows: list[dict[str, str]]) -> dict[tuple[str, str, str, str], str]:
    return {(row["partner"], row["flow"], row["period"], row["measure"]): row["value"] for row in rows}


def assert_one_line(error: pytest.ExceptionInfo) -> None:
    assert "\n" not in str(error.value)


# --- shared helpers --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1,234,567.8", "1234567.8"), ("\u22123.5", "-3.5"), ("12.0*", "12.0"), ("7\u2460", "7"), (" 1 234 ", "1234"),
])
def test_parse_number(text, expected):
    assert str(parse_number(text, "test")) == expected


@pytest.mark.parametrize("text", ["", "-", "—", "…", "n/a"])
def test_parse_number_empty_cells(text):
    assert parse_number(text, "test") is None


def test_parse_unit_scales():
    assert parse_unit("Unit: USD 1,000").factor == 1000
    assert parse_unit("USD 10,000").factor == 10_000
    assert parse_unit("US $ Million").factor == 1_000_000
    with pytest.raises(ParseError, match="unknown unit"):
        parse_unit("tonnes")


@pytest.mark.parametrize(("name", "code"), [
    ("Total*", "WLD"), ("EU①", "EU27"), ("ASEAN (1)", "ASEAN"), ("Latin America", "LATAM"), ("Africa", "AFRICA"),
    ("Hong Kong, China", "HK"), ("Taiwan, China", "TW"), ("Russia", "RU"), ("Viet Nam", "VN"), ("United Kingdom", "GB"),
    ("Brazil", "BR"), ("RCEP", "RCEP"), ("Belt & Road", "BRI"), ("North America", "NORTH_AMERICA"),
])
def test_partner_codes(name, code):
    assert partner_code(name) == code
