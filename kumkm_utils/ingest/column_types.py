"""Typing the columns of a chunk: raw cells to schema dtypes, with the problems of each cell.

Each schema column is typed by its dtype (numbers, dates, booleans, coded values, identifiers
as text) and unreadable cells are reported in words a clerk understands. Control characters
are removed from cells first (:func:`clean_controls`).

An ``umkm`` row's ``skala_usaha`` is stored as submitted (empty stays empty); the indicators
derive an empty class from annual sales, else capital (PP 7/2021) and count reported and derived
classes apart. :func:`derive_skala` gives the same class in pandas.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from kumkm_utils import schemas
from kumkm_utils.ingest.dates import parse_dates
from kumkm_utils.ingest.normalise import (
    ID_COLUMNS,
    MAX_TEXT_CHARS,
    integral,
    mask_nik_cells,
    normalise_bool,
    normalise_choice,
    normalise_id,
    normalise_text,
    not_available_cells,
    remove_controls,
)
from kumkm_utils.ingest.numeric import (
    KIND_ABBREVIATED,
    KIND_NIL,
    KIND_NOT_AVAILABLE,
    parse_numbers,
)
from kumkm_utils.ingest.validation import cell_problems, concat_problems

NIK_IN_TEXT = (
    "sel berisi 16 angka seperti NIK kependudukan (KTP); angka itu disamarkan sebelum disimpan. "
    "Jangan tulis NIK pribadi di kolom teks."
)


CONTROL_CHARACTERS = (
    "sel berisi karakter kendali tak terlihat (mis. NUL, ESC, atau pembalik arah teks); "
    "karakter itu dihapus, isi sel lainnya dimuat"
)


NOT_AVAILABLE_TEXT = (
    "sel berisi #N/A, yaitu hasil rumus pencarian (mis. VLOOKUP) yang tidak menemukan nilai; "
    "dibaca sebagai tidak dilaporkan (kosong). Isi nilainya bila ada."
)


NIL_NOTE = (
    "tanda - dibaca sebagai 0 (nihil), seperti pada tabel BPS; kosongkan sel bila datanya tidak "
    "dilaporkan"
)


def number_hint(ds: schemas.Dataset, name: str, label: str) -> str:
    """What to write in a number column, in words a clerk understands (never a pattern)."""
    unit = ds.meta(name).get("unit")
    if name == "tahun":
        return f"{label} harus tahun empat angka, mis. 2025"
    if unit == "Rp":
        return (
            f"{label} bukan angka; tulis jumlah rupiah penuh, mis. 1.250.000 (tanpa teks lain); "
            "tulis - bila nihil"
        )
    if unit == "%":
        return f"{label} bukan angka; tulis persen tanpa teks lain, mis. 85,5"
    return f"{label} bukan angka; tulis angka saja, mis. 25 (tanpa teks lain); tulis - bila nihil"


NIB_LOST_ZERO = (
    "NIB hanya 12 angka: kemungkinan angka 0 di depan hilang karena sel berformat angka. "
    "Ketik ulang NIB sebagai teks (13 angka); nilai tidak ditebak."
)


def type_columns(
    data: pd.DataFrame,
    dataset: str,
    rows: np.ndarray,
    *,
    max_text_chars: int = MAX_TEXT_CHARS,
    only: tuple[str, ...] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Type every schema column of ``data``; return the typed frame and cell problems.

    ``only`` types just these schema columns (and derives nothing), for
    :func:`~kumkm_utils.ingest.chunk_preparation.settle_province`.
    """
    ds = schemas.dataset(dataset)
    typed: dict[str, pd.Series] = {}
    parts: list[pd.DataFrame] = []
    n = len(data)
    for name, col in ds.schema.columns.items():
        if only is not None and name not in only:
            continue
        raw = data[name] if name in data.columns else pd.Series([None] * n, dtype=object)
        raw = raw.reset_index(drop=True)
        dtype = str(col.dtype)
        dtype = "string" if dtype.startswith("string") else dtype
        report = _reporter(parts, raw, rows, name)
        values = _type_column(raw, ds, name, dtype, report, max_text_chars)
        typed[name] = values.reset_index(drop=True)
    frame = pd.DataFrame(typed)
    # skala_usaha stays as submitted: the indicators derive an empty class by PP 7/2021 at
    # query time (kumkm_utils.indicators.umkm.skala_sql), so reported and derived classes
    # remain distinguishable (issue 10)
    return frame, concat_problems(parts)


_Report = Callable[..., None]
"""``report(mask, rule, message, severity="error")``: adds the problems of one column."""


def _reporter(parts: list[pd.DataFrame], raw: pd.Series, rows: np.ndarray, name: str) -> _Report:
    """A function that adds the problems of the cells of column ``name`` to ``parts``."""

    def report(mask: pd.Series, rule: str, message: str, severity: str = "error") -> None:
        parts.append(
            cell_problems(
                mask, raw, rows, column=name, rule=rule, message=message, severity=severity
            )
        )

    return report


