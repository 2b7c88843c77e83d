"""``kumkm pipeline`` (what ``make reports`` runs): which steps run, and when it stops.

The sample and ingest steps are ``kumkm`` subprocesses and the reports go through the batch
runner; here those three are replaced by recorders, so each test checks the pipeline's own
decisions: keep or regenerate the sample, ingest or not, go on after rejected rows, stop on a
damaged warehouse, return the batch's exit code.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from kumkm_utils import pipeline


@pytest.fixture
def steps(monkeypatch, tmp_path):
    """Record every ``kumkm`` subprocess and batch; each answers with the scripted status."""
    calls: list[tuple[str, ...]] = []
    status = {"sample": 0, "ingest": 0, "batch": 0}

    def kumkm(*args: str) -> int:
        calls.append(args)
        if args[0] == "sample":  # a generated sample has its manifest
            Path(args[1]).mkdir(parents=True, exist_ok=True)
            (Path(args[1]) / "MANIFEST.json").write_text(json.dumps({"scale": 1}))
        return status[args[0]]

    def build_reports(year, provinces, **options):
        calls.append(("batch", str(year), str(options["warehouse"])))
        return SimpleNamespace(exit_code=status["batch"], index=None, year_dir=tmp_path / "r")

    monkeypatch.setattr(pipeline, "_kumkm", kumkm)
    monkeypatch.setattr("kumkm_utils.runner.batch.build_reports", build_reports)
    monkeypatch.setattr("kumkm_utils.runner.command_batch.report_outcome", lambda outcome: None)
    return calls, status


def _args(tmp_path: Path, **overrides) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    pipeline.configure(parser)
    args = parser.parse_args(
        [
            "--sample-dir",
            str(tmp_path / "sample"),
            "--warehouse",
            str(tmp_path / "wh.duckdb"),
            "--year",
            "2025",
        ]
    )
    for name, value in overrides.items():
        setattr(args, name, value)
    return args


def test_fresh_machine_makes_sample_ingests_and_builds(steps, tmp_path, capsys):
    calls, _ = steps
    assert pipeline.run(_args(tmp_path)) == 0
    kinds = [c[0] for c in calls]
    assert kinds == ["sample", "ingest", "batch"]
    assert calls[1][1] == str(tmp_path / "sample")  # the sample, then the national targets
    assert calls[2] == ("batch", "2025", str(tmp_path / "wh.duckdb"))
    out = capsys.readouterr().out
    assert "[1/4 sampel] membuat sampel sintetis" in out and "[4/4 indeks]" in out


def test_sample_and_newer_warehouse_are_kept(steps, tmp_path, capsys):
    calls, _ = steps
    sample = tmp_path / "sample"
    sample.mkdir()
    (sample / "MANIFEST.json").write_text(json.dumps({"scale": 1}))
    warehouse = tmp_path / "wh.duckdb"
    warehouse.write_bytes(b"")
    future = time.time() + 3600  # newer than the sample and the national targets
    os.utime(warehouse, (future, future))
    assert pipeline.run(_args(tmp_path)) == 0
    assert [c[0] for c in calls] == ["batch"]
    out = capsys.readouterr().out
    assert "tidak dibuat ulang" in out and "tidak dimuat ulang" in out


def test_another_scale_regenerates_and_reingest_ingests(steps, tmp_path):
    calls, _ = steps
    sample = tmp_path / "sample"
    sample.mkdir()
    (sample / "MANIFEST.json").write_text(json.dumps({"scale": 1}))
    assert pipeline.run(_args(tmp_path, scale=0.5, reingest=True)) == 0
    assert calls[0] == ("sample", str(sample), "--scale", "0.5")
    assert [c[0] for c in calls] == ["sample", "ingest", "batch"]


def test_rejected_rows_go_on_a_damaged_warehouse_stops(steps, tmp_path, capsys):
    calls, status = steps
    status["ingest"] = 1  # some rows rejected: the rest loaded, the reports are built
    assert pipeline.run(_args(tmp_path)) == 0
    assert calls[-1][0] == "batch"
    assert "sebagian baris ditolak" in capsys.readouterr().out
    calls.clear()
    status["ingest"] = 3  # the warehouse is damaged: stop with its exit code, build nothing
    assert pipeline.run(_args(tmp_path, reingest=True)) == 3
    assert [c[0] for c in calls] == ["ingest"]


def test_failed_sample_stops_and_batch_status_is_returned(steps, tmp_path):
    calls, status = steps
    status["sample"] = 2
    assert pipeline.run(_args(tmp_path)) == 1
    assert [c[0] for c in calls] == ["sample"]
    calls.clear()
    status["sample"], status["batch"] = 0, 1  # a report failed: make reports fails too
    assert pipeline.run(_args(tmp_path)) == 1
    assert calls[-1][0] == "batch"
