"""Parameter values from the command line, checked against each claim's declared types before any kernel starts.

Values reach a notebook as data: papermill writes them as Python literals, and every value here is
first converted to its declared type and checked against its allowed values.
"""

from __future__ import annotations

import re
from typing import Any

from tradeclaims.checks.registry import Claim, ParameterSpec
from tradeclaims.errors import UsageError
from tradeclaims.fetch import CONNECTORS
from tradeclaims.ledger.coverage import DataIndex
from tradeclaims.ledger.fetched import FETCHED, SHIPPED
from tradeclaims.ledger.periods import MONTH_RE, parse_period

SAFE_TEXT = re.compile(r"^[A-Za-z0-9 _.,:/+-]{0,80}$")


def problem(claim: Claim, spec: ParameterSpec, value: Any, allowed: str) -> UsageError:
    return UsageError(f"claim {claim.id}: parameter {spec.name}={value!r} is not allowed: {allowed}")


def convert(claim: Claim, spec: ParameterSpec, value: Any, data: DataIndex) -> Any:
    """The value converted to the parameter's type and checked; raise UsageError naming what is allowed."""
    text = str(value).strip()
    if spec.type in ("number", "integer"):
        try:
            number = int(text) if spec.type == "integer" else float(text)
        except ValueError:
            raise problem(claim, spec, value,
                          f"expected {'an integer' if spec.type == 'integer' else 'a number'}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise problem(claim, spec, value, "expected a finite number")
        if (spec.min is not None and number < spec.min) or (spec.max is not None and number > spec.max):
            raise problem(claim, spec, value, f"a number from {spec.min} to {spec.max}")
        return number
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
        if not MONTH_RE.match(text):
            raise problem(claim, spec, value, "a month written YYYY-MM")
        months = data.months
        if text not in data.periods_with_data:
            raise problem(claim, spec, value, f"a month with figures in the ledger ({months[0]} to {months[-1]})")
        return text
    if spec.type == "period":
        try:
            parse_period(text)
        except ValueError as error:
            raise problem(claim, spec, value, str(error)) from None
        if text not in data.periods_with_data:
            raise problem(claim, spec, value, "a period with figures in the ledger")
        return text
    if spec.type == "partners":
        codes = [code.strip() for code in text.split(",") if code.strip()]
        unknown = [code for code in codes if code not in data.defined_partners]
        if not codes or unknown:
            raise problem(claim, spec, value, "comma-separated partner codes defined in data/partners.csv")
        return ",".join(codes)
    if spec.type == "source":
        return checked_source(claim, spec, text, data)
    if spec.type == "string":
        if not SAFE_TEXT.match(text):
            raise problem(claim, spec, value, "letters, digits, spaces and _.,:/+- (at most 80)")
        return text
    raise UsageError(f"claims.yaml: claim {claim.id}: parameter {spec.name} has unknown type {spec.type!r}")


def checked_source(claim: Claim, spec: ParameterSpec, text: str, data: DataIndex) -> str:
    """shipped, fetched or a connector name whose fetched tables exist and match their recorded hashes."""
    allowed = [SHIPPED, FETCHED, *CONNECTORS]
    if text not in allowed:
        raise problem(claim, spec, text, f"one of {', '.join(allowed)}")
    if text != SHIPPED:
        data.fetched_hashes(text)
    return text


def resolve_parameters(claim: Claim, overrides: dict[str, str], data: DataIndex) -> dict[str, Any]:
    """Defaults, overridden and every value checked: the parameters a notebook receives.

    The `source` parameter goes first: it decides which figures the other values are checked against.
    """
    unknown = [name for name in overrides if name not in claim.parameters]
    if unknown:
        raise UsageError(f"claim {claim.id}: unknown parameter {unknown[0]!r}; "
                         f"its parameters: {', '.join(claim.parameters)}")
    values = {**claim.defaults(), **overrides}
    if "source" in claim.parameters:
        data = data.with_source(convert(claim, claim.parameters["source"], values["source"], data))
    return {name: convert(claim, spec, values[name], data) for name, spec in claim.parameters.items()}
