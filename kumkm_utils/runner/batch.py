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

Every report of a batch reads the same warehouse version (:mod:`kumkm_utils.snapshots`),
resolved once when the batch starts, whatever an ingest commits meanwhile; the manifest records
it per report.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import multiprocessing
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from multiprocessing.process import BaseProcess
from pathlib import Path

from kumkm_utils import config, formatting, snapshots
from kumkm_utils.exceptions import RunnerError, WarehouseError
from kumkm_utils.processes import main_hidden, mp_context
from kumkm_utils.runner import failures, hashing, publish
from kumkm_utils.runner.execute import FAILED_NOTEBOOK, LOG_DIRNAME, STAGING_DIRNAME, run_job
from kumkm_utils.runner.failures import ExecutionFailure
from kumkm_utils.runner.jobs import Job, JobResult, RunSettings
from kumkm_utils.runner.manifest import (
    INTERRUPTED,
    RUNNING,
    SUCCEEDED,
    JobRecord,
    Manifest,
    code_version,
    load_manifest,
    now_iso,
    relative,
    save_manifest,
)
from kumkm_utils.runner.parameters import declared_parameters, validate_parameters

logger = logging.getLogger(__name__)

LOCK_NAME = ".batch.lock"


@dataclass
class Decision:
    """Whether a job is built in this batch, and why."""

    job: Job
    parameters: dict[str, object]
    hashes: hashing.InputHashes
    build: bool
    reason: str
    missing_data: list[str] = field(default_factory=list)


@dataclass
class BatchOutcome:
    """What a batch did.

    Attributes
    ----------
    built, failed, skipped, interrupted
        Job keys by outcome (``built`` holds the successful builds).
    manifest
        The manifest after the batch.
    year_dir
        The year folder.
    index
        The index page, if written.
    decide_s, total_s
        Seconds spent validating and deciding, and in the whole batch.
    reasons
        Why each job was built or skipped (``"unchanged"``, ``"changed: data"``, ...).
    """

    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    interrupted: list[str] = field(default_factory=list)
    manifest: Manifest = field(default_factory=Manifest)
    year_dir: Path = Path()
    index: Path | None = None
    decide_s: float = 0.0
    total_s: float = 0.0
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when nothing failed, 1 otherwise (130 after an interruption)."""
        if self.interrupted:
            return 130
        return 1 if self.failed else 0


# ----------------------------------------------------------------------------- helpers


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


def build_time(snapshot: snapshots.Snapshot | None) -> str | None:
    """The time printed in a report as its date: taken from its inputs, so rebuilds match.

    ``$SOURCE_DATE_EPOCH`` when set (reproducible-builds.org convention), else the commit time
    of the warehouse version, else the warehouse file's modification time (UTC, ISO 8601).
    """
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).isoformat(timespec="seconds")
    if snapshot is None:
        return None
    if snapshot.created_at:
        return snapshot.created_at
    with contextlib.suppress(OSError):
        mtime = int(snapshot.file.stat().st_mtime)
        return dt.datetime.fromtimestamp(mtime, dt.UTC).isoformat(timespec="seconds")
    return None


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


class _DropPapermillUnknownParameter(logging.Filter):
    """Papermill's own check misreads ``x: int | None`` as no parameter; ours already ran."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Passed unknown parameter")


def _stop_template() -> None:
    from kumkm_utils.runner import warmkernel

    warmkernel.stop_template()  # the template and its socket folder (kumkm-warm-*)


def _on_sigterm(signum: int, frame: object) -> None:
    _stop_template()
    os._exit(128 + signum)


def _worker_init(main_pid: int) -> None:
    import multiprocessing.util

    from kumkm_utils.procwatch import watch_parent

    # Ctrl-C reaches the whole process group; the main process decides and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Stopped by the main process (SIGTERM) or at the pool's end: remove the warm template and
    # its socket folder; multiprocessing children skip atexit, so a Finalize does it.
    signal.signal(signal.SIGTERM, _on_sigterm)
    multiprocessing.util.Finalize(None, _stop_template, exitpriority=10)
    watch_parent(main_pid)
    # Messages go to stderr, which run_job points at the report's log file.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    logging.getLogger("papermill").addFilter(_DropPapermillUnknownParameter())


_PRELOAD = ["kumkm_utils.runner.worker_imports"]


