"""Writing sample submissions as a Dinas would send them: Excel (sheet ``Data``) or CSV.

Both formats carry the synthetic marker above the header: Excel in row 1 (the header is row 2,
data start in row 3), CSV as a first line starting with ``#``. Numbers are written as numbers,
IDs and codes as text, booleans as ``Ya``/``Tidak``, dates as dates (Excel) or ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import xlsxwriter

MARKER = "DATA SINTETIS — contoh buatan generator kumkm, bukan data resmi"
SHEET = "Data"
HEADER_ROW = 2
"""Excel-style row number of the header; data start on the next row (CSV: same numbering)."""
KOPERASI_EXCEL_MAX_ROWS = 2000
"""Koperasi files with more rows are written as CSV (UMKM: always CSV; programme and makro:
always Excel). Measured here: xlsxwriter writes about 4,000 koperasi rows per second, CSV
over 100,000, and the default sample must finish within about 3 minutes (see data/README.md)."""
FIXED_CREATED = dt.datetime(2025, 1, 1)
"""Workbook creation date written into every file, so that a seed gives identical bytes."""


def title(kode: str, nama: str, dataset: str, tahun: str) -> str:
    """The title line: synthetic marker, province, dataset and year(s)."""
    return f"{MARKER} | Provinsi {kode} {nama} | Dataset {dataset} | Tahun {tahun}"


def to_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Return an object frame of cell values: str, int, float, ``datetime.date`` or ``None``."""
    out = {}
    for name, col in frame.items():
        dtype = str(col.dtype)
        if dtype == "boolean":
            values = np.where(col.isna(), None, np.where(col.fillna(False), "Ya", "Tidak"))
        elif dtype.startswith("datetime"):
            values = np.array([None if pd.isna(v) else v.date() for v in col], dtype=object)
        elif dtype in ("Float64", "Int64"):
            arr = col.to_numpy(dtype=float, na_value=np.nan)
            values = np.array(
                [None if math.isnan(v) else (int(v) if v.is_integer() else v) for v in arr],
                dtype=object,
            )
        else:
            values = np.array([None if pd.isna(v) else str(v) for v in col], dtype=object)
        out[name] = values
    return pd.DataFrame(out, index=frame.index, dtype=object)


def to_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the CSV text of each cell (vectorised; missing values are ``None``)."""
    out = {}
    for name, col in frame.items():
        dtype = str(col.dtype)
        if dtype == "boolean":
            text = col.map({True: "Ya", False: "Tidak"}).astype("string")
        elif dtype.startswith("datetime"):
            text = col.dt.strftime("%Y-%m-%d").astype("string")
        elif dtype in ("Float64", "Int64"):
            arr = col.to_numpy(dtype=float, na_value=np.nan)
            if np.all(np.isnan(arr) | (arr == np.round(arr))):
                text = pd.array(np.round(arr), dtype="Float64").astype("Int64").astype("string")
            else:
                text = col.astype("string")
        else:
            text = col.astype("string")
        out[name] = text
    return pd.DataFrame(out, index=frame.index)


def write_excel(path: Path, cells: pd.DataFrame, *, title_text: str) -> int:
    """Write a cells frame (see :func:`to_cells`) to ``path`` as a one-sheet workbook.

    Returns
    -------
    int
        Number of rows written below the header.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties({"title": MARKER, "author": "kumkm sample", "created": FIXED_CREATED})
    ws = wb.add_worksheet(SHEET)
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_string(0, 0, title_text, bold)
    for c, name in enumerate(cells.columns):
        ws.write_string(HEADER_ROW - 1, c, str(name), bold)
    for r, row in enumerate(cells.itertuples(index=False, name=None), start=HEADER_ROW):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_fmt)
            else:
                ws.write_number(r, c, value)
    wb.close()
    return len(cells)


def write_csv(path: Path, text: pd.DataFrame, *, title_text: str) -> int:
    """Write a text frame (see :func:`to_text`) as CSV with the marker line first.

    Uses pyarrow without quoting when no value needs quotes (fast), else pandas.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(f"# {title_text}\n".encode())
        fh.write((",".join(text.columns) + "\n").encode())
        table = pa.Table.from_pandas(text, preserve_index=False)
        try:
            pacsv.write_csv(
                table, fh, pacsv.WriteOptions(include_header=False, quoting_style="none")
            )
        except pa.ArrowInvalid:
            fh.seek(0)
            fh.truncate()
            fh.write(f"# {title_text}\n".encode())
            text.to_csv(fh, index=False, lineterminator="\n")
    return len(text)
