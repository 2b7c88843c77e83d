"""Province parts and national totals: numerators and denominators, summed for Indonesia."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from kumkm_utils.indicators import _wilayah
from kumkm_utils.indicators._core import years_ending
from kumkm_utils.rollup.measures import _BY_CODE, DATASETS, SUM_COLUMNS, UKURAN, nilai, ukuran

MEMORY_LIMIT = "200MB"
"""DuckDB memory limit of the roll-up's connection (the report kernel must stay under 500 MB)."""


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only with a memory limit fit for a report kernel.

    Parameters
    ----------
    path
        Warehouse file; None for :func:`kumkm_utils.config.warehouse_path`.

    Raises
    ------
    WarehouseError
        If the warehouse does not exist or cannot be opened.
    """
    from kumkm_utils import config, warehouse

    threads = config.report_threads()
    con = warehouse.connect(path)
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    if threads is not None:
        con.execute(f"SET threads = {threads}")
    return con


def _provinces() -> pd.DataFrame:
    table = _wilayah.daftar_provinsi()
    return table.rename(columns={"kode_wilayah": "kode_provinsi", "nama_wilayah": "nama_provinsi"})


def _region_part(
    frame: pd.DataFrame, columns: Sequence[str], flag: str | None = None
) -> pd.DataFrame:
    rows = frame[frame["tingkat"] == "provinsi"]
    out = rows[["kode_wilayah", "tahun", *columns]].rename(
        columns={"kode_wilayah": "kode_provinsi"}
    )
    if flag is not None:
        out[flag] = rows["ada_data"].to_numpy()
    return out


def province_parts(
    con: duckdb.DuckDBPyConnection, *, year: int, n_years: int = 2, transitions: bool = True
) -> pd.DataFrame:
    """Numerators and denominators of every roll-up indicator, one row per province and year.

    Parameters
    ----------
    con
        Open warehouse connection.
    year
        Last year (the evaluation year).
    n_years
        Years ``year - n_years + 1 .. year`` (2: this year and the previous one).
    transitions
        Also follow UMKM size classes from year to year (``diikuti``, ``naik``); a self-join
        of the UMKM table, left out for long national series.

    Returns
    -------
    pandas.DataFrame
        ``kode_provinsi``, ``nama_provinsi``, ``tahun``, ``ada_koperasi``, ``ada_umkm``,
        ``ada_program`` and the :data:`SUM_COLUMNS`; NA where a province has no data (never
        zero). ``vu_banding_rp`` / ``vu_sebelumnya_banding_rp`` hold the business volume of
        this and the previous year only where both are known (the growth's like-for-like
        parts).
    """
    from kumkm_utils.indicators import koperasi, program, umkm, usaha

    years = years_ending(year, n_years)
    common = {"province": None, "year": year, "by": "provinsi", "total": False, "n_years": n_years}
    grid = _provinces().merge(pd.DataFrame({"tahun": years}, dtype="int64"), how="cross")
    parts = [
        _region_part(
            koperasi.kelembagaan(con, **common),
            ["jumlah_koperasi", "koperasi_aktif", "koperasi_rat"],
            "ada_koperasi",
        ),
        _region_part(koperasi.anggota(con, **common), ["anggota"]),
        _region_part(
            usaha.usaha(con, **common),
            ["modal_rp", "aset_rp", "volume_usaha_rp", "volume_usaha_sebelumnya_rp", "shu_rp"],
        ),
        _region_part(
            umkm.skala(con, **common), ["jumlah_umkm", "mikro", "kecil", "menengah"], "ada_umkm"
        ),
        _region_part(umkm.profil(con, **common), ["punya_nib"]),
    ]
    if transitions:
        parts.append(_region_part(umkm.transisi(con, **common), ["diikuti", "naik"]))
    out = grid
    for part in parts:
        out = out.merge(part, on=["kode_provinsi", "tahun"], how="left")
    prog = program.realisasi(
        con, province=None, year=year, by="provinsi", total=False, n_years=n_years
    )
    prog = prog.rename(columns={"kode": "kode_provinsi"})
    prog["fisik_tertimbang"] = prog["capaian_fisik"] * prog["pagu_bertarget_rp"]
    prog = prog[
        [
            "kode_provinsi",
            "tahun",
            "pagu_rp",
            "realisasi_keuangan_rp",
            "pagu_bertarget_rp",
            "fisik_tertimbang",
        ]
    ]
    out = out.merge(prog, on=["kode_provinsi", "tahun"], how="left")
    out["ada_program"] = out["pagu_rp"].notna()
    for flag in ("ada_koperasi", "ada_umkm"):
        out[flag] = out[flag].fillna(False).astype(bool)
    out["ukm"] = out["kecil"] + out["menengah"]
    out["umkm_skala_diketahui"] = out["mikro"] + out["kecil"] + out["menengah"]
    both = out["volume_usaha_rp"].notna() & out["volume_usaha_sebelumnya_rp"].notna()
    out["vu_banding_rp"] = out["volume_usaha_rp"].where(both)
    out["vu_sebelumnya_banding_rp"] = out["volume_usaha_sebelumnya_rp"].where(both)
    for column in SUM_COLUMNS:
        if column not in out.columns:
            out[column] = pd.NA
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    columns = [
        "kode_provinsi",
        "nama_provinsi",
        "tahun",
        *(f"ada_{d}" for d in DATASETS),
        *SUM_COLUMNS,
    ]
    return out[columns].sort_values(["tahun", "kode_provinsi"]).reset_index(drop=True)


def cakupan(parts: pd.DataFrame, *, year: int) -> dict[str, int]:
    """Provinces with cooperative, UMKM and programme data in ``year``.

    Returns
    -------
    dict
        ``n_kop``, ``n_umkm``, ``n_prog``.
    """
    now = parts[parts["tahun"] == year]
    return {
        "n_kop": int(now["ada_koperasi"].sum()),
        "n_umkm": int(now["ada_umkm"].sum()),
        "n_prog": int(now["ada_program"].sum()),
    }


def with_values(parts: pd.DataFrame, codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Add one value column per roll-up indicator (named by its code) to a parts frame."""
    out = parts.copy()
    for spec in (ukuran(c) for c in (codes or _BY_CODE)):
        out[spec.kode] = nilai(out, spec)
    return out


