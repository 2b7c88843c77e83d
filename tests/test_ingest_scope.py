"""Replacement by scope, the submissions list and rollback (issue 11)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from fixtures.submissions import corpus, write_csv

from kumkm_utils import warehouse
from kumkm_utils.cli import main
from kumkm_utils.ingest.history import RollbackError, rollback, table_checksum
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.replacement import replacement_note
from kumkm_utils.ingest.results import FileResult
from kumkm_utils.ingest.runs import run_files


def ingest(paths, db: Path, **options) -> list[FileResult]:
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        return run_files(paths, con, options=IngestOptions(**options))
    finally:
        con.close()


def query(db: Path, sql: str, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def checksum(db: Path, dataset: str = "koperasi") -> tuple[int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return table_checksum(con, dataset)
    finally:
        con.close()


def kab_file(tmp_path: Path, name: str, kab: str, ids: range, **changes) -> Path:
    return write_csv(
        tmp_path / f"koperasi_{name}.csv",
        [corpus.kop(i, kode_kabkota=kab, **changes) for i in ids],
    )


def province_file(tmp_path: Path, name: str, per_kab: int = 3, **changes) -> Path:
    """A province-wide file: ``per_kab`` cooperatives in each of the 17 kab/kota of 74."""
    from kumkm_utils import regions

    codes = regions.kabkota("74")["kode_kabkota"].tolist()
    rows = [
        corpus.kop(1000 + k * per_kab + j, kode_kabkota=code, **changes)
        for k, code in enumerate(codes)
        for j in range(per_kab)
    ]
    return write_csv(tmp_path / f"koperasi_{name}.csv", rows)


def test_two_kabkota_files_in_two_runs_keep_both(tmp_path):
    db = tmp_path / "w.duckdb"
    a = ingest([kab_file(tmp_path, "kolaka", "Kolaka", range(1, 6))], db)[0]
    b = ingest([kab_file(tmp_path, "konawe", "Konawe", range(10, 13))], db)[0]
    assert (a.rows_loaded, b.rows_loaded) == (5, 3)
    assert b.scope == "kabkota" and b.replaced == [] and b.replaced_rows == {}
    assert query(db, "SELECT kode_kabkota, count(*) FROM koperasi GROUP BY 1 ORDER BY 1") == [
        ("74.01", 5),
        ("74.02", 3),
    ]
    # A corrected Kolaka file replaces Kolaka only, and says how many rows per kab/kota.
    c = ingest([kab_file(tmp_path, "kolaka_revisi", "Kolaka", range(1, 5))], db)[0]
    assert c.replaced == [a.submission_id] and c.replaced_rows == {"74.01": 5}
    assert "74.01 Kabupaten Kolaka: 5" in replacement_note(c)
    assert query(db, "SELECT kode_kabkota, count(*) FROM koperasi GROUP BY 1 ORDER BY 1") == [
        ("74.01", 4),
        ("74.02", 3),
    ]
    assert dict(query(db, "SELECT submission_id, status FROM submissions")) == {
        a.submission_id: "replaced",
        b.submission_id: "current",
        c.submission_id: "current",
    }


def test_province_file_replaces_the_province(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([kab_file(tmp_path, "kolaka", "Kolaka", range(1, 4))], db)
    whole = ingest([province_file(tmp_path, "prov")], db)[0]
    assert whole.scope == "provinsi"
    assert whole.replaced_rows == {"74.01": 3}
    assert query(db, "SELECT count(*) FROM koperasi") == [(51,)]


def test_replacing_most_of_a_province_needs_a_flag(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([province_file(tmp_path, "prov")], db)
    before = checksum(db)
    small = kab_file(tmp_path, "kecil", "Kolaka", range(1, 3))
    refused = ingest([small], db, scope="provinsi")[0]
    assert refused.status == "gagal" and "--allow-shrink" in refused.message
    assert refused.rows_loaded == 0 and refused.balanced
    assert checksum(db) == before  # nothing changed
    status, message = query(
        db, "SELECT status, message FROM submissions WHERE file_name = 'koperasi_kecil.csv'"
    )[0]
    assert status == "refused" and "51" in message
    allowed = ingest([small], db, scope="provinsi", allow_shrink=True)[0]
    assert allowed.status == "dimuat" and sum(allowed.replaced_rows.values()) == 51
    assert query(db, "SELECT count(*) FROM koperasi") == [(2,)]


def test_rollback_restores_a_replaced_submission_exactly(tmp_path):
    db = tmp_path / "w.duckdb"
    first = ingest([province_file(tmp_path, "prov")], db)[0]
    ingest([kab_file(tmp_path, "konawe", "Konawe", range(1, 3))], db)
    before = checksum(db)
    revised = ingest([province_file(tmp_path, "prov_revisi", per_kab=2, anggota_laki_laki="7")], db)
    assert revised[0].status == "dimuat" and checksum(db) != before
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        done = rollback(con, revised[0].submission_id)
    finally:
        con.close()
    assert done.removed == 34
    assert checksum(db) == before  # rows, values, submission ids and source rows as before
    assert query(
        db, "SELECT status FROM submissions WHERE submission_id = ?", [first.submission_id]
    ) == [("current",)]
    assert query(
        db, "SELECT status FROM submissions WHERE submission_id = ?", [revised[0].submission_id]
    ) == [("rolled_back",)]
    # The rolled-back rows are kept in history, not deleted.
    assert query(
        db,
        "SELECT count(*) FROM koperasi_history WHERE replaced_by = ?",
        ["rollback-" + revised[0].submission_id],
    ) == [(34,)]


def test_rollback_refuses_when_a_later_file_replaced_its_rows(tmp_path):
    db = tmp_path / "w.duckdb"
    a = ingest([kab_file(tmp_path, "kolaka", "Kolaka", range(1, 4))], db)[0]
    ingest([kab_file(tmp_path, "kolaka_revisi", "Kolaka", range(1, 3))], db)
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        with pytest.raises(RollbackError, match="status 'replaced'|berstatus 'replaced'"):
            rollback(con, a.submission_id)
    finally:
        con.close()


def test_submissions_and_rollback_commands(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    a = ingest([kab_file(tmp_path, "kolaka", "Kolaka", range(1, 4))], db)[0]
    b = ingest([kab_file(tmp_path, "kolaka_revisi", "Kolaka", range(1, 3))], db)[0]
    assert main(["submissions", "--warehouse", str(db)]) == 0
    out = capsys.readouterr().out
    assert a.submission_id in out and b.submission_id in out
    assert "koperasi_kolaka.csv" in out and a.sha256[:12] in out
    assert "replaced" in out and "current" in out
    assert main(["rollback", b.submission_id, "--warehouse", str(db)]) == 0
    assert "dipulihkan" in capsys.readouterr().out
    assert query(db, "SELECT count(*) FROM koperasi") == [(3,)]
    # the rollback wrote a new warehouse version; the one before it can be restored
    from kumkm_utils import snapshots

    versions = snapshots.list_versions(db)
    assert snapshots.current(db).version == max(v.version for v in versions)
    assert len(versions) >= 2
    assert main(["rollback", "tidak-ada", "--warehouse", str(db)]) == 2


def test_rollback_of_a_workbook_by_its_sha256(tmp_path):
    """Every sheet of a workbook is its own submission; the file's sha256 undoes them all."""
    import shutil

    db = tmp_path / "w.duckdb"
    bad = Path(__file__).parent / "data" / "bad" / "koperasi_sheet_kabkota.xlsx"
    book = shutil.copy(bad, tmp_path / "koperasi_2024.xlsx")
    result = ingest([book], db)[0]
    assert [p.sheet for p in result.parts] == ["Kolaka", "Konawe", "Kolaka Utara"]
    assert query(db, "SELECT count(*) FROM koperasi") == [(6,)]
    assert main(["rollback", result.sha256[:12], "--warehouse", str(db)]) == 0
    assert query(db, "SELECT count(*) FROM koperasi") == [(0,)]
    assert query(db, "SELECT count(*) FROM submissions WHERE status = 'rolled_back'") == [(3,)]
