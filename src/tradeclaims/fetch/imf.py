"""IMF International Merchandise Trade Statistics (IMTS): China's monthly goods exports and imports by partner.

The data come from the IMF data portal's SDMX 2.1 REST API (sdmx1 source id IMF_DATA, https://api.imf.org/external/sdmx/2.1),
dataflow IMF.STA:IMTS, whose key is COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY with ISO 3166 alpha-3 country codes and
IMF group codes (G001 is the world). Indicators: XG_FOB_USD (goods exports, FOB) and MG_CIF_USD (goods imports, CIF), both
in US dollars. Messages are read with sdmx1 from the stored bytes, SDMX-ML (generic or structure-specific) or SDMX-JSON.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
from contextlib import contextmanager
from decimal import Decimal

import pandas as pd
import requests
import sdmx

from tradeclaims.fetch.common import (
    BILLION,
    FetchBatch,
    FetchRequest,
    ParsedFile,
    ParseError,
    RawFile,
    iso3_code,
    observation,
)
from tradeclaims.fetch.http import base_url, download

NAME = "imf"
PUBLISHER = "International Monetary Fund"
TITLE = "International Merchandise Trade Statistics (IMTS), China's goods trade by partner, monthly"
DEFAULT_URL = "https://api.imf.org/external/sdmx/2.1"
DATAFLOW = "IMF.STA,IMTS"
REPORTER = "CHN"
INDICATORS = {"XG_FOB_USD": "exports", "MG_CIF_USD": "imports", "TBG_USD": "balance"}
QUERY_INDICATORS = ("XG_FOB_USD", "MG_CIF_USD")
WORLD_CODES = {"G001": "WLD", "W00": "WLD"}
KEY_COLUMNS = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "TIME_PERIOD", "value")
PERIOD_RE = re.compile(r"^(\d{4})-?M?(0[1-9]|1[0-2])$")
# Header the IMF gateway accepts for a subscription key, sent only when TRADECLAIMS_IMF_KEY is set.
KEY_HEADER = "Ocp-Apim-Subscription-Key"


class ImfConnector:
    name = NAME
    publisher = PUBLISHER

    def query_url(self, request: FetchRequest) -> str:
        key = f"{REPORTER}.{'+'.join(QUERY_INDICATORS)}..M"
        return f"{base_url(NAME, DEFAULT_URL)}/data/{DATAFLOW}/{key}"

    def query_params(self, request: FetchRequest) -> dict[str, str]:
        params = {"startPeriod": request.start or default_start()}
        if request.end:
            params["endPeriod"] = request.end
        return params

    def plan(self, request: FetchRequest) -> list[str]:
        if request.file:
            return [f"read {request.file}"]
        prepared = requests.Request("GET", self.query_url(request), params=self.query_params(request)).prepare()
        return [f"download {prepared.url}"]

    def fetch(self, request: FetchRequest, session: requests.Session | None = None) -> FetchBatch:
        raw = self.read_file(request) if request.file else self.download(request, session)
        return FetchBatch(NAME, PUBLISHER, TITLE, [ParsedFile(raw, parse_imts(raw.content, raw.name))])

    def download(self, request: FetchRequest, session: requests.Session | None) -> RawFile:
        headers = {KEY_HEADER: os.environ["TRADECLAIMS_IMF_KEY"]} if os.environ.get("TRADECLAIMS_IMF_KEY") else None
        response = download(self.query_url(request), session, params=self.query_params(request), headers=headers)
        return RawFile(file_name(response.content), response.content, response.url,
                       response.headers.get("Content-Type", "application/xml").split(";")[0])

    def read_file(self, request: FetchRequest) -> RawFile:
        content = request.file.read_bytes()
        return RawFile(file_name(content), content, request.url or self.query_url(request), "application/xml")


def default_start() -> str:
    """January of last year: enough months for a year-on-year comparison."""
    return f"{pd.Timestamp.now(tz='UTC').year - 1}-01"


def file_name(content: bytes) -> str:
    return "imts.json" if content.lstrip()[:1] == b"{" else "imts.xml"


def parse_imts(content: bytes, name: str = "imts.xml") -> list[dict[str, str]]:
    """IMTS observations from an SDMX-ML or SDMX-JSON data message, in USD bn."""
    table = sdmx_table(content, name)
    missing = [column for column in KEY_COLUMNS if column not in table.columns]
    if missing:
        raise ParseError(f"{name}: SDMX message has no {', '.join(missing)} dimension")
    if "FREQUENCY" in table.columns:
        table = table[table["FREQUENCY"].astype(str) == "M"]
    multiplier = unit_multipliers(table, content, name)
    rows = [row for row in (observation_from(record, power, name) for record, power in zip(
        table.to_dict("records"), multiplier, strict=True)) if row]
    if not rows:
        raise ParseError(f"{name}: no monthly observations of {', '.join(INDICATORS)} in the SDMX message")
    return rows


@contextmanager
def quiet_sdmx():
    """sdmx1 logs a warning for every structure-specific message read without its DSD; the DSD is not needed here."""
    logger = logging.getLogger("sdmx")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def sdmx_table(content: bytes, name: str) -> pd.DataFrame:
    """Every observation of every data set, one row each: dimensions, attributes and 'value'."""
    try:
        with quiet_sdmx():
            message = sdmx.read_sdmx(io.BytesIO(content))
    except Exception as error:  # sdmx1 raises many kinds; all mean the bytes are not a readable message
        raise ParseError(f"{name}: not an SDMX message sdmx1 can read ({type(error).__name__})") from None
    data_sets = getattr(message, "data", None) or []
    frames = [frame for frame in (data_set_frame(data_set) for data_set in data_sets) if len(frame)]
    if not frames:
        raise ParseError(f"{name}: SDMX message holds no observations")
    return pd.concat(frames, ignore_index=True)


def data_set_frame(data_set) -> pd.DataFrame:
    converted = sdmx.to_pandas(data_set, attributes="dsgo")
    frame = converted.to_frame("value") if isinstance(converted, pd.Series) else converted
    return frame.reset_index()


def unit_multipliers(table: pd.DataFrame, content: bytes, name: str) -> list[int]:
    """The power of ten each value is to be multiplied by (SDMX UNIT_MULT).

    The IMF data portal's own SCALE attribute is not applied: IMTS values are in US dollars with SCALE=6 marking
    that the portal displays them in millions.
    """
    if "UNIT_MULT" in table.columns:
        return [unit_mult(value, name) for value in table["UNIT_MULT"]]
    if content.lstrip()[:1] == b"{":
        return [json_unit_mult(content, name)] * len(table)
    return [0] * len(table)


def unit_mult(value, name: str) -> int:
    text = str(value).strip()
    if text in ("", "nan", "None"):
        return 0
    if not re.fullmatch(r"-?\d{1,2}", text):
        raise ParseError(f"{name}: UNIT_MULT {text!r} is not a power of ten")
    return int(text)


def json_unit_mult(content: bytes, name: str) -> int:
    """UNIT_MULT of an SDMX-JSON message, which sdmx1 does not attach to series: it must have one value."""
    attributes = json.loads(content).get("structure", {}).get("attributes", {})
    values = {value.get("id", value.get("name")) for level in attributes.values() for attribute in level
              if attribute.get("id") == "UNIT_MULT" for value in attribute.get("values", [])}
    if len(values) > 1:
        raise ParseError(f"{name}: SDMX-JSON message has several UNIT_MULT values ({', '.join(sorted(values))})")
    return unit_mult(values.pop(), name) if values else 0


def observation_from(record: dict, power: int, name: str) -> dict[str, str] | None:
    indicator = str(record["INDICATOR"])
    flow = INDICATORS.get(indicator)
    value = record["value"]
    if flow is None or value is None or pd.isna(value):
        return None
    period = PERIOD_RE.match(str(record["TIME_PERIOD"]))
    if not period:
        raise ParseError(f"{name}: TIME_PERIOD {record['TIME_PERIOD']!r} is not a month")
    try:
        usd = Decimal(str(value)) * Decimal(10) ** power
    except ArithmeticError:
        raise ParseError(f"{name}: non-numeric value {value!r}") from None
    partner = str(record["COUNTERPART_COUNTRY"])
    return observation(iso3_code(str(record["COUNTRY"])), WORLD_CODES.get(partner, iso3_code(partner)), flow,
                       f"{period.group(1)}-{period.group(2)}", "value", usd / BILLION, "USD bn", "USD",
                       f"IMTS {indicator}, counterpart {partner}")


CONNECTOR = ImfConnector()
