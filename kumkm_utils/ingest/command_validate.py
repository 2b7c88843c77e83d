"""``kumkm validate FILE...``: check submission files without loading them (dry run).

Prints, per file, rows read/loaded-if-ingested/rejected/non-data/warnings and the equation of
counts, and writes the validation report (``laporan_validasi.xlsx`` and ``.csv``) to
``--report-dir`` (default: a ``validasi`` folder next to the first file). Files checked in one
call are checked together (a key in two of them is a duplicate); the warehouse is not read.

Exit status: 0 when every row is acceptable, 1 when any row or file was rejected.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kumkm_utils.ingest.command_ingest import add_common_options, collect_files, options_from
from kumkm_utils.ingest.report import summary_text, write_report
from kumkm_utils.ingest.results import STATUS_FAILED
from kumkm_utils.ingest.runs import run_files, scratch_warehouse


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm validate``."""
    parser.description = (__doc__ or "").split("\n\n", 1)[1]
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="submission files (.xlsx, .csv, .parquet) or folders",
    )
    parser.add_argument(
        "--report-dir",
        type=Path,
        default=None,
        help="folder for laporan_validasi.xlsx/.csv (default: <folder of first file>/validasi)",
    )
    add_common_options(parser)


def run(args: argparse.Namespace) -> int:
    """Validate the files; return 1 if anything was rejected."""
    files = collect_files(args.files)
    con = scratch_warehouse()
    try:
        results = run_files(files, con, options=options_from(args), dry_run=True)
    finally:
        con.close()
    print(summary_text(results))  # noqa: T201
    report_dir = args.report_dir or (files[0].parent / "validasi" if files else Path("validasi"))
    xlsx, csv_path = write_report(results, report_dir)
    print(f"\nLaporan validasi: {xlsx}\n                  {csv_path}")  # noqa: T201
    rejected = any(r.rows_rejected or r.status == STATUS_FAILED for r in results)
    sys.stdout.flush()
    return 1 if rejected else 0
