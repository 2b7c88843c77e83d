"""The Excel annex (lampiran.xlsx): every report table on its own sheet, plus definitions.

Cells from data are written with ``write_string`` / ``write_number`` only, and the workbook
is opened with ``strings_to_formulas`` and ``strings_to_urls`` off, so a submitted name such
as ``=HYPERLINK(...)`` stays text: the annex never holds a formula or a hyperlink.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from kumkm_utils import formatting
from kumkm_utils.privacy import scrub_text

logger = logging.getLogger(__name__)

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
}

NUMBER_FORMATS = {
    "angka": "#,##0",
    "angka1": "#,##0.0",
    "angka2": "#,##0.00",
    "persen": '0.0"%"',
    "persen0": '0"%"',
    "rupiah": "#,##0",
    "tahun": "0",
}
"""Excel number format per display format (percentages are stored in percent points)."""

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\'\x00-\x1f]")
_MAX_CELL = 32767
RESERVED_SHEETS = ("Keterangan", "Daftar Tabel", "Definisi")


def sheet_names(payloads: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Give every table a unique, valid sheet name (at most 31 characters).

    Parameters
    ----------
    payloads : iterable of mapping
        Table payloads with ``key`` and optional ``number``.

    Returns
    -------
    dict
        Table key -> sheet name, e.g. ``"T03 rat_kabkota"``.

    Examples
    --------
    >>> names = sheet_names([{"key": "rat:kab/kota", "number": 3}, {"key": "x" * 40}])
    >>> names["rat:kab/kota"], len(names["x" * 40])
    ('T03 rat_kab_kota', 31)
    """
    names: dict[str, str] = {}
    used = {name.lower() for name in RESERVED_SHEETS}
    for position, payload in enumerate(payloads, start=1):
        key = str(payload["key"])
        number = payload.get("number") or position
        base = f"T{int(number):02d} {_BAD_SHEET_CHARS.sub('_', key)}".strip()[:31]
        name, i = base, 2
        while name.lower() in used:
            suffix = f"~{i}"
            name, i = base[: 31 - len(suffix)] + suffix, i + 1
        used.add(name.lower())
        names[key] = name
    return names


def _text(value: Any) -> str:
    return scrub_text(str(value))[:_MAX_CELL]


class _Writer:
    """Cell writer with the annex's formats; never lets a string become a formula."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.wb = workbook
        self.title = workbook.add_format({"bold": True, "font_size": 12})
        self.subtle = workbook.add_format({"italic": True, "font_color": "#555555"})
        self.header = workbook.add_format(
            {
                "bold": True,
                "bg_color": "#1f5f8b",
                "font_color": "white",
                "text_wrap": True,
                "valign": "top",
                "border": 1,
            }
        )
        self.warning = workbook.add_format({"bold": True, "font_color": "#b42318"})
        self.text_fmt = workbook.add_format({"valign": "top", "text_wrap": False})
        self.wrap_fmt = workbook.add_format({"valign": "top", "text_wrap": True})
        self.numbers = {
            name: workbook.add_format({"num_format": fmt}) for name, fmt in NUMBER_FORMATS.items()
        }

    def cell(self, ws: Any, row: int, col: int, value: Any, fmt_name: str = "teks") -> int:
        """Write one value; returns the width it needs."""
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            ws.write_blank(row, col, None)
            return 0
        if isinstance(value, bool):
            ws.write_boolean(row, col, value)
            return 5
        if isinstance(value, int | float) and fmt_name != "teks":
            if isinstance(value, int) and len(str(abs(value))) == 16:
                ws.write_string(row, col, _text(value), self.text_fmt)  # a NIK stored as int
                return 16
            ws.write_number(row, col, value, self.numbers.get(fmt_name, self.numbers["angka2"]))
            return len(formatting.angka(value, 2)) + 1
        if isinstance(value, int | float):
            ws.write_number(row, col, value)
            return len(str(value)) + 1
        text = _text(value)
        ws.write_string(row, col, text, self.text_fmt)
        return min(len(text), 60)


def _table_sheet(w: _Writer, ws: Any, payload: Mapping[str, Any]) -> None:
    number = payload.get("number")
    title = _text(payload.get("title") or payload["key"])
    ws.write_string(0, 0, f"Tabel {number}. {title}" if number else title, w.title)
    ws.write_string(1, 0, f"Satuan: {_text(payload.get('unit') or '-')}", w.subtle)
    columns = [str(c) for c in payload.get("columns", [])]
    formats = payload.get("formats") or {}
    widths = [min(max(len(c), 6), 40) for c in columns]
    header_row = 3
    for col, name in enumerate(columns):
        ws.write_string(header_row, col, _text(name), w.header)
    any_blank = False
    row = header_row
    for row_values in payload.get("data", []):
        row += 1
        for col, value in enumerate(row_values[: len(columns)]):
            any_blank = any_blank or value is None
            width = w.cell(ws, row, col, value, formats.get(columns[col], "teks"))
            widths[col] = max(widths[col], min(width, 60))
    notes = []
    if any_blank:
        notes.append("Sel kosong: tidak ada data.")
    if payload.get("note"):
        notes.append(f"Catatan: {_text(payload['note'])}")
    for offset, note in enumerate(notes, start=2):
        ws.write_string(row + offset, 0, note, w.subtle)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width + 2)
    ws.freeze_panes(header_row + 1, 0)
    if columns:
        ws.autofilter(header_row, 0, row, len(columns) - 1)


def _frame_sheet(w: _Writer, ws: Any, title: str, frame: pd.DataFrame) -> None:
    ws.write_string(0, 0, title, w.title)
    for col, name in enumerate(frame.columns):
        ws.write_string(2, col, _text(name), w.header)
        ws.set_column(col, col, 28 if col else 22, w.wrap_fmt)
    for row, values in enumerate(frame.itertuples(index=False, name=None), start=3):
        for col, value in enumerate(values):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            ws.write_string(row, col, _text(value), w.wrap_fmt)
    ws.freeze_panes(3, 0)


def definitions_frame(payloads: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Return the indicator definitions for the "Definisi" sheet.

    Taken from the payload with key ``definisi`` when the notebook showed one, else from the
    indicator declarations (``deklarasi.tabel_definisi``): both are generated from the same
    declarations that generate the computation.
    """
    for payload in payloads:
        if payload.get("key") == "definisi":
            return pd.DataFrame(payload.get("data", []), columns=payload.get("columns"))
    from kumkm_utils.indicators import deklarasi

    return deklarasi.tabel_definisi().astype("object")


