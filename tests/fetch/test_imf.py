"""IMF connector: IMTS messages from api.imf.org and answers of its retired predecessor (DOT on dataservices.imf.org).

The published messages in tests/fixtures/imf are for the United States, not China: they prove how the parser reads the
format (dimensions, SCALE and UNIT_MULT, periods), which does not depend on the reporter.
"""

from __future__ import annotations

import json

import pytest

from tradeclaims.fetch.common import FetchRequest, ParseError
from tradeclaims.fetch.imf import CONNECTOR, parse_imts

from . import FIXTURES, assert_one_line, by_key, fixture

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

IMTS = "imts-usa-exports-annual.xml"
DOT = "dot-us-exports-annual.json"


# --- published messages --------------------------------------------------------------------------------------------

def test_imts_message_values_are_dollars_and_scale_is_not_applied():
    content = fixture("imf", IMTS)
    # As served: observations in dollars, SCALE="6" on the series (the portal shows millions).
    assert b'SCALE="6"><Obs OBS_VALUE="2019551635133"' in content
    assert b"UNIT_MULT" not in content
    rows = parse_imts(content, IMTS)
    assert by_key(rows) == {
        ("WLD", "exports", "2023", "value"): "2019.551635133",
        ("WLD", "exports", "2024", "value"): "2065.411250609",
        ("G998", "exports", "2023", "value"): "369.756760426",
        ("G998", "exports", "2024", "value"): "371.06452941",
    }
    assert {(row["reporter"], row["unit"], row["currency"]) for row in rows} == {("US", "USD bn", "USD")}
    assert rows[0]["notes"] == "IMTS XG_FOB_USD, counterpart G001"


def test_dot_answer_applies_unit_mult():
    content = fixture("imf", DOT)
    # As served: the same kind of figure in millions, with UNIT_MULT="6".
    assert b'"@UNIT_MULT":"6"' in content and b'"@OBS_VALUE":"2019551.635133"' in content
    rows = parse_imts(content, DOT)
    values = by_key(rows)
    assert values[("WLD", "exports", "2020", "value")] == "1429.995404019"
    assert values[("WLD", "exports", "2023", "value")] == "2019.551635133"
    assert values[("B0", "exports", "2022", "value")] == "351.884441462"
    assert len(rows) == 8
    assert {row["reporter"] for row in rows} == {"US"}
    assert {row["notes"] for row in rows} == {"DOT TXG_FOB_USD, counterpart W00", "DOT TXG_FOB_USD, counterpart B0"}


def test_imts_with_scale_and_dot_with_unit_mult_give_the_same_figures():
    """US exports in 2023 as both services published them: applying SCALE, or not applying UNIT_MULT, would not agree."""
    imts = by_key(parse_imts(fixture("imf", IMTS), IMTS))
    dot = by_key(parse_imts(fixture("imf", DOT), DOT))
    assert imts[("WLD", "exports", "2023", "value")] == dot[("WLD", "exports", "2023", "value")]
    assert imts[("G998", "exports", "2023", "value")] == dot[("B0", "exports", "2023", "value")]


def test_fetch_reads_a_saved_message():
    path = FIXTURES / "imf" / IMTS
    batch = CONNECTOR.fetch(FetchRequest(file=path, url="https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS"))
    [parsed] = batch.files
    assert parsed.raw.name == "imts.xml" and parsed.raw.content == path.read_bytes()
    assert len(parsed.rows) == 4


# --- messages written here, for forms the published ones do not show -------------------------------------------------

MESSAGE_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
HEADER = """<message:Header><message:ID>IMTS</message:ID><message:Test>false</message:Test>
<message:Prepared>2026-11-28T10:00:00Z</message:Prepared><message:Sender id="IMF"/>{structure}</message:Header>"""


def generic_series(partner: str, indicator: str, observations: dict[str, str], unit_mult: str | None = None,
                   frequency: str = "M") -> str:
    attributes = (f'<generic:Attributes><generic:Value id="UNIT_MULT" value="{unit_mult}"/></generic:Attributes>'
                  if unit_mult is not None else "")
    obs = "".join(f'<generic:Obs><generic:ObsDimension value="{period}"/><generic:ObsValue value="{value}"/></generic:Obs>'
                  for period, value in observations.items())
    return f"""<generic:Series><generic:SeriesKey>
<generic:Value id="COUNTRY" value="CHN"/><generic:Value id="INDICATOR" value="{indicator}"/>
<generic:Value id="COUNTERPART_COUNTRY" value="{partner}"/><generic:Value id="FREQUENCY" value="{frequency}"/>
</generic:SeriesKey>{attributes}{obs}</generic:Series>"""


