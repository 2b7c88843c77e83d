"""Tests of kumkm_utils.render.annex: sheet names, cell types, formats, definitions."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from kumkm_utils.render.annex import sheet_names, write_annex


def test_sheet_names_unique_short_and_safe():
    payloads = [
        {"key": "a" * 50, "number": 1},
        {"key": "a" * 50 + "b", "number": 1},
        {"key": "x[y]:z*?/\\"},
        {"key": "Keterangan", "number": 9},
    ]
    names = list(sheet_names(payloads).values())
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert not any(c in "".join(names) for c in "[]:*?/\\")
    assert names[2] == "T03 x_y__z____"


def test_annex_cells(tmp_path):
    payload = {
        "key": "uji",
        "title": "Uji",
        "unit": "Rp",
        "note": "catatan",
        "number": 1,
        "columns": ["Nama", "Pagu", "Serapan", "Ada", "Tahun"],
        "formats": {
            "Nama": "teks",
            "Pagu": "rupiah",
            "Serapan": "persen",
            "Ada": "teks",
            "Tahun": "tahun",
        },
        "data": [
            ["=1+1", 1.5e9, 84.0, True, 2023],
            ["+cmd|' /C calc'!A0", None, None, False, 2024],
            ["mailto:a@b.c", 7401012304560001, 1.0, None, 2025],
        ],
    }
    path = tmp_path / "a.xlsx"
    write_annex(
        path,
        [payload],
        meta={"provinsi": "Bali", "generated_at": "2024-11-21T08:00"},
        is_synthetic=False,
    )
    with zipfile.ZipFile(path) as z:
        sheets = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets and b"<hyperlink" not in sheets
    ws = openpyxl.load_workbook(path)["T01 uji"]
    assert ws["A5"].value == "=1+1" and ws["A5"].data_type == "s"
    assert ws["A6"].value.startswith("+cmd") and ws["A6"].data_type == "s"
    assert ws["B5"].value == pytest.approx(1.5e9) and ws["B5"].number_format == "#,##0"
    assert ws["C5"].number_format == '0.0"%"'
    assert ws["D5"].value is True
    assert ws["E5"].value == 2023 and ws["E5"].number_format == "0"
    assert ws["B6"].value is None and ws["C6"].value is None
    assert ws["B7"].value == "[NIK disamarkan]"  # a 16-digit integer is treated as a NIK
    notes = [ws.cell(row=r, column=1).value for r in range(9, 11)]
    assert notes == ["Sel kosong: tidak ada data.", "Catatan: catatan"]
    info = openpyxl.load_workbook(path)["Keterangan"]
    rows = {r[0]: r[1] for r in info.iter_rows(min_row=3, values_only=True) if r[0]}
    assert rows["Data sintetis"] == "Tidak"


def test_definitions_from_payload(tmp_path):
    definisi = {
        "key": "definisi",
        "title": "Definisi",
        "columns": ["Indikator", "Definisi"],
        "data": [["% RAT", "koperasi RAT / koperasi aktif x 100"]],
    }
    path = tmp_path / "d.xlsx"
    names = write_annex(path, [definisi], meta={}, is_synthetic=True)
    wb = openpyxl.load_workbook(path)
    assert names["definisi"] == "Definisi"
    assert wb.sheetnames == ["Keterangan", "Daftar Tabel", "Definisi"]
    values = [r for r in wb["Definisi"].iter_rows(min_row=3, values_only=True)]
    assert values == [("Indikator", "Definisi"), ("% RAT", "koperasi RAT / koperasi aktif x 100")]
    assert "DATA SINTETIS" in wb["Keterangan"]["A2"].value
