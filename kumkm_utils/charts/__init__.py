"""Matplotlib figures in the house style: one palette, Indonesian number formats, A4 width.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot (so nothing
is shown or leaked); pass it to :func:`kumkm_utils.display.figure`. Missing values are drawn
hatched grey with the legend "tidak ada data", never as zero.
"""

from __future__ import annotations

from kumkm_utils.charts.bars import bar_by_region, rank_chart
from kumkm_utils.charts.budget import budget_vs_realisation
from kumkm_utils.charts.lines import trend
from kumkm_utils.charts.shares import stacked_share
from kumkm_utils.charts.style import HOUSE_RC, SERIES, house_style
from kumkm_utils.charts.tilemap import TILE_LAYOUT, tile_map

__all__ = [
    "HOUSE_RC",
    "SERIES",
    "TILE_LAYOUT",
    "bar_by_region",
    "budget_vs_realisation",
    "house_style",
    "rank_chart",
    "stacked_share",
    "tile_map",
    "trend",
]
