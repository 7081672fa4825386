"""IMF International Merchandise Trade Statistics (IMTS): China's goods exports and imports by partner.

The data come from the IMF data portal's SDMX REST API (sdmx1 source id IMF_DATA, https://api.imf.org/external/sdmx/2.1),
dataflow IMF.STA:IMTS, whose key is COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY with ISO 3166 alpha-3 country codes and
IMF group codes (G001 is the world). Indicators: XG_FOB_USD (goods exports, FOB) and MG_CIF_USD (goods imports, CIF), both
in US dollars. Messages are read with sdmx1 from the stored bytes: SDMX-ML 2.1 or 3.0 (generic or structure-specific) or
SDMX-JSON 1.0; SDMX-JSON 2.0, which the portal's SDMX 3.0 endpoint sends as JSON and sdmx1 does not read, is decoded by
fetch.sdmx_json. A saved answer of the retired dataservices.imf.org JSON service (DOT, the predecessor of IMTS: "CompactData"
with REF_AREA, COUNTERPART_AREA and TXG_FOB_USD / TMG_CIF_USD) is read too.

Units, as the published messages show them (tests/fixtures/imf): IMTS observations are in US dollars and carry SCALE="6",
the portal's display scale, which is not applied (USA exports to the world in 2023: OBS_VALUE="2019551635133", SCALE="6").
The retired DOT service sent the same figure in millions with UNIT_MULT="6" (OBS_VALUE "2019551.635133"), and UNIT_MULT,
the SDMX power of ten, is applied. Monthly (2025-11, 2025-M11) and annual (2025) observations are kept; others are not.
"""

from __future__ import annotations

import io
import logging
import os
import re
from contextlib import contextmanager
from decimal import Decimal

import pandas as pd
import requests
import sdmx

from tradeclaims.errors import shown
from tradeclaims.fetch.common import (
    BILLION,
    FetchBatch,
    FetchRequest,
    ParsedFile,
    ParseError,
    RawFile,
    distinct_rows,
    iso3_code,
    load_json,
    observation,
)
from tradeclaims.fetch.http import base_url, download
from tradeclaims.fetch.sdmx_json import is_sdmx_json_2, observation_records, refusal

NAME = "imf"
PUBLISHER = "International Monetary Fund"
TITLE = "International Merchandise Trade Statistics (IMTS), China's goods trade by partner"
DEFAULT_URL = "https://api.imf.org/external/sdmx/2.1"
DATAFLOW = "IMF.STA,IMTS"
REPORTER = "CHN"
# IMTS indicators and those of its predecessor DOT (dataservices.imf.org), each to its flow.
INDICATORS = {"XG_FOB_USD": "exports", "MG_CIF_USD": "imports", "TBG_USD": "balance",
              "TXG_FOB_USD": "exports", "TMG_CIF_USD": "imports"}
QUERY_INDICATORS = ("XG_FOB_USD", "MG_CIF_USD")
# What a refusal calls the series it names, and the series to ask for instead of one that is not read: imports are read
# valued CIF, as China's customs value them; imports valued FOB are another figure.
SERIES_NAMES = {"XG_FOB_USD": "goods exports, FOB", "MG_CIF_USD": "goods imports, CIF",
                "MG_FOB_USD": "goods imports, FOB", "TXG_FOB_USD": "goods exports, FOB",
                "TMG_CIF_USD": "goods imports, CIF", "TMG_FOB_USD": "goods imports, FOB"}
ASK_INSTEAD = {"MG_FOB_USD": "MG_CIF_USD", "TMG_FOB_USD": "TMG_CIF_USD"}
WORLD_CODES = {"G001": "WLD", "W00": "WLD"}
KEY_COLUMNS = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "TIME_PERIOD", "value")
MONTH_RE = re.compile(r"^(\d{4})-?M?(0[1-9]|1[0-2])$", re.ASCII)  # \d alone would pass '２０２５-M11'
YEAR_RE = re.compile(r"^(\d{4})$", re.ASCII)
FREQUENCIES = ("M", "A")  # the ledger has months and years, no quarters
# Dimensions of a DOT CompactData answer, to the IMTS names used here.
DOT_DIMENSIONS = {"@REF_AREA": "COUNTRY", "@INDICATOR": "INDICATOR", "@COUNTERPART_AREA": "COUNTERPART_COUNTRY",
                  "@FREQ": "FREQUENCY", "@UNIT_MULT": "UNIT_MULT"}
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
        rows, unread = read_imts(raw.content, raw.label)
        return FetchBatch(NAME, PUBLISHER, TITLE, [ParsedFile(raw, rows, unread)])

    def download(self, request: FetchRequest, session: requests.Session | None) -> RawFile:
        headers = {KEY_HEADER: os.environ["TRADECLAIMS_IMF_KEY"]} if os.environ.get("TRADECLAIMS_IMF_KEY") else None
        response = download(self.query_url(request), session, params=self.query_params(request), headers=headers)
        return RawFile(file_name(response.content), response.content, response.url,
                       response.headers.get("Content-Type", "application/xml").split(";")[0])

    def read_file(self, request: FetchRequest) -> RawFile:
        content = request.file.read_bytes()
        return RawFile(file_name(content), content, request.url or self.query_url(request), "application/xml",
                       given=str(request.file))


