"""Agreement counted by origin: copies of one story count once; pages that print another value are apart."""

import pandas as pd

from tradeclaims.ledger.figures import Ledger
from tradeclaims.ledger.origins import agreement, other_origins
from tradeclaims.ledger.views import figure_key, with_figure, with_routes

from ..conftest import ROOT

SOURCE = {"title": "China's exports to the US fall", "url": "", "published": "2025-12-08", "published_basis": "",
          "retrieved": "2026-11-28",
          "agency": "General Administration of Customs of China (GACC)", "notes": ""}
OBSERVATION = {"reporter": "CN", "partner": "US", "flow": "exports", "period": "2025-11", "measure": "yoy_pct",
               "unit": "pct", "currency": "USD", "status": "", "edition": "", "notes": ""}


def small_ledger(pages: list[tuple[str, str, str, str]]) -> Ledger:
    """A ledger of one quantity printed by several pages: (source id, kind, origin, value)."""
    sources = pd.DataFrame([{**SOURCE, "id": page, "publisher": page, "url": f"https://{page}.example/story",
                             "kind": kind, "origin": origin} for page, kind, origin, _ in pages])
    observations = pd.DataFrame([{**OBSERVATION, "value": value, "source_id": page} for page, _, _, value in pages])
    partners = pd.read_csv(ROOT / "data" / "partners.csv", dtype=str, keep_default_na=False)
    return Ledger(observations, sources, partners)


def test_three_reprint_copies_of_one_story_count_as_one_origin():
    ledger = small_ledger([("copy-a", "reprint", "cnbc-2025-12-08", "-28.6"),
                           ("copy-b", "reprint", "cnbc-2025-12-08", "-28.6"),
                           ("copy-c", "reprint", "cnbc-2025-12-08", "-28.6")])
    agreed = agreement(ledger.require("CN", "US", "exports", "2025-11", measure="yoy_pct"))
    assert agreed.origins_agreeing == 1 and agreed.origins_disagreeing == 0
    assert set(agreed.agreeing_pages) == {"copy-a", "copy-b", "copy-c"}


def test_disagreeing_pages_are_counted_apart_and_by_origin():
    ledger = small_ledger([("cnbc-copy", "wire", "cnbc-2025-12-08", "-28.6"),
                           ("ap-copy", "wire", "ap-2025-12-08", "-29"),  # 'nearly 29': agrees within its rounding
                           ("blog-1", "reprint", "blog-story", "-31.5"),
                           ("blog-2", "reprint", "blog-story", "-31.5")])
    figure = ledger.require("CN", "US", "exports", "2025-11", measure="yoy_pct")
    agreed = agreement(figure)
    assert (agreed.origins_agreeing, agreed.origins_disagreeing) == (2, 1)
    assert set(agreed.disagreeing_pages) == {"blog-1", "blog-2"}
    assert [other.value for other in other_origins(figure)] == [-31.5]  # one figure per other origin


def test_a_view_changes_one_figure_and_leaves_the_ledger_alone():
    ledger = Ledger.load(ROOT / "data")
    figure = ledger.require("CN", "US", "exports", "2025-11", measure="yoy_pct")
    other = figure.alternatives[0].__class__(**{**figure.__dict__, "value": -10.0})
    view = with_routes(with_figure(ledger, other), {"some quantity": "some route"})
    assert view.figures[figure_key(figure)].value == -10.0 and view.forced_routes == {"some quantity": "some route"}
    assert ledger.figures[figure_key(figure)].value == figure.value != -10.0
    assert not getattr(ledger, "forced_routes", {})
