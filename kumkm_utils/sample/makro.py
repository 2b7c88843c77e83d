"""Synthetic macro data per province: PDRB (current and constant prices), population, labour force.

Levels follow :data:`.proxies.PDB_ADHB_T` (approximate national PDB, from memory) split by
:data:`.proxies.PROXY` shares with seeded drift. These values are synthetic, not BPS
figures; the files say so in the ``sumber`` column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kumkm_utils.sample.calibration import YEARS_KOPERASI, rng_for
from kumkm_utils.sample.proxies import DEFLATOR, PDB_ADHB_T, PROXY, provinces

SUMBER = "Sintetis (generator kumkm), bukan angka resmi BPS"


def pdrb_adhb(seed: int) -> dict[tuple[str, int], float]:
    """PDRB ADHB in Rp per (province, year), rounded to Rp 1 juta; provinces sum to the PDB path."""
    shares = {}
    for code in provinces():
        rng = rng_for(seed, code, "makro-share")
        walk = np.cumsum(rng.normal(0, 0.015, len(YEARS_KOPERASI)))
        for i, year in enumerate(YEARS_KOPERASI):
            shares[(code, year)] = PROXY[code][1] * float(np.exp(walk[i]))
    out = {}
    for year in YEARS_KOPERASI:
        total = sum(shares[(c, year)] for c in provinces())
        for code in provinces():
            value = PDB_ADHB_T[year] * 1e12 * shares[(code, year)] / total
            out[(code, year)] = float(round(value / 1e6) * 1e6)
    return out


def generate(
    code: str,
    adhb: dict[tuple[str, int], float],
    *,
    seed: int,
    years: tuple[int, ...] = YEARS_KOPERASI,
) -> pd.DataFrame:
    """Return the makro rows of one province (one per year), in schema dtypes."""
    rng = rng_for(seed, code, "makro")
    growth = rng.normal(0.011, 0.003)
    rows = []
    for year in years:
        value = adhb[(code, year)]
        adhk = round(value / DEFLATOR[year] * float(np.exp(rng.normal(0, 0.01))) / 1e6) * 1e6
        penduduk = round(PROXY[code][0] * 1000 * (1 + growth) ** (year - 2020))
        rows.append(
            {
                "kode_provinsi": code,
                "tahun": year,
                "pdrb_adhb_rp": value,
                "pdrb_adhk_rp": float(adhk),
                "jumlah_penduduk": penduduk,
                "angkatan_kerja": round(penduduk * float(rng.normal(0.525, 0.01))),
                "sumber": SUMBER,
            }
        )
    frame = pd.DataFrame(rows)
    return frame.astype(
        {
            "kode_provinsi": "string",
            "tahun": "Int64",
            "pdrb_adhb_rp": "Float64",
            "pdrb_adhk_rp": "Float64",
            "jumlah_penduduk": "Int64",
            "angkatan_kerja": "Int64",
            "sumber": "string",
        }
    )
