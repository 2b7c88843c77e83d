"""Usaha koperasi: capital, assets, business volume and its growth, SHU.

All amounts are rupiah summed over every reported cooperative row, per region and year (an
inactive cooperative normally reports no current figures; the published totals the sample
reproduces are measured the same way).

- **Pertumbuhan volume usaha** = (VU tahun ini − VU tahun lalu) ÷ VU tahun lalu × 100
  (Bappenas reference code), computed per region from the summed volumes of both years; NA
  when either year is missing for that region.
- **% modal sendiri** = modal sendiri ÷ (modal sendiri + modal luar) × 100.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils.indicators import deklarasi
from kumkm_utils.indicators._core import (
    Level,
    Scope,
    add_growth,
    compute,
    growth_from_kabkota,
    tidy,
    years_ending,
)


def _usaha_measures() -> dict[str, str]:
    return deklarasi.sql(
        "koperasi_aktif",
        "modal_sendiri_rp",
        "modal_luar_rp",
        "aset_rp",
        "volume_usaha_rp",
        "shu_rp",
    )


def usaha(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """Capital, assets, business volume, its growth on the year before, and SHU.

    Parameters are those of :func:`kumkm_utils.indicators.koperasi.kelembagaan`.

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``koperasi_aktif``, ``modal_sendiri_rp``, ``modal_luar_rp``,
        ``modal_rp`` (sum of both), ``persen_modal_sendiri``, ``aset_rp``,
        ``volume_usaha_rp``, ``volume_usaha_sebelumnya_rp``, ``pertumbuhan_volume_usaha``
        (%) and ``shu_rp``.
    """
    scope = Scope(province, by, total)
    years = years_ending(year, n_years + 1)  # one year more for the growth of the first one
    frame = compute(con, "koperasi", scope, years, _usaha_measures())
    frame["modal_rp"] = deklarasi.jumlahkan(frame, "modal_rp")
    frame["persen_modal_sendiri"] = deklarasi.hitung(frame, "persen_modal_sendiri")
    frame = add_growth(
        frame,
        "volume_usaha_rp",
        previous="volume_usaha_sebelumnya_rp",
        growth="pertumbuhan_volume_usaha",
    )
    frame = growth_from_kabkota(
        con,
        frame,
        table="koperasi",
        scope=scope,
        years=years,
        measures=deklarasi.sql("volume_usaha_rp"),
        value=lambda f: f["volume_usaha_rp"],
        growth="pertumbuhan_volume_usaha",
    )
    frame = frame[frame["tahun"] > years[0]]
    columns = [
        "koperasi_aktif",
        "modal_sendiri_rp",
        "modal_luar_rp",
        "modal_rp",
        "persen_modal_sendiri",
        "aset_rp",
        "volume_usaha_rp",
        "volume_usaha_sebelumnya_rp",
        "pertumbuhan_volume_usaha",
        "shu_rp",
    ]
    return tidy(frame, scope, columns)
