"""Paired bars of the house style: pagu and realisasi per programme, with the absorption."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from kumkm_utils.charts import style


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
            style.draw_missing_rows(ax, missing_rows, 0.8)
            handles.append(style.missing_patch())
        style.legend_below(fig, handles)
        ax.set_yticks(positions, [style.wrap(v, 30) for v in frame[label]])
        ax.set_ylim(-0.7, n - 0.3)
        ax.tick_params(axis="y", length=0)
        style.format_axis(ax.xaxis, unit, hi)
        ax.set_xlabel(style.axis_label("Anggaran", unit))
        style.set_title(ax, title, subtitle)
    return fig
