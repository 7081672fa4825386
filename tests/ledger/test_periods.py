import pytest

from tradeclaims.ledger.periods import Month, months_between, parse_period, year_to_date


def test_month_range_year_and_fiscal_year_parse_to_their_months():
    assert parse_period("2025-11").months == 1
    assert parse_period("2025-01/2025-11").months == 11
    assert parse_period("2025").months == 12
    fiscal = parse_period("FY2024-25")
    assert (str(fiscal.start), str(fiscal.end)) == ("2024-04", "2025-03")


def test_year_ago_keeps_the_kind_of_period():
    assert parse_period("2025-01/2025-11").year_ago().text == "2024-01/2024-11"
    assert parse_period("FY2024-25").year_ago().text == "FY2023-24"
    assert parse_period("2025-11").year_ago().text == "2024-11"


@pytest.mark.parametrize("text", ["2025-13", "2025-1", "FY2024-26", "2025-11/2025-01", "November", ""])
def test_bad_periods_are_rejected_with_the_text(text):
    with pytest.raises(ValueError, match="period|month|fiscal"):
        parse_period(text)


def test_month_helpers():
    assert Month.parse("2025-01").shift(-1) == Month(2024, 12)
    assert year_to_date("2025-11") == "2025-01/2025-11"
    assert months_between("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
