"""Loading into the warehouse: idempotency, replacement with history, atomicity, locking, reads."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
from fixtures.submissions import corpus, write_csv

from kumkm_utils import warehouse
from kumkm_utils.exceptions import WarehouseError
from kumkm_utils.ingest import inserting
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.results import FileResult
from kumkm_utils.ingest.runs import run_files

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"


def ingest(paths, db: Path, **options) -> list[FileResult]:
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        return run_files(paths, con, options=IngestOptions(**options))
    finally:
        con.close()


def count(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_same_file_twice_changes_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    f = write_csv(tmp_path / "koperasi_2024.csv", [corpus.kop(1), corpus.kop(2)])
    first = ingest([f], db)[0]
    assert (first.status, first.rows_loaded) == ("dimuat", 2)
    second = ingest([f], db)[0]
    assert second.status == "tidak berubah"
    assert second.submission_id == first.submission_id
    assert count(db, "SELECT count(*) FROM koperasi") == [(2,)]
    assert count(db, "SELECT count(*) FROM submissions") == [(1,)]


def test_corrected_file_replaces_and_keeps_history(tmp_path):
    db = tmp_path / "w.duckdb"
    old = write_csv(tmp_path / "koperasi_2024.csv", [corpus.kop(1), corpus.kop(2), corpus.kop(3)])
    first = ingest([old], db)[0]
    new = write_csv(
        tmp_path / "koperasi_2024_revisi.csv", [corpus.kop(1, nama_koperasi="Baru"), corpus.kop(4)]
    )
    second = ingest([new], db)[0]
    assert second.replaced == [first.submission_id]
    rows = count(db, "SELECT nik_koperasi, nama_koperasi, submission_id FROM koperasi ORDER BY 1")
    assert rows == [
        ("7401000001", "Baru", second.submission_id),
        ("7401000004", "Koperasi Contoh 4", second.submission_id),
    ]
    hist = count(db, "SELECT count(*), min(replaced_by), min(submission_id) FROM koperasi_history")
    assert hist == [(3, second.submission_id, first.submission_id)]
    status = dict(count(db, "SELECT submission_id, status FROM submissions"))
    assert status == {first.submission_id: "replaced", second.submission_id: "current"}


def test_other_year_or_province_is_not_replaced(tmp_path):
    db = tmp_path / "w.duckdb"
    a = write_csv(
        tmp_path / "koperasi_2023.csv", [corpus.kop(1, tahun="2023", tanggal_rat="1/3/2024")]
    )
    b = write_csv(tmp_path / "koperasi_2024.csv", [corpus.kop(1)])
    c = write_csv(tmp_path / "koperasi_61.csv", [corpus.kop(1, kode_kabkota="Kubu Raya")])
    ingest([a], db)
    ingest([b], db)
    ingest([c], db)
    assert count(db, "SELECT kode_provinsi, tahun FROM koperasi ORDER BY 1, 2") == [
        ("61", 2024),
        ("74", 2023),
        ("74", 2024),
    ]
    assert count(db, "SELECT count(*) FROM koperasi_history") == [(0,)]


def test_files_of_one_run_add_up_and_duplicates_name_both_locations(tmp_path):
    db = tmp_path / "w.duckdb"
    a, b = ingest([BAD / "koperasi_silang_a.csv", BAD / "koperasi_silang_b.csv"], db)
    assert (a.rows_loaded, b.rows_loaded, b.rows_rejected) == (2, 1, 1)
    dup = b.problems[b.problems["rule"] == "duplikat"]
    assert dup["row"].tolist() == [2]
    assert "koperasi_silang_a.csv baris 3" in dup["message"].iloc[0]
    assert b.balanced
    assert count(db, "SELECT count(*) FROM koperasi") == [(3,)]


def test_append_mode_rejects_keys_already_loaded(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([BAD / "koperasi_silang_a.csv"], db)
    b = ingest([BAD / "koperasi_silang_b.csv"], db, append=True)[0]
    assert b.replaced == []
    assert (
        "koperasi_silang_a.csv baris 3"
        in b.problems[b.problems["rule"] == "duplikat"]["message"].iloc[0]
    )
    assert count(db, "SELECT count(*) FROM koperasi") == [(3,)]


def test_failure_between_delete_and_insert_leaves_warehouse_unchanged(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    ingest([write_csv(tmp_path / "koperasi_a.csv", [corpus.kop(1), corpus.kop(2)])], db)
    before = count(db, "SELECT * FROM koperasi ORDER BY nik_koperasi")

    def boom() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(inserting, "after_delete_hook", boom)
    with pytest.raises(KeyboardInterrupt):
        ingest([write_csv(tmp_path / "koperasi_b.csv", [corpus.kop(3)])], db)
    assert count(db, "SELECT * FROM koperasi ORDER BY nik_koperasi") == before
    assert count(db, "SELECT count(*) FROM koperasi_history") == [(0,)]
    assert count(db, "SELECT status FROM submissions") == [("current",)]
    assert count(db, "SELECT count(*) FROM rejections WHERE file_name = 'koperasi_b.csv'") == [(0,)]


_HOLDER = """
import sys, time
from pathlib import Path
from kumkm_utils import warehouse
from kumkm_utils.ingest import inserting
from kumkm_utils.ingest.runs import run_files
marker = Path(sys.argv[3])
release = Path(sys.argv[5]) if len(sys.argv) > 5 else None
def pause():
    marker.write_text("paused")
    deadline = time.monotonic() + float(sys.argv[4])
    while time.monotonic() < deadline and not (release and release.exists()):
        time.sleep(0.05)
