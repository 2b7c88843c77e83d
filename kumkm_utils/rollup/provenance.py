"""Provenance of the national report: submissions per province and indicator definitions."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import duckdb
import pandas as pd

from kumkm_utils.indicators._core import query
from kumkm_utils.rollup.measures import _BY_CODE, ukuran
from kumkm_utils.rollup.parts import _provinces

logger = logging.getLogger(__name__)


def kiriman_per_provinsi(con: duckdb.DuckDBPyConnection, *, year: int) -> pd.DataFrame:
    """Current submissions covering ``year`` per province and dataset, rows loaded and rejected.

    Returns
    -------
    pandas.DataFrame
        ``Kode``, ``Provinsi``, one count column per dataset (``koperasi``, ``umkm``,
        ``program``, ``makro``), ``Jumlah berkas``, ``Baris dimuat``, ``Baris ditolak``,
        ``Jenis data`` (``sintetis``, ``asli``, ``campuran``; ``–`` without files); every
        province, 0 where it sent nothing.
    """
    from kumkm_utils import schemas

    sql = (
        "SELECT kode_provinsi, dataset, COUNT(*) AS berkas, SUM(rows_loaded) AS dimuat, "
        "SUM(rows_rejected) AS ditolak FROM submissions WHERE status = 'current' "
        "AND tahun_min <= ? AND tahun_max >= ? GROUP BY ALL"
    )
    rows = query(con, sql, [int(year), int(year)])
    provinces = _provinces()
    out = pd.DataFrame({"Kode": provinces["kode_provinsi"], "Provinsi": provinces["nama_provinsi"]})
    counts = rows.pivot_table(
        index="kode_provinsi", columns="dataset", values="berkas", aggfunc="sum"
    )
    for dataset in schemas.DATASETS:
        column = counts[dataset] if dataset in counts.columns else pd.Series(dtype="float64")
        out[dataset] = out["Kode"].map(column).fillna(0).astype("int64")
    out["Jumlah berkas"] = out[list(schemas.DATASETS)].sum(axis=1).astype("int64")
    sums = rows.groupby("kode_provinsi")[["dimuat", "ditolak"]].sum()
    out["Baris dimuat"] = out["Kode"].map(sums["dimuat"]).fillna(0).astype("int64")
    out["Baris ditolak"] = out["Kode"].map(sums["ditolak"]).fillna(0).astype("int64")
    origins = _origin_by_province(con, year=year)
    out["Jenis data"] = [origins.get(str(code), "–") for code in out["Kode"]]
    return out


def _origin_by_province(con: duckdb.DuckDBPyConnection, *, year: int) -> dict[str, str]:
    """``sintetis`` / ``asli`` / ``campuran`` per province, over the files covering ``year``
    (a file whose flag is unknown counts as synthetic, as in ``kelengkapan.asal_data``)."""
    from kumkm_utils.indicators.kelengkapan import ASLI, CAMPURAN, SINTETIS

    sql = (
        "SELECT kode_provinsi, bool_or(coalesce(is_synthetic, true)) AS ada_sintetis, "
        "bool_or(NOT coalesce(is_synthetic, true)) AS ada_asli FROM submissions "
        "WHERE status = 'current' AND tahun_min <= ? AND tahun_max >= ? GROUP BY ALL"
    )
    rows = query(con, sql, [int(year), int(year)])
    return {
        str(r.kode_provinsi): CAMPURAN
        if r.ada_sintetis and r.ada_asli
        else (SINTETIS if r.ada_sintetis else ASLI)
        for r in rows.itertuples()
    }


def provinsi_tanpa_kiriman(kiriman: pd.DataFrame) -> list[str]:
    """Names of provinces without a current submission (from :func:`kiriman_per_provinsi`)."""
    return kiriman.loc[kiriman["Jumlah berkas"] == 0, "Provinsi"].astype(str).tolist()


def definisi(codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Definitions of the roll-up indicators from the indicator catalogue, in report order."""
    from kumkm_utils import reference

    wanted = list(codes or _BY_CODE)
    table = reference.indicators().set_index("kode")
    rows = [c for c in wanted if c in table.index]
    missing = sorted(set(wanted) - set(rows))
    if missing:
        logger.warning("indicators without a catalogue entry: %s", missing)
    part = table.loc[rows]
    return pd.DataFrame(
        {
            "Indikator": [ukuran(c).nama if c in _BY_CODE else part.at[c, "nama"] for c in rows],
            "Definisi": part["definisi"].to_numpy(),
            "Pembilang": part["pembilang"].to_numpy(),
            "Penyebut": part["penyebut"].to_numpy(),
            "Sumber": part["sumber"].to_numpy(),
        }
    )


__all__ = ["kiriman_per_provinsi", "provinsi_tanpa_kiriman", "definisi"]
