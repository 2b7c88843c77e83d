"""Batches with real kernels on tiny notebooks (the renderer is a fast stand-in).

Kernel starts cost one to two seconds each on a busy 2-core machine, so each test runs few jobs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from runner_support import batch_settings, pin_code_digest, write_notebook, write_warehouse

from kumkm_utils.runner import engine, execute
from kumkm_utils.runner.batch import decide, run_batch
from kumkm_utils.runner.hashing import ALL_PROVINCES
from kumkm_utils.runner.jobs import Job, RunSettings
from kumkm_utils.runner.manifest import SUCCEEDED, JobRecord, load_manifest, save_manifest

TESTS_DIR = Path(__file__).parent


@pytest.fixture(autouse=True)
def stable_code(monkeypatch):
    pin_code_digest(monkeypatch)


def _jobs(
    notebook: Path,
    year: Path,
    modes: dict[str, str],
    *,
    national: bool = False,
    sleep_s: float = 0.0,
) -> list[Job]:
    jobs = [
        Job(
            key=k,
            label=f"Provinsi {k}",
            notebook=notebook,
            parameters={"kode_provinsi": k, "mode": m, "sleep_s": sleep_s},
            output_dir=year / f"{k}-provinsi",
            scope=k,
        )
        for k, m in modes.items()
    ]
    if national:
        jobs.insert(
            0,
            Job(
                key="00",
                label="Nasional",
                notebook=notebook,
                parameters={"kode_provinsi": "00"},
                output_dir=year / "00-nasional",
                scope=ALL_PROVINCES,
            ),
        )
    return jobs


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_batch_builds_then_skips_then_rebuilds_only_what_changed(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "laporan.ipynb")
    warehouse = write_warehouse(tmp_path / "wh.duckdb", {"11": [1, 2], "12": [5], "13": [7, 8]})
    year = tmp_path / "reports" / "2025"
    jobs = _jobs(notebook, year, {"11": "ok", "12": "ok", "13": "ok"}, national=True)
    settings = batch_settings(warehouse)

    first = run_batch(jobs, year_dir=year, settings=settings, tahun=2025)
    assert first.exit_code == 0
    assert sorted(first.built) == ["00", "11", "12", "13"] and first.failed == []
    assert _files(year / "11-provinsi") == {
        "notebook.ipynb",
        "laporan.html",
        "lampiran.xlsx",
        "ringkasan.json",
    }
    assert not (year / ".tmp").exists()
    manifest = json.loads((year / "manifest.json").read_text())
    rec = manifest["jobs"]["13"]
    assert rec["status"] == "succeeded"
    assert rec["parameters"]["kode_provinsi"] == "13"
    assert rec["parameters"]["warehouse"] == str(warehouse.resolve())  # filled in by the runner
    assert set(rec["input_hashes"]) == {"notebook", "code", "parameters", "data", "combined"}
    assert rec["outputs"]["html"] == "13-provinsi/laporan.html"
    assert rec["headline"] == {"Jumlah nilai": 15, "Kode": "13"}  # 7 + 8 read from the warehouse
    assert rec["is_synthetic"] is True
    assert rec["code_version"]["package"]
    executed = json.loads((year / "13-provinsi" / "notebook.ipynb").read_text())
    assert executed["metadata"]["papermill"]["parameters"]["kode_provinsi"] == "13"
    html = (year / "index.html").read_text()
    for key in ("00", "11", "12", "13"):
        assert f"{key}-" in html
    assert "Jumlah nilai" in html

    stamp = (year / "11-provinsi" / "laporan.html").stat().st_mtime_ns
    t0 = time.monotonic()
    second = run_batch(jobs, year_dir=year, settings=settings, tahun=2025)
    assert time.monotonic() - t0 < 2.0
    assert second.built == [] and sorted(second.skipped) == ["00", "11", "12", "13"]
    assert second.exit_code == 0
    assert (year / "11-provinsi" / "laporan.html").stat().st_mtime_ns == stamp

    con = duckdb.connect(str(warehouse))
    con.execute("UPDATE umkm SET nilai = 50 WHERE kode_provinsi = '12'")
    con.close()
    third = run_batch(jobs, year_dir=year, settings=settings, tahun=2025)
    assert sorted(third.built) == ["00", "12"]  # the province and the national roll-up
    assert sorted(third.skipped) == ["11", "13"]
    assert (
        json.loads((year / "12-provinsi" / "ringkasan.json").read_text())["headline"][
            "Jumlah nilai"
        ]
        == 50
    )
    assert (year / "11-provinsi" / "laporan.html").stat().st_mtime_ns == stamp
    forced = decide(jobs, settings, load_manifest(year), year, force=True)
    assert all(d.build and d.reason == "forced" for d in forced)


@pytest.mark.slow
def test_failures_are_isolated_and_keep_the_last_good_report(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "laporan.ipynb")
    warehouse = write_warehouse(
        tmp_path / "wh.duckdb", {"11": [1], "12": [2], "13": [3], "14": [4]}
    )
    year = tmp_path / "2025"
    settings = batch_settings(warehouse, execution_timeout=3)
    # a good report of 12 from an earlier batch
    from kumkm_utils.runner.manifest import Manifest

    (year / "12-provinsi").mkdir(parents=True)
    old_html = "<p>laporan baik sebelumnya</p>"
    (year / "12-provinsi" / "laporan.html").write_text(old_html)
    save_manifest(
        year,
        Manifest(
            tahun=2025,
            jobs={
                "12": JobRecord(
                    key="12",
                    label="Provinsi 12",
                    notebook="nb",
                    output_dir="12-provinsi",
                    status=SUCCEEDED,
                    outputs={"html": "12-provinsi/laporan.html"},
                    outputs_built_at="2025-01-01T00:00:00+00:00",
                )
            },
        ),
    )

    jobs = _jobs(notebook, year, {"11": "ok", "12": "fail", "13": "die", "14": "sleep"}, sleep_s=60)
    t0 = time.monotonic()
    outcome = run_batch(jobs, year_dir=year, settings=settings)
    assert time.monotonic() - t0 < 45  # the sleeping kernel was stopped after 3 s, not 60
    assert outcome.exit_code == 1
    assert outcome.built == ["11"]
    assert sorted(outcome.failed) == ["12", "13", "14"]
    manifest = load_manifest(year)

    failed = manifest.jobs["12"]
    assert failed.error["kind"] == "cell_error" and failed.error["type"] == "ValueError"
    assert "gagal sengaja" in failed.error["message"]
    # the previous good report is untouched; the failed run's notebook sits next to it
    assert (year / "12-provinsi" / "laporan.html").read_text() == old_html
    assert failed.outputs["html"] == "12-provinsi/laporan.html"
    assert failed.failed_notebook == "12-provinsi/notebook-gagal.ipynb"
    kept = json.loads((year / failed.failed_notebook).read_text())
    assert "papermill-error-cell-tag" in kept["cells"][0]["metadata"]["tags"]  # red banner

    assert manifest.jobs["13"].error["kind"] == "dead_kernel"
    assert manifest.jobs["14"].error["kind"] == "timeout"
    stopped = json.loads((year / manifest.jobs["14"].failed_notebook).read_text())["cells"]
    assert "batas waktu" in "".join(stopped[0]["source"])
    # the kumkm papermill engine saved the cells that ran before the timeout
    assert any(c.get("execution_count") for c in stopped if c["cell_type"] == "code")
    for key in ("13", "14"):
        assert _files(year / f"{key}-provinsi") == {"notebook-gagal.ipynb"}
    assert not (year / ".tmp").exists()
    assert (year / ".logs" / "12.log").exists()

    html = (year / "index.html").read_text()
    assert html.count("status status-failed") == 3
    from kumkm_utils.runner.batch import format_summary

    summary = format_summary(outcome)
    assert "gagal 3" in summary and "cell_error/ValueError" in summary and "timeout" in summary

    # fixed: the next run builds the failed ones again and cleans the failed notebook away
    fixed = run_batch(
        _jobs(notebook, year, {"11": "ok", "12": "ok"}, sleep_s=60),
        year_dir=year,
        settings=settings,
    )
    assert fixed.built == ["12"] and fixed.skipped == ["11"]
    assert not (year / "12-provinsi" / "notebook-gagal.ipynb").exists()


def test_kernel_start_failure_is_retried_once_and_recorded(tmp_path: Path, monkeypatch) -> None:
    notebook = write_notebook(tmp_path / "laporan.ipynb")
    calls: list[dict] = []

    def flaky(input_path, output_path, parameters, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        Path(output_path).write_text(Path(input_path).read_text())

    monkeypatch.setattr(engine, "run_notebook", flaky)
    result = execute.execute_notebook(
        notebook,
        tmp_path / "out.ipynb",
        {},
        cwd=tmp_path,
        settings=RunSettings(renderer=None),
        kernel_manager_class=dict,
    )
    assert result.ok and result.attempts == 2
    assert result.retried == ["RuntimeError: Kernel didn't respond in 60 seconds"]
    # the first start used the warm kernel manager, the retry the ordinary one
    assert calls[0]["kernel_manager_class"] is dict and "kernel_manager_class" not in calls[1]

    calls.clear()

    def always(input_path, output_path, parameters, **kwargs):
        calls.append(kwargs)
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(engine, "run_notebook", always)
    result = execute.execute_notebook(
        notebook, tmp_path / "out2.ipynb", {}, cwd=tmp_path, settings=RunSettings(renderer=None)
    )
    assert not result.ok and result.attempts == 2 and len(calls) == 2
    assert result.error.kind is execute.FailureKind.KERNEL_START


def test_nothing_changed_batch_of_39_decides_skip_in_under_2_seconds(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "laporan.ipynb")
    codes = [f"{i:02d}" for i in range(11, 49)]
    warehouse = write_warehouse(tmp_path / "wh.duckdb", {k: [int(k)] for k in codes})
    year = tmp_path / "2025"
    jobs = _jobs(notebook, year, dict.fromkeys(codes, "ok"), national=True)
    assert len(jobs) == 39
    settings = batch_settings(warehouse)
    # Record every job as built with its current inputs (as a finished batch would).
    from kumkm_utils.runner.manifest import Manifest

    manifest = Manifest(tahun=2025)
    for d in decide(jobs, settings, manifest, year):
        d.job.output_dir.mkdir(parents=True, exist_ok=True)
        (d.job.output_dir / "laporan.html").write_text("ok")
        manifest.jobs[d.job.key] = JobRecord(
            key=d.job.key,
            label=d.job.label,
            notebook=str(notebook),
            output_dir=d.job.output_dir.name,
            status=SUCCEEDED,
            input_hashes=d.hashes.to_dict(),
            outputs={"html": f"{d.job.output_dir.name}/laporan.html"},
        )
    save_manifest(year, manifest)
    t0 = time.monotonic()
    outcome = run_batch(jobs, year_dir=year, settings=settings, tahun=2025)
    elapsed = time.monotonic() - t0
    assert outcome.built == [] and len(outcome.skipped) == 39
    assert elapsed < 2.0, f"nothing-changed batch took {elapsed:.2f} s"
    # a deleted output is noticed
    (year / "20-provinsi" / "laporan.html").unlink()
    again = decide(jobs, settings, load_manifest(year), year)
    assert [d.job.key for d in again if d.build] == ["20"]
    assert [d.reason for d in again if d.build] == ["outputs missing"]


def test_resume_builds_only_failed_or_unfinished(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "laporan.ipynb")
    warehouse = write_warehouse(tmp_path / "wh.duckdb", {"11": [1], "12": [2], "13": [3]})
    year = tmp_path / "2025"
    jobs = _jobs(notebook, year, {"11": "ok", "12": "ok", "13": "ok"})
    settings = batch_settings(warehouse)
    from kumkm_utils.runner.manifest import FAILED, RUNNING, Manifest

    manifest = Manifest(tahun=2025)
    decisions = decide(jobs, settings, manifest, year)
    statuses = {"11": SUCCEEDED, "12": FAILED, "13": RUNNING}
    for d in decisions:
        d.job.output_dir.mkdir(parents=True, exist_ok=True)
        (d.job.output_dir / "laporan.html").write_text("ok")
        manifest.jobs[d.job.key] = JobRecord(
            key=d.job.key,
            label=d.job.label,
            notebook="nb",
            output_dir=d.job.output_dir.name,
            status=statuses[d.job.key],
            input_hashes={"combined": "lama"},  # inputs "changed"
            outputs={"html": f"{d.job.output_dir.name}/laporan.html"},
        )
    resumed = decide(jobs, settings, manifest, year, resume=True)
    assert [d.job.key for d in resumed if d.build] == [
        "12",
        "13",
    ]  # 11 changed, but resume ignores that
    normal = decide(jobs, settings, manifest, year)
    assert [d.job.key for d in normal if d.build] == ["11", "12", "13"]
    assert normal[0].reason.startswith("changed:")


INTERRUPT_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from kumkm_utils.runner.batch import run_batch
    from kumkm_utils.runner.jobs import Job, RunSettings

    def main():
        root = Path({root!r})
        nb = root / "laporan.ipynb"
        sleep_s = float(sys.argv[1])
        jobs = [Job(key=k, label=k, notebook=nb,
                    parameters={{"kode_provinsi": k, "mode": "sleep", "sleep_s": sleep_s}},
                    output_dir=root / "2025" / (k + "-provinsi"), scope=k)
                for k in ("11", "12", "13")]
        settings = RunSettings(workers=2, renderer="runner_support:fake_render",
                               warehouse=root / "wh.duckdb", progress=False, execution_timeout=60)
        outcome = run_batch(jobs, year_dir=root / "2025", settings=settings,
                            resume=len(sys.argv) > 2)
        sys.exit(outcome.exit_code)

    if __name__ == "__main__":
        main()
""")


