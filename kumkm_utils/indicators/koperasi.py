"""Kelembagaan koperasi: how many cooperatives, how many active, how many held their RAT.

Definitions (declared once in :mod:`kumkm_utils.indicators.deklarasi`, which generates the
SQL of every count below and the printed definitions):

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

from kumkm_utils.indicators import deklarasi
from kumkm_utils.indicators._core import (
    Level,
    Scope,
    add_growth,
    compute,
    drop_first_year,
    growth_from_kabkota,
    tidy,
    years_ending,
)
from kumkm_utils.indicators.aturan_sql import deadline_sql  # noqa: F401 - re-exported

AKTIF = deklarasi.FILTER["aktif"].sql
"""SQL condition of an active cooperative (RAT at least once in the last three years)."""


def _kelembagaan_measures() -> dict[str, str]:
    return deklarasi.sql_fungsi(
        "koperasi.kelembagaan",
        "jumlah_koperasi",
        "koperasi_aktif",
        "koperasi_tidak_aktif",
        "koperasi_rat",
        "koperasi_rat_bertanggal",
        "koperasi_rat_tepat_waktu",
    )


def _anggota_measures() -> dict[str, str]:
    return deklarasi.sql(
        "koperasi_aktif", "anggota_laki_laki", "anggota_perempuan", "manajer", "karyawan"
    )


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
    for kode in ("persen_aktif", "persen_rat", "persen_rat_tepat_waktu"):
        frame[kode] = deklarasi.hitung(frame, kode)
    frame = add_growth(
        frame,
        "jumlah_koperasi",
        previous="jumlah_koperasi_sebelumnya",
        growth="pertumbuhan_jumlah_koperasi",
    )
    frame = growth_from_kabkota(
        con,
        frame,
        table="koperasi",
        scope=scope,
        years=years_ending(year, n_years + 1),
        measures=deklarasi.sql("jumlah_koperasi"),
        value=lambda f: f["jumlah_koperasi"],
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
        the year before), ``manajer``, ``karyawan`` and ``tenaga_kerja_koperasi`` (both together).
    """
    scope = Scope(province, by, total)
    measures = _anggota_measures()
    frame = compute(con, "koperasi", scope, years_ending(year, n_years + 1), measures)
    frame["anggota"] = deklarasi.jumlahkan(frame, "anggota")
    frame["persen_anggota_perempuan"] = deklarasi.hitung(frame, "persen_anggota_perempuan")
    frame["tenaga_kerja_koperasi"] = deklarasi.jumlahkan(frame, "tenaga_kerja_koperasi")
    frame = add_growth(
        frame, "anggota", previous="anggota_sebelumnya", growth="pertumbuhan_anggota"
    )
    frame = growth_from_kabkota(
        con,
        frame,
        table="koperasi",
        scope=scope,
        years=years_ending(year, n_years + 1),
        measures=deklarasi.sql("anggota_laki_laki", "anggota_perempuan"),
        value=lambda f: deklarasi.jumlahkan(f, "anggota"),
        growth="pertumbuhan_anggota",
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
        "tenaga_kerja_koperasi",
    ]
    return tidy(drop_first_year(frame), scope, columns)
