"""Widths of text set in DejaVu Sans, from the font files the PDF embeds (for table layout).

Typst sizes table columns itself only from their unbroken content, which lets a long header
push numbers onto two lines. The PDF renderer therefore computes column widths up front, and
needs how wide a cell's text will be: the sum of the glyph advances of DejaVu Sans (kerning
ignored, a few percent at most), read once from the TrueType files with fontTools.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


@lru_cache(maxsize=2)
def _advances(file_name: str) -> tuple[dict[int, float], float]:
    """Advance width in em of every character of a font, and a fallback for missing ones."""
    import matplotlib
    from fontTools.ttLib import TTFont

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / file_name
    font = TTFont(str(path), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    cmap = font.getBestCmap()
    widths = {code: metrics[glyph][0] / units for code, glyph in cmap.items() if glyph in metrics}
    fallback = metrics[cmap[ord("M")]][0] / units
    font.close()
    return widths, fallback


@lru_cache(maxsize=65536)
def width_em(text: str, bold: bool = False) -> float:
    """Width of ``text`` in em (multiply by the font size in points to get points).

    Examples
    --------
    >>> round(width_em("0"), 3)
    0.636
    >>> width_em("Rp 1,2 M") < width_em("Rp 1,2 M", bold=True)
    True
    """
    widths, fallback = _advances(BOLD if bold else REGULAR)
    return sum(widths.get(ord(ch), fallback) for ch in text)


__all__ = ["width_em"]
