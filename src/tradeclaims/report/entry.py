"""A claim's line in results.json as one typed record: made from what its notebook recorded, written as the schema
(schemas/results.schema.json, `$defs/claim`) describes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tradeclaims.checks.registry import Claim
from tradeclaims.project import OutputLayout


@dataclass(frozen=True, kw_only=True)
class ResultsEntry:
    id: str
    title: str
    status: str  # ok or failed
    verdict: str | None
    reason: str | None
    measured: float | None
    unit: str
    article_value: float | None
    threshold: float | None
    parameters: dict[str, Any]
    report: str  # the page, relative to the folder of results.json
    period: str | None
    headline_sources: list[dict[str, Any]]
    evidence: str | None
    bound: str | None
    inputs: list[dict[str, Any]]
    routes: list[dict[str, Any]]
    alternatives: list[dict[str, Any]]
    robust: bool | None
    sources: list[str]
    missing: list[str]
    parts: list[dict[str, Any]]
    doubtful: list[dict[str, Any]]
    events: list[dict[str, Any]]
    notebook: str
    cache_key: str
    seconds: float
    key_parts: dict[str, str]
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)  # only for other parameters than the claim's
    error: str | None = None  # only for a failure

    @classmethod
    def of(cls, claim: Claim, result: dict[str, Any] | None, *, error: str | None, stem: str,
           parameters: dict[str, Any], changed: dict[str, dict[str, Any]], key: dict[str, str], seconds: float
           ) -> ResultsEntry:
        """An execution's entry from the result its notebook recorded (None when it recorded none) and its error."""
        ok, found = error is None and result is not None, result or {}
        return cls(
            id=claim.id, title=claim.title, status="ok" if ok else "failed",
            verdict=found["verdict"] if ok else None, reason=found.get("reason") if ok else None,
            measured=found.get("measured") if ok else None, unit=found.get("unit", claim.unit),
            article_value=found.get("article_value", claim.article_value), threshold=found.get("threshold"),
            parameters=parameters,
            report=f"{stem}.html" if ok else f"{OutputLayout.failed_stem(stem)}.html#papermill-error-cell",
            period=found.get("period"), headline_sources=found.get("headline_sources", []),
            evidence=found.get("evidence"), bound=found.get("bound"), inputs=found.get("inputs", []),
            routes=found.get("routes", []), alternatives=found.get("alternatives", []),
            robust=found.get("robust") if ok else None, sources=found.get("sources", []),
            missing=found.get("missing", []),
            parts=[{**part, "words": part.get("words") or claim.quote} for part in found.get("parts", [])],
            doubtful=found.get("doubtful", []), events=found.get("events", []), notebook=claim.notebook,
            cache_key=key["key"], seconds=round(seconds, 2),
            key_parts={part: digest for part, digest in key.items() if part != "key"}, changed=changed,
            error=None if ok else (error or "the notebook recorded no result"))

    def as_json(self) -> dict[str, Any]:
        """As results.json holds it: `changed` only when the parameters are not the claim's, `error` only for a
        failure."""
        entry = {name: getattr(self, name) for name in self.__dataclass_fields__ if name not in ("changed", "error")}
        if self.changed:
            entry["changed"] = self.changed
        if self.error is not None:
            entry["error"] = self.error
        return entry

    def problems(self) -> list[str]:
        """What the schema refuses in this entry (none for an entry the build writes)."""
        return [error.message for error in claim_validator().iter_errors(self.as_json())]


@lru_cache(maxsize=1)
def claim_validator():
    from jsonschema import Draft202012Validator

    from tradeclaims.report.schema import schema

    document = schema()
    return Draft202012Validator({**document["$defs"]["claim"], "$defs": document["$defs"]})
