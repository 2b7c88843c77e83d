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
