"""Benchmark of the report batch (issue 5, "Speed and memory").

Measured in one run, on a copy of the warehouse and into a scratch reports folder:

0. a warm-up, untimed (one report each way: bytecode, font cache);
1. the full batch (38 provinces + national roll-up, HTML + PDF + Excel annex) with the runner;
2. a naive loop of the ``papermill`` and ``jupyter nbconvert --to html`` command-line tools, one
   province at a time, on the same notebook (the baseline; it makes HTML only, since nbconvert's
   PDF needs LaTeX or Chromium, which this setup does not have), then the full batch again
   (``force``), and the ratio of the naive loop to the mean of the two batches around it (the
   speed of a shared machine drifts over the minutes the loop takes);
3. a rerun with nothing changed;
4. a rerun after one province's warehouse rows changed (rebuilds that province + national);
5. the peak memory (max RSS) of one report kernel;
6. with ``--umkm-rows N`` (e.g. 10000000): the same warehouse copy with its ``umkm`` table
   replicated to at least N rows, then the peak memory and time of one province's report kernel
   and of the national one, and a nothing-changed rerun on that warehouse.

Usage::

    python benchmarks/bench_batch.py --year 2025                 # the real notebooks and warehouse
    python benchmarks/bench_batch.py --naive-sample 5            # time 5 naive runs, extrapolate
    python benchmarks/bench_batch.py --demo                      # stand-in notebook, 38 provinces
    python benchmarks/bench_batch.py --umkm-rows 10000000        # + kernels on 10 M UMKM rows

``--demo`` needs no sample: it writes a small notebook (parameters cell, a warehouse query,
pandas and matplotlib imports) and a small warehouse, to time the runner's own overhead.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from kumkm_utils import config

BIN = Path(sys.executable).parent


def _demo_inputs(root: Path) -> tuple[Path, Path, Path, list[str]]:
    """Write a small report notebook, a national one and a warehouse for 38 provinces."""
    import duckdb
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from kumkm_utils import regions

    codes = list(regions.provinces()["kode_provinsi"])
    wh = root / "demo.duckdb"
    wh.unlink(missing_ok=True)
    con = duckdb.connect(str(wh))
    con.execute("CREATE TABLE prov AS SELECT unnest(?::VARCHAR[]) AS kode_provinsi", [codes])
    con.execute(
        "CREATE TABLE umkm AS SELECT p.kode_provinsi, i AS nilai FROM range(200000) t(i), "
        "(SELECT kode_provinsi, row_number() OVER (ORDER BY kode_provinsi) - 1 AS n FROM prov) p "
        "WHERE i % 38 = p.n"
    )
    con.execute("DROP TABLE prov")
    con.close()

    def notebook(path: Path, scope_sql: str, args: str) -> Path:
        nb = new_notebook()
        params = new_code_cell(
            'kode_provinsi: str = "74"  # kode provinsi\n'
            "tahun_evaluasi: int = 2025  # tahun evaluasi\n"
            "warehouse: str | None = None  # berkas warehouse\n"
            "output_dir: str | None = None  # folder keluaran\n"
        )
        params.metadata["tags"] = ["parameters"]
        nb.cells = [
            params,
            new_code_cell(
                "import duckdb, pandas as pd, matplotlib\nmatplotlib.use('Agg')\n"
                "import matplotlib.pyplot as plt"
            ),
            new_code_cell(
                textwrap.dedent(f"""
                con = duckdb.connect(warehouse, read_only=True)
                df = con.execute("SELECT kode_provinsi, count(*) n, sum(nilai) s "
                                 "FROM umkm {scope_sql} "
                                 "GROUP BY 1 ORDER BY 1", {args}).df()
                con.close()
                fig, ax = plt.subplots(figsize=(6, 3)); ax.bar(df.kode_provinsi, df.n); plt.show()
                df
            """)
            ),
            new_code_cell(
                "from kumkm_utils.runner import record_headline\n"
                "record_headline(output_dir, {'Baris': int(df.n.sum()),\n"
                "                             'Jumlah': float(df.s.sum())},"
                " is_synthetic=True)"
            ),
        ]
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(nb, str(path))
        return path

    prov = notebook(root / "demo_provinsi.ipynb", "WHERE kode_provinsi = ?", "[kode_provinsi]")
    nat = notebook(root / "demo_nasional.ipynb", "", "[]")
    return prov, nat, wh, codes


def _jobs(tahun: int, codes: list[str], reports: Path, prov_nb: Path, nat_nb: Path | None):
    from kumkm_utils.runner.jobs import national_job, province_job

    jobs = [province_job(k, tahun, reports_dir=reports, notebook=prov_nb) for k in codes]
    if nat_nb is not None and nat_nb.exists():
        jobs.insert(0, national_job(tahun, reports_dir=reports, notebook=nat_nb))
    return jobs


def _naive_one(nb: Path, kode: str, tahun: int, wh: Path, out: Path) -> float:
    """papermill CLI then nbconvert CLI for one province; returns seconds."""
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    executed = out / "notebook.ipynb"
    # -r keeps the code a string: -p would turn "11" into the number 11
    subprocess.run(
        [
            str(BIN / "papermill"),
            str(nb),
            str(executed),
            "-r",
            "kode_provinsi",
            kode,
            "-p",
            "tahun_evaluasi",
            str(tahun),
            "-r",
            "warehouse",
            str(wh),
            "-r",
            "output_dir",
            str(out),
            "-k",
            "python3",
            "--no-progress-bar",
            "--log-level",
            "ERROR",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            str(BIN / "jupyter"),
            "nbconvert",
            "--to",
            "html",
            "--no-input",
            str(executed),
            "--output",
            "laporan",
            "--output-dir",
            str(out),
            "--log-level",
            "ERROR",
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t0


def _kernel_peak_rss_mb(nb: Path, kode: str, tahun: int, wh: Path, out: Path) -> float:
    """Run one report (execution only) in a fresh process; max RSS of its children = the kernel."""
    code = textwrap.dedent(f"""
        import resource, sys
        from pathlib import Path
        from kumkm_utils.runner.execute import execute_notebook
        from kumkm_utils.runner.jobs import RunSettings
        out = Path({str(out)!r}); out.mkdir(parents=True, exist_ok=True)
        r = execute_notebook(Path({str(nb)!r}), out / "notebook.ipynb",
                             {{"kode_provinsi": {kode!r}, "tahun_evaluasi": {tahun},
                               "warehouse": {str(wh)!r}, "output_dir": str(out)}},
                             cwd=out, settings=RunSettings(renderer=None))
        assert r.ok, r.error
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """)
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def _timed_kernel_rss(nb: Path, kode: str, tahun: int, wh: Path, out: Path) -> tuple[float, float]:
    """Peak kernel RSS (MB) and wall seconds of one report's execution."""
    t0 = time.perf_counter()
    rss = _kernel_peak_rss_mb(nb, kode, tahun, wh, out)
    return rss, time.perf_counter() - t0


