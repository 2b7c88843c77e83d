"""Roll-up indicators: what each headline divides, and the Indonesian formats of their values."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kumkm_utils import config
from kumkm_utils import formatting as fmt
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators._core import ratio

DATASETS = ("koperasi", "umkm", "program")
"""Datasets whose presence per province is tracked (``ada_<dataset>`` columns)."""


JUMLAH_PROVINSI = 38


@dataclass(frozen=True)
class Ukuran:
    """One headline indicator of the roll-up, defined by the part columns it divides.

    The value is ``pembilang / penyebut × skala`` (``penyebut`` None: the plain sum of
    ``pembilang``); with ``pertumbuhan`` it is ``(pembilang − penyebut) / penyebut × 100``.
    """

    kode: str
    """Code in the indicator catalogue (``kumkm_utils.reference.indicators()``)."""
    nama: str
    """Indonesian name shown in the report (ratios name their denominator)."""
    satuan: str
    """``"%"``, ``"Rp"``, ``"unit"`` or ``"orang"``."""
    dataset: str
    pembilang: str
    penyebut: str | None = None
    skala: float = 100.0
    pertumbuhan: bool = False
    naik_lebih_baik: bool = True
    dinilai: bool = False
    """True: rated with the five-band LKjIP scale (programme achievements)."""
    label_pembilang: str = ""
    label_penyebut: str = ""


UKURAN: tuple[Ukuran, ...] = (
    Ukuran("koperasi_aktif", "Jumlah koperasi aktif", "unit", "koperasi", "koperasi_aktif"),
    Ukuran(
        "persen_koperasi_aktif",
        "Koperasi aktif (% dari seluruh koperasi)",
        "%",
        "koperasi",
        "koperasi_aktif",
        "jumlah_koperasi",
        label_pembilang="Koperasi aktif",
        label_penyebut="Jumlah koperasi",
    ),
    Ukuran(
        "persen_rat",
        "Koperasi aktif yang melaksanakan RAT (% dari koperasi aktif)",
        "%",
        "koperasi",
        "koperasi_rat",
        "koperasi_aktif",
        label_pembilang="Koperasi aktif yang RAT",
        label_penyebut="Koperasi aktif",
    ),
    Ukuran("jumlah_anggota", "Jumlah anggota koperasi", "orang", "koperasi", "anggota"),
    Ukuran("volume_usaha", "Volume usaha koperasi", "Rp", "koperasi", "volume_usaha_rp"),
    Ukuran(
        "pertumbuhan_volume_usaha",
        "Pertumbuhan volume usaha koperasi (% dari tahun sebelumnya)",
        "%",
        "koperasi",
        "vu_banding_rp",
        "vu_sebelumnya_banding_rp",
        pertumbuhan=True,
        label_pembilang="Volume usaha tahun ini",
        label_penyebut="Volume usaha tahun sebelumnya",
    ),
    Ukuran("jumlah_umkm", "Jumlah UMKM terdata", "unit", "umkm", "jumlah_umkm"),
    Ukuran(
        "persen_ukm",
        "Usaha kecil dan menengah (% dari UMKM dengan skala diketahui)",
        "%",
        "umkm",
        "ukm",
        "umkm_skala_diketahui",
        label_pembilang="Usaha kecil + menengah",
        label_penyebut="UMKM dengan skala diketahui",
    ),
    Ukuran(
        "persen_umkm_naik_kelas",
        "UMKM yang naik kelas (% dari unit yang tercatat dua tahun)",
        "%",
        "umkm",
        "naik",
        "diikuti",
        label_pembilang="Unit naik kelas",
        label_penyebut="Unit tercatat tahun lalu dan tahun ini",
    ),
    Ukuran(
        "persen_umkm_nib",
        "UMKM yang memiliki NIB (% dari UMKM)",
        "%",
        "umkm",
        "punya_nib",
        "jumlah_umkm",
        label_pembilang="UMKM ber-NIB",
        label_penyebut="Jumlah UMKM",
    ),
    Ukuran(
        "serapan_anggaran",
        "Serapan anggaran program (% realisasi keuangan dari pagu)",
        "%",
        "program",
        "realisasi_keuangan_rp",
        "pagu_rp",
        dinilai=True,
        label_pembilang="Realisasi keuangan (Rp)",
        label_penyebut="Pagu (Rp)",
    ),
    Ukuran(
        "capaian_fisik",
        "Capaian fisik program (% tertimbang pagu)",
        "%",
        "program",
        "fisik_tertimbang",
        "pagu_bertarget_rp",
        skala=1.0,
        dinilai=True,
        label_pembilang="Σ pagu × capaian (Rp·%)",
        label_penyebut="Pagu sub kegiatan bertarget (Rp)",
    ),
)
"""The headline indicators of the national roll-up, in report order."""


PERINGKAT: tuple[str, ...] = (
    "persen_koperasi_aktif",
    "persen_rat",
    "volume_usaha",
    "pertumbuhan_volume_usaha",
    "persen_ukm",
    "persen_umkm_naik_kelas",
    "persen_umkm_nib",
    "serapan_anggaran",
    "capaian_fisik",
)
"""Indicators ranked across provinces (section "Peringkat provinsi")."""


PETA: tuple[str, ...] = ("persen_rat", "persen_ukm", "serapan_anggaran")
"""Indicators drawn on the tile map of the archipelago."""


SUM_COLUMNS: tuple[str, ...] = (
    "jumlah_koperasi",
    "koperasi_aktif",
    "koperasi_rat",
    "anggota",
    "modal_rp",
    "aset_rp",
    "volume_usaha_rp",
    "volume_usaha_sebelumnya_rp",
    "shu_rp",
    "vu_banding_rp",
    "vu_sebelumnya_banding_rp",
    "jumlah_umkm",
    "mikro",
    "kecil",
    "menengah",
    "ukm",
    "umkm_skala_diketahui",
    "punya_nib",
    "diikuti",
    "naik",
    "pagu_rp",
    "realisasi_keuangan_rp",
    "pagu_bertarget_rp",
    "fisik_tertimbang",
)
"""Numerator and denominator columns of :func:`province_parts` (summed for Indonesia)."""


_BY_CODE = {u.kode: u for u in UKURAN}


def ukuran(kode: str) -> Ukuran:
    """Return the roll-up indicator ``kode``.

    Raises
    ------
    ParameterError
        If ``kode`` is not in :data:`UKURAN`.

    Examples
    --------
    >>> ukuran("persen_rat").penyebut
    'koperasi_aktif'
    """
    if kode not in _BY_CODE:
        raise ParameterError(f"unknown roll-up indicator {kode!r}; known: {sorted(_BY_CODE)}")
    return _BY_CODE[kode]


def nilai(frame: pd.DataFrame, spec: Ukuran) -> pd.Series:
    """Compute one indicator on rows of numerators and denominators (provinces or Indonesia).

    Examples
    --------
    >>> f = pd.DataFrame({"koperasi_rat": [420.0], "koperasi_aktif": [2300.0]})
    >>> round(float(nilai(f, ukuran("persen_rat")).iloc[0]), 2)
    18.26
    """
    num = frame[spec.pembilang].astype("Float64")
    if spec.penyebut is None:
        return num
    den = frame[spec.penyebut].astype("Float64")
    if spec.pertumbuhan:
        return ratio(num - den, den)
    return ratio(num, den, scale=spec.skala)


def satuan_tabel(kode: str) -> str:
    """Unit of the value columns of :func:`peringkat` for an indicator (money in Rp miliar)."""
    spec = ukuran(kode)
    return "Rp miliar" if spec.satuan == "Rp" else spec.satuan


def format_nilai(value: object, satuan: str) -> str:
    """Format a value in its unit the Indonesian way (``18,3%``, ``Rp 1,2 T``, ``2.300``).

    Examples
    --------
    >>> format_nilai(18.26, "%"), format_nilai(1.2e12, "Rp"), format_nilai(2300.0, "unit")
    ('18,3%', 'Rp 1,2 T', '2.300')
    """
    if fmt.is_missing(value):
        return fmt.TIDAK_ADA_DATA
    if satuan == "%":
        return fmt.persen(float(value), 1)
    if satuan == "Rp":
        return fmt.rupiah(float(value))
    return fmt.angka(float(value), 0)


def _format_change(value: object, satuan: str) -> str:
    if satuan == "%":
        return fmt.perubahan(value, 1, satuan=" poin")
    if satuan == "Rp":
        return fmt.perubahan_rupiah(value)
    return fmt.perubahan(value, 0)


def check_parameters(tahun_evaluasi: object, tahun_rencana: object) -> int:
    """Check the national notebook's years and return the plan year (default evaluation + 1).

    Raises
    ------
    ParameterError
        If a year is not an integer, or the plan year comes before the evaluation year.

    Examples
    --------
    >>> check_parameters(2025, None)
    2026
    """
    for name, value in (("tahun_evaluasi", tahun_evaluasi), ("tahun_rencana", tahun_rencana)):
        if value is None and name == "tahun_rencana":
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"{name} harus bilangan bulat seperti 2025, bukan {value!r}")
    plan = config.plan_year(tahun_evaluasi, tahun_rencana)
    if plan < int(tahun_evaluasi):
        raise ParameterError(
            f"tahun_rencana ({plan}) tidak boleh sebelum tahun_evaluasi ({tahun_evaluasi})"
        )
    return plan


__all__ = [
    "DATASETS",
    "JUMLAH_PROVINSI",
    "Ukuran",
    "UKURAN",
    "PERINGKAT",
    "PETA",
    "SUM_COLUMNS",
    "ukuran",
    "nilai",
    "satuan_tabel",
    "format_nilai",
    "check_parameters",
]
