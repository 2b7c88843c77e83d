"""Line charts of the house style: five-year trends of one or more indicators."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kumkm_utils.charts import style
from kumkm_utils.exceptions import DisplayError


def trend(
    df: pd.DataFrame,
    x: str,
    ys: str | Sequence[str],
    *,
    title: str,
    unit: str | None,
    labels: Sequence[str] | None = None,
    ylabel: str | None = None,
    subtitle: str | None = None,
    target: float | None = None,
    target_label: str = "Target",
) -> Figure:
    """Lines of one or more series over the years, with the value of the last year labelled.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per year.
    x : str
        Column with the year (integers).
    ys : str or sequence of str
        Column(s) with the values.
    title : str
        Chart title.
    unit : str or None
        Unit of the values ("%", "Rp", "unit", ...).
    labels : sequence of str, optional
        Legend labels of the series (default: column names).
    ylabel : str, optional
        Axis label (default: the only series' name, or "Nilai"); the unit is appended.
    subtitle : str, optional
        Smaller line under the title.
    target : float, optional
        A target drawn as a dashed horizontal line.
    target_label : str, default "Target"
        Legend text of the target line.

    Returns
    -------
    matplotlib.figure.Figure
        Missing years are gaps in the line (never zero), marked by a hatched grey band
        with the legend entry "tidak ada data".

    Raises
    ------
    DisplayError
        If a column is missing or the labels do not match the series.
    """
    series = [ys] if isinstance(ys, str) else list(ys)
    style.require_columns(df, [x, *series], "trend")
    names = list(labels) if labels is not None else series
    if len(names) != len(series):
        raise DisplayError(f"trend: {len(series)} series but {len(names)} labels")
    frame = df[[x, *series]].copy().sort_values(x)
    years = pd.to_numeric(frame[x], errors="coerce").to_numpy(dtype=float)
    values = frame[series].apply(pd.to_numeric, errors="coerce")

    with style.house_style():
        fig, ax = style.new_figure(2.9)
        ax.grid(False, axis="x")
        any_missing = False
        lo, hi, span = _value_range(values, target)
        for i, (column, name) in enumerate(zip(series, names, strict=True)):
            colour = style.SERIES[i % len(style.SERIES)]
            y = values[column].to_numpy(dtype=float)
            gaps = _draw_series(ax, years, y, colour=colour, name=name, unit=unit)
            any_missing = any_missing or gaps
        _trend_legend(fig, ax, target, target_label, unit=unit, any_missing=any_missing)
        _set_year_ticks(ax, years)
        ax.set_ylim(lo, hi + 0.12 * span)
        ax.yaxis.set_major_formatter(style.axis_formatter(unit, span))
        default_label = names[0] if len(names) == 1 else "Nilai"
        ax.set_ylabel(style.axis_label(ylabel or default_label, unit))
        ax.set_xlabel("Tahun")
        style.set_title(ax, title, subtitle)
    return fig


def _value_range(values: pd.DataFrame, target: float | None) -> tuple[float, float, float]:
    """Lower and upper end of the value axis (zero, the values and the target) and its span."""
    finite = values.to_numpy(dtype=float)
    finite = finite[~np.isnan(finite)]
    lo = min(0.0, float(finite.min())) if finite.size else 0.0
    hi = float(finite.max()) if finite.size else 1.0
    if target is not None:
        hi = max(hi, target)
    span = (hi - lo) or 1.0
    return lo, hi, span


def _draw_series(
    ax: Axes, years: np.ndarray, y: np.ndarray, *, colour: str, name: str, unit: str | None
) -> bool:
    """Draw one series: its line, a hatched band on each missing year, its last value.

    Returns whether the series misses a year.
    """
    ax.plot(
        years,
        y,
        marker="o",
        markersize=4,
        linewidth=1.8,
        color=colour,
        label=name,
        zorder=3,
    )
    gaps = np.isnan(y)
    for year in years[gaps]:
        ax.axvspan(
            year - 0.3,
            year + 0.3,
            facecolor=style.MISSING,
            edgecolor="#7f7f7f",
            hatch=style.MISSING_HATCH,
            linewidth=0.0,
            alpha=0.5,
            zorder=1,
        )
    ok = np.flatnonzero(~gaps)
    if ok.size:
        last = ok[-1]
        ax.annotate(
            style.value_text(y[last], unit),
            (years[last], y[last]),
            xytext=(5, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color=colour,
        )
    return bool(gaps.any())


def _trend_legend(
    fig: Figure,
    ax: Axes,
    target: float | None,
    target_label: str,
    *,
    unit: str | None,
    any_missing: bool,
) -> None:
    """Draw the target line and put the legend under the plot.

    A single series without target or missing years needs no legend: the title names it.
    """
    handles, _ = ax.get_legend_handles_labels()
    if target is not None:
        ax.axhline(target, color=style.REFERENCE, linestyle="--", linewidth=1.1)
        handles.append(
            Line2D(
                [],
                [],
                color=style.REFERENCE,
                linestyle="--",
                label=f"{target_label}: {style.value_text(target, unit)}",
            )
        )
    if any_missing:
        handles.append(style.missing_patch())
    if len(handles) > 1 or any_missing:
        style.legend_below(fig, handles)


def _set_year_ticks(ax: Axes, years: np.ndarray) -> None:
    """Put a tick on each year (without a thousands separator) and room right of the last."""
    valid_years = years[~np.isnan(years)]
    if valid_years.size:
        ax.set_xticks(valid_years, [str(int(v)) for v in valid_years])
        ax.set_xlim(valid_years.min() - 0.3, valid_years.max() + 0.6)
