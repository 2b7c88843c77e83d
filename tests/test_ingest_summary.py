"""The printed ingest summary: every file for small runs, only the files needing attention else."""

from pathlib import Path

from kumkm_utils.ingest.report import SUMMARY_ALL_FILES, summary_text
from kumkm_utils.ingest.results import FileResult


def _result(name: str, *, rejected: int = 0, status: str = "dimuat") -> FileResult:
    r = FileResult(
        Path(name),
        status=status,
        rows_read=12 + rejected,
        rows_loaded=10,
        rows_rejected=rejected,
        rows_non_data=2,
    )
    return r


def test_small_run_lists_every_file_with_its_equation():
    results = [_result(f"f{i}.csv") for i in range(3)]
    text = summary_text(results)
    assert all(f"f{i}.csv" in text for i in range(3))
    assert text.count("dibaca 12 = dimuat 10 + ditolak 0 + bukan data 2") == 3
    assert text.splitlines()[-1].startswith("Jumlah (3 file)")


def test_large_run_lists_only_files_that_need_attention_and_keeps_totals():
    results = [_result(f"ok{i}.csv") for i in range(SUMMARY_ALL_FILES + 5)]
    results.append(_result("salah.xlsx", rejected=3))
    results.append(_result("rusak.xlsx", status="gagal"))
    results[-1].message = "file tidak dapat dibaca"
    text = summary_text(results)
    assert "ok0.csv" not in text
    assert "salah.xlsx" in text and "dibaca 15 = dimuat 10 + ditolak 3 + bukan data 2" in text
    assert "rusak.xlsx" in text and "file tidak dapat dibaca" in text
    others = SUMMARY_ALL_FILES + 5
    assert f"... {others} file lain tanpa baris ditolak" in text
    assert f"seimbang: {others} dari {others}" in text
    last = text.splitlines()[-1].split()
    assert last[:3] == ["Jumlah", f"({len(results)}", "file)"]
    assert last[3] == str(12 * others + 15 + 12)  # rows read over all files, shown or not


def test_summary_counts_warnings_and_names_every_sheet(tmp_path):
    """Warnings (also file-level ones) count in the printed summary; skipped sheets are named."""
    from kumkm_utils.ingest.load import ingest_file
    from kumkm_utils.ingest.options import IngestOptions
    from kumkm_utils.ingest.report import summary_frame, write_report
    from kumkm_utils.ingest.runs import new_run_id, scratch_warehouse

    bad = Path(__file__).parent / "data" / "bad"
    con = scratch_warehouse()
    numbers = ingest_file(
        bad / "koperasi_angka_indonesia.csv", con, run_id=new_run_id(), dry_run=True
    )
    sheets = ingest_file(
        bad / "koperasi_sheet_kabkota.xlsx",
        con,
        run_id=new_run_id(),
        options=IngestOptions(),
        dry_run=True,
    )
    text = summary_text([numbers, sheets])
    line = next(ln for ln in text.splitlines() if ln.startswith("koperasi_angka_indonesia"))
    assert line.split()[-1] == "4"  # four '1,2 M'-style warnings, not 0
    for sheet in ("Kolaka", "Konawe", "Kolaka Utara"):
        assert f"sheet '{sheet}': dibaca" in text
    assert "sheet 'REKAP' tidak dimuat (4 baris): sheet rekapitulasi" in text
    assert "sheet 'Sheet5' tidak dimuat (8 baris): sheet gabungan" in text
    assert "sheet 'Catatan' tidak dimuat (2 baris): sheet petunjuk" in text
    frame = summary_frame([sheets])
    assert frame["dibaca"].iloc[0] == 27
    assert frame["dibaca"].iloc[1:].sum() == 27  # the sheet lines add up to the file line
    xlsx, _ = write_report([sheets], tmp_path)
    import openpyxl

    problems = openpyxl.load_workbook(xlsx)["Masalah"]
    sheet_of = {
        (r[2], r[5]): r[1] for r in problems.iter_rows(min_row=2, values_only=True)
    }  # (row, rule) -> sheet
    assert sheet_of[(3, "tidak negatif")] == "Kolaka Utara"
    assert sheet_of[(6, "baris total")] == "Konawe"
