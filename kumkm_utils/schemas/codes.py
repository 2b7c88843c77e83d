"""Code lists and code formats of the input data: the allowed values of coded columns (drop-down
lists in the templates) and the formats of codes (kab/kota, province, sub kegiatan, NIB, KBLI,
year), with the words that describe each format in messages.
"""

from __future__ import annotations

from kumkm_utils.regions.codes import KABKOTA_CODE_PATTERN, PROVINCE_CODE_PATTERN

JENIS_KOPERASI = ("Produsen", "Konsumen", "Pemasaran", "Simpan Pinjam", "Jasa")
"""The five cooperative types of Permenkop UKM 9/2018 Pasal 67."""

KELOMPOK_KOPERASI = (
    "KUD",
    "KSU",
    "Kopwan",
    "KPRI/KPN",
    "Kopkar",
    "KSP",
    "Koptan",
    "Kopas",
    "KJKS",
    "Primkoppol",
    "Koppontren",
    "Kopang",
    "Kopinkra",
    "Kopnel",
    "Kopkayu",
    "Serba Usaha",
    "Lain-lain",
    "Sekunder",
)
"""Legacy cooperative group labels that still appear in ODS data (kept apart from jenis)."""

STATUS_KOPERASI = ("Aktif", "Tidak Aktif")
PREDIKAT_KESEHATAN = ("Sehat", "Cukup Sehat", "Dalam Pengawasan", "Dalam Pengawasan Khusus")
"""Health predicates of KSP/USP (Permenkop UKM 9/2020), in order from best to worst."""

SKALA_USAHA = ("Mikro", "Kecil", "Menengah")
KATEGORI_KBLI = tuple("ABCDEFGHIJKLMNOPQRSTU")
"""The 21 letter categories of KBLI 2020."""

JENIS_KELAMIN = ("Laki-laki", "Perempuan")
KELOMPOK_UMUR = ("15-30", "31-45", "46-60", "61+")
"""Owner age bands; ``15-30`` is youth (pemuda, UU 40/2009 Kepemudaan: 16-30 years)."""

SUMBER_DANA = ("APBD", "DAK Nonfisik", "Dekonsentrasi", "Lainnya")

KODE_KABKOTA_PATTERN = KABKOTA_CODE_PATTERN  # owned by kumkm_utils.regions.codes
KODE_PROVINSI_PATTERN = PROVINCE_CODE_PATTERN
KODE_SUBKEGIATAN_PATTERN = r"^2\.17\.0[1-8]\.[12]\.\d{2}(\.\d{4})?$"
NIB_PATTERN = r"^\d{13}$"
KBLI_PATTERN = r"^\d{5}$"
YEAR_RANGE = (2000, 2100)


DOKUMEN_TARGET = (
    "RPJPN",
    "RPJMN",
    "RPJMD",
    "Renstra",
    "RKPD",
    "Perjanjian Kinerja",
    "Kesepakatan Rakorda",
)
"""Planning documents a target can come from (domain.md §1.3, §3.3): national long- and
medium-term plans, regional medium-term plan, the Dinas's strategic plan, the annual regional
work plan, the performance agreement, and the Rakorda agreement. Targets from different
documents are kept side by side, never merged."""


FORMAT_HINTS = {
    KODE_KABKOTA_PATTERN: "kode kab/kota ditulis dua angka, titik, dua angka, mis. 74.01 (nama "
    "kab/kota juga diterima)",
    NIB_PATTERN: "NIB harus 13 angka; bila Excel menampilkannya sebagai 9,12E+12, format kolom "
    "sebagai Teks lalu ketik ulang NIB lengkap",
    KBLI_PATTERN: "KBLI harus 5 angka, mis. 47111 (termasuk nol di depan)",
    KODE_PROVINSI_PATTERN: "kode provinsi dua angka, mis. 74 (nama provinsi juga diterima)",
    KODE_SUBKEGIATAN_PATTERN: "kode sub kegiatan menurut nomenklatur 2.17, mis. 2.17.03.2.01",
}
"""What to write in a coded column, in words (messages never show a regular expression)."""
