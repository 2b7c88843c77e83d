"""Report figures: a matplotlib chart shown as a numbered SVG with a PNG copy and a caption.

The figure's payload (:data:`kumkm_utils.display.outputs.FIGURE_MIME`) carries its key, title,
number, source and optionally the data behind it; the renderer draws its own caption from it.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from kumkm_utils import config
from kumkm_utils.display.numbering import number as running_number
from kumkm_utils.display.outputs import FIGURE_MIME, KUMKM_METADATA, publish
from kumkm_utils.display.tables import table_payload
from kumkm_utils.exceptions import DisplayError

PNG_FALLBACK_DPI = 100
"""Resolution of the PNG copy attached to every chart. JupyterLab shows SVG only in a trusted
notebook; an untrusted one (a papermill output, a report folder from a colleague) falls back to
the PNG instead of showing only the caption. Rasterising costs about as much as writing the SVG
(0.07-0.4 s per chart, more for the 38-province rankings)."""

PNG_FALLBACK_ENV = config.PNG_FALLBACK_ENV
"""Set to ``0`` to leave the PNG copies out (the runner does: its notebooks are signed)."""


def _png_fallback_wanted() -> bool:
    import os

    return os.environ.get(PNG_FALLBACK_ENV, "1").strip() not in {"0", "false", "tidak"}


def png_base64(fig: Any, *, dpi: int = PNG_FALLBACK_DPI) -> str:
    """Return the figure as a base64 PNG (the fallback JupyterLab shows when untrusted)."""
    import base64
    import io

    import matplotlib.pyplot as plt

    from kumkm_utils.charts.style import HOUSE_RC

    buffer = io.BytesIO()
    with plt.rc_context(HOUSE_RC):
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figure(
    fig: Any,
    *,
    key: str,
    title: str,
    source: str | None = None,
    data: pd.DataFrame | None = None,
) -> None:
    """Show a matplotlib figure as an SVG with a numbered caption, then close it.

    The SVG keeps its text as text (``svg.fonttype: none``, font DejaVu Sans): sharp in print
    and on screen, searchable, and quicker to write than a 150 dpi PNG (no rasterising, no PNG
    compression). The report renderer gives the HTML copy the font
    (:mod:`kumkm_utils.render.svg_fonts`); the PDF is typeset with the same font.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (e.g. from :mod:`kumkm_utils.charts`).
    key : str
        Unique key of the figure in the report.
    title : str
        Caption in Bahasa Indonesia; shown as "Gambar n. <title>".
    source : str, optional
        Source line under the figure ("Sumber: ...").
    data : pandas.DataFrame, optional
        The data behind the chart; attached to the figure payload (not to the annex).

    Raises
    ------
    DisplayError
        If ``fig`` is not a matplotlib figure or the key is invalid or reused.
    """
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise DisplayError(f"figure {key!r} needs a matplotlib Figure, got {type(fig).__name__}")
    number = running_number("figure", key, title)
    from kumkm_utils.charts.style import svg_text

    try:
        svg = svg_text(fig, key=key)
        png = png_base64(fig) if _png_fallback_wanted() else None
    finally:
        plt.close(fig)
    caption = f"Gambar {number}. {title}"
    payload: dict[str, Any] = {
        "key": key,
        "title": title,
        "number": number,
        "source": source,
    }
    if data is not None:
        payload["data"] = table_payload(data, key=key, title=title)
    publish(
        {
            "image/svg+xml": svg,
            **({"image/png": png} if png else {}),
            "text/plain": caption,
            FIGURE_MIME: payload,
        },
        {KUMKM_METADATA: {"role": "figure", "key": key}},
    )
    # The caption is a separate output so JupyterLab shows it under the image; the
    # renderer draws its own caption from the payload and skips this one.
    lines = [f'<p class="kumkm-figcaption"><strong>{html.escape(caption)}</strong></p>']
    if source:
        lines.append(f'<p class="kumkm-source">Sumber: {html.escape(source)}</p>')
    publish(
        {"text/html": "\n".join(lines), "text/plain": caption},
        {KUMKM_METADATA: {"role": "caption", "key": key}},
    )
