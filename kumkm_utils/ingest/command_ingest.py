"""``kumkm ingest FILE-or-DIR...``: validate submissions and load them into the warehouse.

Folders are walked recursively for .xlsx, .csv and .parquet files. Each file is loaded in its
own transaction: accepted rows go to the dataset table, rejected rows and warnings to the
``rejections`` table, the file to ``submissions``. The same file again changes nothing.

A workbook is read sheet by sheet: every sheet with the dataset's header is loaded (one sheet
per kab/kota is normal); a summary sheet (REKAP, a sheet gathering the others) and sheets
without data (Petunjuk) are named in the summary with the reason, and their rows counted.

Replacement by scope: a new file replaces earlier runs' rows of the same dataset, province and
year only for the kab/kota it holds, so kab/kota offices' files sent one by one add up; a file
holding at least half of the province's kab/kota (and every program/makro file) replaces the
province (--scope forces one or the other). Replaced rows are kept in ``<dataset>_history``
and counted per kab/kota in the summary; ``kumkm submissions`` lists what was loaded and
``kumkm rollback`` undoes a load. A replacement that would remove most of a province's rows
while loading few stops (nothing changes) unless --allow-shrink. With --append files add up
without replacing anything. A second ingest on the same warehouse waits (--wait seconds).

Each ingest writes a new version of the warehouse and makes it current only at the end, so
notebooks and batches reading the warehouse meanwhile are not disturbed, and an interrupted
ingest changes nothing (see 'kumkm restore' and 'kumkm check').

Exit status: 0 when every row of every file was loaded (or unchanged), 1 when some rows were
rejected but the rest loaded, 2 when a file could not be read or loaded at all or the command
could not run (disk full, permission denied, ...), 3 when the warehouse fails its check (nothing
is written; the message says how to restore), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from kumkm_utils import config, schemas, snapshots
from kumkm_utils.cli import add_warehouse_option
from kumkm_utils.exceptions import UnreadableFileError
from kumkm_utils.ingest.options import SCOPE_AUTO, SCOPE_KABKOTA, SCOPE_PROVINCE, IngestOptions
from kumkm_utils.ingest.reading import SUFFIXES
from kumkm_utils.ingest.report import summary_text, write_report
from kumkm_utils.ingest.results import STATUS_FAILED
from kumkm_utils.ingest.runs import run_files
from kumkm_utils.regions.codes import NATIONAL_ALIASES, NATIONAL_CODE


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by validate and ingest."""
    parser.add_argument(
        "--dataset",
        choices=list(schemas.DATASETS),
        help="dataset of every file (default: from the file name or its header)",
    )
    parser.add_argument(
        "--province",
        metavar="KODE",
        help="submitting province code, e.g. 74, or 00/nasional for a file of national "
        "targets (default: the province of most rows)",
    )
    parser.add_argument(
        "--max-file-mb",
        type=float,
        default=None,
        help="largest accepted file in MB (default 100 for Excel, 8192 for CSV/Parquet)",
    )
    parser.add_argument(
        "--max-text-chars",
        type=int,
        default=2000,
        help="longest accepted text cell (default 2000 characters)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes that read and check the next small files while one is "
        "loaded (default: 2 when there are many files; 0: none)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        metavar="N",
        help="threads that prepare the chunks of a large file while the main "
        "thread loads them (default: 2, at most one per core; 1: none)",
    )


def options_from(args: argparse.Namespace) -> IngestOptions:
    """Build :class:`IngestOptions` from parsed arguments."""
    province = args.province
    if province is not None and " ".join(province.lower().split()) in NATIONAL_ALIASES:
        province = NATIONAL_CODE
    return IngestOptions(
        dataset=args.dataset,
        province=province,
        append=getattr(args, "append", False),
        scope=getattr(args, "scope", SCOPE_AUTO),
        allow_shrink=getattr(args, "allow_shrink", False),
        max_file_mb=args.max_file_mb,
        max_text_chars=args.max_text_chars,
        workers=args.workers,
        threads=args.threads,
    )


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their submission files (recursively, sorted); keep files as given.

    In folders, read-me files (``README*``, ``BACA*``) and Excel lock files are skipped.
    """
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not p.name.startswith(("~$", "."))
                and not p.stem.upper().startswith(("README", "BACA"))
                and "validasi" not in p.parts
            )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise UnreadableFileError(f"{path}: file atau folder tidak ditemukan")
    return files


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm ingest``."""
    parser.description = (__doc__ or "").split("\n\n", 1)[1]
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE-or-DIR")
    add_warehouse_option(parser)
    parser.add_argument(
        "--append",
        action="store_true",
        help="add files to earlier submissions of the same province and year "
        "instead of replacing them",
    )
    parser.add_argument(
        "--scope",
        choices=[SCOPE_AUTO, SCOPE_KABKOTA, SCOPE_PROVINCE],
        default=SCOPE_AUTO,
        help="what a file replaces: its kab/kota only, the whole province, or automatic "
        "(province when the file holds at least half of its kab/kota; default)",
    )
    parser.add_argument(
        "--allow-shrink",
        action="store_true",
        help="allow a replacement that removes most of a province's rows while loading few",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="how long to wait while another process uses the warehouse (default 120)",
    )
    parser.add_argument(
        "--report-dir",
        type=Path,
        default=None,
        help="folder for laporan_validasi.xlsx/.csv (default: validasi/ next to the warehouse)",
    )
    add_common_options(parser)


def run(args: argparse.Namespace) -> int:
    """Ingest the files; return 0, 1 or 2 as documented."""
    from tqdm import tqdm

    files = collect_files(args.paths)
    path = args.warehouse or config.warehouse_path()

    def tell(message: str) -> None:
        print(message, file=sys.stderr)  # noqa: T201

    # A new warehouse version: committed whole when every file was handled, else discarded.
    written = snapshots.WriteResult()
    with snapshots.writing(path, wait_seconds=args.wait, on_wait=tell, result=written) as con:
        results = run_files(
            files,
            con,
            options=options_from(args),
            progress=lambda xs: tqdm(xs, desc="ingest", unit="file", disable=None),
        )
    print(summary_text(results))  # noqa: T201
    xlsx, _ = write_report(results, args.report_dir or Path(path).parent / "validasi")
    label = written.snapshot.label() if written.snapshot else ""
    print(f"\nGudang data: {path} ({label})\nLaporan validasi: {xlsx}")  # noqa: T201
    if any(r.status == STATUS_FAILED for r in results):
        return 2
    return 1 if any(r.rows_rejected for r in results) else 0
