"""Fixtures shared by the indicator and narrative tests."""

from __future__ import annotations

import pytest
from fixtures.sultra import sultra_warehouse

from kumkm_utils import warehouse


@pytest.fixture(scope="module")
def con():
    """Read-only connection to the hand-made Sulawesi Tenggara warehouse (fixtures/sultra.py)."""
    connection = warehouse.connect(sultra_warehouse())
    yield connection
    connection.close()


@pytest.fixture
def small_disk_of(tmp_path):
    """Mount a small tmpfs of a given size (``"3m"``) for disk-full tests; skipped where the
    platform does not allow it (needs root and mount). Unmounted after the test."""
    import subprocess

    mounted = []

    def mount(size: str):
        mnt = tmp_path / f"kecil-{len(mounted)}"
        mnt.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(mnt)
        return mnt

    yield mount
    for mnt in mounted:
        subprocess.run(["umount", "-l", str(mnt)], check=False)
