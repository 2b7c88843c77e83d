"""Preparing one chunk of a file: from raw cells to accepted rows and their problems.

For every chunk of a file this module

1. separates non-data rows (:mod:`kumkm_utils.ingest.non_data`): blank rows and total rows;
   they are counted, never loaded;
2. types each column by its schema dtype and reports unreadable cells
   (:mod:`kumkm_utils.ingest.column_types`);
3. resolves kab/kota names to codes, settles the submitting province and rejects rows of
   another province;
4. runs the schema (errors) and its warning checks;
5. returns the accepted rows (with ``source_row`` and ``kode_provinsi``) and the problems.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kumkm_utils import schemas
from kumkm_utils.ingest import rules
from kumkm_utils.ingest.column_types import clean_controls, type_columns
from kumkm_utils.ingest.non_data import non_data_rows
from kumkm_utils.ingest.normalise import MAX_TEXT_CHARS
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
    parts = [_total_row_problems(total, chunk.rows)]
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
    checked = _not_reported_twice(checked, cell)
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


def _total_row_problems(total: np.ndarray, rows: np.ndarray) -> pd.DataFrame:
    """One note per total row: skipped, not data."""
    if not total.any():
        return problems_frame()
    return cell_problems(
        pd.Series(total),
        pd.Series(["(baris total)"] * len(total)),
        rows,
        column=None,
        rule="baris total",
        message="baris total/jumlah dilewati (bukan data)",
        severity="info",
    )


def _not_reported_twice(checked: pd.DataFrame, cell: pd.DataFrame) -> pd.DataFrame:
    """The schema's problems without those of cells that typing already rejected."""
    cell_errors = cell[cell["severity"] == "error"]
    if len(cell_errors) and len(checked):
        seen = set(zip(cell_errors["row"].astype("int64"), cell_errors["column"], strict=True))
        dup = [(int(r), c) in seen for r, c in zip(checked["row"], checked["column"], strict=True)]
        checked = checked[~np.array(dup, dtype=bool)]
    return checked
