"""What was loaded, and undoing a load: ``kumkm submissions`` and ``kumkm rollback``.

Every ingested file (each sheet of a workbook) is a row of ``submissions``; rows a later file
replaced are kept in ``<dataset>_history`` with ``replaced_by``, the submission that replaced
them (:mod:`kumkm_utils.ingest.replacement`). Rolling a submission back is the exact inverse of
loading it, in one transaction:

1. its rows leave the dataset table for the history table (``replaced_by`` =
   ``rollback-<id>``), so nothing is ever deleted;
2. the rows it replaced come back from the history table, as they were (same values,
   ``submission_id`` and ``source_row``); their submissions are ``current`` again;
3. it gets status ``rolled_back``.

A submission whose rows were in turn replaced (partly) by a later one cannot be rolled back
before that later one: restoring the rows it replaced would sit next to the later file's rows.

This works on the warehouse's own tables. Whole-file versions of the warehouse (``kumkm check``,
``kumkm restore``) are a separate mechanism in :mod:`kumkm_utils.snapshots`; a rollback, like an
ingest, writes a new version, so the state before it stays restorable too:
a backup restores everything to a moment, a rollback undoes one load and keeps every later
load of other kab/kota and datasets.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from kumkm_utils import warehouse
from kumkm_utils.cli import add_warehouse_option
from kumkm_utils.exceptions import KumkmError

ROLLBACK_PREFIX = "rollback-"


class RollbackError(KumkmError):
    """A submission cannot be rolled back (unknown, not current, or replaced later)."""


def table_checksum(con: duckdb.DuckDBPyConnection, dataset: str) -> tuple[int, int]:
    """``(rows, checksum)`` of a dataset table: an order-independent hash of every column.

    Two states of the table with the same rows (values, submission ids and source rows) give
    the same pair, whatever the physical order.
    """
    cols = ", ".join(f'"{c}"' for c in warehouse.table_columns(dataset))
    rows, total = con.execute(
        f'SELECT count(*), coalesce(sum(hash({cols})::HUGEINT), 0) FROM "{dataset}"'
    ).fetchone()
    return int(rows), int(total)


def list_submissions(
    con: duckdb.DuckDBPyConnection,
    *,
    province: str | None = None,
    dataset: str | None = None,
    include_all: bool = True,
) -> pd.DataFrame:
    """The submissions, newest first (``include_all=False``: only current ones)."""
    clauses, params = [], []
    if province:
        clauses.append("kode_provinsi = ?")
        params.append(province)
    if dataset:
        clauses.append("dataset = ?")
        params.append(dataset)
    if not include_all:
        clauses.append("status = 'current'")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return con.execute(
        "SELECT submission_id, ingested_at, status, dataset, kode_provinsi, tahun_min, "
        "tahun_max, file_name, sheet, sha256, rows_read, rows_loaded, rows_rejected, "
        f"rows_non_data, replaced_by, message FROM submissions {where} "
        "ORDER BY ingested_at DESC, file_name, sheet",
        params,
    ).df()


@dataclass
class RollbackResult:
    """What a rollback did: rows taken out, rows restored per submission."""

    submission_id: str
    dataset: str
    removed: int = 0
    restored: dict[str, int] = field(default_factory=dict)


def rollback(con: duckdb.DuckDBPyConnection, submission_id: str) -> RollbackResult:
    """Undo one load (see the module docstring); one transaction, all or nothing.

    Raises
    ------
    RollbackError
        If the submission is unknown, not current, or a later submission replaced its rows.
    """
    dataset = _current_dataset(con, submission_id)
    history = warehouse.history_table(dataset)
    _refuse_if_replaced_later(con, history, submission_id)
    cols = ", ".join(f'"{c}"' for c in warehouse.table_columns(dataset))
    result = RollbackResult(submission_id, dataset)
    con.execute("BEGIN TRANSACTION")
    try:
        result.removed = _retire_rows(con, dataset, history, cols, submission_id)
        result.restored = _restore_replaced_rows(con, dataset, history, cols, submission_id)
        _mark_rolled_back(con, submission_id, result.restored)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


def _current_dataset(con: duckdb.DuckDBPyConnection, submission_id: str) -> str:
    """The dataset of a current submission; RollbackError when it is unknown or not current."""
    row = con.execute(
        "SELECT dataset, status FROM submissions WHERE submission_id = ?", [submission_id]
    ).fetchone()
    if row is None:
        raise RollbackError(
            f"kiriman {submission_id} tidak ada; lihat daftar dengan 'kumkm submissions'"
        )
    dataset, status = row
    if status != "current":
        raise RollbackError(
            f"kiriman {submission_id} berstatus '{status}'; hanya kiriman yang berlaku "
            "(current) dapat dibatalkan"
        )
    return dataset


def _refuse_if_replaced_later(
    con: duckdb.DuckDBPyConnection, history: str, submission_id: str
) -> None:
    """RollbackError when a later submission (not a rollback) replaced some of its rows."""
    later = [
        r[0]
        for r in con.execute(
            f'SELECT DISTINCT replaced_by FROM "{history}" WHERE submission_id = ? '
            "AND replaced_by NOT LIKE ? ORDER BY 1",
            [submission_id, ROLLBACK_PREFIX + "%"],
        ).fetchall()
    ]
    if later:
        raise RollbackError(
            f"sebagian baris kiriman {submission_id} sudah diganti oleh kiriman berikutnya "
            f"({', '.join(later)}); batalkan kiriman itu lebih dahulu"
        )


def _retire_rows(
    con: duckdb.DuckDBPyConnection, dataset: str, history: str, cols: str, submission_id: str
) -> int:
    """Move the submission's rows to the history table (``rollback-<id>``); return how many."""
    removed = con.execute(
        f'SELECT count(*) FROM "{dataset}" WHERE submission_id = ?', [submission_id]
    ).fetchone()[0]
    con.execute(
        f'INSERT INTO "{history}" ({cols}, replaced_at, replaced_by) '
        f'SELECT {cols}, now(), ? FROM "{dataset}" WHERE submission_id = ?',
        [ROLLBACK_PREFIX + submission_id, submission_id],
    )
    con.execute(f'DELETE FROM "{dataset}" WHERE submission_id = ?', [submission_id])
    return removed


