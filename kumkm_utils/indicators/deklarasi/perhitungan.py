"""What the declarations compute: the SQL of the besaran an indicator function selects
(:func:`sql`, :func:`sql_fungsi`), the value of a besaran in a frame (:func:`jumlahkan`) and of an
indicator from its besaran (:func:`hitung`).
"""

from __future__ import annotations

import pandas as pd

from kumkm_utils.indicators.deklarasi.besaran import BESARAN
from kumkm_utils.indicators.deklarasi.daftar import INDIKATOR
from kumkm_utils.indicators.deklarasi.pencarian import indikator


def sql(*codes: str) -> dict[str, str]:
    """Column → SQL aggregate of the given :data:`BESARAN` (for ``_core.compute``)."""
    return {c: BESARAN[c].sql() for c in codes}


def sql_fungsi(fungsi: str, *extra: str) -> dict[str, str]:
    """Column → SQL of every count and sum the indicators computed by ``fungsi`` divide
    (``"koperasi.kelembagaan"``), after the ``extra`` besaran the function also shows.

    An indicator declared with that function gets its columns computed without touching the
    function (see ``docs/adding_indicator.md``).
    """
    codes: list[str] = list(extra)
    for ind in INDIKATOR:
        if ind.fungsi != fungsi:
            continue
        for kode in (ind.pembilang, ind.penyebut):
            if kode and BESARAN[kode].agregat != "kustom":
                codes += sorted(BESARAN[kode].kolom_dasar())
    return sql(*dict.fromkeys(codes))


def kolom_jumlah(fungsi: str) -> list[str]:
    """The count indicators (``jenis`` ``jumlah``) computed by ``fungsi``, in declaration order."""
    return [i.kode for i in INDIKATOR if i.fungsi == fungsi and i.jenis == "jumlah"]


def jumlahkan(frame: pd.DataFrame, kode: str) -> pd.Series:
    """Value of a :data:`BESARAN` in a frame: its own column, or the sum of its parts."""
    spec = BESARAN[kode]
    if not spec.bagian:
        return frame[kode].astype("Float64")
    parts = [jumlahkan(frame, b) for b in spec.bagian]
    total = sum((p.fillna(0) for p in parts[1:]), parts[0].fillna(0))
    all_missing = pd.concat([p.isna() for p in parts], axis=1).all(axis=1)
    return total.astype("Float64").mask(all_missing)


def hitung(frame: pd.DataFrame, kode: str) -> pd.Series:
    """The value of a ratio (``rasio``/``tertimbang``) or count from the frame's besaran columns."""
    ind = indikator(kode)
    num = jumlahkan(frame, ind.pembilang)
    if ind.jenis == "jumlah":
        return num
    if ind.jenis not in ("rasio", "perbandingan", "tertimbang"):
        raise ValueError(f"{kode} is a {ind.jenis}, not computed by hitung")
    from kumkm_utils.indicators._core import ratio

    return ratio(num, jumlahkan(frame, ind.penyebut), scale=ind.skala)
