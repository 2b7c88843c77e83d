"""Preparing a file for loading without touching any warehouse: its sha256, its opened table,
its file-level problems (missing and unknown columns) and, ahead of its transaction (possibly in
a worker process), its checked chunks (:func:`prepare_file`)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kumkm_utils import schemas
from kumkm_utils.files import file_sha256
from kumkm_utils.ingest.chunk_pipeline import ChunkOutcome, chunk_outcomes
from kumkm_utils.ingest.chunk_preparation import FileState
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.reading import open_table
from kumkm_utils.ingest.table import Table
from kumkm_utils.ingest.validation import problems_frame


@dataclass
class Prepared:
    """A file read, typed and checked ahead of its transaction (possibly in another process).

    ``outcomes`` holds one :class:`ChunkOutcome` per chunk; an exception raised while reading the
    chunks is kept in its place and raised again when the outcomes are consumed, so a prepared
    file behaves exactly as one read inside :func:`~kumkm_utils.ingest.load.ingest_file`.
    """

    sha256: str
    table: Table | None = None
    open_error: BaseException | None = None
    outcomes: list = field(default_factory=list)
    province: str | None = None


def file_sha(path: Path) -> str:
    """The file's sha256 (empty when it is not a file)."""
    return file_sha256(path) if path.is_file() else ""


def open_file(path: Path, options: IngestOptions) -> Table:
    """Open the file as a table with the run's dataset override and size limits."""
    return open_table(
        path,
        dataset=options.dataset,
        max_file_mb=options.max_file_mb,
        chunk_rows=options.chunk_rows,
    )


def new_state(table: Table, file_name: str, options: IngestOptions) -> FileState:
    """The reading state of one table (province override, text limit)."""
    return FileState(
        table.dataset,
        file_name,
        province=options.province,
        explicit_province=options.province is not None,
        max_text_chars=options.max_text_chars,
    )


def prepare_file(path: Path | str, options: IngestOptions | None = None) -> Prepared:
    """Read, type and check a whole file without touching any warehouse.

    Used to prepare the next files of a run in worker processes while the current one is
    loaded; :func:`~kumkm_utils.ingest.load.ingest_file` with ``prepared=`` then gives the same
    result as reading the file itself.
    """
    options = options or IngestOptions()
    path = Path(path)
    prepared = Prepared(file_sha(path))
    try:
        table = open_file(path, options)
    except BaseException as err:  # noqa: BLE001 - re-raised by ingest_file where open_table would
        prepared.open_error = err
        return prepared
    state = new_state(table, path.name, options)
    _, fatal = column_problems(table, state)
    try:
        for outcome in chunk_outcomes(table, state, fatal):
            prepared.outcomes.append(outcome)
    except BaseException as err:  # noqa: BLE001 - re-raised by replay after the chunks before it
        prepared.outcomes.append(err)
    table.chunks = iter(())
    prepared.table = table
    prepared.province = state.province
    return prepared


HASH_WHILE_OPENING_BYTES = 64 * 1024 * 1024
"""CSV and Parquet files from this size on are hashed in a thread while they are opened."""


def hash_while_opening(path: Path) -> bool:
    """True when the file is hashed while it is opened (:data:`HASH_WHILE_OPENING_BYTES`)."""
    # Opening a large CSV file scans it once (blank lines): that scan and the hash both read
    # the whole file, and hashing releases the GIL. A workbook is not opened ahead: its opening
    # parses it, a waste for a file that turns out unchanged.
    return (
        path.suffix.lower() in (".csv", ".txt", ".parquet")
        and path.is_file()
        and path.stat().st_size >= HASH_WHILE_OPENING_BYTES
    )


def sha_and_open(path: Path, options: IngestOptions) -> tuple[str, Future]:
    """The file's sha256, computed while the file is opened; the opened table as a future.

    The future raises what :func:`open_table` raised; the caller asks for it only once the
    file is known to be changed, so the outcome is that of hashing first and opening then.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kumkm-sha256") as pool:
        digest = pool.submit(file_sha, path)
        opened: Future = Future()
        try:
            opened.set_result(open_file(path, options))
        except Exception as err:  # noqa: BLE001 - raised by opened.result() where open_file would
            opened.set_exception(err)
        return digest.result(), opened


def column_problems(table, state: FileState) -> tuple[pd.DataFrame, bool]:
    """Missing and unknown columns as problems; True when a required column is missing."""
    ds = schemas.dataset(table.dataset)
    missing = table.missing_columns
    required = [c for c in missing if not ds.schema.columns[c].nullable]
    records = []
    if required:
        labels = ", ".join(f"{c} ({ds.meta(c).get('label')})" for c in required)
        records.append(
            {
                "row": None,
                "column": ", ".join(required),
                "value": None,
                "rule": "kolom wajib",
                "message": f"kolom wajib tidak ada: {labels}; semua baris ditolak",
                "severity": "error",
            }
        )
    optional = [c for c in missing if c not in required]
    if optional:
        records.append(
            {
                "row": None,
                "column": ", ".join(optional),
                "value": None,
                "rule": "kolom tidak ada",
                "message": "kolom tidak ada di file dan dibiarkan kosong: " + ", ".join(optional),
                "severity": "warning",
            }
        )
    if table.ignored_columns:
        records.append(
            {
                "row": None,
                "column": None,
                "value": ", ".join(table.ignored_columns)[:200],
                "rule": "kolom diabaikan",
                "message": "kolom tidak dikenal dan tidak dimuat: "
                + ", ".join(table.ignored_columns),
                "severity": "info",
            }
        )
    return problems_frame(records), bool(required)


def replay(outcomes: list) -> Iterator[ChunkOutcome]:
    """The prepared chunks' outcomes, raising a kept exception where it was raised."""
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
        yield outcome