def _restore_replaced_rows(
    con: duckdb.DuckDBPyConnection, dataset: str, history: str, cols: str, submission_id: str
) -> dict[str, int]:
    """Bring back the rows the submission replaced; return the rows per submission restored."""
    restored = con.execute(
        f'SELECT submission_id, count(*) FROM "{history}" WHERE replaced_by = ? GROUP BY 1',
        [submission_id],
    ).fetchall()
    con.execute(
        f'INSERT INTO "{dataset}" ({cols}) SELECT {cols} FROM "{history}" WHERE replaced_by = ?',
        [submission_id],
    )
    con.execute(f'DELETE FROM "{history}" WHERE replaced_by = ?', [submission_id])
    return {str(s): int(n) for s, n in restored}


def _mark_rolled_back(
    con: duckdb.DuckDBPyConnection, submission_id: str, restored: dict[str, int]
) -> None:
    """Statuses: the restored submissions ``current`` again, this one ``rolled_back``."""
    if restored:
        con.execute(
            "UPDATE submissions SET status = 'current', replaced_by = NULL "
            "WHERE submission_id IN (SELECT unnest(?))",
            [list(restored)],
        )
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    con.execute(
        "UPDATE submissions SET status = 'rolled_back', message = ? WHERE submission_id = ?",
        [f"dibatalkan {stamp} (kumkm rollback)", submission_id],
    )


# ------------------------------------------------------------------------------ commands


def _add_warehouse(parser: argparse.ArgumentParser) -> None:

    add_warehouse_option(parser)


