"""The manifest of a year's reports: ``reports/<tahun>/manifest.json``.

One record per report (key ``"74"`` for a province, ``"00"`` for the national roll-up) with its
status, timing, parameters, input hashes, outputs, code version and error. Paths are relative to
the year folder, so the folder can be moved or published as a whole. Only the batch's main
process writes the manifest, always atomically (temporary file, then :func:`os.replace`).

Statuses: ``succeeded``, ``failed``, ``running`` (a run started and never reported back, e.g.
the batch was killed), ``interrupted`` (the batch was stopped while it ran).
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import subprocess
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kumkm_utils import __version__, config
from kumkm_utils.exceptions import RunnerError
from kumkm_utils.files import write_atomic  # noqa: F401 - re-exported for index.py

if TYPE_CHECKING:
    from kumkm_utils.runner.jobs import JobResult

logger = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
SCHEMA_VERSION = 1

SUCCEEDED = "succeeded"
FAILED = "failed"
RUNNING = "running"
INTERRUPTED = "interrupted"


def now_iso() -> str:
    """Return the current time as an ISO 8601 string with the local UTC offset."""
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def relative(path: str | Path | None, base: Path) -> str | None:
    """``path`` relative to ``base`` when inside it (as the manifest stores paths), else as is."""
    if path is None:
        return None
    p = Path(path)
    try:
        return p.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(p)


def code_version() -> dict[str, object]:
    """Return the package version and, if the project is a git checkout, its commit.

    Returns
    -------
    dict
        ``{"package": "0.1.0", "git_sha": "<40 hex>" | None, "git_dirty": bool | None}``;
        ``git_dirty`` tells whether tracked files differ from the commit.
    """
    version: dict[str, object] = {"package": __version__, "git_sha": None, "git_dirty": None}
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=config.PROJ_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=config.PROJ_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return version
    version["git_sha"] = sha or None
    version["git_dirty"] = bool(dirty)
    return version


def version_text(version: object) -> str:
    """Return the code version as one readable line.

    The runner passes :func:`code_version` (``{"package", "git_sha", "git_dirty"}``); a string
    is kept as it is.

    Examples
    --------
    >>> version_text({"package": "0.1.0", "git_sha": "b5aadf7c6e5fb66185", "git_dirty": True})
    'kumkm_utils 0.1.0, commit b5aadf7c6e (dengan perubahan belum di-commit)'
    >>> version_text(None)
    ''
    """
    if not isinstance(version, Mapping):
        return str(version or "")
    text = f"kumkm_utils {version.get('package', '?')}"
    if version.get("git_sha"):
        text += f", commit {str(version['git_sha'])[:10]}"
        if version.get("git_dirty"):
            text += " (dengan perubahan belum di-commit)"
    return text


@dataclass
class JobRecord:
    """What the manifest knows about one report.

    Attributes
    ----------
    key, label
        ``"74"`` / ``"Sulawesi Tenggara"``; ``"00"`` / ``"Nasional"``.
    notebook
        The template notebook, relative to the project root when inside it.
    output_dir
        The report folder, relative to the year folder (``"74-sulawesi-tenggara"``).
    status
        One of ``succeeded``, ``failed``, ``running``, ``interrupted``.
    started_at, finished_at, duration_s
        Timing of the latest attempt.
    parameters
        The parameters passed (without the per-run ``output_dir``).
    input_hashes
        :class:`~kumkm_utils.runner.hashing.InputHashes` of the latest attempt.
    outputs
        Output kind (``notebook``, ``html``, ``pdf``, ``xlsx``, ``ringkasan``) to path relative to
        the year folder. After a failure these are the outputs of the last successful run.
    outputs_built_at
        When the listed outputs were built.
    failed_notebook
        The executed notebook of a failed attempt (with the error), relative to the year folder.
    log
        Kernel and papermill log of the latest attempt, relative to the year folder.
    error
        :meth:`~kumkm_utils.runner.failures.ExecutionFailure.as_record` of a failed attempt:
        ``{"kind", "type", "message", "cell_index"}`` (and ``execution_count`` when known).
    attempts
        Kernel starts of the latest attempt (2 when the first start failed and was retried).
    retried
        The kernel-start errors that were retried.
    headline
        Headline indicators recorded by the notebook (label to value).
    is_synthetic
        Whether the report was built from synthetic data, as recorded by the notebook.
    code_version
        :func:`code_version` of the latest attempt.
    snapshot
        The warehouse version the latest attempt read
        (:meth:`kumkm_utils.snapshots.Snapshot.to_dict`: version, time, submissions, sha256).
    worker_deaths
        When a worker process died while building this report in the latest batch (the report
        is then retried once in a fresh worker; a second death fails it as ``worker_died``).
    missing_data
        Datasets without rows for the report's year when its listed outputs were built (the
        report says so in its "Data belum lengkap" notice; the index page too).
    """

    key: str
    label: str
    notebook: str
    output_dir: str
    status: str = RUNNING
    started_at: str | None = None
    finished_at: str | None = None
    duration_s: float | None = None
    parameters: dict[str, object] = field(default_factory=dict)
    input_hashes: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    outputs_built_at: str | None = None
    failed_notebook: str | None = None
    log: str | None = None
    error: dict[str, object] | None = None
    attempts: int = 0
    retried: list[str] = field(default_factory=list)
    headline: dict[str, object] = field(default_factory=dict)
    is_synthetic: bool | None = None
    code_version: dict[str, object] = field(default_factory=dict)
    snapshot: dict[str, object] | None = None
    worker_deaths: list[str] = field(default_factory=list)
    missing_data: list[str] = field(default_factory=list)

    def apply(
        self, result: JobResult, year_dir: Path, missing_data: list[str] | None = None
    ) -> set[str]:
        """Record a run's result: the one place a result becomes the manifest record.

        After a success the outputs are replaced (and ``missing_data`` recorded with them);
        after a failure the last good outputs stay listed. Returns the paths (relative to
        ``year_dir``) of outputs listed before and no longer produced, for the caller to remove.
        """
        self.status = SUCCEEDED if result.succeeded else FAILED
        self.started_at, self.finished_at = result.started_at, result.finished_at
        self.duration_s, self.attempts = result.duration_s, result.attempts
        self.error = result.error.as_record() if result.error is not None else None
        self.retried = list(result.retried)
        self.log = relative(result.log, year_dir)
        if not result.succeeded:
            self.failed_notebook = relative(result.failed_notebook, year_dir)
            return set()
        outputs = {k: relative(v, year_dir) or str(v) for k, v in result.outputs.items()}
        stale = set(self.outputs.values()) - set(outputs.values())
        self.outputs, self.outputs_built_at = outputs, self.finished_at
        self.failed_notebook = None
        self.headline, self.is_synthetic = dict(result.headline), result.is_synthetic
        self.missing_data = list(missing_data or [])
        return stale

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> JobRecord:
        """Build from a manifest entry, ignoring keys this version does not know."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[arg-type]


