"""Batches under load: a consistent warehouse snapshot, whole report folders, reproducible
builds, and the smaller faults (float timeout, relative folders, worker deaths, leftovers)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest
from runner_support import batch_settings, pin_code_digest, write_notebook, write_warehouse

from kumkm_utils import snapshots
from kumkm_utils.runner import hashing, publish
from kumkm_utils.runner.batch import run_batch
from kumkm_utils.runner.jobs import Job, RunSettings, province_job
from kumkm_utils.runner.manifest import load_manifest

TESTS_DIR = Path(__file__).parent


@pytest.fixture(autouse=True)
def stable_code(monkeypatch):
    pin_code_digest(monkeypatch)


def _job(notebook: Path, year: Path, key: str, **params) -> Job:
    return Job(
        key=key,
        label=f"Provinsi {key}",
        notebook=notebook,
        parameters={"kode_provinsi": key, **params},
        output_dir=year / f"{key}-provinsi",
        scope=key,
    )


def _versioned_tiny(path: Path, rows: dict[str, list[int]]) -> Path:
    write_warehouse(path, rows)
    with snapshots.writing(path):  # adopt the plain file (version 1; 2 adds the missing tables)
        pass
    assert snapshots.is_versioned(path)
    return path


def test_batch_reads_one_snapshot_while_an_ingest_commits(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "laporan.ipynb")
    wh = _versioned_tiny(tmp_path / "wh.duckdb", {"11": [1, 2], "12": [5]})
    v0 = snapshots.current(wh).version
    year = tmp_path / "2025"
    jobs = [_job(notebook, year, k, mode="sleep", sleep_s=4.0) for k in ("11", "12")]
    outcome = {}

    def batch() -> None:
        outcome["first"] = run_batch(jobs, year_dir=year, settings=batch_settings(wh))

    thread = threading.Thread(target=batch)
    thread.start()
    deadline = time.monotonic() + 90
    while not list(year.glob(".tmp/*/out/mulai")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(year.glob(".tmp/*/out/mulai")), "no kernel started"
    # an ingest commits while the reports run: it neither waits nor disturbs them
    with snapshots.writing(wh, wait_seconds=0) as con:
        con.execute("UPDATE umkm SET nilai = nilai * 100")
    assert snapshots.current(wh).version == v0 + 1
    thread.join(120)
    first = outcome["first"]
    assert sorted(first.built) == ["11", "12"], first.failed
    manifest = load_manifest(year)
    for key, expected in (("11", 3), ("12", 5)):
        record = manifest.jobs[key]
        assert record.headline["Jumlah nilai"] == expected  # the old state, for both reports
        assert record.snapshot["version"] == v0
        assert record.parameters["warehouse"] == str(wh)  # the logical warehouse
    index = (year / "index.html").read_text(encoding="utf-8")
    assert f"Data: gudang versi {v0} (" in index and "pengiriman)" in index
    # the next batch sees the new version and rebuilds because the data changed
    second = run_batch(jobs[:1], year_dir=year, settings=batch_settings(wh))
    assert second.built == ["11"] and second.reasons["11"] == "changed: data"
    assert load_manifest(year).jobs["11"].headline["Jumlah nilai"] == 300
    assert load_manifest(year).jobs["11"].snapshot["version"] == v0 + 1
    index = (year / "index.html").read_text(encoding="utf-8")
    assert f"versi {v0 + 1} (" in index and f"versi {v0} (" in index  # 12 not rebuilt yet


PUBLISH_LOOP = textwrap.dedent(
    """
    import shutil, sys
    from pathlib import Path
    from kumkm_utils.runner import publish
    if sys.argv[3] == "rename":
        publish.exchange = lambda a, b: False  # the two-rename fallback
    target, root = Path(sys.argv[1]), Path(sys.argv[2])
    gen = int(sys.argv[4])
    while True:
        gen += 1
        out = root / f"s{gen}" / "out"
        out.mkdir(parents=True)
        for name in ("laporan.html", "laporan.pdf", "lampiran.xlsx", "ringkasan.json"):
            (out / name).write_text(f"{gen}\\n" * 5000)
        publish.publish_folder(out, target)
        shutil.rmtree(root / f"s{gen}")
        print(gen, flush=True)
    """
)


@pytest.mark.parametrize("how", ["exchange", "rename"])
def test_kill_during_publishing_leaves_the_old_or_the_new_folder_never_a_mix(
    tmp_path: Path, how: str
) -> None:
    year = tmp_path / "2025"
    target = year / "74-sulawesi-tenggara"
    script = tmp_path / "loop.py"
    script.write_text(PUBLISH_LOOP)
    gen = 0
    for round_ in range(8):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(target), str(tmp_path / "stage"), how, str(gen)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip()  # at least one folder published
        time.sleep(0.05 * (round_ % 4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        publish.recover_folders(year)
        contents = {p.name: p.read_text() for p in target.iterdir()}
        assert len(contents) == 4, sorted(contents)
        assert len(set(contents.values())) == 1, "a mix of two builds"
        gen = int(next(iter(contents.values())).split()[0]) + 1000
        assert not [p for p in year.iterdir() if p.name.startswith(".")]


@pytest.mark.sample_warehouse
def test_two_builds_of_the_same_inputs_are_byte_identical(
    tmp_path: Path, sample_warehouse: Path
) -> None:
    settings = RunSettings(workers=1, warehouse=sample_warehouse, progress=False)
    job = province_job("74", 2025, reports_dir=tmp_path)
    builds = []
    for _ in range(2):
        outcome = run_batch([job], year_dir=job.output_dir.parent, settings=settings, force=True)
        assert outcome.built == ["74"], outcome.manifest.jobs["74"].error
        builds.append({p.name: p.read_bytes() for p in sorted(job.output_dir.iterdir())})
    assert set(builds[0]) == {
        "laporan.html",
        "laporan.pdf",
        "lampiran.xlsx",
        "notebook.ipynb",
        "ringkasan.json",
    }
    for name in builds[0]:
        assert builds[0][name] == builds[1][name], f"{name} differs between two builds"
    for name in ("laporan.html", "notebook.ipynb"):
        text = builds[0][name].decode("utf-8")
        assert "/.tmp/" not in text and "kumkm-ipc" not in text, name
    nb = json.loads(builds[0]["notebook.ipynb"])
    assert "start_time" not in nb["metadata"]["papermill"]
    assert all("execution" not in c["metadata"] for c in nb["cells"])
    # the report says which warehouse version it was built from
    version = snapshots.current(sample_warehouse)
    assert version.label() in builds[0]["laporan.html"].decode("utf-8")


def test_float_timeout_relative_reports_dir_and_file_modes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    notebook = write_notebook(Path("laporan.ipynb"))
    wh = write_warehouse(Path("wh.duckdb"), {"11": [1]})
    settings = batch_settings(Path("wh.duckdb"), execution_timeout=1.5, workers=1)
    assert settings.execution_timeout == 2 and settings.warehouse.is_absolute()
    from kumkm_utils.runner.jobs import year_dir

    year = year_dir(2025, Path("laporan"))
    assert year.is_absolute()
    outcome = run_batch([_job(notebook, year, "11")], year_dir=year, settings=settings)
    assert outcome.built == ["11"], outcome.manifest.jobs["11"].error
    assert (tmp_path / "laporan" / "2025" / "11-provinsi" / "laporan.html").exists()
    assert load_manifest(year).jobs["11"].headline["Jumlah nilai"] == 1
    for name in ("index.html", "manifest.json"):
        assert stat.S_IMODE((year / name).stat().st_mode) == 0o644, name
    assert wh.exists()


def killer_render(executed_notebook, out_dir, **kwargs):
    """A renderer that kills its worker process (as the kernel OOM killer would)."""
    os._exit(9)


def _ancestors(pid: int, depth: int = 6) -> list[int]:
    chain = []
    for _ in range(depth):
        try:
            stat_line = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            break
        pid = int(stat_line.rsplit(")", 1)[1].split()[1])
        chain.append(pid)
    return chain


class _OurTemplates:
    """Collects the socket folders of the warm templates started by this test's batches.

    Other work on the machine may run batches too: only templates descending from this
    process (test -> fork server -> worker -> template) count.
    """

    def __init__(self) -> None:
        self.folders: set[Path] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            for proc in Path("/proc").iterdir():
                if not proc.name.isdigit():
                    continue
                try:
                    argv = (proc / "cmdline").read_bytes().split(b"\0")
                except OSError:
                    continue
                if b"kumkm_utils.runner.warmkernel" in argv and b"serve" in argv:
                    if me in _ancestors(int(proc.name)):
                        sock = argv[argv.index(b"serve") + 1].decode()
                        self.folders.add(Path(sock).parent)
            time.sleep(0.05)

    def __enter__(self) -> _OurTemplates:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def test_worker_death_is_recorded_and_no_warm_socket_folder_is_left(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "laporan.ipynb")
    wh = write_warehouse(tmp_path / "wh.duckdb", {"11": [1], "12": [2]})
    year = tmp_path / "2025"
    with _OurTemplates() as templates:
        outcome = run_batch(
            [_job(notebook, year, "11"), _job(notebook, year, "12", mode="render_fail")],
            year_dir=year,
            settings=batch_settings(wh, renderer="test_runner_publish:killer_render", workers=1),
        )
        assert sorted(outcome.failed) == ["11", "12"]
        manifest = load_manifest(year)
        record = manifest.jobs["11"]
        assert record.error["kind"] == "worker_died"
        assert len(record.worker_deaths) == 2  # first run and its retry
        assert manifest.last_batch["worker_deaths"]
        # a normal batch afterwards: its template's socket folder is removed at the end
        outcome = run_batch(
            [_job(notebook, year, "11")], year_dir=year, settings=batch_settings(wh, workers=1)
        )
        assert outcome.built == ["11"]
    assert len(templates.folders) >= 3  # two killed workers' templates and the normal one
    deadline = time.monotonic() + 5
    while [f for f in templates.folders if f.exists()] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [f for f in templates.folders if f.exists()] == []


def test_rejections_count_only_for_their_province(tmp_path: Path) -> None:
    wh = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(wh))
    con.execute("CREATE TABLE submissions (submission_id VARCHAR, kode_provinsi VARCHAR)")
    con.execute("CREATE TABLE rejections (submission_id VARCHAR, message VARCHAR)")
    con.execute("INSERT INTO submissions VALUES ('a', '11'), ('b', '74')")
    con.execute("INSERT INTO rejections VALUES ('b', 'satu')")
    con.close()
    before = hashing.warehouse_digest(wh)
    con = duckdb.connect(str(wh))
    con.execute("INSERT INTO rejections VALUES ('a', 'baris Aceh ditolak')")
    con.close()
    after = hashing.warehouse_digest(wh)
    assert after.scope("11") != before.scope("11")
    for other in ("74", "61", "62"):
        assert after.scope(other) == before.scope(other), other


INGEST_POOL = textwrap.dedent(
    """
    import multiprocessing, time
    from pathlib import Path
    from kumkm_utils.ingest.runs import _pool
    if __name__ == "__main__":
        pool = _pool(2)
        futures = [pool.submit(time.sleep, 120) for _ in range(2)]
        time.sleep(2.0)
        assert not any(f.done() for f in futures)
        pids = [p.pid for p in multiprocessing.active_children()]  # the two workers
        # their parent is the fork server (field 4 of /proc/<pid>/stat)
        server = {Path(f"/proc/{p}/stat").read_text().split(")")[-1].split()[1] for p in pids}
        print(" ".join(map(str, pids + sorted(server))), flush=True)
        time.sleep(120)
    """
)


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_ingest_workers_and_forkserver_end_after_sigkill(tmp_path: Path) -> None:
    script = tmp_path / "pool.py"
    script.write_text(INGEST_POOL)
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 3
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 15
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.3)
        alive = [p for p in pids if _alive(p)]
    for pid in alive:  # a failing run must not leave them behind
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert alive == []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_batch_on_a_damaged_warehouse_stops_with_one_sentence(tmp_path: Path) -> None:
    from kumkm_utils.cli import describe_fault
    from kumkm_utils.exceptions import WarehouseError

    notebook = write_notebook(tmp_path / "laporan.ipynb")
    wh = _versioned_tiny(tmp_path / "wh.duckdb", {"11": [1]})
    cur = snapshots.current(wh)
    with open(cur.file, "r+b") as fh:  # damage the first data block
        fh.seek(3 * 4096 + 64)
        byte = fh.read(1)
        fh.seek(3 * 4096 + 64)
        fh.write(bytes([byte[0] ^ 0xFF]))
    year = tmp_path / "2025"
    with pytest.raises(WarehouseError) as caught:
        run_batch([_job(notebook, year, "11")], year_dir=year, settings=batch_settings(wh))
    message, code = describe_fault(caught.value)
    assert code == 3, message
    assert "kumkm check" in message and "kumkm restore" in message
    assert "\n" not in message


@pytest.fixture
def small_disk(small_disk_of) -> Path:
    """A 4 MB tmpfs (skipped where the platform does not allow mounting one)."""
    return small_disk_of("4m")


def test_batch_on_a_full_disk_stops_with_one_sentence_and_no_worker_left(
    tmp_path: Path, small_disk: Path
) -> None:
    import errno

    from kumkm_utils.cli import describe_fault

    notebook = write_notebook(tmp_path / "laporan.ipynb")
    wh = write_warehouse(tmp_path / "wh.duckdb", {"11": [1], "12": [2]})
    year = small_disk / "2025"
    jobs = [_job(notebook, year, k) for k in ("11", "12")]
    first = run_batch(jobs[:1], year_dir=year, settings=batch_settings(wh, workers=1))
    assert first.built == ["11"]
    manifest_before = (year / "manifest.json").read_bytes()
    with open(small_disk / "isi", "wb") as fh:  # fill the disk
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    with pytest.raises(OSError) as caught:
        run_batch(jobs, year_dir=year, settings=batch_settings(wh), force=True)
    assert caught.value.errno == errno.ENOSPC
    message, code = describe_fault(caught.value)
    assert code == 2 and message.startswith("disk penuh")
    # the manifest is whole (the old one: the new one could not be written), the old report is
    # whole, and no kernel or worker is left working on the disk
    assert (year / "manifest.json").read_bytes() == manifest_before
    assert {p.name for p in (year / "11-provinsi").iterdir()} >= {"laporan.html", "lampiran.xlsx"}
    assert not list(year.glob(".tmp/*"))
    assert not list(year.glob(".manifest.json.*"))
    deadline = time.monotonic() + 10
    while _processes_in(small_disk) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _processes_in(small_disk) == []


def _processes_in(folder: Path) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if os.readlink(proc / "cwd").startswith(str(folder)):
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def test_missing_warehouse_stops_the_batch_before_any_kernel(tmp_path: Path) -> None:
    from kumkm_utils.cli import describe_fault
    from kumkm_utils.exceptions import WarehouseError

    notebook = write_notebook(tmp_path / "laporan.ipynb")
    year = tmp_path / "2025"
    t0 = time.monotonic()
    with pytest.raises(WarehouseError) as caught:
        run_batch(
            [_job(notebook, year, "11")],
            year_dir=year,
            settings=batch_settings(tmp_path / "tidak-ada.duckdb"),
        )
    assert time.monotonic() - t0 < 10  # no kernel was started
    message, code = describe_fault(caught.value)
    assert code == 2 and "belum ada" in message and "kumkm ingest" in message
    assert not (year / "11-provinsi").exists()
