"""Charts: one seaborn theme for every report; each chart titled, labelled with units, with a source line.

Sized for a phone: the figure is WIDTH inches wide and no text is smaller than MIN_FONT points, so a chart
shrunk to a phone's width keeps its text at 9 px or more (see tests/notebook/test_charts.py). Periods of different
kinds (months, parts of a year, calendar years, fiscal years) are drawn in separate panels (`panel` in the
chart's spec) or as separate series (`hue`), never side by side unmarked. The legend sits below the plot,
never over the bars; the source line wraps onto as many lines as it needs.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch

from tradeclaims.checks.result import Check
from tradeclaims.notebook.deciding import check_periods, span_text, split

PALETTE = "colorblind"
HATCHES = ["", "//", "..", "xx", "\\\\", "oo"]  # keeps bars apart in greyscale print
WIDTH = 5.2  # inches; 96 dpi
DPI = 96
MIN_FONT = 10.0  # points: the smallest text on a chart
TITLE_FONT = 12.0
PANEL_HEIGHT = {1: 3.1}  # one panel; more panels get PANEL_HEIGHT_EACH each
PANEL_HEIGHT_EACH = 2.3
CHAR_WIDTH = 0.58  # a character's width in the chart's font, in ems (generous, so text is never cut)
LINE_HEIGHT = 1.35  # in ems
BEHIND_BARS = 0.9  # z-order of reference lines: under the bars (1), so a line never hides a bar's top
# The charts' fonts, in the order matplotlib falls back through them glyph by glyph: DejaVu Sans (matplotlib's own)
# for Latin text, then Noto Sans CJK (regular and bold, shipped by pinned packages, so every set-up has them) for the
# ledger's Chinese and Japanese publishers' names, which DejaVu Sans lacks. Its Japanese edition is the one shipped
# in both weights; it holds every Chinese character (Simplified and Traditional) as well.
FONTS = ["DejaVu Sans", "Noto Sans CJK JP"]


def register_fonts() -> None:
    """Add the shipped Noto Sans CJK files to matplotlib's font manager, once per process."""
    from matplotlib import font_manager
    from noto_cjk_sans_jp_bold import FONT_PATH as BOLD
    from noto_cjk_sans_jp_regular import FONT_PATH as REGULAR

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in (str(REGULAR), str(BOLD)):
        if path not in known:
            font_manager.fontManager.addfont(path)


def set_theme() -> None:
    register_fonts()
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook",
                  rc={"font.family": FONTS, "figure.dpi": DPI, "axes.titleweight": "bold", "font.size": MIN_FONT,
                      "axes.titlesize": MIN_FONT + 1, "axes.labelsize": MIN_FONT, "xtick.labelsize": MIN_FONT,
                      "ytick.labelsize": MIN_FONT, "legend.fontsize": MIN_FONT, "figure.titlesize": TITLE_FONT,
                      "hatch.color": "white"})


def chars_across(width_inches: float, fontsize: float) -> int:
    """How many characters of this size fit across this width."""
    return max(8, int(width_inches * 72 / (CHAR_WIDTH * fontsize)))


def source_line(check: Check) -> str:
    """'Source: ' and the publishers of the figures drawn, wrapped to the chart's width (never cut). When the bars
    are coloured by who reports them and the chart's data names each bar's publishers (a `publishers` column),
    the publishers are grouped by colour, so a reader knows which bar each belongs to."""
    chosen = [figure for figure in check.figures + [row.figure for row in check.rows] if figure is not None]
    publishers = sorted({figure.source.publisher for figure in chosen})
    groups = publishers_by_colour(check)
    if groups:
        grouped = {name for names in groups.values() for name in names}
        others = [name for name in publishers if name not in grouped]
        parts = [f"{level}: {', '.join(names)}" for level, names in groups.items()]
        text = "Source: " + "; ".join(parts + ([f"other figures in the tables: {', '.join(others)}"] if others else []))
    else:
        text = "Source: " + "; ".join(publishers) if publishers else "Source: none in the ledger"
    return "\n".join(wrap_wide(text, chars_across(WIDTH - 0.15, MIN_FONT)))


