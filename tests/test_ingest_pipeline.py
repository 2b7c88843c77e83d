"""Preparing the chunks of one file in threads gives exactly the results of one thread.

The files here are small but read in chunks of 20 rows, so that the pipeline
(:mod:`kumkm_utils.ingest.chunk_pipeline`) has many chunks in flight, and they are built so
that chunk order matters: the first chunks cannot settle the province, a later chunk settles
it, and later chunks again have a majority of another province (whose rows must then be
rejected, not taken as the submitting province); number styles differ from chunk to chunk.
"""

from __future__ import annotations

import argparse
import csv
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fixtures.submissions import corpus, write_csv

from kumkm_utils import warehouse
from kumkm_utils.ingest import (
    chunk_pipeline,
    chunk_preparation,
    command_ingest,
    csv_file,
    file_preparation,
    table,
)
from kumkm_utils.ingest.chunk_pipeline import map_ordered, read_ahead
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.runs import run_files

ROOT = Path(__file__).resolve().parents[1]

CHUNK = 20


def _kop_rows() -> list[list[str]]:
    rows = []
    for i in range(1, 241):
        chunk = (i - 1) // CHUNK
        if chunk < 2:
            # No kab/kota that names a province: the province stays open.
            kab = "" if i % 2 else "Kab. Antah Berantah"
        elif chunk in (5, 6):
            kab = "Kota Bandung" if i % 4 else "Kolaka"  # majority of another province
        else:
            kab = "Kolaka" if i % 5 else "Kota Bandung"
        modal = "1.250" if chunk % 3 == 0 else "1,250.5" if chunk % 3 == 1 else "2.500.000"
        rows.append(corpus.kop(i, kode_kabkota=kab, modal_sendiri_rp=modal))
    rows[30] = corpus.kop(31, kode_kabkota="Kolaka", anggota_laki_laki="-4")
    rows[70][0] = "JUMLAH"
    rows[101] = list(rows[63])  # a duplicate key across chunks (a Kolaka row)
    rows[150] = corpus.kop(151, anggota_perempuan="sepuluh")
    return rows


def _write_parquet(path: Path, rows: list[list[str]]) -> Path:
    columns = {name: [r[j] for r in rows] for j, name in enumerate(corpus.KOP_HEADER)}
    pq.write_table(pa.table(columns), path)
    return path


def _outcome(path: Path, db: Path, threads: int, **options) -> tuple:
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        result = run_files(
            [path],
            con,
            options=IngestOptions(chunk_rows=CHUNK, threads=threads, workers=0, **options),
        )[0]
        stored = con.execute(
            "SELECT * EXCLUDE (submission_id) FROM koperasi ORDER BY source_row"
        ).fetchall()
        rejections = con.execute("SELECT * EXCLUDE (submission_id) FROM rejections").fetchall()
        submission = con.execute(
            "SELECT * EXCLUDE (submission_id, run_id, ingested_at) FROM submissions"
        ).fetchall()
    finally:
        con.close()
    problems = result.problems.astype(object).where(result.problems.notna(), None).values.tolist()
    summary = (
        result.status,
        result.kode_provinsi,
        result.rows_read,
        result.rows_loaded,
        result.rows_rejected,
        result.rows_non_data,
        result.rows_warning,
        result.submission_id.split("-")[:2],
        problems,
    )
    return summary, stored, rejections, submission


@pytest.fixture
def prepare_threads(monkeypatch):
    """Record the names of the threads that prepared chunks."""
    names: list[str] = []
    real = chunk_pipeline.prepare_chunk

    def recording(chunk, state):
        names.append(threading.current_thread().name)
        return real(chunk, state)

    monkeypatch.setattr(chunk_pipeline, "prepare_chunk", recording)
    return names


@pytest.mark.parametrize("kind", ["csv-module", "csv-arrow", "parquet"])
def test_threads_give_the_results_of_one_thread(tmp_path, monkeypatch, prepare_threads, kind):
    rows = _kop_rows()
    if kind == "parquet":
        path = _write_parquet(tmp_path / "koperasi_2024.parquet", rows)
    else:
        path = write_csv(tmp_path / "koperasi_2024.csv", rows)
        # Files from this size on are streamed with pyarrow (the large-file reader), whose
        # chunks are whole blocks of text: small blocks make chunks of about 20 rows.
        monkeypatch.setattr(csv_file, "SMALL_CSV_BYTES", 0 if kind == "csv-arrow" else 1 << 40)
        monkeypatch.setattr(csv_file, "ARROW_BLOCK_BYTES", 2000)
    one = _outcome(path, tmp_path / "one.duckdb", threads=1)
    assert set(prepare_threads) == {"MainThread"}
    prepare_threads.clear()
    for threads in (2, 3):
        assert _outcome(path, tmp_path / f"t{threads}.duckdb", threads=threads) == one
    assert len(prepare_threads) >= 2 * 8  # many chunks per run
    assert "MainThread" not in prepare_threads
    assert len(set(prepare_threads)) > 1
    summary = one[0]
    assert summary[:2] == ("dimuat", "74")  # settled by the third chunk, kept afterwards
    assert summary[7] == ["koperasi", "74"]
    rules = pd.Series([p[3] for p in summary[8]]).value_counts()
    # Every Bandung row is another province's, also where Bandung rows are the majority.
    assert rules["provinsi"] == sum(r[3] == "Kota Bandung" for r in rows)
    assert {"wajib diisi", "wilayah", "duplikat", "baris total", "format angka"} <= set(rules.index)
    assert summary[2] == summary[3] + summary[4] + summary[5]


