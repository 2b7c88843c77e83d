"""What notebooks call to show tables, figures and text: escaped, numbered and annex-ready.

Every function publishes a MIME bundle through :func:`IPython.display.display` with
``raw=True``. Tables carry their raw data as ``application/vnd.kumkm.table+json`` so that
:mod:`kumkm_utils.render` can build the Excel annex; figures carry their caption as
``application/vnd.kumkm.figure+json``. Anything that comes from data (names of cooperatives,
kab/kota, programmes) is HTML-escaped here, so the HTML in the notebook is safe to copy
into a report as it is.

Tables and figures are numbered in the order they are first shown ("Tabel 1.",
"Gambar 1."); showing the same key again (re-running a cell in JupyterLab) keeps its number.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import logging
import math
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kumkm_utils import config, formatting
from kumkm_utils.exceptions import DisplayError

logger = logging.getLogger(__name__)

TABLE_MIME = "application/vnd.kumkm.table+json"
"""MIME type of the raw table payload (the Excel annex is built from these)."""

FIGURE_MIME = "application/vnd.kumkm.figure+json"
"""MIME type of the figure payload (key, title, number, source, optional data)."""

KUMKM_METADATA = "kumkm"
"""Output-metadata key that tells the renderer what an output is (``role``)."""

SAMPLE_NOTICE_TEXT = "DATA SINTETIS — laporan ini dibuat dari data contoh, bukan data resmi"
"""The banner shown on every report built from the synthetic sample."""

MIXED_NOTICE_TEXT = (
    "DATA CAMPURAN — sebagian berkas kiriman adalah data contoh (sintetis), sebagian data asli; "
    "lihat kolom Jenis data pada tabel Berkas kiriman"
)
"""The banner of a report whose warehouse holds both synthetic and real submissions."""

NOTICE_TEXTS = {"sintetis": SAMPLE_NOTICE_TEXT, "campuran": MIXED_NOTICE_TEXT}
"""Banner text by origin of the data (:func:`kumkm_utils.indicators.kelengkapan.asal_data`);
real data (``"asli"``) has no banner."""

PNG_FALLBACK_DPI = 100
"""Resolution of the PNG copy attached to every chart. JupyterLab shows SVG only in a trusted
notebook; an untrusted one (a papermill output, a report folder from a colleague) falls back to
the PNG instead of showing only the caption. Rasterising costs about as much as writing the SVG
(0.07-0.4 s per chart, more for the 38-province rankings)."""

PNG_FALLBACK_ENV = config.PNG_FALLBACK_ENV
"""Set to ``0`` to leave the PNG copies out (the runner does: its notebooks are signed)."""

ROW_UNIT_COLUMN = "Satuan"
"""A table column of this name gives the unit of each row (tables with one indicator per row);
numbers in such a row take the decimals of that unit (:func:`kumkm_utils.formatting.desimal`)."""

SIGNED_COLUMN_PREFIXES = ("perubahan", "tren", "selisih")
"""Columns of changes: their numbers carry a sign (``+1,2``) in tables with a unit per row."""

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

MISSING_MARK = "–"
"""What a table cell shows when the value is missing (explained under the table)."""

SHORT_TEXT = 28
"""Text columns whose longest value has at most this many characters are kept on one line."""

_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,62}$")
_MD_SPECIAL_RE = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character

Formatter = Callable[[Any], str]


# --------------------------------------------------------------------------- formatting
# Indonesian formats come from kumkm_utils.formatting; re-exported here for notebooks.
angka = formatting.angka
persen = formatting.persen
rupiah = formatting.rupiah
tanggal = formatting.tanggal


_is_missing = formatting.is_missing


_NAMED_FORMATS: dict[str, Formatter] = {
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


def _decimals_format(name: str, decimals: int) -> Formatter:
    """A column formatter with a fixed number of decimals (percent columns keep their %)."""
    lowered = name.lower()
    if "%" in lowered or lowered.startswith(("persen", "pct")):
        return lambda v: persen(v, decimals)
    return lambda v: angka(v, decimals)


class _RowFormat:
    """Format a number with the decimals of its row's unit (tables with a unit per row)."""

    def __init__(self, label: str) -> None:
        self.label = label

        self.signed = label.lower().startswith(SIGNED_COLUMN_PREFIXES)

    def __call__(self, value: Any, unit: str | None = None, decimals: int | None = None) -> str:
        decimals = formatting.desimal(unit) if decimals is None else decimals
        if self.signed:
            return formatting.perubahan(value, decimals)
        return angka(value, decimals)


