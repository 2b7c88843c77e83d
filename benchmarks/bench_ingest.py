"""Benchmark ``kumkm ingest`` on a large UMKM file: rows per second, CPU time and peak memory.

Usage::

    python benchmarks/bench_ingest.py --rows 1000000            # CSV, 1 M rows
    python benchmarks/bench_ingest.py --rows 10000000 --format parquet
    python benchmarks/bench_ingest.py --rows 1000000 --threads 1  # chunks prepared in one thread

The file is generated (deterministic, valid UMKM rows of Sulawesi Tenggara, numbers as plain
digits as machine exports write them) in a temporary folder by a child process, then ingested
into a fresh warehouse with the same code path as ``kumkm ingest``. Because generation runs in
its own process, the peak memory printed (this process's maximum resident set size,
``ru_maxrss``) is the ingest's own. ``--file`` ingests an existing file instead.

Besides wall-clock time the ingest's CPU time (user + system, all threads) and the load average
before it are printed: on a shared machine the wall-clock figure is only comparable between
runs at a similar load, the CPU time much more so.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from kumkm_utils import schemas, warehouse
from kumkm_utils.ingest.options import IngestOptions
from kumkm_utils.ingest.runs import run_files

KABKOTA = [f"74.{i:02d}" for i in range(1, 16)] + ["74.71", "74.72"]
HEADER = schemas.dataset("umkm").columns


def _batch(start: int, n: int, rng: np.random.Generator) -> pa.Table:
    ids = np.arange(start, start + n)
    omzet = np.round(rng.lognormal(18.5, 1.0, n), -3)
    modal = np.round(omzet * rng.uniform(0.1, 0.5, n), -3)
    yes_no = np.array(["Ya", "Tidak"])
    cols = {
        "id_umkm": pa.array(np.char.add("7401-", ids.astype(str))),
        "tahun": pa.array(np.full(n, "2024")),
        "nib": pa.array((9120000000000 + ids).astype(str)),
        "kode_kabkota": pa.array(np.array(KABKOTA)[rng.integers(0, len(KABKOTA), n)]),
        "kategori_kbli": pa.array(np.array(list("ACGIS"))[rng.integers(0, 5, n)]),
        "kbli": pa.array(np.full(n, "47111")),
        "skala_usaha": pa.array(np.where(omzet <= 2e9, "Mikro", "Kecil")),
        "modal_usaha_rp": pa.array(modal.astype(np.int64).astype(str)),
        "omzet_tahunan_rp": pa.array(omzet.astype(np.int64).astype(str)),
        "tenaga_kerja": pa.array(rng.integers(1, 20, n).astype(str)),
        "jenis_kelamin_pemilik": pa.array(
            np.array(["Laki-laki", "Perempuan"])[rng.integers(0, 2, n)]
        ),
        "kelompok_umur_pemilik": pa.array(
            np.array(["15-30", "31-45", "46-60", "61+"])[rng.integers(0, 4, n)]
        ),
    }
    for name in HEADER[12:]:
        cols[name] = pa.array(yes_no[rng.integers(0, 2, n)])
    return pa.table(cols)


def generate(path: Path, rows: int, fmt: str, *, block: int = 1_000_000) -> None:
    """Write ``rows`` valid UMKM rows to ``path`` as CSV or Parquet, in blocks."""
    rng = np.random.default_rng(7)
    writer = None
    for start in range(0, rows, block):
        table = _batch(start, min(block, rows - start), rng)
        if writer is None:
            writer = (
                pacsv.CSVWriter(path, table.schema)
                if fmt == "csv"
                else pq.ParquetWriter(path, table.schema)
            )
        writer.write_table(table)
    writer.close()


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process so far, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def generate_in_child(path: Path, rows: int, fmt: str) -> None:
    """Run :func:`generate` in a child process, so that its memory is not counted here."""
    child = multiprocessing.get_context("spawn").Process(target=generate, args=(path, rows, fmt))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"generating {path} failed (exit code {child.exitcode})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    parser.add_argument("--file", type=Path, help="ingest this file instead of generating one")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads preparing the chunks (default: automatic, 1: one thread)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        tmp = Path(tmp)
        src = args.file
        if src is None:
            src = tmp / f"umkm_2024.{args.format}"
            t0 = time.perf_counter()
            generate_in_child(src, args.rows, args.format)
            print(
                f"generated {args.rows:,} rows ({src.stat().st_size / 1e6:,.0f} MB) in "
                f"{time.perf_counter() - t0:,.1f} s (child process)"
            )
        con = warehouse.connect_writer(tmp / "bench.duckdb", wait_seconds=0)
        load_before = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), cpu_seconds()
        result = run_files([src], con, options=IngestOptions(threads=args.threads))[0]
        elapsed, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        con.close()
        print(f"file {src.name}: {result.status}; {result.equation}")
        print(
            f"ingest: {result.rows_read:,} rows in {elapsed:,.1f} s = "
            f"{result.rows_read / elapsed:,.0f} rows/s; CPU {cpu:,.1f} s (user + system); "
            f"load average before {load_before:.2f}"
        )
        print(f"peak RSS: {peak_rss_mb():,.0f} MB")
        if len(result.problems):
            print(result.problems.groupby(["severity", "rule"]).size().to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
