"""Every claim's chart, with its default parameters and its rerun example: like compared with like, legible on a phone."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from tradeclaims.checks.registry import load_registry  # noqa: E402
from tradeclaims.ledger.periods import kind_of  # noqa: E402
from tradeclaims.notebook import charts  # noqa: E402

from ..claim_checks import run_check  # noqa: E402
from ..conftest import ROOT  # noqa: E402

REGISTRY = load_registry(ROOT / "claims.yaml")
PHONE_IMAGE_WIDTH = 370  # CSS px a chart gets on a 390 px wide phone (tests/report/test_browser.py measures it)
CASES = [pytest.param((claim_id, variant), id=f"{claim_id}-{variant}")
         for claim_id in REGISTRY for variant in ("defaults", "rerun")]


@pytest.fixture
def check(ledger, request):
    claim_id, variant = request.param
    claim = REGISTRY[claim_id]
    return run_check(ledger, claim, claim.rerun if variant == "rerun" else None)


@pytest.fixture
def figure(check):
    drawn = charts.draw(check)
    assert drawn is not None, "no chart"
    drawn.canvas.draw()
    yield drawn
    plt.close(drawn)


def boxes(artists, renderer):
    return [artist.get_window_extent(renderer) for artist in artists if artist.get_visible() and artist.get_text().strip()]


@pytest.mark.parametrize("check", CASES, indirect=True)
def test_each_series_holds_one_kind_of_period(check):
    """Fiscal years, calendar years, parts of a year and months never share an axis in one series."""
    data, spec = check.chart, check.chart_spec
    assert spec.get("period") in data.columns, "the chart's spec names the column holding its periods"
    groups = [column for column in (spec.get("panel"), spec.get("hue")) if column]
    for key, series in (data.groupby(groups) if groups else [("all", data)]):
        kinds = {kind_of(period) for period in series[spec["period"]]}
        assert len(kinds) == 1, f"{check.claim_id}: series {key} mixes {sorted(kinds)}"


@pytest.mark.parametrize("check", CASES, indirect=True)
def test_text_is_legible_at_phone_width_and_nothing_overlaps(check, figure):
    renderer = figure.canvas.get_renderer()
    texts = [text for text in figure.findobj(Text) if text.get_visible() and text.get_text().strip()]
    smallest = min(text.get_fontsize() for text in texts)
    width = figure.get_size_inches()[0]
    assert smallest * PHONE_IMAGE_WIDTH / (72 * width) >= 9, f"{smallest} pt is under 9 px on a phone"
    page = figure.bbox.expanded(1.0, 1.0)
    for box, text in zip(boxes(texts, renderer), texts, strict=True):
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, \
            f"cut: {text.get_text()!r}"
    labels = []
    for axes in figure.axes:
        ticks = boxes(axes.get_xticklabels(), renderer)
        for first, second in itertools.combinations(ticks, 2):
            assert not first.overlaps(second), f"{check.claim_id}: x labels overlap"
        labels += ticks
    for legend in figure.legends:
        box = legend.get_window_extent(renderer)
        for axes in figure.axes:
            assert not box.overlaps(axes.get_window_extent(renderer)), "the legend covers the plot"
        assert not any(box.overlaps(label) for label in labels), "the legend covers the x labels"
        source = [text for text in figure.texts if text.get_text().startswith("Source")][0]
        assert not box.overlaps(source.get_window_extent(renderer)), "the legend covers the source line"


@pytest.mark.parametrize("check", CASES, indirect=True)
def test_source_line_wraps_and_names_every_publisher(check, figure):
    line = [text.get_text() for text in figure.texts if text.get_text().startswith("Source")][0]
    assert "..." not in line
    flat = " ".join(line.split())
    publishers = {f.source.publisher for f in check.figures + [row.figure for row in check.rows] if f is not None}
    assert all(" ".join(publisher.split()) in flat for publisher in publishers)
    chars = charts.chars_across(charts.WIDTH - 0.15, charts.MIN_FONT)
    assert all(len(part) <= chars for part in line.split("\n"))
