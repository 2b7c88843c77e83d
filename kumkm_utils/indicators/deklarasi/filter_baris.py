"""Named row conditions (:class:`Filter`): the SQL a numerator or denominator counts rows with,
and the Indonesian clause the printed definition says it with (:data:`FILTER`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kumkm_utils.indicators.aturan_sql import deadline_sql, skala_sql


@dataclass(frozen=True)
class Filter:
    """A named row condition: SQL (string, or a function returning it) and its Indonesian text."""

    kode: str
    dataset: str
    sql_: str | Callable[[], str]
    teks: str
    """Relative clause after the noun: "berstatus aktif" ("koperasi yang berstatus aktif")."""

    @property
    def sql(self) -> str:
        return self.sql_() if callable(self.sql_) else self.sql_


def _rat_deadline_sql() -> str:
    return f"tanggal_rat <= {deadline_sql()}"


def _skala_sql(values: tuple[str, ...]) -> Callable[[], str]:
    def build() -> str:
        listed = ", ".join(f"'{v}'" for v in values)
        return f"({skala_sql()}) IN ({listed})"

    return build


def _skala_diturunkan_sql() -> str:
    return f"skala_usaha IS NULL AND ({skala_sql()}) IS NOT NULL"


_FILTERS = (
    Filter("aktif", "koperasi", "status_koperasi = 'Aktif'", "berstatus aktif"),
    Filter("tidak_aktif", "koperasi", "status_koperasi = 'Tidak Aktif'", "berstatus tidak aktif"),
    Filter("rat", "koperasi", "rat_dilaksanakan", "melaksanakan RAT tahun buku ini"),
    Filter("rat_bertanggal", "koperasi", "tanggal_rat IS NOT NULL", "tanggal RAT-nya terisi"),
    Filter(
        "rat_tepat_waktu",
        "koperasi",
        _rat_deadline_sql,
        "melaksanakan RAT paling lambat 30 Juni tahun berikutnya",
    ),
    Filter("usp", "koperasi", "punya_usp", "menjalankan usaha simpan pinjam (KSP/USP)"),
    Filter("ksp", "koperasi", "jenis_koperasi = 'Simpan Pinjam'", "berjenis simpan pinjam"),
    Filter(
        "merah_putih",
        "koperasi",
        "regexp_matches(trim(nama_koperasi), '^koperasi (desa|kelurahan) merah putih', 'i')",
        "bernama Koperasi Desa/Kelurahan Merah Putih (Inpres 9/2025)",
    ),
    Filter("dinilai", "koperasi", "predikat_kesehatan IS NOT NULL", "memiliki predikat kesehatan"),
    Filter("sehat", "koperasi", "predikat_kesehatan = 'Sehat'", "berpredikat Sehat"),
    Filter(
        "bermasalah",
        "koperasi",
        "bermasalah",
        "ditangani Satgas Pengawas/dinyatakan bermasalah",
    ),
    Filter(
        "skala_diketahui",
        "umkm",
        _skala_sql(("Mikro", "Kecil", "Menengah")),
        "skala usahanya diketahui (dilaporkan atau diturunkan menurut PP 7/2021)",
    ),
    Filter("mikro", "umkm", _skala_sql(("Mikro",)), "berskala mikro"),
    Filter("kecil", "umkm", _skala_sql(("Kecil",)), "berskala kecil"),
    Filter("menengah", "umkm", _skala_sql(("Menengah",)), "berskala menengah"),
    Filter("ukm", "umkm", _skala_sql(("Kecil", "Menengah")), "berskala kecil atau menengah"),
    Filter("skala_dilaporkan", "umkm", "skala_usaha IS NOT NULL", "skala usahanya dilaporkan"),
    Filter(
        "skala_diturunkan",
        "umkm",
        _skala_diturunkan_sql,
        "skala usahanya tidak dilaporkan dan diturunkan menurut PP 7/2021",
    ),
    Filter("nib", "umkm", "nib IS NOT NULL", "memiliki NIB"),
    Filter(
        "digital_dijawab",
        "umkm",
        "pemasaran_digital IS NOT NULL",
        "isian pemasaran digitalnya terisi",
    ),
    Filter("digital", "umkm", "pemasaran_digital", "memakai pemasaran digital"),
    Filter("ekspor_dijawab", "umkm", "eksportir IS NOT NULL", "isian eksportirnya terisi"),
    Filter("eksportir", "umkm", "eksportir", "melakukan ekspor tahun ini"),
    Filter(
        "halal_dijawab", "umkm", "sertifikat_halal IS NOT NULL", "isian sertifikat halalnya terisi"
    ),
    Filter("halal", "umkm", "sertifikat_halal", "memiliki sertifikat halal"),
    Filter(
        "mbg_dijawab",
        "umkm",
        "potensi_pemasok_mbg IS NOT NULL",
        "isian potensi pemasok MBG-nya terisi",
    ),
    Filter("mbg", "umkm", "potensi_pemasok_mbg", "berpotensi memasok SPPG program MBG"),
    Filter(
        "jk_diketahui",
        "umkm",
        "jenis_kelamin_pemilik IS NOT NULL",
        "jenis kelamin pemiliknya diketahui",
    ),
    Filter("perempuan", "umkm", "jenis_kelamin_pemilik = 'Perempuan'", "dimiliki perempuan"),
    Filter(
        "umur_diketahui",
        "umkm",
        "kelompok_umur_pemilik IS NOT NULL",
        "kelompok umur pemiliknya diketahui",
    ),
    Filter(
        "muda", "umkm", "kelompok_umur_pemilik = '15-30'", "dimiliki pemuda berumur 15-30 tahun"
    ),
    Filter(
        "bertarget",
        "program",
        "target > 0 AND realisasi_fisik IS NOT NULL AND pagu_rp > 0",
        "memiliki target, realisasi fisik dan pagu",
    ),
)
FILTER: dict[str, Filter] = {f.kode: f for f in _FILTERS}
"""Every named row condition, by code."""
