"""One province's sample files: each dataset's years, then its target sheet.

:func:`write_province` writes the requested datasets and years of one province (skipping the
submissions the mistake plan leaves out, dropping a kab/kota where it says so), then the target
sheet, calibrated on the rows a full sample writes (:func:`_calibration_rows`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from kumkm_utils import regions
from kumkm_utils.sample import calibration as cal
from kumkm_utils.sample import koperasi, koperasi_panel, makro, mistakes, program, umkm, writer
from kumkm_utils.sample import target as target_sample
from kumkm_utils.sample.run import Run, Seeded, write_file
from kumkm_utils.sample.writer import KOPERASI_EXCEL_MAX_ROWS

logger = logging.getLogger(__name__)


def province_targets(
    code: str, counts: cal.KoperasiCounts, totals: dict, scale: float
) -> koperasi_panel.ProvinceTargets:
    years = cal.YEARS_KOPERASI

    def s(v: float) -> int:
        return max(1, round(v * scale))

    aktif = {y: s(counts.aktif[(code, y)]) for y in years}
    total = {y: max(aktif[y], s(counts.total[(code, y)])) for y in years}
    rat = {y: None if counts.rat[(code, y)] is None else s(counts.rat[(code, y)]) for y in years}
    money = {k: {y: round(v[(code, y)] * scale) for y in years} for k, v in totals.items()}
    return koperasi_panel.ProvinceTargets(aktif=aktif, total=total, rat=rat, money=money)


def write_province(
    run: Run, seeded: Seeded, code: str, *, years: tuple[int, ...], datasets: tuple[str, ...]
) -> None:
    """Write one province's files, dataset by dataset, then its target sheet."""
    prov = regions.province(code)
    logger.info("province %s %s", code, prov.nama)
    written = _Written()
    if "makro" in datasets:
        written.makro = _write_makro(run, seeded, prov, years)
    if "koperasi" in datasets:
        written.koperasi = _write_koperasi(run, seeded, prov, years)
    if "umkm" in datasets:
        written.umkm = dict(_write_umkm(run, seeded, prov, years))
    if "program" in datasets:
        written.program = dict(_write_program(run, seeded, prov, years))
    if "target" in datasets:
        tahun = f"{target_sample.TAHUN[0]}-{target_sample.TAHUN[-1]}"
        write_file(
            run,
            f"{prov.folder}/target.xlsx",
            target_sample.generate(
                code, _calibration_rows(run, seeded, prov, written), seed=run.seed
            ),
            fmt="xlsx",
            dataset="target",
            code=code,
            title=writer.title(prov.kode, prov.nama, "target", tahun),
            years=tahun,
            kind=None,
        )


@dataclass
class _Written:
    """The clean rows of one province written so far (before any injected mistake)."""

    makro: pd.DataFrame | None = None
    koperasi: dict[int, pd.DataFrame] = field(default_factory=dict)
    umkm: dict[int, pd.DataFrame] = field(default_factory=dict)
    program: dict[int, pd.DataFrame] = field(default_factory=dict)


def _calibration_rows(
    run: Run, seeded: Seeded, prov: regions.Province, written: _Written
) -> dict[str, list[pd.DataFrame]]:
    """The rows the target sheet is calibrated on: those of a full sample, whatever was asked.

    Rows already written are reused; the others are generated (not written) from the same
    seeds, so ``--datasets target`` or ``--years 2016-2019`` give the target sheet of a full run.
    """
    code = prov.kode
    first = target_sample.TAHUN[0]
    makro_rows = written.makro
    if makro_rows is None or tuple(makro_rows["tahun"]) != cal.YEARS_KOPERASI:
        makro_rows = makro.generate(code, seeded.adhb, seed=run.seed)  # its draws run over years
    panel = written.koperasi or koperasi.generate(
        code, province_targets(code, seeded.counts, seeded.totals, seeded.scale), seed=run.seed
    )
    umkm_rows = written.umkm
    if set(umkm_rows) != set(cal.YEARS_UMKM):
        umkm_rows = dict(umkm.generate(code, _umkm_counts(seeded, code), seed=run.seed))
    program_rows = {
        y: written.program[y] if y in written.program else program.generate(code, y, seed=run.seed)
        for y in cal.YEARS_UMKM
    }
    return {
        "makro": [makro_rows],
        "koperasi": [panel[y] for y in cal.YEARS_KOPERASI if y >= first],
        "umkm": [umkm_rows[y] for y in cal.YEARS_UMKM],
        "program": [program_rows[y] for y in cal.YEARS_UMKM],
    }


