"""Reading submission files: Excel, CSV and Parquet, as raw cells with their row numbers.

A file is opened according to its *content* (magic bytes), not only its extension:

- ``.xlsx`` (zip): read with python-calamine (cached values; formulas are never evaluated).
  A workbook with a VBA project (``.xlsm``) is refused ("file berisi makro"). Formula cells
  without a stored value are reported. Merged cells below the header are filled with the
  value of their top-left cell (a kab/kota name merged over several rows).
- an OLE2 container is either a password-protected (encrypted) workbook or a legacy ``.xls``;
  both are refused with a message saying how to save the file.
- ``.csv``: separator (``,``, ``;``, tab, ``|``) and encoding (UTF-8 with or without BOM,
  else cp1252) are detected. Small files are read with the :mod:`csv` module (exact line
  numbers, ragged rows reported); large ones are streamed with pyarrow in chunks.
- ``.parquet``: streamed in record batches (for large machine exports).

The header row is the first row (among the first :data:`HEADER_SCAN_ROWS`) whose cells match
at least :data:`MIN_HEADER_MATCHES` column names of a dataset after header normalisation.
Rows above it are title rows; when they contain ``DATA SINTETIS`` the file is synthetic.
All cells are kept raw (text or the Excel value), so that identifiers are never turned into
numbers; typing happens in :mod:`kumkm_utils.ingest.process`.
"""

from __future__ import annotations

import codecs
import csv
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kumkm_utils import schemas
from kumkm_utils.exceptions import UnreadableFileError
from kumkm_utils.ingest.normalise import match_header

