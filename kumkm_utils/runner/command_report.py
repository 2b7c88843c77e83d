"""``kumkm report``: build the report of one province (or the national roll-up)."""

from __future__ import annotations

import argparse
import sys

from kumkm_utils.runner.command_batch import add_run_options, report_outcome


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm report``."""
    parser.add_argument(
        "--province",
        required=True,
        help='province code as in the data, e.g. 74 (or a name; "nasional" or 00 '
        "for the national roll-up)",
    )
    add_run_options(parser)
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="another notebook parameter, converted by its declared type "
        "(e.g. --param tahun_rencana=2027); may be repeated",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``kumkm report``; exit status 0 when the report was built or was up to date."""
    from kumkm_utils.runner.batch import run_batch
    from kumkm_utils.runner.data_years import check_data_for_year
    from kumkm_utils.runner.jobs import (
        NATIONAL_KEY,
        NATIONAL_NOTEBOOK,
        PROVINCE_NOTEBOOK,
        RunSettings,
        national_job,
        province_job,
        year_dir,
    )
    from kumkm_utils.runner.overrides import parse_cli_assignment, refuse_runner_owned

    national = args.province.strip().lower() in ("nasional", "national", NATIONAL_KEY)
    notebook = NATIONAL_NOTEBOOK if national else PROVINCE_NOTEBOOK
    for assignment in args.param:
        refuse_runner_owned(assignment.partition("=")[0].strip())
    extra = dict(parse_cli_assignment(notebook, a) for a in args.param)
    if national:
        job = national_job(args.year, reports_dir=args.reports_dir, extra=extra)
    else:
        job = province_job(args.province, args.year, reports_dir=args.reports_dir, extra=extra)
    # Before any kernel starts: a year (or province) without data is refused, listing the
    # years that have data; datasets missing for the year are named.
    missing = check_data_for_year(
        args.warehouse, None if national else job.key, args.year, label=job.label
    )
    if missing:
        print(  # noqa: T201
            f"peringatan: {job.label} tahun {args.year} belum ada data "
            f"{', '.join(missing)}; laporan dibuat tanpa bagian itu",
            file=sys.stderr,
        )
    settings = RunSettings(
        workers=1,
        execution_timeout=args.timeout,
        progress=not args.no_progress,
        **({"warehouse": args.warehouse} if args.warehouse else {}),
    )
    outcome = run_batch(
        [job],
        year_dir=year_dir(args.year, args.reports_dir),
        settings=settings,
        tahun=args.year,
        force=args.force,
    )
    report_outcome(outcome)
    record = outcome.manifest.jobs.get(job.key)
    if record is not None and record.outputs:
        print(f"laporan {job.label}:")  # noqa: T201
        for kind, path in sorted(record.outputs.items()):
            print(f"  {kind:<10} {outcome.year_dir / path}")  # noqa: T201
    return outcome.exit_code
