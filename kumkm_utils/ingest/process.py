"""From raw chunks to typed, checked rows: the per-chunk half of ingestion.

For every chunk of a file this module

1. separates non-data rows: blank rows and total rows ("JUMLAH", "TOTAL", "Jumlah Total",
   "Sub Total" ... alone in a text cell); they are counted, never loaded;
2. types each column by its schema dtype (numbers, dates, booleans, coded values, identifiers
   as text) and reports unreadable cells;
3. resolves kab/kota names to codes, settles the submitting province and rejects rows of
   another province;
4. runs the schema (errors) and its warning checks;
5. returns the accepted rows (with ``source_row`` and ``kode_provinsi``) and the problems.

An ``umkm`` row's ``skala_usaha`` is stored as submitted (empty stays empty); the indicators
derive an empty class from annual sales, else capital (PP 7/2021) and count reported and derived
classes apart. :func:`derive_skala` gives the same class in pandas.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kumkm_utils import schemas
from kumkm_utils.ingest import rules
from kumkm_utils.ingest.dates import parse_dates
from kumkm_utils.ingest.normalise import (
    ID_COLUMNS,
    MAX_TEXT_CHARS,
    arrow_strings,
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
from kumkm_utils.ingest.table import RawChunk
from kumkm_utils.ingest.validation import (
    cell_problems,
    concat_problems,
    problems_frame,
    schema_problems,
    warning_problems,
)
from kumkm_utils.regions.codes import NATIONAL_CODE

logger = logging.getLogger(__name__)

TOTAL_PATTERN = (
    r"^\s*(?:jumlah|total|sub[\s-]?total|grand[\s-]?total|rekap(?:itulasi)?)"
    r"(?:\s+(?:total|keseluruhan|seluruh(?:nya)?|akhir|umum|semua|kab(?:upaten)?\s*/?\s*kota|"
    r"provinsi))?\s*:?\s*$"
)
"""A cell that makes its row a total row (case-insensitive, alone in the cell)."""

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


@dataclass
class ChunkResult:
    """What one chunk produced."""

    accepted: pd.DataFrame
    problems: pd.DataFrame
    rows_data: int
    rows_non_data: int
    rows_rejected: int


@dataclass
class FileState:
    """What carries over from chunk to chunk within one file."""

    dataset: str
    file_name: str
    province: str | None = None
    explicit_province: bool = False
    max_text_chars: int = MAX_TEXT_CHARS
    missing: list[str] = field(default_factory=list)


def non_data_rows(frame: pd.DataFrame, dataset: str) -> tuple[np.ndarray, np.ndarray]:
    """Return masks of blank rows and of total rows."""
    if frame.empty:
        empty = np.zeros(len(frame), dtype=bool)
        return empty, empty
    filled = np.zeros(len(frame), dtype=bool)
    for name in frame.columns:
        col = frame[name]
        arr = arrow_strings(col)
        if arr is not None:
            # Same as the generic test below, on the Arrow array directly, and only for the
            # rows that no earlier column has filled (usually none after the first column).
            todo = np.flatnonzero(~filled)
            if len(todo) == 0:
                break
            if len(todo) < len(arr):
                arr = arr.take(pa.array(todo))
            present = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(arr), ""), False)
            filled[todo] |= present.to_numpy(zero_copy_only=False)
            continue
        if col.dtype == object:
            # Non-text cells (Excel numbers, dates, booleans) are present unless null; text
            # cells are present unless blank after trimming, as in the Arrow case.
            cells = col.to_numpy(dtype=object)
            if pd.api.types.infer_dtype(cells, skipna=True) in _NON_TEXT_KINDS:
                filled |= pd.notna(cells)
                continue
            is_str = np.fromiter((isinstance(v, str) for v in cells), dtype=bool, count=len(cells))
            present = pd.notna(cells) & ~is_str
            if is_str.any():
                texts = pa.array(cells[is_str], type=pa.string())
                trimmed = pc.not_equal(pc.utf8_trim_whitespace(texts), "")
                present[is_str] = trimmed.to_numpy(zero_copy_only=False)
            filled |= present
            continue
        present = col.notna()
        if pd.api.types.is_string_dtype(col.dtype):
            present &= col.astype("string").str.strip().fillna("") != ""
        filled |= present.to_numpy(dtype=bool)
    blank = ~filled
    total = np.zeros(len(frame), dtype=bool)
    for name in _total_candidates(tuple(frame.columns), dataset):
        text = frame[name]
        arr = arrow_strings(text)
        if arr is None and text.dtype == object:
            # Only text cells can be total labels.
            cells = text.to_numpy(dtype=object)
            strings = [v if isinstance(v, str) else None for v in cells]
            arr = pa.array(strings, type=pa.string())
            text = pd.Series(pd.arrays.ArrowStringArray(arr), copy=False)
        if arr is not None:
            maybe = pc.fill_null(pc.match_substring_regex(arr, _TOTAL_START), False)
            maybe = maybe.to_numpy(zero_copy_only=False)
        else:
            if text.dtype == object:
                text = text.where(text.map(lambda v: isinstance(v, str)), None)
            text = text.astype("string")
            # Cheap vectorised pre-filter, then the exact pattern on the few candidates.
            maybe = text.str.contains(_TOTAL_START, regex=True).fillna(False).to_numpy(dtype=bool)
        if maybe.any():
            text = text.astype("string")
            exact = (
                text[maybe].str.match(TOTAL_PATTERN, case=False).fillna(False).to_numpy(dtype=bool)
            )
            hit = np.zeros(len(frame), dtype=bool)
            hit[np.flatnonzero(maybe)[exact]] = True
            total |= hit
    return blank, total & ~blank


_NON_TEXT_KINDS = frozenset(
    {"floating", "integer", "mixed-integer-float", "boolean", "datetime", "date", "empty"}
)
"""``infer_dtype`` kinds of object columns without any text cell."""

_TOTAL_START = r"^\s*(?i:jumlah|total|sub|grand|rekap)"
"""Every total cell starts with one of these words (see :data:`TOTAL_PATTERN`): the cheap
pre-filter. Anchored at the start, so most cells fail at their first character."""


@lru_cache(maxsize=64)
def _total_candidates(columns: tuple[str, ...], dataset: str) -> list[str]:
    """Columns where a total label may stand: unmapped ones and text columns of the schema."""
    ds = schemas.dataset(dataset)
    return [
        c
        for c in columns
        if c.startswith("_x")
        or (c in ds.columns and str(ds.schema.columns[c].dtype).startswith("string"))
    ]


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
    :func:`settle_province`.
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
        label = ds.meta(name).get("label") or name
        allowed = ds.meta(name).get("allowed")

        def report(
            mask: pd.Series,
            rule: str,
            message: str,
            raw: pd.Series = raw,
            name: str = name,
            severity: str = "error",
        ) -> None:
            parts.append(
                cell_problems(
                    mask, raw, rows, column=name, rule=rule, message=message, severity=severity
                )
            )

        if dtype not in ("Float64", "Int64"):  # numbers report their own #N/A (parse_numbers)
            na = not_available_cells(raw)
            if na is not None:
                report(na, "#N/A", f"{label}: {NOT_AVAILABLE_TEXT}", severity="warning")
        if name in ID_COLUMNS:
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
        elif dtype == "string" and allowed:
            values = normalise_choice(raw, name, allowed).values
        elif dtype == "string":
            result = normalise_text(raw, max_chars=max_text_chars)
            report(
                result.too_long,
                "panjang teks",
                f"{label} lebih dari {max_text_chars:,} karakter; persingkat isi sel".replace(
                    ",", "."
                ),
            )
            values, nik = mask_nik_cells(result.values)
            if nik is not None:
                report(nik, "NIK disamarkan", NIK_IN_TEXT, severity="warning")
        elif dtype in ("Float64", "Int64"):
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
        elif dtype == "boolean":
            result = normalise_bool(raw)
            report(result.invalid, "format Ya/Tidak", f"{label} harus Ya atau Tidak")
            values = result.values
        elif dtype.startswith("datetime"):
            result = parse_dates(raw)
            report(
                result.invalid,
                "format tanggal",
                f"{label} bukan tanggal; tulis mis. 21 November 2024 atau 21/11/2024",
            )
            values = result.values
        else:  # pragma: no cover - schemas only use the dtypes above
            raise TypeError(f"unsupported dtype {dtype} for {name}")
        typed[name] = values.reset_index(drop=True)
    frame = pd.DataFrame(typed)
    # skala_usaha stays as submitted: the indicators derive an empty class by PP 7/2021 at
    # query time (kumkm_utils.indicators.umkm.skala_sql), so reported and derived classes
    # remain distinguishable (issue 10)
    return frame, concat_problems(parts)


def derive_skala(frame: pd.DataFrame) -> pd.Series:
    """Fill blank ``skala_usaha`` from annual sales, else capital (PP 7/2021)."""
    if frame["skala_usaha"].notna().all():  # nothing to fill (machine exports state it)
        return frame["skala_usaha"].astype("string")
    by_modal, by_omzet = schemas.size_class(frame["modal_usaha_rp"], frame["omzet_tahunan_rp"])
    derived = by_omzet.fillna(by_modal)
    derived = derived.where(derived.isin(schemas.SKALA_USAHA))
    return frame["skala_usaha"].fillna(derived).astype("string")


_REGION_COLUMNS = ("kode_provinsi", "kode_kabkota")


def _province_column(dataset: str) -> bool:
    """Whether the dataset states its province in a ``kode_provinsi`` column (``program``,
    ``makro``, ``target``) rather than through kab/kota codes."""
    return "kode_provinsi" in schemas.dataset(dataset).columns


def _settle(typed: pd.DataFrame, state: FileState) -> None:
    """Settle the submitting province from a chunk's typed region columns, if still open.

    ``program``/``makro``/``target``: the majority of ``kode_provinsi`` (``"00"`` for a file of
    national targets); otherwise (or when that column names no province) the majority province
    of the kab/kota codes.
    """
    if state.province is None and _province_column(state.dataset):
        provs, _ = rules.province_codes(typed["kode_provinsi"], dataset=state.dataset)
        state.province = rules.majority_province(provs)
    if state.province is None and "kode_kabkota" in typed.columns:
        first, _ = rules.resolve_kabkota(typed["kode_kabkota"], None)
        state.province = rules.majority_province(first.str.slice(0, 2))


def _data_part(chunk: RawChunk, dataset: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The chunk's frame, the mask of its total rows and the mask of its data rows."""
    frame = chunk.frame.reset_index(drop=True)
    blank, total = non_data_rows(frame, dataset)
    return frame, total, ~(blank | total)


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


