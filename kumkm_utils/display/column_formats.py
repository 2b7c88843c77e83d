"""Column formats of report tables: the named formats, the decimals rule, cell text and JSON values.

Decimals rule: every number column shows one number of decimals, from a named format, from the
column's declared decimals, from each row's unit in a table with a :data:`ROW_UNIT_COLUMN` (one
indicator per row), or else from the column itself (see :func:`column_formatters`). Indonesian
number formats come from :mod:`kumkm_utils.formatting`.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from kumkm_utils import formatting
from kumkm_utils.exceptions import DisplayError
from kumkm_utils.formatting import angka, is_missing, persen, rupiah, tanggal

ROW_UNIT_COLUMN = "Satuan"
"""A table column of this name gives the unit of each row (tables with one indicator per row);
numbers in such a row take the decimals of that unit (:func:`kumkm_utils.formatting.desimal`)."""

SIGNED_COLUMN_PREFIXES = ("perubahan", "tren", "selisih")
"""Columns of changes: their numbers carry a sign (``+1,2``) in tables with a unit per row."""

MISSING_MARK = "–"
"""What a table cell shows when the value is missing (explained under the table)."""

Formatter = Callable[[Any], str]

NAMED_FORMATS: dict[str, Formatter] = {
    "angka": lambda v: angka(v, 0),
    "angka1": lambda v: angka(v, 1),
    "angka2": lambda v: angka(v, 2),
    "persen": lambda v: persen(v, 1),
    "persen0": lambda v: persen(v, 0),
    "rupiah": rupiah,
    "tahun": lambda v: str(int(v)),
    "teks": str,
}
"""Column formats a notebook can ask for by name (``formats={"col": "persen"}``)."""


def decimals_format(name: str, decimals: int) -> Formatter:
    """A column formatter with a fixed number of decimals (percent columns keep their %)."""
    lowered = name.lower()
    if "%" in lowered or lowered.startswith(("persen", "pct")):
        return lambda v: persen(v, decimals)
    return lambda v: angka(v, decimals)


class RowFormat:
    """Format a number with the decimals of its row's unit (tables with a unit per row)."""

    def __init__(self, label: str) -> None:
        self.label = label

        self.signed = label.lower().startswith(SIGNED_COLUMN_PREFIXES)

    def __call__(self, value: Any, unit: str | None = None, decimals: int | None = None) -> str:
        decimals = formatting.desimal(unit) if decimals is None else decimals
        if self.signed:
            return formatting.perubahan(value, decimals)
        return angka(value, decimals)


def row_units(df: pd.DataFrame) -> list[str | None] | None:
    """The unit of each row when the table has a :data:`ROW_UNIT_COLUMN`, else None."""
    if ROW_UNIT_COLUMN not in df.columns:
        return None
    column = df[ROW_UNIT_COLUMN]
    if isinstance(column, pd.DataFrame):
        return None
    return [None if is_missing(v) else str(v) for v in column]


def default_format(series: pd.Series) -> str:
    """Choose a column format from the column's dtype and name."""
    name = str(series.name).lower()
    if pd.api.types.is_bool_dtype(series):
        return "teks"
    if pd.api.types.is_numeric_dtype(series):
        if name in {"tahun", "year"} or name.startswith("tahun"):
            return "tahun"
        if "%" in name or name.startswith(("persen", "pct", "rasio")):
            return "persen"
        if pd.api.types.is_integer_dtype(series):
            return "angka"
        values = series.dropna()
        if len(values) and (values == values.round()).all():
            return "angka"
        return "angka1"
    return "teks"


def holds_numbers(series: pd.Series) -> bool:
    """Whether a column holds numbers (right-aligned): a numeric dtype, or an object column of
    numbers only (e.g. counts as ints beside percentages as floats)."""
    if pd.api.types.is_bool_dtype(series):
        return False
    if pd.api.types.is_numeric_dtype(series):
        return True
    if series.dtype != object:
        return False
    values = [v for v in series if not is_missing(v)]
    return bool(values) and all(
        isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values
    )


def column_formatters(
    df: pd.DataFrame,
    labels: list[str],
    *,
    formats: Mapping[str, str | Formatter],
    declared: Mapping[str, int],
    units: list[str | None] | None,
) -> tuple[list[Formatter], list[bool]]:
    """Choose each column's formatter by the decimals rule, and whether it holds numbers.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    labels : list of str
        The column labels (:func:`column_label`).
    formats : mapping
        Column name or label -> a named format or a callable (wins over the rest).
    declared : mapping
        Column name or label -> declared decimals.
    units : list, optional
        The unit of each row (:func:`row_units`), None when the table has no unit per row.

    Returns
    -------
    tuple of (list, list of bool)
        One formatter per column (a :class:`RowFormat` for decimals by row), and whether each
        column holds numbers.

    Raises
    ------
    DisplayError
        If ``formats`` names an unknown format.
    """
    formatters: list[Formatter] = []
    numeric: list[bool] = []
    for position, column in enumerate(df.columns):
        series = df.iloc[:, position]
        spec = formats.get(column, formats.get(labels[position]))
        if spec is None and (column in declared or labels[position] in declared):
            spec = decimals_format(
                labels[position], declared.get(column, declared.get(labels[position], 0))
            )
        if (
            spec is None
            and units is not None
            and holds_numbers(series)
            and default_format(pd.to_numeric(series, errors="coerce")) == "angka1"
        ):
            spec = "baris"  # fractional numbers of several units: decimals by row
        if spec is None:
            spec = default_format(series)
        if spec == "baris":
            formatters.append(RowFormat(labels[position]))
        elif callable(spec):
            formatters.append(spec)
        elif spec in NAMED_FORMATS:
            formatters.append(NAMED_FORMATS[spec])
        else:
            raise DisplayError(
                f"unknown format {spec!r} for column {labels[position]!r}; "
                f"use one of {sorted(NAMED_FORMATS)} or a callable"
            )
        numeric.append(holds_numbers(series))
    return formatters, numeric


def cell_text(value: Any, formatter: Formatter) -> str:
    """The text a table cell shows: missing mark, ya/tidak, a date, or the formatted value."""
    if is_missing(value):
        return MISSING_MARK
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime | pd.Timestamp):
        return tanggal(value.date())
    if isinstance(value, dt.date):
        return tanggal(value)
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        try:
            return formatter(value)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def json_value(value: Any) -> Any:
    """Turn a cell into a JSON value: numbers stay numbers, missing becomes None."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar -> Python scalar
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def column_label(label: Any) -> str:
    """The label of a column; the parts of a multi-level label are joined with " — "."""
    if isinstance(label, tuple):
        return " — ".join(str(part) for part in label if str(part) != "")
    return str(label)
