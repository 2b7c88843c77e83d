"""Cost of warehouse versions: time and disk of one ingest's snapshot on a copy of a warehouse.

Usage: ``.venv/bin/python benchmarks/bench_snapshot.py [WAREHOUSE] [--repeat 3] [--tmp DIR]``
(default: ``data/warehouse.duckdb``; the file is copied to the system's temporary folder first,
or ``--tmp``, and never touched). Prints, per commit of a new version: the copy of the current
version (read and hashed on the way), the commit (checkpoint, hash of the new file, rename and
link swap), the check a writer runs on an unversioned file when it adopts it, ``kumkm check``,
and the disk used by the kept versions.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kumkm_utils import config, snapshots
from kumkm_utils.warehouse_check import check, check_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", nargs="?", type=Path, default=config.warehouse_path())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--tmp", type=Path, default=None, help="scratch folder (default: the system's temp)"
    )
    args = parser.parse_args(argv)
    source = snapshots.current(args.warehouse).file
    # never next to the source: the benchmark must not write where the warehouse lives
    with tempfile.TemporaryDirectory(prefix="bench-snapshot-", dir=args.tmp) as tmp:
        wh = Path(tmp) / "warehouse.duckdb"
        shutil.copyfile(source, wh)
        size = wh.stat().st_size
        print(f"warehouse: {source} ({size / 1e6:.1f} MB)")  # noqa: T201
        t0 = time.perf_counter()
        report = check_file(wh)
        print(f"full block check (adoption, kumkm check): {time.perf_counter() - t0:.2f} s")  # noqa: T201
        assert report.ok, report.problems
        t0 = time.perf_counter()
        with snapshots.writing(wh):
            pass  # adoption only (same content: no new version)
        print(f"adopt the plain file as version 1: {time.perf_counter() - t0:.2f} s")  # noqa: T201
        for i in range(args.repeat):
            result = snapshots.WriteResult()
            t0 = time.perf_counter()
            with snapshots.writing(wh, result=result) as con:
                t1 = time.perf_counter()
                con.execute(
                    "INSERT INTO rejections (submission_id, message) VALUES (?, 'bench')", [str(i)]
                )
                t2 = time.perf_counter()
            total = time.perf_counter() - t0 - (t2 - t1)
            print(  # noqa: T201
                f"version {result.snapshot.version}: snapshot cost {total:.2f} s "
                f"(copy+hash {result.copy_s:.2f} s, commit {result.commit_s:.2f} s)"
            )
        t0 = time.perf_counter()
        ok = check(wh).ok
        seconds = time.perf_counter() - t0
        print(f"kumkm check (sha256 + every block + counts): {seconds:.2f} s, ok={ok}")  # noqa: T201
        used = sum(p.stat().st_size for p in snapshots.versions_dir(wh).glob("v*.duckdb"))
        kept = len(snapshots.list_versions(wh))
        print(  # noqa: T201
            f"disk: {kept} versions kept = {used / 1e6:.1f} MB "
            f"(one extra version per ingest until {snapshots.keep_versions()} are kept)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
