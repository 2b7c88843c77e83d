"""Opening a submission file: its format told by content, its size checked, its table found.

A file is opened according to its *content* (magic bytes), not only its extension:

- ``.xlsx`` (zip): :mod:`kumkm_utils.ingest.workbook` (and, for formula cells,
  :mod:`kumkm_utils.ingest.formulas`).
- an OLE2 container is either a password-protected (encrypted) workbook or a legacy ``.xls``;
  both are refused with a message saying how to save the file.
- ``.csv``: :mod:`kumkm_utils.ingest.csv_file`.
- ``.parquet``: :mod:`kumkm_utils.ingest.parquet_file`.

What is found in the file (the :class:`~kumkm_utils.ingest.table.Table`, its header row and raw
chunks) is described in :mod:`kumkm_utils.ingest.table`.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from kumkm_utils.exceptions import UnreadableFileError
from kumkm_utils.ingest.csv_file import open_csv
from kumkm_utils.ingest.parquet_file import open_parquet
from kumkm_utils.ingest.table import Table, dataset_from_name
from kumkm_utils.ingest.workbook import open_xlsx

logger = logging.getLogger(__name__)

CHUNK_ROWS = 500_000
DEFAULT_MAX_FILE_MB = {"xlsx": 100, "csv": 8192, "parquet": 8192}
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".parquet")
"""File suffixes that ``kumkm ingest DIR`` picks up."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_table(
    path: Path | str,
    *,
    dataset: str | None = None,
    max_file_mb: float | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Table:
    """Open a submission file and locate its data table.

    Parameters
    ----------
    path
        The file.
    dataset
        Dataset name; inferred from the file name or the header when omitted.
    max_file_mb
        Largest accepted file size; defaults per format (:data:`DEFAULT_MAX_FILE_MB`).
    chunk_rows
        Rows per chunk for large CSV/Parquet files.

    Raises
    ------
    UnreadableFileError
        If the file is missing, too large, encrypted, has macros, is in an unsupported
        format or has no recognisable header.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFileError(f"{path.name}: file tidak ditemukan ({path})")
    kind = _kind(path)
    limit_mb = max_file_mb if max_file_mb is not None else DEFAULT_MAX_FILE_MB[kind]
    size = path.stat().st_size
    if size > limit_mb * 1024 * 1024:
        raise UnreadableFileError(
            f"{path.name}: file terlalu besar ({size / 1024 / 1024:,.0f} MB; "
            f"batas {limit_mb:,.0f} MB "
            f"untuk {kind}). Pecah file atau naikkan batas dengan --max-file-mb."
        )
    if size == 0:
        raise UnreadableFileError(f"{path.name}: file kosong")
    hint = dataset or dataset_from_name(path)
    if kind == "xlsx":
        return open_xlsx(path, hint)
    if kind == "parquet":
        return open_parquet(path, hint, chunk_rows)
    return open_csv(path, hint, chunk_rows)


def _kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        with path.open("rb") as fh:
            blob = fh.read(4 * 1024 * 1024)
        if "EncryptedPackage".encode("utf-16-le") in blob or suffix in (".xlsx", ".xlsm"):
            raise UnreadableFileError(
                f"{path.name}: workbook dilindungi kata sandi (terenkripsi); buka di Excel, hapus "
                "kata sandi (File > Info > Protect Workbook) lalu simpan ulang sebagai .xlsx"
            )
        raise UnreadableFileError(
            f"{path.name}: format Excel 97-2003 (.xls) tidak didukung; buka di Excel/LibreOffice "
            "lalu simpan sebagai .xlsx"
        )
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    if suffix in (".xlsx", ".xlsm", ".xls", ".parquet", ".ods"):
        raise UnreadableFileError(f"{path.name}: isi file bukan {suffix} yang sah (file rusak?)")
    if suffix not in (".csv", ".txt"):
        raise UnreadableFileError(
            f"{path.name}: format '{suffix or 'tanpa ekstensi'}' tidak didukung; kirim .xlsx, .csv "
            "atau .parquet"
        )
    with path.open("rb") as fh:
        sample = fh.read(64 * 1024)
    # A stray NUL in a text file is removed cell by cell later (the row is named); a file full
    # of NULs is UTF-16 text or not text at all.
    if (
        sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        or sample.count(b"\x00") > len(sample) // 20
    ):
        raise UnreadableFileError(
            f"{path.name}: bukan teks CSV UTF-8 (berisi data biner atau teks UTF-16); di Excel "
            "pilih Simpan Sebagai > CSV UTF-8 (Comma delimited)"
        )
    return "csv"


__all__ = ["CHUNK_ROWS", "DEFAULT_MAX_FILE_MB", "SUFFIXES", "open_table"]
