"""Project paths and defaults: the one place every other module takes them from."""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJ_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
NATIONAL_TARGETS_FILE = REFERENCE_DIR / "target_nasional.csv"
"""The published national targets (RPJMN 2025-2029, RPJPN 2025-2045) as a ``target`` file with
``kode_provinsi`` 00: real figures, not synthetic; ``kumkm pipeline`` ingests it with the
sample (the one owner of national targets is the warehouse's ``target`` table)."""
SAMPLE_DIR = DATA_DIR / "sample"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"

DEFAULT_EVALUATION_YEAR = 2025
"""The year a Rakorda evaluates by default; the plan year is the next one (:func:`plan_year`)."""


def plan_year(evaluation_year: object, plan: object = None) -> int:
    """Return the plan year of a report: ``plan`` when given, else the evaluation year + 1.

    The one place that default lives (job subtitles, report facts, the notebooks' checks).

    Examples
    --------
    >>> plan_year(2025), plan_year(2025, 2027), plan_year("2025", "")
    (2026, 2027, 2026)
    """
    if plan is None or plan == "":
        return int(evaluation_year) + 1  # type: ignore[call-overload]
    return int(plan)  # type: ignore[call-overload]


WAREHOUSE_ENV = "KUMKM_WAREHOUSE"

REPORT_THREADS_ENV = "KUMKM_REPORT_THREADS"
"""DuckDB threads of a report's warehouse connection; the batch runner sets it to each kernel's
share of the cores (reports run side by side already). Unset: DuckDB's default, all cores."""

PNG_FALLBACK_ENV = "KUMKM_PNG_FALLBACK"
"""Set to ``0`` to leave out the PNG copy of every chart (:mod:`kumkm_utils.display`). The
runner sets it for its report kernels: the notebooks it writes are signed, so JupyterLab shows
their SVG charts, and a copy costs about as much as the SVG (~1 s per province report)."""


def report_threads() -> int | None:
    """Return ``$KUMKM_REPORT_THREADS`` as a positive integer, or None when unset.

    Raises
    ------
    ValueError
        If it is set to something else than a positive integer.
    """
    text = os.environ.get(REPORT_THREADS_ENV, "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{REPORT_THREADS_ENV} must be a positive integer, got {text!r}")
    return int(text)


def warehouse_path() -> Path:
    """Return the warehouse file: ``$KUMKM_WAREHOUSE`` if set, else ``data/warehouse.duckdb``.

    Returns
    -------
    Path
        Path of the DuckDB warehouse file (it may not exist yet).
    """
    env = os.environ.get(WAREHOUSE_ENV)
    return Path(env) if env else DATA_DIR / "warehouse.duckdb"