class _WorkerPool:
    """A process pool whose workers the batch can stop (Ctrl-C, SIGTERM, a broken pool).

    The workers are found through :func:`multiprocessing.active_children`: the children this
    process started after the pool was made (the batch starts no other children meanwhile), so
    no private attribute of :class:`~concurrent.futures.ProcessPoolExecutor` is read.
    """

    def __init__(self, workers: int) -> None:
        self._before = set(multiprocessing.active_children())
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp_context(_PRELOAD),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )

    def processes(self) -> list[BaseProcess]:
        """The pool's live worker processes."""
        return [p for p in multiprocessing.active_children() if p not in self._before]

    def stop(self) -> None:
        """Cancel what is queued and end the workers: SIGTERM, then SIGKILL after 5 s."""
        terminate = getattr(self.executor, "terminate_workers", None)  # Python >= 3.14
        if terminate is not None:
            terminate()
            return
        processes = self.processes()  # before shutdown(), which stops tracking them
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            with contextlib.suppress(OSError):
                proc.terminate()
        deadline = time.monotonic() + 5
        for proc in processes:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(1)


def prepare_parameters(job: Job, settings: RunSettings) -> dict[str, object]:
    """Validate a job's parameters and fill in ``warehouse`` and ``output_dir`` if declared.

    ``warehouse`` becomes the settings' warehouse path; ``output_dir`` stays None here and is set
    by the worker to the run's staging folder.

    Raises
    ------
    ParameterError
        If a name is unknown or a value has the wrong type.
    """
    params = validate_parameters(job.notebook, job.parameters)
    declared = declared_parameters(job.notebook)
    if "warehouse" in declared and params.get("warehouse") is None:
        # the logical warehouse (not resolved through its version link): a new version must
        # not count as a change of parameters, only as a change of the data it holds
        params["warehouse"] = os.path.abspath(settings.warehouse)
    if "output_dir" in declared:
        params.setdefault("output_dir", None)
    return params


def _outputs_present(record: JobRecord, year_dir: Path) -> bool:
    return bool(record.outputs) and all((year_dir / p).exists() for p in record.outputs.values())


def decide(
    jobs: Sequence[Job],
    settings: RunSettings,
    manifest: Manifest,
    year_dir: Path,
    *,
    force: bool = False,
    resume: bool = False,
    snapshot: snapshots.Snapshot | None = None,
) -> list[Decision]:
    """Validate every job and decide which to build.

    ``snapshot`` is the warehouse version the batch reads (default: the current one).

    Raises
    ------
    ParameterError
        Naming every job whose parameters are refused; no job is started.
    RunnerError
        If two jobs share a key.
    """
    from kumkm_utils.exceptions import ParameterError

    keys = [j.key for j in jobs]
    if len(set(keys)) != len(keys):
        raise RunnerError(f"two jobs share a key: {sorted(k for k in keys if keys.count(k) > 1)}")
    params: dict[str, dict[str, object]] = {}
    problems: list[str] = []
    for job in jobs:
        try:
            params[job.key] = prepare_parameters(job, settings)
        except ParameterError as err:
            problems.append(f"{job.key} ({job.label}): {err}")
    if problems:
        raise ParameterError("no report was started:\n" + "\n".join(problems))

    code = hashing.code_digest()
    notebooks: dict[Path, str] = {}
    cache = manifest.warehouse_cache
    wh_file = str(snapshot.file if snapshot is not None else Path(settings.warehouse).resolve())
    cached = hashing.WarehouseDigest.from_dict(cache) if cache.get("path") == wh_file else None
    wh = hashing.warehouse_digest(wh_file, cached=cached)
    manifest.warehouse_cache = {"path": wh_file, **wh.to_dict()}

    decisions = []
    for job in jobs:
        if job.notebook not in notebooks:
            notebooks[job.notebook] = hashing.notebook_digest(job.notebook)
        hashes = hashing.InputHashes(
            notebook=notebooks[job.notebook],
            code=code,
            parameters=hashing.digest_json(params[job.key]),
            data=wh.scope(job.scope),
        )
        record = manifest.jobs.get(job.key)
        if force:
            build, reason = True, "forced"
        elif record is None:
            build, reason = True, "never built"
        elif record.status != SUCCEEDED:
            build, reason = True, f"last run {record.status}"
        elif resume:
            build, reason = False, "succeeded before"
        elif record.input_hashes.get("combined") != hashes.combined:
            changed = [
                k
                for k, v in hashes.to_dict().items()
                if k != "combined" and record.input_hashes.get(k) != v
            ]
            build, reason = True, "changed: " + ", ".join(changed)
        elif not _outputs_present(record, year_dir):
            build, reason = True, "outputs missing"
        else:
            build, reason = False, "unchanged"
        decisions.append(Decision(job, params[job.key], hashes, build, reason))
    return decisions


def _apply_result(
    manifest: Manifest, result: JobResult, decision: Decision, year_dir: Path
) -> JobRecord:
    record = manifest.jobs[decision.job.key]
    for old in record.apply(result, year_dir, decision.missing_data):
        (year_dir / old).unlink(missing_ok=True)
    if result.succeeded:
        (decision.job.output_dir / FAILED_NOTEBOOK).unlink(missing_ok=True)
    return record


