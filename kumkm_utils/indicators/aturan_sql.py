"""SQL of the legal rules the indicators apply: the RAT deadline and the PP 7/2021 size class.

They read the reference thresholds only (:mod:`kumkm_utils.reference.thresholds`), so both the
indicator declarations (:mod:`.deklarasi`) and the indicator modules (:mod:`.koperasi`,
:mod:`.umkm`) import them without importing each other.
"""

from __future__ import annotations

from functools import cache

from kumkm_utils.reference.thresholds import rat_deadline, size_bands

SKALA = ("Mikro", "Kecil", "Menengah")
"""The three size classes of PP 7/2021, smallest first."""


def deadline_sql() -> str:
    """SQL date of the RAT deadline of the row's book year, shaped like reference.rat_deadline."""
    sample = rat_deadline(2000)
    return f"make_date(CAST(tahun AS INTEGER) + {sample.year - 2000}, {sample.month}, {sample.day})"


@cache
def _batas(kriteria: str) -> tuple[float, float, float]:
    """Upper bounds of mikro, kecil, menengah for one PP 7/2021 criterion (reference data)."""
    bands = size_bands("pp7_2021")
    bands = bands[bands["kriteria"] == kriteria].set_index("skala_usaha")
    return tuple(float(bands.loc[k, "sampai_dengan_rp"]) for k in SKALA)


def _bands(column: str, bounds: tuple[float, float, float]) -> str:
    b1, b2, b3 = bounds
    return (
        f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} <= {b1} THEN 'Mikro' "
        f"WHEN {column} <= {b2} THEN 'Kecil' WHEN {column} <= {b3} THEN 'Menengah' END"
    )


@cache
def skala_sql(prefix: str = "") -> str:
    """Return the SQL expression of a unit's size class (NULL when unknown or above menengah).

    ``prefix`` is put before the column names (``"t."`` for a table alias). Built once per
    prefix (the thresholds are reference data): the declarations ask for it in every query.
    """
    p = prefix
    sales = _bands(p + "omzet_tahunan_rp", _batas("hasil_penjualan_tahunan"))
    capital = _bands(p + "modal_usaha_rp", _batas("modal_usaha"))
    # sales first, like reference.classify_umkm_size: Dinas data describe operating businesses
    return (
        f"COALESCE({p}skala_usaha, "
        f"CASE WHEN {p}omzet_tahunan_rp IS NOT NULL THEN {sales} ELSE {capital} END)"
    )
