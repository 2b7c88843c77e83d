"""The sample run: calibrate, generate each province's files, add mistakes, write a manifest."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kumkm_utils import __version__, regions
from kumkm_utils.exceptions import KumkmError
from kumkm_utils.files import file_sha256
from kumkm_utils.sample import calibration as cal
from kumkm_utils.sample import (
    koperasi,
    koperasi_panel,
    makro,
    mistakes,
    program,
    proxies,
    umkm,
    writer,
)
from kumkm_utils.sample import target as target_sample
from kumkm_utils.sample.writer import KOPERASI_EXCEL_MAX_ROWS

logger = logging.getLogger(__name__)

GENERATOR_VERSION = "1"
"""Bump when the same seed would produce different rows."""
DATASETS = ("koperasi", "umkm", "program", "makro", "target")
DEFAULT_SEED = 2025
README_TEXT = """DATA SINTETIS — contoh buatan generator kumkm, bukan data resmi.

Semua berkas di folder ini dibuat oleh perintah `kumkm sample` untuk mencoba alur kerja
(impor, validasi, laporan). Angka-angkanya buatan: hanya beberapa angka yang disesuaikan dengan
angka terbitan resmi (lihat data/README.md dan MANIFEST.json). Jangan dikutip sebagai data resmi.

Struktur: <kode>-<slug>/<dataset>_<tahun>.xlsx|csv dan <kode>-<slug>/makro.xlsx.
MANIFEST.json mencatat benih (seed), skala, berkas, jumlah baris, sha256, kesalahan isian yang
sengaja disisipkan (letaknya persis) dan kiriman yang sengaja dihilangkan.
"""


class SampleError(KumkmError):
    """A sample request that cannot be generated (bad province, year or scale)."""


@dataclass
class _Run:
    outdir: Path
    seed: int
    files: list[dict] = field(default_factory=list)
    injected: list[dict] = field(default_factory=list)


def parse_years(text: str) -> tuple[int, ...]:
    """Parse ``2016-2025`` or ``2021,2023`` into a tuple of years.

    Examples
    --------
    >>> parse_years("2021-2023")
    (2021, 2022, 2023)
    """
    years: list[int] = []
    try:
        for part in text.split(","):
            lo, _, hi = part.strip().partition("-")
            years.extend(range(int(lo), int(hi or lo) + 1))
    except ValueError:
        raise SampleError(
            f"tahun tidak dikenali: {text!r} (contoh: 2016-2025 atau 2021,2023)"
        ) from None
    bad = [y for y in years if y not in cal.YEARS_KOPERASI]
    if bad:
        raise SampleError(f"tahun {bad} di luar rentang sampel 2016-2025")
    return tuple(sorted(set(years)))


def _province_targets(
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


def _write(
    run: _Run,
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


def generate_sample(
    outdir: Path,
    *,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    provinces: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    datasets: Iterable[str] = DATASETS,
    umkm_fraction: float = cal.UMKM_FRACTION,
) -> dict:
    """Write the synthetic sample submissions and return the manifest.

    Parameters
    ----------
    outdir : Path
        Output folder (created); one sub-folder ``<kode>-<slug>`` per province.
    seed : int
        Seed; the same seed gives byte-identical files.
    scale : float
        Multiplies cooperative counts and totals (1 = national full scale, calibrated) and
        UMKM rows.
    provinces : iterable of str, optional
        Province codes; default all 38. A subset gives the same rows for those provinces.
    years : iterable of int, optional
        Years to write (default 2016-2025; UMKM and programme exist from 2021).
    datasets : iterable of str
        Which of ``koperasi``, ``umkm``, ``program``, ``makro`` to write.
    umkm_fraction : float
        Rows per full-scale UMKM unit (default 1/500).

    Returns
    -------
    dict
        The manifest, also written to ``outdir/MANIFEST.json``.

    Raises
    ------
    SampleError
        Unknown province or dataset, a year outside 2016-2025, or a non-positive scale.
    """
    if scale <= 0 or umkm_fraction <= 0:
        raise SampleError("--scale dan --umkm-fraction harus lebih besar dari 0")
    codes = sorted(
        {regions.province(str(c).strip()).kode for c in provinces}
        if provinces
        else proxies.provinces()
    )
    wanted_years = tuple(sorted(set(years))) if years else cal.YEARS_KOPERASI
    datasets = tuple(datasets)
    unknown = sorted(set(datasets) - set(DATASETS))
    if unknown:
        raise SampleError(f"dataset tidak dikenal: {unknown}; pilihan: {', '.join(DATASETS)}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    _remove_previous(outdir)
    run = _Run(outdir=outdir, seed=seed)
    seeded = _Seeded.draw(seed, scale=scale, umkm_fraction=umkm_fraction)
    for code in codes:
        _write_province(run, seeded, code, years=wanted_years, datasets=datasets)
    manifest = _manifest(run, seeded, codes=codes, years=wanted_years, datasets=datasets)
    (outdir / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    (outdir / "README.txt").write_text(README_TEXT, encoding="utf-8")
    return manifest


@dataclass(frozen=True)
class _Seeded:
    """What every province's files are drawn from, computed once from the seed."""

    scale: float
    umkm_fraction: float
    counts: cal.KoperasiCounts
    adhb: dict[tuple[str, int], float]
    totals: dict
    umkm_rows: dict[tuple[str, int, str], int]
    plan: mistakes.Plan

    @classmethod
    def draw(cls, seed: int, *, scale: float, umkm_fraction: float) -> _Seeded:
        counts = cal.koperasi_counts(seed)
        adhb = makro.pdrb_adhb(seed)
        totals = cal.koperasi_totals(seed, counts, adhb)
        umkm_rows = cal.umkm_counts(seed, umkm_fraction * scale)
        the_plan = mistakes.plan(seed)
        return cls(scale, umkm_fraction, counts, adhb, totals, umkm_rows, the_plan)


