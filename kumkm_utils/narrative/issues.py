"""Strategic issues: rule-based flags, each with the rule and the numbers that fired it.

:func:`isu_strategis` checks a province's indicators against the thresholds in :data:`AMBANG`
(read from the indicator declarations), field by field (kelembagaan, usaha, pengawasan, UMKM,
program, sinkronisasi, data), and returns the issues in rule order.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils import reference
from kumkm_utils.indicators import deklarasi, koperasi, pengawasan, program, trend
from kumkm_utils.indicators.headline import headline
from kumkm_utils.narrative.wording import join_names

AMBANG: dict[str, float] = deklarasi.ambang()
"""Thresholds of the strategic-issue rules (percent or percentage points), read from the
indicator declarations (``ambang`` of :mod:`kumkm_utils.indicators.deklarasi`).
``predikat_baik``: absorption or physical achievement at or below it is below the "Baik" band
of the LKjIP scale."""

Issue = tuple[str, str, str]
"""One strategic issue: ``(bidang, isu, alasan)``."""

_missing = fmt.is_missing


def _value(table: pd.DataFrame, code: str) -> float | None:
    v = table.loc[code, "nilai"]
    return None if _missing(v) else float(v)


def _change(table: pd.DataFrame, code: str) -> float | None:
    v = table.loc[code, "perubahan"]
    return None if _missing(v) else float(v)


def _isu_kelembagaan(table: pd.DataFrame, kel: pd.DataFrame, year: int) -> list[Issue]:
    """RAT compliance (low, falling, falling sharply in some kab/kota) and inactive cooperatives."""
    a = AMBANG
    issues: list[Issue] = []
    rat, rat_change, aktif = (
        _value(table, "persen_rat"),
        _change(table, "persen_rat"),
        _value(table, "persen_aktif"),
    )
    if rat is not None and rat < a["persen_rat_rendah"]:
        issues.append(
            (
                "Kelembagaan",
                "Kepatuhan RAT rendah",
                f"Hanya {fmt.persen(rat)} koperasi aktif melaksanakan RAT pada {year} "
                f"(di bawah {fmt.persen(a['persen_rat_rendah'], 0)}).",
            )
        )
    if rat_change is not None and rat_change <= -a["penurunan_rat_poin"]:
        issues.append(
            (
                "Kelembagaan",
                "Kepatuhan RAT menurun",
                f"Persentase RAT turun {fmt.angka(-rat_change, 1)} poin dibanding {year - 1} "
                f"(batas {fmt.angka(a['penurunan_rat_poin'], 0)} poin).",
            )
        )
    changed = trend.with_change(kel[kel["tingkat"] == "kabkota"], year=year, columns=["persen_rat"])
    falls = changed[changed["persen_rat_perubahan"] <= -a["penurunan_rat_kabkota_poin"]]
    if not falls.empty:
        listing = [
            f"{r.nama_wilayah} ({fmt.perubahan(r.persen_rat_perubahan, satuan=' poin')})"
            for r in falls.sort_values("persen_rat_perubahan").itertuples()
        ]
        issues.append(
            (
                "Kelembagaan",
                "Kepatuhan RAT anjlok di sebagian kabupaten/kota",
                f"Turun {fmt.angka(a['penurunan_rat_kabkota_poin'], 0)} poin atau lebih: "
                f"{join_names(listing)}.",
            )
        )
    if aktif is not None and aktif < a["persen_aktif_rendah"]:
        issues.append(
            (
                "Kelembagaan",
                "Banyak koperasi tidak aktif",
                f"Koperasi aktif hanya {fmt.persen(aktif)} dari seluruh koperasi "
                f"(di bawah {fmt.persen(a['persen_aktif_rendah'], 0)}).",
            )
        )
    return issues


def _isu_usaha(table: pd.DataFrame, year: int) -> list[Issue]:
    """Falling business volume."""
    growth = _value(table, "pertumbuhan_volume_usaha")
    if growth is not None and growth < 0:
        return [
            (
                "Usaha",
                "Volume usaha koperasi menurun",
                f"Volume usaha turun {fmt.persen(-growth)} dibanding {year - 1}.",
            )
        ]
    return []


def _isu_pengawasan(
    con: duckdb.DuckDBPyConnection, table: pd.DataFrame, *, province: str, year: int
) -> list[Issue]:
    """KSP/USP health assessment coverage and results, cooperatives with problems."""
    a = AMBANG
    issues: list[Issue] = []
    dinilai = _value(table, "persen_dinilai")
    if dinilai is not None and dinilai < a["persen_usp_dinilai_rendah"]:
        issues.append(
            (
                "Pengawasan",
                "Cakupan penilaian kesehatan KSP/USP rendah",
                f"Baru {fmt.persen(dinilai)} KSP/USP yang dinilai kesehatannya "
                f"(di bawah {fmt.persen(a['persen_usp_dinilai_rendah'], 0)}).",
            )
        )
    health = trend.total_rows(
        pengawasan.kesehatan(con, province=province, year=year, by="provinsi")
    )
    supervised = health["persen_dalam_pengawasan"].iloc[0] if not health.empty else pd.NA
    if not _missing(supervised) and supervised >= a["persen_dalam_pengawasan_tinggi"]:
        issues.append(
            (
                "Pengawasan",
                "Banyak KSP/USP dalam pengawasan",
                f"{fmt.persen(supervised)} KSP/USP yang dinilai berpredikat Dalam Pengawasan atau "
                "Dalam Pengawasan Khusus "
                f"(batas {fmt.persen(a['persen_dalam_pengawasan_tinggi'], 0)}).",
            )
        )
    problems = _change(table, "persen_bermasalah")
    if problems is not None and problems > 0:
        issues.append(
            (
                "Pengawasan",
                "Koperasi bermasalah bertambah",
                f"Persentase koperasi bermasalah naik {fmt.angka(problems, 2)} poin menjadi "
                f"{fmt.persen(_value(table, 'persen_bermasalah'), 2)} dari koperasi aktif.",
            )
        )
    return issues


def _isu_umkm(con: duckdb.DuckDBPyConnection, table: pd.DataFrame, year: int) -> list[Issue]:
    """Share of small and medium enterprises against the national path, business licences."""
    from kumkm_utils.targets import lintasan as target_nasional

    a = AMBANG
    issues: list[Issue] = []
    ukm = _value(table, "persen_ukm")
    target = target_nasional.untuk_indikator(con, "persen_ukm", year) if ukm is not None else None
    if target is not None and ukm < target.pada(year):
        issues.append(
            (
                "UMKM",
                f"Proporsi usaha kecil dan menengah di bawah lintasan {target.dokumen}",
                f"UKM {fmt.persen(ukm, 2)} dari UMKM, di bawah lintasan nasional "
                f"{fmt.persen(target.pada(year), 2)} untuk {year} ({target.teks()}).",
            )
        )
    nib = _value(table, "persen_nib")
    if nib is not None and nib < a["persen_nib_rendah"]:
        issues.append(
            (
                "UMKM",
                "Legalitas usaha UMKM rendah",
                f"Hanya {fmt.persen(nib)} UMKM memiliki NIB "
                f"(di bawah {fmt.persen(a['persen_nib_rendah'], 0)}).",
            )
        )
    return issues


def _isu_program(table: pd.DataFrame) -> list[Issue]:
    """Budget absorption and physical achievement below the "Baik" band."""
    a = AMBANG
    issues: list[Issue] = []
    for code, what in (
        ("persen_keuangan", "Serapan anggaran"),
        ("capaian_fisik", "Capaian fisik program"),
    ):
        v = _value(table, code)
        if v is not None and v <= a["predikat_baik"]:
            issues.append(
                (
                    "Program",
                    f"{what} belum optimal",
                    f"{what} {fmt.persen(v)} (predikat {table.loc[code, 'penilaian']}, "
                    f"di bawah predikat Baik).",
                )
            )
    return issues


def _isu_sinkronisasi(
    con: duckdb.DuckDBPyConnection, *, province: str, year: int, plan_year: int
) -> list[Issue]:
    """National priorities of the plan year without any regional sub-activity."""
    sync = program.sinkronisasi(con, province=province, year=year, plan_year=plan_year)
    plan_codes = set(reference.priorities(plan_year)["kode"])
    empty = sync[
        sync["kode_prioritas"].isin(plan_codes) & (sync["status"] == program.STATUS_TIDAK_ADA)
    ]
    if not empty.empty:
        return [
            (
                "Sinkronisasi",
                "Prioritas nasional belum didukung kegiatan daerah",
                f"Belum ada sub kegiatan untuk {join_names(empty['nama_prioritas'].tolist())} "
                f"(prioritas {plan_year}, data sub kegiatan {int(empty['tahun_data'].iloc[0])}).",
            )
        ]
    return []


def _isu_data(kel: pd.DataFrame, year: int) -> list[Issue]:
    """Kab/kota that sent no cooperative data for the year."""
    missing = kel[(kel["tahun"] == year) & (kel["tingkat"] == "kabkota") & ~kel["ada_data"]]
    if not missing.empty:
        return [
            (
                "Data",
                "Kelengkapan data kabupaten/kota",
                f"{len(missing)} kabupaten/kota belum mengirim data koperasi {year}: "
                f"{join_names(missing['nama_wilayah'].tolist())}.",
            )
        ]
    return []


def isu_strategis(
    con: duckdb.DuckDBPyConnection, *, province: str, year: int, plan_year: int
) -> pd.DataFrame:
    """Rule-based strategic issues of a province, each with the rule and the numbers behind it.

    Returns
    -------
    pandas.DataFrame
        ``bidang``, ``isu``, ``alasan`` (the numbers that fired the rule) in rule order;
        empty when no rule fires.
    """
    table = headline(con, province=province, year=year).set_index("kode")
    kel = koperasi.kelembagaan(con, province=province, year=year, n_years=2)
    issues = (
        _isu_kelembagaan(table, kel, year)
        + _isu_usaha(table, year)
        + _isu_pengawasan(con, table, province=province, year=year)
        + _isu_umkm(con, table, year)
        + _isu_program(table)
        + _isu_sinkronisasi(con, province=province, year=year, plan_year=plan_year)
        + _isu_data(kel, year)
    )
    return pd.DataFrame(issues, columns=["bidang", "isu", "alasan"])
