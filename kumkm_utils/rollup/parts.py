"""Province parts and national totals: numerators and denominators, summed for Indonesia."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from kumkm_utils.indicators import _wilayah
from kumkm_utils.indicators._core import years_ending
from kumkm_utils.rollup.measures import (
    _BY_CODE,
    BASE_COLUMNS,
    DATASETS,
    GROWTH_COLUMNS,
    SUM_COLUMNS,
    TRANSISI,
    UKURAN,
    nilai,
    ukuran,
)

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


def _kabkota_part(frame: pd.DataFrame, columns: Sequence[str], dataset: str) -> pd.DataFrame:
    """Kab/kota rows of an indicator frame: the columns, the province and the data flag."""
    rows = frame[frame["tingkat"] == "kabkota"]
    out = rows[["kode_wilayah", "tahun", *columns]].rename(columns={"kode_wilayah": "kode_kabkota"})
    present = rows["ada_data"]
    if "ada_data_tahun_lalu" in rows.columns:  # transitions: data this year and the year before
        present = present & rows["ada_data_tahun_lalu"]
    out[f"ada_{dataset}"] = present.to_numpy()
    return out


def _to_provinces(
    kk: pd.DataFrame, columns: Sequence[str], dataset: str, years: Sequence[int]
) -> pd.DataFrame:
    """Sum kab/kota rows to provinces, with each column's like-for-like pair.

    ``<c>_banding`` is the year's value and ``<c>_sebelumnya_banding`` the previous year's,
    both summed over the province's kab/kota with data in both years (NA: none).
    """
    flag = f"ada_{dataset}"
    kk = kk.assign(kode_provinsi=kk["kode_kabkota"].str.slice(0, 2))
    sums = kk.groupby(["kode_provinsi", "tahun"])[list(columns)].sum(min_count=1)
    sums[flag] = kk.groupby(["kode_provinsi", "tahun"])[flag].any()
    sums = sums.reset_index()
    lag = kk[["kode_kabkota", "tahun", flag, *columns]].assign(tahun=kk["tahun"] + 1)
    lag = lag.rename(columns={flag: "_ada_lalu", **{c: f"{c}_sebelumnya" for c in columns}})
    both = kk.merge(lag, on=["kode_kabkota", "tahun"], how="left")
    both = both[both[flag] & both["_ada_lalu"].fillna(False).astype(bool)]
    pairs = both.groupby(["kode_provinsi", "tahun"])[
        [*columns, *(f"{c}_sebelumnya" for c in columns)]
    ].sum(min_count=1)
    pairs.columns = [
        f"{c}_banding" if not c.endswith("_sebelumnya") else f"{c}_banding" for c in pairs.columns
    ]
    pairs["n_kabkota_banding"] = both.groupby(["kode_provinsi", "tahun"]).size()
    merged = kk.merge(
        lag[["kode_kabkota", "tahun", "_ada_lalu"]], on=["kode_kabkota", "tahun"], how="left"
    )
    lalu = merged["_ada_lalu"].fillna(False).astype(bool)
    either = merged[merged[flag] | lalu]
    reporting = either.groupby(["kode_provinsi", "tahun"]).size()
    # a province none of whose kab/kota can be compared still reports, and names them all
    pairs = pairs.reindex(pairs.index.union(reporting.index))
    pairs["n_kabkota_lapor"] = reporting
    names = _wilayah.daftar_kabkota(None).set_index("kode_wilayah")["nama_wilayah"]
    dropped = either[~(either[flag] & lalu.loc[either.index])]
    pairs["tanpa_banding"] = dropped.groupby(["kode_provinsi", "tahun"])["kode_kabkota"].agg(
        lambda codes: ", ".join(str(names.get(c, c)) for c in sorted(codes))
    )
    out = sums.merge(pairs.reset_index(), on=["kode_provinsi", "tahun"], how="left")
    return out.rename(
        columns={
            "n_kabkota_banding": f"n_kabkota_banding_{dataset}",
            "n_kabkota_lapor": f"n_kabkota_lapor_{dataset}",
            "tanpa_banding": f"tanpa_banding_{dataset}",
        }
    )


def province_parts(
    con: duckdb.DuckDBPyConnection, *, year: int, n_years: int = 2, transitions: bool = True
) -> pd.DataFrame:
    """Numerators and denominators of every roll-up indicator, one row per province and year.

    Computed per kab/kota and summed to provinces, so that each column also has its
    like-for-like pair over the kab/kota with data in both years (a kab/kota that sent no data
    this year is left out of the change, never read as a fall to zero).

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
        ``ada_program``, ``n_kabkota_banding_<dataset>`` and the :data:`SUM_COLUMNS`; NA where
        a province has no data (never zero).
    """
    years = years_ending(year, n_years)
    fetch = {"province": None, "year": year, "by": "kabkota", "total": False}
    grid = _provinces().merge(pd.DataFrame({"tahun": years}, dtype="int64"), how="cross")
    wanted = set(BASE_COLUMNS) | {
        c.removesuffix("_banding").removesuffix("_sebelumnya") for c in GROWTH_COLUMNS
    }
    by_dataset: dict[str, list[pd.DataFrame]] = {}
    taken: set[str] = set()
    for function in _functions(transitions):
        frame = function(con, n_years=n_years + 1, **fetch)
        columns = [c for c in frame.columns if c in wanted and c not in taken]
        dataset = "umkm" if function.__module__.endswith("umkm") else "koperasi"
        if function.__name__ == "transisi":
            dataset = TRANSISI
        if columns:
            taken.update(columns)
            by_dataset.setdefault(dataset, []).append(_kabkota_part(frame, columns, dataset))
    out = grid
    for dataset, frames in by_dataset.items():
        kk = frames[0]
        for extra in frames[1:]:
            kk = kk.merge(
                extra.drop(columns=f"ada_{dataset}"), on=["kode_kabkota", "tahun"], how="outer"
            )
        columns = [c for c in kk.columns if c not in ("kode_kabkota", "tahun", f"ada_{dataset}")]
        part = _to_provinces(kk, columns, dataset, years)
        out = out.merge(part, on=["kode_provinsi", "tahun"], how="left")
    out = out.merge(_program_part(con, year, n_years), on=["kode_provinsi", "tahun"], how="left")
    groups = (*DATASETS, TRANSISI)  # ada_transisi False throughout without transitions
    for flag in (f"ada_{d}" for d in groups):
        out[flag] = out[flag].fillna(False).astype(bool) if flag in out else False
    for column in SUM_COLUMNS:
        if column not in out.columns:
            out[column] = pd.NA
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    counts = [c for c in out.columns if c.startswith(("n_kabkota_banding_", "n_kabkota_lapor_"))]
    for column in counts:
        out[column] = out[column].fillna(0).astype("int64")
    dropped = [c for c in out.columns if c.startswith("tanpa_banding_")]
    for column in dropped:
        out[column] = out[column].astype("string")
    columns = [
        "kode_provinsi",
        "nama_provinsi",
        "tahun",
        *(f"ada_{d}" for d in groups),
        *counts,
        *dropped,
        *SUM_COLUMNS,
    ]
    return out[columns].sort_values(["tahun", "kode_provinsi"]).reset_index(drop=True)


def _functions(transitions: bool) -> list:
    from kumkm_utils.indicators import koperasi, umkm, usaha

    functions = [koperasi.kelembagaan, koperasi.anggota, usaha.usaha, umkm.skala, umkm.profil]
    if transitions:
        functions.append(umkm.transisi)
    return functions


def _program_part(con: duckdb.DuckDBPyConnection, year: int, n_years: int) -> pd.DataFrame:
    """Programme parts per province (submitted by the province: like for like = provinces
    with programme data in both years)."""
    from kumkm_utils.indicators import program

    prog = program.realisasi(
        con, province=None, year=year, by="provinsi", total=False, n_years=n_years + 1
    )
    prog = prog.rename(columns={"kode": "kode_provinsi"})
    columns = [
        c
        for c in ("pagu_rp", "realisasi_keuangan_rp", "pagu_bertarget_rp", "fisik_tertimbang")
        if c in BASE_COLUMNS
    ]
    prog = prog[["kode_provinsi", "tahun", *columns]].copy()
    prog["ada_program"] = prog["pagu_rp"].notna()
    lag = prog.assign(tahun=prog["tahun"] + 1).rename(
        columns={"ada_program": "_lalu", **{c: f"{c}_sebelumnya_banding" for c in columns}}
    )
    out = prog.merge(lag, on=["kode_provinsi", "tahun"], how="left")
    both = out["ada_program"] & out["_lalu"].fillna(False).astype(bool)
    for c in columns:
        out[f"{c}_banding"] = out[c].where(both)
        out[f"{c}_sebelumnya_banding"] = out[f"{c}_sebelumnya_banding"].where(both)
    return out.drop(columns="_lalu")


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


def perubahan_sebanding(parts: pd.DataFrame, kode: str) -> pd.Series:
    """Each row's like-for-like change on the year before (kab/kota with data in both years).

    For a count or ratio: its value over the ``_banding`` columns minus its value over the
    ``_sebelumnya_banding`` columns; for a growth rate: this year's growth minus the row's
    growth of the year before (each already like for like). NA where nothing is comparable.
    """
    import dataclasses

    spec = ukuran(kode)
    if spec.pertumbuhan:
        values = nilai(parts, spec)
        keyed = pd.Series(values.to_numpy(), index=[parts["kode_provinsi"], parts["tahun"]])
        before = [
            keyed.get((k, t - 1), pd.NA)
            for k, t in zip(parts["kode_provinsi"], parts["tahun"], strict=True)
        ]
        return (values - pd.array(before, dtype="Float64")).astype("Float64")

    def over(suffix: str) -> pd.Series:
        renamed = dataclasses.replace(
            spec,
            pembilang=spec.pembilang + suffix,
            penyebut=None if spec.penyebut is None else spec.penyebut + suffix,
        )
        return nilai(parts, renamed)

    return (over("_banding") - over("_sebelumnya_banding")).astype("Float64")


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


__all__ = [
    "MEMORY_LIMIT",
    "connect",
    "province_parts",
    "cakupan",
    "with_values",
    "perubahan_sebanding",
    "national_totals",
]
