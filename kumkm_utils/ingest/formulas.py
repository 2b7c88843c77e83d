"""Formula cells of a workbook: a formula without a stored value, and Excel's error values.

Formulas are never evaluated on import. A formula cell whose value Excel did not store is
reported; a stored error value (``#N/A``, ``#DIV/0!`` ...) is explained in words a clerk
understands (``#N/A`` is read as not reported, a warning).
"""

from __future__ import annotations

from pathlib import Path

from kumkm_utils.ingest.table import is_blank


def formula_problems(
    path: Path, sheet_name: str, rows: list[list[object]], index: int, columns: list[str | None]
) -> list[dict]:
    """Problems of the formula cells below the header that have no stored value."""
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
                if column is None or not is_blank(cached):
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
