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


@pytest.mark.parametrize("check", CASES, indirect=True)
def test_panels_are_tall_enough_and_close_together(check, figure):
    """No panel squeezed into a strip; the gap between two panels is what the labels between them need."""
    renderer = figure.canvas.get_renderer()
    dpi = figure.dpi
    panels = sorted(figure.axes, key=lambda axes: -axes.get_window_extent(renderer).y0)
    for axes in panels:
        assert axes.get_window_extent(renderer).height / dpi >= 1.3, f"{check.claim_id}: a panel under 1.3 in tall"
    for upper, lower in itertools.pairwise(panels):
        gap = upper.get_tightbbox(renderer).y0 - lower.get_tightbbox(renderer).y1
        assert gap / dpi <= 0.3, f"{check.claim_id}: {gap / dpi:.2f} in of empty space between panels"


@pytest.mark.parametrize("check", CASES, indirect=True)
def test_reference_lines_never_hide_a_bar(check, figure):
    for axes in figure.axes:
        bars = [patch.get_zorder() for container in axes.containers for patch in container]
        lines = [line.get_zorder() for line in axes.get_lines() if line.get_linestyle() in ("--", ":")]
        assert not bars or not lines or max(lines) < min(bars), f"{check.claim_id}: a reference line over the bars"


def test_a_period_the_article_names_but_nobody_published_is_marked(ledger):
    check = run_check(ledger, REGISTRY["india-deficit"], None)
    figure = charts.draw(check)
    fiscal = [axes for axes in figure.axes if axes.get_title(loc="left").startswith("India's fiscal years")][0]
    labels = [label.get_text() for label in fiscal.get_xticklabels()]
    assert "FY2025-26" not in set(check.chart["period"]) and labels[-1] == "FY2025-26"
    assert any("no figure" in text.get_text() for text in fiscal.texts)
    plt.close(figure)


def test_the_source_line_says_which_bars_each_publisher_is_behind(ledger):
    check = run_check(ledger, REGISTRY["india-deficit"], None)
    line = " ".join(charts.source_line(check).split())
    china = check.chart[check.chart["reported by"] == "China's data"]
    china_publishers = {name for names in china["publishers"] for name in names.split("; ")}
    assert line.startswith("Source: India's data: ") and "; China's data: " in line
    china_part = line.split("; China's data: ")[1].split("; other figures")[0]
    assert china_publishers and all(name in china_part for name in china_publishers)


@pytest.mark.parametrize("check", [case for case in CASES if case.id.endswith("-defaults")], indirect=True)
def test_a_chart_is_stored_in_fewer_bytes_with_every_pixel_as_drawn(check, figure):
    import io

    from IPython.core.pylabtools import print_figure
    from PIL import Image

    drawn = print_figure(figure, "png", bbox_inches="tight")
    stored = charts.compact_png(drawn)
    as_drawn, as_stored = Image.open(io.BytesIO(drawn)), Image.open(io.BytesIO(stored))
    assert as_stored.mode == "P" and as_stored.size == as_drawn.size
    assert as_stored.convert("RGBA").tobytes() == as_drawn.convert("RGBA").tobytes()
    assert len(stored) < 0.6 * len(drawn)
    transparent = io.BytesIO()
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(transparent, "PNG")  # not opaque: kept as it came
    assert charts.compact_png(transparent.getvalue()) == transparent.getvalue()


MISSING_GLYPH = "\ue000"  # a private-use character: no font has it, so it is drawn as the missing-glyph box


def glyph_bitmap(character: str) -> bytes:
    """The character alone, drawn with the charts' theme and fonts at the source line's size, as pixels."""
    figure = plt.figure(figsize=(0.5, 0.5), dpi=charts.DPI)
    figure.text(0.5, 0.5, character, fontsize=charts.MIN_FONT * 2, ha="center", va="center")
    figure.canvas.draw()
    pixels = bytes(figure.canvas.buffer_rgba())
    plt.close(figure)
    return pixels


def test_the_weak_imports_chart_draws_the_chinese_publishers_name_in_real_glyphs(ledger):
    """The source line of the weak-imports chart names a publisher in Chinese (证券之星): its characters are drawn
    from the charts' fonts, each its own glyph, none the missing-glyph box, and drawing the chart warns of nothing."""
    import warnings

    check = run_check(ledger, REGISTRY["weak-imports"])
    source = charts.source_line(check)
    chinese = [char for char in dict.fromkeys(source) if "\u4e00" <= char <= "\u9fff"]
    assert len(chinese) >= 2, source
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" when it draws a box
        figure = charts.draw(check)
        figure.canvas.draw()
        plt.close(figure)
        first, second = glyph_bitmap(chinese[0]), glyph_bitmap(chinese[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the box is drawn on purpose here
        box = glyph_bitmap(MISSING_GLYPH)
    blank = glyph_bitmap(" ")
    assert len({first, second, box, blank}) == 4, "two characters drawn alike, as the box or as nothing"


def test_without_a_cjk_font_the_glyph_check_sees_boxes(monkeypatch):
    """The comparison above can fail: with DejaVu Sans alone, two Chinese characters are drawn alike (both as the
    missing-glyph box), and matplotlib warns of it."""
    import warnings

    monkeypatch.setattr(charts, "FONTS", ["DejaVu Sans"])
    charts.set_theme()
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            first, second = glyph_bitmap("证"), glyph_bitmap("券")
    finally:
        monkeypatch.undo()
        charts.set_theme()
    assert first == second and first != glyph_bitmap(" ")
    assert any("missing from font(s) DejaVu Sans" in str(warning.message) for warning in warned)
