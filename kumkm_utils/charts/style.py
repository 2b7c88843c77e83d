"""The house style of every chart: palette, font, sizes and Indonesian axis formats."""

from __future__ import annotations

import contextlib
import io
import math
import textwrap
from collections.abc import Iterator, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # charts are only ever written to files; never open a window

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, MaxNLocator

from kumkm_utils import formatting
from kumkm_utils.exceptions import DisplayError

PRIMARY = "#1f5f8b"
"""Main series colour (Kemenkop-like dark blue)."""
ACCENT = "#e07b00"
"""Highlighted bar or series (the kab/kota or province the text talks about)."""
REFERENCE = "#b42318"
"""Reference lines (provincial value, national target)."""
LIGHT = "#9ec5e0"
"""Secondary series (e.g. pagu behind realisasi)."""
MISSING = "#d9d9d9"
"""Fill of 'tidak ada data' marks (always hatched as well)."""
MISSING_HATCH = "////"
MISSING_LABEL = "tidak ada data"
TEXT = "#222222"
GRID = "#e5e5e5"

SERIES = (PRIMARY, ACCENT, "#2a9d8f", "#8c564b", "#7b61a8", "#c44e52", "#6b8e23", "#7f7f7f")
"""Categorical palette, in order of use (colour-blind safe enough for 4-5 series)."""

SEQUENTIAL = "YlGnBu"
"""Colormap of the tile map."""

A4_WIDTH_IN = 6.7
"""Text width of an A4 portrait page with 2 cm margins, in inches."""

HOUSE_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 8.5,
    "axes.edgecolor": "#888888",
    "axes.labelcolor": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=SERIES),
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": "white",
    # Names come from submissions: a "$" must never switch on mathtext.
    "text.parse_math": False,
}


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style to the figures created inside the ``with`` block."""
    with plt.rc_context(HOUSE_RC):
        yield


def svg_text(fig: Figure, *, key: str) -> str:
    """Return a figure as SVG text, the way reports embed it.

    Text stays text (``svg.fonttype: none``) in the house font, so the file is small, sharp at
    any zoom and quick to write (no glyph outlines, no raster). The output is deterministic:
    no timestamp, and element ids derived from ``key`` (unique within a report, so two charts
    shown inline on one page never share a clip-path id).

    Parameters
    ----------
    fig : Figure
        The chart.
    key : str
        The figure's key in the report.

    Returns
    -------
    str
        The SVG document.
    """
    _skip_idle_placement(fig)
    buffer = io.BytesIO()
    # Saving inside the house style: ticks created lazily at draw time get it too.
    with plt.rc_context({**HOUSE_RC, "svg.fonttype": "none", "svg.hashsalt": f"kumkm-{key}"}):
        # A figure with a layout engine (our charts: constrained) already fits its canvas;
        # cropping it to a tight box would draw it a second time for nothing.
        tight = None if fig.get_layout_engine() is not None else "tight"
        fig.savefig(
            buffer, format="svg", bbox_inches=tight, facecolor="white", metadata={"Date": None}
        )
    return buffer.getvalue().decode("utf-8")


def _skip_idle_placement(fig: Figure) -> None:
    """Spare matplotlib placing empty axis labels, so that every draw measures less text.

    At each draw (constrained layout draws a figure three times) matplotlib measures every
    tick label of an axis to put the axis label beside them, even when that label is empty
    (the y axis of our bar charts). An empty label draws nothing, so its place is fixed instead.
    The picture is the same (``tests/test_charts.py`` compares the SVG with and without this).
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.label.get_text():
                axis.set_label_coords(0.5, 0.5)


def new_figure(height_in: float, width_in: float = A4_WIDTH_IN) -> tuple[Figure, Axes]:
    """Create a figure of A4 text width in the house style (call inside :func:`house_style`).

    Parameters
    ----------
    height_in : float
        Height in inches (clipped to 0.8-9.0 so it fits a page).
    width_in : float
        Width in inches.

    Returns
    -------
    (Figure, Axes)
    """
    height = min(max(height_in, 0.8), 9.0)
    # Figure() rather than pyplot: no global figure registry, nothing to close or leak.
    fig = Figure(figsize=(width_in, height), layout="constrained")
    ax = fig.add_subplot()
    ax.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    # Stored on the axis, so ticks created later (at save time) keep the house style.
    ax.tick_params(labelsize=HOUSE_RC["xtick.labelsize"], colors=TEXT)
    return fig, ax


