"""The outputs the display functions publish: their MIME types, metadata and how they are sent.

Every function of :mod:`kumkm_utils.display` publishes a MIME bundle through
:func:`IPython.display.display` with ``raw=True``. Tables carry their raw data as
:data:`TABLE_MIME` so that :mod:`kumkm_utils.render` can build the Excel annex; figures carry
their caption as :data:`FIGURE_MIME`; the output metadata under :data:`KUMKM_METADATA` tells
the renderer what each output is.
"""

from __future__ import annotations

from typing import Any

TABLE_MIME = "application/vnd.kumkm.table+json"
"""MIME type of the raw table payload (the Excel annex is built from these)."""

FIGURE_MIME = "application/vnd.kumkm.figure+json"
"""MIME type of the figure payload (key, title, number, source, optional data)."""

KUMKM_METADATA = "kumkm"
"""Output-metadata key that tells the renderer what an output is (``role``)."""


def publish(bundle: dict[str, Any], metadata: dict[str, Any] | None = None) -> None:
    """Publish a raw MIME bundle with its output metadata in the running kernel."""
    from IPython.display import display

    display(bundle, raw=True, metadata=metadata or {})
