"""``kumkm check``: verify a warehouse version, and the checks writers run before writing.

What is checked (:func:`check`):

1. the file's size and sha256 against the record made when the version was committed (a
   truncated or bit-flipped file fails here, whatever part of it was hit);
2. every block is readable: every column of every row of every table is read (DuckDB verifies
   each block's checksum as it reads it);
3. the counts agree with ``submissions``: every row of a dataset table belongs to a known
   submission, no row belongs to a replaced submission, and no submission has more rows in its
   dataset table than it loaded.

Exit status of ``kumkm check``: 0 when the warehouse passes, 3 when it fails (the message says
how to restore an earlier version), 2 when it cannot be checked at all (e.g. it does not exist).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kumkm_utils import config
from kumkm_utils.cli import add_warehouse_option
from kumkm_utils.warehouse_integrity import CheckReport, check_file  # noqa: F401 - re-exported

EXIT_CORRUPT = 3
"""Exit status of a command refused because the warehouse fails its check."""


def check(path: Path | str | None = None) -> CheckReport:
    """Check the current version of a warehouse: its record (step 1), blocks and counts.

    Raises
    ------
    WarehouseError
        If the warehouse does not exist.
    """
    from kumkm_utils import snapshots

    snap = snapshots.current(path)
    with snapshots.hold(snap):
        problems = snapshots.verify_recorded(snap)
        report = check_file(snap.file)
    report.problems[:0] = problems
    return report


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm check``."""
    parser.description = (__doc__ or "").split("\n\n", 1)[1]
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    add_warehouse_option(parser)


def run(args: argparse.Namespace) -> int:
    """Check the warehouse; 0 when it passes, 3 when it fails."""
    from kumkm_utils import snapshots

    logical = Path(args.warehouse) if args.warehouse else config.warehouse_path()
    snap = snapshots.current(logical)
    report = check(logical)
    print(f"Gudang data: {snapshots.logical_path(logical)}")  # noqa: T201
    print(f"Versi: {snap.label()}")  # noqa: T201
    for name, n in sorted(report.tables.items()):
        print(f"  {name}: {n:,} baris".replace(",", "."))  # noqa: T201
    if report.ok:
        print("Hasil: baik (setiap blok terbaca, jumlah baris cocok dengan submissions)")  # noqa: T201
        return 0
    print("Hasil: RUSAK")  # noqa: T201
    for problem in report.problems:
        print(f"  - {problem}")  # noqa: T201
    if snap.version is not None:
        print(snapshots.restore_hint(snap.logical).capitalize())  # noqa: T201
    return EXIT_CORRUPT