def _write_makro(
    run: Run, seeded: Seeded, prov: regions.Province, years: tuple[int, ...]
) -> pd.DataFrame:
    myears = tuple(y for y in years if y in cal.YEARS_KOPERASI)
    frame = makro.generate(prov.kode, seeded.adhb, seed=run.seed, years=myears)
    tahun = f"{myears[0]}-{myears[-1]}"
    write_file(
        run,
        f"{prov.folder}/makro.xlsx",
        frame,
        fmt="xlsx",
        dataset="makro",
        code=prov.kode,
        title=writer.title(prov.kode, prov.nama, "makro", tahun),
        years=tahun,
        kind=None,
    )
    return frame


def _write_koperasi(
    run: Run, seeded: Seeded, prov: regions.Province, years: tuple[int, ...]
) -> dict[int, pd.DataFrame]:
    code = prov.kode
    targets = province_targets(code, seeded.counts, seeded.totals, seeded.scale)
    frames = koperasi.generate(code, targets, seed=run.seed)
    for year in years:
        _one(run, seeded.plan, prov, "koperasi", year, frames[year], KOPERASI_EXCEL_MAX_ROWS)
    return frames


def _write_umkm(
    run: Run, seeded: Seeded, prov: regions.Province, years: tuple[int, ...]
) -> Iterator[tuple[int, pd.DataFrame]]:
    code = prov.kode
    uy = tuple(y for y in years if y in cal.YEARS_UMKM)
    for year, frame in umkm.generate(code, _umkm_counts(seeded, code), seed=run.seed, years=uy):
        _one(run, seeded.plan, prov, "umkm", year, frame, 0)
        yield year, frame


def _umkm_counts(seeded: Seeded, code: str) -> dict[tuple[int, str], int]:
    """UMKM rows per (year, size class) of one province."""
    return {(y, k): seeded.umkm_rows[(code, y, k)] for y in cal.YEARS_UMKM for k in umkm.CLASSES}


def _write_program(
    run: Run, seeded: Seeded, prov: regions.Province, years: tuple[int, ...]
) -> Iterator[tuple[int, pd.DataFrame]]:
    for year in (y for y in years if y in cal.YEARS_UMKM):
        frame = program.generate(prov.kode, year, seed=run.seed)
        _one(run, seeded.plan, prov, "program", year, frame, 10**9)
        yield year, frame


def _one(
    run: Run,
    the_plan: mistakes.Plan,
    prov: regions.Province,
    dataset: str,
    year: int,
    frame: pd.DataFrame,
    excel_limit: int,
) -> None:
    """Write one dataset-year file, as the plan has it: missing, short of a kab/kota, or with a
    mistake; Excel up to ``excel_limit`` rows, CSV beyond."""
    key = (prov.kode, dataset, year)
    if key in the_plan.missing_files:
        logger.debug("skipping %s (missing submission by design)", key)
        return
    if key in the_plan.missing_kabkota:
        frame = frame[frame["kode_kabkota"] != the_plan.missing_kabkota[key]].reset_index(drop=True)
    fmt = "xlsx" if len(frame) <= excel_limit else "csv"
    write_file(
        run,
        f"{prov.folder}/{dataset}_{year}.{fmt}",
        frame,
        fmt=fmt,
        title=writer.title(prov.kode, prov.nama, dataset, str(year)),
        dataset=dataset,
        code=prov.kode,
        years=str(year),
        kind=the_plan.mistakes.get(key),
    )
