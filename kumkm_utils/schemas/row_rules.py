"""Rules across the columns of a row: how a row-level check is registered (:data:`ROW_RULES`).

Each check returns a boolean Series (True = row passes) so that failures point at rows.
Errors reject the row; checks with ``raise_warning=True`` are warnings: the row is loaded and
the problem is listed. ``ROW_RULES`` tells ingestion which column a row check is about and
its short rule name for the validation report. The rules themselves live with their dataset.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa


@dataclass(frozen=True)
class RowRule:
    """What a row-level check is about: the column to point at and a short rule name."""

    column: str
    rule: str


ROW_RULES: dict[str, RowRule] = {}
"""Row-level checks by their (Indonesian) error text."""


def _row_check(fn, error: str, *, column: str, rule: str, warning: bool = False) -> pa.Check:
    ROW_RULES[error] = RowRule(column, rule)
    return pa.Check(fn, error=error, name=rule, raise_warning=warning, ignore_na=False)