MAX_DECIMALS = 3
"""Never more decimals than this on a chart label or tick."""


def label_decimals(values: Any, unit: str | None) -> int:
    """Decimals the value labels of a chart need to tell its values apart.

    Start from the unit's usual decimals (percent 1, whole counts 0, else 1); add decimals
    until one step of the last digit is at most a fifth of the spread of the values, and while
    a value that is not zero would print as zero (``0,0%`` next to ``0,1%`` in the national
    "UMKM naik kelas" ranking), up to :data:`MAX_DECIMALS`. A ranking of values 20 points
    apart keeps one decimal even if two of them round alike.

    Examples
    --------
    >>> label_decimals([18.26, 23.6], "%"), label_decimals([0.03, 0.05, 0.12], "%")
    (1, 2)
    >>> label_decimals([2300, 15], "unit"), label_decimals([0.031, 0.032], "%")
    (0, 3)
    >>> label_decimals([77.1, 93.46, 93.41, 99.46], "%")
    1
    """
    numbers = [float(v) for v in values if not formatting.is_missing(v)]
    if not numbers:
        return 1
    if unit == "%":
        decimals = 1
    else:
        decimals = 0 if all(v == round(v) or abs(v) >= 100 for v in numbers) else 1
    spread = max(numbers) - min(numbers)
    if spread > 0:
        decimals = max(decimals, math.ceil(-math.log10(spread / 5)))
    decimals = min(decimals, MAX_DECIMALS)
    while decimals < MAX_DECIMALS and any(v != 0 and round(v, decimals) == 0 for v in numbers):
        decimals += 1
    return decimals


def value_text(value: float, unit: str | None, decimals: int | None = None) -> str:
    """Format one value for a label in the unit's usual way.

    Parameters
    ----------
    value : float
        The value (percent points when ``unit`` is "%", rupiah when it is "Rp").
    unit : str or None
        The unit.
    decimals : int, optional
        Decimals to use (from :func:`label_decimals` over all labels of the chart); by default
        the unit's usual ones.

    Returns
    -------
    str
        E.g. ``"18,3%"``, ``"Rp 1,2 M"``, ``"2.300"``.

    Examples
    --------
    >>> value_text(18.26, "%"), value_text(1.2e9, "Rp"), value_text(2300, "unit")
    ('18,3%', 'Rp 1,2 M', '2.300')
    >>> value_text(0.032, "%", decimals=3)
    '0,032%'
    """
    if formatting.is_missing(value):
        return MISSING_LABEL
    if unit == "%":
        return formatting.persen(value, 1 if decimals is None else decimals)
    if unit == "Rp":
        return formatting.rupiah(value)
    if decimals is None:
        decimals = 0 if float(value) == round(float(value)) or abs(value) >= 100 else 1
    return formatting.angka(value, decimals)


class TickFormatter(Formatter):
    """Indonesian tick labels with as many decimals as the tick spacing needs.

    Ticks 0,02 apart get two decimals, so no two ticks print alike (a colour bar from 0,38% to
    0,46% no longer reads "0,4% 0,4%"); whole steps get none.
    """

    def __init__(self, unit: str | None) -> None:
        self.unit = unit
        self.decimals = 0

    def set_locs(self, locs: Any) -> None:
        super().set_locs(locs)
        values = sorted({float(v) for v in locs})
        steps = [b - a for a, b in zip(values, values[1:], strict=False) if b - a > 0]
        decimals = 0
        if steps:
            step = min(steps)
            while (
                decimals < MAX_DECIMALS
                and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6
            ):
                decimals += 1
        self.decimals = decimals

    def __call__(self, x: float, pos: int | None = None) -> str:
        if self.unit == "%":
            return formatting.persen(x, self.decimals, na="")
        return formatting.angka(x, self.decimals, na="")


