"""Reading an Excel workbook (``.xlsx``): which sheets hold data, and their raw cells.

The workbook is read with python-calamine (cached values; formulas are never evaluated). A
workbook with a VBA project (``.xlsm``) is refused ("file berisi makro"). Empty sheets, the
template's own sheets, summary sheets, instruction sheets, sheets of another dataset and
compilations of the other sheets are skipped and named (:class:`~kumkm_utils.ingest.table.
SkippedSheet`); every other data sheet becomes a :class:`~kumkm_utils.ingest.table.Table`
(a sheet per kab/kota is common). Merged cells below the header are filled with the value of
their top-left cell (a kab/kota name merged over several rows). Formula cells without a stored
value are reported (:mod:`kumkm_utils.ingest.formulas`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from kumkm_utils import schemas
from kumkm_utils.exceptions import UnreadableFileError
from kumkm_utils.ingest.formulas import formula_problems
from kumkm_utils.ingest.table import (
    HEADER_SCAN_ROWS,
    MIN_HEADER_MATCHES,
    RawChunk,
    SkippedSheet,
    Table,
    find_header,
    is_blank,
    no_header_error,
    title_line,
)

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


def open_xlsx(path: Path, hint: str | None) -> Table:
    """Open a workbook: its first data sheet as a Table, further data sheets as its siblings.

    Raises
    ------
    UnreadableFileError
        If the workbook has macros, is damaged, cannot be read or has no data sheet.
    """
    has_formulas = _formulas_in_archive(path)
    found, skipped = _data_sheets(_read_sheets(path), hint)
    if not found:
        raise no_header_error(path, hint)
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


def _formulas_in_archive(path: Path) -> bool:
    """Check the zip archive is a workbook without macros; whether any sheet has a formula."""
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
    return has_formulas


def _read_sheets(path: Path) -> list[tuple[str, object, list]]:
    """Every sheet of the workbook: its name, the calamine sheet and its rows of cells."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            sheets.append((name, sheet, sheet.to_python(skip_empty_area=False)))
    except CalamineError as err:
        raise UnreadableFileError(f"{path.name}: workbook tidak dapat dibaca ({err})") from err
    return sheets


def _data_sheets(
    sheets: list[tuple[str, object, list]], hint: str | None
) -> tuple[list[tuple[str, object, list, tuple]], list[SkippedSheet]]:
    """The sheets with a data table (with their header), and the sheets skipped, with why.

    The dataset is the one named (``hint``), else that of the first data sheet found.
    """
    from kumkm_utils.templates import DICTIONARY_SHEET, GUIDE_SHEET, LISTS_SHEET

    template_sheets = {DICTIONARY_SHEET, GUIDE_SHEET, LISTS_SHEET}
    found: list[tuple[str, object, list, tuple]] = []
    skipped: list[SkippedSheet] = []
    dataset = hint
    for name, sheet, rows in sheets:
        header = _sheet_header(name, rows, dataset, template_sheets)
        if isinstance(header, SkippedSheet):
            skipped.append(header)
            continue
        dataset = header[1]
        found.append((name, sheet, rows, header))
    return found, skipped


def _sheet_header(
    name: str, rows: list, dataset: str | None, template_sheets: set[str]
) -> tuple | SkippedSheet:
    """A sheet's header ``(index, dataset, columns)``, or why the sheet is not loaded."""
    filled = sum(1 for r in rows if not all(is_blank(c) for c in r))
    if filled == 0:
        return SkippedSheet(name, 0, "sheet kosong")
    if name in template_sheets:
        # The template's own sheets (guide, dictionary, drop-down lists) hold no submitted
        # rows: named, their rows not counted as read.
        return SkippedSheet(name, 0, "sheet bawaan template, bukan data kiriman")
    if SUMMARY_SHEET.match(name):
        return SkippedSheet(
            name,
            filled,
            "sheet rekapitulasi (jumlah/gabungan sheet lain); tidak dimuat agar tidak "
            "terhitung dua kali",
        )
    header = find_header(rows, dataset)
    if header is None and dataset is not None:
        other = find_header(rows, None)
        if other is not None and other[1] != dataset:
            return SkippedSheet(
                name,
                filled,
                f"sheet berisi tabel {other[1]}, bukan {dataset}; kirim sebagai file terpisah",
            )
    if header is None:
        reason = (
            "sheet petunjuk/keterangan, bukan tabel data"
            if NOTES_SHEET.search(name)
            else f"tidak ada baris kepala tabel {dataset or 'data'} dalam {HEADER_SCAN_ROWS} "
            f"baris pertama (sedikitnya {MIN_HEADER_MATCHES} nama kolom template)"
        )
        return SkippedSheet(name, filled, reason)
    return header


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
            filled = sum(1 for r in rows if not all(is_blank(c) for c in r))
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
    problems = formula_problems(path, name, rows, index, columns) if has_formulas else []
    data = rows[index + 1 :]
    while data and all(is_blank(c) for c in data[-1]):
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
        [title_line(r) for r in rows[:index]],
        index,
        iter([chunk]),
    )


def _header_text(cell: object) -> str:
    return "" if cell is None else str(cell)


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


def _fill_merged(rows: list[list[object]], ranges: list, *, below: int) -> None:
    for (r0, c0), (r1, c1) in ranges:
        if r0 <= below:
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(rows[r]):
                    rows[r][c] = value
