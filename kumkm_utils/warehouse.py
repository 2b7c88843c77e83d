"""The warehouse: an embedded DuckDB file holding every accepted submission row.

Layout (one table per input dataset, named as the dataset):

- ``koperasi``, ``umkm``, ``program``, ``makro``: the schema's columns (see
  :mod:`kumkm_utils.schemas`) plus ``kode_provinsi`` (derived from ``kode_kabkota`` where the
  dataset has no such column) and ``submission_id``, the row's submission. Only rows of current
  submissions live here.
- ``submissions``, ``rejections`` and the history of replaced submissions are managed by
  :mod:`kumkm_utils.ingest`.

Notebooks and indicators read through :func:`connect` (read-only) and push filtering and
aggregation down to DuckDB with SQL, so a province report reads only its own rows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from kumkm_utils import config, schemas
from kumkm_utils.exceptions import WarehouseError

_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "string[pyarrow]": "VARCHAR",
    "string[python]": "VARCHAR",
    "Int64": "BIGINT",
    "Float64": "DOUBLE",
    "boolean": "BOOLEAN",
    "datetime64[ns]": "DATE",
}

EXTRA_COLUMNS = {"kode_provinsi": "VARCHAR", "submission_id": "VARCHAR"}
"""Columns every dataset table has beyond its schema."""


def table_columns(dataset: str) -> dict[str, str]:
    """Return the warehouse columns of a dataset table with their DuckDB types.

    Parameters
    ----------
    dataset
        Dataset name (``koperasi``, ``umkm``, ``program``, ``makro``).

    Returns
    -------
    dict
        Column name to DuckDB type, schema columns first.

    Examples
    --------
    >>> table_columns("makro")["pdrb_adhb_rp"]
    'DOUBLE'
    """
    ds = schemas.dataset(dataset)
    columns = {
        name: _DUCKDB_TYPES[str(col.dtype)] for name, col in ds.schema.columns.items()
    }
    for name, sql_type in EXTRA_COLUMNS.items():
        columns.setdefault(name, sql_type)
    return columns


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the dataset tables if they do not exist yet."""
    for name in schemas.DATASETS:
        cols = ", ".join(f'"{c}" {t}' for c, t in table_columns(name).items())
        con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})')


def connect(path: Path | str | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the warehouse.

    Parameters
    ----------
    path
        Warehouse file; defaults to :func:`kumkm_utils.config.warehouse_path`.
    read_only
        Open read-only (the default, for reports). Writers use ``read_only=False``.

    Returns
    -------
    duckdb.DuckDBPyConnection
        An open connection; close it when done.

    Raises
    ------
    WarehouseError
        If a read-only warehouse does not exist, or the file is locked by another process.
    """
    path = Path(path) if path is not None else config.warehouse_path()
    if read_only and not path.exists():
        raise WarehouseError(
            f"warehouse {path} does not exist; load submissions first with 'kumkm ingest'"
        )
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as err:
        raise WarehouseError(f"cannot open warehouse {path}: {err}") from err
    if not read_only:
        create_tables(con)
    return con


def insert_frame(con: duckdb.DuckDBPyConnection, dataset: str, frame: pd.DataFrame) -> int:
    """Append a normalised frame to a dataset table, matching columns by name.

    Missing extra columns are filled: ``kode_provinsi`` from ``kode_kabkota``, ``submission_id``
    with NULL. Used by ingestion and by tests that build small warehouses.

    Returns
    -------
    int
        Number of rows inserted.
    """
    columns = table_columns(dataset)
    frame = frame.copy()
    if "kode_provinsi" not in frame.columns or frame["kode_provinsi"].isna().all():
        frame["kode_provinsi"] = frame["kode_kabkota"].astype("string").str.slice(0, 2)
    if "submission_id" not in frame.columns:
        frame["submission_id"] = pd.Series([None] * len(frame), dtype="string")
    frame = frame[list(columns)]
    con.register("_kumkm_insert", frame)
    try:
        names = ", ".join(f'"{c}"' for c in columns)
        con.execute(f'INSERT INTO "{dataset}" ({names}) SELECT {names} FROM _kumkm_insert')
    finally:
        con.unregister("_kumkm_insert")
    return len(frame)
