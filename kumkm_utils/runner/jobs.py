"""Report jobs: one notebook run with its parameters, output folder and the data it reads.

The runner is generic: a :class:`Job` can be any parameterised notebook. :func:`province_job`
and :func:`national_job` define the two reports of a Rakorda year:

- ``notebooks/10_laporan_provinsi.ipynb`` for a province, into
  ``reports/<tahun>/<kode>-<slug>/``;
- ``notebooks/20_rekap_nasional.ipynb`` for the national roll-up, into
  ``reports/<tahun>/00-nasional/``.

Only ``kode_provinsi`` and ``tahun_evaluasi`` are set here; ``warehouse`` and ``output_dir`` are
filled in by the runner when the notebook declares them, every other parameter keeps the
notebook's default.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kumkm_utils import config
from kumkm_utils.regions.codes import NATIONAL_CODE
from kumkm_utils.runner.failures import ExecutionFailure
from kumkm_utils.runner.hashing import ALL_PROVINCES

PROVINCE_NOTEBOOK = config.NOTEBOOKS_DIR / "10_laporan_provinsi.ipynb"
NATIONAL_NOTEBOOK = config.NOTEBOOKS_DIR / "20_rekap_nasional.ipynb"
NATIONAL_KEY = NATIONAL_CODE
NATIONAL_FOLDER = "00-nasional"


@dataclass(frozen=True)
class Job:
    """One report to build.

    Attributes
    ----------
    key
        Unique key in the year's manifest: the province code, ``"00"`` for the national report.
    label
        Human name (``"Sulawesi Tenggara"``, ``"Nasional"``), used on the index page.
    notebook
        The template notebook.
    parameters
        Values for the notebook's parameters (validated before any kernel starts).
    output_dir
        The report folder.
    scope
        The warehouse rows the report reads, for incremental builds: a province code,
        :data:`~kumkm_utils.runner.hashing.ALL_PROVINCES`, or None (reads no warehouse rows).
    title, subtitle
        Passed to the renderer for the report's first page.
    """

    key: str
    label: str
    notebook: Path
    parameters: Mapping[str, object]
    output_dir: Path
    scope: str | None = None
    title: str = ""
    subtitle: str = ""


@dataclass(frozen=True)
class RunSettings:
    """How jobs run.

    Attributes
    ----------
    workers
        Worker processes (one kernel each); default: one per core.
    start_timeout
        Seconds to wait for a kernel to start.
    execution_timeout
        Seconds one cell may run before the kernel is stopped (a hung report fails, the
        others go on). Timeouts are whole seconds: a fraction is rounded up (1.5 -> 2).
    kernel_name
        Jupyter kernel to run notebooks with.
    renderer
        ``"module:function"`` called in the worker after a successful run, as
        ``render(executed_notebook, out_dir, *, title, subtitle, is_synthetic, meta)`` and
        returning ``{kind: path}``; None to keep only the executed notebook.
    warehouse
        The warehouse file: passed to notebooks that declare a ``warehouse`` parameter and
        fingerprinted for incremental builds.
    progress
        Show a progress bar (on a terminal).
    warm_kernels
        Fork each kernel from a per-worker template that has already imported the notebooks'
        modules (see :mod:`kumkm_utils.runner.warmkernel`); still one fresh kernel per report.
    preload
        Modules the template imports; default: the modules the jobs' notebooks import.
    report_threads
        DuckDB threads of each report kernel (``$KUMKM_REPORT_THREADS``); default: the cores
        divided among the workers, since the reports already run side by side.
    """

    workers: int | None = None
    start_timeout: float = 120.0
    execution_timeout: float = 900.0
    kernel_name: str = "python3"
    renderer: str | None = "kumkm_utils.render:render_report"
    warehouse: Path = field(default_factory=config.warehouse_path)
    progress: bool = True
    warm_kernels: bool = True
    preload: tuple[str, ...] = ()
    report_threads: int | None = None

    def __post_init__(self) -> None:
        # nbclient counts timeouts in whole seconds (an Integer trait): round a fraction up
        for name in ("start_timeout", "execution_timeout"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, int):
                object.__setattr__(self, name, max(1, math.ceil(float(value))))
        object.__setattr__(self, "warehouse", Path(os.path.abspath(self.warehouse)))


@dataclass
class JobResult:
    """What one run of a job gave back to the batch (built by the worker or, for a worker that
    died or crashed, by the batch); :meth:`kumkm_utils.runner.manifest.JobRecord.apply` turns it
    into the manifest record.

    Attributes
    ----------
    key
        The job's key.
    succeeded
        Whether the report was built and published.
    started_at, finished_at, duration_s
        Timing of the run (``started_at`` None when it never started).
    attempts
        Kernel starts (2 when the first start failed and was retried).
    retried
        The kernel-start errors that were retried.
    error
        Why the run failed (None when it succeeded).
    outputs
        Output kind to absolute path of the published files.
    failed_notebook
        The executed notebook of a failed run, kept in the report folder.
    headline
        Headline indicators recorded by the notebook.
    is_synthetic
        Whether the notebook recorded that it read synthetic data (None: not recorded).
    log
        The run's log file.
    """

    key: str
    succeeded: bool = False
    started_at: str | None = None
    finished_at: str | None = None
    duration_s: float | None = None
    attempts: int = 0
    retried: list[str] = field(default_factory=list)
    error: ExecutionFailure | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    failed_notebook: Path | None = None
    headline: dict[str, object] = field(default_factory=dict)
    is_synthetic: bool | None = None
    log: Path | None = None


def year_dir(tahun: int, reports_dir: Path | None = None) -> Path:
    """Return ``reports/<tahun>`` as an absolute path (kernels run in another folder)."""
    return Path(os.path.abspath(Path(reports_dir or config.REPORTS_DIR) / str(int(tahun))))


def _subtitle(meeting: str, tahun: int, params: Mapping[str, object]) -> str:
    """ "Bahan <meeting>: evaluasi tahun <t>, rencana tahun <plan>" (a custom plan year too)."""
    plan = config.plan_year(tahun, params.get("tahun_rencana"))
    return f"Bahan {meeting}: evaluasi tahun {tahun}, rencana tahun {plan}"


def province_job(
    kode: str,
    tahun: int,
    *,
    reports_dir: Path | None = None,
    notebook: Path | None = None,
    extra: Mapping[str, object] | None = None,
) -> Job:
    """Return the job of one province's report.

    Parameters
    ----------
    kode
        Province code as a string (``"74"``); names and abbreviations are accepted too.
    tahun
        Evaluation year.
    reports_dir
        Root of the reports (default ``reports/``).
    notebook
        The provincial template (default :data:`PROVINCE_NOTEBOOK`).
    extra
        More parameter values (e.g. ``{"tahun_rencana": 2027}``).

    Raises
    ------
    UnknownRegionError
        If the province is unknown, or the code is a number.
    """
    from kumkm_utils import regions

    prov = regions.province(kode)
    params: dict[str, object] = {"kode_provinsi": prov.kode, "tahun_evaluasi": int(tahun)}
    params.update(extra or {})
    return Job(
        key=prov.kode,
        label=prov.nama,
        notebook=Path(notebook or PROVINCE_NOTEBOOK),
        parameters=params,
        output_dir=year_dir(tahun, reports_dir) / prov.folder,
        scope=prov.kode,
        title=f"Laporan Evaluasi KUMKM Provinsi {prov.nama}",
        subtitle=_subtitle("Rakorda", tahun, params),
    )


def national_job(
    tahun: int,
    *,
    reports_dir: Path | None = None,
    notebook: Path | None = None,
    extra: Mapping[str, object] | None = None,
) -> Job:
    """Return the job of the national roll-up (all 38 provinces side by side).

    ``notebook`` defaults to :data:`NATIONAL_NOTEBOOK`.
    """
    params: dict[str, object] = {"tahun_evaluasi": int(tahun)}
    params.update(extra or {})
    return Job(
        key=NATIONAL_KEY,
        label="Nasional",
        notebook=Path(notebook or NATIONAL_NOTEBOOK),
        parameters=params,
        output_dir=year_dir(tahun, reports_dir) / NATIONAL_FOLDER,
        scope=ALL_PROVINCES,
        title="Rekapitulasi Nasional Evaluasi KUMKM 38 Provinsi",
        subtitle=_subtitle("Rakortek", tahun, params),
    )


def year_jobs(
    tahun: int,
    provinces: list[str] | None = None,
    *,
    national: bool | None = None,
    reports_dir: Path | None = None,
) -> list[Job]:
    """Return the jobs of a year: the chosen provinces (default all 38) and the national report.

    Parameters
    ----------
    provinces
        Province codes or names; None for all 38.
    national
        Include the national roll-up; default: when all provinces are built and its notebook
        exists.
    """
    from kumkm_utils import regions

    codes = list(regions.provinces()["kode_provinsi"]) if provinces is None else provinces
    jobs = [province_job(k, tahun, reports_dir=reports_dir) for k in codes]
    if len({j.key for j in jobs}) != len(jobs):
        jobs = list({j.key: j for j in jobs}.values())
    if national is None:
        national = provinces is None and NATIONAL_NOTEBOOK.exists()
    if national:
        jobs.insert(0, national_job(tahun, reports_dir=reports_dir))
    return jobs