def generic_message(*series: str) -> bytes:
    structure = ('<message:Structure structureID="DSD_IMTS" dimensionAtObservation="TIME_PERIOD">'
                 '<common:Structure><Ref agencyID="IMF.STA" id="DSD_IMTS" version="1.0.0"/></common:Structure>'
                 '</message:Structure>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<message:GenericData xmlns:message="{MESSAGE_NS}"
 xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
 xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">
{HEADER.format(structure=structure)}<message:DataSet structureRef="DSD_IMTS">{"".join(series)}</message:DataSet>
</message:GenericData>""".encode()


def structure_specific_message(series: list[tuple[str, str, str, dict[str, str]]]) -> bytes:
    """Structure-specific SDMX-ML 2.1: series as (partner, indicator, frequency, {period: value}), SCALE=6 as served."""
    namespace = "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=IMF.STA:DSD_IMTS(1.0.0):ObsLevelDim:TIME_PERIOD"
    structure = (f'<message:Structure structureID="IMTS" namespace="{namespace}" dimensionAtObservation="TIME_PERIOD">'
                 '<common:Structure><Ref agencyID="IMF.STA" id="DSD_IMTS" version="1.0.0"/></common:Structure>'
                 '</message:Structure>')
    body = "".join(
        f'<Series COUNTRY="CHN" INDICATOR="{indicator}" COUNTERPART_COUNTRY="{partner}" FREQUENCY="{frequency}" SCALE="6">'
        + "".join(f'<Obs TIME_PERIOD="{period}" OBS_VALUE="{value}"/>' for period, value in observations.items())
        + "</Series>"
        for partner, indicator, frequency, observations in series)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData xmlns:message="{MESSAGE_NS}"
 xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
 xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" xmlns:ns1="{namespace}"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{HEADER.format(structure=structure)}
<message:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" ss:structureRef="IMTS">{body}</message:DataSet>
</message:StructureSpecificData>""".encode()


def sdmx_json_message(unit_mult: list[str]) -> bytes:
    dimension = {"id": "", "name": "", "values": []}
    message = {
        "header": {"id": "IMTS", "test": False, "prepared": "2026-11-28T10:00:00Z", "sender": {"id": "IMF"}},
        "dataSets": [{"action": "Information", "series": {
            "0:0:0:0": {"attributes": [0], "observations": {"0": [45000.5], "1": [30000]}},
            "0:1:1:0": {"attributes": [0], "observations": {"0": [200000]}}}}],
        "structure": {
            "dimensions": {"series": [
                {**dimension, "id": "COUNTRY", "keyPosition": 0, "values": [{"id": "CHN", "name": "China"}]},
                {**dimension, "id": "INDICATOR", "keyPosition": 1,
                 "values": [{"id": "XG_FOB_USD", "name": "Exports"}, {"id": "MG_CIF_USD", "name": "Imports"}]},
                {**dimension, "id": "COUNTERPART_COUNTRY", "keyPosition": 2,
                 "values": [{"id": "DEU", "name": "Germany"}, {"id": "G001", "name": "World"}]},
                {**dimension, "id": "FREQUENCY", "keyPosition": 3, "values": [{"id": "M", "name": "Monthly"}]}],
                "observation": [{**dimension, "id": "TIME_PERIOD", "keyPosition": 4,
                                 "values": [{"id": "2025-01", "name": "2025-01"}, {"id": "2025-02", "name": "2025-02"}]}]},
            "attributes": {"dataSet": [], "observation": [], "series": [
                {"id": "UNIT_MULT", "name": "Unit multiplier", "values": [{"id": v, "name": v} for v in unit_mult]}]}}}
    return json.dumps(message).encode()


def test_constructed_monthly_periods_of_both_forms_and_quarters_skipped():
    message = structure_specific_message([
        ("USA", "XG_FOB_USD", "M", {"2025-M01": "45000000000", "2025-02": "30000000000.5"}),
        ("IND", "MG_CIF_USD", "M", {"2025-M11": "1234567890"}),
        ("USA", "XG_FOB_USD", "Q", {"2025-Q1": "99"}),
    ])
    assert by_key(parse_imts(message, "imts.xml")) == {
        ("US", "exports", "2025-01", "value"): "45",
        ("US", "exports", "2025-02", "value"): "30.0000000005",
        ("IN", "imports", "2025-11", "value"): "1.23456789",
    }


def test_constructed_generic_message_applies_unit_mult_and_maps_partner_codes():
    message = generic_message(
        generic_series("USA", "XG_FOB_USD", {"2025-01": "45123.4", "2025-02": "NaN"}, unit_mult="6"),
        generic_series("G001", "MG_CIF_USD", {"2025-01": "201000000000"}),
        generic_series("G163", "XG_FOB_USD", {"2024": "1500000000"}, frequency="A"))
    rows = parse_imts(message, "imts.xml")
    assert by_key(rows) == {
        ("US", "exports", "2025-01", "value"): "45.1234",
        ("WLD", "imports", "2025-01", "value"): "201",
        ("G163", "exports", "2024", "value"): "1.5",
    }
    assert {row["reporter"] for row in rows} == {"CN"}


def test_constructed_sdmx_json_message():
    assert by_key(parse_imts(sdmx_json_message(["3"]), "imts.json")) == {
        ("DE", "exports", "2025-01", "value"): "0.0450005",
        ("DE", "exports", "2025-02", "value"): "0.03",
        ("WLD", "imports", "2025-01", "value"): "0.2",
    }


# --- malformed input -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "problem"), [
    (b"<html><body>Service unavailable</body></html>", "not an SDMX message"),
    (generic_message(), "holds no observations"),
    (generic_message(generic_series("USA", "XG_FOB_USD", {"2025-13": "1"})), "TIME_PERIOD '2025-13' is not a month"),
    (generic_message(generic_series("USA", "XG_FOB_USD", {"2025-01": "1"}, frequency="A")),
     "TIME_PERIOD '2025-01' is not a year"),
    (generic_message(generic_series("USA", "XG_FOB_USD", {"2025-01": "1"}, unit_mult="six")), "UNIT_MULT 'six'"),
    (generic_message(generic_series("USA", "NTDG_USD", {"2025-01": "1"})),
     "the message holds NTDG_USD, which fetch imf does not read: ask for XG_FOB_USD"),
    (generic_message(generic_series("USA", "XG_FOB_USD", {"2025-Q1": "1"}, frequency="Q")),
     "no monthly or annual observations"),
    (b'{"CompactData": {"Header": {}}}', "not a CompactData answer with a DataSet"),
    (b'{"CompactData": {"DataSet": {"Series": []}}}', "holds no observations"),
])
def test_malformed_messages_raise_one_line_errors(content, problem):
    with pytest.raises(ParseError, match=problem) as error:
        parse_imts(content, "imts.xml")
    assert_one_line(error)
    assert str(error.value).startswith("imts.xml: ")