def _scale_umkm(wh: Path, rows: int) -> int:
    """Replicate a warehouse copy's ``umkm`` rows (new ids) to >= ``rows``; return the count."""
    import duckdb

    con = duckdb.connect(str(wh))
    try:
        con.execute("SET enable_progress_bar = false")
        n = con.execute("SELECT count(*) FROM umkm").fetchone()[0]
        copies = -(-rows // max(n, 1))
        if copies > 1:
            con.execute(
                "INSERT INTO umkm SELECT u.* REPLACE (u.id_umkm || '~' || t.r AS id_umkm) "
                "FROM umkm u, range(1, ?) t(r)",
                [copies],
            )
        return con.execute("SELECT count(*) FROM umkm").fetchone()[0]
    finally:
        con.close()


def _touch_province(wh: Path, kode: str) -> str:
    """Change one row of one province (in the benchmark's copy of the warehouse)."""
    import duckdb

    con = duckdb.connect(str(wh))
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.columns "
                "WHERE column_name = 'kode_provinsi' "
                "AND table_schema = 'main' ORDER BY table_name = 'umkm' DESC, table_name"
            ).fetchall()
        ]
        for table in tables:
            numeric = con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = ? AND data_type IN "
                "('BIGINT', 'INTEGER', 'DOUBLE') LIMIT 1",
                [table],
            ).fetchone()
            if numeric is None:
                continue
            col = numeric[0]
            con.execute(
                f'UPDATE "{table}" SET "{col}" = "{col}" + 1 WHERE rowid = '
                f'(SELECT min(rowid) FROM "{table}" WHERE kode_provinsi = ?)',
                [kode],
            )
            return f"{table}.{col}"
    finally:
        con.close()
    raise SystemExit(f"no numeric column to change for province {kode}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=config.DEFAULT_EVALUATION_YEAR)
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("/tmp/kumkm-bench"))
    parser.add_argument("--provinces", default=None, help="comma-separated subset (default all 38)")
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=None,
        help="run the naive loop on this many provinces and extrapolate (default: all)",
    )
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument(
        "--umkm-rows",
        type=int,
        default=None,
        help="also measure report kernels on a copy with the umkm table scaled to this many rows",
    )
    parser.add_argument("--demo", action="store_true", help="tiny stand-in notebooks and warehouse")
    args = parser.parse_args()

    from kumkm_utils import regions
    from kumkm_utils.runner import hashing
    from kumkm_utils.runner.batch import format_summary, run_batch
    from kumkm_utils.runner.jobs import NATIONAL_NOTEBOOK, PROVINCE_NOTEBOOK, RunSettings

    # Fingerprint the code once: in a shared checkout, edits made by others while the benchmark
    # runs would otherwise (rightly) rebuild everything and spoil the rerun timings.
    code = hashing.code_digest()
    hashing.code_digest = lambda: code
    root = args.out
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    if args.demo:
        prov_nb, nat_nb, wh, codes = _demo_inputs(root)
    else:
        prov_nb, nat_nb = PROVINCE_NOTEBOOK, NATIONAL_NOTEBOOK
        source = args.warehouse or config.warehouse_path()
        if not source.exists() or not prov_nb.exists():
            raise SystemExit(
                f"needs {source} and {prov_nb}: run `kumkm pipeline` steps first, or use --demo"
            )
        wh = root / "warehouse.duckdb"
        shutil.copyfile(source, wh)
        codes = list(regions.provinces()["kode_provinsi"])
    if args.provinces:
        codes = [c.strip() for c in args.provinces.split(",")]
    reports = root / "reports"
    year = reports / str(args.year)
    settings = RunSettings(workers=args.workers, warehouse=wh, progress=False)
    jobs = _jobs(args.year, codes, reports, prov_nb, nat_nb)
    n_jobs = len(jobs)
    results: dict[str, object] = {
        "jobs": n_jobs,
        "workers": args.workers or os.cpu_count(),
        "cpus": os.cpu_count(),
        "demo": args.demo,
    }
    print(
        f"benchmark: {n_jobs} reports, {results['workers']} workers, "
        f"{os.cpu_count()} CPUs, out {root}"
    )

    # Warm-up, untimed: on a fresh clone the first run of anything compiles the package's
    # bytecode and builds matplotlib's font cache; neither side of the comparison pays that.
    warm = root / "warmup"
    warm_jobs = _jobs(args.year, codes[:1], warm / "reports", prov_nb, None)
    run_batch(
        warm_jobs, year_dir=warm / "reports" / str(args.year), settings=settings, tahun=args.year
    )
    if not args.skip_naive:
        _naive_one(prov_nb, codes[0], args.year, wh, warm / "naive")
    shutil.rmtree(warm, ignore_errors=True)

    t0 = time.perf_counter()
    full = run_batch(jobs, year_dir=year, settings=settings, tahun=args.year)
    results["batch_full_s"] = round(time.perf_counter() - t0, 2)
    print(format_summary(full))
    print(
        f"1. full batch: {results['batch_full_s']} s "
        f"({len(full.built)} built, {len(full.failed)} failed)"
    )

    if not args.skip_naive:
        sample = codes[: args.naive_sample] if args.naive_sample else codes
        times = [_naive_one(prov_nb, k, args.year, wh, root / "naive" / k) for k in sample]
        if nat_nb is not None and nat_nb.exists() and not args.naive_sample:
            times.append(_naive_one(nat_nb, "00", args.year, wh, root / "naive" / "00"))
        per = sum(times) / len(times)
        naive_total = per * n_jobs
        # The machine's speed drifts over minutes (shared host): the full batch runs again right
        # after the naive loop, and the speed-up is taken against the mean of the two batches
        # that bracket it (each one is printed too).
        t0 = time.perf_counter()
        again = run_batch(jobs, year_dir=year, settings=settings, tahun=args.year, force=True)
        results["batch_full_after_naive_s"] = round(time.perf_counter() - t0, 2)
        batch_mean = (results["batch_full_s"] + results["batch_full_after_naive_s"]) / 2
        results.update(
            naive_runs=len(times),
            naive_per_report_s=round(per, 2),
            naive_total_s=round(naive_total, 2),
            naive_extrapolated=len(times) < n_jobs,
            batch_full_mean_s=round(batch_mean, 2),
            speedup=round(naive_total / batch_mean, 2),
            speedup_first_batch=round(naive_total / results["batch_full_s"], 2),
            speedup_second_batch=round(naive_total / results["batch_full_after_naive_s"], 2),
        )
        how = f"extrapolated from {len(times)} runs" if len(times) < n_jobs else "measured"
        print(
            f"2. naive papermill + nbconvert loop: {naive_total:.1f} s "
            f"({per:.1f} s/report, {how}); full batch again: "
            f"{results['batch_full_after_naive_s']} s ({len(again.built)} built); "
            f"speed-up {results['speedup']}x against the mean of the two batches "
            f"({results['speedup_first_batch']}x / {results['speedup_second_batch']}x) "
            "(HTML only in the baseline; HTML+PDF+xlsx in the batch)"
        )

    t0 = time.perf_counter()
    same = run_batch(jobs, year_dir=year, settings=settings, tahun=args.year)
    results["rerun_unchanged_s"] = round(time.perf_counter() - t0, 3)
    print(
        f"3. nothing changed: {results['rerun_unchanged_s']} s (built {len(same.built)}, skipped "
        f"{len(same.skipped)}; reasons {sorted(set(same.reasons.values()))})"
    )

    target = "74" if "74" in codes else codes[-1]
    changed = _touch_province(wh, target)
    t0 = time.perf_counter()
    one = run_batch(jobs, year_dir=year, settings=settings, tahun=args.year)
    results["rerun_one_changed_s"] = round(time.perf_counter() - t0, 2)
    results["rerun_one_changed_built"] = sorted(one.built + one.failed)
    print(
        f"4. one province changed ({target}, {changed}): {results['rerun_one_changed_s']} s, "
        f"rebuilt {results['rerun_one_changed_built']}"
    )

    rss = _kernel_peak_rss_mb(prov_nb, target, args.year, wh, root / "rss")
    results["kernel_peak_rss_mb"] = round(rss, 1)
    print(f"5. peak memory of one report kernel ({target}): {rss:.0f} MB")
    if args.umkm_rows and not args.demo:
        big = root / "warehouse-big.duckdb"
        shutil.copyfile(wh, big)
        t0 = time.perf_counter()
        n_rows = _scale_umkm(big, args.umkm_rows)
        results["big_umkm_rows"] = n_rows
        print(f"6. umkm table scaled to {n_rows:,} rows in {time.perf_counter() - t0:.0f} s")
        rss, secs = _timed_kernel_rss(prov_nb, target, args.year, big, root / "rss-big")
        results.update(big_kernel_peak_rss_mb=round(rss, 1), big_kernel_s=round(secs, 1))
        print(f"   province {target} kernel: peak {rss:.0f} MB, {secs:.1f} s (incl. process start)")
        if nat_nb is not None and nat_nb.exists():
            rss, secs = _timed_kernel_rss(nat_nb, "00", args.year, big, root / "rss-big-nat")
            results.update(big_national_peak_rss_mb=round(rss, 1), big_national_s=round(secs, 1))
            print(f"   national kernel: peak {rss:.0f} MB, {secs:.1f} s (incl. process start)")
        big_settings = RunSettings(workers=args.workers, warehouse=big, progress=False)
        big_year = root / "reports-big" / str(args.year)
        big_jobs = _jobs(args.year, codes[:2], root / "reports-big", prov_nb, None)
        run_batch(big_jobs, year_dir=big_year, settings=big_settings, tahun=args.year)
        t0 = time.perf_counter()
        again = run_batch(big_jobs, year_dir=big_year, settings=big_settings, tahun=args.year)
        results["big_rerun_unchanged_s"] = round(time.perf_counter() - t0, 2)
        print(
            f"   nothing changed on the big warehouse ({len(big_jobs)} reports): "
            f"{results['big_rerun_unchanged_s']} s (skipped {len(again.skipped)})"
        )

    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["batch_main_process_peak_rss_mb"] = round(self_rss, 1)
    (root / "results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    return 0 if not full.failed else 1


if __name__ == "__main__":
    sys.exit(main())
