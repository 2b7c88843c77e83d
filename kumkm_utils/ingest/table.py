"""What a submission file holds: its data table, found by its header row, and raw chunks.

The header row is the first row (among the first :data:`HEADER_SCAN_ROWS`) whose cells match
at least :data:`MIN_HEADER_MATCHES` column names of a dataset after header normalisation.
Rows above it are title rows; when they contain ``DATA SINTETIS`` the file is synthetic.
All cells are kept raw (text or the Excel value), so that identifiers are never turned into
numbers; typing happens in :mod:`kumkm_utils.ingest.column_types`. The reader of each format
(:mod:`~kumkm_utils.ingest.workbook`, :mod:`~kumkm_utils.ingest.csv_file`,
:mod:`~kumkm_utils.ingest.parquet_file`) builds the :class:`Table` defined here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kumkm_utils import schemas
from kumkm_utils.exceptions import UnreadableFileError
from kumkm_utils.ingest.normalise import match_header

HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 3
SYNTHETIC_MARKER = "DATA SINTETIS"

_DATASET_IN_NAME = re.compile(r"(?<![a-z])(" + "|".join(schemas.DATASETS) + r")(?![a-z])")


@dataclass
class RawChunk:
    """A block of data rows: raw cells under schema column names, and their row numbers.

    ``rows`` are the numbers an analyst sees: the Excel row, the CSV line, or the Parquet
    record number (1-based). ``problems`` are cell problems found while reading (formula
    without value, ragged CSV row) as dicts with keys row, column, value, rule, message.
    """

    frame: pd.DataFrame
    rows: np.ndarray
    problems: list[dict] = field(default_factory=list)
    skipped_rows: int = 0


@dataclass
class SkippedSheet:
    """A sheet of a workbook that holds no rows to load: its name, filled rows and why."""

    name: str
    rows: int
    reason: str


@dataclass
class Table:
    """One data table found in a file, with its chunks still to be read."""

    path: Path
    kind: str
    sheet: str
    dataset: str
    header_row: int
    header_cells: list[str]
    columns: list[str | None]
    title_lines: list[str]
    rows_above: int
    chunks: Iterator[RawChunk]
    siblings: list[Table] = field(default_factory=list)
    """Further data sheets of the same workbook (a sheet per kab/kota), each a Table."""
    skipped_sheets: list[SkippedSheet] = field(default_factory=list)
    """Sheets of the workbook that are not loaded, with the reason (named in the summary)."""

    @property
    def is_synthetic(self) -> bool:
        """True when the title lines carry the ``DATA SINTETIS`` marker."""
        return any(SYNTHETIC_MARKER in line.upper() for line in self.title_lines)

    @property
    def ignored_columns(self) -> list[str]:
        """Header cells that match no schema column (kept out of the warehouse)."""
        pairs = zip(self.header_cells, self.columns, strict=True)
        return [h for h, c in pairs if c is None and h.strip()]

    @property
    def missing_columns(self) -> list[str]:
        """Schema columns that the file does not have."""
        found = {c for c in self.columns if c}
        return [c for c in schemas.dataset(self.dataset).columns if c not in found]


def dataset_from_name(path: Path) -> str | None:
    """Return the dataset named in a file name (``koperasi_2025.xlsx`` -> ``koperasi``)."""
    m = _DATASET_IN_NAME.search(path.stem.lower())
    return m.group(1) if m else None


def find_header(
    rows: list[list[object]], dataset: str | None
) -> tuple[int, str, list[str | None]] | None:
    """Find the header row among the first rows.

    Returns
    -------
    tuple or None
        ``(index, dataset, columns)`` with ``columns`` mapping each cell to a schema column,
        or None when no row matches enough column names.
    """
    candidates = [dataset] if dataset else list(schemas.DATASETS)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        best: tuple[int, str, list[str | None]] | None = None
        for name in candidates:
            columns = match_header(list(row), name)
            score = sum(c is not None for c in columns)
            if best is None or score > best[0]:
                best = (score, name, columns)
        if best and best[0] >= MIN_HEADER_MATCHES:
            return i, best[1], best[2]
    return None


def no_header_error(path: Path, hint: str | None) -> UnreadableFileError:
    """The error for a file in which no header row is found (any format)."""
    what = f"dataset {hint}" if hint else "dataset mana pun (koperasi, umkm, program, makro)"
    return UnreadableFileError(
        f"{path.name}: baris kepala tabel tidak ditemukan dalam {HEADER_SCAN_ROWS} baris pertama; "
        f"tidak ada baris yang memuat sedikitnya {MIN_HEADER_MATCHES} nama kolom {what}. "
        "Gunakan template (kumkm templates) atau sebutkan --dataset."
    )


def is_blank(cell: object) -> bool:
    """True for an empty cell: None, or a text of blanks only."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def title_line(row: list[object]) -> str:
    """A title row as one line: its non-blank cells joined by spaces."""
    return " ".join(str(c) for c in row if not is_blank(c))


__all__ = [
    "HEADER_SCAN_ROWS",
    "MIN_HEADER_MATCHES",
    "SYNTHETIC_MARKER",
    "RawChunk",
    "SkippedSheet",
    "Table",
    "dataset_from_name",
    "find_header",
    "is_blank",
    "no_header_error",
    "title_line",
]
