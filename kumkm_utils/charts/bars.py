"""Bar charts of the house style: kab/kota bars, province ranks, shares, pagu vs realisasi."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from kumkm_utils.charts import style
from kumkm_utils.exceptions import DisplayError

BAR_HEIGHT_IN = 0.2
"""Height per bar of a horizontal bar chart, in inches: the 38-province ranking (8,5 in) leaves
room on a printed page for the end of its table."""


def _as_set(highlight: str | Sequence[str] | None) -> set[str]:
    if highlight is None:
        return set()
    if isinstance(highlight, str):
        return {highlight}
    return {str(h) for h in highlight}


def _draw_missing_rows(ax: Axes, positions: Sequence[float], height: float) -> None:
    """Draw hatched bands across the whole axis for rows without data."""
    for y in positions:
        ax.axhspan(
            y - height / 2,
            y + height / 2,
            facecolor=style.MISSING,
            edgecolor="#7f7f7f",
            hatch=style.MISSING_HATCH,
            linewidth=0.0,
            alpha=0.6,
            zorder=1,
        )
        ax.text(
            0.01,
            y,
            style.MISSING_LABEL,
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            fontsize=7,
            fontstyle="italic",
            color="#444444",
            zorder=3,
        )


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

        _set_row_ticks(ax, positions, labels)
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
        _draw_missing_rows(ax, positions[~has], 0.7)


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


def _set_row_ticks(ax: Axes, positions: np.ndarray, names: Sequence) -> None:
    """Name the rows of a horizontal bar chart (long names wrapped) and fit the rows."""
    ax.set_yticks(positions, [style.wrap(name, 34) for name in names])
    ax.set_ylim(-0.6, len(positions) - 0.4)
    ax.tick_params(axis="y", length=0)


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


def stacked_share(
    df: pd.DataFrame,
    label: str,
    parts: Sequence[str],
    *,
    title: str,
    part_labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    subtitle: str | None = None,
    sort_by: str | None = None,
) -> Figure:
    """100% stacked horizontal bars: the share of each part per row (e.g. size class by kab/kota).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per kab/kota (or any category), one column per part holding counts.
    label : str
        Column with the row names.
    parts : sequence of str
        Count columns, stacked left to right.
    title : str
        Chart title.
    part_labels : sequence of str, optional
        Legend labels of the parts (default: the column names).
    colors : sequence of str, optional
        Colours of the parts (default: the house palette).
    subtitle : str, optional
        Smaller line under the title.
    sort_by : str, optional
        Part whose share orders the rows (largest on top); default: table order.

    Returns
    -------
    matplotlib.figure.Figure
        Shares are computed per row from the counts (count / row total); rows whose total
        is zero or missing are drawn hatched "tidak ada data".

    Raises
    ------
    DisplayError
        If a column is missing or the labels do not match the parts.
    """
    parts = list(parts)
    style.require_columns(df, [label, *parts], "stacked_share")
    names = list(part_labels) if part_labels is not None else parts
    if len(names) != len(parts):
        raise DisplayError(f"stacked_share: {len(parts)} parts but {len(names)} part_labels")
    palette = list(colors) if colors is not None else list(style.SERIES)
    frame = _row_shares(df, label, parts, sort_by)
    ok = frame[parts].notna().any(axis=1).to_numpy()
    n = len(frame)

    with style.house_style():
        fig, ax = style.new_figure(1.2 + 0.24 * max(n, 1))
        ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
        ax.grid(False, axis="y")
        positions = np.arange(n)[::-1].astype(float)
        _stack_parts(ax, frame, parts, names, palette, positions, ok)
        if (~ok).any():
            _draw_missing_rows(ax, positions[~ok], 0.7)
        handles, _ = ax.get_legend_handles_labels()
        if (~ok).any():
            handles.append(style.missing_patch())
        style.legend_below(fig, handles)
        ax.set_xlim(0, 100)
        _set_row_ticks(ax, positions, frame[label])
        ax.xaxis.set_major_formatter(style.axis_formatter("%"))
        ax.set_xlabel("Persentase (%)")
        style.set_title(ax, title, subtitle)
    return fig


def _row_shares(
    df: pd.DataFrame, label: str, parts: list[str], sort_by: str | None
) -> pd.DataFrame:
    """Each row's parts in percent of the row's total, the label first.

    Rows whose total is zero or missing (all their shares missing) come last; the others keep
    the table order or, with ``sort_by``, are ordered by that part's share, largest first.
    """
    counts = df[parts].apply(pd.to_numeric, errors="coerce")
    total = counts.sum(axis=1, min_count=1)
    shares = counts.div(total.where(total > 0), axis=0) * 100
    frame = pd.concat([df[[label]].reset_index(drop=True), shares.reset_index(drop=True)], axis=1)
    valid = total.reset_index(drop=True) > 0
    if sort_by is not None:
        if sort_by not in parts:
            raise DisplayError(f"stacked_share: sort_by {sort_by!r} is not one of {parts}")
        return pd.concat(
            [frame[valid].sort_values(sort_by, ascending=False, kind="stable"), frame[~valid]]
        )
    return pd.concat([frame[valid], frame[~valid]])


def _stack_parts(
    ax: Axes,
    frame: pd.DataFrame,
    parts: list[str],
    names: list[str],
    palette: list[str],
    positions: np.ndarray,
    ok: np.ndarray,
) -> None:
    """Stack the parts' shares of each row with data left to right (0-100), each in its colour."""
    left = np.zeros(len(frame))
    for i, (part, name) in enumerate(zip(parts, names, strict=True)):
        widths = frame[part].fillna(0).to_numpy(dtype=float)
        ax.barh(
            positions[ok],
            widths[ok],
            left=left[ok],
            height=0.7,
            color=palette[i % len(palette)],
            label=name,
            zorder=2,
            edgecolor="white",
            linewidth=0.4,
        )
        _label_segments(ax, positions[ok], left[ok], widths[ok])
        left = left + widths


