"""SDMX-JSON 2.0 data messages (SDMX 3.0), as api.imf.org and other SDMX 3.0 services send them; sdmx1 reads 1.0 only.

A 2.0 message keeps its structures in a list (`data.structures`) that each data set points into by index
(`dataSets[i].structure`). A series key ("0:1:0") and an observation key ("3") are indices into the values of the series
and observation dimensions; an observation is [value, attribute indices...]; series attributes, data set attributes and
dimension-group attributes (`dimensionGroupAttributes`, keyed by a partial key such as ":0::") are indices into their
attribute's values, or the value itself when the attribute lists no values. The message's `meta` is not needed (saved
copies sometimes have it emptied).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from tradeclaims.fetch.common import ParseError

# What this reader reads of a 2.0 message, and the types it needs there: checked before anything is read, so that a
# message of another shape is refused in a line instead of failing somewhere inside. Keys are indices (series and
# observation keys "0:1:0", dimension-group keys with empty slots ":0::"); a value is a string or a number.
SCALAR = {"type": ["string", "number", "boolean", "null"]}
INDEX = {"type": "integer", "minimum": 0}
CODES = {"type": "array", "items": {"anyOf": [
    {"type": "object", "properties": {"id": SCALAR, "value": SCALAR}}, SCALAR]}}
COMPONENTS = {"type": "array", "items": {"type": "object", "required": ["id"],
                                         "properties": {"id": {"type": "string"}, "values": CODES}}}
LEVELS = {"type": "object", "additionalProperties": COMPONENTS}
OBSERVATION = {"anyOf": [{"type": "array", "items": SCALAR}, SCALAR]}
POSITIONS = {"type": ["array", "null"], "items": SCALAR}


def keyed(pattern: str, value: dict) -> dict:
    return {"type": ["object", "null"], "propertyNames": {"pattern": pattern}, "additionalProperties": value}


KEY, GROUP_KEY = r"^(\d{1,9}(:\d{1,9})*)?$", r"^\d{0,9}(:\d{0,9})*$"
MESSAGE_SCHEMA = {
    "type": "object", "required": ["data"],
    "properties": {"data": {"type": "object", "properties": {
        "structures": {"type": "array", "items": {"type": "object", "properties": {
            "dimensions": LEVELS, "attributes": LEVELS}}},
        "dataSets": {"type": "array", "items": {"type": "object", "properties": {
            "structure": INDEX, "attributes": POSITIONS,
            "dimensionGroupAttributes": keyed(GROUP_KEY, POSITIONS),
            "observations": keyed(KEY, OBSERVATION),
            "series": keyed(KEY, {"type": "object", "properties": {
                "attributes": POSITIONS, "observations": keyed(KEY, OBSERVATION)}})}}}}}},
}


@lru_cache(maxsize=1)
def validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(MESSAGE_SCHEMA)


def shape_problem(message: Any) -> str | None:
    """Where a 2.0 message departs from the shape this reader reads, in a line; None when it does not."""
    from jsonschema.exceptions import best_match

    error = best_match(validator().iter_errors(message))
    if error is None:
        return None
    where = "/".join(str(step) for step in error.absolute_path) or "the message"
    said = " ".join(error.message.split())
    return f"SDMX-JSON 2.0 {where}: {said[:100] + '...' if len(said) > 100 else said}"


def is_sdmx_json_2(message: Any) -> bool:
    """A parsed JSON document whose data carry a list of structures (SDMX-JSON 2.0) rather than one (1.0)."""
    data = message.get("data") if isinstance(message, dict) else None
    return isinstance(data, dict) and isinstance(data.get("structures"), list)


def refusal(message: Any) -> str | None:
    """Why a parsed JSON document is no SDMX-JSON data message, in a few words; None when it looks like one."""
    if not isinstance(message, dict):
        return "not SDMX-JSON: the document is not an object"
    errors = message.get("errors") or message.get("error")
    if errors and not message.get("data"):
        first = errors[0] if isinstance(errors, list) else errors
        text = first.get("title") or first.get("detail") or first.get("message") if isinstance(first, dict) else first
        return f"the service answered with an error: {str(text)[:100]}"
    if "statusCode" in message and "data" not in message:
        return f"the service answered with status {message['statusCode']}: {str(message.get('message', ''))[:100]}"
    if not isinstance(message.get("data"), dict) and "dataSets" not in message:
        return "not SDMX-JSON: no data.dataSets"
    return None


def observation_records(message: dict, name: str) -> list[dict[str, Any]]:
    """Every observation of a 2.0 message, one dict each: dimension ids to codes, attributes, and 'value'."""
    problem = shape_problem(message)
    if problem:
        raise ParseError(f"{name}: {problem}")
    data = message["data"]
    structures, data_sets = data.get("structures") or [], data.get("dataSets") or []
    if not data_sets:
        raise ParseError(f"{name}: SDMX-JSON 2.0 message holds no data set")
    if not any("series" in data_set or "observations" in data_set for data_set in data_sets):
        raise ParseError(f"{name}: SDMX-JSON 2.0 answer holds no series (the service has no data for the key asked)")
    records = []
    for data_set in data_sets:
        index = data_set.get("structure", 0)
        if not isinstance(index, int) or not 0 <= index < len(structures):
            raise ParseError(f"{name}: SDMX-JSON 2.0 data set points to structure {index!r}, which the message lacks")
        records += data_set_records(data_set, structures[index], name)
    return records


def data_set_records(data_set: dict, structure: dict, name: str) -> list[dict[str, Any]]:
    dimensions, attributes = structure.get("dimensions", {}), structure.get("attributes", {})
    series_dims, obs_dims = dimensions.get("series", []), dimensions.get("observation", [])
    fixed = {**fixed_dimensions(dimensions.get("dataSet", []), name),
             **decoded(attributes.get("dataSet", []), data_set.get("attributes", []), name)}
    groups = data_set.get("dimensionGroupAttributes") or {}
    records = []
    if "series" in data_set:
        for series_key, series in (data_set.get("series") or {}).items():
            series_codes = key_codes(series_key, series_dims, name)
            base = {**fixed, **series_codes, **decoded(attributes.get("series", []), series.get("attributes", []), name)}
            for obs_key, obs in (series.get("observations") or {}).items():
                slots = key_indices(series_key) + key_indices(obs_key)
                records.append({**base, **group_attributes(groups, slots, attributes, name),
                                **key_codes(obs_key, obs_dims, name), **observation(obs, attributes, name)})
    for obs_key, obs in (data_set.get("observations") or {}).items():  # dimensionAtObservation=AllDimensions
        records.append({**fixed, **group_attributes(groups, key_indices(obs_key), attributes, name),
                        **key_codes(obs_key, series_dims + obs_dims, name), **observation(obs, attributes, name)})
    return records


def fixed_dimensions(dimensions: list[dict], name: str) -> dict[str, Any]:
    """Dimensions attached to the whole data set: one value each."""
    return {dimension["id"]: code(dimension, 0, name) for dimension in dimensions if dimension.get("values")}


def key_indices(key: str) -> list[int | None]:
    return [int(part) if part != "" else None for part in str(key).split(":")] if str(key) != "" else []


def key_codes(key: str, dimensions: list[dict], name: str) -> dict[str, Any]:
    indices = key_indices(key)
    if len(indices) != len(dimensions) or None in indices:
        raise ParseError(f"{name}: SDMX-JSON 2.0 key {key!r} does not match the {len(dimensions)} dimension(s) "
                         "the structure lists")
    return {dimension["id"]: code(dimension, position, name)
            for dimension, position in zip(dimensions, indices, strict=True)}


def code(component: dict, position: int, name: str) -> Any:
    values = component.get("values") or []
    if not 0 <= position < len(values):
        raise ParseError(f"{name}: SDMX-JSON 2.0 {component.get('id')} has no value at position {position}")
    value = values[position]
    return value.get("id", value.get("value")) if isinstance(value, dict) else value


def decoded(definitions: list[dict], positions: list, name: str) -> dict[str, Any]:
    """Attribute values given by position: an index into the attribute's values, or the value itself."""
    result = {}
    for definition, position in zip(definitions, positions or [], strict=False):
        if position is None:
            continue
        if definition.get("values") and isinstance(position, int) and not isinstance(position, bool):
            result[definition["id"]] = code(definition, position, name)
        else:
            result[definition["id"]] = position
    return result


def group_attributes(groups: dict, slots: list[int | None], attributes: dict, name: str) -> dict[str, Any]:
    """Dimension-group attributes whose partial key matches the observation's slots (an empty slot matches any)."""
    result = {}
    for group_key, positions in groups.items():
        pattern = key_indices(group_key)
        if all(want is None or (i < len(slots) and slots[i] == want) for i, want in enumerate(pattern)):
            result.update(decoded(attributes.get("dimensionGroup", []), positions, name))
    return result


def observation(values: list, attributes: dict, name: str) -> dict[str, Any]:
    values = values if isinstance(values, list) else [values]
    return {"value": values[0] if values else None,
            **decoded(attributes.get("observation", []), values[1:], name)}
