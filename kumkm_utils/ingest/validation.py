"""Run the pandera schemas of :mod:`kumkm_utils.schemas` and turn failures into problems.

A *problem* is one row of a frame with the columns of :data:`PROBLEM_COLUMNS`: the row number
an analyst sees in the file, the column, the offending value (truncated, citizen NIKs masked),
a short rule name and an Indonesian message saying what to fix, and a severity (``error``
rejects the row, ``warning`` keeps it loaded, ``info`` only documents a decision such as a
skipped total row).

The schemas are run lazily (every failure collected). Key uniqueness is not checked here but
in SQL across the whole file and the warehouse (:mod:`kumkm_utils.ingest.rules`), so that a
duplicate can name both locations.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from kumkm_utils import privacy, schemas

PROBLEM_COLUMNS = ["row", "column", "value", "rule", "message", "severity"]
MAX_VALUE_CHARS = 200
"""Values are truncated to this many characters in reports and the rejections table."""


def mask_value(value: object) -> str | None:
    """Return a value as report text: truncated, control characters removed, NIKs masked.

    A citizen NIK in any grouping (:func:`kumkm_utils.privacy.mask_nik`) keeps its first four
    digits (the region) so that the clerk can find the cell; the rest is ``*``.

    Examples
    --------
    >>> mask_value("7401234567890123")
    '7401************'
    >>> len(mask_value("x" * 10_000))
    201
    """
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value)
    if len(text) > MAX_VALUE_CHARS:
        text = text[:MAX_VALUE_CHARS] + "…"
    return privacy.mask_nik(privacy.strip_controls(text), keep=4)


@lru_cache(maxsize=1)
def _empty_problems() -> pd.DataFrame:
    frame = pd.DataFrame([], columns=PROBLEM_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame.astype({c: "object" for c in PROBLEM_COLUMNS[1:]})


def problems_frame(records: list[dict] | None = None) -> pd.DataFrame:
    """Return problems as a frame with :data:`PROBLEM_COLUMNS` (empty when no records)."""
    if not records:
        return _empty_problems().copy()
    frame = pd.DataFrame(records, columns=PROBLEM_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    for col in PROBLEM_COLUMNS[1:]:
        frame[col] = frame[col].astype("object")
    return frame


def cell_problems(
    mask: pd.Series,
    values: pd.Series,
    rows: np.ndarray,
    *,
    column: str,
    rule: str,
    message: str,
    severity: str = "error",
) -> pd.DataFrame:
    """Problems for the cells where ``mask`` is True (``values`` are the raw cells)."""
    hit = mask.to_numpy(dtype=bool)
    if not hit.any():
        return problems_frame()
    raw = values.to_numpy(dtype=object)[hit]
    return pd.DataFrame(
        {
            "row": pd.array(rows[hit], dtype="Int64"),
            "column": column,
            "value": [mask_value(v) for v in raw],
            "rule": rule,
            "message": message,
            "severity": severity,
        }
    )


@cache
def _error_schema(dataset: str, columns: tuple[str, ...]) -> pa.DataFrameSchema:
    schema = copy.deepcopy(schemas.dataset(dataset).schema)
    schema.checks = [c for c in schema.checks if not c.raise_warning]
    schema.unique = None
    return schema


def _label(dataset: str, column: str | None) -> str:
    if not column:
        return "baris"
    try:
        return schemas.dataset(dataset).meta(column).get("label") or column
    except KeyError:
        return column


def _rule_and_message(dataset: str, column: str | None, check: str) -> tuple[str, str, str | None]:
    """Return (rule, message, column) for a pandera failure."""
    if check in schemas.ROW_RULES:
        rr = schemas.ROW_RULES[check]
        return rr.rule, check, rr.column
    label = _label(dataset, column)
    if check == "not_nullable":
        return "wajib diisi", f"{label} wajib diisi", column
    if check == schemas.NIK_PRIVACY_ERROR:
        return "NIK kependudukan", f"{label} {check}", column
    if check.startswith("tidak boleh negatif"):
        return "tidak negatif", f"{label} tidak boleh negatif", column
    if check.startswith("nilai harus salah satu"):
        return "nilai kode", f"{label}: {check}", column
    if check.startswith("format"):
        return "format", f"{label}: {check}", column
    if check.startswith("tahun"):
        return "tahun", f"{label}: {check}", column
    return "skema", f"{label}: {check}", column


def schema_problems(
    frame: pd.DataFrame, dataset: str, rows: np.ndarray, raw: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Validate a typed frame with the dataset's schema (errors only) and list the failures.

    The schema's checks are evaluated directly (:func:`_evaluate_schema`), in the order and
    with the null handling pandera uses, which is much faster than ``schema.validate`` on many
    small files. Frames the direct evaluation does not cover (unexpected dtypes or columns,
    element-wise checks) go through pandera itself; both give the same problems.

    Parameters
    ----------
    frame : pandas.DataFrame
        Normalised frame with exactly the schema's columns, positional index.
    dataset : str
        Dataset name.
    rows : numpy.ndarray
        The row number of each frame row as the analyst sees it.
    raw : pandas.DataFrame, optional
        The cells as typed in the file (same positions), shown as the problem's value.

    Returns
    -------
    pandas.DataFrame
        Problems with severity ``error``.
    """
    failures = _evaluate_schema(frame, dataset)
    if failures is None:
        return _schema_problems_pandera(frame, dataset, rows, raw)
    records = []
    seen: set[tuple[int, str | None, str]] = set()
    for check, column, positions in failures:
        rule, message, col = _rule_and_message(dataset, column, check)
        source = raw if raw is not None and col in raw.columns else frame
        cells = source[col] if col in source.columns else None
        for pos in positions.tolist():
            key = (pos, col, message)
            if key in seen:
                continue
            seen.add(key)
            value = cells.iloc[pos] if cells is not None else None
            records.append(
                {
                    "row": int(rows[pos]),
                    "column": col,
                    "value": mask_value(value),
                    "rule": rule,
                    "message": message,
                    "severity": "error",
                }
            )
    return problems_frame(records)


