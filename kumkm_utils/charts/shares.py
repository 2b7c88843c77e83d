"""100% stacked bars of the house style: the share of each part per row (e.g. size classes)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from kumkm_utils.charts import style
from kumkm_utils.exceptions import DisplayError


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
            style.draw_missing_rows(ax, positions[~ok], 0.7)
        handles, _ = ax.get_legend_handles_labels()
        if (~ok).any():
            handles.append(style.missing_patch())
        style.legend_below(fig, handles)
        ax.set_xlim(0, 100)
        style.set_row_ticks(ax, positions, frame[label])
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
