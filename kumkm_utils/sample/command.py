"""``kumkm sample``: write the calibrated synthetic sample submissions."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from kumkm_utils.config import SAMPLE_DIR
from kumkm_utils.sample.calibration import UMKM_FRACTION
from kumkm_utils.sample.generator import (
    DATASETS,
    DEFAULT_SEED,
    SampleError,
    generate_sample,
    parse_years,
)

logger = logging.getLogger(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm sample``."""
    parser.description = (
        "Write synthetic submissions (DATA SINTETIS) for all 38 provinces in the format a Dinas "
        "sends: OUTDIR/<kode>-<slug>/<dataset>_<tahun>.xlsx|csv and makro.xlsx, plus "
        "MANIFEST.json and README.txt. At --scale 1 the cooperative data reproduce the "
        "published figures listed in data/README.md."
    )
    parser.add_argument(
        "outdir",
        nargs="?",
        type=Path,
        default=SAMPLE_DIR,
        metavar="OUTDIR",
        help=f"output folder (default: {SAMPLE_DIR})",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiplies cooperative counts and totals and UMKM rows; 1 = national "
        "full scale for cooperatives, the only calibrated scale (default 1)",
    )
    parser.add_argument(
        "--umkm-fraction",
        type=float,
        default=UMKM_FRACTION,
        help=f"UMKM rows per full-scale business (default {UMKM_FRACTION:g} = 1/500, "
        "about 130,000 rows a year; 0.032 gives about 10 million rows over 2021-2025)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--provinces",
        default=None,
        help="comma-separated province codes, e.g. 74,62 (default: all 38)",
    )
    parser.add_argument(
        "--years",
        default="2016-2025",
        help="years to write, e.g. 2016-2025 or 2021,2025 (UMKM and programme from 2021)",
    )
    parser.add_argument(
        "--datasets",
        default=",".join(DATASETS),
        help=f"comma-separated subset of {', '.join(DATASETS)} (default: all)",
    )


def run(args: argparse.Namespace) -> int:
    """Generate the sample and report what was written."""
    provinces = [p for p in args.provinces.split(",") if p.strip()] if args.provinces else None
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    if not datasets:
        raise SampleError("--datasets kosong")
    start = time.perf_counter()
    manifest = generate_sample(
        args.outdir,
        seed=args.seed,
        scale=args.scale,
        provinces=provinces,
        years=parse_years(args.years),
        datasets=datasets,
        umkm_fraction=args.umkm_fraction,
    )
    rows = sum(f["rows"] for f in manifest["files"])
    logger.info(
        "wrote %d files (%d rows) for %d provinces to %s in %.1f s; %d injected mistakes, "
        "%d missing submissions listed in MANIFEST.json (all data are synthetic)",
        len(manifest["files"]),
        rows,
        len(manifest["provinces"]),
        args.outdir,
        time.perf_counter() - start,
        len(manifest["injected_mistakes"]),
        len(manifest["missing_submissions"]),
    )
    return 0