logger = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 3
SYNTHETIC_MARKER = "DATA SINTETIS"
CHUNK_ROWS = 500_000
SMALL_CSV_BYTES = 20 * 1024 * 1024
"""CSV files below this size are read with the csv module (exact line numbers)."""
ARROW_BLOCK_BYTES = 8 << 20
"""Larger CSV files are read by pyarrow in blocks of this size; a chunk is whole blocks."""
DEFAULT_MAX_FILE_MB = {"xlsx": 100, "csv": 8192, "parquet": 8192}
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".parquet")
"""File suffixes that ``kumkm ingest DIR`` picks up."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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


SUMMARY_SHEET = re.compile(
    r"^\s*(?:rekap(?:itulasi)?|ringkasan|jumlah|total|summary|resume|gabungan|semua|all)\b",
    re.IGNORECASE,
)
"""Sheet names of summary sheets that total (or gather) the other sheets: never loaded."""
NOTES_SHEET = re.compile(
    r"petunjuk|kamus|keterangan|referensi|daftar isian|cara pengisian|instruksi|readme|catatan",
    re.IGNORECASE,
)
"""Sheet names of instructions and reference lists (the template's Petunjuk, ...)."""


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
        return _open_xlsx(path, hint)
    if kind == "parquet":
        return _open_parquet(path, hint, chunk_rows)
    return _open_csv(path, hint, chunk_rows)


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


# --------------------------------------------------------------------------------- Excel


def _open_xlsx(path: Path, hint: str | None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise UnreadableFileError(
                    f"{path.name}: file berisi makro (VBA); simpan ulang sebagai .xlsx tanpa makro"
                )
            if "xl/workbook.xml" not in names:
                raise UnreadableFileError(f"{path.name}: arsip zip ini bukan workbook Excel .xlsx")
            has_formulas = any(
                re.search(rb"<f[ >]", zf.read(n))
                for n in names
                if n.startswith("xl/worksheets/") and n.endswith(".xml")
            )
    except zipfile.BadZipFile as err:
        raise UnreadableFileError(f"{path.name}: file .xlsx rusak ({err})") from err
    if path.suffix.lower() == ".xlsm":
        raise UnreadableFileError(
            f"{path.name}: file berisi makro (.xlsm); simpan ulang sebagai .xlsx"
        )
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            sheets.append((name, sheet, sheet.to_python(skip_empty_area=False)))
    except CalamineError as err:
        raise UnreadableFileError(f"{path.name}: workbook tidak dapat dibaca ({err})") from err
    from kumkm_utils.templates import DICTIONARY_SHEET, GUIDE_SHEET, LISTS_SHEET

    template_sheets = {DICTIONARY_SHEET, GUIDE_SHEET, LISTS_SHEET}
    found: list[tuple[str, object, list, tuple]] = []
    skipped: list[SkippedSheet] = []
    dataset = hint
    for name, sheet, rows in sheets:
        filled = sum(1 for r in rows if not all(_blank(c) for c in r))
        if filled == 0:
            skipped.append(SkippedSheet(name, 0, "sheet kosong"))
            continue
        if name in template_sheets:
            # The template's own sheets (guide, dictionary, drop-down lists) hold no submitted
            # rows: named, their rows not counted as read.
            skipped.append(SkippedSheet(name, 0, "sheet bawaan template, bukan data kiriman"))
            continue
        if SUMMARY_SHEET.match(name):
            skipped.append(
                SkippedSheet(
                    name,
                    filled,
                    "sheet rekapitulasi (jumlah/gabungan sheet lain); tidak dimuat agar tidak "
                    "terhitung dua kali",
                )
            )
            continue
        header = find_header(rows, dataset)
        if header is None and dataset is not None:
            other = find_header(rows, None)
            if other is not None and other[1] != dataset:
                skipped.append(
                    SkippedSheet(
                        name,
                        filled,
                        f"sheet berisi tabel {other[1]}, bukan {dataset}; kirim sebagai file "
                        "terpisah",
                    )
                )
                continue
        if header is None:
            reason = (
                "sheet petunjuk/keterangan, bukan tabel data"
                if NOTES_SHEET.search(name)
                else f"tidak ada baris kepala tabel {dataset or 'data'} dalam {HEADER_SCAN_ROWS} "
                f"baris pertama (sedikitnya {MIN_HEADER_MATCHES} nama kolom template)"
            )
            skipped.append(SkippedSheet(name, filled, reason))
            continue
        dataset = header[1]
        found.append((name, sheet, rows, header))
    if not found:
        raise _no_header(path, hint)
    found, gathered = _without_compilations(found)
    skipped += gathered
    tables = [
        _sheet_table(path, name, sheet, rows, header, has_formulas)
        for name, sheet, rows, header in found
    ]
    first = tables[0]
    first.siblings = tables[1:]
    first.skipped_sheets = skipped
    return first


def _key_cells(rows: list[list[object]], header: tuple) -> set[tuple[str, ...]]:
    """The key cells (as text) of a sheet's data rows, for comparing sheets."""
    index, dataset, columns = header
    key = schemas.dataset(dataset).key
    positions = [columns.index(k) for k in key if k in columns]
    if len(positions) != len(key):
        return set()
    out = set()
    for r in rows[index + 1 :]:
        cells = tuple(_cell_key(r[j] if j < len(r) else None) for j in positions)
        if all(cells):
            out.add(cells)
    return out


def _cell_key(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return "" if cell is None else str(cell).strip()


def _without_compilations(found: list) -> tuple[list, list[SkippedSheet]]:
    """Leave out a data sheet that only gathers the rows of the other sheets.

    A sheet ("Semua", or any name) whose every key (e.g. NIK koperasi + tahun) is in the other
    data sheets, and that shares keys with at least two of them, is a compilation of those
    sheets: loading it would count their rows twice. Two identical sheets are not a
    compilation (their rows are then reported as duplicates).
    """
    if len(found) < 3:
        return found, []
    keys = [_key_cells(rows, header) for _, _, rows, header in found]
    kept, skipped = [], []
    for i, item in enumerate(found):
        others = [k for j, k in enumerate(keys) if j != i]
        overlapping = sum(1 for k in others if keys[i] & k)
        if keys[i] and overlapping >= 2 and keys[i] <= set().union(*others):
            name, _, rows, _ = item
            filled = sum(1 for r in rows if not all(_blank(c) for c in r))
            skipped.append(
                SkippedSheet(
                    name,
                    filled,
                    "sheet gabungan: semua barisnya ada di sheet lain; tidak dimuat agar tidak "
                    "terhitung dua kali",
                )
            )
        else:
            kept.append(item)
    return kept, skipped


def _sheet_table(
    path: Path, name: str, sheet: object, rows: list, header: tuple, has_formulas: bool
) -> Table:
    index, dataset, columns = header
    _fill_merged(rows, sheet.merged_cell_ranges or [], below=index)
    problems = _formula_problems(path, name, rows, index, columns) if has_formulas else []
    data = rows[index + 1 :]
    while data and all(_blank(c) for c in data[-1]):
        data.pop()
    width = len(columns)
    frame = _frame(data, columns, width)
    numbers = np.arange(index + 2, index + 2 + len(data))
    chunk = RawChunk(frame, numbers, problems)
    return Table(
        path,
        "xlsx",
        name,
        dataset,
        index + 1,
        [_header_text(c) for c in rows[index]],
        columns,
        [_line(r) for r in rows[:index]],
        index,
        iter([chunk]),
    )


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_text(cell: object) -> str:
    return "" if cell is None else str(cell)


def _line(row: list[object]) -> str:
    return " ".join(str(c) for c in row if not _blank(c))


def _frame(data: list[list[object]], columns: list[str | None], width: int) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.compute as pc

    out: dict[str, pd.Series] = {}
    for j, column in enumerate(columns):
        # Unmapped columns are kept as _x<j>: a "JUMLAH" in a "No" column marks a total row.
        cells = [r[j] if j < len(r) else None for r in data]
        try:
            # A column of texts only becomes an Arrow string column, as CSV columns do.
            arr = pa.array(cells, type=pa.string())
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            series = pd.Series(cells, dtype=object)
            out[column or f"_x{j}"] = series.mask(series.eq(""), None) if len(series) else series
            continue
        arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
        out[column or f"_x{j}"] = pd.Series(pd.arrays.ArrowStringArray(arr), copy=False)
    return pd.DataFrame(out, copy=False)


def _text_frame(data: list[list[str]], columns: list[str | None], width: int) -> pd.DataFrame:
    """Like :func:`_frame` for rows of texts (CSV): Arrow-backed ``string`` columns.

    Missing and empty cells are ``<NA>``, as :func:`_frame` makes them ``None``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    pad = [""] * width
    fixed = [r if len(r) == width else (r + pad)[:width] for r in data]
    cells = list(zip(*fixed, strict=True)) if fixed else [()] * width
    out: dict[str, pd.Series] = {}
    for j, column in enumerate(columns):
        arr = pa.array(cells[j], type=pa.string())
        arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
        out[column or f"_x{j}"] = pd.Series(pd.arrays.ArrowStringArray(arr), copy=False)
    return pd.DataFrame(out, copy=False)


def _fill_merged(rows: list[list[object]], ranges: list, *, below: int) -> None:
    for (r0, c0), (r1, c1) in ranges:
        if r0 <= below:
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(rows[r]):
                    rows[r][c] = value


def _formula_problems(
    path: Path, sheet_name: str, rows: list[list[object]], index: int, columns: list[str | None]
) -> list[dict]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[sheet_name]
        problems = []
        for r, row in enumerate(ws.iter_rows(min_row=index + 2), start=index + 2):
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                j = cell.column - 1
                column = columns[j] if j < len(columns) else None
                cached = rows[r - 1][j] if r - 1 < len(rows) and j < len(rows[r - 1]) else ""
                if column is None or not _blank(cached):
                    continue
                problems.append(
                    {
                        "row": r,
                        "column": column,
                        "value": str(cell.value),
                        "_col": cell.column,
                        "rule": "rumus",
                        "message": "sel berisi rumus tanpa nilai tersimpan; rumus tidak "
                        "dihitung saat impor. Salin lalu tempel sebagai nilai (Paste Values).",
                    }
                )
    finally:
        wb.close()
    if problems:
        _explain_formula_errors(path, sheet_name, problems)
    return problems


FORMULA_ERRORS = {
    "#DIV/0!": "rumus membagi dengan nol",
    "#REF!": "rumus merujuk sel yang sudah dihapus",
    "#VALUE!": "rumus menghitung teks sebagai angka",
    "#NAME?": "rumus memakai nama fungsi yang tidak dikenal",
    "#NUM!": "rumus menghasilkan angka yang tidak sah",
    "#NULL!": "rumus merujuk rentang yang tidak bertemu",
}
"""Excel error values and what they mean, in words a clerk understands."""

NOT_AVAILABLE_MESSAGE = (
    "sel berisi #N/A, yaitu hasil rumus pencarian (mis. VLOOKUP) yang tidak menemukan nilai; "
    "dibaca sebagai tidak dilaporkan (kosong). Isi nilainya langsung bila ada."
)


def _explain_formula_errors(path: Path, sheet_name: str, problems: list[dict]) -> None:
    """Say what a formula cell's stored error (``#N/A``, ``#DIV/0!`` ...) means.

    The values are the ones Excel stored (openpyxl ``data_only``); calamine reads them as
    blank. ``#N/A`` means "no value found": the cell is not reported (a warning, the row is
    kept), as a ``#N/A`` typed in a CSV. Other errors keep the row rejected, explained.
    """
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet_name]
        wanted = {p["row"] for p in problems}
        cached: dict[tuple[int, str], object] = {}
        for r, row in enumerate(
            ws.iter_rows(min_row=min(wanted), max_row=max(wanted)), min(wanted)
        ):
            if r in wanted:
                for cell in row:
                    cached[(r, getattr(cell, "column", 0))] = getattr(cell, "value", None)
    finally:
        wb.close()
    for p in problems:
        value = cached.get((p["row"], p.get("_col", 0)))
        if value is None:
            continue
        text = str(value).strip().upper()
        if text == "#N/A":
            p.update(rule="#N/A", message=NOT_AVAILABLE_MESSAGE, severity="warning", value="#N/A")
        elif text in FORMULA_ERRORS:
            p.update(
                message=f"sel berisi {text}: {FORMULA_ERRORS[text]}. Perbaiki rumusnya atau "
                "ketik nilainya langsung (Paste Values).",
                value=text,
            )
    for p in problems:
        p.pop("_col", None)


def _no_header(path: Path, hint: str | None) -> UnreadableFileError:
    what = f"dataset {hint}" if hint else "dataset mana pun (koperasi, umkm, program, makro)"
    return UnreadableFileError(
        f"{path.name}: baris kepala tabel tidak ditemukan dalam {HEADER_SCAN_ROWS} baris pertama; "
        f"tidak ada baris yang memuat sedikitnya {MIN_HEADER_MATCHES} nama kolom {what}. "
        "Gunakan template (kumkm templates) atau sebutkan --dataset."
    )


# --------------------------------------------------------------------------------- CSV


def _encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4 * 1024 * 1024)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 4:
            return "cp1252"
    return "utf-8"


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", (-1, -1)
    body = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    for delim in (",", ";", "\t", "|"):
        counts = [len(r) for r in csv.reader(body, delimiter=delim)]
        counts = [c for c in counts if c > 1]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = (counts.count(mode), mode)
        if mode >= MIN_HEADER_MATCHES and score > best_score:
            best, best_score = delim, score
    return best


def _open_csv(path: Path, hint: str | None, chunk_rows: int) -> Table:
    encoding = _encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        head = [fh.readline() for _ in range(HEADER_SCAN_ROWS)]
    head = [ln for ln in head if ln]
    delim = _sniff_delimiter(head)
    head_rows = list(csv.reader([ln.rstrip("\r\n") for ln in head], delimiter=delim))
    header = find_header(head_rows, hint)
    if header is None:
        raise _no_header(path, hint)
    index, dataset, columns = header
    title = [_line([c.lstrip("#").strip() for c in r]) for r in head_rows[:index]]
    big = path.stat().st_size >= SMALL_CSV_BYTES and not _has_blank_lines(path)
    reader = _csv_chunks_arrow if big else _csv_chunks_python
    chunks = reader(path, encoding, delim, index, columns, chunk_rows)
    return Table(
        path, "csv", "", dataset, index + 1, head_rows[index], columns, title, index, chunks
    )


_BLANK_LINE = re.compile(rb"\n\r?\n")


def _has_blank_lines(path: Path) -> bool:
    """Whether the file has an empty line (then line numbers need the csv module's reader).

    Read in blocks (memory stays small), each searched together with the two bytes before it.
    """
    with path.open("rb") as fh:
        tail = b""
        while block := fh.read(16 * 1024 * 1024):
            if _BLANK_LINE.search(tail + block[:2]) or _BLANK_LINE.search(block):
                return True
            tail = block[-2:]
    return False


def _csv_chunks_python(
    path: Path, encoding: str, delim: str, index: int, columns: list[str | None], chunk_rows: int
) -> Iterator[RawChunk]:
    width = len(columns)
    with path.open("r", encoding=encoding, errors="strict", newline="") as fh:
        reader = csv.reader(fh, delimiter=delim)
        try:
            for _ in range(index + 1):
                next(reader, None)
            data: list[list[str]] = []
            numbers: list[int] = []
            problems: list[dict] = []
            start = reader.line_num + 1
            for row in reader:
                if len(row) > width and any(c.strip() for c in row[width:]):
                    problems.append(
                        {
                            "row": start,
                            "column": None,
                            "value": delim.join(row)[:200],
                            "rule": "jumlah kolom",
                            "message": f"baris berisi {len(row)} kolom, kepala tabel "
                            f"hanya {width}; periksa pemisah kolom atau tanda kutip",
                        }
                    )
                data.append(row)
                numbers.append(start)
                start = reader.line_num + 1
                if len(data) >= chunk_rows:
                    yield RawChunk(_text_frame(data, columns, width), np.array(numbers), problems)
                    data, numbers, problems = [], [], []
        except UnicodeDecodeError as err:
            raise UnreadableFileError(
                f"{path.name}: pengodean teks tidak dikenali ({err})"
            ) from err
        except csv.Error as err:
            raise UnreadableFileError(
                f"{path.name}: CSV rusak pada baris {reader.line_num}: {err}"
            ) from err
    while data and all(not c.strip() for c in data[-1]):
        data.pop()
        numbers.pop()
    yield RawChunk(_text_frame(data, columns, width), np.array(numbers, dtype=int), problems)


def _csv_chunks_arrow(
    path: Path, encoding: str, delim: str, index: int, columns: list[str | None], chunk_rows: int
) -> Iterator[RawChunk]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"_c{j}" for j in range(len(columns))]
    wanted = {f"_c{j}": c for j, c in enumerate(columns) if c}
    skipped: list[str] = []

    def on_invalid(row: object) -> str:
        skipped.append(getattr(row, "text", "")[:200])
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            skip_rows=index + 1,
            column_names=names,
            block_size=ARROW_BLOCK_BYTES,
            encoding="utf8" if encoding.startswith("utf-8") else encoding,
        ),
        parse_options=pacsv.ParseOptions(delimiter=delim, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            include_columns=list(wanted),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    line = index + 2
    pending: list = []  # record batches of the chunk being collected
    size = 0
    try:
        for batch in reader:
            pending.append(batch)
            size += batch.num_rows
            if size >= chunk_rows:
                yield _arrow_chunk(pending, wanted, line, skipped)
                line += size
                pending, size = [], 0
    except pa.ArrowInvalid as err:
        raise UnreadableFileError(f"{path.name}: CSV rusak ({err})") from err
    if pending or skipped:
        yield _arrow_chunk(pending, wanted, line, skipped)


def _arrow_chunk(pending: list, wanted: dict[str, str], line: int, skipped: list[str]) -> RawChunk:
    """One chunk from the record batches read: converted once, string columns kept in Arrow."""
    import pyarrow as pa

    if pending:
        frame = (
            pa.Table.from_batches(pending)
            .to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
            .rename(columns=wanted)
        )
    else:
        frame = pd.DataFrame()
    problems = [
        {
            "row": None,
            "column": None,
            "value": text,
            "rule": "jumlah kolom",
            "message": "jumlah kolom baris ini tidak sesuai kepala tabel; baris dilewati",
        }
        for text in skipped
    ]
    count = len(skipped)
    skipped.clear()
    return RawChunk(frame, np.arange(line, line + len(frame)), problems, skipped_rows=count)


# --------------------------------------------------------------------------------- Parquet


def _open_parquet(path: Path, hint: str | None, chunk_rows: int) -> Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path, pre_buffer=False, buffer_size=8 << 20)
    except (pa.ArrowInvalid, OSError) as err:
        raise UnreadableFileError(f"{path.name}: file Parquet tidak dapat dibaca ({err})") from err
    names = pf.schema_arrow.names
    header = find_header([names], hint)
    if header is None:
        raise _no_header(path, hint)
    _, dataset, columns = header
    meta = pf.schema_arrow.metadata or {}
    title = [v.decode("utf-8", "replace") for v in meta.values() if SYNTHETIC_MARKER.encode() in v]
    wanted = {n: c for n, c in zip(names, columns, strict=True) if c}

    def chunks() -> Iterator[RawChunk]:
        start = 1
        for batch in pf.iter_batches(batch_size=chunk_rows, columns=list(wanted)):
            frame = batch.to_pandas(
                types_mapper={
                    pa.string(): pd.StringDtype("pyarrow"),
                    pa.large_string(): pd.StringDtype("pyarrow"),
                }.get
            )
            frame = frame.rename(columns=wanted)
            yield RawChunk(frame, np.arange(start, start + len(frame)))
            start += len(frame)

    return Table(path, "parquet", "", dataset, 0, list(names), columns, title, 0, chunks())


def read_text_sample(path: Path, n: int = 5) -> list[str]:
    """Return the first ``n`` lines of a text file (for error messages)."""
    with path.open("r", encoding=_encoding(path), errors="replace") as fh:
        return [fh.readline().rstrip("\n") for _ in range(n)]


__all__ = [
    "RawChunk",
    "SkippedSheet",
    "Table",
    "open_table",
    "find_header",
    "dataset_from_name",
    "SUFFIXES",
]
