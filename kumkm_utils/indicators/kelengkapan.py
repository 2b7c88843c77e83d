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
    "jenis_data",
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
    "jenis_data": "Jenis data",
}
"""Indonesian labels of :func:`kiriman` columns."""

LABEL_PENOLAKAN = {
    "dataset": "Data",
    "file_name": "Berkas",
    "severity": "Tingkat",
    "rule": "Aturan validasi",
    "problems": "Jumlah masalah",
    "rows": "Jumlah baris",
}
"""Indonesian labels of :func:`penolakan` columns (the report shows these)."""

TINGKAT_MASALAH = {"error": "ditolak", "warning": "peringatan"}
"""Indonesian names of the validation severities: an error rejects the row, a warning keeps it."""

ADA, TIDAK_ADA = "ada", "tidak ada data"

SINTETIS, CAMPURAN, ASLI = "sintetis", "campuran", "asli"
"""Origin of the data behind a report (:func:`asal_data`)."""


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
        :data:`KOLOM_KIRIMAN` columns, by dataset and file name; ``jenis_data`` says whether
        the file is synthetic (``"sintetis"``, also when unknown) or real (``"asli"``); empty
        when the warehouse has no ``submissions`` table.
    """
    if not _has_table(con, "submissions"):
        return pd.DataFrame(columns=KOLOM_KIRIMAN)
    frame = warehouse.submissions(province, con=con)
    keep = (frame["tahun_min"] <= year) & (frame["tahun_max"] >= year - 1)
    frame = frame.loc[keep].copy()
    frame["jenis_data"] = [SINTETIS if _synthetic(v) else ASLI for v in frame["is_synthetic"]]
    frame = frame[KOLOM_KIRIMAN].sort_values(["dataset", "file_name"])
    for column in ("rows_read", "rows_loaded", "rows_rejected", "rows_non_data"):
        frame[column] = frame[column].astype("Int64")
    frame["ingested_at"] = pd.to_datetime(frame["ingested_at"]).dt.strftime("%Y-%m-%d %H:%M")
    return frame.reset_index(drop=True)


def penolakan(con: duckdb.DuckDBPyConnection, *, province: str) -> pd.DataFrame:
    """Rejected-row counts of the province's current submissions, by dataset, file and rule.

    Returns
    -------
    pandas.DataFrame
        Columns labelled in Indonesian (:data:`LABEL_PENOLAKAN`: Data, Berkas, Tingkat, Aturan
        validasi, Jumlah masalah, Jumlah baris); ``Tingkat`` is ``ditolak`` (the row was not
        loaded) or ``peringatan`` (:data:`TINGKAT_MASALAH`); empty when the warehouse has no
        ``rejections`` table.
    """
    columns = list(LABEL_PENOLAKAN)
    if not (_has_table(con, "rejections") and _has_table(con, "submissions")):
        return pd.DataFrame(columns=columns).rename(columns=LABEL_PENOLAKAN)
    frame = warehouse.rejections_summary(province, con=con)[columns].reset_index(drop=True)
    frame["severity"] = frame["severity"].map(lambda v: TINGKAT_MASALAH.get(v, v))
    return frame.rename(columns=LABEL_PENOLAKAN)


def _synthetic(flag: object) -> bool:
    """A submission's ``is_synthetic`` flag, unknown (NULL) counted as synthetic."""
    return True if flag is None or pd.isna(flag) else bool(flag)


def asal_data(con: duckdb.DuckDBPyConnection, *, province: str | None) -> str:
    """Where the data behind a report come from: ``"sintetis"``, ``"campuran"`` or ``"asli"``.

    The one owner of "is this synthetic?" for both report notebooks. ``province`` None means
    every province (the national roll-up). Safe by default: without provenance (no
    ``submissions`` table, or no current submission) the answer is ``"sintetis"``, and a
    submission whose flag is unknown counts as synthetic, so a report never passes off unknown
    data as official. ``"campuran"`` when current submissions include both.
    """
    if not _has_table(con, "submissions"):
        return SINTETIS
    frame = warehouse.submissions(province, con=con)
    if frame.empty:
        return SINTETIS
    flags = {_synthetic(v) for v in frame["is_synthetic"]}
    if flags == {True}:
        return SINTETIS
    return ASLI if flags == {False} else CAMPURAN


def data_sintetis(con: duckdb.DuckDBPyConnection, *, province: str | None) -> bool:
    """Whether any data behind the report is synthetic (or of unknown origin): see
    :func:`asal_data`; True for ``"sintetis"`` and ``"campuran"``."""
    return asal_data(con, province=province) != ASLI


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
