"""Legal thresholds: PP 7/2021 UMKM size, KUK classes of KSP, the five-band rating, RAT deadline.

The band limits are read from ``data/reference/`` (``ambang_skala_usaha.csv``,
``kuk_koperasi.csv``, ``rating_capaian.csv``, ``batas_rat.csv``), so the CSV and the code cannot
disagree. Every classifier is vectorised: it takes scalars or array-likes and returns a
``string`` Series (``<NA>`` where the input is missing).

Boundary conventions (bands are written "> lower, ≤ upper" in the regulations):

- UMKM size: Mikro ≤ Rp1 M modal / ≤ Rp2 M penjualan; exactly Rp1 M modal is still Mikro.
  Above the Menengah ceiling (Rp10 M modal / Rp50 M penjualan) the result is ``"Besar"``
  (usaha besar, not an UMKM).
- Rating: bands are continuous, each starting just above the previous ceiling: > 90 Sangat
  Baik, > 75 to 90 Baik, > 65 to 75 Cukup, > 50 to 65 Kurang, ≤ 50 Sangat Kurang. So 90 is
  Baik and 90,5 is Sangat Baik (the printed ranges 91-100, 76-90, ... assume whole numbers).
  Achievement above 100% stays Sangat Baik; the report flags it separately.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from kumkm_utils.config import REFERENCE_DIR

SIZE_FILE = "ambang_skala_usaha.csv"
KUK_FILE = "kuk_koperasi.csv"
RATING_FILE = "rating_capaian.csv"
RAT_FILE = "batas_rat.csv"

BESAR = "Besar"
"""Returned by :func:`classify_umkm_size` above the Menengah ceiling (not an UMKM)."""


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False)


def _as_float(values: object) -> pd.Series:
    """Return a float64 Series (NaN for missing) from a scalar, list, array or Series."""
    if isinstance(values, pd.Series):
        series = values
    elif np.ndim(values) == 0:
        series = pd.Series([values])
    else:
        series = pd.Series(list(values) if not isinstance(values, np.ndarray) else values)
    return pd.to_numeric(series, errors="coerce").astype("float64")


# --------------------------------------------------------------------------- UMKM size


def size_bands(regulasi: str = "pp7_2021") -> pd.DataFrame:
    """Return the UMKM size bands of one regulation (``pp7_2021`` or ``uu20_2008``), in Rp."""
    table = _read(SIZE_FILE)
    table = table[table["regulasi"] == regulasi].copy()
    if table.empty:
        raise ValueError(f"unknown regulasi {regulasi!r}; expected 'pp7_2021' or 'uu20_2008'")
    for col in ("lebih_dari_rp", "sampai_dengan_rp"):
        table[col] = table[col].astype("float64")
    return table.reset_index(drop=True)


def _classify_by(values: pd.Series, criterion: str) -> pd.Series:
    bands = size_bands()
    bands = bands[bands["kriteria"] == criterion].sort_values("sampai_dengan_rp")
    edges = bands["sampai_dengan_rp"].to_numpy()
    labels = np.array([*bands["skala_usaha"], BESAR], dtype=object)
    # searchsorted(side="left") puts a value equal to a ceiling into that band (≤ ceiling)
    idx = np.searchsorted(edges, values.to_numpy(), side="left")
    out = labels[np.minimum(idx, len(labels) - 1)]
    result = pd.Series(out, index=values.index, dtype="string")
    return result.mask(values.isna() | (values < 0))


def classify_umkm_size(modal_usaha_rp: object = None, omzet_tahunan_rp: object = None) -> pd.Series:
    """Classify businesses as Mikro/Kecil/Menengah by PP 7/2021 Pasal 35.

    PP 7/2021 classes a business by modal usaha **or** hasil penjualan tahunan: modal usaha at
    establishment, annual sales for businesses that already operate and for empowerment
    programmes. Since Dinas data describe operating businesses, **annual sales win when both
    are given**; modal usaha is the fallback when sales are missing.

    Parameters
    ----------
    modal_usaha_rp : scalar or array-like, optional
        Business capital excluding land and buildings, in Rp.
    omzet_tahunan_rp : scalar or array-like, optional
        Annual sales, in Rp.

    Returns
    -------
    pandas.Series
        ``"Mikro"``, ``"Kecil"``, ``"Menengah"``, ``"Besar"`` (above the UMKM ceiling) or
        ``<NA>`` (both missing or negative), ``string`` dtype. The index follows the sales
        argument if it is a Series, else the capital argument.

    Examples
    --------
    >>> classify_umkm_size([1e9, 1.2e9, None], [None, 2e9, 16e9]).tolist()
    ['Mikro', 'Mikro', 'Menengah']
    """
    if modal_usaha_rp is None and omzet_tahunan_rp is None:
        raise ValueError("give modal_usaha_rp, omzet_tahunan_rp or both")
    modal = None if modal_usaha_rp is None else _as_float(modal_usaha_rp)
    omzet = None if omzet_tahunan_rp is None else _as_float(omzet_tahunan_rp)
    if modal is not None and omzet is not None:
        if len(modal) != len(omzet):
            raise ValueError(f"lengths differ: {len(modal)} modal vs {len(omzet)} omzet values")
        if isinstance(omzet_tahunan_rp, pd.Series):
            modal.index = omzet.index
        else:
            omzet.index = modal.index
    by_sales = None if omzet is None else _classify_by(omzet, "hasil_penjualan_tahunan")
    by_capital = None if modal is None else _classify_by(modal, "modal_usaha")
    if by_sales is None:
        return by_capital
    if by_capital is None:
        return by_sales
    return by_sales.fillna(by_capital)


# --------------------------------------------------------------------------- KUK of KSP


def kuk_bands() -> pd.DataFrame:
    """Return the KUK classes of KSP/KSPPS (Permenkop UKM 8/2023 Pasal 49)."""
    return _read(KUK_FILE).copy()


def kuk_class(anggota: object, modal_sendiri_rp: object, aset_rp: object) -> pd.Series:
    """Return the KUK class (``"KUK 1"`` ... ``"KUK 4"``) of savings-and-loan cooperatives.

    Permenkop UKM 8/2023 Pasal 49 meets a class when members **and/or** own equity **and/or**
    assets fall in its band. We read "and/or" as: each criterion that is known places the
    cooperative in a class, and the cooperative takes the **highest** of those classes (a KSP
    with 4,000 members but Rp20 M own equity is KUK 3). ⚠ This reading is ours; confirm it.
    Missing criteria are ignored; all three missing gives ``<NA>``.

    Examples
    --------
    >>> kuk_class([4000, 4000, 31000], [1e9, 20e9, None], [10e9, 10e9, None]).tolist()
    ['KUK 1', 'KUK 3', 'KUK 4']
    """
    bands = kuk_bands()
    criteria = {
        "anggota": ("anggota_sampai_dengan", _as_float(anggota)),
        "modal": ("modal_sendiri_sampai_dengan_rp", _as_float(modal_sendiri_rp)),
        "aset": ("aset_sampai_dengan_rp", _as_float(aset_rp)),
    }
    lengths = {len(v) for _, v in criteria.values()}
    if len(lengths) != 1:
        raise ValueError(
            f"anggota, modal_sendiri_rp and aset_rp differ in length: {sorted(lengths)}"
        )
    n = lengths.pop()
    best = np.full(n, -1)
    for column, values in criteria.values():
        edges = bands[column].replace("", np.inf).astype("float64").to_numpy()
        arr = values.to_numpy()
        level = np.searchsorted(edges, arr, side="left").astype(int)
        level = np.where(np.isnan(arr) | (arr < 0), -1, np.minimum(level, len(edges) - 1))
        best = np.maximum(best, level)
    labels = bands["kelas"].to_numpy(dtype=object)
    out = np.where(best >= 0, labels[np.maximum(best, 0)], None)
    index = next(
        (v for v in (anggota, modal_sendiri_rp, aset_rp) if isinstance(v, pd.Series)), None
    )
    result = pd.Series(out, dtype="string")
    if index is not None:
        result.index = index.index
    return result


# --------------------------------------------------------------------------- rating


RATING_ORDER = ("Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang")
"""The five achievement bands, best first."""


def rating_bands() -> pd.DataFrame:
    """Return the five-band achievement scale (LKjIP) with its limits in percent."""
    return _read(RATING_FILE).copy()


def rating_text() -> str:
    """The five bands as one Indonesian sentence part, from :func:`rating_bands` (best first).

    Examples
    --------
    >>> rating_text()
    'Sangat Baik > 90%, Baik > 75–90%, Cukup > 65–75%, Kurang > 50–65%, Sangat Kurang ≤ 50%'
    """
    parts = []
    for _, band in rating_bands().iterrows():
        low, high = str(band["lebih_dari_persen"]), str(band["sampai_dengan_persen"])
        if not high:
            parts.append(f"{band['predikat']} > {low}%")
        elif not low:
            parts.append(f"{band['predikat']} ≤ {high}%")
        else:
            parts.append(f"{band['predikat']} > {low}–{high}%")
    return ", ".join(parts)


def rating(pct: object) -> pd.Series | str:
    """Return the five-band rating of achievement percentages (capaian, 0-100+).

    Parameters
    ----------
    pct : float or array-like
        Achievement in percent (85 means 85%).

    Returns
    -------
    str or pandas.Series
        ``"Sangat Baik"`` (> 90, also above 100), ``"Baik"`` (> 75 to 90), ``"Cukup"``
        (> 65 to 75), ``"Kurang"`` (> 50 to 65), ``"Sangat Kurang"`` (≤ 50). A scalar gives a
        str (``<NA>`` for a missing value); an array-like gives a ``string`` Series.

    Examples
    --------
    >>> rating(90), rating(90.5), rating(120), rating(50)
    ('Baik', 'Sangat Baik', 'Sangat Baik', 'Sangat Kurang')
    """
    scalar = np.ndim(pct) == 0 and not isinstance(pct, pd.Series)
    values = _as_float(pct)
    bands = rating_bands()
    ceilings = bands["sampai_dengan_persen"].replace("", np.inf).astype("float64").to_numpy()
    order = np.argsort(ceilings)
    edges = ceilings[order]
    labels = bands["predikat"].to_numpy(dtype=object)[order]
    idx = np.searchsorted(edges, values.to_numpy(), side="left")
    out = pd.Series(labels[np.minimum(idx, len(labels) - 1)], index=values.index, dtype="string")
    out = out.mask(values.isna())
    return out.iloc[0] if scalar else out


# --------------------------------------------------------------------------- RAT deadline


def rat_deadline(tahun: int) -> date:
    """Return the last day to hold the RAT of book year ``tahun``: 30 June of ``tahun + 1``.

    Permenkop UKM 19/2015: RAT at most six months after the book year ends (book years
    end on 31 December).

    Examples
    --------
    >>> rat_deadline(2024)
    datetime.date(2025, 6, 30)
    """
    if isinstance(tahun, bool) or not isinstance(tahun, (int, np.integer)):
        raise TypeError(f"tahun must be an int, got {tahun!r}")
    return date(int(tahun) + 1, 6, 30)


def rat_report_deadline(tahun: int, *, sekunder: bool = False) -> date | None:
    """Return the RAT *report* deadline set by circular for a book year, if one is recorded.

    For book year 2024 (SE Deputi 1/2025): 30 April 2025 for primary cooperatives, 30 June
    2025 for secondary ones. Other years return None (use :func:`rat_deadline`).
    """
    table = _read(RAT_FILE)
    jenis = "sekunder" if sekunder else "primer"
    row = table[(table["tahun_buku"] == str(tahun)) & (table["jenis_koperasi"] == jenis)]
    if row.empty:
        return None
    return date.fromisoformat(row["batas_laporan_rat"].iloc[0])
