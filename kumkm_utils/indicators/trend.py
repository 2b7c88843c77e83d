"""Changes on the previous year and multi-year series of indicator frames.

Indicator functions return the years ``year - n_years + 1 .. year`` (``n_years=2`` for a
change, ``5`` for a five-year trend); these helpers turn such frames into "this year, last
year, change" tables and fit the linear trends used for proposed targets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kumkm_utils.exceptions import ParameterError

if TYPE_CHECKING:
    import duckdb

SEBELUMNYA = "_sebelumnya"
PERUBAHAN = "_perubahan"


def with_change(
    frame: pd.DataFrame,
    *,
    year: int,
    columns: Sequence[str],
    keys: Sequence[str] = ("tingkat", "kode_wilayah"),
) -> pd.DataFrame:
    """Keep the rows of ``year`` and add each column's previous-year value and change.

    Parameters
    ----------
    frame
        An indicator frame covering ``year`` and ``year - 1`` (``n_years=2``).
    year
        The year to keep.
    columns
        Value columns to compare.
    keys
        Columns identifying a row within a year.

    Returns
    -------
    pandas.DataFrame
        The rows of ``year`` with ``<column>_sebelumnya`` and ``<column>_perubahan``
        (difference; NA when either year is missing: percentages change in points). The
        total row's change is like for like (see :func:`_like_for_like_totals`).

    Raises
    ------
    ParameterError
        If ``year`` is not in the frame.
    """
    if year not in set(frame["tahun"]):
        raise ParameterError(
            f"year {year} is not in the frame (years: {sorted(set(frame['tahun']))})"
        )
    current = frame[frame["tahun"] == year].copy()
    previous = frame[frame["tahun"] == year - 1][[*keys, *columns]]
    previous = previous.rename(columns={c: c + SEBELUMNYA for c in columns})
    out = current.merge(previous, on=list(keys), how="left")
    for column in columns:
        before = out[column + SEBELUMNYA].astype("Float64")
        out[column + SEBELUMNYA] = before
        out[column + PERUBAHAN] = out[column].astype("Float64") - before
    out = _like_for_like_totals(frame, out, year=year, columns=columns)
    return out.reset_index(drop=True)


def _like_for_like_totals(
    frame: pd.DataFrame, out: pd.DataFrame, *, year: int, columns: Sequence[str]
) -> pd.DataFrame:
    """Make the total rows' changes like for like (regions with data in both years only).

    A declared indicator is recomputed from its numerator and denominator summed over those
    regions; a column that cannot be recomputed loses its total change (NA) rather than
    compare different sets of regions. ``out.attrs["catatan_banding"]`` names the regions
    left out, for the table's note.
    """
    from kumkm_utils.indicators import _core, deklarasi

    level = _core.region_level(frame)
    if level is None or "ada_data" not in frame.columns:
        return out
    regions = _core.compared_regions(frame, year)
    reporting = regions[regions["ada_kini"] | regions["ada_lalu"]]
    missing = reporting.loc[~reporting["banding"], "nama_wilayah"].astype(str).tolist()
    if not missing:
        return out
    compared = set(reporting.loc[reporting["banding"], "kode_wilayah"])
    rows = frame[(frame["tingkat"] == level) & frame["kode_wilayah"].isin(compared)]
    rows = rows[rows["tahun"].isin([year - 1, year])]
    totals = out["tingkat"] != level
    for column in columns:
        change = pd.NA
        try:
            ind = deklarasi.indikator(column)
        except KeyError:
            ind = None
        if ind is not None and ind.jenis in ("jumlah", "rasio", "perbandingan", "tertimbang"):
            needed = set()
            for kode in (ind.pembilang, ind.penyebut):
                if kode:
                    needed |= set(deklarasi.BESARAN[kode].kolom_dasar())
            if needed <= set(rows.columns):
                sums = rows.groupby("tahun")[sorted(needed)].sum(min_count=1)
                values = deklarasi.hitung(sums.reindex([year - 1, year]), column)
                change = values.get(year, pd.NA) - values.get(year - 1, pd.NA)
        out.loc[totals, column + PERUBAHAN] = change
    names = ", ".join(missing)
    out.attrs["catatan_banding"] = (
        f"Perubahan baris total dihitung sebanding atas {len(compared)} dari {len(reporting)} "
        f"wilayah yang melapor pada kedua tahun; tidak dibandingkan: {names}."
    )
    return out


def total_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the total rows (province or national) of an indicator frame, one per year."""
    levels = set(frame["tingkat"])
    for level in ("nasional", "total"):
        if level in levels:
            return frame[frame["tingkat"] == level].reset_index(drop=True)
    if levels == {"provinsi"}:
        return frame.reset_index(drop=True)
    return frame[frame["tingkat"] == "provinsi"].reset_index(drop=True)


def largest_changes(
    frame: pd.DataFrame, *, year: int, column: str, n: int = 1, ascending: bool = True
) -> pd.DataFrame:
    """Return the kab/kota rows with the largest fall (or rise) of ``column`` since ``year - 1``.

    Parameters
    ----------
    frame
        A kab/kota indicator frame covering ``year - 1`` and ``year``.
    ascending
        True: the largest falls first; False: the largest rises first.

    Returns
    -------
    pandas.DataFrame
        Up to ``n`` rows of :func:`with_change` output with a change, sorted (ties by code).
    """
    changes = with_change(frame[frame["tingkat"] == "kabkota"], year=year, columns=[column])
    changes = changes.dropna(subset=[column + PERUBAHAN])
    changes = changes.sort_values([column + PERUBAHAN, "kode_wilayah"], ascending=[ascending, True])
    return changes.head(n).reset_index(drop=True)


def linear_trend(years: Sequence[int], values: Sequence[float]) -> tuple[float, float] | None:
    """Least-squares line through the (year, value) points that are not missing.

    Returns
    -------
    tuple of float or None
        ``(slope per year, intercept)``, or None with fewer than two points.

    Examples
    --------
    >>> linear_trend([2021, 2022, 2023], [10.0, 12.0, 14.0])[0]
    2.0
    """
    pairs = [(float(y), float(v)) for y, v in zip(years, values, strict=True) if not pd.isna(v)]
    if len(pairs) < 2:
        return None
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    slope, intercept = np.polyfit(x - x.mean(), y, 1)
    return float(round(slope, 12)), float(intercept - slope * x.mean())


def series(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    codes: Sequence[str],
    n_years: int = 5,
) -> pd.DataFrame:
    """Province (or national) values of catalogue indicators over ``n_years`` years.

    Returns
    -------
    pandas.DataFrame
        ``tahun`` and one column per code (NA for years without data), one row per year.
    """
    from kumkm_utils.indicators import katalog

    years = list(range(year - n_years + 1, year + 1))
    out = pd.DataFrame({"tahun": years})
    for code in codes:
        values = total_rows(
            katalog.nilai(code, con, province=province, year=year, by="provinsi", n_years=n_years)
        ).set_index("tahun")["nilai"]
        out[code] = [values.get(y, pd.NA) for y in years]
        out[code] = out[code].astype("Float64")
    return out