def _outcome_of(check: pa.Check) -> Callable[[Any], Any]:
    """The check as a function returning its pass/fail output (pandera's public ``__call__``).

    ``check(data).check_output`` is the boolean Series pandera's own validation computes; the
    fast path below turns it into problems itself, without pandera's failure-case tables.
    """
    return lambda data: check(data).check_output


@cache
def _schema_plan(dataset: str) -> tuple | None:
    """The error checks of a dataset's schema, ready to call; None if any needs pandera."""
    schema = schemas.dataset(dataset).schema
    row_checks = []
    for check in schema.checks:
        if check.raise_warning:
            continue
        if check.element_wise or check.groupby is not None or check.ignore_na:
            return None
        row_checks.append((check.error or check.name, _outcome_of(check)))
    columns = []
    for name, col in schema.columns.items():
        checks = []
        for check in col.checks:
            if check.raise_warning:
                continue
            if check.element_wise or check.groupby is not None:
                return None
            checks.append((check.error or check.name, check.ignore_na, _outcome_of(check)))
        dtype = str(col.dtype)
        columns.append(
            (name, col.nullable, "string" if dtype.startswith("string") else dtype, checks)
        )
    return tuple(row_checks), tuple(columns)


def _dtype_matches(series: pd.Series, dtype: str) -> bool:
    """True for the dtypes :func:`kumkm_utils.ingest.column_types.type_columns` produces."""
    actual = series.dtype
    if dtype == "string":
        return isinstance(actual, pd.StringDtype) and actual.na_value is pd.NA
    return str(actual) == dtype