def default_start() -> str:
    """January of last year: enough months for a year-on-year comparison."""
    return f"{pd.Timestamp.now(tz='UTC').year - 1}-01"


def file_name(content: bytes) -> str:
    return "imts.json" if content.lstrip()[:1] == b"{" else "imts.xml"


def parse_imts(content: bytes, name: str = "imts.xml") -> list[dict[str, str]]:
    """IMTS observations from an SDMX-ML or SDMX-JSON data message (or a DOT CompactData answer), in USD bn."""
    return read_imts(content, name)[0]


def read_imts(content: bytes, name: str = "imts.xml") -> tuple[list[dict[str, str]], str]:
    """The observations parse_imts reads, and what to say of the series the message also holds that are not read
    (empty when every series is read): a message asked for exports and imports valued FOB stores the exports, and the
    user learns that the imports were left out and which series to ask for."""
    table, dataset = (compact_data_table(content, name), "DOT") if is_compact_data(content) else (
        sdmx_table(content, name), "IMTS")
    missing = [column for column in KEY_COLUMNS if column not in table.columns]
    if missing:
        raise ParseError(f"{name}: SDMX message has no {', '.join(missing)} dimension")
    if "FREQUENCY" in table.columns:
        table = table[table["FREQUENCY"].astype(str).isin(FREQUENCIES)]
    multiplier = unit_multipliers(table, content, name)
    rows = [row for row in (observation_from(record, power, name, dataset) for record, power in zip(
        table.to_dict("records"), multiplier, strict=True)) if row]
    if not rows:
        raise ParseError(f"{name}: {no_series_read(table)}")
    unread = unread_series(table)
    return distinct_rows(rows, name), f"{name}: {not_read(unread, also=True)}" if unread else ""


def named(indicator: str) -> str:
    return f"{indicator} ({SERIES_NAMES[indicator]})" if indicator in SERIES_NAMES else indicator


def no_series_read(table: pd.DataFrame) -> str:
    """Why a message gave no figure: the series it holds, none of them read, and the one to ask for instead; or that
    the series read have no monthly or annual observation."""
    held = sorted(set(table["INDICATOR"].astype(str)))
    if not held or any(indicator in INDICATORS for indicator in held):
        return f"no monthly or annual observations of {', '.join(INDICATORS)} in the SDMX message"
    return not_read(held)


def unread_series(table: pd.DataFrame) -> list[str]:
    """The indicators of a message that fetch imf does not read (a series with no indicator names none)."""
    return sorted({str(indicator) for indicator in table["INDICATOR"].dropna()} - set(INDICATORS))


def not_read(unread: list[str], also: bool = False) -> str:
    """The series a message holds that are not read, and the one to ask for instead (`also`: beside series read)."""
    instead = list(dict.fromkeys(ASK_INSTEAD[indicator] for indicator in unread if indicator in ASK_INSTEAD))
    wanted = instead or list(QUERY_INDICATORS)
    return (f"the message {'also ' if also else ''}holds {', '.join(map(named, unread))}, which fetch imf does not "
            f"read: ask for {' or '.join(map(named, wanted))}" + (", the imports fetch imf reads" if instead else ""))


def is_compact_data(content: bytes) -> bool:
    return content.lstrip()[:1] == b"{" and b'"CompactData"' in content[:200]


def compact_data_table(content: bytes, name: str) -> pd.DataFrame:
    """A DOT answer of dataservices.imf.org ({"CompactData": {"DataSet": {"Series": ...}}}), one row per observation."""
    document = load_json(content, name)
    data_set = document.get("CompactData") if isinstance(document, dict) else None
    data_set = data_set.get("DataSet") if isinstance(data_set, dict) else None
    if not isinstance(data_set, dict):
        raise ParseError(f"{name}: not a CompactData answer with a DataSet")
    records = []
    for item in listed(data_set.get("Series", []), name, "Series"):
        key = {column: item[field] for field, column in DOT_DIMENSIONS.items() if field in item}
        for obs in listed(item.get("Obs", []), name, "Obs"):
            records.append({**key, "TIME_PERIOD": obs.get("@TIME_PERIOD"), "value": obs.get("@OBS_VALUE")})
    if not records:
        raise ParseError(f"{name}: SDMX message holds no observations")
    return pd.DataFrame(records)


def listed(value, name: str, what: str) -> list[dict]:
    """A CompactData element that is one object or a list of them (as the service sent either), as a list."""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, dict) for item in items):
        raise ParseError(f"{name}: CompactData {what} is not an object or a list of objects")
    return items


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
    if content.lstrip()[:1] == b"{":
        table = json_table(content, name)
        if table is not None:
            return table
    try:
        with quiet_sdmx():
            message = sdmx.read_sdmx(io.BytesIO(content))
    except Exception as error:  # sdmx1 raises many kinds; all mean the bytes are not a readable message
        raise ParseError(f"{name}: not an SDMX message sdmx1 can read ({why(error)})") from None
    data_sets = getattr(message, "data", None) or []
    try:
        frames = [frame for frame in (data_set_frame(data_set) for data_set in data_sets) if len(frame)]
    except Exception as error:  # a message sdmx1 read but cannot tabulate: not one this connector can use
        raise ParseError(f"{name}: SDMX message sdmx1 cannot tabulate ({why(error)})") from None
    if not frames:
        raise ParseError(f"{name}: SDMX message holds no observations")
    return pd.concat(frames, ignore_index=True)


