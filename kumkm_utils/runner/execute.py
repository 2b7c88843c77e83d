"""Run one report: execute the notebook with papermill, render it, publish the outputs atomically.

Everything here runs inside a batch worker process (or in-process for a single report). Each
run gets its own staging folder ``<year>/.tmp/<key>-<random>/`` (on the same file system as
the report folder) holding

- ``out/``: what the notebook writes (its ``output_dir`` parameter), the executed notebook and
  the rendered outputs;
- ``work/``: the kernel's working directory; ``tmp/``: its ``TMPDIR``.

Only when the notebook ran and rendered does each file move into the report folder with
:func:`os.replace`, so a reader sees a complete old file or a complete new one. After a failure
the previous report is left untouched and the executed notebook (with papermill's red banner at
the failing cell) is kept as ``notebook-gagal.ipynb`` next to it.

Kernels talk over IPC sockets in a private folder rather than TCP ports, which avoids the port
race between parallel kernel starts (papermill #511); a kernel that still fails to start is
retried once (as an ordinary kernel) and the retry is recorded. By default kernels are forked
from a per-worker warm template (:mod:`kumkm_utils.runner.warmkernel`): still one fresh kernel
process per report, without paying the kernel start and the imports each time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kumkm_utils import config
from kumkm_utils.privacy import scrub_output_folder, scrub_text
from kumkm_utils.runner.failures import (  # noqa: F401 - re-exported
    MESSAGE_LIMIT,
    ExecutionFailure,
    FailureKind,
    add_banner,
    describe,
)
from kumkm_utils.runner.headline import read_headline
from kumkm_utils.runner.jobs import Job, JobResult, RunSettings
from kumkm_utils.runner.manifest import now_iso

logger = logging.getLogger(__name__)

EXECUTED_NOTEBOOK = "notebook.ipynb"
FAILED_NOTEBOOK = "notebook-gagal.ipynb"
STAGING_DIRNAME = ".tmp"
LOG_DIRNAME = ".logs"


@dataclass
class ExecutionResult:
    """Outcome of executing one notebook.

    Attributes
    ----------
    ok
        The notebook ran to the end.
    attempts
        Kernel starts used (2 when the first start failed).
    duration_s
        Wall time, seconds.
    error
        Why it failed, when not ok.
    retried
        ``"<type>: <message>"`` of each failed kernel start that was retried.
    """

    ok: bool
    attempts: int
    duration_s: float
    error: ExecutionFailure | None = None
    retried: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _environment(tmp: Path, **values: str) -> Iterator[None]:
    """Set environment variables and the temporary folder (and :mod:`tempfile`'s cache)."""
    values = {"TMPDIR": str(tmp), **values}
    old = {k: os.environ.get(k) for k in values}
    old_tempdir = tempfile.tempdir
    os.environ.update(values)
    tempfile.tempdir = str(tmp)
    try:
        yield
    finally:
        tempfile.tempdir = old_tempdir
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _ipc_root() -> str | None:
    """A short folder for kernel sockets: Unix socket paths are limited to 107 bytes."""
    return "/tmp" if os.access("/tmp", os.W_OK) else None


@contextlib.contextmanager
def _stderr_to(path: Path | None) -> Iterator[None]:
    """Send this process's stderr (and the kernel's) to a log file: keeps the progress bar clean."""
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = os.dup(2)
    try:
        with open(path, "ab") as fh:
            os.dup2(fh.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)


def execute_notebook(
    notebook: Path,
    output: Path,
    parameters: Mapping[str, object],
    *,
    cwd: Path,
    settings: RunSettings,
    kernel_manager_class: type | None = None,
) -> ExecutionResult:
    """Execute a notebook with papermill (Python API, parameters as a dict).

    Parameters
    ----------
    notebook
        The template.
    output
        Where the executed notebook is written (also after a failure).
    parameters
        Already validated parameter values.
    cwd
        Working directory of the kernel.
    settings
        Timeouts and kernel name.
    kernel_manager_class
        A kernel manager class for the first attempt (warm kernels); a retry after a failed
        kernel start uses the ordinary one.

    Returns
    -------
    ExecutionResult
        Never raises for a failure of the notebook itself; the error is described instead.
    """
    from traitlets.config import Config

    from kumkm_utils.runner.engine import run_notebook

    started = time.monotonic()
    attempts = 0
    retried: list[str] = []
    while True:
        attempts += 1
        ipc_dir = Path(tempfile.mkdtemp(prefix="kumkm-ipc-", dir=_ipc_root()))
        extra = (
            {"kernel_manager_class": kernel_manager_class}
            if kernel_manager_class and attempts == 1
            else {}
        )
        try:
            run_notebook(
                notebook,
                output,
                parameters,
                cwd=cwd,
                kernel_name=settings.kernel_name,
                start_timeout=settings.start_timeout,
                execution_timeout=settings.execution_timeout,
                config=Config({"KernelManager": {"transport": "ipc", "ip": str(ipc_dir / "k")}}),
                **extra,
            )
            return ExecutionResult(True, attempts, time.monotonic() - started, None, retried)
        except Exception as err:  # noqa: BLE001 - a failing report must not stop the batch
            error = describe(err, output, settings.execution_timeout)
            if error.kind is FailureKind.KERNEL_START and attempts == 1:
                logger.warning("kernel start failed for %s (%s); retrying once", notebook.name, err)
                retried.append(f"{error.type}: {error.message}")
                continue
            add_banner(output, error)
            return ExecutionResult(False, attempts, time.monotonic() - started, error, retried)
        finally:
            shutil.rmtree(ipc_dir, ignore_errors=True)


def resolve_renderer(spec: str | None) -> Callable[..., Mapping[str, Path]] | None:
    """Import the renderer named ``"module:function"`` (None: no rendering)."""
    if spec is None:
        return None
    module_name, _, attr = spec.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr or "render_report")