inserting.after_delete_hook = pause
con = warehouse.connect_writer(sys.argv[1], wait_seconds=0)
run_files([sys.argv[2]], con)
con.close()
"""


def _start_holder(tmp_path, db, file, seconds, release=None):
    marker = tmp_path / "paused"
    extra = [str(release)] if release else []
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db), str(file), str(marker), str(seconds), *extra],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, "holder process ended early"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return proc


def test_killed_process_mid_file_leaves_warehouse_as_it_was(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([write_csv(tmp_path / "koperasi_a.csv", [corpus.kop(1), corpus.kop(2)])], db)
    before = count(db, "SELECT * FROM koperasi ORDER BY nik_koperasi")
    proc = _start_holder(tmp_path, db, write_csv(tmp_path / "koperasi_b.csv", [corpus.kop(3)]), 60)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert count(db, "SELECT * FROM koperasi ORDER BY nik_koperasi") == before
    assert count(db, "SELECT count(*), min(status) FROM submissions") == [(1, "current")]
    assert count(db, "SELECT count(*) FROM koperasi_history") == [(0,)]


def test_second_ingest_waits_then_fails_or_proceeds(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([write_csv(tmp_path / "koperasi_a.csv", [corpus.kop(1)])], db)
    # The holder keeps the warehouse until the second ingest says it is waiting (no fixed
    # sleep: under load the second process may take many seconds just to start).
    release = tmp_path / "release"
    proc = _start_holder(
        tmp_path, db, write_csv(tmp_path / "koperasi_b.csv", [corpus.kop(2)]), 120, release
    )
    stderr_path = tmp_path / "cli.err"
    try:
        with pytest.raises(WarehouseError, match="sedang dipakai proses lain"):
            warehouse.connect_writer(db, wait_seconds=0.5)
        other = write_csv(tmp_path / "koperasi_c.csv", [corpus.kop(3, kode_kabkota="Kubu Raya")])
        with stderr_path.open("w") as err:
            cli = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kumkm_utils.cli",
                    "ingest",
                    str(other),
                    "--warehouse",
                    str(db),
                    "--wait",
                    "120",
                    "--report-dir",
                    str(tmp_path / "v"),
                ],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=err,
                text=True,
            )
            deadline = time.monotonic() + 120
            while "menunggu" not in stderr_path.read_text() and time.monotonic() < deadline:
                assert cli.poll() is None, stderr_path.read_text()
                time.sleep(0.1)
            release.write_text("go")
            cli.wait(timeout=120)
    finally:
        release.write_text("go")
        proc.wait(timeout=60)
    stderr = stderr_path.read_text()
    assert proc.returncode == 0
    assert cli.returncode == 0, stderr
    assert "menunggu" in stderr and "sedang dipakai proses lain" in stderr
    assert count(db, "SELECT kode_provinsi, count(*) FROM koperasi GROUP BY 1 ORDER BY 1") == [
        ("61", 1),
        ("74", 1),
    ]


def test_reading_api_pushes_filters_down(tmp_path):
    db = tmp_path / "w.duckdb"
    f74 = write_csv(
        tmp_path / "koperasi_74.csv",
        [corpus.kop(1), corpus.kop(2, tahun="2023", tanggal_rat="2/2/2024")],
    )
    f61 = write_csv(
        tmp_path / "koperasi_61.csv",
        [corpus.kop(5, kode_kabkota="Kubu Raya"), corpus.kop(6, kode_kabkota="Kota Atlantis")],
    )
    ingest([f74, f61], db)
    rows = warehouse.read("koperasi", province="74", path=db)
    assert set(rows["kode_provinsi"]) == {"74"} and len(rows) == 2
    assert (
        str(rows["tahun"].dtype) == "Int64" and str(rows["tanggal_rat"].dtype) == "datetime64[ns]"
    )
    one = warehouse.read(
        "koperasi", province="74", years=[2023], columns=["nik_koperasi", "tahun"], path=db
    )
    assert one.to_dict("records") == [{"nik_koperasi": "7401000002", "tahun": 2023}]
    assert len(warehouse.read("koperasi", years=range(2024, 2026), path=db)) == 2
    with pytest.raises(WarehouseError):
        warehouse.read("koperasi", columns=["nope"], path=db)
    subs = warehouse.submissions("61", path=db)
    assert subs[
        ["file_name", "rows_read", "rows_loaded", "rows_rejected", "rows_non_data"]
    ].values.tolist() == [["koperasi_61.csv", 3, 1, 1, 1]]
    summary = warehouse.rejections_summary("61", path=db)
    assert summary[["severity", "rule", "problems"]].values.tolist() == [["error", "wilayah", 1]]
    assert warehouse.is_synthetic("74", path=db) is False


def test_aktif_without_rat_in_three_recorded_years_is_a_warning(tmp_path):
    db = tmp_path / "w.duckdb"
    no_rat = {"rat_dilaksanakan": "Tidak", "tanggal_rat": ""}
    for year in (2022, 2023):
        ingest(
            [
                write_csv(
                    tmp_path / f"koperasi_{year}.csv",
                    [
                        corpus.kop(1, tahun=str(year), **no_rat),
                        corpus.kop(2, tahun=str(year), **no_rat),
                    ],
                )
            ],
            db,
        )
    result = ingest(
        [
            write_csv(
                tmp_path / "koperasi_2024.csv",
                [corpus.kop(1, **no_rat), corpus.kop(2), corpus.kop(3, **no_rat)],
            )
        ],
        db,
    )[0]
    warned = result.problems[result.problems["rule"] == "status aktif"]
    # line 2: Aktif, no RAT in 2022-2024; line 3 held RAT; line 4 has no history.
    assert warned["row"].tolist() == [2]
    assert (warned["severity"] == "warning").all()
    assert result.rows_loaded == 3


def test_validate_command_writes_report_and_exit_status(tmp_path):
    out = tmp_path / "rep"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kumkm_utils.cli",
            "validate",
            str(BAD / "koperasi_teks_berbahaya.csv"),
            str(BAD / "koperasi_nik_ktp.csv"),
            "--report-dir",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    # the files are checked together: line 3 of the second repeats a key of the first
    assert "dibaca 3 = dimuat 0 + ditolak 2 + bukan data 1" in proc.stdout
    assert "dibaca 4 = dimuat 3 + ditolak 0 + bukan data 1" in proc.stdout
    csv_text = (out / "laporan_validasi.csv").read_text(encoding="utf-8-sig")
    assert "7401************" in csv_text and "7401234567890123" not in csv_text
    with zipfile.ZipFile(out / "laporan_validasi.xlsx") as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<hyperlink" not in xml
    clean = subprocess.run(
        [
            sys.executable,
            "-m",
            "kumkm_utils.cli",
            "validate",
            str(BAD / "koperasi_angka_inggris.csv"),
            "--report-dir",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert clean.returncode == 0, clean.stdout


def test_ingest_command_exit_codes(tmp_path):
    db = tmp_path / "w.duckdb"

    def run(*files):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "kumkm_utils.cli",
                "ingest",
                *map(str, files),
                "--warehouse",
                str(db),
                "--report-dir",
                str(tmp_path / "v"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        ).returncode

    assert run(BAD / "koperasi_angka_inggris.csv") == 0
    assert run(BAD / "koperasi_negatif.csv") == 1
    assert run(BAD / "koperasi_makro.xlsm") == 2


def test_export_table_to_parquet(tmp_path):
    import pyarrow.parquet as pq

    from kumkm_utils.warehouse_export import export_table

    db = tmp_path / "w.duckdb"
    ingest(
        [
            write_csv(tmp_path / "koperasi_74.csv", [corpus.kop(1), corpus.kop(2)]),
            write_csv(tmp_path / "koperasi_61.csv", [corpus.kop(5, kode_kabkota="Kubu Raya")]),
        ],
        db,
    )
    assert export_table("koperasi", tmp_path / "k.parquet", province="74", path=db) == 2
    table = pq.read_table(tmp_path / "k.parquet")
    assert set(table.column("kode_provinsi").to_pylist()) == {"74"}
    assert table.column("nik_koperasi").type == "string"
    assert export_table("submissions", tmp_path / "s.parquet", path=db) == 2
    with pytest.raises(WarehouseError):
        export_table("submissions; DROP TABLE koperasi", tmp_path / "x.parquet", path=db)