def publishers_by_colour(check: Check) -> dict[str, list[str]]:
    """Each colour's (hue level's) publishers, from the chart data's `publishers` column ("A; B" per bar)."""
    data, hue = check.chart, check.chart_spec.get("hue")
    if data is None or not hue or "publishers" not in data.columns:
        return {}
    groups: dict[str, set[str]] = {}
    for level, names in zip(data[hue], data["publishers"], strict=True):
        groups.setdefault(level, set()).update(name for name in str(names).split("; ") if name)
    return {level: sorted(names) for level, names in groups.items() if names}


def display_width(text: str) -> int:
    """Width in narrow characters: a Chinese, Japanese or Korean character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap_wide(text: str, width: int) -> list[str]:
    """Words on lines of at most `width` narrow characters (a word longer than a line is split)."""
    lines, line = [], ""
    for word in text.split():
        while display_width(word) > width:  # a long word (a run of CJK characters): split it where it must
            cut = next(n for n in range(len(word), 0, -1) if display_width(word[:n]) <= width)
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if display_width(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


def wrap_label(label: str, chars: int) -> str:
    """A tick label on lines of at most `chars` characters where it can break (after '/', at spaces)."""
    lines = textwrap.wrap(label.replace("/", "/ "), chars, break_on_hyphens=False, break_long_words=False)
    return "\n".join(lines).replace("/ ", "/")


def fit_tick_labels(axes, categories: list[str], highlight: str | None = None) -> None:
    """Categorical x labels that do not overlap: wrapped and level when they fit, else upright and thinned out."""
    if not categories:
        return
    per_category = (WIDTH - 1.0) * 72 / len(categories)  # points of axis per bar group
    chars = int(per_category * 0.9 / (CHAR_WIDTH * MIN_FONT))
    wrapped = [wrap_label(str(label), chars) if chars >= 4 else str(label) for label in categories]
    if chars >= 4 and all(len(line) <= chars for label in wrapped for line in label.split("\n")):
        axes.set_xticks(range(len(categories)), wrapped, rotation=0)
        return
    step = max(1, math.ceil(LINE_HEIGHT * MIN_FONT * 1.2 / per_category))
    shown = [str(label) if index % step == 0 or label == highlight else "" for index, label in enumerate(categories)]
    axes.set_xticks(range(len(categories)), shown, rotation=90)


def mark_absent(axes, order: list[str], absent: list[str]) -> None:
    """A period the chart names (in a reference line's label) but that has no figure: its place on the axis
    says so, instead of leaving the reader to look for a bar."""
    bottom, top = axes.get_ylim()
    for period in absent:
        axes.text(order.index(period), bottom + (top - bottom) * 0.04, "no figure\npublished", ha="center",
                  va="bottom", fontsize=MIN_FONT, color="dimgray", style="italic")


def draw_panel(axes, data: pd.DataFrame, spec: dict, hue_order: list[str], colours: dict, name: str | None = None
               ) -> None:
    x, y, hue = spec["x"], spec["y"], spec.get("hue")
    absent = [period for period in spec.get("absent", {}).get(name, []) if period not in set(data[x])]
    order = list(dict.fromkeys(data[x])) + absent
    present = [level for level in hue_order if hue and level in set(data[hue])]
    if spec["kind"] == "lines":
        sns.lineplot(data=data, x=x, y=y, hue=hue, hue_order=present or None, palette=colours if hue else None,
                     style=hue, markers=True, ax=axes, legend=False)
        fit_tick_labels(axes, order)
        return
    if hue:
        sns.barplot(data=data, x=x, y=y, hue=hue, hue_order=present, order=order, palette=colours, ax=axes,
                    errorbar=None, legend=False, edgecolor="white")
        for level, container in zip(present, axes.containers, strict=False):
            for patch in container:
                patch.set_hatch(HATCHES[hue_order.index(level) % len(HATCHES)])
    else:
        sns.barplot(data=data, x=x, y=y, order=order, color=sns.color_palette(PALETTE)[0], ax=axes, errorbar=None,
                    edgecolor="white")
    highlight = spec.get("highlight")
    if spec["kind"] == "monthly_bars" and highlight in order and axes.containers:
        bar = axes.containers[0][order.index(highlight)]
        bar.set_edgecolor("black")
        bar.set_linewidth(2)
    fit_tick_labels(axes, order, highlight)
    mark_absent(axes, order, absent)


def legend_entries(axes_list, hue_order: list[str], colours: dict, hatched: bool) -> tuple[list, list[str]]:
    handles, labels = [], []
    for index, level in enumerate(hue_order):
        handles.append(Patch(facecolor=colours[level], edgecolor="white",
                             hatch=HATCHES[index % len(HATCHES)] if hatched else ""))
        labels.append(level)
    for axes in axes_list:
        for handle, label in zip(*axes.get_legend_handles_labels(), strict=True):
            if label not in labels and not label.startswith("_"):
                handles.append(handle)
                labels.append(label)
    return handles, labels


def chart_data(check: Check) -> tuple[pd.DataFrame | None, str]:
    """The rows the chart draws (of a long series, those of the claim's periods: notebook/deciding.py) and, when rows
    are left out, a line saying so."""
    data, spec = check.chart, check.chart_spec
    parts = split(data, check_periods(check), spec.get("period", "period")) if data is not None and spec else None
    if parts is None:
        return data, ""
    return parts.shown, f"Not drawn: {len(parts.hidden):,} rows of {span_text(parts.hidden[spec.get('period', 'period')])}"


def draw(check: Check):
    """Draw the check's chart; None when there is nothing to draw."""
    data, left_out = chart_data(check)
    spec = check.chart_spec
    if data is None or data.empty or not spec:
        return None
    set_theme()
    panel = spec.get("panel")
    panels = list(dict.fromkeys(data[panel])) if panel else [None]
    hue = spec.get("hue")
    hue_order = list(dict.fromkeys(data[hue])) if hue else []
    colours = dict(zip(hue_order, sns.color_palette(PALETTE, max(1, len(hue_order))), strict=False))
    title = textwrap.wrap(spec["title"], chars_across(WIDTH - 0.2, TITLE_FONT * 1.1))
    source = "\n".join(filter(None, (left_out, source_line(check))))
    plots = PANEL_HEIGHT.get(len(panels), PANEL_HEIGHT_EACH * len(panels))
    figure, grid = plt.subplots(len(panels), 1, figsize=(WIDTH, plots), squeeze=False)
    axes_list = [row[0] for row in grid]
    for axes, name in zip(axes_list, panels, strict=True):
        part = data if name is None else data[data[panel] == name]
        draw_panel(axes, part, spec, hue_order, colours, name)
        for key, style in (("reference", "--"), ("reference2", ":")):
            if spec.get(key) is not None and (name is None or name in spec.get("reference_panels", panels)):
                axes.axhline(spec[key], color="black", linestyle=style, linewidth=1, zorder=BEHIND_BARS,
                             label=spec.get(f"{key}_label", "article's figure"))
        axes.axhline(0, color="grey", linewidth=0.8)
        axes.set_xlabel(spec.get("xlabel", ""))
        axes.set_ylabel(spec["ylabel"])
        if name is not None:
            axes.set_title(name, loc="left", fontsize=MIN_FONT + 1)
    handles, labels = legend_entries(axes_list, hue_order, colours, spec["kind"] != "lines")
    columns = 1 if any(len(label) > 24 for label in labels) else 2
    legend_rows = math.ceil(len(labels) / columns)
    inch = 1 / 72
    source_height = (source.count("\n") + 1) * MIN_FONT * LINE_HEIGHT * inch + 0.08
    legend_height = legend_rows * MIN_FONT * 1.75 * inch + 0.15 if labels else 0.0
    title_height = len(title) * TITLE_FONT * LINE_HEIGHT * inch + 0.12
    height = plots + source_height + legend_height + title_height
    figure.set_size_inches(WIDTH, height)
    figure.suptitle("\n".join(title), y=1 - 0.06 / height, va="top", fontweight="bold")
    if labels:
        figure.legend(handles, labels, loc="lower center", ncol=columns, frameon=False,
                      bbox_to_anchor=(0.5, source_height / height))
    figure.text(0.01, 0.04 / height, source, fontsize=MIN_FONT, color="dimgray", ha="left", va="bottom",
                linespacing=1.2)
    # Constrained layout gives each panel the room its own labels need (tight layout gives every gap the largest).
    bottom = (source_height + legend_height) / height
    figure.set_layout_engine("constrained", rect=(0, bottom, 1, 1 - title_height / height - bottom), h_pad=0.06,
                             hspace=0.02)  # rect: left, bottom, width, height
    return figure


KINDS = {"lines": "Line chart", "monthly_bars": "Bar chart", "bars": "Bar chart"}
ALT_VALUES = 40  # values listed in a chart's text alternative; more are summed up as "and N more"


def alt_text(check: Check) -> str:
    """The chart in words, for a reader who cannot see it: its title, what each bar or point shows and its
    value, the reference lines, and the source line."""
    data, left_out = chart_data(check)
    spec = check.chart_spec
    if data is None or data.empty or not spec:
        return ""
    labels = [spec[key] for key in ("panel", "hue") if spec.get(key)] + [spec["x"]]
    values = [f"{', '.join(str(row[label]) for label in labels)}: {row[spec['y']]:,.1f}"
              for _, row in data.iterrows() if pd.notna(row[spec["y"]])]
    shown = "; ".join(values[:ALT_VALUES]) + (f"; and {len(values) - ALT_VALUES} more" if len(values) > ALT_VALUES else "")
    lines = [f"{spec.get(f'{key}_label', 'the article’s figure')} at {spec[key]:,.1f}"
             for key in ("reference", "reference2") if spec.get(key) is not None]
    parts = [f"{KINDS.get(spec['kind'], 'Chart')}: {spec['title']}.", f"{spec['ylabel']} — {shown}."]
    if lines:
        parts.append(f"Lines: {'; '.join(lines)}.")
    if left_out:
        parts.append(f"{left_out}.")
    parts.append(source_line(check).replace("\n", " ") + ".")
    return " ".join(parts)


def compact_png(png: bytes) -> bytes:
    """The same picture in fewer bytes: an opaque chart of at most 256 colours (what matplotlib draws here: flat
    fills, and text and lines antialiased on white) stored with a palette, every pixel as drawn; a third of the bytes,
    so a report embedding it stays light. Any other picture is returned as it came."""
    import io

    import numpy as np
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    if image.mode != "RGBA" or image.getchannel("A").getextrema() != (255, 255):
        return png
    pixels = np.asarray(image.convert("RGB"), dtype=np.uint32)
    packed = pixels[..., 0] << 16 | pixels[..., 1] << 8 | pixels[..., 2]
    colours, indexes = np.unique(packed, return_inverse=True)
    if len(colours) > 256:
        return png
    indexed = Image.fromarray(indexes.reshape(packed.shape).astype(np.uint8), "P")
    indexed.putpalette(np.stack([colours >> 16, colours >> 8 & 255, colours & 255], axis=1).astype(np.uint8).tobytes())
    smaller = io.BytesIO()
    indexed.save(smaller, "PNG", dpi=image.info.get("dpi", (DPI, DPI)))
    return smaller.getvalue() if smaller.tell() < len(png) else png


def show(check: Check) -> None:
    """Display the chart in the notebook (as a PNG embedded in the report, with the chart in words as its text
    alternative) and free it."""
    from IPython.core.pylabtools import print_figure
    from IPython.display import Image, display

    figure = draw(check)
    if figure is not None:
        png = compact_png(print_figure(figure, "png", bbox_inches="tight"))
        display(Image(data=png, format="png", metadata={"alt": alt_text(check)}))
        plt.close(figure)
