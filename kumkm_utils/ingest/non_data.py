"""Rows that are not data: blank rows and total rows, counted but never loaded.

A total row has a label such as "JUMLAH", "TOTAL", "Jumlah Total" or "Sub Total" alone in a
text cell (:data:`TOTAL_PATTERN`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kumkm_utils import schemas
from kumkm_utils.ingest.cells import arrow_strings

TOTAL_PATTERN = (
    r"^\s*(?:jumlah|total|sub[\s-]?total|grand[\s-]?total|rekap(?:itulasi)?)"
    r"(?:\s+(?:total|keseluruhan|seluruh(?:nya)?|akhir|umum|semua|kab(?:upaten)?\s*/?\s*kota|"
    r"provinsi))?\s*:?\s*$"
)
"""A cell that makes its row a total row (case-insensitive, alone in the cell)."""


def non_data_rows(frame: pd.DataFrame, dataset: str) -> tuple[np.ndarray, np.ndarray]:
    """Return masks of blank rows and of total rows."""
    if frame.empty:
        empty = np.zeros(len(frame), dtype=bool)
        return empty, empty
    blank = ~_filled_rows(frame)
    total = _total_rows(frame, dataset)
    return blank, total & ~blank


def _filled_rows(frame: pd.DataFrame) -> np.ndarray:
    """The mask of rows with at least one cell filled (not null, not only blanks)."""
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
    return filled


def _total_rows(frame: pd.DataFrame, dataset: str) -> np.ndarray:
    """The mask of rows with a total label (:data:`TOTAL_PATTERN`) in a candidate column."""
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
    return total


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
