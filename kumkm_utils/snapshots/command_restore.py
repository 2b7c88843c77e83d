"""The ``kumkm restore`` command: list the kept warehouse versions, or restore one."""

from __future__ import annotations

from kumkm_utils.cli import add_warehouse_option
from kumkm_utils.exceptions import WarehouseError
from kumkm_utils.snapshots.layout import KEEP_ENV, KEEP_VERSIONS, list_versions, logical_path
from kumkm_utils.snapshots.pinning import current
from kumkm_utils.snapshots.restoring import restore


def configure(parser) -> None:  # noqa: ANN001 - argparse parser
    """Add the arguments of ``kumkm restore``."""
    parser.description = (
        "Make an earlier version of the whole warehouse current again (as a new version: the "
        "current one stays as a backup). Every 'kumkm ingest' keeps the previous versions "
        f"(the newest {KEEP_VERSIONS}, or ${KEEP_ENV}). To undo one submission inside the "
        "current version use 'kumkm rollback' instead."
    )
    parser.add_argument("version", nargs="?", type=int, help="version number to restore")
    parser.add_argument("--list", action="store_true", help="list the kept versions")
    add_warehouse_option(parser)


def run(args) -> int:  # noqa: ANN001 - argparse namespace
    """List or restore versions; 0 on success."""
    logical = logical_path(args.warehouse)
    if args.list or args.version is None:
        try:
            cur = current(logical).version
        except WarehouseError:
            cur = None
        versions = list_versions(logical)
        if not versions:
            print(f"{logical}: belum ada versi tersimpan")  # noqa: T201
            return 0 if args.list else 2
        print(f"Versi gudang data {logical}:")  # noqa: T201
        for snap in versions:
            mark = "*" if snap.version == cur else " "
            print(f" {mark} {snap.label()}")  # noqa: T201
        print("(* = versi yang sedang dipakai)")  # noqa: T201
        return 0
    snap = restore(logical, args.version)
    print(f"Gudang data {logical} dipulihkan dari versi {args.version}: sekarang {snap.label()}")  # noqa: T201
    return 0