def _keterangan_rows(meta: Mapping[str, Any], is_synthetic: bool) -> list[tuple[str, str]]:
    generated = meta.get("generated_at") or dt.datetime.now()
    if isinstance(generated, str):
        generated = dt.datetime.fromisoformat(generated)
    rows = [
        ("Provinsi", meta.get("provinsi", "")),
        ("Kode provinsi", meta.get("kode_provinsi", "")),
        ("Tahun evaluasi", meta.get("tahun_evaluasi", "")),
        ("Tahun rencana", meta.get("tahun_rencana", "")),
        ("Dibuat pada", f"{formatting.tanggal(generated)} {generated:%H.%M}"),
        ("Versi kode", meta.get("code_version", "")),
        ("Versi gudang data", meta.get("snapshot") or ""),
        ("Data sintetis", "Ya — DATA SINTETIS, bukan data resmi" if is_synthetic else "Tidak"),
    ]
    for name, value in (meta.get("parameters") or {}).items():
        rows.append((f"Parameter: {name}", value))
    return [(label, "" if value is None else str(value)) for label, value in rows]


def write_annex(
    path: Path,
    payloads: list[Mapping[str, Any]],
    *,
    meta: Mapping[str, Any],
    is_synthetic: bool,
    title: str = "Lampiran",
) -> dict[str, str]:
    """Write the Excel annex.

    Parameters
    ----------
    path : Path
        Output file (written directly; the caller makes it atomic).
    payloads : list of mapping
        Table payloads in report order (``application/vnd.kumkm.table+json``).
    meta : mapping
        Report facts for the "Keterangan" sheet: ``provinsi``, ``kode_provinsi``,
        ``tahun_evaluasi``, ``tahun_rencana``, ``generated_at``, ``code_version``,
        ``parameters``.
    is_synthetic : bool
        Whether the report is built from synthetic data.
    title : str
        Report title, first line of the "Keterangan" sheet.

    Returns
    -------
    dict
        Table key -> sheet name.
    """
    names = sheet_names(payloads)
    if "definisi" in names:
        names["definisi"] = "Definisi"
    workbook = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS})
    from kumkm_utils.render.templating import generated_at

    # the created date is the report's date (from its inputs), so a rebuild gives the same bytes
    workbook.set_properties(
        {
            "title": _text(title),
            "comments": "KUMKM Rakorda workbook",
            "created": generated_at(meta).replace(tzinfo=None),
        }
    )
    w = _Writer(workbook)

    info = workbook.add_worksheet("Keterangan")
    info.write_string(0, 0, _text(title), w.title)
    if is_synthetic:
        info.write_string(
            1,
            0,
            "DATA SINTETIS — lampiran ini dibuat dari data contoh, bukan data resmi",
            w.warning,
        )
    for row, (label, value) in enumerate(_keterangan_rows(meta, is_synthetic), start=3):
        info.write_string(row, 0, label, w.header)
        info.write_string(row, 1, _text(value))
    info.set_column(0, 0, 26)
    info.set_column(1, 1, 60)

    index = workbook.add_worksheet("Daftar Tabel")
    frame = pd.DataFrame(
        [
            (
                f"Tabel {p.get('number') or ''}".strip(),
                _text(p.get("title") or p["key"]),
                _text(p.get("unit") or ""),
                names[str(p["key"])],
            )
            for p in payloads
        ],
        columns=["Nomor", "Judul", "Satuan", "Lembar"],
    )
    _frame_sheet(w, index, "Daftar tabel laporan", frame)

    for payload in payloads:
        if payload.get("key") == "definisi":
            continue
        _table_sheet(w, workbook.add_worksheet(names[str(payload["key"])]), payload)

    _frame_sheet(
        w, workbook.add_worksheet("Definisi"), "Definisi indikator", definitions_frame(payloads)
    )
    workbook.close()
    return names
