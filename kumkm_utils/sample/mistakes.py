"""Deliberate data-entry mistakes and missing submissions, planned from the seed.

The plan never touches a file that a calibration target counts (see :func:`calibrated`), so
the published figures still hold when ingestion rejects the bad rows. Each injected mistake is
reported with its exact location (file, sheet, Excel-style row, column, value, kind).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kumkm_utils import regions
from kumkm_utils.sample.calibration import koperasi_counts, rng_for
from kumkm_utils.sample.proxies import provinces
from kumkm_utils.sample.published import NATIONAL_ANCHORS, pins
from kumkm_utils.sample.writer import HEADER_ROW, KOPERASI_EXCEL_MAX_ROWS

KINDS = {
    "angka_teks": "angka diketik sebagai teks dengan pemisah ribuan Indonesia",
    "nama_kabkota": "kab/kota ditulis sebagai nama, bukan kode",
    "baris_jumlah": "baris JUMLAH (total) di bawah data",
    "baris_duplikat": "baris data tercatat dua kali",
    "modal_negatif": "modal sendiri bernilai negatif",
    "tanggal_rat_di_luar_jendela": "tanggal RAT di luar Januari-Desember tahun setelah tahun buku",
    "nib_12_digit": "NIB hanya 12 angka",
}
"""Kinds of injected mistakes, with an Indonesian description."""

# (kind, dataset, year, forced province or None)
_MISTAKES = (
    ("angka_teks", "koperasi", 2023, None),
    ("nama_kabkota", "koperasi", 2023, "74"),
    ("baris_duplikat", "koperasi", 2023, None),
    ("baris_jumlah", "koperasi", 2025, None),
    ("modal_negatif", "koperasi", 2025, None),
    ("tanggal_rat_di_luar_jendela", "koperasi", 2025, None),
    ("nib_12_digit", "umkm", 2024, None),
    ("baris_duplikat", "umkm", 2022, None),
    ("angka_teks", "program", 2024, None),
    ("nama_kabkota", "program", 2023, None),
)
_MISSING_FILES = (("koperasi", 2023), ("program", 2022), ("program", 2022), ("umkm", 2023))
_MISSING_KABKOTA = (("koperasi", 2025), ("koperasi", 2025), ("koperasi", 2023))


def calibrated(code: str, dataset: str, year: int) -> bool:
    """Whether a calibration target counts rows of this province, dataset and year."""
    if dataset == "koperasi":
        national = any(
            y == year and src for y, (_, src) in NATIONAL_ANCHORS["koperasi_aktif"].items()
        )
        return national or any(code in p.provinces and p.year == year for p in pins())
    if dataset == "umkm":
        return year == 2021 or any(
            code in p.provinces and p.year == year and p.indicator == "umkm" for p in pins()
        )
    if dataset == "makro":
        return any(
            code in p.provinces and p.indicator == "kontribusi_koperasi_pdrb" for p in pins()
        )
    return False


@dataclass(frozen=True)
class Plan:
    """Where the sample departs from clean, complete submissions."""

    mistakes: dict[tuple[str, str, int], str]
    """(province, dataset, year) → mistake kind."""
    missing_files: frozenset[tuple[str, str, int]]
    missing_kabkota: dict[tuple[str, str, int], str]
    """(province, dataset, year) → kab/kota code whose rows are absent."""


def plan(seed: int) -> Plan:
    """Choose, from the seed alone, which files carry mistakes or are missing."""
    rng = rng_for(seed, "mistake-plan")
    used: set[tuple[str, str, int]] = set()

    totals = koperasi_counts(seed).total
    excel = {(c, y) for (c, y), n in totals.items() if n <= KOPERASI_EXCEL_MAX_ROWS}

    def pick(dataset: str, year: int, *, excel_only: bool = False) -> str:
        for code in rng.permutation(provinces()):
            key = (str(code), dataset, year)
            if excel_only and (key[0], year) not in excel:
                continue
            if key not in used and not calibrated(*key):
                used.add(key)
                return str(code)
        raise RuntimeError(f"no province left for {dataset} {year}")

    mistakes = {}
    for kind, dataset, year, forced in _MISTAKES:
        # a number typed as text matters in Excel (a text cell), so put it in an Excel file
        excel_only = kind == "angka_teks" and dataset == "koperasi"
        code = (
            forced
            if forced and (forced, dataset, year) not in used
            else pick(dataset, year, excel_only=excel_only)
        )
        used.add((code, dataset, year))
        mistakes[(code, dataset, year)] = kind
    missing = frozenset((pick(d, y), d, y) for d, y in _MISSING_FILES)
    missing_kab = {}
    for dataset, year in _MISSING_KABKOTA:
        code = pick(dataset, year)
        kabs = regions.kabkota(code)["kode_kabkota"].tolist()
        missing_kab[(code, dataset, year)] = str(kabs[int(rng.integers(1, len(kabs)))])
    return Plan(mistakes=mistakes, missing_files=missing, missing_kabkota=missing_kab)


def _id_thousands(value: float) -> str:
    return f"{int(round(value)):,}".replace(",", ".")


def inject(
    kind: str, grid: pd.DataFrame, frame: pd.DataFrame, *, excel: bool, seed: int, label: str
) -> tuple[pd.DataFrame, dict]:
    """Apply one mistake to a grid of cell values (Excel cells or CSV text).

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    grid : pandas.DataFrame
        Values as they will be written (from :func:`.writer.to_cells` or :func:`.writer.to_text`).
    frame : pandas.DataFrame
        The same rows in schema dtypes, to choose a suitable row.
    excel : bool
        Whether the grid is written to Excel (numbers stay numbers) or CSV (all text).
    seed : int
        Sample seed.
    label : str
        Stable label of the file (used to seed the choice of row).

    Returns
    -------
    tuple
        The new grid and a dict ``{position, column, value, kind, original}`` where position
        is the 0-based data row in the new grid.
    """
    rng = rng_for(seed, "mistake", label)
    grid = grid.copy()

    def choose(mask: pd.Series) -> int:
        candidates = np.flatnonzero(mask.fillna(False).to_numpy())
        if len(candidates) == 0:
            raise RuntimeError(f"no row fits mistake {kind} in {label}")
        return int(rng.choice(candidates))

    num = (lambda v: v) if excel else (lambda v: str(int(v)) if float(v).is_integer() else str(v))
    if kind == "angka_teks":
        column = "volume_usaha_rp" if "volume_usaha_rp" in frame else "pagu_rp"
        pos = choose(frame[column].notna() & (frame[column] >= 1_000_000))
        original = float(frame[column].iloc[pos])
        value = _id_thousands(original)
        grid.iloc[pos, grid.columns.get_loc(column)] = value
    elif kind == "nama_kabkota":
        column = "kode_kabkota"
        pos = choose(frame[column].notna())
        original = str(frame[column].iloc[pos])
        row = regions.kabkota(original[:2]).set_index("kode_kabkota").loc[original]
        prefix = "KAB." if row["jenis"] == "Kabupaten" else "KOTA"
        value = f"{prefix} {row['nama_pendek'].upper()}"
        grid.iloc[pos, grid.columns.get_loc(column)] = value
    elif kind == "baris_duplikat":
        column = grid.columns[0]
        src = int(rng.integers(0, len(grid)))
        grid = pd.concat([grid, grid.iloc[[src]]], ignore_index=True)
        pos, value, original = (
            len(grid) - 1,
            grid.iloc[src, 0],
            f"salinan baris {HEADER_ROW + 1 + src}",
        )
    elif kind == "baris_jumlah":
        column = grid.columns[0]
        total = {c: None for c in grid.columns}
        total[column] = "JUMLAH"
        for c in (
            "anggota_laki_laki",
            "anggota_perempuan",
            "modal_sendiri_rp",
            "modal_luar_rp",
            "aset_rp",
            "volume_usaha_rp",
            "shu_rp",
            "pagu_rp",
            "realisasi_keuangan_rp",
        ):
            if c in frame:
                total[c] = num(float(frame[c].sum()))
        grid = pd.concat([grid, pd.DataFrame([total], dtype=object)], ignore_index=True)
        pos, value, original = len(grid) - 1, "JUMLAH", None
    elif kind == "modal_negatif":
        column = "modal_sendiri_rp"
        pos = choose(frame[column].notna() & (frame[column] > 0))
        original = float(frame[column].iloc[pos])
        value = num(-original)
        grid.iloc[pos, grid.columns.get_loc(column)] = value
    elif kind == "tanggal_rat_di_luar_jendela":
        column = "tanggal_rat"
        pos = choose(frame[column].notna())
        original = frame[column].iloc[pos].date().isoformat()
        book_year = int(frame["tahun"].iloc[pos])
        bad = pd.Timestamp(year=book_year + 2, month=9, day=15).date()
        value = bad if excel else bad.isoformat()
        grid.iloc[pos, grid.columns.get_loc(column)] = value
        value = bad.isoformat()
    elif kind == "nib_12_digit":
        column = "nib"
        pos = choose(frame[column].notna())
        original = str(frame[column].iloc[pos])
        value = original[:12]
        grid.iloc[pos, grid.columns.get_loc(column)] = value
    else:
        raise ValueError(f"unknown mistake kind {kind!r}; expected one of {', '.join(KINDS)}")
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    return grid, {
        "position": pos,
        "column": str(column),
        "value": value,
        "kind": kind,
        "original": original,
    }
