"""Kelengkapan data dan asal-usul: which kab/kota sent data, which files the report used.

For the report's annex: the submissions behind a province's figures (file, sha256, rows read,
loaded and rejected), the rejected rows by rule, and a kab/kota × dataset grid of who sent
data for the evaluation year. The ``submissions`` and ``rejections`` tables are written by
ingestion; a warehouse built without them (unit tests, hand-made warehouses) gives empty
tables rather than an error.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils import warehouse
from kumkm_utils.indicators._core import Scope, query

KOLOM_KIRIMAN = [
    "dataset",
    "file_name",
    "tahun_min",
    "tahun_max",
    "sha256",
    "rows_read",
    "rows_loaded",
    "rows_rejected",
    "rows_non_data",
    "ingested_at",
]
LABEL_KIRIMAN = {
    "dataset": "Data",
    "file_name": "Berkas",
    "tahun_min": "Tahun awal",
    "tahun_max": "Tahun akhir",
    "sha256": "SHA-256",
    "rows_read": "Baris dibaca",
    "rows_loaded": "Baris dimuat",
    "rows_rejected": "Baris ditolak",
    "rows_non_data": "Baris bukan data",
    "ingested_at": "Waktu impor",
}
"""Indonesian labels of :func:`kiriman` columns."""

ADA, TIDAK_ADA = "ada", "tidak ada data"


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(found and found[0])


def kiriman(con: duckdb.DuckDBPyConnection, *, province: str, year: int) -> pd.DataFrame:
    """Current submissions of a province whose years include ``year`` or the year before.

    Returns
    -------
    pandas.DataFrame
        :data:`KOLOM_KIRIMAN` columns, by dataset and file name; empty when the warehouse has
        no ``submissions`` table.
    """
    if not _has_table(con, "submissions"):
        return pd.DataFrame(columns=KOLOM_KIRIMAN)
    frame = warehouse.submissions(province, con=con)
    keep = (frame["tahun_min"] <= year) & (frame["tahun_max"] >= year - 1)
    frame = frame.loc[keep, KOLOM_KIRIMAN].sort_values(["dataset", "file_name"])
    for column in ("rows_read", "rows_loaded", "rows_rejected", "rows_non_data"):
        frame[column] = frame[column].astype("Int64")
    frame["ingested_at"] = pd.to_datetime(frame["ingested_at"]).dt.strftime("%Y-%m-%d %H:%M")
    return frame.reset_index(drop=True)


def penolakan(con: duckdb.DuckDBPyConnection, *, province: str) -> pd.DataFrame:
    """Rejected-row counts of the province's current submissions, by dataset, file and rule.

    Returns
    -------
    pandas.DataFrame
        ``dataset``, ``file_name``, ``severity``, ``rule``, ``problems``, ``rows``; empty when
        the warehouse has no ``rejections`` table.
    """
    columns = ["dataset", "file_name", "severity", "rule", "problems", "rows"]
    if not (_has_table(con, "rejections") and _has_table(con, "submissions")):
        return pd.DataFrame(columns=columns)
    return warehouse.rejections_summary(province, con=con)[columns].reset_index(drop=True)


def data_sintetis(con: duckdb.DuckDBPyConnection, *, province: str | None) -> bool:
    """Whether the data carry the ``DATA SINTETIS`` marker.

    Without provenance (no ``submissions`` table, or no current submission of the province)
    the answer is True, to be safe: a report never passes off unknown data as official.
    """
    if not _has_table(con, "submissions") or warehouse.submissions(province, con=con).empty:
        return True
    return warehouse.is_synthetic(province, con=con)


def kabkota_melapor(con: duckdb.DuckDBPyConnection, *, province: str, year: int) -> pd.DataFrame:
    """Which kab/kota have cooperative and UMKM rows for ``year``.

    Returns
    -------
    pandas.DataFrame
        ``kode_wilayah``, ``nama_wilayah``, ``koperasi``, ``umkm`` (``"ada"`` or
        ``"tidak ada data"``), one row per kab/kota of the province.
    """
    scope = Scope(province, "kabkota")
    out = scope.regions()
    for dataset in ("koperasi", "umkm"):
        rows = query(
            con,
            f"SELECT DISTINCT kode_kabkota FROM {dataset} WHERE kode_provinsi = ? AND tahun = ?",
            [province, int(year)],
        )
        present = set(rows["kode_kabkota"])
        out[dataset] = [ADA if k in present else TIDAK_ADA for k in out["kode_wilayah"]]
    return out


def tingkat_provinsi(con: duckdb.DuckDBPyConnection, *, province: str, year: int) -> pd.DataFrame:
    """Whether the province-level datasets (programme, macro) have rows for ``year``.

    Returns
    -------
    pandas.DataFrame
        ``data`` (Indonesian name) and ``status`` (``"ada"`` / ``"tidak ada data"``).
    """
    rows = []
    for dataset, name in (
        ("program", "Realisasi program dan anggaran"),
        ("makro", "Data makro (PDRB)"),
    ):
        count = con.execute(
            f"SELECT count(*) FROM {dataset} WHERE kode_provinsi = ? AND tahun = ?",
            [province, int(year)],
        ).fetchone()[0]
        rows.append({"data": name, "status": ADA if count else TIDAK_ADA})
    return pd.DataFrame(rows)
