"""Kelembagaan koperasi: how many cooperatives, how many active, how many held their RAT.

Definitions (the indicator catalogue, ``kumkm_utils.reference.indicators()``):

- **% koperasi aktif** = koperasi aktif ÷ jumlah koperasi (all registered) × 100;
- **% koperasi aktif yang melaksanakan RAT** = koperasi aktif yang RAT ÷ **koperasi aktif**
  × 100 (the national practice, e.g. 80.008 ÷ 147.249 = 54,3% in 2014; Permen 06/2009 used
  all cooperatives as the denominator, so the label always names it);
- members, managers and employees are summed over every reported row (an inactive
  cooperative normally reports nothing current), and the women's share is recomputed from
  the sums.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils.indicators._core import Level, Scope, compute, ratio, tidy, years_ending

AKTIF = "status_koperasi = 'Aktif'"
"""SQL condition of an active cooperative (RAT at least once in the last three years)."""

_KELEMBAGAAN = {
    "jumlah_koperasi": "COUNT(*)",
    "koperasi_aktif": f"COUNT(*) FILTER (WHERE {AKTIF})",
    "koperasi_tidak_aktif": "COUNT(*) FILTER (WHERE status_koperasi = 'Tidak Aktif')",
    "koperasi_rat": f"COUNT(*) FILTER (WHERE {AKTIF} AND rat_dilaksanakan)",
}

_ANGGOTA = {
    "koperasi_aktif": f"COUNT(*) FILTER (WHERE {AKTIF})",
    "anggota_laki_laki": "SUM(anggota_laki_laki)",
    "anggota_perempuan": "SUM(anggota_perempuan)",
    "manajer": "SUM(manajer)",
    "karyawan": "SUM(karyawan)",
}


def kelembagaan(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """Count cooperatives, active ones and active ones that held RAT, with their shares.

    Parameters
    ----------
    con
        Open warehouse connection.
    province
        Province code (``"74"``) or None for every province.
    year
        Last year of the table (the book year).
    by
        ``"kabkota"`` or ``"provinsi"`` rows.
    total
        Add the province (or national) total row.
    n_years
        Number of years ending at ``year``.

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``jumlah_koperasi``, ``koperasi_aktif``, ``koperasi_tidak_aktif``,
        ``koperasi_rat``, ``koperasi_aktif_tidak_rat``, ``persen_aktif`` (of all registered),
        ``persen_rat`` (of active ones). Rows without data hold NA.

    Examples
    --------
    Sulawesi Tenggara 2021: 420 of 2.300 active cooperatives held RAT, ``persen_rat`` 18,26.
    """
    scope = Scope(province, by, total)
    frame = compute(con, "koperasi", scope, years_ending(year, n_years), _KELEMBAGAAN)
    frame["koperasi_aktif_tidak_rat"] = frame["koperasi_aktif"] - frame["koperasi_rat"]
    frame["persen_aktif"] = ratio(frame["koperasi_aktif"], frame["jumlah_koperasi"])
    frame["persen_rat"] = ratio(frame["koperasi_rat"], frame["koperasi_aktif"])
    return tidy(frame, scope, [*_KELEMBAGAAN, "koperasi_aktif_tidak_rat", "persen_aktif", "persen_rat"])


def anggota(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """Members by sex, managers and employees of the cooperatives.

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``koperasi_aktif``, ``anggota_laki_laki``, ``anggota_perempuan``,
        ``anggota``, ``persen_anggota_perempuan`` (of members), ``manajer``, ``karyawan``.
    """
    scope = Scope(province, by, total)
    frame = compute(con, "koperasi", scope, years_ending(year, n_years), _ANGGOTA)
    frame["anggota"] = frame["anggota_laki_laki"].fillna(0) + frame["anggota_perempuan"].fillna(0)
    frame["anggota"] = frame["anggota"].mask(frame[["anggota_laki_laki", "anggota_perempuan"]].isna().all(axis=1))
    frame["persen_anggota_perempuan"] = ratio(frame["anggota_perempuan"], frame["anggota"])
    columns = ["koperasi_aktif", "anggota_laki_laki", "anggota_perempuan", "anggota",
               "persen_anggota_perempuan", "manajer", "karyawan"]
    return tidy(frame, scope, columns)
