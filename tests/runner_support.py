"""Shared helpers of the runner tests: tiny notebooks, a tiny warehouse, a fake renderer.

The fake renderer must be importable in the batch's worker processes, which inherit
``sys.path`` from the test process (pytest puts ``tests/`` on it).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

PARAMETERS_SOURCE = """\
kode_provinsi: str = "11"  # kode provinsi, dua digit
tahun_evaluasi: int = 2025  # tahun yang dievaluasi
tahun_rencana: int | None = None  # default: tahun_evaluasi + 1
warehouse: str | None = None  # berkas warehouse DuckDB
output_dir: str | None = None  # folder keluaran
mode: str = "ok"  # ok | fail | sleep | die
sleep_s: float = 0.0  # detik tidur untuk mode sleep
"""

BODY_SOURCE = """\
import os, time
if mode == "fail":
    raise ValueError("gagal sengaja <b>" + kode_provinsi)
if mode == "sleep":
    if output_dir:  # tells a test that the kernel runs
        open(os.path.join(output_dir, "mulai"), "w").close()
    time.sleep(sleep_s)
if mode == "die":
    os._exit(3)
"""

HEADLINE_SOURCE = """\
import duckdb
from kumkm_utils.runner import record_headline
n = None
if warehouse:
    con = duckdb.connect(warehouse, read_only=True)
    sql = "SELECT sum(nilai) FROM umkm WHERE kode_provinsi = ?"
    n = con.execute(sql, [kode_provinsi]).fetchone()[0]
    con.close()
record_headline(output_dir, {"Jumlah nilai": n, "Kode": kode_provinsi}, is_synthetic=True)
print("selesai", kode_provinsi, n)
"""


def write_notebook(
    path: Path,
    *,
    body: str = BODY_SOURCE,
    parameters: str = PARAMETERS_SOURCE,
    headline: str = HEADLINE_SOURCE,
) -> Path:
    """Write a small report notebook (nbformat 4.5, kernel python3)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook()
    params = new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        new_markdown_cell("# Laporan uji"),
        params,
        new_code_cell(body),
        new_code_cell(headline),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def write_warehouse(path: Path, rows: dict[str, list[int]]) -> Path:
    """A tiny warehouse: ``umkm(kode_provinsi, nilai)`` and ``submissions``; rows by province."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE umkm (kode_provinsi VARCHAR, nilai BIGINT)")
    con.execute("CREATE TABLE submissions (kode_provinsi VARCHAR, sha256 VARCHAR, status VARCHAR)")
    for kode, values in rows.items():
        for v in values:
            con.execute("INSERT INTO umkm VALUES (?, ?)", [kode, v])
        con.execute("INSERT INTO submissions VALUES (?, ?, 'current')", [kode, f"sha-{kode}"])
    con.close()
    return path


def fake_render(executed_notebook, out_dir, *, title, subtitle, is_synthetic, meta):
    """Stand-in for kumkm_utils.render.render_report: small files, fails on mode=render_fail."""
    if meta["parameters"].get("mode") == "render_fail":
        raise RuntimeError("renderer gagal")
    out_dir = Path(out_dir)
    nb = json.loads(Path(executed_notebook).read_text(encoding="utf-8"))
    from kumkm_utils.render import missing_data_notice

    html = out_dir / "laporan.html"
    html.write_text(
        f"<h1>{title}</h1><p>{subtitle}</p><p>sintetis={is_synthetic}</p><p>sel={len(nb['cells'])}</p>"
        + (missing_data_notice(meta) or ""),
        encoding="utf-8",
    )
    xlsx = out_dir / "lampiran.xlsx"
    xlsx.write_bytes(b"PK fake")
    return {"html": html, "xlsx": xlsx}


def pin_code_digest(monkeypatch) -> None:
    """Other work in the same checkout may edit kumkm_utils while tests run: pin its digest."""
    from kumkm_utils.runner import hashing

    monkeypatch.setattr(hashing, "code_digest", lambda: "code-under-test")


def batch_settings(warehouse: Path, **kw):
    """Settings of a test batch: 2 workers, the fake renderer, short timeouts, no progress bar."""
    from kumkm_utils.runner.jobs import RunSettings

    base = {
        "workers": 2,
        "renderer": "runner_support:fake_render",
        "warehouse": warehouse,
        "execution_timeout": 30,
        "start_timeout": 60,
        "progress": False,
    }
    base.update(kw)
    return RunSettings(**base)


def kumkm_report(province: str, year: int, warehouse: Path, reports: Path) -> None:
    """Build one real report with ``kumkm report`` in a subprocess; fail the test if it fails."""
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kumkm_utils.cli",
            "report",
            "--province",
            province,
            "--year",
            str(year),
            "--warehouse",
            str(warehouse),
            "--reports-dir",
            str(reports),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