def _publish(out: Path, target: Path) -> dict[str, str]:
    """Move every entry of ``out`` into ``target`` with :func:`os.replace`; return name -> path."""
    target.mkdir(parents=True, exist_ok=True)
    published: dict[str, str] = {}
    for entry in sorted(out.iterdir()):
        dest = target / entry.name
        if entry.is_dir():
            trash = None
            if dest.exists():
                trash = target / f".{entry.name}.old-{uuid.uuid4().hex[:8]}"
                os.replace(dest, trash)
            os.replace(entry, dest)
            if trash is not None:
                shutil.rmtree(trash, ignore_errors=True)
        else:
            os.replace(entry, dest)
        published[entry.name] = str(dest)
    return published


def _output_kinds(published: Mapping[str, str], rendered: Mapping[str, Path]) -> dict[str, str]:
    by_name = {Path(p).name: kind for kind, p in rendered.items()}
    kinds: dict[str, str] = {}
    for name, path in published.items():
        if name == EXECUTED_NOTEBOOK:
            kind = "notebook"
        elif name == "ringkasan.json":
            kind = "ringkasan"
        else:
            kind = by_name.get(name, name)
        kinds[kind] = path
    return kinds


def run_job(
    job: Job,
    parameters: Mapping[str, object],
    settings: RunSettings,
    *,
    staging_root: Path,
    log_dir: Path | None = None,
    meta: Mapping[str, object] | None = None,
) -> JobResult:
    """Run one job end to end: execute, render, publish. Meant to run in a worker process.

    Parameters
    ----------
    job
        The job.
    parameters
        The job's validated parameters; ``output_dir`` is set here to the staging folder when the
        notebook declares it and the caller left it to None.
    settings
        Timeouts, kernel, renderer.
    staging_root
        Folder for per-run staging folders (same file system as ``job.output_dir``).
    log_dir
        Where ``<key>.log`` collects the kernel's and papermill's messages (None: inherit stderr).
    meta
        Passed to the renderer (code version, input hashes, ...).

    Returns
    -------
    JobResult
        What the run gave: success, timing, the failure, the published outputs.
    """
    started_at, t0 = now_iso(), time.monotonic()
    staging = Path(staging_root) / f"{job.key}-{uuid.uuid4().hex[:8]}"
    out, work, tmp = staging / "out", staging / "work", staging / "tmp"
    for d in (out, work, tmp):
        d.mkdir(parents=True, exist_ok=True)
    params = dict(parameters)
    if "output_dir" in params and params["output_dir"] is None:
        params["output_dir"] = str(out)
    log = _start_log(job, log_dir, started_at)
    result = JobResult(job.key, started_at=started_at, log=log)
    executed = out / EXECUTED_NOTEBOOK
    # before the job's environment: the template outlives this job's staging folder
    kernel_manager = _warm_kernel_manager(settings)
    try:
        with _stderr_to(log), _environment(tmp, **_kernel_environment(settings)):
            run = execute_notebook(
                job.notebook,
                executed,
                params,
                cwd=work,
                settings=settings,
                kernel_manager_class=kernel_manager,
            )
            # Personal data never leaves the staging folder: the executed notebook and
            # ringkasan.json are scrubbed before rendering, publishing or keeping a failure.
            scrub_output_folder(out)
            error = run.error
            if error is not None:
                error = dataclasses.replace(error, message=scrub_text(error.message))
            result.attempts, result.retried, result.error = run.attempts, run.retried, error
            rendered = (
                _render(job, executed, out, settings, parameters, meta, result) if run.ok else {}
            )
        _publish_or_keep_failure(job, out, executed, rendered, result)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        result.finished_at = now_iso()
        result.duration_s = round(time.monotonic() - t0, 2)
    return result