def _row_units(df: pd.DataFrame) -> list[str | None] | None:
    """The unit of each row when the table has a :data:`ROW_UNIT_COLUMN`, else None."""
    if ROW_UNIT_COLUMN not in df.columns:
        return None
    column = df[ROW_UNIT_COLUMN]
    if isinstance(column, pd.DataFrame):
        return None
    return [None if _is_missing(v) else str(v) for v in column]


def _default_format(series: pd.Series) -> str:
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


def _holds_numbers(series: pd.Series) -> bool:
    """Whether a column holds numbers (right-aligned): a numeric dtype, or an object column of
    numbers only (e.g. counts as ints beside percentages as floats)."""
    if pd.api.types.is_bool_dtype(series):
        return False
    if pd.api.types.is_numeric_dtype(series):
        return True
    if series.dtype != object:
        return False
    values = [v for v in series if not _is_missing(v)]
    return bool(values) and all(
        isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values
    )


def _cell_text(value: Any, formatter: Formatter) -> str:
    if _is_missing(value):
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


def _json_value(value: Any) -> Any:
    """Turn a cell into a JSON value: numbers stay numbers, missing becomes None."""
    if _is_missing(value):
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


def _column_label(label: Any) -> str:
    if isinstance(label, tuple):
        return " — ".join(str(part) for part in label if str(part) != "")
    return str(label)


# --------------------------------------------------------------------------- numbering
@dataclass
class _Numbering:
    """Running numbers of tables and figures in one kernel session."""

    tables: dict[str, tuple[int, str]] = field(default_factory=dict)
    figures: dict[str, tuple[int, str]] = field(default_factory=dict)

    def number(self, kind: str, key: str, title: str) -> int:
        registry = self.tables if kind == "table" else self.figures
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise DisplayError(
                f"{kind} key {key!r} is not valid: use 1-63 lower-case letters, digits, "
                "'_', '.' or '-', starting with a letter or digit"
            )
        if key in registry:
            number, old_title = registry[key]
            if old_title != title:
                raise DisplayError(
                    f"{kind} key {key!r} is already used for {old_title!r}; "
                    f"keys must be unique per report (now asked for {title!r})"
                )
            return number
        number = len(registry) + 1
        registry[key] = (number, title)
        return number


_NUMBERING = _Numbering()


def reset_numbering() -> None:
    """Start table and figure numbers again at 1 (for tests and fresh reports)."""
    _NUMBERING.tables.clear()
    _NUMBERING.figures.clear()


def _publish(bundle: dict[str, Any], metadata: dict[str, Any] | None = None) -> None:
    from IPython.display import display

    display(bundle, raw=True, metadata=metadata or {})


