"""Years with data in the warehouse, and refusing a report for a year without any.

Before any kernel starts, the runner reads which years have rows per realisation dataset
(:func:`data_years`, :func:`data_years_of`): a report for a year (or province) without data is
refused, listing the years that have data (:func:`check_data_for_year`), and the datasets
missing for the year are named in the report (:func:`missing_for_year`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kumkm_utils.exceptions import ParameterError


def data_years(warehouse_path: Path | str | None, province: str | None) -> dict[str, list[int]]:
    """Years that have rows, per dataset reporting realisations, for a province (None: any).

    Datasets of plans (``target``, :attr:`kumkm_utils.schemas.Dataset.realisasi` false) and
    datasets whose table is not in the warehouse layout (no table, no ``tahun``) are left out:
    targets for 2026 do not make 2026 a year with data to evaluate.

    Raises
    ------
    ParameterError
        If the warehouse cannot be opened (it does not exist yet, say so).
    """
    return data_years_of(warehouse_path, [province])[province]


def data_years_of(
    warehouse_path: Path | str | None, provinces: Sequence[str | None]
) -> dict[str | None, dict[str, list[int]]]:
    """:func:`data_years` of several provinces (None: any), reading the warehouse once.

    Raises
    ------
    ParameterError
        If the warehouse cannot be opened.
    """
    from kumkm_utils import warehouse
    from kumkm_utils.exceptions import WarehouseError

    try:
        con = warehouse.connect(warehouse_path)
    except WarehouseError as err:
        raise ParameterError(str(err)) from err
    try:
        pairs = _province_years(con)
    finally:
        con.close()
    out: dict[str | None, dict[str, list[int]]] = {}
    for province in dict.fromkeys(provinces):
        out[province] = {
            dataset: sorted({y for k, y in rows if not province or k == province})
            for dataset, rows in pairs.items()
            if not province or all(k is not _NO_PROVINCE for k, _ in rows)
        }
    return out


_NO_PROVINCE = object()
"""Marks the rows of a dataset without a ``kode_provinsi`` column (years of no province)."""


def _province_years(con: Any) -> dict[str, list[tuple[object, int]]]:
    """(province, year) pairs with rows, per realisation dataset, in one query each."""
    import duckdb

    from kumkm_utils import schemas

    out: dict[str, list[tuple[object, int]]] = {}
    for dataset in (d.name for d in schemas.DATASETS.values() if d.realisasi):
        try:
            rows = con.execute(f'SELECT DISTINCT kode_provinsi, tahun FROM "{dataset}"').fetchall()
        except duckdb.Error:  # no kode_provinsi: its years count for "any province" only
            try:
                rows = [
                    (_NO_PROVINCE, r[0])
                    for r in con.execute(f'SELECT DISTINCT tahun FROM "{dataset}"').fetchall()
                ]
            except duckdb.Error:  # not the warehouse layout (no such table or column)
                continue
        out[dataset] = [(k, int(y)) for k, y in rows if y is not None]
    return out


def missing_for_year(years: Mapping[str, Sequence[int]], year: int) -> list[str]:
    """The datasets of ``years`` (:func:`data_years`) without rows for ``year``.

    Empty when every dataset has rows, and when none has (such a report is refused, not
    flagged: :func:`check_data_for_year`). What the "Data belum lengkap" notices name.
    """
    missing = [d for d, ys in years.items() if year not in ys]
    return [] if len(missing) == len(years) else missing


def check_data_for_year(
    warehouse_path: Path | str | None, province: str | None, year: int, *, label: str
) -> list[str]:
    """Refuse a report for a year (or province) without data; name the datasets missing.

    Called before any kernel starts. Returns the datasets that have no rows for ``year``
    (the report is built, with their absence said); raises when none has.

    Raises
    ------
    ParameterError
        Listing the years that do have data (or saying the province has none at all).
    """
    years = data_years(warehouse_path, province)
    if not years:  # not a warehouse this check understands: leave the decision to the report
        return []
    if any(year in ys for ys in years.values()):
        return missing_for_year(years, year)
    available = sorted({y for ys in years.values() for y in ys})
    if not available:
        raise ParameterError(
            f"tidak ada data sama sekali untuk {label} di gudang data; muat kiriman dengan "
            "'kumkm ingest' lebih dahulu"
        )
    listed = ", ".join(str(y) for y in available)
    hint = (
        f" (Rakorda {year} mengevaluasi tahun {year - 1})"
        if year - 1 in available and year not in available
        else ""
    )
    raise ParameterError(
        f"tidak ada data tahun {year} untuk {label}; laporan tidak dibuat. Tahun yang ada "
        f"datanya: {listed}{hint}"
    )
