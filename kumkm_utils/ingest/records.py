"""Submission records: the ``submissions`` row of each file or sheet (loaded, refused or
skipped) and its problems in ``rejections``."""

from __future__ import annotations

import datetime as dt
import uuid

import duckdb
import pandas as pd

from kumkm_utils import __version__, warehouse
from kumkm_utils.ingest.replacement import replacement_note
from kumkm_utils.ingest.results import FileResult
from kumkm_utils.ingest.validation import concat_problems, problems_frame

SUBMISSION_CURRENT = "current"
SUBMISSION_REPLACED = "replaced"
SUBMISSION_SKIPPED = "skipped"
SUBMISSION_REFUSED = "refused"
SUBMISSION_ROLLED_BACK = "rolled_back"
"""Statuses of a ``submissions`` row (see :mod:`kumkm_utils.warehouse`)."""


def new_submission_id(dataset: str, province: str | None) -> str:
    """A fresh submission id naming its dataset and province."""
    return f"{dataset}-{province or 'xx'}-{uuid.uuid4().hex[:12]}"


def _insert_submission(con: duckdb.DuckDBPyConnection, values: dict) -> None:
    row = {c: None for c in warehouse.SUBMISSIONS_COLUMNS}
    row.update(ingested_at=dt.datetime.now(), tool_version=__version__)
    row.update(values)
    cols = list(warehouse.SUBMISSIONS_COLUMNS)
    con.execute(
        f"INSERT INTO submissions ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [row[c] for c in cols],
    )


def record_refused(
    con: duckdb.DuckDBPyConnection, result: FileResult, *, run_id: str, dataset: str | None
) -> None:
    """Put a file that loaded nothing on record (status ``refused``) with its reason."""
    _insert_submission(
        con,
        {
            "submission_id": new_submission_id(dataset or "file", result.kode_provinsi),
            "run_id": run_id,
            "file_name": result.file_name,
            "file_path": str(result.path),
            "sha256": result.sha256,
            "sheet": result.sheet,
            "dataset": dataset,
            "kode_provinsi": result.kode_provinsi,
            "rows_read": result.rows_read,
            "rows_loaded": 0,
            "rows_rejected": result.rows_rejected,
            "rows_non_data": result.rows_non_data,
            "rows_warning": 0,
            "is_synthetic": result.is_synthetic,
            "status": SUBMISSION_REFUSED,
            "message": result.message[:2000],
        },
    )


def record_loaded(con: duckdb.DuckDBPyConnection, result: FileResult, *, run_id: str) -> None:
    """Put a loaded file or sheet on record (status ``current``) with its problems."""
    _insert_submission(
        con,
        {
            "submission_id": result.submission_id,
            "run_id": run_id,
            "file_name": result.file_name,
            "file_path": str(result.path),
            "sha256": result.sha256,
            "sheet": result.sheet,
            "dataset": result.dataset,
            "kode_provinsi": result.kode_provinsi,
            "tahun_min": result.tahun_min,
            "tahun_max": result.tahun_max,
            "rows_read": result.rows_read,
            "rows_loaded": result.rows_loaded,
            "rows_rejected": result.rows_rejected,
            "rows_non_data": result.rows_non_data,
            "rows_warning": result.rows_warning,
            "is_synthetic": result.is_synthetic,
            "status": SUBMISSION_CURRENT,
            "replaced_by": None,
            "message": replacement_note(result) or None,
        },
    )
    _insert_problems(con, result.problems, result.submission_id, result.file_name, result.sheet)


def _insert_problems(
    con: duckdb.DuckDBPyConnection,
    problems: pd.DataFrame,
    submission_id: str | None,
    file_name: str,
    sheet: str,
) -> None:
    if len(problems):
        frame = problems.rename(columns={"row": "excel_row", "column": "column_name"})
        frame = frame.assign(submission_id=submission_id, file_name=file_name, sheet=sheet)
        frame = frame[list(warehouse.REJECTIONS_COLUMNS)]
        frame = frame.astype({"excel_row": "Int64"})
        for c in ("column_name", "value", "rule", "message", "severity", "sheet"):
            frame[c] = frame[c].astype("string")
        con.register("_problems", frame)
        try:
            con.execute("INSERT INTO rejections SELECT * FROM _problems")
        finally:
            con.unregister("_problems")


def add_skipped(con, result: FileResult, skipped: list, *, run_id: str) -> None:
    """Count the rows of sheets not loaded as non-data, name each sheet and record it."""
    if not skipped:
        return
    result.skipped_sheets = list(skipped)
    notes = []
    for sheet in skipped:
        result.rows_read += sheet.rows
        result.rows_non_data += sheet.rows
        notes.append(
            {
                "row": None,
                "column": None,
                "value": sheet.name,
                "rule": "sheet dilewati",
                "message": f"sheet '{sheet.name}' tidak dimuat ({sheet.rows} baris terisi): "
                f"{sheet.reason}",
                "severity": "info",
            }
        )
        skipped_id = new_submission_id(result.dataset or "file", None)
        _insert_problems(con, problems_frame(notes[-1:]), skipped_id, result.file_name, sheet.name)
        _insert_submission(
            con,
            {
                "submission_id": skipped_id,
                "run_id": run_id,
                "file_name": result.file_name,
                "file_path": str(result.path),
                "sha256": result.sha256,
                "sheet": sheet.name,
                "dataset": result.dataset,
                "kode_provinsi": result.kode_provinsi,
                "rows_read": sheet.rows,
                "rows_loaded": 0,
                "rows_rejected": 0,
                "rows_non_data": sheet.rows,
                "rows_warning": 0,
                "is_synthetic": result.is_synthetic,
                "status": SUBMISSION_SKIPPED,
                "message": sheet.reason,
            },
        )
    frame = problems_frame(notes)
    if "sheet" in result.problems.columns:
        frame = frame.assign(sheet=[s.name for s in skipped])
    result.problems = concat_problems([result.problems, frame])
