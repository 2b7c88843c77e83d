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


def _as_written(value: float, excel: bool) -> float | str:
    """A number as the grid holds it: a number in Excel, text in a CSV."""
    if excel:
        return value
    return str(int(value)) if float(value).is_integer() else str(value)


def _set_cell(grid: pd.DataFrame, pos: int, column: str, value: object) -> None:
    grid.iloc[pos, grid.columns.get_loc(column)] = value


@dataclass
class _Target:
    """One file being spoilt: its grid (a copy, changed in place), its rows and the draws."""

    grid: pd.DataFrame
    frame: pd.DataFrame
    excel: bool
    rng: np.random.Generator
    kind: str
    label: str

    def choose(self, mask: pd.Series) -> int:
        """A random data row among those where ``mask`` holds."""
        candidates = np.flatnonzero(mask.fillna(False).to_numpy())
        if len(candidates) == 0:
            raise RuntimeError(f"no row fits mistake {self.kind} in {self.label}")
        return int(self.rng.choice(candidates))


# Each mistake returns (position, column, value, original); it changes ``t.grid``.
def _number_as_text(t: _Target) -> tuple:
    frame = t.frame
    column = "volume_usaha_rp" if "volume_usaha_rp" in frame else "pagu_rp"
    pos = t.choose(frame[column].notna() & (frame[column] >= 1_000_000))
    original = float(frame[column].iloc[pos])
    value = _id_thousands(original)
    _set_cell(t.grid, pos, column, value)
    return pos, column, value, original


def _kabkota_as_name(t: _Target) -> tuple:
    column = "kode_kabkota"
    pos = t.choose(t.frame[column].notna())
    original = str(t.frame[column].iloc[pos])
    row = regions.kabkota(original[:2]).set_index("kode_kabkota").loc[original]
    prefix = "KAB." if row["jenis"] == "Kabupaten" else "KOTA"
    value = f"{prefix} {row['nama_pendek'].upper()}"
    _set_cell(t.grid, pos, column, value)
    return pos, column, value, original


def _duplicate_row(t: _Target) -> tuple:
    column = t.grid.columns[0]
    src = int(t.rng.integers(0, len(t.grid)))
    t.grid = pd.concat([t.grid, t.grid.iloc[[src]]], ignore_index=True)
    return len(t.grid) - 1, column, t.grid.iloc[src, 0], f"salinan baris {HEADER_ROW + 1 + src}"


_SUMMED = (
    "anggota_laki_laki",
    "anggota_perempuan",
    "modal_sendiri_rp",
    "modal_luar_rp",
    "aset_rp",
    "volume_usaha_rp",
    "shu_rp",
    "pagu_rp",
    "realisasi_keuangan_rp",
)
"""Columns a JUMLAH row below the data adds up."""


def _total_row(t: _Target) -> tuple:
    column = t.grid.columns[0]
    total = {c: None for c in t.grid.columns}
    total[column] = "JUMLAH"
    for c in _SUMMED:
        if c in t.frame:
            total[c] = _as_written(float(t.frame[c].sum()), t.excel)
    t.grid = pd.concat([t.grid, pd.DataFrame([total], dtype=object)], ignore_index=True)
    return len(t.grid) - 1, column, "JUMLAH", None


def _negative_capital(t: _Target) -> tuple:
    column = "modal_sendiri_rp"
    pos = t.choose(t.frame[column].notna() & (t.frame[column] > 0))
    original = float(t.frame[column].iloc[pos])
    value = _as_written(-original, t.excel)
    _set_cell(t.grid, pos, column, value)
    return pos, column, value, original


def _rat_date_outside_window(t: _Target) -> tuple:
    column = "tanggal_rat"
    pos = t.choose(t.frame[column].notna())
    original = t.frame[column].iloc[pos].date().isoformat()
    book_year = int(t.frame["tahun"].iloc[pos])
    bad = pd.Timestamp(year=book_year + 2, month=9, day=15).date()
    _set_cell(t.grid, pos, column, bad if t.excel else bad.isoformat())
    return pos, column, bad.isoformat(), original


def _short_nib(t: _Target) -> tuple:
    column = "nib"
    pos = t.choose(t.frame[column].notna())
    original = str(t.frame[column].iloc[pos])
    value = original[:12]
    _set_cell(t.grid, pos, column, value)
    return pos, column, value, original


_INJECT = {
    "angka_teks": _number_as_text,
    "nama_kabkota": _kabkota_as_name,
    "baris_jumlah": _total_row,
    "baris_duplikat": _duplicate_row,
    "modal_negatif": _negative_capital,
    "tanggal_rat_di_luar_jendela": _rat_date_outside_window,
    "nib_12_digit": _short_nib,
}


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
    target = _Target(grid.copy(), frame, excel, rng, kind, label)
    if kind not in _INJECT:
        raise ValueError(f"unknown mistake kind {kind!r}; expected one of {', '.join(KINDS)}")
    pos, column, value, original = _INJECT[kind](target)
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    return target.grid, {
        "position": pos,
        "column": str(column),
        "value": value,
        "kind": kind,
        "original": original,
    }
