"""The report runner: parameter checks, one report, batches, manifest, incremental builds, index.

From a notebook or a script (what ``kumkm report`` / ``kumkm batch`` call)::

    from kumkm_utils.runner import build_reports
    outcome = build_reports(2025, ["74", "61"], workers=2)
    print(outcome.exit_code, outcome.built, outcome.failed)

A report notebook hands its headline indicators to the runner with :func:`record_headline`.
Importing this package is cheap; the batch machinery is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kumkm_utils.runner.headline import read_headline, record_headline

if TYPE_CHECKING:  # the names __getattr__ below imports on first use
    from kumkm_utils.runner.batch import BatchOutcome, build_reports, format_summary, run_batch  # noqa: F401
    from kumkm_utils.runner.jobs import Job, RunSettings, national_job, province_job, year_jobs  # noqa: F401
    from kumkm_utils.runner.parameter_checks import validate_parameters  # noqa: F401
    from kumkm_utils.runner.parameters import declared_parameters  # noqa: F401

_LAZY = {
    "BatchOutcome": "batch",
    "build_reports": "batch",
    "format_summary": "batch",
    "run_batch": "batch",
    "Job": "jobs",
    "RunSettings": "jobs",
    "national_job": "jobs",
    "province_job": "jobs",
    "year_jobs": "jobs",
    "declared_parameters": "parameters",
    "validate_parameters": "parameter_checks",
}

__all__ = ["read_headline", "record_headline", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"kumkm_utils.runner.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'kumkm_utils.runner' has no attribute {name!r}")
