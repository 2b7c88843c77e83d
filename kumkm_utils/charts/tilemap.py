"""A tile-grid map of Indonesia's 38 provinces, coloured by one value (national roll-up)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from kumkm_utils.charts import style
from kumkm_utils.exceptions import DisplayError

# Hand-placed grid, roughly west -> east (column) and north -> south (row), so that the
# islands stay recognisable: Sumatra on the left, Java and Nusa Tenggara along the
# bottom, Kalimantan and Sulawesi in the middle, Maluku and the six Papua provinces on the
# right. Values: (column, row, short name).
TILE_LAYOUT: dict[str, tuple[int, int, str]] = {
    "11": (0, 0, "Aceh"),
    "12": (1, 1, "Sumut"),
    "14": (2, 1, "Riau"),
    "21": (3, 1, "Kepri"),
    "13": (1, 2, "Sumbar"),
    "15": (2, 2, "Jambi"),
    "19": (3, 2, "Babel"),
    "17": (1, 3, "Bkl"),
    "16": (2, 3, "Sumsel"),
    "18": (3, 3, "Lpg"),
    "31": (4, 3, "DKI"),
    "36": (3, 4, "Banten"),
    "32": (4, 4, "Jabar"),
    "33": (5, 4, "Jateng"),
    "34": (5, 5, "DIY"),
    "35": (6, 4, "Jatim"),
    "51": (7, 4, "Bali"),
    "52": (8, 4, "NTB"),
    "53": (9, 4, "NTT"),
    "61": (5, 2, "Kalbar"),
    "62": (6, 2, "Kalteng"),
    "65": (7, 1, "Kaltara"),
    "64": (7, 2, "Kaltim"),
    "63": (7, 3, "Kalsel"),
    "75": (9, 1, "Gtlo"),
    "71": (10, 1, "Sulut"),
    "76": (8, 2, "Sulbar"),
    "72": (9, 2, "Sulteng"),
    "73": (8, 3, "Sulsel"),
    "74": (9, 3, "Sultra"),
    "82": (11, 1, "Malut"),
    "81": (11, 2, "Maluku"),
    "96": (12, 1, "PBD"),
    "92": (13, 1, "Pabar"),
    "91": (14, 1, "Papua"),
    "94": (13, 2, "Papteng"),
    "95": (14, 2, "Papeg"),
    "93": (14, 3, "Papsel"),
}
"""Province code -> (column, row, short label) of the tile map."""


def tile_map(
    values_by_province: Mapping[str, float] | pd.Series,
    *,
    title: str,
    unit: str | None,
    highlight: str | None = None,
    subtitle: str | None = None,
    cmap: str = style.SEQUENTIAL,
) -> Figure:
    """Draw the 38 provinces as tiles coloured by a value, with the value in each tile.

    Parameters
    ----------
    values_by_province : mapping or pandas.Series
        Province code (``"74"``) -> value; provinces absent or missing are drawn hatched
        grey, "tidak ada data".
    title : str
        Chart title.
    unit : str or None
        Unit of the values ("%", "Rp", ...).
    highlight : str, optional
        Province code outlined in the accent colour.
    subtitle : str, optional
        Smaller line under the title.
    cmap : str, default "YlGnBu"
        Matplotlib colormap name.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    DisplayError
        If a key is not one of the 38 province codes.
    """
    values = {str(k): v for k, v in dict(values_by_province).items()}
    unknown = sorted(set(values) - set(TILE_LAYOUT))
    if unknown:
        raise DisplayError(
            f"tile_map: unknown province codes {unknown}; use 2-character codes like '74'"
        )
    numeric = {k: float(v) for k, v in values.items() if not style.formatting.is_missing(v)}
    vmin, vmax = _colour_range(numeric.values())
    norm = Normalize(vmin=vmin, vmax=vmax)
    colormap = mpl.colormaps[cmap]
    n_cols = 1 + max(c for c, _, _ in TILE_LAYOUT.values())
    n_rows = 1 + max(r for _, r, _ in TILE_LAYOUT.values())

    with style.house_style():
        # Tiles a bit wider than tall leave room for a short name and a value.
        fig, ax = style.new_figure(0.33 * n_rows + 1.3)
        ax.grid(False)
        ax.set_axis_off()
        any_missing = False
        for code, (col, row, short) in TILE_LAYOUT.items():
            value = numeric.get(code)
            any_missing = any_missing or value is None
            colours = _tile_colours(value, colormap, norm)
            _draw_tile(ax, (col, n_rows - 1 - row), short, value, unit, colours, code == highlight)
        ax.set_xlim(0, n_cols)
        ax.set_ylim(-0.1, n_rows)
        _colour_bar(fig, ax, norm, colormap, unit, vmax - vmin)
        if any_missing:
            patch = style.missing_patch()
            patch.set_label(f"t.a.d. = {style.MISSING_LABEL}")
            ax.legend(handles=[patch], loc="lower left", fontsize=7)
        style.set_title(ax, title, subtitle)
    return fig


def _colour_range(values: Iterable[float]) -> tuple[float, float]:
    """Lowest and highest value of the colour scale (0-1 without values, +-1 around one value)."""
    finite = np.array(list(values), dtype=float)
    vmin = float(finite.min()) if finite.size else 0.0
    vmax = float(finite.max()) if finite.size else 1.0
    if vmin == vmax:
        vmin, vmax = vmin - 1, vmax + 1
    return vmin, vmax


def _tile_colours(
    value: float | None, colormap: Colormap, norm: Normalize
) -> tuple[Any, str | None, str]:
    """Return the fill, hatch and text colour of a tile.

    A tile without a value is hatched grey; one with a value has the value's colour and white
    or near-black text, whichever reads better on it.
    """
    if value is None:
        return style.MISSING, style.MISSING_HATCH, "#333333"
    rgba = colormap(norm(value))
    luminance = 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]
    return rgba, None, "white" if luminance < 0.5 else "#111111"


def _draw_tile(
    ax: Axes,
    corner: tuple[int, int],
    short: str,
    value: float | None,
    unit: str | None,
    colours: tuple[Any, str | None, str],
    highlighted: bool,
) -> None:
    """Draw one province's tile at grid cell ``corner`` with its short name and value.

    ``colours`` are the fill, hatch and text colour (:func:`_tile_colours`); a highlighted
    tile is outlined in the accent colour.
    """
    col, y = corner
    face, hatch, fg = colours
    ax.add_patch(
        Rectangle(
            (col + 0.04, y + 0.04),
            0.92,
            0.92,
            facecolor=face,
            hatch=hatch,
            edgecolor=style.ACCENT if highlighted else "white",
            linewidth=2.0 if highlighted else 0.8,
        )
    )
    ax.text(
        col + 0.5,
        y + 0.64,
        short,
        ha="center",
        va="center",
        fontsize=5.6,
        color=fg,
        fontweight="bold",
    )
    shown = style.value_text(value, unit) if value is not None else "t.a.d."
    ax.text(col + 0.5, y + 0.3, shown, ha="center", va="center", fontsize=5.4, color=fg)


def _colour_bar(
    fig: Figure, ax: Axes, norm: Normalize, colormap: Colormap, unit: str | None, span: float
) -> None:
    """Add the colour scale under the map, its ticks in the unit's format."""
    mappable = mpl.cm.ScalarMappable(norm=norm, cmap=colormap)
    bar = fig.colorbar(
        mappable,
        ax=ax,
        orientation="horizontal",
        fraction=0.05,
        pad=0.02,
        shrink=0.5,
        aspect=30,
    )
    bar.ax.xaxis.set_major_formatter(style.axis_formatter(unit, span))
    bar.ax.tick_params(labelsize=7)
    bar.set_label(style.axis_label("Nilai", unit), fontsize=7.5)