WORKER_DIED = (
    "sebuah proses pekerja mati (kehabisan memori atau dihentikan dari luar?) saat laporan ini "
    "dibangun; laporan dicoba ulang sekali di proses baru"
)


def _record_worker_death(manifest: Manifest, key: str) -> None:
    """Note in the manifest that a worker died while building ``key`` (it is retried once)."""
    record = manifest.jobs.get(key)
    if record is not None:
        record.worker_deaths.append(f"{now_iso()} {WORKER_DIED}")
    deaths = manifest.last_batch.setdefault("worker_deaths", [])
    if isinstance(deaths, list):
        deaths.append({"key": key, "at": now_iso()})


def _note_missing_data(todo: list[Decision], snap: snapshots.Snapshot | None) -> None:
    """Name, per report, the datasets without rows for its year (the warehouse read once)."""
    from kumkm_utils.exceptions import ParameterError
    from kumkm_utils.runner.parameters import data_years_of, missing_for_year

    wanted: dict[str, tuple[str | None, int]] = {}
    for d in todo:
        province, year = d.parameters.get("kode_provinsi"), d.parameters.get("tahun_evaluasi")
        if d.job.scope is not None and isinstance(year, int):
            wanted[d.job.key] = (province if isinstance(province, str) else None, year)
    if snap is None or not wanted:
        return
    try:
        years = data_years_of(snap.file, [p for p, _ in wanted.values()])
    except ParameterError:  # unreadable: the reports fail with their own message
        return
    for d in todo:
        if d.job.key in wanted:
            province, year = wanted[d.job.key]
            d.missing_data = missing_for_year(years[province], year)


def _pin(
    parameters: dict[str, object], settings: RunSettings, snap: snapshots.Snapshot | None
) -> dict[str, object]:
    """Point a job at the batch's warehouse version instead of the logical warehouse."""
    params = dict(parameters)
    if snap is not None and params.get("warehouse") == os.path.abspath(settings.warehouse):
        params["warehouse"] = str(snap.file)
    return params


def _failure(decision: Decision, error: ExecutionFailure) -> JobResult:
    """The result of a job whose worker died or crashed before it could report."""
    return JobResult(decision.job.key, finished_at=now_iso(), error=error)


# ----------------------------------------------------------------------------- the batch


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
            _note_missing_data(todo, snap)
            with main_hidden():
                _run_jobs(todo, settings, manifest, year_dir, staging_root, outcome, snap)
        else:
            save_manifest(year_dir, manifest)
        batch_info.update(built=outcome.built, failed=outcome.failed, finished_at=now_iso())
        save_manifest(year_dir, manifest)
        outcome.manifest = manifest
        index_path = year_dir / "index.html"
        if write_index and (todo or not index_path.exists()):
            from kumkm_utils.runner.index import write_index as _write_index

            outcome.index = _write_index(year_dir, manifest)
        elif index_path.exists():
            outcome.index = index_path
    outcome.total_s = time.monotonic() - t0
    return outcome


