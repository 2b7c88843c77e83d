"""Run the jobs a batch decided to build in the worker pool, recording each result as it arrives.

Each report's record is marked ``running`` (keeping its last good outputs) before the pool
starts; each result is written to the manifest when it arrives, with a progress bar. A worker
process that dies breaks the pool: the jobs in flight are retried once in a fresh pool and the
death is recorded. Ctrl-C or SIGTERM stops the workers, marks the running reports
``interrupted`` and removes the staging folder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kumkm_utils import config, snapshots
from kumkm_utils.runner import failures
from kumkm_utils.runner.execute import FAILED_NOTEBOOK, LOG_DIRNAME, run_job
from kumkm_utils.runner.failures import ExecutionFailure
from kumkm_utils.runner.jobs import JobResult, RunSettings
from kumkm_utils.runner.manifest import (
    INTERRUPTED,
    RUNNING,
    SUCCEEDED,
    JobRecord,
    Manifest,
    code_version,
    now_iso,
    relative,
    save_manifest,
)
from kumkm_utils.runner.outcome import BatchOutcome
from kumkm_utils.runner.planning import Decision
from kumkm_utils.runner.pool import WorkerPool

logger = logging.getLogger(__name__)

WORKER_DIED = (
    "sebuah proses pekerja mati (kehabisan memori atau dihentikan dari luar?) saat laporan ini "
    "dibangun; laporan dicoba ulang sekali di proses baru"
)


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


def _worker_settings(settings: RunSettings, todo: list[Decision], workers: int) -> RunSettings:
    """The settings the workers get: the imports to preload and each kernel's thread share."""
    if settings.warm_kernels and not settings.preload:
        from kumkm_utils.runner.warmkernel import notebook_imports

        preload = tuple(notebook_imports({d.job.notebook for d in todo}))
        settings = replace(settings, preload=preload)
    if settings.report_threads is None:  # each kernel's DuckDB gets its share of the cores
        settings = replace(settings, report_threads=max(1, (os.cpu_count() or 1) // workers))
    return settings


def _mark_running(
    todo: list[Decision],
    manifest: Manifest,
    year_dir: Path,
    version: dict[str, object],
    snap: snapshots.Snapshot | None,
) -> None:
    """Record every job to build as ``running``, keeping its last good outputs listed."""
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
            record.missing_data = previous.missing_data
        record.status, record.started_at = RUNNING, now_iso()
        record.parameters = {k: v for k, v in d.parameters.items() if k != "output_dir"}
        record.input_hashes, record.code_version = d.hashes.to_dict(), version
        record.snapshot = snap.to_dict() if snap is not None else None
        manifest.jobs[d.job.key] = record


@dataclass
class _Batch:
    """The state of the jobs being run: queued, in flight, retried after a worker's death."""

    todo: list[Decision]
    settings: RunSettings
    manifest: Manifest
    year_dir: Path
    staging_root: Path
    outcome: BatchOutcome
    snap: snapshots.Snapshot | None
    workers: int
    version: dict[str, object]
    queue: list[Decision] = field(default_factory=list)
    in_flight: dict[Future, Decision] = field(default_factory=dict)
    requeued: set[str] = field(default_factory=set)
    bar: Any = None

    def submit(self, pool: WorkerPool, d: Decision) -> None:
        """Start ``d`` in a worker."""
        meta = {
            "code_version": self.version,
            "input_hashes": d.hashes.to_dict(),
            "tahun": self.manifest.tahun,
            "generated_at": build_time(self.snap),
            "snapshot": self.snap.label() if self.snap is not None else None,
            "missing_data": list(d.missing_data),  # the banner names what the index names
        }
        fut = pool.executor.submit(
            run_job,
            d.job,
            _pin(d.parameters, self.settings, self.snap),
            self.settings,
            staging_root=self.staging_root,
            log_dir=self.year_dir / LOG_DIRNAME,
            meta=meta,
        )
        self.in_flight[fut] = d

    def collect(self, done: set[Future]) -> bool:
        """Record the finished jobs; True when a worker died (the pool is then broken)."""
        broken = False
        for fut in done:
            d = self.in_flight.pop(fut)
            try:
                result = fut.result()
            except BrokenProcessPool:
                broken = True
                if self.requeue(d):
                    continue
                result = _failure(d, failures.worker_died())
            except Exception as err:  # noqa: BLE001 - one job's crash must not stop the batch
                logger.exception("job %s crashed in its worker", d.job.key)
                result = _failure(d, failures.crashed(err))
            self.record(d, result)
        return broken

    def requeue(self, d: Decision) -> bool:
        """Record a worker's death while building ``d``; queue it again unless it was already."""
        self.record_worker_death(d.job.key)
        if d.job.key in self.requeued:
            return False
        self.requeued.add(d.job.key)
        self.queue.insert(0, d)
        return True

    def record_worker_death(self, key: str) -> None:
        """Note in the manifest that a worker died while building ``key``."""
        record = self.manifest.jobs.get(key)
        if record is not None:
            record.worker_deaths.append(f"{now_iso()} {WORKER_DIED}")
        deaths = self.manifest.last_batch.setdefault("worker_deaths", [])
        if isinstance(deaths, list):
            deaths.append({"key": key, "at": now_iso()})

    def record(self, d: Decision, result: JobResult) -> None:
        """Write one job's result to the manifest and remove the files it replaced."""
        record = self.manifest.jobs[d.job.key]
        for old in record.apply(result, self.year_dir, d.missing_data):
            (self.year_dir / old).unlink(missing_ok=True)
        if result.succeeded:
            (d.job.output_dir / FAILED_NOTEBOOK).unlink(missing_ok=True)
        ok = record.status == SUCCEEDED
        (self.outcome.built if ok else self.outcome.failed).append(d.job.key)
        save_manifest(self.year_dir, self.manifest)
        logger.info(
            "%s %s (%s): %s in %.1f s",
            "OK" if ok else "GAGAL",
            d.job.key,
            d.job.label,
            record.status,
            record.duration_s or 0.0,
        )
        self.bar.update(1)
        self.postfix()

    def postfix(self) -> None:
        """Counts next to the progress bar."""
        self.bar.set_postfix_str(
            f"selesai={len(self.outcome.built)} gagal={len(self.outcome.failed)} "
            f"dilewati={len(self.outcome.skipped)} sisa={len(self.queue) + len(self.in_flight)}"
        )

    def interrupted(self) -> None:
        """Mark what was queued or running ``interrupted`` and save the manifest."""
        self.outcome.interrupted = [d.job.key for d in list(self.in_flight.values()) + self.queue]
        for key in self.outcome.interrupted:
            rec = self.manifest.jobs[key]
            rec.status, rec.finished_at = INTERRUPTED, now_iso()
        self.manifest.last_batch.update(interrupted=self.outcome.interrupted, finished_at=now_iso())
        save_manifest(self.year_dir, self.manifest)

    def run(self) -> None:
        """Run until every job is recorded; a worker's death replaces the pool."""
        pool = WorkerPool(self.workers)
        self.postfix()
        try:
            while self.queue or self.in_flight:
                while self.queue and len(self.in_flight) < self.workers:
                    self.submit(pool, self.queue.pop(0))
                done, _ = wait(self.in_flight, return_when=FIRST_COMPLETED)
                if self.collect(done):
                    # The pool is unusable: requeue the other in-flight jobs, start a new one.
                    for d in list(self.in_flight.values()):
                        if not self.requeue(d):  # its second run was lost with the pool
                            self.record(d, _failure(d, failures.worker_died()))
                    self.in_flight.clear()
                    pool.stop()
                    pool = WorkerPool(self.workers)
        except KeyboardInterrupt:
            pool.stop()
            self.interrupted()
            raise
        except BaseException:
            # e.g. a full disk while saving the manifest: stop the workers before it goes up
            pool.stop()
            raise
        pool.executor.shutdown(wait=True)


def run_jobs(
    todo: list[Decision],
    settings: RunSettings,
    manifest: Manifest,
    year_dir: Path,
    staging_root: Path,
    outcome: BatchOutcome,
    snap: snapshots.Snapshot | None = None,
) -> None:
    """Build the decided jobs in a worker pool, recording each result in the manifest.

    Raises
    ------
    KeyboardInterrupt
        After Ctrl-C / SIGTERM, once the workers are stopped and the manifest is saved.
    """
    from tqdm.auto import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    version = code_version()
    _mark_running(todo, manifest, year_dir, version, snap)
    save_manifest(year_dir, manifest)
    workers = max(1, min(settings.workers or os.cpu_count() or 1, len(todo)))
    batch = _Batch(
        todo,
        _worker_settings(settings, todo, workers),
        manifest,
        year_dir,
        staging_root,
        outcome,
        snap,
        workers,
        version,
        queue=list(todo),
    )
    batch.bar = tqdm(
        total=len(todo),
        desc=f"Laporan {manifest.tahun or ''}".strip(),
        unit="laporan",
        disable=None if settings.progress else True,
        dynamic_ncols=True,
    )
    try:
        with _sigterm_as_interrupt(), logging_redirect_tqdm():
            batch.run()
    finally:
        batch.bar.close()
        shutil.rmtree(staging_root, ignore_errors=True)