def test_malformed_sdmx_json_with_several_unit_multipliers_is_refused():
    with pytest.raises(ParseError, match="several UNIT_MULT") as error:
        parse_imts(sdmx_json_message(["3", "6"]), "imts.json")
    assert_one_line(error)


def test_malformed_message_without_counterpart_dimension_is_refused():
    message = generic_message(generic_series("USA", "XG_FOB_USD", {"2025-01": "1"})).replace(
        b'<generic:Value id="COUNTERPART_COUNTRY" value="USA"/>', b"")
    with pytest.raises(ParseError, match="no COUNTERPART_COUNTRY dimension") as error:
        parse_imts(message, "imts.xml")
    assert_one_line(error)


# --- SDMX-JSON 2.0 (the SDMX 3.0 endpoint's JSON), which sdmx1 does not read ---------------------------------------

ABS_2_0 = "sdmx-json-2.0-abs-lf-2019-12.json"


def test_a_genuine_sdmx_json_2_message_is_decoded_where_sdmx1_fails():
    import io

    import sdmx

    from tradeclaims.fetch.imf import sdmx_table

    content = fixture("imf", ABS_2_0)
    assert b'"structures": [' in content and b"schemas/2.0.0/sdmx-json-data-schema.json" in content
    with pytest.raises(Exception):  # noqa: B017 - sdmx1 reads SDMX-JSON 1.0 only
        sdmx.read_sdmx(io.BytesIO(content))
    [record] = sdmx_table(content, ABS_2_0).to_dict("records")
    assert record == {"MEASURE": "M13", "SEX": "3", "AGE": "1599", "TSEST": "20", "REGION": "AUS", "FREQ": "M",
                      "UNIT_MEASURE": "PCT", "UNIT_MULT": "0", "TIME_PERIOD": "2019-12", "value": 5.04210808,
                      "DECIMALS": "1"}


