"""Indonesian labels of indicator columns, and the step from an indicator frame to a report table.

Indicator functions return stable snake_case columns; :data:`LABELS` names each one for
analysts (percentages say their denominator; money says ``(Rp)``). :func:`tabel` selects and
renames columns for :func:`kumkm_utils.display.table`, keeping numbers as numbers (the Excel
annex stores them as such) and giving the display the formats it cannot guess: rupiah amounts
as ``Rp 1,2 M`` and signed changes. :func:`tampilkan` does both in one call for notebooks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from kumkm_utils import formatting as fmt
from kumkm_utils.indicators import deklarasi
from kumkm_utils.indicators.trend import PERUBAHAN, SEBELUMNYA

LABELS: dict[str, str] = {
    "kode_wilayah": "Kode",
    "nama_wilayah": "Kabupaten/kota",
    "tahun": "Tahun",
    # kelembagaan
    "koperasi_tidak_aktif": "Koperasi tidak aktif",
    "koperasi_aktif_tidak_rat": "Koperasi aktif yang tidak RAT",
    "koperasi_rat_tepat_waktu": "RAT tepat waktu",
    "anggota_laki_laki": "Anggota laki-laki",
    "anggota_perempuan": "Anggota perempuan",
    "manajer": "Manajer",
    "karyawan": "Karyawan",
    "tenaga_kerja": "Tenaga kerja",
    "punya_nib": "UMKM ber-NIB",
    "fisik_tertimbang": "Σ pagu × capaian (Rp·%)",
    "pagu_bertarget_rp": "Pagu sub kegiatan bertarget (Rp)",
    "koperasi_bermasalah_tidak_aktif": "Bermasalah, tidak aktif (di luar persentase)",
    "skala_dilaporkan": "Skala dari isian",
    "skala_diturunkan": "Skala diturunkan (PP 7/2021)",
    "umkm_skala_diketahui": "UMKM berskala diketahui",
    "ukm": "Usaha kecil + menengah",
    "digital_dijawab": "Menjawab pemasaran digital",
    "eksportir_dijawab": "Menjawab eksportir",
    "halal_dijawab": "Menjawab sertifikat halal",
    "mbg_dijawab": "Menjawab potensi MBG",
    # usaha
    "modal_rp": "Modal (Rp)",
    "volume_usaha_sebelumnya_rp": "Volume usaha tahun lalu (Rp)",
    "persen_volume_provinsi": "% volume usaha provinsi",
    # pengawasan
    "ksp_usp": "KSP/USP",
    "sehat": "Sehat",
    "cukup_sehat": "Cukup Sehat",
    "dalam_pengawasan": "Dalam Pengawasan",
    "dalam_pengawasan_khusus": "Dalam Pengawasan Khusus",
    "persen_cukup_sehat": "% cukup sehat (dari yang dinilai)",
    "persen_dalam_pengawasan": "% dalam pengawasan (dari yang dinilai)",
    "kuk_1": "KUK 1",
    "kuk_2": "KUK 2",
    "kuk_3": "KUK 3",
    "kuk_4": "KUK 4",
    "kuk_tidak_diketahui": "KUK tidak diketahui",
    "koperasi_bermasalah": "Koperasi bermasalah",
    # umkm
    "mikro": "Mikro",
    "kecil": "Kecil",
    "menengah": "Menengah",
    "skala_tidak_diketahui": "Skala tidak diketahui",
    "pemasok_mbg_pangan": "Di antaranya KBLI A/C/I",
    "diikuti": "Unit diikuti",
    "naik": "Naik kelas",
    "tetap": "Tetap",
    "turun": "Turun kelas",
    "kategori_kbli": "Kategori KBLI",
    "nama_kategori": "Lapangan usaha",
    "persen_umkm": "% UMKM",
    # program
    "kode": "Kode",
    "nama": "Uraian",
    "n_subkegiatan": "Sub kegiatan",
    "pagu_rp": "Pagu (Rp)",
    "realisasi_keuangan_rp": "Realisasi keuangan (Rp)",
    "predikat_keuangan": "Predikat keuangan",
    "predikat_fisik": "Predikat fisik",
    "kode_subkegiatan": "Kode sub kegiatan",
    "nama_subkegiatan": "Sub kegiatan",
    "sumber_dana": "Sumber dana",
    "lokasi": "Lokasi",
    "target": "Target",
    "realisasi_fisik": "Realisasi fisik",
    "satuan": "Satuan",
    "kendala": "Kendala",
    "kode_prioritas": "Kode prioritas",
    "nama_prioritas": "Prioritas nasional",
    "n_lokasi_kabkota": "Lokasi kab/kota",
    "status": "Status",
    # ekonomi
    "pdrb_adhb_rp": "PDRB ADHB (Rp)",
}
"""snake_case column → Indonesian label shown in tables, for the columns that are not
indicators (counts and breakdowns); an indicator column takes its declared short label
(:func:`kumkm_utils.indicators.deklarasi.label_tabel`)."""


def label(column: str) -> str:
    """Return the Indonesian label of a column, also for ``_sebelumnya``/``_perubahan`` ones.

    Examples
    --------
    >>> label("persen_rat_perubahan")
    'Perubahan % RAT (dari koperasi aktif), poin'
    """
    if column.endswith(PERUBAHAN):
        base = column[: -len(PERUBAHAN)]
        unit = ", poin" if _is_percent(base) else ""
        return f"Perubahan {label(base)}{unit}"
    if column.endswith(SEBELUMNYA):
        return f"{label(column[: -len(SEBELUMNYA)])} tahun lalu"
    declared = deklarasi.label_tabel(column)
    if declared is not None:
        return declared
    return LABELS.get(column, column.replace("_", " ").capitalize())


def _is_percent(column: str) -> bool:
    declared = deklarasi.satuan(column)
    if declared is not None:
        return declared == "%"
    return column.startswith(("persen_", "pertumbuhan_"))


def _formatter(column: str) -> str | Callable[[object], str] | None:
    base = column[: -len(PERUBAHAN)] if column.endswith(PERUBAHAN) else column
    is_money = base.removesuffix(SEBELUMNYA).endswith("_rp")
    if column.endswith(PERUBAHAN):
        if is_money:
            return fmt.perubahan_rupiah
        return (
            (lambda v: fmt.perubahan(v, 1))
            if _is_percent(base)
            else (lambda v: fmt.perubahan(v, 0))
        )
    if is_money:
        return "rupiah"
    if _is_percent(column.removesuffix(SEBELUMNYA)):
        return "persen"
    return None


def tabel(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    wilayah: str | None = "Kabupaten/kota",
) -> tuple[pd.DataFrame, dict[str, str | Callable[[object], str]]]:
    """Select and label columns for display; return the table and its column formats.

    Parameters
    ----------
    frame
        An indicator frame.
    columns
        Value columns to show, in order.
    wilayah
        Label of the region name column, put first (None: no region column, e.g. for
        programme tables whose ``nama`` is in ``columns``).

    Returns
    -------
    tuple
        The labelled frame (numbers stay numbers, missing values stay NA) and a mapping of
        label → format for :func:`kumkm_utils.display.table`.
    """
    selected = (["nama_wilayah"] if wilayah else []) + list(columns)
    out = frame[selected].copy()
    labels = {c: label(c) for c in columns}
    if wilayah:
        labels["nama_wilayah"] = wilayah
    formats = {}
    for column in columns:
        spec = _formatter(column)
        if spec is not None:
            formats[labels[column]] = spec
    return out.rename(columns=labels), formats


def tampilkan(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    key: str,
    title: str,
    unit: str | None = None,
    note: str | None = None,
    wilayah: str | None = "Kabupaten/kota",
) -> None:
    """Show indicator columns as a numbered report table (see :func:`tabel`)."""
    from kumkm_utils import display

    table, formats = tabel(frame, columns, wilayah=wilayah)
    if "capaian_fisik" in columns:  # the rule is stated once, in the declarations
        note = f"{note} {deklarasi.ATURAN_CAPAIAN}" if note else deklarasi.ATURAN_CAPAIAN
    banding = frame.attrs.get("catatan_banding")
    if banding and any(str(c).endswith(PERUBAHAN) for c in columns):
        note = f"{note} {banding}" if note else banding
    display.table(table, key=key, title=title, unit=unit, note=note, formats=formats)


def nilai(value: object) -> float | None:
    """Return a value as a float, or None when it is missing (for chart reference lines).

    Examples
    --------
    >>> nilai(18.5), nilai(pd.NA)
    (18.5, None)
    """
    return None if fmt.is_missing(value) else float(value)  # type: ignore[arg-type]
