"""Bar charts of the house style: one value per kab/kota, and provinces ranked."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from kumkm_utils.charts import style

BAR_HEIGHT_IN = 0.2
"""Height per bar of a horizontal bar chart, in inches: the 38-province ranking (8,5 in) leaves
room on a printed page for the end of its table."""


def _as_set(highlight: str | Sequence[str] | None) -> set[str]:
    if highlight is None:
        return set()
    if isinstance(highlight, str):
        return {highlight}
    return {str(h) for h in highlight}


def _horizontal_bars(
    df: pd.DataFrame,
    value: str,
    label: str,
    *,
    title: str,
    unit: str | None,
    highlight: str | Sequence[str] | None,
    reference_line: float | None,
    reference_label: str | None,
    xlabel: str | None,
    ranked: bool,
    subtitle: str | None,
) -> Figure:
    style.require_columns(df, [value, label], "bar chart")
    if reference_line is not None and pd.isna(reference_line):
        reference_line = None  # a missing province value draws no line (pd.NA breaks np.isnan)
    ordered, n_present = _largest_first(df, value, label)
    n = len(ordered)
    marked = _as_set(highlight)

    with style.house_style():
        fig, ax = style.new_figure(0.9 + BAR_HEIGHT_IN * max(n, 1))
        ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
        ax.grid(False, axis="y")
        positions = np.arange(n)[::-1].astype(float)  # largest at the top
        labels = _row_labels(ordered[label], n_present, ranked=ranked)
        values = ordered[value].to_numpy(dtype=float)
        has = ~np.isnan(values)
        names = ordered[label].astype(str)
        colours = [style.ACCENT if name in marked else style.PRIMARY for name in names]
        _draw_bars(ax, positions, values, colours)

        finite = values[has]
        span = _set_value_limits(ax, finite, reference_line)
        # as many decimals as the values need to be told apart (0,03% vs 0,05%)
        shown = [*finite, *([reference_line] if reference_line is not None else [])]
        decimals = style.label_decimals(shown, unit)
        _label_bar_ends(ax, positions[has], finite, span, unit, decimals)
        _bars_legend(
            fig,
            ax,
            reference_line,
            reference_label,
            unit=unit,
            decimals=decimals,
            any_marked=bool(marked & set(names)),
            any_missing=bool((~has).any()),
        )

        style.set_row_ticks(ax, positions, labels)
        style.format_axis(ax.xaxis, unit, span)
        ax.set_xlabel(style.axis_label(xlabel or value, unit))
        style.set_title(ax, title, subtitle)
    return fig


def _largest_first(df: pd.DataFrame, value: str, label: str) -> tuple[pd.DataFrame, int]:
    """Rows with a value, largest first (ties in table order), then the rows without one.

    Returns the rows (label and numeric value) and how many of them have a value.
    """
    data = df[[label, value]].copy()
    data[value] = pd.to_numeric(data[value], errors="coerce")
    present = data[data[value].notna()].sort_values(value, ascending=False, kind="stable")
    missing = data[data[value].isna()]
    return pd.concat([present, missing]), len(present)


def _row_labels(names: pd.Series, n_present: int, *, ranked: bool) -> list[str]:
    """Names of the rows; in a ranking the rows with a value are numbered ("1. Jawa Timur")."""
    labels = [str(v) for v in names]
    if ranked:
        labels = [f"{i + 1}. {name}" if i < n_present else name for i, name in enumerate(labels)]
    return labels


def _draw_bars(ax: Axes, positions: np.ndarray, values: np.ndarray, colours: list[str]) -> None:
    """Draw a bar for each row with a value and a hatched band for each row without one."""
    has = ~np.isnan(values)
    ax.barh(
        positions[has],
        values[has],
        height=0.7,
        color=[c for c, h in zip(colours, has, strict=True) if h],
        zorder=2,
    )
    if (~has).any():
        style.draw_missing_rows(ax, positions[~has], 0.7)


def _set_value_limits(ax: Axes, finite: np.ndarray, reference_line: float | None) -> float:
    """Fit the value axis to zero, the bars and the reference line; return its span."""
    lo = min(0.0, float(finite.min())) if finite.size else 0.0
    hi = max(0.0, float(finite.max())) if finite.size else 1.0
    if reference_line is not None and not np.isnan(reference_line):
        hi = max(hi, float(reference_line))
    span = (hi - lo) or 1.0
    # room for the value labels beside the bar ends: right of positive bars, left of
    # negative ones (there they would otherwise cover the region names)
    ax.set_xlim(lo - (0.16 * span if lo < 0 else 0), hi + 0.16 * span)
    return span


def _label_bar_ends(
    ax: Axes,
    positions: np.ndarray,
    finite: np.ndarray,
    span: float,
    unit: str | None,
    decimals: int,
) -> None:
    """Write each bar's value beside its end (outside the bar, whatever its sign)."""
    for y, v in zip(positions, finite, strict=True):
        ax.text(
            v + 0.01 * span if v >= 0 else v - 0.01 * span,
            y,
            style.value_text(v, unit, decimals),
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=7,
            color=style.TEXT,
            zorder=3,
        )


