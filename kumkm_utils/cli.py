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
    "templates": ("kumkm_utils.templates", "write the Excel input templates, one per dataset"),
    "sample": ("kumkm_utils.sample.command", "generate the synthetic sample submissions"),
    "validate": ("kumkm_utils.ingest.command_validate", "check submission files (dry run)"),
    "ingest": ("kumkm_utils.ingest.command_ingest", "validate and load files into the warehouse"),
    "export": ("kumkm_utils.warehouse_export", "export a warehouse table to Parquet"),
    "report": ("kumkm_utils.runner.command_report", "build the report of one province"),
    "batch": ("kumkm_utils.runner.command_batch", "build the reports of many provinces"),
    "pipeline": ("kumkm_utils.pipeline", "sample, ingest, all reports and the index"),
    "targets": ("kumkm_utils.targets.usulan", "write next year's target workbooks (--propose)"),
}


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kumkm",
        description="KUMKM Rakorda workbook: templates, sample data, ingestion and reports.",
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
    except KumkmError as err:
        print(f"kumkm {args.command}: {err}", file=sys.stderr)  # noqa: T201
        return 2
    except KeyboardInterrupt:
        print(f"kumkm {args.command}: interrupted", file=sys.stderr)  # noqa: T201
        return 130


if __name__ == "__main__":
    sys.exit(main())
