"""The ``kumkm`` command line: one subcommand per job, each defined in its own module.

A command module exposes ``configure(parser)`` (adds its arguments) and ``run(args) -> int``
(the exit status). Modules are imported only when their command runs, so ``kumkm --help``
stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from kumkm_utils import __version__
from kumkm_utils.exceptions import KumkmError

COMMANDS: dict[str, tuple[str, str]] = {
    "templates": (
        "kumkm_utils.templates.command",
        "write the Excel input templates, one per dataset",
    ),
    "sample": ("kumkm_utils.sample.command", "generate the synthetic sample submissions"),
    "validate": ("kumkm_utils.ingest.command_validate", "check submission files (dry run)"),
    "ingest": ("kumkm_utils.ingest.command_ingest", "validate and load files into the warehouse"),
    "submissions": (
        "kumkm_utils.ingest.command_submissions",
        "list loaded files: sha256, time, rows, status",
    ),
    "rollback": ("kumkm_utils.ingest.command_rollback", "undo loads, restoring what they replaced"),
    "check": ("kumkm_utils.warehouse_check", "verify the warehouse (blocks and counts)"),
    "restore": (
        "kumkm_utils.snapshots.command_restore",
        "make an earlier warehouse version current again",
    ),
    "export": ("kumkm_utils.warehouse_export", "export a warehouse table to Parquet"),
    "report": ("kumkm_utils.runner.command_report", "build the report of one province"),
    "batch": ("kumkm_utils.runner.command_batch", "build the reports of many provinces"),
    "pipeline": ("kumkm_utils.pipeline", "sample, ingest, all reports and the index"),
    "targets": ("kumkm_utils.targets.usulan", "write next year's target workbooks (--propose)"),
}


EXIT_OK = 0
EXIT_REJECTED = 1
"""Some rows were rejected (ingest) or some reports failed (report, batch); the rest was done."""
EXIT_FAILED = 2
"""The command could not run: bad arguments, missing or unreadable input, disk full, ..."""
EXIT_CORRUPT = 3
"""The warehouse fails its check; nothing was written (restore with ``kumkm restore``)."""
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = """exit status (every command):
  0    done
  1    done, but some rows were rejected (ingest) or some reports failed (report, batch)
  2    could not run: bad arguments, unreadable input, disk full, permission denied, ...
  3    the warehouse fails its check; nothing was written (see 'kumkm check', 'kumkm restore')
  130  interrupted (Ctrl-C, SIGTERM)
errors are one sentence; 'kumkm -v COMMAND' shows the details (traceback)."""


def add_warehouse_option(parser: argparse.ArgumentParser) -> None:
    """The ``--warehouse`` option every command that reads or writes the warehouse takes."""
    from pathlib import Path

    from kumkm_utils import config

    parser.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help=f"DuckDB file (default ${config.WAREHOUSE_ENV} or data/warehouse.duckdb)",
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kumkm",
        description="KUMKM Rakorda workbook: templates, sample data, ingestion and reports.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = next((a for a in sys.argv[1:] if a in COMMANDS), None)
    for name, (module_name, help_text) in COMMANDS.items():
        sp = sub.add_parser(
            name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
        )
        if name == wanted:
            module = importlib.import_module(module_name)
            module.configure(sp)
            sp.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``kumkm`` command line and return its exit status."""
    if argv is not None:
        sys.argv = [sys.argv[0], *argv]
    parser = _build_parser()
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(message)s",
    )
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        print(f"kumkm {args.command}: dihentikan", file=sys.stderr)  # noqa: T201
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001 - every fault becomes one sentence and an exit code
        message, code = describe_fault(err)
        if args.verbose:
            logging.getLogger("kumkm_utils").exception("kumkm %s", args.command)
        print(f"kumkm {args.command}: {message}", file=sys.stderr)  # noqa: T201
        if code == EXIT_FAILED and not isinstance(err, KumkmError) and not args.verbose:
            print("(jalankan dengan 'kumkm -v ...' untuk melihat rinciannya)", file=sys.stderr)  # noqa: T201
        return code


def describe_fault(err: BaseException) -> tuple[str, int]:
    """Return one Indonesian sentence and the exit status for an error that stopped a command.

    Examples
    --------
    >>> describe_fault(OSError(28, "No space left on device", "/data/x"))[1]
    2
    """
    from kumkm_utils.exceptions import WarehouseCorruptError
    from kumkm_utils.files import is_disk_full

    if isinstance(err, WarehouseCorruptError):
        return str(err), EXIT_CORRUPT
    if isinstance(err, KumkmError):
        return str(err), EXIT_FAILED
    where = getattr(err, "filename", None)
    where = f" ({where})" if where else ""
    text = str(err).lower()
    if is_disk_full(err):
        return (
            f"disk penuh{where}: kosongkan ruang lalu ulangi; tidak ada yang diubah setengah "
            "jalan (gudang data dan laporan yang lama tetap utuh)",
            EXIT_FAILED,
        )
    if isinstance(err, PermissionError) or "permission denied" in text:
        return (
            f"izin ditolak{where}: periksa hak akses berkas/folder itu untuk pengguna ini",
            EXIT_FAILED,
        )
    if isinstance(err, FileNotFoundError):
        return f"berkas atau folder tidak ditemukan{where}", EXIT_FAILED
    if isinstance(err, OSError):
        return f"galat berkas{where}: {err.strerror or err}", EXIT_FAILED
    if type(err).__module__.startswith(("duckdb", "_duckdb")):
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return (
            f"gudang data tidak dapat dibaca atau ditulis ({first[:200]}); periksa dengan "
            "'kumkm check'",
            EXIT_CORRUPT if "corrupt" in text or "checksum" in text else EXIT_FAILED,
        )
    return f"galat internal {type(err).__name__}: {err}", EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
