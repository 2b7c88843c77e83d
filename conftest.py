"""Shared test set-up: a small warehouse built from the real sample generator and ingestion.

Notebook tests (nbval) and end-to-end tests need a warehouse. It is built once per source
version — ``kumkm sample`` for two provinces at full cooperative scale (so the calibrated
figures hold) followed by ``kumkm ingest`` — under ``.pytest_cache/kumkm/<hash>/`` and shared
by every xdist worker through a file lock. ``KUMKM_WAREHOUSE`` points at it, so notebooks run
with their default parameters pick it up.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from kumkm_utils import config as kumkm_config

SAMPLE_PROVINCES = "74,62"
"""Sulawesi Tenggara (the notebooks' default) and Kalimantan Tengah: both have published figures."""
SAMPLE_YEARS = "2019-2025"
SAMPLE_UMKM_FRACTION = "0.0005"
SAMPLE_SEED = "2025"


def _source_hash() -> str:
    digest = hashlib.sha256()
    for part in ("sample", "ingest", "schemas", "regions", "reference", "warehouse.py"):
        root = kumkm_config.PROJ_ROOT / "kumkm_utils" / part
        files = sorted(root.rglob("*.py")) if root.is_dir() else [root]
        for path in files:
            digest.update(path.read_bytes())
    for path in sorted(kumkm_config.REFERENCE_DIR.glob("*.csv")):
        digest.update(path.read_bytes())
    digest.update(
        f"{SAMPLE_PROVINCES}|{SAMPLE_YEARS}|{SAMPLE_UMKM_FRACTION}|{SAMPLE_SEED}".encode()
    )
    return digest.hexdigest()[:16]


def _kumkm(*args: str) -> None:
    cmd = [sys.executable, "-m", "kumkm_utils.cli", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    # ingest exits 1 when some rows were rejected (the sample carries a few deliberate mistakes)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-4000:]}")


def build_sample_warehouse() -> Path:
    """Build (or reuse) the small sample warehouse and return its path."""
    root = kumkm_config.PROJ_ROOT / ".pytest_cache" / "kumkm" / _source_hash()
    root.mkdir(parents=True, exist_ok=True)
    warehouse = root / "warehouse.duckdb"
    done_marker = root / "done"
    with FileLock(str(root / "build.lock")):
        if not done_marker.exists():
            sample = root / "sample"
            _kumkm(
                "sample",
                "--provinces",
                SAMPLE_PROVINCES,
                "--years",
                SAMPLE_YEARS,
                "--umkm-fraction",
                SAMPLE_UMKM_FRACTION,
                "--seed",
                SAMPLE_SEED,
                str(sample),
            )
            _kumkm(
                "ingest",
                str(sample),
                "--warehouse",
                str(warehouse),
                "--report-dir",
                str(root / "validasi"),
            )
            done_marker.write_text("ok\n")
    return warehouse


def _needs_sample(item: pytest.Item) -> bool:
    return item.get_closest_marker("sample_warehouse") is not None or item.path.suffix == ".ipynb"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sample_warehouse: the test reads the small sample warehouse (KUMKM_WAREHOUSE)"
    )


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Build the sample warehouse only when a selected test needs it, before kernels start."""
    if any(_needs_sample(item) for item in items):
        os.environ[kumkm_config.WAREHOUSE_ENV] = str(build_sample_warehouse())


@pytest.fixture(scope="session")
def sample_warehouse() -> Path:
    """Path of the small sample warehouse (Sulawesi Tenggara and Kalimantan Tengah)."""
    return build_sample_warehouse()
