"""Where each indicator of the catalogue is computed: catalogue code → function and column.

The indicator catalogue (``kumkm_utils.reference.indicators()``) defines every indicator
(name, definition, numerator, denominator, unit, direction, source). :data:`KATALOG` maps
each one the workbook computes from Dinas submissions (``dihitung = ya``) to the indicator
function and output column that implement it, so the report's definitions annex and the
values always come from the same place (a test checks that the two stay complete).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import duckdb
import pandas as pd

from kumkm_utils import reference
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import ekonomi, koperasi, pengawasan, program, umkm, usaha
from kumkm_utils.indicators._core import ID_COLUMNS

KATALOG: dict[str, tuple[Callable[..., pd.DataFrame], str]] = {
    "jumlah_koperasi": (koperasi.kelembagaan, "jumlah_koperasi"),
    "koperasi_aktif": (koperasi.kelembagaan, "koperasi_aktif"),
    "persen_koperasi_aktif": (koperasi.kelembagaan, "persen_aktif"),
    "koperasi_rat": (koperasi.kelembagaan, "koperasi_rat"),
    "persen_rat": (koperasi.kelembagaan, "persen_rat"),
    "persen_rat_tepat_waktu": (koperasi.kelembagaan, "persen_rat_tepat_waktu"),
    "pertumbuhan_jumlah_koperasi": (koperasi.kelembagaan, "pertumbuhan_jumlah_koperasi"),
    "jumlah_anggota": (koperasi.anggota, "anggota"),
    "persen_anggota_perempuan": (koperasi.anggota, "persen_anggota_perempuan"),
    "pertumbuhan_anggota": (koperasi.anggota, "pertumbuhan_anggota"),
    "tenaga_kerja_koperasi": (koperasi.anggota, "tenaga_kerja"),
    "modal_sendiri": (usaha.usaha, "modal_sendiri_rp"),
    "modal_luar": (usaha.usaha, "modal_luar_rp"),
    "persen_modal_sendiri": (usaha.usaha, "persen_modal_sendiri"),
    "aset": (usaha.usaha, "aset_rp"),
    "volume_usaha": (usaha.usaha, "volume_usaha_rp"),
    "pertumbuhan_volume_usaha": (usaha.usaha, "pertumbuhan_volume_usaha"),
    "shu": (usaha.usaha, "shu_rp"),
    "kontribusi_koperasi_pdrb": (ekonomi.kontribusi_pdrb, "kontribusi_pdrb"),
    "usp_dinilai": (pengawasan.kesehatan, "ksp_usp_dinilai"),
    "persen_usp_dinilai": (pengawasan.kesehatan, "persen_dinilai"),
    "persen_ksp_sehat": (pengawasan.kesehatan, "persen_sehat"),
    "kelas_kuk": (pengawasan.kuk, "ksp"),
    "persen_koperasi_bermasalah": (pengawasan.bermasalah, "persen_bermasalah"),
    "jumlah_umkm": (umkm.skala, "jumlah_umkm"),
    "persen_ukm": (umkm.skala, "persen_ukm"),
    "persen_umkm_naik_kelas": (umkm.transisi, "persen_naik"),
    "persen_umkm_nib": (umkm.profil, "persen_nib"),
    "persen_umkm_digital": (umkm.profil, "persen_digital"),
    "persen_umkm_eksportir": (umkm.profil, "persen_eksportir"),
    "persen_umkm_perempuan": (umkm.profil, "persen_perempuan"),
    "persen_umkm_pemuda": (umkm.profil, "persen_muda"),
    "persen_umkm_halal": (umkm.profil, "persen_halal"),
    "umkm_potensi_mbg": (umkm.mbg, "pemasok_mbg"),
    "persen_umkm_potensi_mbg": (umkm.mbg, "persen_pemasok_mbg"),
    "tenaga_kerja_umkm": (umkm.skala, "tenaga_kerja"),
    "serapan_anggaran": (program.realisasi, "persen_keuangan"),
    "capaian_fisik": (program.realisasi, "capaian_fisik"),
    "persen_pagu_prioritas": (program.realisasi, "persen_pagu_prioritas"),
}
"""Catalogue code → (indicator function, output column). ``kelas_kuk`` points at the KSP
count; its distribution is the ``kuk_1`` … ``kuk_4`` columns of the same frame."""


LABEL_DEFINISI = {
    "kode": "Kode",
    "nama": "Indikator",
    "definisi": "Definisi",
    "pembilang": "Pembilang",
    "penyebut": "Penyebut",
    "satuan": "Satuan",
    "arah": "Arah yang diharapkan",
    "sumber": "Sumber",
    "catatan": "Catatan",
}
"""Indonesian labels of :func:`definisi` columns."""


def nilai(
    kode: str,
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: str = "provinsi",
    n_years: int = 1,
) -> pd.DataFrame:
    """Compute one catalogue indicator; the value is in the column ``nilai``.

    Raises
    ------
    ParameterError
        If the code is not computed by the workbook.
    """
    if kode not in KATALOG:
        raise ParameterError(
            f"indicator {kode!r} is not computed here; computed ones: {', '.join(KATALOG)}"
        )
    function, column = KATALOG[kode]
    frame = function(con, province=province, year=year, by=by, n_years=n_years)
    if "kode" in frame.columns:
        frame = frame.rename(columns={"kode": "kode_wilayah", "nama": "nama_wilayah"})
    return frame[[*ID_COLUMNS, column]].rename(columns={column: "nilai"})


def definisi(codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Return the catalogue entries of the given codes (default: every computed one).

    Returns
    -------
    pandas.DataFrame
        ``kode``, ``nama``, ``definisi``, ``pembilang``, ``penyebut``, ``satuan``, ``arah``,
        ``sumber``, ``catatan`` in the order of ``codes``.
    """
    wanted = list(codes) if codes is not None else list(KATALOG)
    table = reference.indicators().set_index("kode")
    unknown = [c for c in wanted if c not in table.index]
    if unknown:
        raise ParameterError(f"not in the indicator catalogue: {', '.join(unknown)}")
    columns = ["nama", "definisi", "pembilang", "penyebut", "satuan", "arah", "sumber", "catatan"]
    return table.loc[wanted, columns].reset_index()


def tampilkan_definisi(*, key: str, title: str, codes: Iterable[str] | None = None) -> None:
    """Show the definitions of the computed indicators as a report table.

    The table keeps the columns an analyst needs to read a figure (name, definition with its
    numerator, denominator, unit, source), so it fits an A4 page; the other catalogue columns
    stay in ``data/reference/indikator.csv``.
    """
    from kumkm_utils import display

    table = definisi(codes)[["nama", "definisi", "penyebut", "satuan", "sumber"]]
    display.table(
        table.rename(columns=LABEL_DEFINISI),
        key=key,
        title=title,
        note="Definisi lengkap (pembilang, arah, catatan) ada di katalog indikator, "
        "data/reference/indikator.csv.",
    )