# --------------------------------------------------------------------------- table
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
    :data:`ROW_UNIT_COLUMN` (one indicator per row: the row's declared decimals from
    ``row_decimals`` when given, else counts in ``unit``/``orang`` without decimals, percentages
    and amounts with one; see :func:`kumkm_utils.formatting.desimal`), and otherwise from the
    column (no decimals when every value is whole, else one).

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
    formats = dict(formats or {})
    declared = dict(decimals or {})
    labels = [_column_label(c) for c in df.columns]
    formatters: list[Formatter] = []
    numeric: list[bool] = []
    row_units = _row_units(df)
    for position, column in enumerate(df.columns):
        series = df.iloc[:, position]
        spec = formats.get(column, formats.get(labels[position]))
        if spec is None and (column in declared or labels[position] in declared):
            spec = _decimals_format(
                labels[position], declared.get(column, declared.get(labels[position], 0))
            )
        if (
            spec is None
            and row_units is not None
            and _holds_numbers(series)
            and _default_format(pd.to_numeric(series, errors="coerce")) == "angka1"
        ):
            spec = "baris"  # fractional numbers of several units: decimals by row
        if spec is None:
            spec = _default_format(series)
        if spec == "baris":
            formatters.append(_RowFormat(labels[position]))
        elif callable(spec):
            formatters.append(spec)
        elif spec in _NAMED_FORMATS:
            formatters.append(_NAMED_FORMATS[spec])
        else:
            raise DisplayError(
                f"unknown format {spec!r} for column {labels[position]!r}; "
                f"use one of {sorted(_NAMED_FORMATS)} or a callable"
            )
        numeric.append(_holds_numbers(series))

    # Short text columns (names of kab/kota, provinces) never wrap, so a print layout
    # squeezes the wide numeric headers instead of breaking a name over two lines.
    short = [
        not is_num and df.iloc[:, i].astype("string").str.len().fillna(0).max() <= SHORT_TEXT
        for i, is_num in enumerate(numeric)
    ]
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
    any_missing = False
    for index, row in enumerate(df.itertuples(index=False, name=None)):
        cells = []
        unit = row_units[index] if row_units is not None else None
        for value, fmt, is_num, is_short in zip(row, formatters, numeric, short, strict=True):
            any_missing = any_missing or _is_missing(value)
            css = ' class="num"' if is_num else (' class="short"' if is_short else "")
            if isinstance(fmt, _RowFormat):
                shown = row_decimals[index] if row_decimals is not None else None
                fmt = functools.partial(fmt, unit=unit, decimals=shown)
            text_ = _cell_text(value, fmt)
            cells.append(f"<td{css}{style('td.num' if is_num else 'td')}>{esc(text_)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
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
    columns = [_column_label(c) for c in df.columns]
    named = {}
    for position, column in enumerate(df.columns):
        spec = formats.get(column, formats.get(columns[position]))
        if not isinstance(spec, str):
            spec = _default_format(df.iloc[:, position])
        named[columns[position]] = spec
    data = [[_json_value(v) for v in row] for row in df.itertuples(index=False, name=None)]
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
    number = _NUMBERING.number("table", key, title)
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
    _publish(
        {"text/html": body, "text/plain": plain, TABLE_MIME: payload},
        {KUMKM_METADATA: {"role": "table", "key": key}},
    )


# --------------------------------------------------------------------------- figure
def _png_fallback_wanted() -> bool:
    import os

    return os.environ.get(PNG_FALLBACK_ENV, "1").strip() not in {"0", "false", "tidak"}


def png_base64(fig: Any, *, dpi: int = PNG_FALLBACK_DPI) -> str:
    """Return the figure as a base64 PNG (the fallback JupyterLab shows when untrusted)."""
    import base64
    import io

    import matplotlib.pyplot as plt

    from kumkm_utils.charts.style import HOUSE_RC

    buffer = io.BytesIO()
    with plt.rc_context(HOUSE_RC):
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figure(
    fig: Any,
    *,
    key: str,
    title: str,
    source: str | None = None,
    data: pd.DataFrame | None = None,
) -> None:
    """Show a matplotlib figure as an SVG with a numbered caption, then close it.

    The SVG keeps its text as text (``svg.fonttype: none``, font DejaVu Sans): sharp in print
    and on screen, searchable, and quicker to write than a 150 dpi PNG (no rasterising, no PNG
    compression). The report renderer gives the HTML copy the font
    (:mod:`kumkm_utils.render.svg_fonts`); the PDF is typeset with the same font.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (e.g. from :mod:`kumkm_utils.charts`).
    key : str
        Unique key of the figure in the report.
    title : str
        Caption in Bahasa Indonesia; shown as "Gambar n. <title>".
    source : str, optional
        Source line under the figure ("Sumber: ...").
    data : pandas.DataFrame, optional
        The data behind the chart; attached to the figure payload (not to the annex).

    Raises
    ------
    DisplayError
        If ``fig`` is not a matplotlib figure or the key is invalid or reused.
    """
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise DisplayError(f"figure {key!r} needs a matplotlib Figure, got {type(fig).__name__}")
    number = _NUMBERING.number("figure", key, title)
    from kumkm_utils.charts.style import svg_text

    try:
        svg = svg_text(fig, key=key)
        png = png_base64(fig) if _png_fallback_wanted() else None
    finally:
        plt.close(fig)
    caption = f"Gambar {number}. {title}"
    payload: dict[str, Any] = {
        "key": key,
        "title": title,
        "number": number,
        "source": source,
    }
    if data is not None:
        payload["data"] = table_payload(data, key=key, title=title)
    _publish(
        {
            "image/svg+xml": svg,
            **({"image/png": png} if png else {}),
            "text/plain": caption,
            FIGURE_MIME: payload,
        },
        {KUMKM_METADATA: {"role": "figure", "key": key}},
    )
    # The caption is a separate output so JupyterLab shows it under the image; the
    # renderer draws its own caption from the payload and skips this one.
    lines = [f'<p class="kumkm-figcaption"><strong>{html.escape(caption)}</strong></p>']
    if source:
        lines.append(f'<p class="kumkm-source">Sumber: {html.escape(source)}</p>')
    _publish(
        {"text/html": "\n".join(lines), "text/plain": caption},
        {KUMKM_METADATA: {"role": "caption", "key": key}},
    )


# --------------------------------------------------------------------------- text
def escape_markdown(value: str) -> str:
    """Escape a value for a Markdown template: every ASCII punctuation gets a backslash.

    CommonMark renders a backslash-escaped punctuation character literally, so the value
    can neither open Markdown syntax nor raw HTML (``<`` becomes ``\\<``, shown as ``<``
    and written to HTML as ``&lt;``).

    Parameters
    ----------
    value : str
        Text from data (a name, a label).

    Returns
    -------
    str
        Text that renders literally in Markdown and contains no HTML.

    Examples
    --------
    >>> print(escape_markdown("<b>*Koperasi*</b>"))
    \\<b\\>\\*Koperasi\\*\\<\\/b\\>
    """
    return _MD_SPECIAL_RE.sub(r"\\\1", value)


def _value_text(value: Any) -> str:
    if _is_missing(value):
        return "tidak ada data"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return angka(value, 0)
    if isinstance(value, float):
        return angka(value, 0 if value == round(value) else 1)
    if isinstance(value, dt.datetime | pd.Timestamp):
        return tanggal(value.date())
    if isinstance(value, dt.date):
        return tanggal(value)
    return str(value)


def markdown_to_html(markdown: str) -> str:
    """Render trusted Markdown to HTML; raw HTML in it is escaped, not passed through.

    Parameters
    ----------
    markdown : str
        Markdown text.

    Returns
    -------
    str
        HTML fragment.
    """
    import mistune

    renderer = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
    return str(renderer(markdown))


def format_markdown(markdown: str, **values: Any) -> str:
    """Fill a Markdown template with escaped values (numbers in Indonesian format).

    Parameters
    ----------
    markdown : str
        Template with ``{name}`` fields (``str.format`` syntax without format specs).
    **values
        The values; strings are escaped for HTML and Markdown, numbers are formatted
        (``2300 -> "2.300"``), missing values become "tidak ada data".

    Returns
    -------
    str
        The filled Markdown.

    Raises
    ------
    DisplayError
        If the template names a value that was not given.

    Examples
    --------
    >>> print(format_markdown("**{n}** koperasi di {kab}", n=2300, kab="Kab. <X>"))
    **2\\.300** koperasi di Kab\\. \\<X\\>
    """
    safe = {name: escape_markdown(_value_text(value)) for name, value in values.items()}
    try:
        return markdown.format(**safe)
    except KeyError as err:
        raise DisplayError(
            f"text template names {err.args[0]!r}, which was not given; given: {sorted(values)}"
        ) from err


def text(markdown: str, /, **values: Any) -> None:
    """Show Markdown text whose ``{name}`` fields are filled with escaped values.

    Parameters
    ----------
    markdown : str
        Template in Markdown, written in Bahasa Indonesia by the notebook author.
    **values
        Values from data; escaped (HTML and Markdown) before they are inserted.

    Raises
    ------
    DisplayError
        If the template names a value that was not given.
    """
    filled = format_markdown(markdown, **values)
    _publish(
        {"text/html": markdown_to_html(filled), "text/markdown": filled, "text/plain": filled},
        {KUMKM_METADATA: {"role": "text"}},
    )


# --------------------------------------------------------------------------- notices
def notice_text(origin: bool | str | None) -> str | None:
    """Return the banner text for the origin of the data (None: real data, no banner).

    ``origin`` is ``"sintetis"``, ``"campuran"`` or ``"asli"`` (see
    :func:`kumkm_utils.indicators.kelengkapan.asal_data`), or a bool (True: synthetic);
    anything unknown is treated as synthetic, to be safe.

    Examples
    --------
    >>> notice_text("asli") is None, notice_text(False) is None
    (True, True)
    >>> notice_text("campuran").startswith("DATA CAMPURAN"), notice_text(None) == SAMPLE_NOTICE_TEXT
    (True, True)
    """
    if origin is False or origin == "asli":
        return None
    if isinstance(origin, str) and origin in NOTICE_TEXTS:
        return NOTICE_TEXTS[origin]
    return SAMPLE_NOTICE_TEXT


def sample_notice(origin: bool | str | None) -> None:
    """Show the synthetic-data banner when the report is built from the sample.

    Parameters
    ----------
    origin : bool or str
        ``"sintetis"`` / True (all synthetic), ``"campuran"`` (synthetic and real
        submissions), ``"asli"`` / False (real data only: nothing is shown). See
        :func:`notice_text`.
    """
    text_ = notice_text(origin)
    if text_ is None:
        return
    body = (
        '<div class="kumkm-sample-notice" '
        'style="border:2px solid #b42318;background-color:#fef3f2;color:#7a271a;'
        'padding:8px 12px;font-weight:bold;">'
        f"{html.escape(text_)}</div>"
    )
    _publish(
        {"text/html": body, "text/plain": text_},
        {KUMKM_METADATA: {"role": "sample-notice", "text": text_}},
    )


def parameters_table(parameters: Mapping[str, Any], *, title: str = "Parameter laporan") -> None:
    """Show the report's parameters as a small escaped two-column table (not numbered).

    Parameters
    ----------
    parameters : mapping
        Parameter name -> value.
    title : str, default "Parameter laporan"
        Caption above the table.
    """
    rows = [
        (str(name), "tidak ada" if value is None else str(value))
        for name, value in parameters.items()
    ]
    frame = pd.DataFrame(rows, columns=["Parameter", "Nilai"], dtype="object")
    body = table_html(frame, caption=title, formats={"Parameter": "teks", "Nilai": "teks"})
    _publish(
        {"text/html": body, "text/plain": title + "\n" + frame.to_string(index=False)},
        {KUMKM_METADATA: {"role": "parameters"}},
    )


def build_facts(parameters: Mapping[str, Any]) -> None:
    """Show how the report was built: its parameters table and the code version in one line.

    The version line is the text the title page and the annex print
    (:func:`kumkm_utils.runner.manifest.version_text`).
    """
    from kumkm_utils.runner.manifest import code_version, version_text

    parameters_table(parameters)
    text("Versi kode: {versi}.", versi=version_text(code_version()))