def _run_jobs(
    todo: list[Decision],
    settings: RunSettings,
    manifest: Manifest,
    year_dir: Path,
    staging_root: Path,
    outcome: BatchOutcome,
    snap: snapshots.Snapshot | None = None,
) -> None:
    from tqdm.auto import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    version = code_version()
    log_dir = year_dir / LOG_DIRNAME
    if settings.warm_kernels and not settings.preload:
        from kumkm_utils.runner.warmkernel import notebook_imports

        settings = replace(
            settings, preload=tuple(notebook_imports({d.job.notebook for d in todo}))
        )
    for d in todo:
        previous = manifest.jobs.get(d.job.key)
        record = JobRecord(
            key=d.job.key,
            label=d.job.label,
            notebook=relative(d.job.notebook, config.PROJ_ROOT) or "",
            output_dir=relative(d.job.output_dir, year_dir) or "",
        )
        if previous is not None:  # keep the last good outputs until new ones replace them
            record.outputs, record.outputs_built_at = previous.outputs, previous.outputs_built_at
            record.headline, record.is_synthetic = previous.headline, previous.is_synthetic
        record.status, record.started_at = RUNNING, now_iso()
        record.parameters = {k: v for k, v in d.parameters.items() if k != "output_dir"}
        record.input_hashes, record.code_version = d.hashes.to_dict(), version
        record.snapshot = snap.to_dict() if snap is not None else None
        manifest.jobs[d.job.key] = record
    save_manifest(year_dir, manifest)

    workers = max(1, min(settings.workers or os.cpu_count() or 1, len(todo)))
    if settings.report_threads is None:  # each kernel's DuckDB gets its share of the cores
        settings = replace(settings, report_threads=max(1, (os.cpu_count() or 1) // workers))
    queue = list(todo)
    generated_at = build_time(snap)
    requeued: set[str] = set()
    in_flight: dict[Future, Decision] = {}
    bar = tqdm(
        total=len(todo),
        desc=f"Laporan {manifest.tahun or ''}".strip(),
        unit="laporan",
        disable=None if settings.progress else True,
        dynamic_ncols=True,
    )

    def postfix() -> None:
        bar.set_postfix_str(
            f"selesai={len(outcome.built)} gagal={len(outcome.failed)} "
            f"dilewati={len(outcome.skipped)} sisa={len(queue) + len(in_flight)}"
        )

    pool = _WorkerPool(workers)
    postfix()
    try:
        with _sigterm_as_interrupt(), logging_redirect_tqdm():
            while queue or in_flight:
                while queue and len(in_flight) < workers:
                    d = queue.pop(0)
                    meta = {
                        "code_version": version,
                        "input_hashes": d.hashes.to_dict(),
                        "tahun": manifest.tahun,
                        "generated_at": generated_at,
                        "snapshot": snap.label() if snap is not None else None,
                    }
                    fut = pool.executor.submit(
                        run_job,
                        d.job,
                        _pin(d.parameters, settings, snap),
                        settings,
                        staging_root=staging_root,
                        log_dir=log_dir,
                        meta=meta,
                    )
                    in_flight[fut] = d
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken = False
                for fut in done:
                    d = in_flight.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        _record_worker_death(manifest, d.job.key)
                        if d.job.key not in requeued:
                            requeued.add(d.job.key)
                            queue.insert(0, d)
                            continue
                        result = _failure(d, failures.worker_died())
                    except Exception as err:  # noqa: BLE001 - one job's crash must not stop the batch
                        logger.exception("job %s crashed in its worker", d.job.key)
                        result = _failure(d, failures.crashed(err))
                    record = _apply_result(manifest, result, d, year_dir)
                    (outcome.built if record.status == SUCCEEDED else outcome.failed).append(
                        d.job.key
                    )
                    save_manifest(year_dir, manifest)
                    logger.info(
                        "%s %s (%s): %s in %.1f s",
                        "OK" if record.status == SUCCEEDED else "GAGAL",
                        d.job.key,
                        d.job.label,
                        record.status,
                        record.duration_s or 0.0,
                    )
                    bar.update(1)
                    postfix()
                if broken:
                    # The pool is unusable: requeue the other in-flight jobs and start a new one.
                    for fut, d in list(in_flight.items()):
                        _record_worker_death(manifest, d.job.key)
                        if d.job.key not in requeued:
                            requeued.add(d.job.key)
                            queue.insert(0, d)
                        in_flight.pop(fut)
                    pool.stop()
                    pool = _WorkerPool(workers)
    except KeyboardInterrupt:
        outcome.interrupted = [d.job.key for d in list(in_flight.values()) + queue]
        pool.stop()
        for key in outcome.interrupted:
            rec = manifest.jobs[key]
            rec.status, rec.finished_at = INTERRUPTED, now_iso()
        manifest.last_batch.update(interrupted=outcome.interrupted, finished_at=now_iso())
        save_manifest(year_dir, manifest)
        shutil.rmtree(staging_root, ignore_errors=True)
        bar.close()
        raise
    except BaseException:
        # e.g. a full disk while saving the manifest: stop the workers before the error goes up
        pool.stop()
        shutil.rmtree(staging_root, ignore_errors=True)
        bar.close()
        raise
    pool.executor.shutdown(wait=True)
    bar.close()
    shutil.rmtree(staging_root, ignore_errors=True)


def format_summary(outcome: BatchOutcome) -> str:
    """Return a plain-text summary of a batch, with a table of the failed reports.

    Examples
    --------
    >>> print(format_summary(BatchOutcome(built=["74"], skipped=["11"])))
    dibangun 1, gagal 0, dilewati 1 (0,0 s)
    """
    seconds = formatting.angka(outcome.total_s, 1)
    lines = [
        f"dibangun {len(outcome.built)}, gagal {len(outcome.failed)}, "
        f"dilewati {len(outcome.skipped)}"
        + (f", terhenti {len(outcome.interrupted)}" if outcome.interrupted else "")
        + f" ({seconds} s)"
    ]
    if outcome.failed:
        rows = [("kode", "laporan", "galat", "pesan", "notebook")]
        for key in outcome.failed:
            rec = outcome.manifest.jobs.get(key)
            err = (rec.error if rec else None) or {}
            message = str(err.get("message", "")).strip().splitlines()
            rows.append(
                (
                    key,
                    rec.label if rec else "",
                    f"{err.get('kind', '')}/{err.get('type', '')}",
                    (message[0] if message else "")[:70],
                    str(outcome.year_dir / rec.failed_notebook)
                    if rec and rec.failed_notebook
                    else "-",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        lines.append("laporan yang gagal:")
        for r in rows:
            lines.append(
                "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1]
            )
    return "\n".join(lines)


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
