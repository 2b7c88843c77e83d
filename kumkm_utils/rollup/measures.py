"""Roll-up indicators: what each headline divides, and the Indonesian formats of their values."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kumkm_utils import config
from kumkm_utils import formatting as fmt
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import deklarasi
from kumkm_utils.indicators._core import ratio

DATASETS = ("koperasi", "umkm", "program")
"""Datasets whose presence per province is tracked (``ada_<dataset>`` columns)."""

TRANSISI = "transisi"
"""Comparison group of the size-class transitions (``diikuti``, ``naik``, ...): a kab/kota has
them for a year only when it sent UMKM data for that year and the year before, so a
like-for-like change of e.g. ``persen_naik`` compares the kab/kota with transitions in both
years, not merely those with UMKM data (``ada_transisi``, ``n_kabkota_banding_transisi``)."""

TRANSISI_KOLOM = frozenset(
    {"diikuti", "naik", "tetap", "turun", "mikro_ke_kecil", "kecil_ke_menengah"}
)
"""Part columns that come from the transitions (:func:`kumkm_utils.indicators.umkm.transisi`)."""


JUMLAH_PROVINSI = 38


@dataclass(frozen=True)
class Ukuran:
    """One indicator of the roll-up, defined by the part columns it divides.

    Built from the indicator's declaration (:func:`dari_deklarasi`). The value is
    ``pembilang / penyebut × skala`` (``penyebut`` None: the plain sum of ``pembilang``); with
    ``pertumbuhan`` it is ``(pembilang − penyebut) / penyebut × 100``.
    """

    kode: str
    """Indicator code (:mod:`kumkm_utils.indicators.deklarasi`)."""
    nama: str
    """Indonesian label shown in the report (ratios name their denominator)."""
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

    @property
    def banding(self) -> str:
        """The comparison group of its like-for-like change (:data:`TRANSISI` or the dataset)."""
        return TRANSISI if self.pembilang in TRANSISI_KOLOM else self.dataset


def dari_deklarasi(ind: deklarasi.Indikator) -> Ukuran:
    """The roll-up measure of a declared indicator (its numerator and denominator columns)."""
    growth = ind.jenis == "pertumbuhan"
    pembilang = f"{ind.pembilang}_banding" if growth else str(ind.pembilang)
    penyebut = f"{ind.pembilang}_sebelumnya_banding" if growth else ind.penyebut
    from kumkm_utils.indicators.labels import label

    if growth:
        name = label(str(ind.pembilang))
        labels = (f"{name} tahun ini", f"{name} tahun lalu")
    else:
        labels = (label(str(ind.pembilang)), label(str(ind.penyebut)))
    return Ukuran(
        kode=ind.kode,
        nama=ind.label,
        satuan=ind.satuan,
        dataset=ind.dataset,
        pembilang=pembilang,
        penyebut=penyebut,
        skala=ind.skala,
        pertumbuhan=growth,
        naik_lebih_baik=ind.naik_lebih_baik,
        dinilai=ind.dinilai,
        label_pembilang=labels[0] if penyebut else "",
        label_penyebut=labels[1] if penyebut else "",
    )


UKURAN: tuple[Ukuran, ...] = tuple(
    dari_deklarasi(i) for i in deklarasi.INDIKATOR if {"rekap", "peringkat", "peta"} & set(i.peran)
)
"""The indicators of the roll-up (roles ``rekap``, ``peringkat`` or ``peta``), in declaration
order: the parts hold their numerators and denominators."""

REKAP: tuple[str, ...] = deklarasi.kode_dengan_peran("rekap")
"""Indicators of the national summary table (role ``rekap``)."""


PERINGKAT: tuple[str, ...] = deklarasi.kode_dengan_peran("peringkat")
"""Indicators ranked across provinces (role ``peringkat``)."""

BIDANG_PERINGKAT: dict[str, tuple[str, ...]] = {
    "koperasi": ("kelembagaan", "usaha", "pengawasan"),
    "umkm": ("umkm",),
    "program": ("program",),
}
"""The fields the national report ranks provinces in, as groups of indicator ``kelompok``."""


def peringkat_bidang(bidang: str) -> tuple[str, ...]:
    """The ranked indicators (role ``peringkat``) of one field, in declaration order.

    Examples
    --------
    >>> peringkat_bidang("program")
    ('persen_keuangan', 'capaian_fisik')
    """
    kelompok = BIDANG_PERINGKAT[bidang]
    return tuple(k for k in PERINGKAT if deklarasi.indikator(k).kelompok in kelompok)


PETA: tuple[str, ...] = deklarasi.kode_dengan_peran("peta")
"""Indicators drawn on the tile map of the archipelago (role ``peta``)."""


BASE_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(
        c for u in UKURAN if not u.pertumbuhan for c in (u.pembilang, u.penyebut) if c is not None
    )
)
"""Numerator and denominator columns of the summary's indicators (besaran codes)."""

GROWTH_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(c for u in UKURAN if u.pertumbuhan for c in (u.pembilang, u.penyebut) if c)
)

SUM_COLUMNS: tuple[str, ...] = (
    *BASE_COLUMNS,
    *(f"{c}_banding" for c in BASE_COLUMNS),
    *(f"{c}_sebelumnya_banding" for c in BASE_COLUMNS),
    *(
        c
        for c in GROWTH_COLUMNS
        if c not in {f"{b}_banding" for b in BASE_COLUMNS}
        and c not in {f"{b}_sebelumnya_banding" for b in BASE_COLUMNS}
    ),
)
"""Columns of :func:`province_parts` summed for Indonesia: the numerators and denominators,
and for each its like-for-like pair (``_banding``: this year, ``_sebelumnya_banding``: the
year before, both over the kab/kota with data in both years)."""


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
    "BIDANG_PERINGKAT",
    "PERINGKAT",
    "PETA",
    "REKAP",
    "SUM_COLUMNS",
    "peringkat_bidang",
    "ukuran",
    "nilai",
    "satuan_tabel",
    "format_nilai",
    "check_parameters",
]
