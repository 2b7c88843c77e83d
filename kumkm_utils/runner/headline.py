"""Headline indicators a report notebook hands to the runner (for the index page).

The notebook calls, near its end::

    from kumkm_utils.runner import record_headline
    record_headline(output_dir, {"Koperasi aktif (%)": 68.2, "RAT (% dari aktif)": 18.3},
                    is_synthetic=is_synthetic)

which writes ``ringkasan.json`` into the report's output folder. The runner reads it after the
run: the headline goes to the manifest and the index page, ``is_synthetic`` to the renderer
(the synthetic-data watermark). This is the one way the runner learns whether a report is
synthetic; a report that records nothing is treated as synthetic, to be safe.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path

from kumkm_utils.exceptions import ParameterError

logger = logging.getLogger(__name__)

HEADLINE_FILE = "ringkasan.json"


def _check_value(label: str, value: object) -> object:
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (int, float)):
        return value
    try:  # numpy and pandas scalars
        return value.item()  # type: ignore[attr-defined]
    except AttributeError as err:
        raise ParameterError(
            f"headline {label!r} must be a number, text or None, got {type(value).__name__}"
        ) from err


def record_headline(
    output_dir: str | Path | None,
    headline: Mapping[str, object],
    *,
    is_synthetic: bool,
) -> Path | None:
    """Record a report's headline indicators and synthetic-data flag for the runner.

    Parameters
    ----------
    output_dir
        The notebook's ``output_dir`` parameter. When None (the notebook runs interactively in
        JupyterLab with its defaults) nothing is written.
    headline
        Indonesian label to value, in display order (two or three are shown on the index page).
        Values are numbers (formatted by the index page), already formatted text, or None
        (shown as "tidak ada data").
    is_synthetic
        Whether the report's data carry the ``DATA SINTETIS`` marker.

    Returns
    -------
    Path or None
        The file written.

    Raises
    ------
    ParameterError
        If a label is not text or a value is not a number, text or None.

    Examples
    --------
    >>> record_headline(None, {"Koperasi aktif": 2300}, is_synthetic=True) is None
    True
    """
    clean: dict[str, object] = {}
    for label, value in headline.items():
        if not isinstance(label, str) or not label.strip():
            raise ParameterError(f"headline labels must be non-empty text, got {label!r}")
        clean[label] = _check_value(label, value)
    if output_dir is None:
        logger.info("output_dir is None: headline not recorded (interactive run)")
        return None
    path = Path(output_dir) / HEADLINE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{HEADLINE_FILE}.tmp")
    tmp.write_text(
        json.dumps(
            {"is_synthetic": bool(is_synthetic), "headline": clean}, ensure_ascii=False, indent=2
        ),
        encoding="utf-8",
    )
    tmp.replace(path)
    return path


def read_headline(output_dir: str | Path) -> tuple[dict[str, object], bool | None]:
    """Read what :func:`record_headline` wrote.

    Returns
    -------
    tuple
        ``(headline, is_synthetic)``; ``({}, None)`` when nothing was recorded or the file is
        unreadable (logged).
    """
    path = Path(output_dir) / HEADLINE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, json.JSONDecodeError) as err:
        logger.warning("cannot read %s: %s", path, err)
        return {}, None
    headline = data.get("headline") if isinstance(data, dict) else None
    flag = data.get("is_synthetic") if isinstance(data, dict) else None
    return (dict(headline) if isinstance(headline, dict) else {}), (
        bool(flag) if isinstance(flag, bool) else None
    )
