"""Build many reports in parallel worker processes, incrementally, and keep the manifest.

:func:`run_batch` is what ``kumkm batch``, ``kumkm report`` and ``kumkm pipeline`` call, and what
a JupyterLab user can call from a cell. In order:

1. validate every job's parameters against its notebook (nothing starts if one is wrong);
2. fingerprint each job's inputs and decide what to build: everything with ``force``; with
   ``resume`` only what failed or never finished; otherwise what is new, failed before, has
   changed inputs or lost an output file;
3. run the jobs to build in a process pool (``forkserver``, one kernel per worker; default one
   worker per core), recording each result in the manifest as it arrives, with a progress bar;
4. write the index page.

A report that fails does not stop the others; a worker process that dies takes only its own
job with it (its job is retried once in a fresh pool; the death is recorded in the manifest).
Ctrl-C or SIGTERM stops the workers, marks the running reports ``interrupted`` and removes their
staging folders. A report folder is replaced whole (:mod:`kumkm_utils.runner.publish`): it holds
the previous build or the new one, never a mix.

The steps live in their own modules: :mod:`~kumkm_utils.runner.planning` (checks and
decisions), :mod:`~kumkm_utils.runner.running` (the pool's loop and the manifest records),
:mod:`~kumkm_utils.runner.pool` (the worker processes), :mod:`~kumkm_utils.runner.outcome` (what
a batch did, its summary). This module holds the batch's lock, its warehouse version and the API.

Every report of a batch reads the same warehouse version (:mod:`kumkm_utils.snapshots`),
resolved once when the batch starts, whatever an ingest commits meanwhile; the manifest records
it per report.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from kumkm_utils import config, snapshots
from kumkm_utils.exceptions import RunnerError, WarehouseError
from kumkm_utils.processes import main_hidden
from kumkm_utils.runner import publish
from kumkm_utils.runner.execute import STAGING_DIRNAME
from kumkm_utils.runner.jobs import Job, RunSettings
from kumkm_utils.runner.manifest import Manifest, load_manifest, now_iso, save_manifest
from kumkm_utils.runner.outcome import BatchOutcome, format_summary
from kumkm_utils.runner.planning import Decision, decide, note_missing_data, prepare_parameters
from kumkm_utils.runner.running import build_time, run_jobs

__all__ = [
    "BatchOutcome",
    "Decision",
    "build_reports",
    "build_time",
    "decide",
    "format_summary",
    "prepare_parameters",
    "run_batch",
]

logger = logging.getLogger(__name__)

LOCK_NAME = ".batch.lock"


@contextlib.contextmanager
def _year_lock(year_dir: Path) -> Iterator[None]:
    year_dir.mkdir(parents=True, exist_ok=True)
    fh = open(year_dir / LOCK_NAME, "w")  # noqa: SIM115 - held for the whole batch
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise RunnerError(
                f"another batch is building the reports in {year_dir}; wait for it to finish"
            ) from err
        yield
    finally:
        fh.close()


@contextlib.contextmanager
def _pinned_snapshot(warehouse: Path | str) -> Iterator[snapshots.Snapshot | None]:
    """Resolve the warehouse's current version once and keep it for the whole batch.

    Every report of the batch reads this version, whatever an ingest commits meanwhile; the
    shared lock keeps it from being pruned. None when the warehouse does not exist (the reports
    then fail with the notebook's own message).
    """
    try:
        snap = snapshots.current(warehouse)
    except WarehouseError:
        yield None
        return
    with snapshots.hold(snap):
        yield snap


def run_batch(
    jobs: Sequence[Job],
    *,
    year_dir: Path,
    settings: RunSettings | None = None,
    tahun: int | None = None,
    force: bool = False,
    resume: bool = False,
    write_index: bool = True,
) -> BatchOutcome:
    """Build reports: validate, decide, run in parallel, record, index.

    Parameters
    ----------
    jobs
        The reports to consider (see :mod:`kumkm_utils.runner.jobs`).
    year_dir
        ``reports/<tahun>``: holds the manifest, the index, and staging and log folders.
    settings
        Workers, timeouts, renderer, warehouse.
    tahun
        Recorded in the manifest and shown on the index page.
    force
        Rebuild every job.
    resume
        Build only jobs that failed or never finished (ignores changed inputs).
    write_index
        Rewrite ``index.html`` when something was built or it is missing.

    Returns
    -------
    BatchOutcome
        See :attr:`BatchOutcome.exit_code`.

    Raises
    ------
    ParameterError
        Before anything starts, if any job's parameters are refused.
    RunnerError
        If another batch holds the year's lock or the manifest is unreadable.
    KeyboardInterrupt
        After Ctrl-C / SIGTERM, once the workers are stopped and the manifest is saved.
    """
    settings = settings or RunSettings()
    year_dir = Path(year_dir)
    t0 = time.monotonic()
    outcome = BatchOutcome(year_dir=year_dir)
    with _year_lock(year_dir), _pinned_snapshot(settings.warehouse) as snap:
        manifest = load_manifest(year_dir)
        if tahun is not None:
            manifest.tahun = int(tahun)
        decisions = decide(
            jobs, settings, manifest, year_dir, force=force, resume=resume, snapshot=snap
        )
        outcome.decide_s = time.monotonic() - t0
        todo = _to_build(decisions, outcome, settings, snap)
        staging_root = year_dir / STAGING_DIRNAME
        shutil.rmtree(staging_root, ignore_errors=True)  # leftovers of a killed batch
        publish.recover_folders(year_dir)  # a publish killed between its two renames
        batch_info: dict[str, object] = {
            "started_at": now_iso(),
            "force": force,
            "resume": resume,
            "built": [],
            "failed": [],
            "skipped": outcome.skipped,
            "snapshot": snap.to_dict() if snap is not None else None,
        }
        manifest.last_batch = batch_info
        if todo:
            note_missing_data(todo, snap)
            with main_hidden():
                run_jobs(todo, settings, manifest, year_dir, staging_root, outcome, snap)
        else:
            save_manifest(year_dir, manifest)
        batch_info.update(built=outcome.built, failed=outcome.failed, finished_at=now_iso())
        save_manifest(year_dir, manifest)
        outcome.manifest = manifest
        outcome.index = _index(year_dir, manifest, write=write_index, built=bool(todo))
    outcome.total_s = time.monotonic() - t0
    return outcome


def _to_build(
    decisions: list[Decision],
    outcome: BatchOutcome,
    settings: RunSettings,
    snap: snapshots.Snapshot | None,
) -> list[Decision]:
    """The decisions to build; the others are noted skipped, with every reason."""
    todo = [d for d in decisions if d.build]
    if snap is None and any(d.job.scope is not None for d in todo):
        raise WarehouseError(
            f"gudang data {os.path.abspath(settings.warehouse)} belum ada; muat data dulu "
            "dengan 'kumkm ingest' (tidak ada laporan yang dimulai)"
        )
    outcome.skipped = [d.job.key for d in decisions if not d.build]
    outcome.reasons = {d.job.key: d.reason for d in decisions}
    for d in decisions:
        logger.debug("%s %s: %s", "build" if d.build else "skip", d.job.key, d.reason)
    return todo


def _index(year_dir: Path, manifest: Manifest, *, write: bool, built: bool) -> Path | None:
    """Write the index page (if ``write``) after a build or when missing; the page or None."""
    path = year_dir / "index.html"
    if write and (built or not path.exists()):
        from kumkm_utils.runner.index import write_index

        return write_index(year_dir, manifest)
    return path if path.exists() else None


def build_reports(
    tahun: int,
    provinces: list[str] | None = None,
    *,
    national: bool | None = None,
    workers: int | None = None,
    force: bool = False,
    resume: bool = False,
    warehouse: Path | str | None = None,
    reports_dir: Path | None = None,
    progress: bool = True,
) -> BatchOutcome:
    """Build a year's reports: the chosen provinces (default all 38) and the national roll-up.

    The same runner as ``kumkm batch``; handy from a JupyterLab cell.

    Parameters
    ----------
    tahun
        Evaluation year.
    provinces
        Province codes (strings) or names; None for all.
    national
        Include the national roll-up (default: when all provinces are built and its notebook
        exists).
    workers
        Worker processes (default one per core).
    force, resume
        See :func:`run_batch`.
    warehouse
        Warehouse file (default from :func:`kumkm_utils.config.warehouse_path`).
    reports_dir
        Root of the reports (default ``reports/``).
    progress
        Show the progress bar.

    Returns
    -------
    BatchOutcome
    """
    from kumkm_utils.runner.jobs import year_dir as _year_dir
    from kumkm_utils.runner.jobs import year_jobs

    jobs = year_jobs(tahun, provinces, national=national, reports_dir=reports_dir)
    settings = RunSettings(
        workers=workers,
        progress=progress,
        warehouse=Path(warehouse) if warehouse else config.warehouse_path(),
    )
    return run_batch(
        jobs,
        year_dir=_year_dir(tahun, reports_dir),
        settings=settings,
        tahun=tahun,
        force=force,
        resume=resume,
    )
