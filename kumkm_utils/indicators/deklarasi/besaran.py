"""Counts and sums per region and year (:class:`Besaran`): the numerators and denominators of the
indicators, each a dataset, an aggregate and named row filters, from which its SQL and its
Indonesian text are generated (:data:`BESARAN`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kumkm_utils.indicators.deklarasi.filter_baris import FILTER


@dataclass(frozen=True)
class Besaran:
    """A count or sum per region and year: the numerator or denominator of an indicator.

    ``agregat`` is ``"COUNT(*)"`` or ``"SUM(<column or expression>)"``; ``filter`` names the
    :data:`FILTER` conditions every counted row meets. ``bagian`` instead lists other besaran
    whose values add up to this one (summed in pandas; NA only when all parts are NA).
    """

    kode: str
    dataset: str
    kata: str
    """The noun phrase: "koperasi", "anggota perempuan", "volume usaha (Rp)"."""
    agregat: str = "COUNT(*)"
    filter: tuple[str, ...] = ()
    bagian: tuple[str, ...] = ()

    def sql(self) -> str:
        """The SQL aggregate expression (``COUNT(*) FILTER (WHERE ...)``)."""
        if self.bagian:
            raise ValueError(f"{self.kode} is the sum of {self.bagian}, not one SQL aggregate")
        if not self.filter:
            return self.agregat
        condition = " AND ".join(f"({FILTER[f].sql})" for f in self.filter)
        return f"{self.agregat} FILTER (WHERE {condition})"

    @property
    def teks(self) -> str:
        """The Indonesian description: "koperasi yang berstatus aktif dan melaksanakan RAT"."""
        if not self.filter:
            return self.kata
        return f"{self.kata} yang " + " dan ".join(FILTER[f].teks for f in self.filter)

    def filter_lengkap(self) -> frozenset[str]:
        """The filters of the rows counted (for a sum of parts: those common to all parts)."""
        if not self.bagian:
            return frozenset(self.filter)
        parts = [BESARAN[b].filter_lengkap() for b in self.bagian]
        return frozenset.intersection(*parts) | frozenset(self.filter)

    def kolom_dasar(self) -> frozenset[str]:
        """The SQL-aggregated besaran this one is made of (itself, or its parts)."""
        if not self.bagian:
            return frozenset({self.kode})
        return frozenset().union(*(BESARAN[b].kolom_dasar() for b in self.bagian))


def _count(kode: str, dataset: str, kata: str, *filters: str) -> Besaran:
    return Besaran(kode, dataset, kata, "COUNT(*)", tuple(filters))


def _sum(kode: str, dataset: str, kata: str, expression: str, *filters: str) -> Besaran:
    return Besaran(kode, dataset, kata, f"SUM({expression})", tuple(filters))


_BESARAN = (
    # koperasi: kelembagaan
    _count("jumlah_koperasi", "koperasi", "koperasi terdaftar (aktif dan tidak aktif)"),
    _count("koperasi_aktif", "koperasi", "koperasi", "aktif"),
    _count("koperasi_tidak_aktif", "koperasi", "koperasi", "tidak_aktif"),
    _count("koperasi_rat", "koperasi", "koperasi", "aktif", "rat"),
    _count("koperasi_rat_bertanggal", "koperasi", "koperasi", "aktif", "rat", "rat_bertanggal"),
    _count(
        "koperasi_rat_tepat_waktu",
        "koperasi",
        "koperasi",
        "aktif",
        "rat",
        "rat_bertanggal",
        "rat_tepat_waktu",
    ),
    _sum("anggota_laki_laki", "koperasi", "anggota laki-laki", "anggota_laki_laki"),
    _sum("anggota_perempuan", "koperasi", "anggota perempuan", "anggota_perempuan"),
    Besaran(
        "anggota",
        "koperasi",
        "anggota (laki-laki dan perempuan)",
        bagian=("anggota_laki_laki", "anggota_perempuan"),
    ),
    _sum("manajer", "koperasi", "manajer", "manajer"),
    _sum("karyawan", "koperasi", "karyawan", "karyawan"),
    Besaran(
        "tenaga_kerja_koperasi",
        "koperasi",
        "manajer dan karyawan koperasi",
        bagian=("manajer", "karyawan"),
    ),
    # koperasi: usaha
    _sum("modal_sendiri_rp", "koperasi", "modal sendiri (Rp)", "modal_sendiri_rp"),
    _sum("modal_luar_rp", "koperasi", "modal luar (Rp)", "modal_luar_rp"),
    Besaran(
        "modal_rp",
        "koperasi",
        "modal sendiri dan modal luar (Rp)",
        bagian=("modal_sendiri_rp", "modal_luar_rp"),
    ),
    _sum("aset_rp", "koperasi", "aset (Rp)", "aset_rp"),
    _sum("volume_usaha_rp", "koperasi", "volume usaha (Rp)", "volume_usaha_rp"),
    _sum("shu_rp", "koperasi", "sisa hasil usaha (Rp)", "shu_rp"),
    # koperasi: pengawasan
    _count("ksp_usp", "koperasi", "koperasi", "aktif", "usp"),
    _count("ksp_usp_dinilai", "koperasi", "koperasi", "aktif", "usp", "dinilai"),
    _count("sehat", "koperasi", "koperasi", "aktif", "usp", "dinilai", "sehat"),
    _count("kopdes_merah_putih_aktif", "koperasi", "koperasi", "aktif", "merah_putih"),
    _count("ksp", "koperasi", "koperasi", "aktif", "ksp"),
    _count("koperasi_bermasalah", "koperasi", "koperasi", "aktif", "bermasalah"),
    _count("koperasi_bermasalah_tidak_aktif", "koperasi", "koperasi", "tidak_aktif", "bermasalah"),
    # umkm
    _count("jumlah_umkm", "umkm", "unit UMKM"),
    _count("mikro", "umkm", "unit UMKM", "mikro"),
    _count("kecil", "umkm", "unit UMKM", "kecil"),
    _count("menengah", "umkm", "unit UMKM", "menengah"),
    _count("ukm", "umkm", "unit UMKM", "skala_diketahui", "ukm"),
    _count("umkm_skala_diketahui", "umkm", "unit UMKM", "skala_diketahui"),
    _count("skala_dilaporkan", "umkm", "unit UMKM", "skala_dilaporkan"),
    _count("skala_diturunkan", "umkm", "unit UMKM", "skala_diturunkan"),
    _sum("tenaga_kerja_umkm", "umkm", "tenaga kerja UMKM termasuk pemilik", "tenaga_kerja"),
    _count("punya_nib", "umkm", "unit UMKM", "nib"),
    _count("digital_dijawab", "umkm", "unit UMKM", "digital_dijawab"),
    _count("digital", "umkm", "unit UMKM", "digital_dijawab", "digital"),
    _count("eksportir_dijawab", "umkm", "unit UMKM", "ekspor_dijawab"),
    _count("eksportir", "umkm", "unit UMKM", "ekspor_dijawab", "eksportir"),
    _count("halal_dijawab", "umkm", "unit UMKM", "halal_dijawab"),
    _count("halal", "umkm", "unit UMKM", "halal_dijawab", "halal"),
    _count("mbg_dijawab", "umkm", "unit UMKM", "mbg_dijawab"),
    _count("pemasok_mbg", "umkm", "unit UMKM", "mbg_dijawab", "mbg"),
    _count("jenis_kelamin_diketahui", "umkm", "unit UMKM", "jk_diketahui"),
    _count("pemilik_perempuan", "umkm", "unit UMKM", "jk_diketahui", "perempuan"),
    _count("umur_diketahui", "umkm", "unit UMKM", "umur_diketahui"),
    _count("pemilik_muda", "umkm", "unit UMKM", "umur_diketahui", "muda"),
    # program
    _sum("pagu_rp", "program", "pagu sub kegiatan (Rp)", "pagu_rp"),
    _sum("realisasi_keuangan_rp", "program", "realisasi keuangan (Rp)", "realisasi_keuangan_rp"),
    _sum("pagu_bertarget_rp", "program", "pagu sub kegiatan (Rp)", "pagu_rp", "bertarget"),
    _sum(
        "fisik_tertimbang",
        "program",
        "(pagu × capaian fisik) sub kegiatan",
        "pagu_rp * (realisasi_fisik / target * 100)",
        "bertarget",
    ),
    # makro
    _sum("pdrb_adhb_rp", "makro", "PDRB atas dasar harga berlaku (Rp)", "pdrb_adhb_rp"),
)
BESARAN: dict[str, Besaran] = {b.kode: b for b in _BESARAN}
"""Every count and sum an indicator divides, by code (= the column in the indicator frames)."""


# besaran that only exist on joined or derived tables (their SQL lives with their function)
_BESARAN_KHUSUS = (
    Besaran(
        "diikuti",
        "umkm",
        "unit UMKM yang tercatat dengan skala diketahui tahun lalu dan tahun ini",
        agregat="kustom",
    ),
    Besaran(
        "naik",
        "umkm",
        "unit UMKM yang tercatat dengan skala diketahui tahun lalu dan tahun ini dan skalanya naik",
        agregat="kustom",
    ),
    Besaran(
        "pagu_prioritas_rp",
        "program",
        "pagu sub kegiatan yang ditandai mendukung prioritas nasional tahun rencana (Rp)",
        agregat="kustom",
    ),
)
BESARAN.update({b.kode: b for b in _BESARAN_KHUSUS})
_TURUNAN = {"naik": "diikuti"}
"""Custom besaran whose rows are a subset of another's (checked by tests on data)."""
