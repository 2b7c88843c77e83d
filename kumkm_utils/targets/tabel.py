"""The ``target`` table as the targets package reads it: current target rows and the text of
a target's source document. Shared by the evaluation (:mod:`~kumkm_utils.targets.evaluasi`),
the national paths (:mod:`~kumkm_utils.targets.lintasan`) and the proposals."""

from __future__ import annotations

import duckdb
import pandas as pd

from kumkm_utils import formatting as fmt

TABLE = "target"


def has_table(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse has the ``target`` table (older warehouses do not)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [TABLE]
    ).fetchone()
    return bool(found and found[0])


def targets(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None,
    years: list[int] | None = None,
) -> pd.DataFrame:
    """Target rows of the warehouse (current submissions only), all columns of the schema.

    ``province=None`` gives every province. Empty (with the columns) when nothing is loaded.
    """
    from kumkm_utils import schemas

    columns = schemas.dataset(TABLE).columns
    if not has_table(con):
        return schemas.dataset(TABLE).empty_frame()
    clauses, params = ["TRUE"], []
    if province is not None:
        clauses.append("kode_provinsi = ?")
        params.append(province)
    if years is not None:
        clauses.append("tahun IN (SELECT unnest(?))")
        params.append(list(years))
    cols = ", ".join(f'"{c}"' for c in columns)
    frame = con.execute(
        f'SELECT {cols} FROM "{TABLE}" WHERE {" AND ".join(clauses)} '
        "ORDER BY kode_provinsi, kode_kabkota NULLS FIRST, kode_indikator, tahun, dokumen",
        params,
    ).df()
    for column in ("kode_provinsi", "kode_kabkota", "kode_indikator", "dokumen"):
        frame[column] = frame[column].astype("string")
    frame["tahun"] = frame["tahun"].astype("int64")
    frame["nilai_target"] = frame["nilai_target"].astype("Float64")
    return frame


def sumber_teks(dokumen: object, nomor: object, tanggal: object) -> str:
    """``RKPD (Pergub 12/2024, 20 Desember 2024)``: the document with its number and date."""
    parts = [str(nomor)] if not fmt.is_missing(nomor) else []
    if not fmt.is_missing(tanggal):
        parts.append(fmt.tanggal(pd.Timestamp(tanggal).date()))
    return f"{dokumen} ({', '.join(parts)})" if parts else str(dokumen)
