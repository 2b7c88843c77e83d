"""``kumkm templates``: write the Excel input templates (and the data dictionary if asked)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kumkm_utils.schemas import DATASETS
from kumkm_utils.templates.dictionary import write_data_dictionary
from kumkm_utils.templates.workbook import write_templates


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm templates``."""
    parser.add_argument(
        "outdir",
        type=Path,
        help="folder for the templates (koperasi.xlsx, umkm.xlsx, program.xlsx, makro.xlsx)",
    )
    parser.add_argument(
        "--dataset",
        action="append",
        choices=list(DATASETS),
        dest="datasets",
        help="write only this dataset (repeatable); default all",
    )
    parser.add_argument(
        "--dictionary",
        type=Path,
        metavar="PATH",
        help="also write the Markdown data dictionary to PATH "
        "(the project's copy is docs/data_dictionary.md)",
    )


def run(args: argparse.Namespace) -> int:
    """Write the templates (and the data dictionary if asked); return 0."""
    paths = write_templates(args.outdir, args.datasets)
    for path in paths:
        print(path)  # noqa: T201 - the command's output is the list of files written
    if args.dictionary is not None:
        print(write_data_dictionary(args.dictionary))  # noqa: T201
    return 0
