"""``kumkm pipeline``: sample, ingest, every report and the index (what ``make reports`` runs).

Steps, each said plainly on the terminal:

1. the synthetic sample in ``data/sample/`` (generated with ``kumkm sample`` when missing, or
   when another ``--scale`` is asked for);
2. ingestion into the warehouse with ``kumkm ingest`` of the sample and of the published
   national targets (``config.NATIONAL_TARGETS_FILE``, real figures, kode provinsi 00), skipped
   when the warehouse is newer than both, unless ``--reingest``; rejected rows (the sample
   carries deliberate mistakes) are reported by ingestion and do not stop the pipeline,
   unreadable files do;
3. the reports of all 38 provinces and the national roll-up, through the same runner as
   ``kumkm batch`` (incremental: unchanged reports are skipped);
4. the index page ``reports/<tahun>/index.html``.

Sample and ingestion run as ``kumkm`` subprocesses, so this module depends only on their
command lines. When a step's module or the report notebook does not exist yet, the pipeline
stops there and says so.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from kumkm_utils import config
from kumkm_utils.cli import COMMANDS, add_warehouse_option


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm pipeline``."""
    parser.add_argument(
        "--year",
        type=int,
        default=config.DEFAULT_EVALUATION_YEAR,
        help=f"evaluation year (default {config.DEFAULT_EVALUATION_YEAR})",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="parallel report workers (default: one per core)"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=None,
        help="scale of the synthetic sample (default: the sample's own default, 1)",
    )
    parser.add_argument(
        "--sample-dir",
        type=Path,
        default=config.SAMPLE_DIR,
        help=f"sample folder (default {config.SAMPLE_DIR})",
    )
    add_warehouse_option(parser)
    parser.add_argument(
        "--reports-dir", type=Path, default=None, help="root of the reports (default reports/)"
    )
    parser.add_argument(
        "--reingest", action="store_true", help="ingest even if the warehouse is newer"
    )
    parser.add_argument("--force", action="store_true", help="rebuild every report")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def _say(step: str, text: str) -> None:
    print(f"[{step}] {text}", flush=True)  # noqa: T201 - the pipeline's output is for the user


def _command_available(name: str) -> bool:
    module = COMMANDS[name][0]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _kumkm(*args: str) -> int:
    cmd = [sys.executable, "-m", "kumkm_utils.cli", *args]
    _say("  ", "$ kumkm " + " ".join(args))
    return subprocess.run(cmd, check=False).returncode


def _sample_scale(sample_dir: Path) -> float | None:
    try:
        return float(
            json.loads((sample_dir / "MANIFEST.json").read_text(encoding="utf-8"))["scale"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run(args: argparse.Namespace) -> int:
    """Run the pipeline; 0 when every report was built or up to date."""
    from kumkm_utils.runner.command_batch import report_outcome

    sample_dir: Path = args.sample_dir
    warehouse = Path(args.warehouse) if args.warehouse else config.warehouse_path()
    manifest = sample_dir / "MANIFEST.json"
    stopped = _ensure_sample(args, sample_dir, manifest) or _ensure_ingested(
        args, sample_dir, warehouse, manifest
    )
    if stopped:
        return stopped
    return _build_reports(args, warehouse, report_outcome)


def _ensure_sample(args: argparse.Namespace, sample_dir: Path, manifest: Path) -> int:
    """Step 1: keep the sample or generate it; 0 to go on, else the pipeline's exit code."""
    existing = _sample_scale(sample_dir) if manifest.exists() else None
    if manifest.exists() and (args.scale is None or existing == args.scale):
        _say("1/4 sampel", f"sudah ada di {sample_dir} (skala {existing:g}); tidak dibuat ulang")
        return 0
    if not _command_available("sample"):
        _say("1/4 sampel", "modul kumkm_utils.sample belum ada; pipeline berhenti di sini")
        return 1
    _say("1/4 sampel", f"membuat sampel sintetis di {sample_dir}")
    scale = ["--scale", f"{args.scale:g}"] if args.scale is not None else []
    if _kumkm("sample", str(sample_dir), *scale) != 0:
        _say("1/4 sampel", "gagal; lihat pesan di atas")
        return 1
    return 0


def _ensure_ingested(
    args: argparse.Namespace, sample_dir: Path, warehouse: Path, manifest: Path
) -> int:
    """Step 2: ingest the sample and the national targets unless the warehouse is newer.

    Returns 0 to go on (also when some rows were rejected), else the pipeline's exit code.
    """
    national_targets = config.NATIONAL_TARGETS_FILE
    inputs = [manifest, *([national_targets] if national_targets.exists() else [])]
    if (
        not args.reingest
        and warehouse.exists()
        and all(warehouse.stat().st_mtime > p.stat().st_mtime for p in inputs)
    ):
        _say(
            "2/4 ingest",
            f"warehouse {warehouse} lebih baru dari sampel; tidak dimuat ulang "
            "(pakai --reingest untuk memuat ulang)",
        )
        return 0
    if not _command_available("ingest"):
        _say(
            "2/4 ingest",
            "modul kumkm_utils.ingest.command_ingest belum ada; pipeline berhenti di sini",
        )
        return 1
    _say("2/4 ingest", f"memuat {sample_dir} ke {warehouse}")
    paths = [str(sample_dir)]
    if national_targets.exists():
        _say("2/4 ingest", f"dan target nasional terbitan (bukan sintetis): {national_targets}")
        paths.append(str(national_targets))
    status = _kumkm("ingest", *paths, "--warehouse", str(warehouse))
    if status == 1:  # kumkm ingest: some rows rejected, the rest loaded
        _say("2/4 ingest", "sebagian baris ditolak (lihat laporan validasi di atas); lanjut")
    elif status != 0:
        _say("2/4 ingest", "gagal; lihat pesan di atas")
        return status if status >= 2 else 2  # 2: could not run, 3: warehouse damaged
    return 0


def _build_reports(
    args: argparse.Namespace, warehouse: Path, report_outcome: Callable[..., None]
) -> int:
    """Steps 3 and 4: every report through the batch runner, then where the index is.

    ``report_outcome`` prints the batch summary (imported by :func:`run` before any step).
    """
    from kumkm_utils.runner.jobs import NATIONAL_NOTEBOOK, PROVINCE_NOTEBOOK

    if not PROVINCE_NOTEBOOK.exists():
        _say(
            "3/4 laporan",
            f"notebook laporan provinsi belum ada ({PROVINCE_NOTEBOOK}); "
            "pipeline berhenti setelah ingest",
        )
        return 1
    national = NATIONAL_NOTEBOOK.exists()
    _say(
        "3/4 laporan",
        f"38 provinsi{' + rekap nasional' if national else ''}, tahun {args.year}"
        + ("" if national else f" (notebook rekap nasional {NATIONAL_NOTEBOOK.name} belum ada)"),
    )
    from kumkm_utils.runner.batch import build_reports

    outcome = build_reports(
        args.year,
        None,
        national=national,
        workers=args.workers,
        force=args.force,
        warehouse=warehouse,
        reports_dir=args.reports_dir,
        progress=not args.no_progress,
    )
    report_outcome(outcome)

    # 4. index
    _say("4/4 indeks", f"buka {outcome.index or outcome.year_dir / 'index.html'} di peramban")
    return outcome.exit_code