def configure_submissions(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``kumkm submissions``."""
    parser.add_argument("--province", metavar="KODE", help="only this province, e.g. 61")
    parser.add_argument("--dataset", choices=["koperasi", "umkm", "program", "makro"])
    parser.add_argument(
        "--current", action="store_true", help="only current submissions (default: all)"
    )
    _add_warehouse(parser)


def run_submissions(args: argparse.Namespace) -> int:
    """Print the submissions table."""
    con = warehouse.connect(args.warehouse)
    try:
        frame = list_submissions(
            con, province=args.province, dataset=args.dataset, include_all=not args.current
        )
    finally:
        con.close()
    if frame.empty:
        print("belum ada kiriman yang dimuat")  # noqa: T201
        return 0
    for r in frame.itertuples(index=False):
        years = "" if pd.isna(r.tahun_min) else f"{int(r.tahun_min)}"
        if not pd.isna(r.tahun_max) and r.tahun_max != r.tahun_min:
            years += f"-{int(r.tahun_max)}"
        sheet = f" [{r.sheet}]" if isinstance(r.sheet, str) and r.sheet else ""
        when = pd.Timestamp(r.ingested_at).strftime("%Y-%m-%d %H:%M")
        print(  # noqa: T201
            f"{r.submission_id}  {when}  {r.status:<11} {r.dataset or '-':<8} "
            f"{r.kode_provinsi or '--':<2} {years:<9} dibaca {int(r.rows_read or 0):>8} "
            f"dimuat {int(r.rows_loaded or 0):>8} ditolak {int(r.rows_rejected or 0):>6}  "
            f"sha256 {str(r.sha256 or '')[:12]}  {r.file_name}{sheet}"
        )
        if isinstance(r.message, str) and r.message:
            print(f"    {r.message}")  # noqa: T201
    return 0


def resolve_ids(con: duckdb.DuckDBPyConnection, wanted: list[str]) -> tuple[list[str], list[str]]:
    """Submission ids to roll back, newest first, and the arguments that matched nothing.

    An argument is a submission id, or the start (at least 8 characters) of a file's sha256 as
    ``kumkm submissions`` shows it: then every current submission of that file (all the sheets
    of a workbook) is meant.
    """
    found: list[tuple[object, str]] = []
    missing: list[str] = []
    for arg in wanted:
        rows = con.execute(
            "SELECT ingested_at, submission_id FROM submissions WHERE submission_id = ?", [arg]
        ).fetchall()
        if not rows and len(arg) >= 8 and all(c in "0123456789abcdef" for c in arg.lower()):
            rows = con.execute(
                "SELECT ingested_at, submission_id FROM submissions "
                "WHERE starts_with(sha256, ?) AND status = 'current'",
                [arg.lower()],
            ).fetchall()
        if not rows:
            missing.append(arg)
        found += rows
    ordered = sorted(set(found), key=lambda r: r[0], reverse=True)
    return [r[1] for r in ordered], missing


def configure_rollback(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``kumkm rollback``."""
    parser.description = (
        "Undo loads: the submission's rows leave the warehouse (kept in history) and the rows "
        "it replaced come back. Several ids are undone newest first."
    )
    parser.add_argument(
        "submission_ids",
        nargs="+",
        metavar="SUBMISSION_ID",
        help="a submission id, or the start of a file's sha256 (every sheet of that file)",
    )
    _add_warehouse(parser)


def run_rollback(args: argparse.Namespace) -> int:
    """Roll the submissions back, newest first; print what each did."""
    from kumkm_utils import snapshots

    # Like an ingest, a rollback writes a new warehouse version (readers keep theirs; the
    # version before the rollback stays restorable with `kumkm restore`).
    with snapshots.writing(args.warehouse) as con:
        known, missing = resolve_ids(con, args.submission_ids)
        if missing:
            raise RollbackError(f"kiriman tidak dikenal: {', '.join(missing)}")
        for submission_id in known:
            done = rollback(con, submission_id)
            restored = ", ".join(f"{s} ({n} baris)" for s, n in done.restored.items()) or "-"
            rows, checksum = table_checksum(con, done.dataset)
            print(  # noqa: T201
                f"{submission_id}: {done.removed} baris dikeluarkan; dipulihkan: {restored}; "
                f"tabel {done.dataset} kini {rows} baris (checksum {checksum})"
            )
    return 0
