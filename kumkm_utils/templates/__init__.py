"""Excel input templates and the data dictionary, generated from the schemas (``kumkm templates``).

Everything here is derived from :data:`kumkm_utils.schemas.DATASETS` (column names, Indonesian
labels, units, allowed values, keys, examples and descriptions) plus the code lists of the
reference data (kab/kota and province codes, nomenclature, national priorities). Change the
schema, rerun ``kumkm templates``, and the templates and ``docs/data_dictionary.md`` follow.

Each workbook has:

- ``Data``: row 1 holds the schema column names exactly (ingestion matches them), frozen, with
  the label, unit and description as a cell comment; text format on text columns so IDs keep
  leading zeros; drop-down lists and number/date checks on every column;
- ``Kamus Data``: one row per column (label, type, unit, key/required, allowed values,
  description, example);
- ``Petunjuk``: how to fill the template, in Indonesian;
- ``Daftar``: hidden code lists behind the long drop-downs.

The workbook is written with XlsxWriter with ``strings_to_formulas`` and ``strings_to_urls``
off, so nothing in it is a formula or a link.

The package: :mod:`~kumkm_utils.templates.columns` (what each column is, code lists),
:mod:`~kumkm_utils.templates.workbook` (the workbooks), :mod:`~kumkm_utils.templates.dictionary`
(the Markdown data dictionary), :mod:`~kumkm_utils.templates.command` (``kumkm templates``).
"""

from __future__ import annotations

from kumkm_utils.templates.columns import (
    BOOLEAN_VALUES,
    TYPE_LABELS,
    CodeList,
    ColumnInfo,
    columns_info,
)
from kumkm_utils.templates.command import configure, run
from kumkm_utils.templates.dictionary import (
    DATA_DICTIONARY_PATH,
    data_dictionary_markdown,
    write_data_dictionary,
)
from kumkm_utils.templates.workbook import (
    DATA_SHEET,
    DICTIONARY_SHEET,
    GUIDE_SHEET,
    LAST_ROW,
    LISTS_SHEET,
    write_template,
    write_templates,
)

__all__ = [
    "BOOLEAN_VALUES",
    "DATA_DICTIONARY_PATH",
    "DATA_SHEET",
    "DICTIONARY_SHEET",
    "GUIDE_SHEET",
    "LAST_ROW",
    "LISTS_SHEET",
    "TYPE_LABELS",
    "CodeList",
    "ColumnInfo",
    "columns_info",
    "configure",
    "data_dictionary_markdown",
    "run",
    "write_data_dictionary",
    "write_template",
    "write_templates",
]
