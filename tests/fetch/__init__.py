"""Parsers of the fetch connectors, proven on responses and pages the publishers served (tests/fixtures/<source>/,
origins in each SOURCES.csv), with messages written here only for forms no saved response shows and for malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture(source: str, name: str) -> bytes:
    return (FIXTURES / source / name).read_bytes()


def by_key(rows: list[dict[str, str]]) -> dict[tuple[str, str, str, str], str]:
    return {(row["partner"], row["flow"], row["period"], row["measure"]): row["value"] for row in rows}


def assert_one_line(error: pytest.ExceptionInfo) -> None:
    assert "\n" not in str(error.value)