def _label_segments(ax: Axes, positions: np.ndarray, left: np.ndarray, widths: np.ndarray) -> None:
    """Write the share in the middle of each segment wide enough to hold it (8 points or more)."""
    for y, x0, w in zip(positions, left, widths, strict=True):
        if w >= 8:
            ax.text(
                x0 + w / 2,
                y,
                style.value_text(w, "%"),
                ha="center",
                va="center",
                fontsize=6.5,
                color="white",
                zorder=3,
            )


def budget_vs_realisation(
    df: pd.DataFrame,
    label: str,
    pagu: str,
    realisasi: str,
    *,
    title: str,
    unit: str = "Rp",
    subtitle: str | None = None,
) -> Figure:
    """Pagu and realisasi per programme as paired bars, with the absorption in percent.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per programme (or sub-activity, or funding source).
    label : str
        Column with the programme name.
    pagu, realisasi : str
        Columns with the budget ceiling and the realised spending.
    title : str
        Chart title.
    unit : str, default "Rp"
        Unit of the amounts ("Rp" for rupiah).
    subtitle : str, optional
        Smaller line under the title.

    Returns
    -------
    matplotlib.figure.Figure
        Rows are ordered by pagu, largest on top; the label at the end of each pair is
        realisasi / pagu x 100 of that row ("tidak ada data" when either is missing).

    Raises
    ------
    DisplayError
        If a column is missing.
    """
    style.require_columns(df, [label, pagu, realisasi], "budget_vs_realisation")
    frame = df[[label, pagu, realisasi]].copy()
    frame[pagu] = pd.to_numeric(frame[pagu], errors="coerce")
    frame[realisasi] = pd.to_numeric(frame[realisasi], errors="coerce")
    frame = frame.sort_values(pagu, ascending=False, na_position="last", kind="stable")
    n = len(frame)
    p = frame[pagu].to_numpy(dtype=float)
    r = frame[realisasi].to_numpy(dtype=float)

    with style.house_style():
        fig, ax = style.new_figure(1.1 + 0.42 * max(n, 1))
        ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
        ax.grid(False, axis="y")
        positions = np.arange(n)[::-1].astype(float)
        h = 0.38
        hp, hr = ~np.isnan(p), ~np.isnan(r)
        ax.barh(positions[hp] + h / 2, p[hp], height=h, color=style.LIGHT, label="Pagu", zorder=2)
        ax.barh(
            positions[hr] - h / 2, r[hr], height=h, color=style.PRIMARY, label="Realisasi", zorder=2
        )
        finite = np.concatenate([p[hp], r[hr]])
        hi = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
        ax.set_xlim(0, hi * 1.3)
        for y, pv, rv in zip(positions, p, r, strict=True):
            if np.isnan(pv) and np.isnan(rv):
                continue  # the whole row is drawn as "tidak ada data" below
            if np.isnan(pv) or np.isnan(rv) or pv <= 0:
                text = f"serapan: {style.MISSING_LABEL}"
                x = np.nanmax([pv, rv])
            else:
                text = f"serapan {style.value_text(rv / pv * 100, '%')}"
                x = max(pv, rv)
            ax.text(x + 0.01 * hi, y, text, va="center", ha="left", fontsize=7, zorder=3)
        handles, _ = ax.get_legend_handles_labels()
        missing_rows = [
            y for y, pv, rv in zip(positions, p, r, strict=True) if np.isnan(pv) and np.isnan(rv)
        ]
        if missing_rows:
            _draw_missing_rows(ax, missing_rows, 0.8)
            handles.append(style.missing_patch())
        style.legend_below(fig, handles)
        ax.set_yticks(positions, [style.wrap(v, 30) for v in frame[label]])
        ax.set_ylim(-0.7, n - 0.3)
        ax.tick_params(axis="y", length=0)
        style.format_axis(ax.xaxis, unit, hi)
        ax.set_xlabel(style.axis_label("Anggaran", unit))
        style.set_title(ax, title, subtitle)
    return fig
