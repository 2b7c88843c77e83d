"""Project paths and defaults: the one place every other module takes them from."""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJ_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SAMPLE_DIR = DATA_DIR / "sample"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"

DEFAULT_EVALUATION_YEAR = 2025
"""The year a Rakorda evaluates by default; the plan year is the next one."""

WAREHOUSE_ENV = "KUMKM_WAREHOUSE"


def warehouse_path() -> Path:
    """Return the warehouse file: ``$KUMKM_WAREHOUSE`` if set, else ``data/warehouse.duckdb``.

    Returns
    -------
    Path
        Path of the DuckDB warehouse file (it may not exist yet).
    """
    env = os.environ.get(WAREHOUSE_ENV)
    return Path(env) if env else DATA_DIR / "warehouse.duckdb"
