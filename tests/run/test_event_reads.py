"""A claim judged on events is executed again when an event it reads changes, and only then."""

from __future__ import annotations

import pytest

from tradeclaims.cli import main

from ..conftest import tradeclaims
from .test_reads import executed, record

CLAIMS = ("mexico-indonesia", "us-november-drop")


def edit_events(project, old: str, new: str) -> None:
    path = project / "data" / "events.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert main(["validate", "--update-hashes"]) == 0


@pytest.mark.slow
def test_an_event_re_executes_exactly_the_claim_that_reads_it(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    assert set(executed(tradeclaims("run", *CLAIMS, cwd=project_copy))) == set(CLAIMS)
    digests = record(project_copy, "mexico-indonesia")["digests"]
    assert '["events", "MX"]' in digests and '["events", "ID"]' in digests

    # Indonesia's deputy industry minister, named otherwise: the claim reading Indonesia's events runs again
    edit_events(project_copy, "Deputy Minister of Industry Faisol Riza", "Deputy Industry Minister Faisol Riza")
    again = executed(tradeclaims("run", *CLAIMS, cwd=project_copy))
    assert again == {"mexico-indonesia": "figures it reads changed: the events of ID"}

    # an event of a country no claim reads: nothing runs again
    path = project_copy / "data" / "events.csv"
    path.write_text(path.read_text(encoding="utf-8") + "vn-test,2025-05-01,VN,Ministry of Industry and Trade,opened an "
                    "investigation,steel from China,CN,concern,ev-eleconomista-2025-12-10,\n", encoding="utf-8")
    assert main(["validate", "--update-hashes"]) == 0
    assert executed(tradeclaims("run", *CLAIMS, cwd=project_copy)) == {}
