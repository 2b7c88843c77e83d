"""The validation report (Excel and CSV) and the printed summary with the equation of counts.

The report is for analysts, so it is in Bahasa Indonesia: one sheet ``Ringkasan`` (one line
per file with rows read, loaded, rejected, non-data, warnings and the equation) and one sheet
``Masalah`` (every problem: file, sheet, row as seen in Excel, column, value, rule, message,
level). Values are written as plain text: XlsxWriter runs with ``strings_to_formulas`` and
``strings_to_urls`` off, and CSV cells that start with ``= + - @`` get a leading apostrophe, so
a ``=HYPERLINK(...)`` in a submission never becomes a live formula in the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kumkm_utils.ingest.replacement import replacement_note
from kumkm_utils.ingest.results import FileResult

REPORT_NAME = "laporan_validasi"
SEVERITY_LABELS = {"error": "ditolak", "warning": "peringatan", "info": "catatan"}
SUMMARY_COLUMNS = {
    "file": "File",
    "sheet": "Sheet",
    "dataset": "Dataset",
    "provinsi": "Provinsi",
    "status": "Status",
    "dibaca": "Baris dibaca",
    "dimuat": "Dimuat",
    "ditolak": "Ditolak",
    "bukan_data": "Bukan data",
    "peringatan": "Baris dengan peringatan",
    "persamaan": "Persamaan",
    "sintetis": "Data sintetis",
    "diganti": "Baris lama diganti",
    "pesan": "Pesan",
}
PROBLEM_LABELS = {
    "file": "File",
    "sheet": "Sheet",
    "row": "Baris",
    "column": "Kolom",
    "value": "Nilai",
    "rule": "Aturan",
    "message": "Pesan",
    "severity": "Tingkat",
}


def _summary_row(r: FileResult) -> dict:
    return {
        "file": r.file_name,
        "sheet": r.sheet,
        "dataset": r.dataset or "",
        "provinsi": r.kode_provinsi or "",
        "status": r.status,
        "dibaca": r.rows_read,
        "dimuat": r.rows_loaded,
        "ditolak": r.rows_rejected,
        "bukan_data": r.rows_non_data,
        "peringatan": r.warnings,
        "persamaan": r.equation,
        "sintetis": "Ya" if r.is_synthetic else "Tidak",
        "diganti": replacement_note(r),
        "pesan": r.message,
    }


def summary_frame(results: Iterable[FileResult]) -> pd.DataFrame:
    """One line per file with the counts and the equation; then one per sheet of a workbook.

    A workbook read sheet by sheet gets its file line (the totals over every sheet) followed
    by a line per loaded sheet and a line per sheet not loaded, with the reason.
    """
    rows = []
    for r in results:
        rows.append(_summary_row(r))
        if r.parts or r.skipped_sheets:
            rows += [_summary_row(p) | {"file": f"  {p.file_name}"} for p in r.parts]
            rows += [
                {
                    "file": f"  {r.file_name}",
                    "sheet": s.name,
                    "dataset": r.dataset or "",
                    "provinsi": r.kode_provinsi or "",
                    "status": "dilewati",
                    "dibaca": s.rows,
                    "dimuat": 0,
                    "ditolak": 0,
                    "bukan_data": s.rows,
                    "peringatan": 0,
                    "persamaan": "",
                    "sintetis": "",
                    "diganti": "",
                    "pesan": s.reason,
                }
                for s in r.skipped_sheets
            ]
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def problems_table(results: Iterable[FileResult]) -> pd.DataFrame:
    """Every problem of every file, with Indonesian column names and levels."""
    parts = []
    for r in results:
        if len(r.problems):
            frame = r.problems.assign(file=r.file_name)
            if "sheet" in frame.columns:  # a workbook read sheet by sheet: each problem's sheet
                frame["sheet"] = frame["sheet"].fillna(r.sheet)
            else:
                frame["sheet"] = r.sheet
            parts.append(frame)
    if not parts:
        return pd.DataFrame(columns=list(PROBLEM_LABELS.values()))
    out = pd.concat(parts, ignore_index=True)[list(PROBLEM_LABELS)]
    out["severity"] = out["severity"].map(SEVERITY_LABELS).fillna(out["severity"])
    return out.rename(columns=PROBLEM_LABELS)


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_report(results: list[FileResult], out_dir: Path | str) -> tuple[Path, Path]:
    """Write ``laporan_validasi.xlsx`` and ``laporan_validasi.csv`` (problems) to ``out_dir``.

    Returns
    -------
    tuple of Path
        The Excel workbook and the CSV file.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = summary_frame(results).rename(columns=SUMMARY_COLUMNS)
    problems = problems_table(results)
    xlsx = out_dir / f"{REPORT_NAME}.xlsx"
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(xlsx, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        summary.to_excel(writer, sheet_name="Ringkasan", index=False)
        problems.to_excel(writer, sheet_name="Masalah", index=False)
        for name, frame in (("Ringkasan", summary), ("Masalah", problems)):
            sheet = writer.sheets[name]
            sheet.freeze_panes(1, 0)
            for j, col in enumerate(frame.columns):
                lengths = frame[col].map(lambda v: len(str(v)) if v is not None else 0)
                typical = float(lengths.quantile(0.9)) if len(frame) else 0.0
                typical = 0.0 if typical != typical else typical
                sheet.set_column(j, j, min(80, max(10, len(str(col)) + 2, int(typical) + 2)))
    csv_path = out_dir / f"{REPORT_NAME}.csv"
    problems.map(_csv_safe).to_csv(csv_path, index=False, sep=";", encoding="utf-8-sig")
    return xlsx, csv_path


SUMMARY_ALL_FILES = 30
"""Up to this many files the summary lists every file; above it, only files that need attention."""


def _needs_attention(result: FileResult) -> bool:
    return bool(
        result.rows_rejected
        or result.message
        or result.status == "gagal"
        or not result.balanced
        or result.skipped_sheets
        or (result.replaced_rows and result.scope != "provinsi")
    )


def summary_text(results: list[FileResult]) -> str:
    """The summary printed at the end of ``kumkm validate``/``kumkm ingest``.

    Every file gets a line with its counts and the equation of counts, unless the run has more
    than :data:`SUMMARY_ALL_FILES` files: then only files with rejected rows, a message or a
    failure are listed, followed by one line for the others (all of them are in the validation
    report). The last line always holds the totals of all files.
    """

    def num(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    lines = []
    header = (
        f"{'File':<38} {'Status':<14} {'Dibaca':>10} {'Dimuat':>10} {'Ditolak':>9} "
        f"{'Bukan data':>10} {'Peringatan':>10}"
    )
    lines += [header, "-" * len(header)]
    shown = (
        results
        if len(results) <= SUMMARY_ALL_FILES
        else [r for r in results if _needs_attention(r)]
    )
    for r in shown:
        name = r.file_name if len(r.file_name) <= 38 else "…" + r.file_name[-37:]
        lines.append(
            f"{name:<38} {r.status:<14} {num(r.rows_read):>10} {num(r.rows_loaded):>10} "
            f"{num(r.rows_rejected):>9} {num(r.rows_non_data):>10} {num(r.warnings):>10}"
        )
        if r.status in ("dimuat", "diperiksa"):
            lines.append(f"    {r.equation}")
        for p in r.parts:
            lines.append(f"    sheet '{p.sheet}': {p.equation}")
        for sheet in r.skipped_sheets:
            lines.append(
                f"    sheet '{sheet.name}' tidak dimuat ({num(sheet.rows)} baris): {sheet.reason}"
            )
        if replacement_note(r):
            lines.append(f"    {replacement_note(r)}")
        if r.message:
            lines.append(f"    {r.message}")
    hidden = [] if shown is results else [r for r in results if not _needs_attention(r)]
    if hidden:
        others, balanced = len(hidden), sum(r.balanced for r in hidden)
        lines.append(
            f"... {num(others)} file lain tanpa baris ditolak (persamaan jumlah baris "
            f"seimbang: {num(balanced)} dari {num(others)}); rincian per file di laporan "
            "validasi"
        )
    total = [
        sum(getattr(r, a) for r in results)
        for a in ("rows_read", "rows_loaded", "rows_rejected", "rows_non_data", "warnings")
    ]
    lines.append("-" * len(header))
    label = f"Jumlah ({num(len(results))} file)"
    lines.append(
        f"{label:<38} {'':<14} {num(total[0]):>10} {num(total[1]):>10} "
        f"{num(total[2]):>9} {num(total[3]):>10} {num(total[4]):>10}"
    )
    return "\n".join(lines)