def test_threads_with_explicit_province_and_missing_required_column(tmp_path, prepare_threads):
    rows = _kop_rows()
    path = write_csv(tmp_path / "koperasi_2024.csv", rows)
    for options in ({"province": "32"}, {}):
        one = _outcome(path, tmp_path / f"one{len(options)}.duckdb", threads=1, **options)
        two = _outcome(path, tmp_path / f"two{len(options)}.duckdb", threads=2, **options)
        assert two == one
    assert one[0][1] == "74" and two[0][1] == "74"
    header = [h if h != "Tahun" else "Catatan" for h in corpus.KOP_HEADER]
    missing = tmp_path / "koperasi_tanpa_tahun.csv"
    with missing.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([header, *rows])
    one = _outcome(missing, tmp_path / "m1.duckdb", threads=1)
    assert _outcome(missing, tmp_path / "m2.duckdb", threads=2) == one
    assert one[0][3] == 0 and one[0][4] == len(rows) - 1  # all rejected, the total row is not data


def test_settle_province_is_what_prepare_chunk_settles():
    # Total and blank rows do not count: with them Bandung (32) would have the majority.
    frame = pd.DataFrame(
        {
            "nik_koperasi": ["7401000001", "JUMLAH", None, "7401000002", "TOTAL", "7401000003"],
            "kode_kabkota": [
                "Kolaka",
                "Kota Bandung",
                None,
                "Kolaka",
                "Kota Bandung",
                "Kota Bandung",
            ],
        },
        dtype="string",
    )
    chunk = table.RawChunk(frame, pd.RangeIndex(2, 8).to_numpy())
    for province in (None, "32"):
        settled = chunk_preparation.FileState("koperasi", "f.csv", province=province)
        chunk_preparation.settle_province(chunk, settled)
        prepared = chunk_preparation.FileState("koperasi", "f.csv", province=province)
        chunk_preparation.prepare_chunk(chunk, prepared)
        assert settled.province == prepared.province == (province or "74")
        chunk_preparation.prepare_chunk(chunk, settled)  # already settled: nothing changes
        assert settled.province == (province or "74")


def test_failure_while_preparing_rolls_back_and_stops_the_threads(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    path = write_csv(tmp_path / "koperasi_2024.csv", _kop_rows())
    before = threading.active_count()
    real = chunk_pipeline.prepare_chunk

    def failing(chunk, state):
        if chunk.rows[0] > 150:
            raise RuntimeError("boom")
        return real(chunk, state)

    monkeypatch.setattr(chunk_pipeline, "prepare_chunk", failing)
    con = warehouse.connect_writer(db, wait_seconds=0)
    try:
        with pytest.raises(RuntimeError, match="boom"):
            run_files([path], con, options=IngestOptions(chunk_rows=CHUNK, threads=2))
    finally:
        con.close()
    assert threading.active_count() == before
    check = duckdb.connect(str(db), read_only=True)
    try:
        assert check.execute(
            "SELECT (SELECT count(*) FROM koperasi) + (SELECT count(*) FROM submissions)"
        ).fetchone() == (0,)
    finally:
        check.close()


_INTERRUPTED = """
import sys, time
from pathlib import Path
from kumkm_utils import warehouse
from kumkm_utils.ingest import chunk_pipeline
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.runs import run_files
marker = Path(sys.argv[3])
real = chunk_pipeline.prepare_chunk
def slow(chunk, state):
    if len(chunk.rows) and chunk.rows[0] > 100:
        marker.write_text("preparing")
    time.sleep(0.3)
    return real(chunk, state)
chunk_pipeline.prepare_chunk = slow
con = warehouse.connect_writer(sys.argv[1], wait_seconds=0)
try:
    run_files([sys.argv[2]], con, options=IngestOptions(chunk_rows=20, threads=2))
except KeyboardInterrupt:
    con.close()
    sys.exit(130)
con.close()
"""


def test_ctrl_c_while_preparing_in_threads_leaves_the_warehouse_as_it_was(tmp_path):
    db = tmp_path / "w.duckdb"
    earlier = write_csv(tmp_path / "koperasi_2024_awal.csv", [corpus.kop(i) for i in range(1, 6)])
    _outcome(earlier, db, threads=1)
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT * FROM koperasi ORDER BY nik_koperasi").fetchall()
    con.close()
    marker = tmp_path / "preparing"
    path = write_csv(tmp_path / "koperasi_2024.csv", _kop_rows())
    proc = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED, str(db), str(path), str(marker)], cwd=ROOT
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, "the ingest ended before it was interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130  # stopped, threads and all
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT * FROM koperasi ORDER BY nik_koperasi").fetchall() == before
        submissions = con.execute("SELECT count(*), min(status) FROM submissions").fetchall()
        assert submissions == [(1, "current")]
        assert con.execute("SELECT count(*) FROM koperasi_history").fetchall() == [(0,)]
    finally:
        con.close()