def _start_log(job: Job, log_dir: Path | None, started_at: str) -> Path | None:
    """``<log_dir>/<key>.log``, started with the job's first line (None: inherit stderr)."""
    if log_dir is None:
        return None
    log = Path(log_dir) / f"{job.key}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"{started_at} {job.key} {job.notebook}\n", encoding="utf-8")
    return log


def _kernel_environment(settings: RunSettings) -> dict[str, str]:
    """What the runner's kernels get in their environment."""
    kernel_env = {config.PNG_FALLBACK_ENV: "0"}  # signed when published: SVG shows
    if settings.report_threads:
        kernel_env[config.REPORT_THREADS_ENV] = str(settings.report_threads)
    return kernel_env


def _warm_kernel_manager(settings: RunSettings) -> type | None:
    """The warm kernel manager class of this worker's template (None: ordinary kernels)."""
    if not settings.warm_kernels:
        return None
    from kumkm_utils.runner import warmkernel

    socket_path = warmkernel.ensure_template(settings.preload, timeout=settings.start_timeout)
    return warmkernel.kernel_manager_class(socket_path) if socket_path is not None else None


def _render(
    job: Job,
    executed: Path,
    out: Path,
    settings: RunSettings,
    parameters: Mapping[str, object],
    meta: Mapping[str, object] | None,
    result: JobResult,
) -> Mapping[str, Path]:
    """Render a notebook that ran; a failure becomes ``result.error`` (kind ``render``)."""
    headline, is_synthetic = read_headline(out)
    result.headline, result.is_synthetic = headline, is_synthetic
    if is_synthetic is None:
        logger.warning("%s recorded no is_synthetic flag; marking it synthetic", job.key)
    try:
        render = resolve_renderer(settings.renderer)
        if render is None:
            return {}
        rendered = render(
            executed,
            out,
            title=job.title or job.label,
            subtitle=job.subtitle,
            is_synthetic=True if is_synthetic is None else is_synthetic,
            meta={
                **(meta or {}),
                "parameters": dict(parameters),
                "key": job.key,
                "label": job.label,
            },
        )
    except Exception as err:  # noqa: BLE001 - a failing report must not stop the batch
        logger.exception("rendering %s failed", job.key)
        result.error = ExecutionFailure.of(FailureKind.RENDER, err)
        return {}
    return rendered or {}


def _publish_or_keep_failure(
    job: Job, out: Path, executed: Path, rendered: Mapping[str, Path], result: JobResult
) -> None:
    """Publish the whole folder after a success; after a failure keep the run's notebook."""
    if result.error is None:
        from kumkm_utils.runner.publish import publish_folder  # the whole folder at once

        published = publish_folder(out, job.output_dir)
        result.outputs = {k: Path(p) for k, p in _output_kinds(published, rendered).items()}
        result.succeeded = True
    elif executed.exists():
        job.output_dir.mkdir(parents=True, exist_ok=True)
        dest = job.output_dir / FAILED_NOTEBOOK
        os.replace(executed, dest)
        result.failed_notebook = dest
