"""One sample run's state: where it writes, what every province is drawn from, the files written.

:class:`Run` collects the manifest entries of the files and injected mistakes;
:class:`Seeded` holds what is computed once from the seed (calibrated counts and totals, UMKM
rows, the mistake plan); :func:`write_file` writes one submission file (Excel or CSV, with its
planned mistake) and records it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kumkm_utils.files import file_sha256
from kumkm_utils.sample import calibration as cal
from kumkm_utils.sample import makro, mistakes, writer


@dataclass
class Run:
    """One sample run: output folder, seed, and what it wrote (for the manifest)."""

    outdir: Path
    seed: int
    files: list[dict] = field(default_factory=list)
    injected: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Seeded:
    """What every province's files are drawn from, computed once from the seed."""

    scale: float
    umkm_fraction: float
    counts: cal.KoperasiCounts
    adhb: dict[tuple[str, int], float]
    totals: dict
    umkm_rows: dict[tuple[str, int, str], int]
    plan: mistakes.Plan

    @classmethod
    def draw(cls, seed: int, *, scale: float, umkm_fraction: float) -> Seeded:
        counts = cal.koperasi_counts(seed)
        adhb = makro.pdrb_adhb(seed)
        totals = cal.koperasi_totals(seed, counts, adhb)
        umkm_rows = cal.umkm_counts(seed, umkm_fraction * scale)
        the_plan = mistakes.plan(seed)
        return cls(scale, umkm_fraction, counts, adhb, totals, umkm_rows, the_plan)


def write_file(
    run: Run,
    rel: str,
    frame: pd.DataFrame,
    *,
    fmt: str,
    title: str,
    dataset: str,
    code: str,
    years: str,
    kind: str | None,
) -> None:
    path = run.outdir / rel
    excel = fmt == "xlsx"
    grid = writer.to_cells(frame) if excel else writer.to_text(frame)
    if kind is not None:
        grid, info = mistakes.inject(kind, grid, frame, excel=excel, seed=run.seed, label=rel)
        run.injected.append(
            {
                "file": rel,
                "sheet": writer.SHEET if excel else None,
                "row": writer.HEADER_ROW + 1 + info["position"],
                "column": info["column"],
                "value": info["value"],
                "kind": kind,
                "description": mistakes.KINDS[kind],
                "original": info["original"],
                "dataset": dataset,
                "kode_provinsi": code,
            }
        )
    rows = (
        writer.write_excel(path, grid, title_text=title)
        if excel
        else writer.write_csv(path, grid, title_text=title)
    )
    run.files.append(
        {
            "file": rel,
            "dataset": dataset,
            "kode_provinsi": code,
            "tahun": years,
            "format": fmt,
            "rows": rows,
            "sha256": file_sha256(path),
        }
    )
