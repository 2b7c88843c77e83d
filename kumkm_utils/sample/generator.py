"""``kumkm sample``: check the request, draw from the seed, write each province, the manifest.

One province's files: :mod:`.province`; the run's state and file writing: :mod:`.run`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from kumkm_utils import __version__, regions
from kumkm_utils.exceptions import KumkmError
from kumkm_utils.sample import calibration as cal
from kumkm_utils.sample import proxies, writer
from kumkm_utils.sample.province import write_province
from kumkm_utils.sample.run import Run, Seeded
from kumkm_utils.sample.writer import KOPERASI_EXCEL_MAX_ROWS

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
    run = Run(outdir=outdir, seed=seed)
    seeded = Seeded.draw(seed, scale=scale, umkm_fraction=umkm_fraction)
    for code in codes:
        write_province(run, seeded, code, years=wanted_years, datasets=datasets)
    manifest = _manifest(run, seeded, codes=codes, years=wanted_years, datasets=datasets)
    (outdir / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    (outdir / "README.txt").write_text(README_TEXT, encoding="utf-8")
    return manifest


def _manifest(
    run: Run,
    seeded: Seeded,
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