def settle_province(chunk: RawChunk, state: FileState) -> None:
    """Settle ``state.province`` from one chunk exactly as :func:`prepare_chunk` would.

    Only the region columns of the chunk's data rows are typed. Afterwards
    :func:`prepare_chunk` leaves ``state`` unchanged for this chunk, so the chunks of a file
    can be prepared in any order (each with a copy of the state settled up to it) and give
    the results of preparing them one after the other.
    """
    if state.province is not None:
        return
    frame, _, keep = _data_part(chunk, state.dataset)
    data = frame[keep].reset_index(drop=True)
    data, _ = clean_controls(data, chunk.rows[keep])
    columns = tuple(c for c in _REGION_COLUMNS if c in schemas.dataset(state.dataset).columns)
    typed, _ = type_columns(data, state.dataset, chunk.rows[keep], only=columns)
    _settle(typed, state)


def _regions(
    typed: pd.DataFrame, data: pd.DataFrame, rows: np.ndarray, state: FileState
) -> pd.DataFrame:
    """Resolve kab/kota and province columns in place; return their problems."""
    parts: list[pd.DataFrame] = []
    dataset = state.dataset
    _settle(typed, state)
    raw_kab = typed["kode_kabkota"] if "kode_kabkota" in typed.columns else None
    if _province_column(dataset):
        raw_prov = typed["kode_provinsi"]
        provs, errors = rules.province_codes(raw_prov, dataset=dataset)
        parts.append(_unresolved(raw_prov, provs, errors, rows, "kode_provinsi"))
        typed["kode_provinsi"] = provs.fillna(raw_prov)
        if state.province:
            parts.append(
                rules.province_problems(
                    provs, state.province, rows, column="kode_provinsi", values=raw_prov
                )
            )
    if raw_kab is not None:
        national = state.province == NATIONAL_CODE
        codes, errors = rules.resolve_kabkota(raw_kab, None if national else state.province)
        parts.append(_unresolved(raw_kab, codes, errors, rows, "kode_kabkota"))
        typed["kode_kabkota"] = codes.fillna(raw_kab).astype("string")
        if state.province:
            parts.append(
                rules.province_problems(
                    codes.str.slice(0, 2),
                    state.province,
                    rows,
                    column="kode_kabkota",
                    values=raw_kab,
                )
            )
    return concat_problems(parts)