def test_a_genuine_sdmx_json_2_message_of_another_dataflow_is_refused_for_what_it_lacks():
    with pytest.raises(ParseError, match="no COUNTRY, INDICATOR, COUNTERPART_COUNTRY dimension") as error:
        parse_imts(fixture("imf", ABS_2_0), ABS_2_0)
    assert_one_line(error)


def imts_json_2(meta: dict | None = None) -> bytes:
    """An IMTS answer in the form of the genuine 2.0 message above (values in dollars, SCALE by index, periods 2025-M11)."""
    dimension = lambda ident, codes: {"id": ident, "values": [{"id": code} for code in codes]}  # noqa: E731
    return json.dumps({
        "meta": meta if meta is not None else {"schema": "https://json.sdmx.org/2.0.0/sdmx-json-data-schema.json"},
        "data": {
            "dataSets": [{"structure": 0, "action": "Replace", "dimensionGroupAttributes": {":0:::": [0]},
                          "series": {"0:0:0:0": {"attributes": [0], "observations": {"0": ["330300000000"],
                                                                                       "1": ["329600000000"]}},
                                     "0:1:1:0": {"attributes": [0], "observations": {"1": ["218600000000"]}}}}],
            "structures": [{
                "dimensions": {"series": [dimension("COUNTRY", ["CHN"]),
                                          dimension("INDICATOR", ["XG_FOB_USD", "MG_CIF_USD"]),
                                          dimension("COUNTERPART_COUNTRY", ["USA", "G001"]), dimension("FREQUENCY", ["M"])],
                               "observation": [dimension("TIME_PERIOD", ["2025-M10", "2025-M11"])]},
                "attributes": {"series": [dimension("SCALE", ["6"])], "dimensionGroup": [dimension("UNIT", ["USD"])],
                               "observation": []},
            }],
        },
    }).encode()


@pytest.mark.parametrize("meta", [None, {}], ids=["with meta", "meta emptied"])
def test_constructed_imts_answer_in_sdmx_json_2(meta):
    rows = parse_imts(imts_json_2(meta), "imts.json")
    assert by_key(rows) == {("US", "exports", "2025-10", "value"): "330.3", ("US", "exports", "2025-11", "value"): "329.6",
                            ("WLD", "imports", "2025-11", "value"): "218.6"}
    assert {row["reporter"] for row in rows} == {"CN"}


@pytest.mark.parametrize(("content", "problem"), [
    (b'{"statusCode": 404, "message": "Resource not found"}', "the service answered with status 404: Resource not found"),
    (b'{"errors": [{"title": "No results found"}]}', "the service answered with an error: No results found"),
    (b'{"meta": {}, "data": {"structures": [], "dataSets": []}}', "holds no data set"),
    (imts_json_2().replace(b'"structure": 0', b'"structure": 3'), "points to structure 3, which the message lacks"),
    (imts_json_2().replace(b'"0:1:1:0"', b'"0:1:1"'), "key '0:1:1' does not match the 4 dimension"),
    (b'{"data": ', "not JSON"),
])
def test_refused_json_says_why_in_one_line(content, problem):
    with pytest.raises(ParseError, match=problem) as error:
        parse_imts(content, "imts.json")
    assert_one_line(error)
    assert str(error.value).startswith("imts.json: ")


IMF_CPI_2_0 = "sdmx-json-2.0-imf-cpi-usa-trimmed.json"


def test_the_imf_portals_2_0_answer_is_decoded_with_periods_given_as_values():
    from tradeclaims.fetch.imf import sdmx_table

    content = fixture("imf", IMF_CPI_2_0)
    assert b'"meta": {}' in content and b'{"value": "2026-M06"}' in content.replace(b"\n", b"").replace(b"  ", b"")
    table = sdmx_table(content, IMF_CPI_2_0)
    assert list(table["TIME_PERIOD"]) == ["2026-M06", "2026-M07", "2026-M08"]
    assert list(table["value"]) == ["153.150000802548", "153.1344084418875", "NaN"]
    assert set(table["COUNTRY"]) == {"USA"} and set(table["FREQUENCY"]) == {"M"}
    with pytest.raises(ParseError, match="no INDICATOR, COUNTERPART_COUNTRY dimension") as error:
        parse_imts(content, IMF_CPI_2_0)  # consumer prices, not IMTS
    assert_one_line(error)


def test_the_imf_portals_answer_for_a_key_without_data_says_so():
    with pytest.raises(ParseError, match="holds no series \\(the service has no data for the key asked\\)") as error:
        parse_imts(fixture("imf", "sdmx-json-2.0-imf-empty.json"), "imts.json")
    assert_one_line(error)
