"""Charts: one seaborn theme for every report; each chart titled, labelled with units, with a source line."""

from __future__ import annotations

import matplotlib.pyplot as plt
import seaborn as sns

from tradeclaims.checks.result import Check

PALETTE = "colorblind"
HATCHES = ["", "//", "..", "xx", "\\\\", "oo"]  # keeps bars apart in greyscale print


def set_theme() -> None:
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook",
                  rc={"figure.figsize": (8, 4.2), "figure.dpi": 96, "axes.titleweight": "bold"})


def source_line(check: Check) -> str:
    publishers = sorted({source.publisher for source in check.sources()})
    text = "Source: " + "; ".join(publishers) if publishers else "Source: none in the ledger"
    return text if len(text) < 140 else text[:137] + "..."


def draw(check: Check):
    """Draw the check's chart; None when there is nothing to draw."""
    data, spec = check.chart, check.chart_spec
    if data is None or data.empty or not spec:
        return None
    set_theme()
    figure, axes = plt.subplots()
    kind = spec["kind"]
    if kind in ("bars", "monthly_bars"):
        sns.barplot(data=data, x=spec["x"], y=spec["y"], hue=spec.get("hue"), ax=axes, errorbar=None)
        for index, patch in enumerate(axes.patches):
            patch.set_hatch(HATCHES[(index // max(1, len(data[spec["x"]].unique()))) % len(HATCHES)])
        if kind == "monthly_bars" and spec.get("highlight") in list(data[spec["x"]]):
            position = list(data[spec["x"]]).index(spec["highlight"])
            axes.patches[position].set_edgecolor("black")
            axes.patches[position].set_linewidth(2)
        axes.tick_params(axis="x", rotation=45 if len(data) > 6 else 0)
    elif kind == "lines":
        sns.lineplot(data=data, x=spec["x"], y=spec["y"], hue=spec.get("hue"), style=spec.get("hue"),
                     markers=True, ax=axes)
        axes.tick_params(axis="x", rotation=45)
    for key, style in (("reference", "--"), ("reference2", ":")):
        if spec.get(key) is not None:
            axes.axhline(spec[key], color="black", linestyle=style, linewidth=1,
                         label=spec.get(f"{key}_label", "article's figure"))
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize="small", loc="best")
    axes.axhline(0, color="grey", linewidth=0.8)
    axes.set_title(spec["title"])
    axes.set_xlabel(spec.get("xlabel", ""))
    axes.set_ylabel(spec["ylabel"])
    figure.text(0.01, 0.005, source_line(check), fontsize=7, color="dimgray", ha="left", va="bottom")
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    return figure


def show(check: Check) -> None:
    """Display the chart in the notebook (as a PNG embedded in the report) and free it."""
    from IPython.display import display

    figure = draw(check)
    if figure is not None:
        display(figure)
        plt.close(figure)
