"""Kelembagaan koperasi: how many cooperatives, how many active, how many held their RAT.

Definitions (the indicator catalogue, ``kumkm_utils.reference.indicators()``):

- **% koperasi aktif** = koperasi aktif ÷ jumlah koperasi (all registered) × 100;
- **% koperasi aktif yang melaksanakan RAT** = koperasi aktif yang RAT ÷ **koperasi aktif**
  × 100 (the national practice, e.g. 80.008 ÷ 147.249 = 54,3% in 2014; Permen 06/2009 used
  all cooperatives as the denominator, so the label always names it);
- **% RAT tepat waktu** = active cooperatives whose RAT date is on or before the deadline
  (``reference.rat_deadline``: 30 June of the next year) ÷ those with a RAT date × 100;
- **pertumbuhan jumlah koperasi / anggota** = (this year − last year) ÷ last year × 100;
- members, managers and employees are summed over every reported row (an inactive
  cooperative normally reports nothing current), and the women's share is recomputed from
  the sums.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils import reference
from kumkm_utils.indicators._core import (
    Level,
    Scope,
    add_growth,
    compute,
    drop_first_year,
    ratio,
    tidy,
    years_ending,
)

AKTIF = "status_koperasi = 'Aktif'"
"""SQL condition of an active cooperative (RAT at least once in the last three years)."""


def _deadline_sql() -> str:
    """SQL date of the RAT deadline of the row's book year, shaped like reference.rat_deadline."""
    sample = reference.rat_deadline(2000)
    return f"make_date(CAST(tahun AS INTEGER) + {sample.year - 2000}, {sample.month}, {sample.day})"


def _kelembagaan_measures() -> dict[str, str]:
    rat = f"{AKTIF} AND rat_dilaksanakan"
    return {
        "jumlah_koperasi": "COUNT(*)",
        "koperasi_aktif": f"COUNT(*) FILTER (WHERE {AKTIF})",
        "koperasi_tidak_aktif": "COUNT(*) FILTER (WHERE status_koperasi = 'Tidak Aktif')",
        "koperasi_rat": f"COUNT(*) FILTER (WHERE {rat})",
        "koperasi_rat_bertanggal": f"COUNT(*) FILTER (WHERE {rat} AND tanggal_rat IS NOT NULL)",
        "koperasi_rat_tepat_waktu": (
            f"COUNT(*) FILTER (WHERE {rat} AND tanggal_rat <= {_deadline_sql()})"
        ),
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
        ``koperasi_rat``, ``koperasi_rat_bertanggal``, ``koperasi_rat_tepat_waktu``,
        ``koperasi_aktif_tidak_rat``, ``persen_aktif`` (of all registered), ``persen_rat`` (of
        active ones), ``persen_rat_tepat_waktu`` (of RAT with a date) and
        ``pertumbuhan_jumlah_koperasi`` (% on the year before). Rows without data hold NA.

    Examples
    --------
    Sulawesi Tenggara 2021: 420 of 2.300 active cooperatives held RAT, ``persen_rat`` 18,26.
    """
    scope = Scope(province, by, total)
    measures = _kelembagaan_measures()
    frame = compute(con, "koperasi", scope, years_ending(year, n_years + 1), measures)
    frame["koperasi_aktif_tidak_rat"] = frame["koperasi_aktif"] - frame["koperasi_rat"]
    frame["persen_aktif"] = ratio(frame["koperasi_aktif"], frame["jumlah_koperasi"])
    frame["persen_rat"] = ratio(frame["koperasi_rat"], frame["koperasi_aktif"])
    frame["persen_rat_tepat_waktu"] = ratio(
        frame["koperasi_rat_tepat_waktu"], frame["koperasi_rat_bertanggal"]
    )
    frame = add_growth(
        frame,
        "jumlah_koperasi",
        previous="jumlah_koperasi_sebelumnya",
        growth="pertumbuhan_jumlah_koperasi",
    )
    columns = [
        *measures,
        "koperasi_aktif_tidak_rat",
        "persen_aktif",
        "persen_rat",
        "persen_rat_tepat_waktu",
        "pertumbuhan_jumlah_koperasi",
    ]
    return tidy(drop_first_year(frame), scope, columns)


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
        ``anggota``, ``persen_anggota_perempuan`` (of members), ``pertumbuhan_anggota`` (% on
        the year before), ``manajer``, ``karyawan`` and ``tenaga_kerja`` (both together).
    """
    scope = Scope(province, by, total)
    frame = compute(con, "koperasi", scope, years_ending(year, n_years + 1), _ANGGOTA)
    frame["anggota"] = frame["anggota_laki_laki"].fillna(0) + frame["anggota_perempuan"].fillna(0)
    frame["anggota"] = frame["anggota"].mask(
        frame[["anggota_laki_laki", "anggota_perempuan"]].isna().all(axis=1)
    )
    frame["persen_anggota_perempuan"] = ratio(frame["anggota_perempuan"], frame["anggota"])
    frame["tenaga_kerja"] = frame["manajer"].fillna(0) + frame["karyawan"].fillna(0)
    frame["tenaga_kerja"] = frame["tenaga_kerja"].mask(
        frame[["manajer", "karyawan"]].isna().all(axis=1)
    )
    frame = add_growth(
        frame, "anggota", previous="anggota_sebelumnya", growth="pertumbuhan_anggota"
    )
    columns = [
        "koperasi_aktif",
        "anggota_laki_laki",
        "anggota_perempuan",
        "anggota",
        "persen_anggota_perempuan",
        "pertumbuhan_anggota",
        "manajer",
        "karyawan",
        "tenaga_kerja",
    ]
    return tidy(drop_first_year(frame), scope, columns)