def _evaluate_schema(frame: pd.DataFrame, dataset: str) -> list[tuple[str, str, np.ndarray]] | None:
    """Evaluate the schema's error checks like ``validate(lazy=True)`` does.

    Returns
    -------
    list or None
        ``(check, column, positions)`` per failing check, in pandera's order of failure cases:
        dataframe-level checks first (in schema order), then per column (schema order) the
        ``not_nullable`` failures followed by each check. None when the frame or the schema
        is outside what this evaluation covers (the caller then runs pandera).
    """
    plan = _schema_plan(dataset)
    if plan is None:
        return None
    row_checks, columns = plan
    if list(frame.columns) != [c[0] for c in columns]:
        return None
    if not all(_dtype_matches(frame[name], dtype) for name, _, dtype, _ in columns):
        return None
    failures: list[tuple[str, str, np.ndarray]] = []
    for error, fn in row_checks:
        passed = fn(frame)
        if not isinstance(passed, pd.Series) or not passed.index.equals(frame.index):
            return None
        failed = ~passed.to_numpy(dtype=bool, na_value=False)
        if passed.hasnans:
            return None
        if failed.any():
            failures.append((error, columns[0][0], np.flatnonzero(failed)))
    for name, nullable, _, checks in columns:
        values = frame[name]
        isna = values.isna().to_numpy(dtype=bool)
        if not nullable and isna.any():
            failures.append(("not_nullable", name, np.flatnonzero(isna)))
        for error, ignore_na, fn in checks:
            subset = values[~isna] if ignore_na and isna.any() else values
            if len(subset) == 0:
                continue
            passed = fn(subset)
            if not isinstance(passed, pd.Series) or len(passed) != len(subset):
                return None
            if passed.hasnans:
                return None
            failed = ~passed.to_numpy(dtype=bool)
            if failed.any():
                positions = frame.index.get_indexer(subset.index[failed])
                failures.append((error, name, positions))
    return failures


def _schema_problems_pandera(
    frame: pd.DataFrame, dataset: str, rows: np.ndarray, raw: pd.DataFrame | None
) -> pd.DataFrame:
    schema = _error_schema(dataset, tuple(frame.columns))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            schema.validate(frame, lazy=True)
        except SchemaErrors as err:
            return _failures_to_problems(err.failure_cases, frame, dataset, rows, raw)
    return problems_frame()


def _failures_to_problems(
    cases: pd.DataFrame,
    frame: pd.DataFrame,
    dataset: str,
    rows: np.ndarray,
    raw: pd.DataFrame | None,
) -> pd.DataFrame:
    cases = cases[cases["index"].notna()]
    records = []
    seen: set[tuple[int, str | None, str]] = set()
    for column, check, value, index in zip(
        cases["column"], cases["check"], cases["failure_case"], cases["index"], strict=True
    ):
        rule, message, col = _rule_and_message(dataset, column, str(check))
        pos = int(index)
        key = (pos, col, message)
        if key in seen:
            continue
        seen.add(key)
        if raw is not None and col in raw.columns:
            value = raw[col].iloc[pos]
        elif col != column and col in frame.columns:
            value = frame[col].iloc[pos]
        records.append(
            {
                "row": int(rows[pos]),
                "column": col,
                "value": mask_value(value),
                "rule": rule,
                "message": message,
                "severity": "error",
            }
        )
    return problems_frame(records)


def warning_problems(
    frame: pd.DataFrame, dataset: str, rows: np.ndarray, raw: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Evaluate the schema's warning checks (``raise_warning=True``) row by row."""
    parts = []
    for check in schemas.dataset(dataset).schema.checks:
        if not check.raise_warning:
            continue
        passed = check(frame).check_output
        failed = ~passed.to_numpy(dtype=bool)
        if not failed.any():
            continue
        rr = schemas.ROW_RULES[check.error]
        source = raw if raw is not None and rr.column in raw.columns else frame
        parts.append(
            cell_problems(
                pd.Series(failed),
                source[rr.column].reset_index(drop=True),
                rows,
                column=rr.column,
                rule=rr.rule,
                message=check.error,
                severity="warning",
            )
        )
    return concat_problems(parts)


def concat_problems(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate problem frames (an empty frame when there are none)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return problems_frame()
    out = pd.concat(parts, ignore_index=True)
    out["row"] = out["row"].astype("Int64")
    return out