# ------------------------------------------------------------------------- the pipeline


def _counting(n: int, alive: list[int], peak: list[int]):
    """Items 0..n-1; ``alive`` counts items produced and not yet released by the consumer."""
    for i in range(n):
        alive[0] += 1
        peak[0] = max(peak[0], alive[0])
        yield i


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_map_ordered_keeps_order_and_bounds_items_in_flight(threads):
    alive, peak = [0], [0]

    def slow(i: int) -> int:
        time.sleep(0.002 * (i % 3))  # later items often finish first
        return i * i

    out = []
    for value in map_ordered(slow, _counting(40, alive, peak), threads=threads):
        out.append(value)
        alive[0] -= 1
    assert out == [i * i for i in range(40)]
    assert peak[0] <= threads  # being computed or held by the consumer


def test_map_ordered_raises_at_the_failing_item_after_the_results_before_it():
    def fn(i: int) -> int:
        if i == 5:
            raise ValueError("item 5")
        return i

    seen = []
    with pytest.raises(ValueError, match="item 5"):
        for value in map_ordered(fn, range(10), threads=2):
            seen.append(value)
    assert seen == [0, 1, 2, 3, 4]

    def items():
        yield from range(3)
        raise OSError("read failed")

    seen = []
    with pytest.raises(OSError, match="read failed"):
        for value in map_ordered(lambda i: i, items(), threads=2):
            seen.append(value)
    assert seen == [0, 1, 2]


def test_read_ahead_order_errors_and_early_stop():
    alive, peak = [0], [0]
    out = []
    for value in read_ahead(_counting(30, alive, peak), depth=1):
        time.sleep(0.001)
        out.append(value)
        alive[0] -= 1
    assert out == list(range(30))
    assert peak[0] <= 2  # one produced ahead (or being produced), one held by the consumer

    def failing():
        yield 1
        yield 2
        raise KeyError("broken file")

    got = []
    with pytest.raises(KeyError, match="broken file"):
        for value in read_ahead(failing()):
            got.append(value)
    assert got == [1, 2]

    closed = threading.Event()

    def endless():
        try:
            i = 0
            while True:
                yield i
                i += 1
        finally:
            closed.set()

    before = threading.active_count()
    stream = read_ahead(endless(), depth=2)
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    stream.close()
    assert closed.is_set()  # the producer closed its iterator before close() returned
    assert threading.active_count() == before


def test_hashing_while_opening_gives_the_same_outcomes(tmp_path, monkeypatch):
    good = write_csv(tmp_path / "koperasi_2024.csv", _kop_rows()[:50])
    unreadable = tmp_path / "koperasi_rusak.csv"
    unreadable.write_text("bukan;tabel\n1;2\n", encoding="utf-8")
    outcomes = []
    for threshold in (1 << 40, 0):  # never, always
        monkeypatch.setattr(file_preparation, "HASH_WHILE_OPENING_BYTES", threshold)
        con = warehouse.connect_writer(tmp_path / f"h{threshold}.duckdb", wait_seconds=0)
        try:
            first = run_files([good, unreadable], con)
            again = run_files([good], con)
        finally:
            con.close()
        outcomes.append(
            [
                (
                    r.status,
                    r.sha256,
                    r.rows_loaded,
                    len(r.problems),
                    r.message.replace(r.submission_id or "-", "<id>"),
                )
                for r in [*first, *again]
            ]
        )
    assert outcomes[0] == outcomes[1]
    assert [o[0] for o in outcomes[0]] == ["dimuat", "gagal", "tidak berubah"]


def test_threads_option_of_the_commands():
    parser = argparse.ArgumentParser()
    command_ingest.add_common_options(parser)
    assert command_ingest.options_from(parser.parse_args(["--threads", "1"])).threads == 1
    assert command_ingest.options_from(parser.parse_args([])).threads is None
