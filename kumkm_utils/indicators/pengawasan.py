"""Pengawasan dan kesehatan koperasi: KSP/USP health, assessment coverage, KUK class, problems.

- **KSP/USP** = active cooperatives that run savings and loans (``punya_usp``: a KSP/KSPPS or
  a cooperative with a unit simpan pinjam).
- **% KSP/USP yang dinilai kesehatannya** = KSP/USP with a health predicate this year ÷ all
  KSP/USP × 100 (coverage of the assessment).
- **Health distribution**: the four predicates of Permenkop UKM 9/2020 (Sehat, Cukup Sehat,
  Dalam Pengawasan, Dalam Pengawasan Khusus); shares are of the assessed ones.
- **KUK** (Klasifikasi Usaha Koperasi, Permenkop UKM 8/2023 Pasal 49) of active KSP (jenis
  Simpan Pinjam): class I–IV by members, modal sendiri and aset; a cooperative takes the
  highest class any of the three criteria reaches ("dan/atau"), as
  ``kumkm_utils.reference.kuk_class`` reads it. Computed in SQL with the reference thresholds
  (:func:`kuk_batas`).
- **Koperasi bermasalah**: *active* cooperatives flagged by the Satgas Pengawas ÷ active
  cooperatives × 100 (the numerator is a subset of the denominator); flagged inactive ones
  are counted apart (``koperasi_bermasalah_tidak_aktif``).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils import reference
from kumkm_utils.indicators import deklarasi
from kumkm_utils.indicators._core import Level, Scope, compute, ratio, tidy, years_ending
from kumkm_utils.indicators.koperasi import AKTIF

KSP_USP = f"{AKTIF} AND {deklarasi.FILTER['usp'].sql}"
PREDIKAT = {
    "sehat": "Sehat",
    "cukup_sehat": "Cukup Sehat",
    "dalam_pengawasan": "Dalam Pengawasan",
    "dalam_pengawasan_khusus": "Dalam Pengawasan Khusus",
}
"""Output column → health predicate, best to worst."""


def kuk_batas() -> dict[str, tuple[float, float, float]]:
    """Upper bounds of KUK classes 1, 2 and 3 per criterion, from ``reference.kuk_bands()``."""
    bands = reference.kuk_bands().sort_values("kelas")
    columns = {
        "anggota": "anggota_sampai_dengan",
        "modal_sendiri_rp": "modal_sendiri_sampai_dengan_rp",
        "aset_rp": "aset_sampai_dengan_rp",
    }
    return {
        name: tuple(float(v) for v in bands[column].iloc[:3]) for name, column in columns.items()
    }


_KESEHATAN = {
    **deklarasi.sql("ksp_usp", "ksp_usp_dinilai"),
    **{
        col: f"COUNT(*) FILTER (WHERE {KSP_USP} AND predikat_kesehatan = '{value}')"
        for col, value in PREDIKAT.items()
    },
    "sehat": deklarasi.sql("sehat")["sehat"],
}


def _bermasalah_measures() -> dict[str, str]:
    return deklarasi.sql(
        "jumlah_koperasi",
        "koperasi_aktif",
        "koperasi_bermasalah",
        "koperasi_bermasalah_tidak_aktif",
    )


def _class_sql(expression: str, bounds: tuple[float, float, float]) -> str:
    b1, b2, b3 = bounds
    return (
        f"CASE WHEN {expression} IS NULL THEN NULL WHEN {expression} <= {b1} THEN 1 "
        f"WHEN {expression} <= {b2} THEN 2 WHEN {expression} <= {b3} THEN 3 ELSE 4 END"
    )


def kuk_sql() -> str:
    """Return the SQL expression of a KSP's KUK class (1–4, NULL when nothing is reported)."""
    members = (
        "CASE WHEN anggota_laki_laki IS NULL AND anggota_perempuan IS NULL THEN NULL "
        "ELSE COALESCE(anggota_laki_laki, 0) + COALESCE(anggota_perempuan, 0) END"
    )
    batas = kuk_batas()
    parts = [
        _class_sql(members, batas["anggota"]),
        _class_sql("modal_sendiri_rp", batas["modal_sendiri_rp"]),
        _class_sql("aset_rp", batas["aset_rp"]),
    ]
    return f"GREATEST({', '.join(parts)})"


def kesehatan(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """KSP/USP health distribution and the coverage of the health assessment.

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``ksp_usp``, ``ksp_usp_dinilai``, ``persen_dinilai`` (of KSP/USP),
        the counts ``sehat``, ``cukup_sehat``, ``dalam_pengawasan``,
        ``dalam_pengawasan_khusus``, and ``persen_sehat``, ``persen_cukup_sehat``,
        ``persen_dalam_pengawasan`` (both supervision predicates together), all of the
        assessed ones.
    """
    scope = Scope(province, by, total)
    frame = compute(con, "koperasi", scope, years_ending(year, n_years), _KESEHATAN)
    frame["persen_dinilai"] = deklarasi.hitung(frame, "persen_dinilai")
    frame["persen_sehat"] = deklarasi.hitung(frame, "persen_sehat")
    frame["persen_cukup_sehat"] = ratio(frame["cukup_sehat"], frame["ksp_usp_dinilai"])
    frame["persen_dalam_pengawasan"] = ratio(
        frame["dalam_pengawasan"] + frame["dalam_pengawasan_khusus"], frame["ksp_usp_dinilai"]
    )
    columns = [
        "ksp_usp",
        "ksp_usp_dinilai",
        "persen_dinilai",
        *PREDIKAT,
        "persen_sehat",
        "persen_cukup_sehat",
        "persen_dalam_pengawasan",
    ]
    return tidy(frame, scope, columns)


def kuk(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """Active KSP (jenis Simpan Pinjam) by KUK class.

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``ksp``, ``kuk_1`` … ``kuk_4`` and ``kuk_tidak_diketahui`` (no
        members, capital or assets reported).
    """
    ksp = " AND ".join(f"({deklarasi.FILTER[f].sql})" for f in deklarasi.BESARAN["ksp"].filter)
    kelas = kuk_sql()
    measures = deklarasi.sql("ksp")
    measures.update(
        {f"kuk_{k}": f"COUNT(*) FILTER (WHERE {ksp} AND {kelas} = {k})" for k in range(1, 5)}
    )
    measures["kuk_tidak_diketahui"] = f"COUNT(*) FILTER (WHERE {ksp} AND {kelas} IS NULL)"
    scope = Scope(province, by, total)
    frame = compute(con, "koperasi", scope, years_ending(year, n_years), measures)
    return tidy(frame, scope, list(measures))


def bermasalah(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "kabkota",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """Problem cooperatives (Satgas Pengawas) and their share of the active ones.

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``jumlah_koperasi``, ``koperasi_aktif``, ``koperasi_bermasalah``
        (active and flagged), ``koperasi_bermasalah_tidak_aktif`` (flagged but inactive,
        reported apart) and ``persen_bermasalah`` (active flagged ÷ active).
    """
    scope = Scope(province, by, total)
    measures = _bermasalah_measures()
    frame = compute(con, "koperasi", scope, years_ending(year, n_years), measures)
    frame["persen_bermasalah"] = deklarasi.hitung(frame, "persen_bermasalah")
    return tidy(frame, scope, [*measures, "persen_bermasalah"])
