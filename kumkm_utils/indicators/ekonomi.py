"""Kontribusi ekonomi: the cooperatives' business volume against the province's PDRB.

**Kontribusi koperasi terhadap PDRB** = Σ volume usaha koperasi ÷ PDRB ADHB × 100 (the
indicator catalogue; the RPJPN's "rasio volume usaha koperasi terhadap PDB" at national
level). PDRB exists only per province (``makro``), so the ratio is computed at province level;
the national total divides summed volumes by summed PDRB over the provinces that have both.
Kab/kota are compared by their share of the province's business volume
(:func:`sebaran_volume_usaha`).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators._core import Level, Scope, compute, ratio, tidy, years_ending


def kontribusi_pdrb(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    year: int,
    by: Level = "provinsi",
    total: bool = True,
    n_years: int = 1,
) -> pd.DataFrame:
    """Cooperative business volume as a share of PDRB ADHB, per province and year.

    Parameters
    ----------
    by
        Only ``"provinsi"``: PDRB is not collected per kab/kota.

    Returns
    -------
    pandas.DataFrame
        Id columns (``ada_data``: cooperative data present), then ``volume_usaha_rp``,
        ``pdrb_adhb_rp``, ``kontribusi_pdrb`` (%).

    Raises
    ------
    ParameterError
        If ``by`` is not ``"provinsi"``.
    """
    if by != "provinsi":
        raise ParameterError(
            "kontribusi_pdrb is computed per province only (PDRB has no kab/kota rows); "
            "use sebaran_volume_usaha for kab/kota"
        )
    scope = Scope(province, "provinsi", total)
    years = years_ending(year, n_years)
    volume = compute(con, "koperasi", scope, years, {"volume_usaha_rp": "SUM(volume_usaha_rp)"})
    pdrb = compute(con, "makro", scope, years, {"pdrb_adhb_rp": "SUM(pdrb_adhb_rp)"})
    region_rows = volume["tingkat"] == "provinsi"
    frame = volume.merge(
        pdrb[["tingkat", "kode_wilayah", "tahun", "pdrb_adhb_rp"]],
        on=["tingkat", "kode_wilayah", "tahun"],
        how="left",
    )
    if scope.adds_total:
        # national ratio from provinces with both figures, so a missing PDRB does not deflate it
        both = frame[region_rows & frame["volume_usaha_rp"].notna() & frame["pdrb_adhb_rp"].notna()]
        sums = both.groupby("tahun")[["volume_usaha_rp", "pdrb_adhb_rp"]].sum(min_count=1)
        is_total = ~region_rows
        # typed first: with no PDRB at all the mapped sums are empty and pandas refuses to
        # write the Float64 region values into the float column it would otherwise create
        frame["_vu"] = pd.array([pd.NA] * len(frame), dtype="Float64")
        frame["_pdrb"] = pd.array([pd.NA] * len(frame), dtype="Float64")
        frame.loc[is_total, "_vu"] = frame.loc[is_total, "tahun"].map(sums["volume_usaha_rp"])
        frame.loc[is_total, "_pdrb"] = frame.loc[is_total, "tahun"].map(sums["pdrb_adhb_rp"])
        frame.loc[region_rows, "_vu"] = frame.loc[region_rows, "volume_usaha_rp"]
        frame.loc[region_rows, "_pdrb"] = frame.loc[region_rows, "pdrb_adhb_rp"]
        frame["kontribusi_pdrb"] = ratio(
            frame["_vu"].astype("Float64"), frame["_pdrb"].astype("Float64")
        )
    else:
        frame["kontribusi_pdrb"] = ratio(frame["volume_usaha_rp"], frame["pdrb_adhb_rp"])
    return tidy(frame, scope, ["volume_usaha_rp", "pdrb_adhb_rp", "kontribusi_pdrb"])


def sebaran_volume_usaha(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str,
    year: int,
    n_years: int = 1,
) -> pd.DataFrame:
    """Each kab/kota's cooperative business volume and its share of the province's.

    Returns
    -------
    pandas.DataFrame
        Id columns, then ``volume_usaha_rp`` and ``persen_volume_provinsi`` (of the province
        total of the same year; NA for kab/kota without data).
    """
    scope = Scope(province, "kabkota", True)
    frame = compute(
        con,
        "koperasi",
        scope,
        years_ending(year, n_years),
        {"volume_usaha_rp": "SUM(volume_usaha_rp)"},
    )
    province_total = frame[frame["tingkat"] == "provinsi"].set_index("tahun")["volume_usaha_rp"]
    frame["persen_volume_provinsi"] = ratio(
        frame["volume_usaha_rp"], frame["tahun"].map(province_total).astype("Float64")
    )
    return tidy(frame, scope, ["volume_usaha_rp", "persen_volume_provinsi"])
