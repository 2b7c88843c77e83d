"""The regions an indicator table has rows for: kab/kota of a province, or the provinces.

A thin adapter over :mod:`kumkm_utils.regions` so that every indicator lists the same
regions with the same names, including kab/kota that sent nothing (they get "tidak ada
data" rows rather than disappearing).
"""

from __future__ import annotations

import pandas as pd

from kumkm_utils import regions
from kumkm_utils.regions.codes import NATIONAL_CODE

NASIONAL_KODE = NATIONAL_CODE
"""Code of the national total row (Kemendagri has no code for the whole country)."""
NASIONAL_NAMA = "Indonesia"


def nama_provinsi(kode: str) -> str:
    """Return the Kemendagri name of a province (``"74"`` → ``"Sulawesi Tenggara"``)."""
    return regions.province(kode).nama


def daftar_kabkota(province: str | None) -> pd.DataFrame:
    """Return ``kode_wilayah``, ``nama_wilayah`` of the kab/kota of a province (all if None)."""
    table = regions.kabkota(province)
    return pd.DataFrame(
        {
            "kode_wilayah": table["kode_kabkota"].astype("string"),
            "nama_wilayah": table["nama_kabkota"].astype("string"),
        }
    )


def daftar_provinsi() -> pd.DataFrame:
    """Return ``kode_wilayah``, ``nama_wilayah`` of the 38 provinces."""
    table = regions.provinces()
    return pd.DataFrame(
        {
            "kode_wilayah": table["kode_provinsi"].astype("string"),
            "nama_wilayah": table["nama_provinsi"].astype("string"),
        }
    )
