"""Warehouse versions: readers keep their snapshot, writers commit whole or not at all,
damaged files are refused with one sentence, earlier versions can be restored."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from fixtures.submissions import corpus, write_csv

from kumkm_utils import snapshots
from kumkm_utils.cli import describe_fault
from kumkm_utils.exceptions import WarehouseCorruptError
from kumkm_utils.warehouse_check import check


def _kumkm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kumkm_utils.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def _koperasi_file(folder: Path, n: int, name: str = "koperasi_2024.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_csv(folder / name, [corpus.kop(i) for i in range(1, n + 1)])


def _count(path: Path, sql: str = "SELECT count(*) FROM koperasi") -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def _ingest(wh: Path, *files: Path) -> subprocess.CompletedProcess:
    return _kumkm(
        "ingest", *map(str, files), "--warehouse", str(wh), "--report-dir", str(wh.parent / "v")
    )


@pytest.fixture
def versioned(tmp_path: Path) -> Path:
    """A warehouse with one ingested file of 30 cooperatives (version 1)."""
    wh = tmp_path / "gudang.duckdb"
    done = _ingest(wh, _koperasi_file(tmp_path / "in1", 30))
    assert done.returncode == 0, done.stderr
    assert wh.is_symlink()
    return wh


def test_reader_in_another_process_keeps_its_snapshot_while_an_ingest_commits(
    versioned: Path, tmp_path: Path
) -> None:
    # a notebook-like reader: opens the warehouse read-only and keeps the connection
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, duckdb
                con = duckdb.connect({str(versioned)!r}, read_only=True)
                print(con.execute("SELECT count(*) FROM koperasi").fetchone()[0], flush=True)
                sys.stdin.readline()  # wait until the ingest has committed
                print(con.execute("SELECT count(*) FROM koperasi").fetchone()[0], flush=True)
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "30"
        # the writer does not wait for the reader, and the reader is not disturbed
        t0 = time.monotonic()
        done = _ingest(versioned, _koperasi_file(tmp_path / "in2", 45, "koperasi_2023.csv"))
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - t0 < 60
        assert "versi 2" in done.stdout
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "30"  # its snapshot: the old state
    finally:
        reader.stdin.close()
        assert reader.wait(30) == 0
    assert _count(versioned) == 45  # the next reader: the new state (the file replaced 2024)
    assert snapshots.current(versioned).version == 2
    assert [s.version for s in snapshots.list_versions(versioned)] == [2, 1]


def test_same_files_again_make_no_new_version(versioned: Path, tmp_path: Path) -> None:
    done = _ingest(versioned, tmp_path / "in1" / "koperasi_2024.csv")
    assert done.returncode == 0, done.stderr
    assert snapshots.current(versioned).version == 1


def test_a_failed_write_leaves_the_current_version(versioned: Path) -> None:
    before = snapshots.current(versioned)
    with pytest.raises(RuntimeError), snapshots.writing(versioned) as con:
        con.execute("DELETE FROM koperasi")
        raise RuntimeError("disk penuh di tengah jalan")
    assert snapshots.current(versioned) == before
    assert _count(versioned) == 30
    leftovers = [p.name for p in snapshots.versions_dir(versioned).iterdir()]
    assert not [n for n in leftovers if "partial" in n], leftovers


def test_old_versions_are_pruned_but_not_while_a_reader_holds_them(
    versioned: Path, monkeypatch
) -> None:
    monkeypatch.setenv(snapshots.KEEP_ENV, "2")
    first = snapshots.current(versioned)
    with snapshots.hold(first):
        for i in range(3):
            with snapshots.writing(versioned) as con:
                con.execute(f"UPDATE koperasi SET nama_koperasi = 'ubah {i}'")
        kept = [s.version for s in snapshots.list_versions(versioned)]
        assert kept == [4, 3, 1]  # 2 pruned; 1 held by the reader
        assert first.file.exists()
    with snapshots.writing(versioned) as con:
        con.execute("UPDATE koperasi SET nama_koperasi = 'lagi'")
    assert [s.version for s in snapshots.list_versions(versioned)] == [5, 4]


def _flip_byte(path: Path, offset: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([byte[0] ^ 0x10]))


@pytest.mark.parametrize("damage", ["bit-flip", "truncate"])
def test_damaged_warehouse_gives_one_sentence_and_writers_refuse(
    versioned: Path, tmp_path: Path, damage: str
) -> None:
    good = _ingest(versioned, _koperasi_file(tmp_path / "in2", 45, "koperasi_2023.csv"))
    assert good.returncode == 0
    cur = snapshots.current(versioned)
    assert cur.version == 2
    if damage == "bit-flip":
        _flip_byte(cur.file, cur.size // 2)
    else:
        os.truncate(cur.file, cur.size // 2)

    checked = _kumkm("check", "--warehouse", str(versioned))
    assert checked.returncode == 3, checked.stdout + checked.stderr
    assert "RUSAK" in checked.stdout and "kumkm restore" in checked.stdout
    assert "Traceback" not in checked.stdout + checked.stderr

    refused = _ingest(versioned, _koperasi_file(tmp_path / "in3", 5, "koperasi_2022.csv"))
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert "rusak" in refused.stderr and "kumkm restore" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert snapshots.current(versioned).version == 2  # nothing written

    listed = _kumkm("restore", "--list", "--warehouse", str(versioned))
    assert listed.returncode == 0
    assert " * versi 2 (" in listed.stdout and "   versi 1 (" in listed.stdout
    restored = _kumkm("restore", "1", "--warehouse", str(versioned))
    assert restored.returncode == 0, restored.stderr
    assert snapshots.current(versioned).version == 3
    assert check(versioned).ok
    assert _count(versioned) == 30
    # the damaged version is kept (nothing is deleted by a restore)
    assert 2 in [s.version for s in snapshots.list_versions(versioned)]


def test_bit_flipped_plain_warehouse_is_refused_before_it_is_adopted(tmp_path: Path) -> None:
    """A warehouse of the old layout (a plain file) gets a full block check before a write."""
    wh = tmp_path / "lama.duckdb"
    with snapshots.writing(wh) as con:
        con.execute("INSERT INTO makro (kode_provinsi, tahun) SELECT '74', range FROM range(5000)")
    plain = snapshots.current(wh).file
    os.unlink(wh)
    os.link(plain, wh)  # the file as an earlier version left it: not versioned
    assert check(wh).ok
    size = wh.stat().st_size
    # flip one byte in every used 256 KB block after the file headers
    for offset in range(3 * 4096 + 512, size, 262144):
        _flip_byte(wh, offset)
    report = check(wh)
    assert not report.ok
    with pytest.raises(WarehouseCorruptError), snapshots.writing(wh):
        pass


def test_reports_dir_and_warehouse_may_be_relative(tmp_path: Path) -> None:
    _koperasi_file(tmp_path / "in", 10)
    done = _kumkm("ingest", "in", "--warehouse", "data/w.duckdb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "w.duckdb").is_symlink()
    assert _count(tmp_path / "data" / "w.duckdb") == 10


def test_faults_are_one_sentence_with_their_exit_code() -> None:
    message, code = describe_fault(OSError(28, "No space left on device", "/d/x.duckdb"))
    assert code == 2 and message.startswith("disk penuh (/d/x.duckdb)")
    message, code = describe_fault(PermissionError(13, "Permission denied", "/laporan"))
    assert code == 2 and message.startswith("izin ditolak (/laporan)")
    message, code = describe_fault(WarehouseCorruptError("gudang data rusak"))
    assert code == 3
    message, code = describe_fault(duckdb.IOException("IO Error: No space left on device"))
    assert code == 2 and message.startswith("disk penuh")


def test_help_documents_exit_codes() -> None:
    done = _kumkm("--help")
    assert "exit status" in done.stdout
    for code in ("0 ", "1 ", "2 ", "3 ", "130"):
        assert f"  {code}" in done.stdout


@pytest.fixture
def small_disk(small_disk_of) -> Path:
    """A 3 MB tmpfs (skipped where the platform does not allow mounting one)."""
    return small_disk_of("3m")


def test_disk_full_during_ingest_is_one_sentence_and_changes_nothing(
    small_disk: Path, tmp_path: Path
) -> None:
    wh = small_disk / "gudang.duckdb"
    first = _ingest(wh, _koperasi_file(tmp_path / "in1", 30))
    assert first.returncode == 0, first.stderr
    # fill the small disk so that the next version cannot be written
    filler = small_disk / "isi"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    done = _ingest(wh, _koperasi_file(tmp_path / "in2", 2000, "koperasi_2023.csv"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "disk penuh" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshots.current(wh).version == 1
    filler.unlink()
    assert check(wh).ok
    assert _count(wh) == 30
    assert not [p for p in snapshots.versions_dir(wh).iterdir() if "partial" in p.name]


def test_second_writer_waits_then_says_which_process_holds_it(
    versioned: Path, tmp_path: Path
) -> None:
    other = _koperasi_file(tmp_path / "in2", 3, "koperasi_2022.csv")
    with snapshots.writing(versioned):  # an ingest in progress
        done = _kumkm(
            "ingest", str(other), "--warehouse", str(versioned), "--wait", "1",
            "--report-dir", str(tmp_path / "v"),
        )  # fmt: skip
        # a reader is not blocked meanwhile
        assert _count(versioned) == 30
    assert done.returncode == 2, done.stdout + done.stderr
    assert "menunggu" in done.stderr and "kumkm ingest lain" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshots.current(versioned).version == 1
