"""The one place where targets read an indicator's declaration (label, unit, direction, decimals).

Targets are keyed by the indicator's code: the column name of the indicator tables
(``persen_aktif``, ``persen_rat``, ``persen_nib``), as declared in
:mod:`kumkm_utils.indicators.deklarasi`. Nothing else in :mod:`kumkm_utils.targets` reads the
declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import duckdb
import pandas as pd

from kumkm_utils.exceptions import ParameterError

ARAH_NAIK = "naik"
ARAH_TURUN = "turun"


@dataclass(frozen=True)
class Indikator:
    """What targets need to know of one indicator."""

    kode: str
    """Final code (column name of the indicator tables)."""
    nama: str
    satuan: str
    """``%``, ``unit``, ``orang`` or ``Rp``."""
    arah: str
    """``naik`` (higher is better) or ``turun`` (lower is better)."""
    desimal: int
    dihitung: bool
    """Computed by the workbook from Dinas submissions (else published by others)."""

    @property
    def persen(self) -> bool:
        """Whether the value is a percentage."""
        return self.satuan == "%"


@cache
def _registry() -> dict[str, Indikator]:
    from kumkm_utils.indicators import deklarasi

    return _from_declarations(deklarasi.INDIKATOR)


def _from_declarations(declarations) -> dict[str, Indikator]:
    """The registry's declarations (``kumkm_utils.indicators.deklarasi.INDIKATOR``)."""
    out: dict[str, Indikator] = {}
    for d in declarations:
        satuan = "%" if d.satuan in ("%", "persen") else str(d.satuan)
        out[d.kode] = Indikator(d.kode, d.label, satuan, d.arah, int(d.desimal), bool(d.dihitung))
    return out


def kode_indikator() -> tuple[str, ...]:
    """Every code a target may be set for (computed indicators first, catalogue order)."""
    return tuple(_registry())


def indikator(kode: str) -> Indikator:
    """Return the declaration of one indicator by its final code.

    Raises
    ------
    ParameterError
        If no indicator has that code.
    """
    try:
        return _registry()[kode]
    except KeyError:
        raise ParameterError(
            f"indikator '{kode}' tidak dikenal; kode yang dikenal: {', '.join(_registry())}"
        ) from None


def desimal(kode: str) -> int:
    """Decimals an indicator's values are shown with: its declared decimals for a percentage,
    none for counts and amounts (what target, realisation and proposal tables show)."""
    entry = indikator(kode)
    return int(entry.desimal) if entry.persen else 0


def nilai(
    kode: str,
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: str,
    n_years: int = 1,
) -> pd.DataFrame:
    """Realised values of one indicator: the indicator frame's ids and ``nilai``.

    Raises
    ------
    ParameterError
        If the indicator is not computed from Dinas submissions.
    """
    from kumkm_utils.indicators import katalog

    entry = indikator(kode)
    if not entry.dihitung:
        raise ParameterError(f"indikator '{kode}' tidak dihitung dari data kiriman Dinas")
    return katalog.nilai(kode, con, province=province, year=year, by=by, n_years=n_years)
