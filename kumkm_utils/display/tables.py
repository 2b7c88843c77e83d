"""Report tables: the escaped HTML table, its annex payload, and :func:`table`, which shows both.

Anything that comes from data (names of cooperatives, kab/kota, programmes) is HTML-escaped
here, so the HTML in the notebook is safe to copy into a report as it is. The raw data goes
with it as :data:`kumkm_utils.display.outputs.TABLE_MIME`, from which
:mod:`kumkm_utils.render` builds the Excel annex (one sheet per key). Numbers follow the
decimals rule of :mod:`kumkm_utils.display.column_formats`.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from kumkm_utils.display import column_formats
from kumkm_utils.display.column_formats import MISSING_MARK, Formatter
from kumkm_utils.display.numbering import number as running_number
from kumkm_utils.display.outputs import KUMKM_METADATA, TABLE_MIME, publish
from kumkm_utils.exceptions import DisplayError
from kumkm_utils.formatting import is_missing

_INLINE = {
    "table": "border-collapse:collapse;font-size:0.9em;margin:0.2em 0 0.4em 0",
    "th": "background-color:#1f5f8b;color:#ffffff;font-weight:bold;text-align:left;"
    "padding:3px 6px;vertical-align:bottom",
    "th.num": "background-color:#1f5f8b;color:#ffffff;font-weight:bold;text-align:right;"
    "padding:3px 6px;vertical-align:bottom",
    "td": "text-align:left;padding:2px 6px;border-bottom:1px solid #e1e1e1;vertical-align:top",
    "td.num": "text-align:right;padding:2px 6px;border-bottom:1px solid #e1e1e1;"
    "vertical-align:top;white-space:nowrap",
}
"""Inline styles of notebook tables: JupyterLab keeps ``style`` attributes (filtered to safe CSS
properties) even in an untrusted notebook, where it drops every ``<style>`` element. The report
sanitiser drops them again, so laporan.html and the PDF use their own stylesheets."""

SHORT_TEXT = 28
"""Text columns whose longest value has at most this many characters are kept on one line."""


def _body_rows(
    df: pd.DataFrame,
    formatters: list[Formatter],
    numeric: list[bool],
    *,
    units: list[str | None] | None,
    row_decimals: Sequence[int] | None,
    style: Callable[[str], str],
) -> tuple[list[str], bool]:
    """The escaped ``<tr>`` rows of the table body, and whether any cell is missing."""
    # Short text columns (names of kab/kota, provinces) never wrap, so a print layout
    # squeezes the wide numeric headers instead of breaking a name over two lines.
    short = [
        not is_num and df.iloc[:, i].astype("string").str.len().fillna(0).max() <= SHORT_TEXT
        for i, is_num in enumerate(numeric)
    ]
    esc = html.escape
    rows = []
    any_missing = False
    for index, row in enumerate(df.itertuples(index=False, name=None)):
        cells = []
        unit = units[index] if units is not None else None
        for value, fmt, is_num, is_short in zip(row, formatters, numeric, short, strict=True):
            any_missing = any_missing or is_missing(value)
            css = ' class="num"' if is_num else (' class="short"' if is_short else "")
            if isinstance(fmt, column_formats.RowFormat):
                shown = row_decimals[index] if row_decimals is not None else None
                fmt = functools.partial(fmt, unit=unit, decimals=shown)
            text_ = column_formats.cell_text(value, fmt)
            cells.append(f"<td{css}{style('td.num' if is_num else 'td')}>{esc(text_)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return rows, any_missing


def table_html(
    df: pd.DataFrame,
    *,
    caption: str | None = None,
    unit: str | None = None,
    note: str | None = None,
    formats: Mapping[str, str | Formatter] | None = None,
    key: str | None = None,
    decimals: Mapping[str, int] | None = None,
    row_decimals: Sequence[int] | None = None,
    inline_styles: bool = False,
) -> str:
    """Return an escaped HTML table of ``df`` with Indonesian number formats.

    Decimals rule: every number column shows one number of decimals. It comes, in this order,
    from ``formats`` (a named format or a callable), from ``decimals`` (the declared decimals of
    the column, e.g. an indicator's declaration), from the row's unit when the table has a
    :data:`~kumkm_utils.display.column_formats.ROW_UNIT_COLUMN` (one indicator per row: the
    row's declared decimals from ``row_decimals`` when given, else counts in ``unit``/``orang``
    without decimals, percentages and amounts with one; see
    :func:`kumkm_utils.formatting.desimal`), and otherwise from the column (no decimals when
    every value is whole, else one).

    Parameters
    ----------
    df : pandas.DataFrame
        The table, index already turned into columns when it must be shown.
    caption : str, optional
        Caption above the table (escaped).
    unit : str, optional
        Unit line under the caption ("Satuan: ...").
    note : str, optional
        Note under the table ("Catatan: ...").
    formats : mapping, optional
        Column name -> a named format (``angka``, ``angka1``, ``angka2``, ``persen``,
        ``persen0``, ``rupiah``, ``tahun``, ``teks``) or a callable; other columns get a
        format chosen from their dtype and name.
    key : str, optional
        Written as ``data-key`` on the wrapper so the renderer can find the table.
    decimals : mapping, optional
        Column name -> decimals, the declared decimals of each column (one place per column).
    inline_styles : bool, default False
        Add ``style`` attributes (for JupyterLab, see :data:`_INLINE`).

    Returns
    -------
    str
        An HTML fragment in which every label and value is escaped.

    Raises
    ------
    DisplayError
        If ``formats`` names an unknown format.
    """
    labels = [column_formats.column_label(c) for c in df.columns]
    units = column_formats.row_units(df)
    formatters, numeric = column_formats.column_formatters(
        df, labels, formats=dict(formats or {}), declared=dict(decimals or {}), units=units
    )
    esc = html.escape

    def style(element: str) -> str:
        return f' style="{_INLINE[element]}"' if inline_styles else ""

    parts = [f'<div class="kumkm-table"{f" data-key={esc(key)!r}" if key else ""}>']
    if caption:
        parts.append(f'<p class="kumkm-caption"><strong>{esc(caption)}</strong></p>')
    if unit:
        parts.append(f'<p class="kumkm-unit">Satuan: {esc(unit)}</p>')
    parts.append(f'<table class="kumkm"{style("table")}>\n<thead><tr>')
    for label, is_num in zip(labels, numeric, strict=True):
        css = ' class="num"' if is_num else ""
        parts.append(f"<th{css}{style('th.num' if is_num else 'th')}>{esc(label)}</th>")
    parts.append("</tr></thead>\n<tbody>")
    rows, any_missing = _body_rows(
        df, formatters, numeric, units=units, row_decimals=row_decimals, style=style
    )
    parts.extend(rows)
    parts.append("</tbody>\n</table>")
    notes = []
    if any_missing:
        notes.append(f"{MISSING_MARK} : tidak ada data")
    if note:
        notes.append(f"Catatan: {note}")
    for text_line in notes:
        parts.append(f'<p class="kumkm-note">{esc(text_line)}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def table_payload(
    df: pd.DataFrame,
    *,
    key: str,
    title: str,
    unit: str | None = None,
    note: str | None = None,
    number: int | None = None,
    formats: Mapping[str, str | Formatter] | None = None,
) -> dict[str, Any]:
    """Return the annex payload of a table (JSON-ready: numbers as numbers, NA as None).

    Parameters
    ----------
    df : pandas.DataFrame
        The table (index already turned into columns when it matters).
    key, title, unit, note : str
        As in :func:`table`.
    number : int, optional
        The table's running number in the report.
    formats : mapping, optional
        Named column formats; callables are recorded as ``"teks"``-less defaults.

    Returns
    -------
    dict
        ``{"key", "title", "unit", "note", "number", "columns", "formats", "data"}``.
    """
    formats = dict(formats or {})
    columns = [column_formats.column_label(c) for c in df.columns]
    named = {}
    for position, column in enumerate(df.columns):
        spec = formats.get(column, formats.get(columns[position]))
        if not isinstance(spec, str):
            spec = column_formats.default_format(df.iloc[:, position])
        named[columns[position]] = spec
    data = [
        [column_formats.json_value(v) for v in row] for row in df.itertuples(index=False, name=None)
    ]
    return {
        "key": key,
        "title": title,
        "unit": unit,
        "note": note,
        "number": number,
        "columns": columns,
        "formats": named,
        "data": data,
    }


def table(
    df: pd.DataFrame,
    *,
    key: str,
    title: str,
    unit: str | None = None,
    note: str | None = None,
    index: bool = False,
    formats: Mapping[str, str | Formatter] | None = None,
    decimals: Mapping[str, int] | None = None,
    row_decimals: Sequence[int] | None = None,
) -> None:
    """Show a numbered, escaped table and attach its data for the Excel annex.

    Parameters
    ----------
    df : pandas.DataFrame
        The table to show.
    key : str
        Unique key of the table in the report (also its annex sheet), e.g. ``"rat_kabkota"``.
    title : str
        Title in Bahasa Indonesia; shown as "Tabel n. <title>".
    unit : str, optional
        Unit of the values ("unit", "Rp juta", "%").
    note : str, optional
        Note under the table (source, definition of the denominator, ...).
    index : bool, default False
        Show the index as leading column(s).
    formats : mapping, optional
        Column formats, see :func:`table_html`.
    decimals : mapping, optional
        Declared decimals per column, see :func:`table_html` (the decimals rule).
    row_decimals : sequence of int, optional
        Declared decimals per row, for tables with one indicator per row, see :func:`table_html`.

    Raises
    ------
    DisplayError
        If ``df`` is not a DataFrame, the key is invalid or already used for another
        title, or a format is unknown.
    """
    if not isinstance(df, pd.DataFrame):
        raise DisplayError(f"table {key!r} needs a pandas DataFrame, got {type(df).__name__}")
    number = running_number("table", key, title)
    frame = df.reset_index() if index else df
    caption = f"Tabel {number}. {title}"
    body = table_html(
        frame,
        caption=caption,
        unit=unit,
        note=note,
        formats=formats,
        key=key,
        decimals=decimals,
        row_decimals=row_decimals,
        inline_styles=True,
    )
    payload = table_payload(
        frame, key=key, title=title, unit=unit, note=note, number=number, formats=formats
    )
    plain = caption + (f" ({unit})" if unit else "") + "\n" + frame.to_string(index=False)
    publish(
        {"text/html": body, "text/plain": plain, TABLE_MIME: payload},
        {KUMKM_METADATA: {"role": "table", "key": key}},
    )