def _write_province(
    run: _Run, seeded: _Seeded, code: str, *, years: tuple[int, ...], datasets: tuple[str, ...]
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
        _write(
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
    run: _Run, seeded: _Seeded, prov: regions.Province, written: _Written
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
        code, _province_targets(code, seeded.counts, seeded.totals, seeded.scale), seed=run.seed
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
    run: _Run, seeded: _Seeded, prov: regions.Province, years: tuple[int, ...]
) -> pd.DataFrame:
    myears = tuple(y for y in years if y in cal.YEARS_KOPERASI)
    frame = makro.generate(prov.kode, seeded.adhb, seed=run.seed, years=myears)
    tahun = f"{myears[0]}-{myears[-1]}"
    _write(
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
    run: _Run, seeded: _Seeded, prov: regions.Province, years: tuple[int, ...]
) -> dict[int, pd.DataFrame]:
    code = prov.kode
    targets = _province_targets(code, seeded.counts, seeded.totals, seeded.scale)
    frames = koperasi.generate(code, targets, seed=run.seed)
    for year in years:
        _one(run, seeded.plan, prov, "koperasi", year, frames[year], KOPERASI_EXCEL_MAX_ROWS)
    return frames


def _write_umkm(
    run: _Run, seeded: _Seeded, prov: regions.Province, years: tuple[int, ...]
) -> Iterator[tuple[int, pd.DataFrame]]:
    code = prov.kode
    uy = tuple(y for y in years if y in cal.YEARS_UMKM)
    for year, frame in umkm.generate(code, _umkm_counts(seeded, code), seed=run.seed, years=uy):
        _one(run, seeded.plan, prov, "umkm", year, frame, 0)
        yield year, frame


def _umkm_counts(seeded: _Seeded, code: str) -> dict[tuple[int, str], int]:
    """UMKM rows per (year, size class) of one province."""
    return {(y, k): seeded.umkm_rows[(code, y, k)] for y in cal.YEARS_UMKM for k in umkm.CLASSES}


def _write_program(
    run: _Run, seeded: _Seeded, prov: regions.Province, years: tuple[int, ...]
) -> Iterator[tuple[int, pd.DataFrame]]:
    for year in (y for y in years if y in cal.YEARS_UMKM):
        frame = program.generate(prov.kode, year, seed=run.seed)
        _one(run, seeded.plan, prov, "program", year, frame, 10**9)
        yield year, frame


def _manifest(
    run: _Run,
    seeded: _Seeded,
    *,
    codes: list[str],
    years: tuple[int, ...],
    datasets: tuple[str, ...],
) -> dict:
    """What was written (files, injected mistakes, missing submissions), with the options."""
    the_plan = seeded.plan
    return {
        "synthetic": True,
        "marker": writer.MARKER,
        "generator": "kumkm sample",
        "generator_version": GENERATOR_VERSION,
        "kumkm_utils_version": __version__,
        "seed": run.seed,
        "scale": seeded.scale,
        "umkm_fraction": seeded.umkm_fraction,
        "years": list(years),
        "provinces": codes,
        "datasets": list(datasets),
        "koperasi_excel_max_rows": KOPERASI_EXCEL_MAX_ROWS,
        "files": run.files,
        "injected_mistakes": run.injected,
        "missing_submissions": [
            {"kode_provinsi": c, "dataset": d, "tahun": y}
            for c, d, y in sorted(the_plan.missing_files)
            if c in codes and d in datasets and y in years
        ],
        "missing_kabkota": [
            {"kode_provinsi": c, "dataset": d, "tahun": y, "kode_kabkota": k}
            for (c, d, y), k in sorted(the_plan.missing_kabkota.items())
            if c in codes and d in datasets and y in years
        ],
    }


def _remove_previous(outdir: Path) -> None:
    """Delete the files a previous sample run listed in ``outdir/MANIFEST.json`` (and nothing
    else), so that a rerun with other options leaves no stale submission behind."""
    manifest = outdir / "MANIFEST.json"
    if not manifest.exists():
        return
    try:
        old = json.loads(manifest.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise SampleError(
            f"{manifest} is not a sample manifest ({err}); remove it or choose another OUTDIR"
        ) from err
    root = outdir.resolve()
    for entry in old.get("files", []):
        path = (outdir / entry["file"]).resolve()
        if path.is_relative_to(root) and path.is_file():
            path.unlink()
    manifest.unlink()


def _one(
    run: _Run,
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
    _write(
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
