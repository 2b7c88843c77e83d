"""Typed job results: a run's result becomes the manifest record in one place."""

from __future__ import annotations

import json
from pathlib import Path

from kumkm_utils.runner import failures
from kumkm_utils.runner.failures import ExecutionFailure, FailureKind
from kumkm_utils.runner.jobs import JobResult
from kumkm_utils.runner.manifest import JobRecord, Manifest, load_manifest, save_manifest


def _record() -> JobRecord:
    return JobRecord(key="11", label="Aceh", notebook="nb.ipynb", output_dir="11-aceh")


def test_a_success_replaces_the_outputs_and_returns_the_stale_ones(tmp_path: Path) -> None:
    record = _record()
    record.outputs = {"html": "11-aceh/laporan.html", "xlsx": "11-aceh/lama.xlsx"}
    result = JobResult(
        "11",
        succeeded=True,
        started_at="2025-01-01T00:00:00+07:00",
        finished_at="2025-01-01T00:00:09+07:00",
        duration_s=9.0,
        attempts=1,
        outputs={"html": tmp_path / "11-aceh" / "laporan.html"},
        headline={"Koperasi aktif": 10},
        is_synthetic=True,
        log=tmp_path / ".logs" / "11.log",
    )
    stale = record.apply(result, tmp_path, ["umkm"])
    assert stale == {"11-aceh/lama.xlsx"}
    assert record.status == "succeeded" and record.error is None
    assert record.outputs == {"html": "11-aceh/laporan.html"}
    assert record.outputs_built_at == result.finished_at
    assert record.log == ".logs/11.log"
    assert record.headline == {"Koperasi aktif": 10} and record.is_synthetic is True
    assert record.missing_data == ["umkm"]


def test_a_failure_keeps_the_last_good_outputs_and_records_the_kind(tmp_path: Path) -> None:
    record = _record()
    record.outputs, record.missing_data = {"html": "11-aceh/laporan.html"}, ["umkm"]
    error = ExecutionFailure(FailureKind.CELL_ERROR, "ValueError", "boom", 3, 4)
    result = JobResult("11", error=error, failed_notebook=tmp_path / "11-aceh" / "gagal.ipynb")
    assert record.apply(result, tmp_path) == set()
    assert record.status == "failed"
    assert record.outputs == {"html": "11-aceh/laporan.html"}
    assert record.missing_data == ["umkm"]  # belongs to the outputs still listed
    assert record.failed_notebook == "11-aceh/gagal.ipynb"
    assert record.error == {
        "kind": "cell_error",
        "type": "ValueError",
        "message": "boom",
        "cell_index": 3,
        "execution_count": 4,
    }


def test_batch_side_failures_are_kinds_and_the_manifest_round_trips(tmp_path: Path) -> None:
    record = _record()
    record.apply(JobResult("11", error=failures.worker_died()), tmp_path)
    assert record.error is not None and record.error["kind"] == FailureKind.WORKER_DIED.value
    crash = failures.crashed(RuntimeError("pickle"))
    assert crash.kind is FailureKind.INTERNAL and crash.message == "RuntimeError: pickle"
    save_manifest(tmp_path, Manifest(tahun=2025, jobs={"11": record}))
    stored = json.loads((tmp_path / "manifest.json").read_text())["jobs"]["11"]
    assert stored["error"]["kind"] == "worker_died" and stored["status"] == "failed"
    assert load_manifest(tmp_path).jobs["11"] == record
