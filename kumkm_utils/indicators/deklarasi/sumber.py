"""Official sources: a publication or regulation (:class:`Sumber`) and every source an indicator
declaration may name, by key (:data:`SUMBER`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sumber:
    """An official publication or regulation (no mirror links; those are in
    ``data/reference/README.md``)."""

    penerbit: str
    judul: str
    nomor: str = ""
    tahun: int | None = None
    bagian: str = ""
    """Article, table or chapter (``Pasal 35``, ``Lampiran I``)."""

    def teks(self) -> str:
        """``Penerbit, Judul Nomor (Tahun), bagian``."""
        head = f"{self.penerbit}, {self.judul}"
        if self.nomor:
            head += f" Nomor {self.nomor}"
        if self.tahun:
            head += f" ({self.tahun})"
        return head + (f", {self.bagian}" if self.bagian else "")


KEMENKOP = "Kementerian Koperasi dan UKM"
_S = {
    "ods": Sumber(KEMENKOP, "Data koperasi Online Data System (ODS), paparan Rakorda", tahun=2015),
    "permen_06_2009": Sumber(
        "Kementerian Negara Koperasi dan UKM",
        "Peraturan Menteri Negara Koperasi dan UKM",
        "06/Per/M.KUKM/IV/2009",
        2009,
    ),
    "permen_19_2015": Sumber(
        KEMENKOP,
        "Peraturan Menteri Koperasi dan UKM tentang Penyelenggaraan Rapat Anggota Koperasi",
        "19/Per/M.KUKM/IX/2015",
        2015,
    ),
    "uu_25_1992": Sumber(
        "Republik Indonesia", "Undang-Undang tentang Perkoperasian", "25", 1992, "Pasal 41 dan 45"
    ),
    "bappenas_kodref": Sumber(
        "Kementerian PPN/Bappenas",
        "Keputusan Menteri PPN tentang Kode Referensi Indikator",
        "KEP.26A/M.PPN/HK/05/2025",
        2025,
    ),
    "rpjpn": Sumber(
        "Republik Indonesia",
        "Undang-Undang tentang RPJPN 2025-2045",
        "59",
        2024,
        "indikator rasio volume usaha koperasi terhadap PDB",
    ),
    "permen_9_2020": Sumber(
        KEMENKOP, "Peraturan Menteri Koperasi dan UKM tentang Pengawasan Koperasi", "9", 2020
    ),
    "permen_8_2023": Sumber(
        KEMENKOP,
        "Peraturan Menteri Koperasi dan UKM tentang Usaha Simpan Pinjam oleh Koperasi",
        "8",
        2023,
        "Pasal 49",
    ),
    "rpjmn": Sumber(
        "Kementerian PPN/Bappenas",
        "RPJMN 2025-2029, indikator proporsi usaha kecil dan menengah",
        tahun=2025,
    ),
    "rpjmn_nib": Sumber(
        "Kementerian PPN/Bappenas",
        "RPJMN 2025-2029, indikator proporsi UMKM yang memiliki izin usaha",
        tahun=2025,
        bagian="kode 03.03.02.01.01",
    ),
    "pp_7_2021": Sumber(
        "Republik Indonesia",
        "Peraturan Pemerintah tentang Kemudahan, Pelindungan, dan Pemberdayaan Koperasi dan "
        "Usaha Mikro, Kecil, dan Menengah",
        "7",
        2021,
        "Pasal 35",
    ),
    "sidt": Sumber(KEMENKOP, "Sistem Informasi Data Tunggal KUMKM (SIDT-KUMKM)"),
    "uu_40_2009": Sumber("Republik Indonesia", "Undang-Undang tentang Kepemudaan", "40", 2009),
    "mbg": Sumber(
        "Badan Gizi Nasional",
        "Program Makan Bergizi Gratis, pemasok Satuan Pelayanan Pemenuhan Gizi",
    ),
    "lkjip": Sumber(
        "Kementerian Dalam Negeri",
        "Peraturan Menteri Dalam Negeri tentang Tata Cara Perencanaan, Pengendalian dan Evaluasi "
        "Pembangunan Daerah",
        "86",
        2017,
        "evaluasi Renja, skala capaian lima tingkat (praktik LKjIP)",
    ),
    "prioritas": Sumber(
        "Kementerian Dalam Negeri dan Kementerian PPN/Bappenas",
        "Rakortekrenbang, sinkronisasi program pusat dan daerah",
    ),
    "kdkmp": Sumber(
        "Kementerian Koperasi",
        "Peraturan Menteri Koperasi (definisi Koperasi Desa/Kelurahan Merah Putih)",
        "3",
        2025,
    ),
    "perpres_2_2022": Sumber(
        "Republik Indonesia",
        "Peraturan Presiden tentang Pengembangan Kewirausahaan Nasional",
        "2",
        2022,
        "Lampiran I",
    ),
    "bps_sakernas": Sumber("Badan Pusat Statistik", "Survei Angkatan Kerja Nasional (Sakernas)"),
    "kemenkop_rilis": Sumber(KEMENKOP, "Rilis capaian indikator strategis KUMKM"),
    "permenko_kur": Sumber(
        "Kementerian Koordinator Bidang Perekonomian",
        "Peraturan Menteri Koordinator Bidang Perekonomian tentang Pedoman Pelaksanaan Kredit "
        "Usaha Rakyat",
        "1",
        2023,
    ),
}


SUMBER: dict[str, Sumber] = dict(_S)
