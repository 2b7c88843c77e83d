"""``kumkm export TABLE``: write any warehouse table to a Parquet file.

Filters (``--province``, ``--year``) are applied in DuckDB, and DuckDB writes the Parquet file
itself (``COPY ... TO``), so large tables never pass through pandas.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kumkm_utils import config, warehouse
from kumkm_utils.cli import add_warehouse_option
from kumkm_utils.exceptions import WarehouseError


def export_table(
    table: str,
    out: Path | str,
    *,
    province: str | None = None,
    years: list[int] | None = None,
    path: Path | str | None = None,
) -> int:
    """Export a warehouse table (optionally one province / some years) to Parquet.

    Parameters
    ----------
    table : str
        A table of :func:`kumkm_utils.warehouse.tables` (``koperasi``, ``submissions``, ...).
    out : Path
        Parquet file to write (folders are created).
    province, years
        Optional filters on ``kode_provinsi`` and ``tahun`` (where the table has them).
    path
        Warehouse file (default :func:`kumkm_utils.config.warehouse_path`).

    Returns
    -------
    int
        Number of rows written.

    Raises
    ------
    WarehouseError
        For an unknown table, or a filter on a table without that column.
    """
    if table not in warehouse.tables():
        raise WarehouseError(
            f"unknown table {table!r}; expected one of {', '.join(warehouse.tables())}"
        )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    con = warehouse.connect(path)
    try:
        columns = {r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()}
        clauses, params = [], []
        for column, value in (("kode_provinsi", province), ("tahun", years)):
            if value is None:
                continue
            if column not in columns:
                raise WarehouseError(f"table {table} has no column {column} to filter on")
            if isinstance(value, list):
                clauses.append(f"{column} IN ({', '.join('?' for _ in value)})")
                params.extend(value)
            else:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        select = f'SELECT * FROM "{table}"{where}'
        n = con.execute(f"SELECT count(*) FROM ({select})", params).fetchone()[0]
        target = str(out).replace("'", "''")
        con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet)", params)
        return int(n)
    finally:
        con.close()


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm export``."""
    parser.add_argument("table", help="table to export: " + ", ".join(warehouse.tables()))
    parser.add_argument(
        "--out", type=Path, default=None, help="Parquet file (default: data/export/<table>.parquet)"
    )
    parser.add_argument("--province", metavar="KODE", help="only this province, e.g. 74")
    parser.add_argument(
        "--year", type=int, action="append", dest="years", help="only this year (repeatable)"
    )
    add_warehouse_option(parser)


def run(args: argparse.Namespace) -> int:
    """Export the table and say where it went."""
    out = args.out or config.DATA_DIR / "export" / f"{args.table}.parquet"
    n = export_table(args.table, out, province=args.province, years=args.years, path=args.warehouse)
    print(f"{n:,} baris ditulis ke {out}".replace(",", "."))  # noqa: T201
    return 0
