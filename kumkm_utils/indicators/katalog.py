"""Compute any declared indicator by code, and show the definitions table.

Every indicator is declared once in :mod:`kumkm_utils.indicators.deklarasi` (code = column
name, label, numerator and denominator, unit, direction, roles, source, computing function).
:func:`nilai` computes one of them by code; :func:`tampilkan_definisi` shows the definitions
generated from the same declarations (the annex's "Definisi" sheet).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import deklarasi
from kumkm_utils.indicators._core import ID_COLUMNS

LABEL_DEFINISI = deklarasi.LABEL_DEFINISI
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
    """Compute one declared indicator; the value is in the column ``nilai``.

    Raises
    ------
    ParameterError
        If the code is not declared or not computed by the workbook (published by others).
    """
    try:
        spec = deklarasi.indikator(kode)
    except KeyError as err:
        raise ParameterError(str(err)) from err
    if not spec.dihitung:
        raise ParameterError(f"indicator {kode!r} is published by others, not computed here")
    frame = spec.fungsi_hitung()(con, province=province, year=year, by=by, n_years=n_years)
    if "kode" in frame.columns:
        frame = frame.rename(columns={"kode": "kode_wilayah", "nama": "nama_wilayah"})
    return frame[[*ID_COLUMNS, kode]].rename(columns={kode: "nilai"})


def definisi(codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Return the declarations of the given codes (default: every computed one).

    Returns
    -------
    pandas.DataFrame
        ``kode``, ``nama``, ``definisi``, ``pembilang``, ``penyebut``, ``satuan``, ``arah``,
        ``sumber``, ``catatan`` in the order of ``codes``.
    """
    wanted = (
        list(codes) if codes is not None else [i.kode for i in deklarasi.INDIKATOR if i.dihitung]
    )
    for code in wanted:
        try:
            deklarasi.indikator(code)
        except KeyError as err:
            raise ParameterError(str(err)) from err
    table = deklarasi.katalog().set_index("kode")
    return table.loc[wanted, [c for c in LABEL_DEFINISI if c != "kode"]].reset_index()


def tampilkan_definisi(*, key: str, title: str, codes: Iterable[str] | None = None) -> None:
    """Show the definitions of the computed indicators as a report table (and annex sheet).

    Every column comes from the declarations: the definition text is generated from the same
    numerator, denominator and filters that generate the SQL.
    """
    from kumkm_utils import display

    display.table(
        deklarasi.tabel_definisi(codes),
        key=key,
        title=title,
        note="Definisi dibangkitkan dari deklarasi indikator yang juga menghasilkan "
        "perhitungannya.",
    )
