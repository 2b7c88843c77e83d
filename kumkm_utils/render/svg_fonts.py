"""Give a chart's SVG its font, so a browser draws the labels as matplotlib measured them.

Charts keep their text as text in DejaVu Sans (:func:`kumkm_utils.charts.style.svg_text`).
A report's HTML shows them as ``<img>`` data URIs, which cannot use fonts of the page, and
DejaVu Sans is missing on most office machines: a wider fallback font would push long
kab/kota names past the chart's edge. Each SVG of the HTML report therefore carries an
``@font-face`` with a subset of DejaVu Sans and DejaVu Sans Bold (WOFF, about 15 KB each: Latin,
Latin-1, Latin Extended-A and the punctuation and symbols reports use), made once per process
from the font files that ship with matplotlib. A character outside the subset falls back to the
viewer's fonts. The PDF does not need this: Typst draws the SVG text with the same DejaVu files.
"""

from __future__ import annotations

import base64
import io
import logging
import re
from functools import lru_cache
from pathlib import Path

FACES = (("DejaVuSans.ttf", 400), ("DejaVuSans-Bold.ttf", 700))
"""Font file and CSS weight of each embedded face (charts use regular and bold titles)."""

CHARACTERS = (
    "".join(chr(c) for c in range(0x20, 0x7F))  # Basic Latin
    + "".join(chr(c) for c in range(0xA0, 0x180))  # Latin-1 Supplement, Latin Extended-A
    + "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2030\u2212\u2264\u2265\u00d7\u2192"
)
"""Characters the embedded subset covers."""

_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """Return the ``@font-face`` rules of the embedded DejaVu Sans subset (made once)."""
    import matplotlib
    from fontTools import subset
    from fontTools.ttLib import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    rules = []
    # the subsetter logs one line per table it drops (FFTM, ...): not news to a report reader
    quiet = logging.getLogger("fontTools.subset")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        for file_name, weight in FACES:
            options = subset.Options()
            options.flavor = "woff"
            options.hinting = False
            options.layout_features = ["kern"]  # kerning as matplotlib measures; no ligatures
            options.drop_tables += ["MATH", "FFTM"]
            options.name_IDs = [0, 1, 2]
            # keep the font's own timestamp: a rebuild must give the same bytes
            font = TTFont(str(folder / file_name), recalcTimestamp=False)
            subsetter = subset.Subsetter(options)
            subsetter.populate(text=CHARACTERS)
            subsetter.subset(font)
            out = io.BytesIO()
            font.flavor = "woff"
            font.save(out)
            data = base64.b64encode(out.getvalue()).decode("ascii")
            rules.append(
                "@font-face{font-family:'DejaVu Sans';font-style:normal;"
                f"font-weight:{weight};src:url(data:font/woff;base64,{data}) format('woff')}}"
            )
    finally:
        quiet.setLevel(level)
    return "".join(rules)


def with_font(svg: str) -> str:
    """Return ``svg`` with the embedded font's ``@font-face`` rules right after ``<svg ...>``.

    An SVG without an ``<svg>`` element is returned unchanged.

    Examples
    --------
    >>> out = with_font('<svg width="1pt"><text>x</text></svg>')
    >>> out.startswith('<svg width="1pt"><defs><style>@font-face{') and out.endswith('</svg>')
    True
    """
    match = _SVG_OPEN.search(svg)
    if match is None:
        return svg
    style = f"<defs><style>{font_face_css()}</style></defs>"
    return svg[: match.end()] + style + svg[match.end() :]


__all__ = ["CHARACTERS", "font_face_css", "with_font"]
