"""What one file's ingest came to (:class:`FileResult`, the file statuses), and what inserting
one of its tables left for the checks that follow (:class:`InsertedTable`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kumkm_utils.ingest.validation import problems_frame

STATUS_LOADED = "dimuat"
STATUS_CHECKED = "diperiksa"
STATUS_UNCHANGED = "tidak berubah"
STATUS_FAILED = "gagal"


@dataclass
class FileResult:
    """The outcome of one file: counts, problems and what happened to it."""

    path: Path
    status: str = STATUS_FAILED
    message: str = ""
    sheet: str = ""
    dataset: str | None = None
    kode_provinsi: str | None = None
    is_synthetic: bool = False
    sha256: str = ""
    submission_id: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_non_data: int = 0
    rows_warning: int = 0
    tahun_min: int | None = None
    tahun_max: int | None = None
    replaced: list[str] = field(default_factory=list)
    replaced_rows: dict[str, int] = field(default_factory=dict)
    """Rows replaced (moved to history) per kab/kota code (the province code for datasets
    without kab/kota)."""
    scope: str = ""
    problems: pd.DataFrame = field(default_factory=problems_frame)
    parts: list[FileResult] = field(default_factory=list)
    """One result per loaded sheet when a workbook has several data sheets."""
    skipped_sheets: list = field(default_factory=list)
    """Sheets not loaded (:class:`~kumkm_utils.ingest.reading.SkippedSheet`), with the reason."""

    @property
    def file_name(self) -> str:
        """The file's name (without folders)."""
        return self.path.name

    @property
    def balanced(self) -> bool:
        """True when rows read = loaded + rejected + non-data."""
        return self.rows_read == self.rows_loaded + self.rows_rejected + self.rows_non_data

    @property
    def equation(self) -> str:
        """The equation of counts as the summary prints it (Indonesian)."""
        sign = "=" if self.balanced else "≠"
        return (
            f"dibaca {self.rows_read:,} {sign} dimuat {self.rows_loaded:,} + ditolak "
            f"{self.rows_rejected:,} + bukan data {self.rows_non_data:,}"
        ).replace(",", ".")

    @property
    def warnings(self) -> int:
        """Number of warning problems."""
        return int((self.problems["severity"] == "warning").sum()) if len(self.problems) else 0


@dataclass
class InsertedTable:
    """What :func:`~kumkm_utils.ingest.inserting.insert_table` left for
    :func:`~kumkm_utils.ingest.inserting.finish_table`: the submission and its years."""

    submission_id: str
    years: list[int]
    province: str | None
    parts: list[pd.DataFrame]
    inserted: int