def _unresolved(
    raw: pd.Series, codes: pd.Series, errors: dict[str, str], rows: np.ndarray, column: str
) -> pd.DataFrame:
    bad = (codes.isna() & raw.notna()).astype(bool)
    if not bad.any():
        return problems_frame()
    out = cell_problems(bad, raw, rows, column=column, rule="wilayah", message="")
    out["message"] = [errors.get(str(v), f"wilayah '{v}' tidak dikenal") for v in raw[bad]]
    return out


def prepare_chunk(chunk: RawChunk, state: FileState) -> ChunkResult:
    """Normalise and check one chunk; return accepted rows and problems."""
    dataset = state.dataset
    frame, total, keep = _data_part(chunk, dataset)
    non_data = ~keep
    parts = [
        problems_frame()
        if not total.any()
        else cell_problems(
            pd.Series(total),
            pd.Series(["(baris total)"] * len(frame)),
            chunk.rows,
            column=None,
            rule="baris total",
            message="baris total/jumlah dilewati (bukan data)",
            severity="info",
        )
    ]
    data = frame[keep].reset_index(drop=True)
    rows = chunk.rows[keep]
    data, controls = clean_controls(data, rows)
    typed, typing = type_columns(data, dataset, rows, max_text_chars=state.max_text_chars)
    parts.append(typing)
    parts.append(_regions(typed, data, rows, state))
    if dataset in ("koperasi", "umkm"):
        typed["kode_provinsi"] = typed["kode_kabkota"].str.slice(0, 2)
    cell = concat_problems(parts[1:])
    checked = schema_problems(typed[schemas.dataset(dataset).columns], dataset, rows, raw=data)
    cell_errors = cell[cell["severity"] == "error"]
    if len(cell_errors) and len(checked):
        seen = set(zip(cell_errors["row"].astype("int64"), cell_errors["column"], strict=True))
        dup = [(int(r), c) in seen for r, c in zip(checked["row"], checked["column"], strict=True)]
        checked = checked[~np.array(dup, dtype=bool)]
    data_rows = set(rows.tolist())
    extra = problems_frame(
        [
            {"severity": "error", **p}
            for p in chunk.problems
            if p["row"] is None or p["row"] in data_rows
        ]
    )
    errors = concat_problems([cell, checked, extra])
    rejecting = errors[errors["severity"] == "error"]["row"]
    rejected_rows = set(rejecting.dropna().astype("int64").tolist())
    ok = ~np.isin(rows, np.fromiter(rejected_rows, dtype=np.int64, count=len(rejected_rows)))
    accepted = typed[ok].reset_index(drop=True)
    accepted_rows = rows[ok]
    warnings = warning_problems(
        accepted[schemas.dataset(dataset).columns],
        dataset,
        accepted_rows,
        raw=data[ok].reset_index(drop=True),
    )
    accepted["source_row"] = pd.array(accepted_rows, dtype="Int64")
    if _province_column(dataset) and state.province:
        accepted["kode_provinsi"] = accepted["kode_provinsi"].fillna(state.province)
    problems = concat_problems([parts[0], controls, errors, warnings])
    return ChunkResult(
        accepted,
        problems,
        rows_data=int(keep.sum()) + chunk.skipped_rows,
        rows_non_data=int(non_data.sum()),
        rows_rejected=len(rejected_rows) + chunk.skipped_rows,
    )