@dataclass
class Manifest:
    """The manifest of one year folder."""

    tahun: int | None = None
    jobs: dict[str, JobRecord] = field(default_factory=dict)
    last_batch: dict[str, object] = field(default_factory=dict)
    warehouse_cache: dict[str, object] = field(default_factory=dict)
    updated_at: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form, jobs sorted by key."""
        return {
            "schema_version": SCHEMA_VERSION,
            "tahun": self.tahun,
            "updated_at": self.updated_at,
            "last_batch": self.last_batch,
            "jobs": {k: asdict(self.jobs[k]) for k in sorted(self.jobs)},
            "warehouse_cache": self.warehouse_cache,
        }


def manifest_path(year_dir: Path | str) -> Path:
    """Return ``<year_dir>/manifest.json``."""
    return Path(year_dir) / MANIFEST_NAME


def load_manifest(year_dir: Path | str) -> Manifest:
    """Read a year's manifest; an absent manifest gives an empty one.

    Raises
    ------
    RunnerError
        If the file exists but is not a manifest (the message says to move it away).
    """
    path = manifest_path(year_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Manifest()
    except (OSError, json.JSONDecodeError) as err:
        raise RunnerError(
            f"manifest {path} cannot be read ({err}); move it away to start a fresh one"
        ) from err
    if not isinstance(data, dict) or not isinstance(data.get("jobs", {}), dict):
        raise RunnerError(
            f"manifest {path} is not a report manifest; move it away to start a fresh one"
        )
    return Manifest(
        tahun=data.get("tahun"),
        jobs={k: JobRecord.from_dict(v) for k, v in data.get("jobs", {}).items()},
        last_batch=data.get("last_batch", {}),
        warehouse_cache=data.get("warehouse_cache", {}),
        updated_at=data.get("updated_at"),
    )


def save_manifest(year_dir: Path | str, manifest: Manifest) -> Path:
    """Write the manifest atomically and return its path."""
    manifest.updated_at = now_iso()
    path = manifest_path(year_dir)
    write_atomic(path, json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return path
