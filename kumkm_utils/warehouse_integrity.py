"""The integrity check of one warehouse file: every block readable, counts consistent.

Used by :mod:`kumkm_utils.warehouse_check` (``kumkm check``) and by
:mod:`kumkm_utils.snapshots` (a plain warehouse file is checked before it becomes version 1);
it knows nothing of versions, so neither of them imports the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kumkm_utils import schemas


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