def _type_column(
    raw: pd.Series,
    ds: schemas.Dataset,
    name: str,
    dtype: str,
    report: _Report,
    max_text_chars: int,
) -> pd.Series:
    """One column typed by its schema dtype; its unreadable cells reported."""
    label = ds.meta(name).get("label") or name
    allowed = ds.meta(name).get("allowed")
    if dtype not in ("Float64", "Int64"):  # numbers report their own #N/A (parse_numbers)
        na = not_available_cells(raw)
        if na is not None:
            report(na, "#N/A", f"{label}: {NOT_AVAILABLE_TEXT}", severity="warning")
    if name in ID_COLUMNS:
        return _identifiers(raw, name, label, report)
    if dtype == "string" and allowed:
        return normalise_choice(raw, name, allowed).values
    if dtype == "string":
        return _texts(raw, label, report, max_text_chars)
    if dtype in ("Float64", "Int64"):
        return _numbers(raw, ds, name, label, dtype, report)
    if dtype == "boolean":
        result = normalise_bool(raw)
        report(result.invalid, "format Ya/Tidak", f"{label} harus Ya atau Tidak")
        return result.values
    if dtype.startswith("datetime"):
        result = parse_dates(raw)
        report(
            result.invalid,
            "format tanggal",
            f"{label} bukan tanggal; tulis mis. 21 November 2024 atau 21/11/2024",
        )
        return result.values
    raise TypeError(f"unsupported dtype {dtype} for {name}")  # pragma: no cover


def _identifiers(raw: pd.Series, name: str, label: str, report: _Report) -> pd.Series:
    """An identifier column (NIK koperasi, NIB ...) as text, digits never lost unnoticed."""
    result = normalise_id(raw)
    report(
        result.invalid,
        "format kode",
        f"{label} tertulis dalam notasi ilmiah (Excel menampilkannya mis. sebagai "
        "9,12E+12) sehingga digit hilang: format kolom sebagai Teks lalu ketik ulang "
        f"{label} lengkap",
    )
    values = result.values
    if name == "nib":
        lost = values.str.fullmatch(r"\d{12}").fillna(False).astype(bool)
        report(lost, "NIB nol depan", NIB_LOST_ZERO)
        values = values.mask(lost)
    return values


def _texts(raw: pd.Series, label: str, report: _Report, max_text_chars: int) -> pd.Series:
    """A free-text column: too long texts reported, NIK-like numbers masked."""
    result = normalise_text(raw, max_chars=max_text_chars)
    report(
        result.too_long,
        "panjang teks",
        f"{label} lebih dari {max_text_chars:,} karakter; persingkat isi sel".replace(",", "."),
    )
    values, nik = mask_nik_cells(result.values)
    if nik is not None:
        report(nik, "NIK disamarkan", NIK_IN_TEXT, severity="warning")
    return values


def _numbers(
    raw: pd.Series, ds: schemas.Dataset, name: str, label: str, dtype: str, report: _Report
) -> pd.Series:
    """A number column (``Float64`` or ``Int64``): nil, abbreviations and #N/A explained."""
    parsed = parse_numbers(raw)
    report(parsed.invalid, "format angka", number_hint(ds, name, label))
    report(parsed.kind(KIND_NIL), "tanda - (nihil)", NIL_NOTE, severity="info")
    report(
        parsed.kind(KIND_ABBREVIATED),
        "singkatan angka",
        f"{label} ditulis dengan singkatan (rb, jt, M, T) dan dibaca sebagai angka penuh "
        "(1,2 M = 1.200.000.000); template meminta angka penuh, periksa nilainya",
        severity="warning",
    )
    report(
        parsed.kind(KIND_NOT_AVAILABLE),
        "#N/A",
        f"{label}: {NOT_AVAILABLE_TEXT}",
        severity="warning",
    )
    values = parsed.values
    if dtype == "Int64":
        # Beyond 64-bit integers (or infinite) cannot be stored: reported, not a crash.
        amounts = values.to_numpy(dtype=float, na_value=np.nan)
        huge = pd.Series(np.abs(np.nan_to_num(amounts, nan=0.0)) >= 2.0**63)
        report(huge, "format angka", f"{label} terlalu besar; periksa angka yang diketik")
        values, fractional = integral(values.mask(huge.to_numpy()))
        report(fractional, "bilangan bulat", f"{label} harus bilangan bulat")
    return values


def derive_skala(frame: pd.DataFrame) -> pd.Series:
    """Fill blank ``skala_usaha`` from annual sales, else capital (PP 7/2021)."""
    if frame["skala_usaha"].notna().all():  # nothing to fill (machine exports state it)
        return frame["skala_usaha"].astype("string")
    by_modal, by_omzet = schemas.size_class(frame["modal_usaha_rp"], frame["omzet_tahunan_rp"])
    derived = by_omzet.fillna(by_modal)
    derived = derived.where(derived.isin(schemas.SKALA_USAHA))
    return frame["skala_usaha"].fillna(derived).astype("string")


def clean_controls(data: pd.DataFrame, rows: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Remove control characters from the schema columns' cells, one warning per cell.

    NUL, VT, ESC, C1 controls and bidirectional overrides (:data:`kumkm_utils.privacy.
    CONTROL_CHARS`) never reach the warehouse; the row is kept and the cell named.
    """
    parts = []
    for name in data.columns:
        if name.startswith("_x"):
            continue
        cleaned, hit = remove_controls(data[name])
        if hit is None:
            continue
        parts.append(
            cell_problems(
                hit,
                data[name],
                rows,
                column=name,
                rule="karakter kendali",
                message=CONTROL_CHARACTERS,
                severity="warning",
            )
        )
        data[name] = cleaned
    return data, concat_problems(parts)