def _bars_legend(
    fig: Figure,
    ax: Axes,
    reference_line: float | None,
    reference_label: str | None,
    *,
    unit: str | None,
    decimals: int,
    any_marked: bool,
    any_missing: bool,
) -> None:
    """Draw the reference line and put the legend (reference, "disorot", missing) under the plot.

    The legend is left out when none of the three is on the chart.
    """
    handles: list = []
    if reference_line is not None and not np.isnan(reference_line):
        text = reference_label or "Acuan"
        ax.axvline(reference_line, color=style.REFERENCE, linestyle="--", linewidth=1.1, zorder=4)
        handles.append(ax.get_lines()[-1])
        handles[-1].set_label(f"{text}: {style.value_text(reference_line, unit, decimals)}")
    if any_marked:
        handles.append(Patch(color=style.ACCENT, label="disorot"))
    if any_missing:
        handles.append(style.missing_patch())
    if handles:
        style.legend_below(fig, handles)


def bar_by_region(
    df: pd.DataFrame,
    value: str,
    label: str,
    *,
    title: str,
    unit: str | None,
    highlight: str | Sequence[str] | None = None,
    reference_line: float | None = None,
    reference_label: str | None = "Provinsi",
    xlabel: str | None = None,
    subtitle: str | None = None,
) -> Figure:
    """Horizontal bars of one value per kab/kota, largest on top.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per kab/kota.
    value : str
        Column with the value (percent points when ``unit`` is "%", rupiah when "Rp").
    label : str
        Column with the kab/kota name.
    title : str
        Chart title (Bahasa Indonesia).
    unit : str or None
        Unit of the value; drives the number format of the axis and labels.
    highlight : str or sequence of str, optional
        Names drawn in the accent colour.
    reference_line : float, optional
        A value drawn as a dashed vertical line (e.g. the provincial figure).
    reference_label : str, optional
        Legend text of the reference line.
    xlabel : str, optional
        Axis label (default: the value column's name); the unit is appended.
    subtitle : str, optional
        Smaller line under the title (e.g. the year).

    Returns
    -------
    matplotlib.figure.Figure
        Rows without a value are drawn as hatched bands "tidak ada data" at the bottom.

    Raises
    ------
    DisplayError
        If a column is missing.
    """
    return _horizontal_bars(
        df,
        value,
        label,
        title=title,
        unit=unit,
        highlight=highlight,
        reference_line=reference_line,
        reference_label=reference_label,
        xlabel=xlabel,
        ranked=False,
        subtitle=subtitle,
    )


def rank_chart(
    df: pd.DataFrame,
    value: str,
    label: str,
    *,
    title: str,
    unit: str | None,
    highlight: str | Sequence[str] | None = None,
    reference_line: float | None = None,
    reference_label: str | None = "Nasional",
    xlabel: str | None = None,
    subtitle: str | None = None,
) -> Figure:
    """Ranked horizontal bars of provinces ("1. Jawa Timur", ...), missing ones unranked.

    Parameters are those of :func:`bar_by_region`; ``label`` holds province names and the
    reference line defaults to the national value.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return _horizontal_bars(
        df,
        value,
        label,
        title=title,
        unit=unit,
        highlight=highlight,
        reference_line=reference_line,
        reference_label=reference_label,
        xlabel=xlabel,
        ranked=True,
        subtitle=subtitle,
    )