def why(error: Exception) -> str:
    """sdmx1's reason, on one line and short: the exception's kind and the start of its message."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:100]}" if text else type(error).__name__


def json_table(content: bytes, name: str) -> pd.DataFrame | None:
    """An SDMX-JSON 2.0 message as a table; None for JSON that sdmx1 is to read (SDMX-JSON 1.0)."""
    message = load_json(content, name)
    reason = refusal(message)
    if reason:
        raise ParseError(f"{name}: {reason}")
    if not is_sdmx_json_2(message):
        return None
    records = observation_records(message, name)
    if not records:
        raise ParseError(f"{name}: SDMX message holds no observations")
    return pd.DataFrame(records)


def data_set_frame(data_set) -> pd.DataFrame:
    converted = sdmx.to_pandas(data_set, attributes="dsgo")
    frame = converted.to_frame("value") if isinstance(converted, pd.Series) else converted
    return frame.reset_index()


def unit_multipliers(table: pd.DataFrame, content: bytes, name: str) -> list[int]:
    """The power of ten each value is to be multiplied by (SDMX UNIT_MULT, as DOT answers carried it).

    The IMF data portal's SCALE attribute is not applied: IMTS observations are in US dollars, SCALE="6" only says the
    portal displays them in millions (see the module's docstring for the published messages that show it).
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
    if not re.fullmatch(r"-?\d{1,2}", text, re.ASCII):
        raise ParseError(f"{name}: UNIT_MULT {text!r} is not a power of ten")
    return int(text)


def json_unit_mult(content: bytes, name: str) -> int:
    """UNIT_MULT of an SDMX-JSON message, which sdmx1 does not attach to series: it must have one value."""
    structure = load_json(content, name).get("structure")  # an object: sdmx1 read it as a message
    attributes = structure.get("attributes") if isinstance(structure, dict) else None
    levels = attributes.values() if isinstance(attributes, dict) else []
    components = [item for level in levels if isinstance(level, list) for item in level if isinstance(item, dict)]
    values = {str(value.get("id", value.get("name")) if isinstance(value, dict) else value)
              for attribute in components if attribute.get("id") == "UNIT_MULT"
              for value in (attribute.get("values") if isinstance(attribute.get("values"), list) else [])}
    if len(values) > 1:
        raise ParseError(f"{name}: SDMX-JSON message has several UNIT_MULT values ({', '.join(sorted(values))})")
    return unit_mult(values.pop(), name) if values else 0


def ledger_period(period: str, frequency: str | None) -> str | None:
    """'2025-M11' or '2025-11' -> '2025-11'; '2025' -> '2025'; None for a period the frequency does not have."""
    month, year = MONTH_RE.match(period), YEAR_RE.match(period)
    if month and frequency in (None, "M"):
        return f"{month.group(1)}-{month.group(2)}"
    if year and frequency in (None, "A"):
        return year.group(1)
    return None


def observation_from(record: dict, power: int, name: str, dataset: str = "IMTS") -> dict[str, str] | None:
    indicator = str(record["INDICATOR"])
    flow = INDICATORS.get(indicator)
    value = record["value"]
    if flow is not None and not pd.api.types.is_scalar(value):  # a list or an object where a figure should be
        raise ParseError(f"{name}: a value that is not a number ({type(value).__name__}) for {indicator}")
    if flow is None or value is None or pd.isna(value) or str(value).strip() in ("", "NaN"):
        return None
    frequency = str(record["FREQUENCY"]) if "FREQUENCY" in record else None
    period = ledger_period(str(record["TIME_PERIOD"]), frequency)
    if period is None:
        what = {"M": "a month", "A": "a year"}.get(frequency or "", "a month or a year")
        raise ParseError(f"{name}: TIME_PERIOD {shown(record['TIME_PERIOD'])} is not {what}")
    try:
        usd = Decimal(str(value)) * Decimal(10) ** power
    except ArithmeticError:
        raise ParseError(f"{name}: non-numeric value {shown(value)}") from None
    if usd < 0 and flow != "balance":  # a balance may be below zero; exports and imports never are
        raise ParseError(f"{name}: negative {indicator} {shown(value)} for {period}: a level of {flow} is never below "
                         "zero")
    partner = str(record["COUNTERPART_COUNTRY"])
    return observation(iso3_code(str(record["COUNTRY"])), WORLD_CODES.get(partner, iso3_code(partner)), flow,
                       period, "value", usd / BILLION, "USD bn", "USD", f"{dataset} {indicator}, counterpart {partner}")


CONNECTOR = ImfConnector()
