"""``kumkm submissions``: every file (sheet) loaded, with sha256, time, rows and status."""

from __future__ import annotations

from kumkm_utils.ingest.history import configure_submissions as configure
from kumkm_utils.ingest.history import run_submissions as run

__all__ = ["configure", "run"]
