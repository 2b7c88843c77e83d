"""Workbooks sheet by sheet: a filled template loads its Data sheet, its own sheets are named."""

from __future__ import annotations

import openpyxl
from fixtures.submissions import corpus

from kumkm_utils.ingest.load import ingest_file
from kumkm_utils.ingest.runs import new_run_id, scratch_warehouse
from kumkm_utils.templates import write_templates


def test_filled_template_loads_data_and_names_its_own_sheets(tmp_path):
    path = next(p for p in write_templates(tmp_path / "t", ["koperasi"]) if p.suffix == ".xlsx")
    wb = openpyxl.load_workbook(path)
    data = wb[wb.sheetnames[0]]
    data.append(corpus.kop(1))
    data.append(corpus.kop(2))
    filled = tmp_path / "koperasi_2024.xlsx"
    wb.save(filled)
    con = scratch_warehouse()
    result = ingest_file(filled, con, run_id=new_run_id(), dry_run=True)
    assert (result.rows_loaded, result.rows_rejected) == (2, 0)
    assert result.balanced and not result.parts
    assert {s.name: s.rows for s in result.skipped_sheets} == {
        "Kamus Data": 0,
        "Petunjuk": 0,
        "Daftar": 0,
    }


def test_control_characters_in_a_large_csv_read_by_arrow(monkeypatch):
    """The streamed (pyarrow) reader of large CSV files cleans cells as the csv-module one."""
    from pathlib import Path

    from kumkm_utils.ingest import csv_file

    monkeypatch.setattr(csv_file, "SMALL_CSV_BYTES", 0)  # take the large-file path
    bad = Path(__file__).parent / "data" / "bad" / "koperasi_kendali.csv"
    con = scratch_warehouse()
    result = ingest_file(bad, con, run_id=new_run_id(), dry_run=True)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (1501, 1500, 0)
    cleaned = result.problems[result.problems["rule"] == "karakter kendali"]
    assert cleaned["row"].tolist() == [2, 3, 4, 5, 6, 1401, 1402]
    names = "".join(r[0] for r in con.execute("SELECT nama_koperasi FROM koperasi").fetchall())
    assert not any(c in names for c in "\x00\x0b\x1b\x85\u202e")
