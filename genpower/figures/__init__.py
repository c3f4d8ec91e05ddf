"""The theory figures: each one a function returning a matplotlib figure and the table behind it.

:data:`FIGURES` maps the figure number of issue #17 to ``(title, "module:function")``;
a function ``(quick) -> (figure, header, rows)`` draws from fresh measurements, and
:func:`write_figure` saves it as PNG and SVG with the CSV beside it. A figure whose data
does not exist yet is listed with ``None`` (its issue is named): adding it is one module
here and one line in :data:`FIGURES`.
"""

import csv
import importlib
from pathlib import Path

__all__ = ["FIGURES", "figure_numbers", "write_figure", "series_style", "label_panel"]

MARKERS = ("o", "s", "^", "D", "v", "P", "X")

FIGURES = {
    1: ("decoding steps vs n: one token per step vs MDM (T1)", "genpower.figures.pram:steps"),
    2: ("context vs n: MDM (P·T) vs AP-MDM (S) (T1 vs T4)", "genpower.figures.pram:context"),
    3: ("serial time reachable at context S (T2 vs T4)", "genpower.figures.budgets:counter"),
    4: ("any-order MDM vs Masked-ARM: steps and tokens per step (T3)",
        "genpower.figures.any_order:steps"),
    5: ("two-sided Dyck support: AP-MDM vs bounded-window ARMs (T5)",
        "genpower.figures.separations:dyck_support"),
    6: ("parity: steps and context vs n on three machines", "genpower.figures.parity:machines"),
    7: ("edit-log context, ARM vs AP-MDM (T6); Sudoku and max-flow edited in place",
        "genpower.figures.separations:edit_context"),
    8: ("the class lattice", "genpower.figures.lattice:lattice"),
}
"""Figure number -> (title, "module:function" or None while its data does not exist)."""


def series_style(index):
    """Return plot keywords for the ``index``-th series of a panel: its own colour and
    hollow marker, each later series' marker and line thinner and smaller, so a series
    drawn over an earlier one (equal values) leaves the earlier marker showing around it.

    Examples
    --------
    >>> series_style(1)["marker"], series_style(0)["markersize"] > series_style(1)["markersize"]
    ('s', True)
    """
    return {"marker": MARKERS[index % len(MARKERS)], "color": f"C{index}",
            "markersize": max(11 - 2.5 * index, 4), "markerfacecolor": "none",
            "markeredgewidth": 1.6, "linewidth": max(3.0 - 0.7 * index, 1.0)}


def label_panel(ax, xlabel, ylabel=None, title=None, *, title_size=None, legend_size=8,
                **legend):
    """Label one panel the way every figure does: axis labels, title, a light grid, a legend.

    ``legend`` holds extra ``ax.legend`` keywords (``loc``, ``bbox_to_anchor``); a label
    left None is not set (a shared one is set by the caller).
    """
    ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title, fontsize=title_size)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=legend_size, **legend)


def figure_numbers():
    """Return every figure number, in order."""
    return sorted(FIGURES)


def write_figure(number, out, quick=False):
    """Draw figure ``number`` and write ``figure_<n>.png``, ``.svg`` and ``.csv`` into ``out``.

    Returns
    -------
    list of Path or None
        The files written, or None when the figure's data does not exist yet.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    _, target = FIGURES[number]
    if target is None:
        return None
    module, function = target.split(":")
    figure, header, rows = getattr(importlib.import_module(module), function)(quick)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"figure_{number}"
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg"), stem.with_suffix(".csv")]
    figure.savefig(paths[0], dpi=130, bbox_inches="tight")
    figure.savefig(paths[1], bbox_inches="tight")
    plt.close(figure)
    with open(paths[2], "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return paths
