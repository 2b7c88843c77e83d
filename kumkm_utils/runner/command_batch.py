"""``kumkm batch``: build the reports of many provinces (and the national roll-up) in parallel."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from kumkm_utils.cli import add_warehouse_option

if TYPE_CHECKING:
    from kumkm_utils.runner.outcome import BatchOutcome

logger = logging.getLogger(__name__)


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``kumkm batch``, ``kumkm report`` and ``kumkm pipeline``."""
    parser.add_argument("--year", type=int, required=True, help="evaluation year, e.g. 2025")
    add_warehouse_option(parser)
    parser.add_argument(
        "--reports-dir",
        type=Path,
        default=None,
        help="root folder of the reports (default: reports/)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=900.0,
        help="seconds one notebook cell may run before the report is stopped (default 900)",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm batch``."""
    add_run_options(parser)
    parser.add_argument(
        "--provinces",
        default=None,
        help="comma-separated province codes, e.g. 61,62 (default: all 38)",
    )
    parser.add_argument(
        "--national",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also build the national roll-up (default: when all provinces are built)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="parallel worker processes, one kernel each (default: one per core)",
    )
    parser.add_argument(
        "--resume", action="store_true", help="build only the reports that failed or never finished"
    )


def provinces_arg(text: str | None) -> list[str] | None:
    """Split ``"61, 62"`` into ``["61", "62"]`` (codes stay strings)."""
    if text is None:
        return None
    return [p.strip() for p in text.split(",") if p.strip()]


def report_outcome(outcome: BatchOutcome) -> None:
    """Print the summary and where the outputs are."""
    from kumkm_utils.runner.outcome import format_summary

    print(format_summary(outcome))  # noqa: T201
    if outcome.index is not None:
        print(f"indeks: {outcome.index}")  # noqa: T201
    print(f"manifest: {outcome.year_dir / 'manifest.json'}")  # noqa: T201


def run(args: argparse.Namespace) -> int:
    """Run ``kumkm batch``; exit status 0 when every report was built or skipped, 1 otherwise."""
    from kumkm_utils.exceptions import RunnerError
    from kumkm_utils.runner.batch import run_batch
    from kumkm_utils.runner.jobs import RunSettings, year_dir, year_jobs

    if args.force and args.resume:
        raise RunnerError("--force and --resume exclude each other")
    if args.workers is not None and args.workers < 1:
        raise RunnerError("--workers must be at least 1")
    from kumkm_utils.runner.data_years import check_data_for_year

    # A year without any data is refused before any kernel starts (listing the years that have).
    check_data_for_year(args.warehouse, None, args.year, label="provinsi mana pun")
    jobs = year_jobs(
        args.year,
        provinces_arg(args.provinces),
        national=args.national,
        reports_dir=args.reports_dir,
    )
    settings = RunSettings(
        workers=args.workers,
        execution_timeout=args.timeout,
        progress=not args.no_progress,
        **({"warehouse": args.warehouse} if args.warehouse else {}),
    )
    outcome = run_batch(
        jobs,
        year_dir=year_dir(args.year, args.reports_dir),
        settings=settings,
        tahun=args.year,
        force=args.force,
        resume=args.resume,
    )
    report_outcome(outcome)
    return outcome.exit_code
