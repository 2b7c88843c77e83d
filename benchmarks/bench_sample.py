"""Benchmark of ``kumkm sample``: wall time and peak memory (not a test).

Each case runs the CLI in a subprocess; peak memory is the child's maximum resident set size
from ``resource.getrusage(RUSAGE_CHILDREN)`` (covers numpy/pyarrow allocations, unlike
tracemalloc). Run one case at a time so the figure belongs to that case::

    python benchmarks/bench_sample.py default      # all 38 provinces, default scale
    python benchmarks/bench_sample.py umkm10m      # about 10 million UMKM rows (CSV)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {
    "default": [],
    # 0.032 x ~65 million units x 5 years = about 10.4 million UMKM rows
    "umkm10m": ["--datasets", "umkm", "--umkm-fraction", "0.032"],
}


def run(case: str, outdir: Path) -> dict:
    """Run one case and return its figures."""
    cmd = [sys.executable, "-m", "kumkm_utils.cli", "sample", str(outdir), *CASES[case]]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss
    manifest = json.loads((outdir / "MANIFEST.json").read_text(encoding="utf-8"))
    rows: dict[str, int] = {}
    for f in manifest["files"]:
        rows[f["dataset"]] = rows.get(f["dataset"], 0) + f["rows"]
    size = sum(p.stat().st_size for p in outdir.rglob("*") if p.is_file())
    return {
        "case": case,
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": round(peak_kb / 1024),
        "files": len(manifest["files"]),
        "rows": rows,
        "output_mb": round(size / 2**20),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument(
        "--keep", type=Path, default=None, help="write here instead of a temporary folder"
    )
    args = parser.parse_args()
    if args.keep:
        print(json.dumps(run(args.case, args.keep)))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(run(args.case, Path(tmp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
