"""``kumkm check``: verify a warehouse version, and the checks writers run before writing.

What is checked (:func:`check`):

1. the file's size and sha256 against the record made when the version was committed (a
   truncated or bit-flipped file fails here, whatever part of it was hit);
2. every block is readable: every column of every row of every table is read (DuckDB verifies
   each block's checksum as it reads it);
3. the counts agree with ``submissions``: every row of a dataset table belongs to a known
   submission, no row belongs to a replaced submission, and no submission has more rows in its
   dataset table than it loaded.

Exit status of ``kumkm check``: 0 when the warehouse passes, 3 when it fails (the message says
how to restore an earlier version), 2 when it cannot be checked at all (e.g. it does not exist).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from kumkm_utils import config, schemas

EXIT_CORRUPT = 3
"""Exit status of a command refused because the warehouse fails its check."""


@dataclass
class CheckReport:
    """Outcome of a check."""

    file: Path
    problems: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    submissions: int | None = None

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def _short(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:300] if text else type(err).__name__


def check_file(path: Path | str) -> CheckReport:
    """Read every block of a DuckDB warehouse file and check its counts (steps 2 and 3)."""
    import duckdb

    path = Path(path)
    report = CheckReport(file=path)
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        report.problems.append(f"berkas tidak dapat dibuka sebagai DuckDB ({_short(err)})")
        return report
    try:
        try:
            names = [
                r[0]
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' "
                    "ORDER BY table_name"
                ).fetchall()
            ]
        except duckdb.Error as err:
            report.problems.append(f"katalog tabel tidak terbaca ({_short(err)})")
            return report
        for name in names:
            quoted = '"' + name.replace('"', '""') + '"'
            try:
                (n, _) = con.execute(
                    f"SELECT count(*), sum(hash(t)::HUGEINT) FROM {quoted} t"
                ).fetchone()
                report.tables[name] = int(n)
            except duckdb.Error as err:
                report.problems.append(f"tabel {name} tidak terbaca ({_short(err)})")
        if "submissions" in report.tables and not report.problems:
            _check_counts(con, names, report)
    finally:
        con.close()
    return report


def _columns(con: object, table: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(  # type: ignore[attr-defined]
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    }


def _check_counts(con: object, names: list[str], report: CheckReport) -> None:
    if "status" in _columns(con, "submissions"):
        (report.submissions,) = con.execute(  # type: ignore[attr-defined]
            "SELECT count(*) FROM submissions WHERE status = 'current'"
        ).fetchone()
    sub_columns = _columns(con, "submissions")
    if not {"submission_id", "status", "rows_loaded"} <= sub_columns:
        return  # not the warehouse layout (a hand-made test warehouse): nothing to compare
    for dataset in schemas.DATASETS:
        if dataset not in names or "submission_id" not in _columns(con, dataset):
            continue
        rows = con.execute(  # type: ignore[attr-defined]
            f"""
            SELECT t.submission_id, count(*) AS n, any_value(s.status), any_value(s.rows_loaded),
                   bool_or(s.submission_id IS NULL)
            FROM "{dataset}" t LEFT JOIN submissions s USING (submission_id)
            WHERE t.submission_id IS NOT NULL
            GROUP BY t.submission_id
            """
        ).fetchall()
        for sub, n, status, loaded, unknown in rows:
            if unknown:
                report.problems.append(
                    f"{dataset}: {n} baris milik pengiriman {sub} yang tidak ada di submissions"
                )
            elif status != "current":
                report.problems.append(
                    f"{dataset}: {n} baris milik pengiriman {sub} yang berstatus {status}"
                )
            elif loaded is not None and n > loaded:
                report.problems.append(
                    f"{dataset}: pengiriman {sub} punya {n} baris, padahal dimuat {loaded}"
                )


def check(path: Path | str | None = None) -> CheckReport:
    """Check the current version of a warehouse: its record (step 1), blocks and counts.

    Raises
    ------
    WarehouseError
        If the warehouse does not exist.
    """
    from kumkm_utils import snapshots

    snap = snapshots.current(path)
    with snapshots.hold(snap):
        problems = snapshots.verify_recorded(snap)
        report = check_file(snap.file)
    report.problems[:0] = problems
    return report


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm check``."""
    parser.description = (__doc__ or "").split("\n\n", 1)[1]
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help=f"DuckDB file (default ${config.WAREHOUSE_ENV} or data/warehouse.duckdb)",
    )


def run(args: argparse.Namespace) -> int:
    """Check the warehouse; 0 when it passes, 3 when it fails."""
    from kumkm_utils import snapshots

    logical = Path(args.warehouse) if args.warehouse else config.warehouse_path()
    snap = snapshots.current(logical)
    report = check(logical)
    print(f"Gudang data: {snapshots._logical(logical)}")  # noqa: T201
    print(f"Versi: {snap.label()}")  # noqa: T201
    for name, n in sorted(report.tables.items()):
        print(f"  {name}: {n:,} baris".replace(",", "."))  # noqa: T201
    if report.ok:
        print("Hasil: baik (setiap blok terbaca, jumlah baris cocok dengan submissions)")  # noqa: T201
        return 0
    print("Hasil: RUSAK")  # noqa: T201
    for problem in report.problems:
        print(f"  - {problem}")  # noqa: T201
    if snap.version is not None:
        print(snapshots.restore_hint(snap.logical).capitalize())  # noqa: T201
    return EXIT_CORRUPT