def format_axis(axis: Axis, unit: str | None, span: float = 0.0) -> None:
    """Apply the unit's tick formatter; money axes get at most 5 intervals.

    ``Rp 400,0 M`` labels are wide: with matplotlib's default locator they crowd each other
    on a horizontal axis of A4 width.
    """
    axis.set_major_formatter(axis_formatter(unit, span))
    if unit == "Rp":
        axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))


def axis_formatter(unit: str | None, span: float = 0.0) -> Formatter:
    """Return the tick formatter for a unit: ``%`` -> ``18%``, ``Rp`` -> ``Rp 1,2 M``.

    Percent and count axes get a :class:`TickFormatter` (as many decimals as the tick spacing
    needs); ``span`` is kept for callers and no longer decides the decimals.

    Parameters
    ----------
    unit : str or None
        The unit of the axis.
    span : float
        Range of the axis (unused).

    Returns
    -------
    matplotlib.ticker.Formatter
    """
    if unit == "Rp":
        return formatting.rupiah_formatter(1)
    return TickFormatter(unit)


def axis_label(label: str | None, unit: str | None) -> str:
    """Return an axis label with its unit in brackets ("Koperasi aktif (unit)").

    Examples
    --------
    >>> axis_label("Realisasi", "Rp")
    'Realisasi (Rp)'
    """
    if not label:
        return unit or ""
    return f"{label} ({unit})" if unit else label


def wrap(label: Any, width: int = 28) -> str:
    """Wrap a long category label (kab/kota, programme) on several lines."""
    return "\n".join(textwrap.wrap(str(label), width=width)) or str(label)


def missing_patch() -> Patch:
    """Return the legend entry of missing values: hatched grey, "tidak ada data"."""
    return Patch(facecolor=MISSING, edgecolor="#7f7f7f", hatch=MISSING_HATCH, label=MISSING_LABEL)


def legend_below(fig: Figure, handles: list) -> None:
    """Put the legend under the plot, centred, outside the axes (constrained layout)."""
    fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 4))


def draw_missing_rows(ax: Axes, positions: Sequence[float], height: float) -> None:
    """Draw a hatched band saying "tidak ada data" across the axis at each of ``positions``.

    ``height`` is the bands' height (that of the chart's bars).
    """
    for y in positions:
        ax.axhspan(
            y - height / 2,
            y + height / 2,
            facecolor=MISSING,
            edgecolor="#7f7f7f",
            hatch=MISSING_HATCH,
            linewidth=0.0,
            alpha=0.6,
            zorder=1,
        )
        ax.text(
            0.01,
            y,
            MISSING_LABEL,
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            fontsize=7,
            fontstyle="italic",
            color="#444444",
            zorder=3,
        )


def set_row_ticks(ax: Axes, positions: Sequence[float], names: Sequence[Any]) -> None:
    """Name the rows of a horizontal bar chart (wrapped at 34 characters) and fit the axis.

    ``positions`` and ``names`` run from the top row (``n - 1``) down to the bottom one (``0``).
    """
    ax.set_yticks(positions, [wrap(name, 34) for name in names])
    ax.set_ylim(-0.6, len(positions) - 0.4)
    ax.tick_params(axis="y", length=0)


def set_title(ax: Axes, title: str, subtitle: str | None = None) -> None:
    """Put the chart title (and an optional smaller subtitle) at the top left.

    A title longer than the room right of the axes' left edge wraps onto more lines instead of
    running off the figure. The subtitle sits a fixed 3 points above the axes, whatever the
    chart's height, and the title's pad leaves room for it.
    """
    # y fixes the title's place, as matplotlib would find it: our axes have no ticks on top
    # and no offset text. Left to itself, it measures every y tick label again at each draw.
    ax.set_title(title, loc="left", pad=14 if subtitle else 6, y=1.0, wrap=True)
    if subtitle:
        ax.annotate(
            subtitle,
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=7.5,
            color="#555555",
            va="bottom",
            ha="left",
        )


def require_columns(df: Any, columns: list[str], chart: str) -> None:
    """Raise :class:`DisplayError` when ``df`` lacks a column a chart needs."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DisplayError(f"{chart}: columns {missing} are missing; available: {list(df.columns)}")
