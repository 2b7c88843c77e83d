"""``kumkm rollback ID...``: undo loads, restoring the rows they replaced from history."""

from __future__ import annotations

from kumkm_utils.ingest.history import configure_rollback as configure
from kumkm_utils.ingest.history import run_rollback as run

__all__ = ["configure", "run"]
