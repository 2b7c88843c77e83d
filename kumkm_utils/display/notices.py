"""The banner of a report built from synthetic (or partly synthetic) data.

Real data has no banner; the renderer prints the same texts on the title page.
"""

from __future__ import annotations

import html

from kumkm_utils.display.outputs import KUMKM_METADATA, publish

SAMPLE_NOTICE_TEXT = "DATA SINTETIS — laporan ini dibuat dari data contoh, bukan data resmi"
"""The banner shown on every report built from the synthetic sample."""

MIXED_NOTICE_TEXT = (
    "DATA CAMPURAN — sebagian berkas kiriman adalah data contoh (sintetis), sebagian data asli; "
    "lihat kolom Jenis data pada tabel Berkas kiriman"
)
"""The banner of a report whose warehouse holds both synthetic and real submissions."""

NOTICE_TEXTS = {"sintetis": SAMPLE_NOTICE_TEXT, "campuran": MIXED_NOTICE_TEXT}
"""Banner text by origin of the data (:func:`kumkm_utils.indicators.kelengkapan.asal_data`);
real data (``"asli"``) has no banner."""


def notice_text(origin: bool | str | None) -> str | None:
    """Return the banner text for the origin of the data (None: real data, no banner).

    ``origin`` is ``"sintetis"``, ``"campuran"`` or ``"asli"`` (see
    :func:`kumkm_utils.indicators.kelengkapan.asal_data`), or a bool (True: synthetic);
    anything unknown is treated as synthetic, to be safe.

    Examples
    --------
    >>> notice_text("asli") is None, notice_text(False) is None
    (True, True)
    >>> notice_text("campuran").startswith("DATA CAMPURAN"), notice_text(None) == SAMPLE_NOTICE_TEXT
    (True, True)
    """
    if origin is False or origin == "asli":
        return None
    if isinstance(origin, str) and origin in NOTICE_TEXTS:
        return NOTICE_TEXTS[origin]
    return SAMPLE_NOTICE_TEXT


def sample_notice(origin: bool | str | None) -> None:
    """Show the synthetic-data banner when the report is built from the sample.

    Parameters
    ----------
    origin : bool or str
        ``"sintetis"`` / True (all synthetic), ``"campuran"`` (synthetic and real
        submissions), ``"asli"`` / False (real data only: nothing is shown). See
        :func:`notice_text`.
    """
    text_ = notice_text(origin)
    if text_ is None:
        return
    body = (
        '<div class="kumkm-sample-notice" '
        'style="border:2px solid #b42318;background-color:#fef3f2;color:#7a271a;'
        'padding:8px 12px;font-weight:bold;">'
        f"{html.escape(text_)}</div>"
    )
    publish(
        {"text/html": body, "text/plain": text_},
        {KUMKM_METADATA: {"role": "sample-notice", "text": text_}},
    )
