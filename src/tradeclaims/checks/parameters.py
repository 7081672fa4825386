"""Parameter values from the command line, checked against each claim's declared types before any kernel starts.

Values reach a notebook as data: papermill writes them as Python literals, and every value here is
first converted to its declared type and checked against its allowed values. Messages quote a value
cut to 60 characters.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from tradeclaims.checks.registry import Claim, ParameterSpec
from tradeclaims.errors import UsageError, shown
from tradeclaims.fetch import CONNECTORS
from tradeclaims.ledger.coverage import DataIndex
from tradeclaims.ledger.fetched import FETCHED, SHIPPED
from tradeclaims.ledger.periods import MONTH_RE, RANGE_RE, Month, month_spans, parse_period, year_to_date_end

SAFE_TEXT = re.compile(r"^[A-Za-z0-9 _.,:/+-]{0,80}$")


def problem(claim: Claim, spec: ParameterSpec, value: Any, allowed: str) -> UsageError:
    return UsageError(f"claim {claim.id}: parameter {spec.name}={shown(value)} is not allowed: {allowed}")


def convert(claim: Claim, spec: ParameterSpec, value: Any, data: DataIndex, values: dict[str, Any] | None = None
            ) -> Any:
    """The value converted to the parameter's type and checked; raise UsageError naming what is allowed.

    `values` are the claim's other values (a month is described against the claim's partner).
    """
    text = str(value).strip()
    if not text.isascii() and any(character.isdigit() for character in text):
        # int() and the month patterns would read '２０２５-01' as a month the ledger has no text for
        raise problem(claim, spec, value, "digits other than ASCII 0-9")
    if spec.type in ("number", "integer"):
        return checked_number(claim, spec, value, text)
    if spec.type == "choice":
        if text not in [str(choice) for choice in spec.choices]:
            raise problem(claim, spec, value, f"one of {', '.join(map(str, spec.choices))}")
        return text
    if spec.type == "partner":
        if text not in data.defined_partners:
            raise problem(claim, spec, value, "a partner code defined in data/partners.csv "
                                              f"(e.g. {', '.join(sorted(data.partners_with_data)[:8])})")
        if spec.choices and text not in spec.choices:
            raise problem(claim, spec, value, f"one of {', '.join(spec.choices)}")
        if text not in data.partners_with_data:
            raise problem(claim, spec, value, "a partner with figures in data/observations.csv")
        return text
    if spec.type == "month":
        return checked_month(claim, spec, value, text, data, values or {})
    if spec.type == "period":
        try:
            parse_period(text)
        except ValueError as error:
            raise problem(claim, spec, value, str(error).rsplit(": ", 1)[0]) from None
        if spec.figures == "required" and text not in periods_with_figures(claim, spec, data, values or {}):
            raise problem(claim, spec, value, f"{text}: no figures for this period in the ledger"
                                              + series_words(series_of(claim, spec, values or {}))
                                              + f"; periods with figures: "
                                              f"{listed(accepted_values(claim, spec, data, values or {}) or [])}")
        return text
    if spec.type == "partners":
        codes = [code.strip() for code in text.split(",") if code.strip()]
        unknown = [code for code in codes if code not in data.defined_partners]
        if not codes or unknown:
            raise problem(claim, spec, value, "comma-separated partner codes defined in data/partners.csv"
                                              + (f" ({shown(unknown[0])} is not one)" if unknown else ""))
        checked_apart(claim, spec, value, codes, values or {})
        return ",".join(codes)
    if spec.type == "source":
        return checked_source(claim, spec, text, data)
    if spec.type == "string":
        if not SAFE_TEXT.match(text):
            raise problem(claim, spec, value, "letters, digits, spaces and _.,:/+- (at most 80)")
        return text
    raise UsageError(f"claims.yaml: claim {claim.id}: parameter {spec.name} has unknown type {shown(spec.type)}")


def checked_apart(claim: Claim, spec: ParameterSpec, value: Any, codes: list[str], values: dict[str, Any]) -> None:
    """A list of partners that holds none of the codes it must not (the world, the reporter) and, with `apart_from`,
    shares no code with that other list (a partner counted in both groups would be set against itself)."""
    held = [code for code in codes if code in spec.without]
    if held:
        raise problem(claim, spec, value, f"partner codes other than {', '.join(spec.without)} ({held[0]} is not a "
                                          "part of a group)")
    if len(set(codes)) < len(codes):
        repeated = next(code for code in codes if codes.count(code) > 1)
        raise problem(claim, spec, value, f"each partner once ({repeated} is given twice)")
    if not spec.apart_from:
        return
    other = str(values.get(spec.apart_from, claim.parameters[spec.apart_from].default))
    shared = [code for code in codes if code in {part.strip() for part in other.split(",")}]
    if shared:
        raise problem(claim, spec, value, f"partners not in {spec.apart_from}={other} ({shared[0]} is in both)")


def checked_number(claim: Claim, spec: ParameterSpec, value: Any, text: str) -> int | float:
    """An integer or a number (1e3, -1e1 and .5 parse); not NaN, not infinite; within min and max."""
    try:
        number = int(text) if spec.type == "integer" else float(text)
    except ValueError:
        raise problem(claim, spec, value, f"expected {'an integer' if spec.type == 'integer' else 'a number'}") from None
    if not math.isfinite(number):
        raise problem(claim, spec, value, "expected a finite number")
    if (spec.min is not None and number < spec.min) or (spec.max is not None and number > spec.max):
        raise problem(claim, spec, value, f"a number from {spec.min} to {spec.max}")
    return number


def checked_month(claim: Claim, spec: ParameterSpec, value: Any, text: str, data: DataIndex,
                  values: dict[str, Any]) -> str:
    """A month YYYY-MM; with `figures: required` one the claim's series has figures for, with `year_to_date` one
    in which a year-to-date figure of the series ends (and, with `after`, in a later year than that period)."""
    if not MONTH_RE.match(text):
        raise problem(claim, spec, value, "a month written YYYY-MM")
    if spec.figures == "year_to_date":
        ends = sorted({end for end in map(year_to_date_end, periods_with_figures(claim, spec, data, values)) if end})
        if text not in ends:
            raise problem(claim, spec, value, f"{text}: no year-to-date figure (January to {text}) in the ledger"
                                              f"{series_words(series_of(claim, spec, values))}; months it ends in: "
                                              f"{', '.join(ends) or 'none'}")
        checked_after(claim, spec, value, text, values)
        return text
    if spec.figures == "required" and text not in periods_with_figures(claim, spec, data, values):
        raise problem(claim, spec, value, missing_month(claim, spec, text, data, values))
    checked_not_before(claim, spec, value, text, data, values)
    return text


def checked_not_before(claim: Claim, spec: ParameterSpec, value: Any, text: str, data: DataIndex,
                       values: dict[str, Any]) -> None:
    """A month that must not come before another month parameter's (the last month of a window, not before its
    first): refused up front, with the months from that one on that have figures."""
    if not spec.not_before:
        return
    floor = str(values.get(spec.not_before, claim.parameters[spec.not_before].default)).strip()
    if text < floor:
        raise problem(claim, spec, value, f"a month from {spec.not_before}={floor} on (the window would end before it "
                                          f"starts); months with figures from it: "
                                          f"{month_spans(accepted_values(claim, spec, data, values) or [])}")


def accepted_values(claim: Claim, spec: ParameterSpec, data: DataIndex, values: dict[str, Any]) -> list[str] | None:
    """Every value a parameter accepts, given the claim's other values, when they can be listed: a choice's choices,
    the partners with figures, the months or periods with figures of the claim's series (from a `not_before` month
    on), the sources with figures. None for numbers, text, lists of partners and labels that need no figures.
    The refusals list these values; tests run each claim on every one."""
    if spec.type == "choice":
        return [str(choice) for choice in spec.choices]
    if spec.type == "partner":
        return sorted(code for code in data.partners_with_data & data.defined_partners
                      if not spec.choices or code in spec.choices)
    if spec.type == "source":
        return [SHIPPED, *([FETCHED, *sorted(data.fetched)] if data.fetched else [])]
    if spec.type not in ("month", "period") or spec.figures == "none":
        return None
    periods = periods_with_figures(claim, spec, data, values)
    if spec.type == "period":
        return sorted(periods)
    if spec.figures == "year_to_date":
        return sorted({end for end in map(year_to_date_end, periods) if end})
    floor = str(values.get(spec.not_before, claim.parameters[spec.not_before].default)) if spec.not_before else ""
    return sorted(period for period in periods if MONTH_RE.match(period) and period >= floor)


def listed(values: list[str], most: int = 24) -> str:
    """Values for a one-line message: all of them, or the first and the last few with how many there are."""
    if len(values) <= most:
        return ", ".join(values) or "none"
    return f"{', '.join(values[:most - 6])}, ..., {', '.join(values[-5:])} ({len(values)} in all)"


def checked_after(claim: Claim, spec: ParameterSpec, value: Any, text: str, values: dict[str, Any]) -> None:
    """A month whose year must come after the period named by `after` (so-far growth against an earlier year's)."""
    if not spec.after:
        return
    other = str(values.get(spec.after, claim.parameters[spec.after].default))
    if parse_period(other).end.year >= int(text[:4]):
        raise problem(claim, spec, value, f"a month of a year after {spec.after}={other} (it would be set against "
                                          "its own year)")


def series_of(claim: Claim, spec: ParameterSpec, values: dict[str, Any]) -> tuple[str, str, str | None] | None:
    """(reporter, partner, flow or None) whose figures a month or a period must have: the spec's `series`,
    completed by the claim's own reporter and partner parameters; None (any figure) when either stays unknown."""
    series = dict(spec.series)
    for key in ("reporter", "partner"):
        if key not in series and key in claim.parameters:
            series[key] = str(values.get(key, claim.parameters[key].default))
    return (series["reporter"], series["partner"], series.get("flow")) if {"reporter", "partner"} <= set(series) \
        else None


def series_words(series: tuple[str, str, str | None] | None) -> str:
    if not series:
        return ""
    return f" for {series[1]} as reported by {series[0]}" + (f" ({series[2]})" if series[2] else "")


def periods_with_figures(claim: Claim, spec: ParameterSpec, data: DataIndex, values: dict[str, Any]) -> frozenset[str]:
    series = series_of(claim, spec, values)
    return data.periods_of(*series) if series else data.periods_with_data


def missing_month(claim: Claim, spec: ParameterSpec, month: str, data: DataIndex, values: dict[str, Any]) -> str:
    """Why a month is refused: the claim's series (or partner) and the months that do have figures; a span that
    holds the month (January-February together) is named."""
    series = series_of(claim, spec, values)
    if series:
        periods = data.periods_of(*series)
        within = [span for span in spans_holding(periods, month) if parse_period(span).months <= 3]
        held = f", only within {within[0]}" if within else ""
        months = accepted_values(claim, replace(spec, not_before=""), data, values) or []
        return (f"{month}: no figures{series_words(series).replace(' for ', ' for partner ', 1)} in that month{held}; "
                f"{series[1]} has figures for {month_spans(months)}")
    partner = next((str(values.get(name, spec.default)) for name, spec in claim.parameters.items()
                    if spec.type == "partner" and name == "partner"), None)
    if partner and partner in data.defined_partners:
        return (f"{month}: no figures for partner {partner} (nor any other) in that month; "
                f"{partner} has figures for {month_spans(data.months_of(partner))}")
    return f"{month}: no figures in the ledger for that month; months with figures: {month_spans(data.months)}"


def spans_holding(periods: frozenset[str], month: str) -> list[str]:
    """The spans of months (ranges) among `periods` that include `month`, shortest first."""
    wanted = Month.parse(month)
    spans = [parse_period(p) for p in periods if RANGE_RE.match(p)]
    return [span.text for span in sorted(spans, key=lambda span: (span.months, span.text))
            if span.start <= wanted <= span.end]


def checked_source(claim: Claim, spec: ParameterSpec, text: str, data: DataIndex) -> str:
    """shipped, fetched or a connector name whose fetched tables exist and match their recorded hashes."""
    allowed = [SHIPPED, FETCHED, *CONNECTORS]
    if text not in allowed:
        raise problem(claim, spec, text, f"one of {', '.join(allowed)}")
    if text != SHIPPED:
        data.fetched_hashes(text)
    return text


def unknown_parameter(claim: Claim, overrides: dict[str, Any]) -> None:
    unknown = [name for name in overrides if name not in claim.parameters]
    if unknown:
        raise UsageError(f"claim {claim.id}: unknown parameter {shown(unknown[0])}; "
                         f"its parameters: {', '.join(claim.parameters)}")


def resolve_parameters(claim: Claim, overrides: dict[str, str], data: DataIndex) -> dict[str, Any]:
    """Defaults, overridden and every value checked: the parameters a notebook receives.

    The `source` parameter goes first: it decides which figures the other values are checked against.
    """
    unknown_parameter(claim, overrides)
    values = {**claim.defaults(), **overrides}
    if "source" in claim.parameters:
        data = data.with_source(convert(claim, claim.parameters["source"], values["source"], data))
    return {name: convert(claim, spec, values[name], data, values) for name, spec in claim.parameters.items()}


def changed_parameters(claim: Claim, parameters: dict[str, Any], defaults: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The parameters whose checked value differs from the claim's checked default: name -> {default, value}."""
    return {name: {"default": defaults[name], "value": value} for name, value in parameters.items()
            if value != defaults.get(name)}


FORMS = {"month": "a month, YYYY-MM", "string": "a short text",
         "period": "a period: a month (2025-11), months from-to (2025-01/2025-11), a year (2025) or a fiscal year "
                   "(FY2024-25)"}


LISTED_FORMS = {"partner": "a partner with figures", "month": "a month with figures (the others at their defaults)",
                "period": "a period with figures (the others at their defaults)"}


def allowed_values(claim: Claim, spec: ParameterSpec, data: DataIndex) -> dict[str, Any]:
    """What a parameter accepts, as `list --parameters` shows it: the values themselves where they can be listed (given
    the other parameters at their defaults), else the range or the form; and, for a list of partners, the codes it
    may hold and those it must not."""
    listed_values = accepted_values(claim, spec, data, claim.defaults())
    if spec.type == "partners":
        codes = sorted(data.defined_partners - set(spec.without))  # a partner without figures is judged missing
        return {"form": "codes of data/partners.csv separated by commas, each once", "values": codes,
                "not": list(spec.without), "apart_from": spec.apart_from or None}
    if listed_values is not None:
        return {"form": LISTED_FORMS.get(spec.type, "one of"),
                "values": [value for value in listed_values if accepted_beside_defaults(claim, spec, value, data)]}
    if spec.type in ("number", "integer"):
        return {"form": "a whole number" if spec.type == "integer" else "a number", "min": spec.min, "max": spec.max}
    return {"form": FORMS.get(spec.type, spec.type)}


def accepted_beside_defaults(claim: Claim, spec: ParameterSpec, value: str, data: DataIndex) -> bool:
    """Whether the parameter takes the value beside the others' defaults (a month asked to fall after a period's year
    is listed only where it does)."""
    try:
        resolve_parameters(claim, {spec.name: value}, data)
    except UsageError as refused:
        return f"parameter {spec.name}=" not in str(refused)
    return True


def allowed_words(allowed: dict[str, Any]) -> str:
    """The same, in one line of words."""
    if "values" in allowed:
        words = f"{allowed['form']}: {', '.join(allowed['values']) or 'none'}"
        if allowed.get("not"):
            words += f"; not {', '.join(allowed['not'])}"
        if allowed.get("apart_from"):
            words += f"; none of {allowed['apart_from']}'s"
        return words
    if "min" in allowed:
        ends = [f"from {allowed['min']:g}" if allowed["min"] is not None else "",
                f"to {allowed['max']:g}" if allowed["max"] is not None else ""]
        return " ".join([allowed["form"], *filter(None, ends)])
    return allowed["form"]