def national_totals(parts: pd.DataFrame, *, provinces: Iterable[str] | None = None) -> pd.DataFrame:
    """Indonesia's totals per year, recomputed from the province parts.

    Counts and amounts are summed over the provinces with data. Each ratio sums its numerator
    and its denominator over the provinces that report **both**, then divides; it is never a
    mean of provincial percentages.

    Parameters
    ----------
    parts
        A :func:`province_parts` frame (or any frame with its columns).
    provinces
        Restrict to these province codes (e.g. those with data in two years, for a
        like-for-like change).

    Returns
    -------
    pandas.DataFrame
        One row per year: ``tahun``, ``n_provinsi_<dataset>`` (provinces with data), the
        summed :data:`SUM_COLUMNS` present in ``parts`` and one column per indicator code.
    """
    frame = parts if provinces is None else parts[parts["kode_provinsi"].isin(list(provinces))]
    years = sorted(set(parts["tahun"]))
    grouped = frame.groupby("tahun")
    out = pd.DataFrame({"tahun": years}, dtype="int64").set_index("tahun")
    for dataset in DATASETS:
        flag = f"ada_{dataset}"
        if flag in frame.columns:
            out[f"n_provinsi_{dataset}"] = (
                grouped[flag].sum().reindex(years).fillna(0).astype("int64")
            )
    sums = [c for c in SUM_COLUMNS if c in frame.columns]
    out[sums] = grouped[sums].sum(min_count=1).reindex(years).astype("Float64")
    for spec in UKURAN:
        needed = [spec.pembilang] + ([spec.penyebut] if spec.penyebut else [])
        if not set(needed) <= set(frame.columns):
            continue
        both = frame[needed].notna().all(axis=1)
        masked = frame.loc[both, ["tahun", *needed]].groupby("tahun")[needed].sum(min_count=1)
        out[spec.kode] = nilai(masked.reindex(years), spec).to_numpy()
    return out.reset_index()


def _common_provinces(parts: pd.DataFrame, dataset: str, years: Sequence[int]) -> list[str]:
    flag = f"ada_{dataset}"
    rows = parts[parts["tahun"].isin(years) & parts[flag]]
    counts = rows.groupby("kode_provinsi")["tahun"].nunique()
    return sorted(counts[counts == len(years)].index)


__all__ = ["MEMORY_LIMIT", "connect", "province_parts", "cakupan", "with_values", "national_totals"]