def _processes_in(folder: Path) -> list[int]:
    """Processes working inside ``folder`` (our kernels run in staging folders)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if cwd.startswith(str(folder)):
            pids.append(int(proc.name))
    return pids


def _start_and_wait_for_kernels(
    script: Path, env: dict, year: Path, *args: str
) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(script), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while (
        time.monotonic() < deadline
    ):  # until both workers run a kernel (it marks its staging folder)
        staged = list((year / ".tmp").glob("*/out/mulai")) if (year / ".tmp").exists() else []
        if len(staged) >= 2:
            return proc
        if proc.poll() is not None:
            pytest.fail(proc.communicate()[0].decode())
        time.sleep(0.2)
    proc.kill()
    pytest.fail("the batch never started its kernels")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs /proc")
def test_interrupted_batch_leaves_no_partial_file_and_resume_completes(tmp_path: Path) -> None:
    write_notebook(tmp_path / "laporan.ipynb")
    write_warehouse(tmp_path / "wh.duckdb", {"11": [1], "12": [2], "13": [3]})
    year = tmp_path / "2025"
    script = tmp_path / "batch.py"
    script.write_text(INTERRUPT_SCRIPT.format(tests=str(TESTS_DIR), root=str(tmp_path)))
    env = {**os.environ, "PYTHONPATH": str(TESTS_DIR)}

    def no_partial_reports() -> None:
        for key in ("11", "12", "13"):
            folder = year / f"{key}-provinsi"
            assert not folder.exists() or _files(folder) == set()

    # 1. Ctrl-C / SIGTERM: workers stopped, runs marked interrupted, staging removed
    proc = _start_and_wait_for_kernels(script, env, year, "30")
    proc.send_signal(signal.SIGTERM)
    output = proc.communicate(timeout=30)[0].decode()
    assert proc.returncode != 0, output
    assert {r.status for r in load_manifest(year).jobs.values()} == {"interrupted"}
    assert not (year / ".tmp").exists()
    no_partial_reports()

    # 2. SIGKILL: no chance to clean up; still no partial report, and no kernel left behind
    proc = _start_and_wait_for_kernels(script, env, year, "30", "resume")
    proc.kill()
    proc.wait(10)
    deadline = time.monotonic() + 15
    while _processes_in(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _processes_in(tmp_path) == []
    assert {r.status for r in load_manifest(year).jobs.values()} <= {"running", "interrupted"}
    no_partial_reports()

    # 3. --resume completes them (now without the long sleep)
    done = subprocess.run(
        [sys.executable, str(script), "0", "resume"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = load_manifest(year)
    assert {r.status for r in manifest.jobs.values()} == {"succeeded"}
    assert not (year / ".tmp").exists()
    for key in ("11", "12", "13"):
        assert _files(year / f"{key}-provinsi") == {
            "notebook.ipynb",
            "laporan.html",
            "lampiran.xlsx",
            "ringkasan.json",
            "mulai",
        }


FRESH_BODY = """\
import os
assert "bocor" not in globals(), "state leaked from another report"
bocor = kode_provinsi
import matplotlib.pyplot as plt
plt.plot([1, 2, 3])
plt.show()
print("proses", os.getpid(), int(os.getppid() == int(os.environ["JPY_PARENT_PID"])))
"""


@pytest.mark.parametrize("warm", [True, False])
def test_each_report_gets_a_fresh_kernel_with_inline_figures(tmp_path: Path, warm: bool) -> None:
    notebook = write_notebook(tmp_path / "laporan.ipynb", body=FRESH_BODY)
    warehouse = write_warehouse(tmp_path / "wh.duckdb", {"11": [1], "12": [2]})
    year = tmp_path / "2025"
    settings = batch_settings(warehouse, workers=1, renderer=None, warm_kernels=warm)
    outcome = run_batch(
        _jobs(notebook, year, {"11": "ok", "12": "ok"}), year_dir=year, settings=settings
    )
    assert sorted(outcome.built) == ["11", "12"], outcome.manifest.jobs
    seen = []
    for key in ("11", "12"):
        cells = json.loads((year / f"{key}-provinsi" / "notebook.ipynb").read_text())["cells"]
        outputs = [o for c in cells for o in c.get("outputs", [])]
        assert any("image/png" in o.get("data", {}) for o in outputs)  # the inline backend works
        text = "".join("".join(o.get("text", "")) for o in outputs if o.get("name") == "stdout")
        pid, child_of_worker = text.split("proses")[1].split()[:2]
        seen.append(pid)
        # a warm kernel is forked from the template, a cold one started by the worker itself
        assert child_of_worker == ("0" if warm else "1")
    assert seen[0] != seen[1]  # one process per report


THREADS_BODY = """\
import os
print("threads", os.environ.get("KUMKM_REPORT_THREADS"))
"""


def test_each_kernel_gets_its_share_of_the_cores_for_duckdb(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "laporan.ipynb", body=THREADS_BODY)
    warehouse = write_warehouse(tmp_path / "wh.duckdb", {"11": [1], "12": [2]})
    year = tmp_path / "2025"
    outcome = run_batch(
        _jobs(notebook, year, {"11": "ok", "12": "ok"}),
        year_dir=year,
        settings=batch_settings(warehouse, workers=2, renderer=None),
    )
    assert sorted(outcome.built) == ["11", "12"], outcome.manifest.jobs
    expected = str(max(1, (os.cpu_count() or 1) // 2))
    for key in ("11", "12"):
        cells = json.loads((year / f"{key}-provinsi" / "notebook.ipynb").read_text())["cells"]
        text = "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))
        assert text.split("threads")[1].split()[0] == expected
    assert "KUMKM_REPORT_THREADS" not in os.environ  # set for the kernels only
