"""What a batch builds: every job's parameters checked, its inputs fingerprinted, a decision.

:func:`decide` validates all jobs before anything starts (one refused job refuses the batch) and
compares each job's input hashes (:mod:`kumkm_utils.runner.hashing`) with the manifest: with
``force`` everything is built; with ``resume`` only what failed or never finished; otherwise what
is new, failed before, has changed inputs or lost an output file. :func:`note_missing_data`
names, per report to build, the datasets its year lacks.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kumkm_utils import snapshots
from kumkm_utils.exceptions import RunnerError
from kumkm_utils.runner import hashing
from kumkm_utils.runner.jobs import Job, RunSettings
from kumkm_utils.runner.manifest import SUCCEEDED, JobRecord, Manifest
from kumkm_utils.runner.parameter_checks import validate_parameters
from kumkm_utils.runner.parameters import declared_parameters


@dataclass
class Decision:
    """Whether a job is built in this batch, and why."""

    job: Job
    parameters: dict[str, object]
    hashes: hashing.InputHashes
    build: bool
    reason: str
    missing_data: list[str] = field(default_factory=list)


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
    params = _checked_parameters(jobs, settings)
    wh = _warehouse_digest(manifest, settings, snapshot)
    code = hashing.code_digest()
    notebooks: dict[Path, str] = {}
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
        build, reason = _reason(manifest.jobs.get(job.key), hashes, year_dir, force, resume)
        decisions.append(Decision(job, params[job.key], hashes, build, reason))
    return decisions


def _checked_parameters(jobs: Sequence[Job], settings: RunSettings) -> dict[str, dict[str, object]]:
    """Every job's parameters, checked; one refused job (or a shared key) refuses them all."""
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
    return params


def _warehouse_digest(
    manifest: Manifest, settings: RunSettings, snapshot: snapshots.Snapshot | None
) -> hashing.WarehouseDigest:
    """The warehouse's digest, reusing the manifest's cache; the cache is updated."""
    cache = manifest.warehouse_cache
    wh_file = str(snapshot.file if snapshot is not None else Path(settings.warehouse).resolve())
    cached = hashing.WarehouseDigest.from_dict(cache) if cache.get("path") == wh_file else None
    wh = hashing.warehouse_digest(wh_file, cached=cached)
    manifest.warehouse_cache = {"path": wh_file, **wh.to_dict()}
    return wh


def _reason(
    record: JobRecord | None,
    hashes: hashing.InputHashes,
    year_dir: Path,
    force: bool,
    resume: bool,
) -> tuple[bool, str]:
    """Whether to build a job whose last record is ``record``, and why."""
    if force:
        return True, "forced"
    if record is None:
        return True, "never built"
    if record.status != SUCCEEDED:
        return True, f"last run {record.status}"
    if resume:
        return False, "succeeded before"
    if record.input_hashes.get("combined") != hashes.combined:
        changed = [
            k
            for k, v in hashes.to_dict().items()
            if k != "combined" and record.input_hashes.get(k) != v
        ]
        return True, "changed: " + ", ".join(changed)
    if not _outputs_present(record, year_dir):
        return True, "outputs missing"
    return False, "unchanged"


def note_missing_data(todo: list[Decision], snap: snapshots.Snapshot | None) -> None:
    """Name, per report, the datasets without rows for its year (the warehouse read once)."""
    from kumkm_utils.exceptions import ParameterError
    from kumkm_utils.runner.data_years import data_years_of, missing_for_year

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
