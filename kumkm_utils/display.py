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
import html
import logging
import math
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kumkm_utils import formatting
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
) -> str:
    """Return an escaped HTML table of ``df`` with Indonesian number formats.

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
    labels = [_column_label(c) for c in df.columns]
    formatters: list[Formatter] = []
    numeric: list[bool] = []
    for position, column in enumerate(df.columns):
        series = df.iloc[:, position]
        spec = formats.get(column, formats.get(labels[position], _default_format(series)))
        if callable(spec):
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
    parts = [f'<div class="kumkm-table"{f" data-key={esc(key)!r}" if key else ""}>']
    if caption:
        parts.append(f'<p class="kumkm-caption"><strong>{esc(caption)}</strong></p>')
    if unit:
        parts.append(f'<p class="kumkm-unit">Satuan: {esc(unit)}</p>')
    parts.append('<table class="kumkm">\n<thead><tr>')
    for label, is_num in zip(labels, numeric, strict=True):
        css = ' class="num"' if is_num else ""
        parts.append(f"<th{css}>{esc(label)}</th>")
    parts.append("</tr></thead>\n<tbody>")
    any_missing = False
    for row in df.itertuples(index=False, name=None):
        cells = []
        for value, fmt, is_num, is_short in zip(row, formatters, numeric, short, strict=True):
            any_missing = any_missing or _is_missing(value)
            css = ' class="num"' if is_num else (' class="short"' if is_short else "")
            cells.append(f"<td{css}>{esc(_cell_text(value, fmt))}</td>")
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
    body = table_html(frame, caption=caption, unit=unit, note=note, formats=formats, key=key)
    payload = table_payload(
        frame, key=key, title=title, unit=unit, note=note, number=number, formats=formats
    )
    plain = caption + (f" ({unit})" if unit else "") + "\n" + frame.to_string(index=False)
    _publish(
        {"text/html": body, "text/plain": plain, TABLE_MIME: payload},
        {KUMKM_METADATA: {"role": "table", "key": key}},
    )


# --------------------------------------------------------------------------- figure
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
        {"image/svg+xml": svg, "text/plain": caption, FIGURE_MIME: payload},
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
def sample_notice(is_synthetic: bool) -> None:
    """Show the synthetic-data banner when the report is built from the sample.

    Parameters
    ----------
    is_synthetic : bool
        Whether any data behind the report is synthetic; nothing is shown when False.
    """
    if not is_synthetic:
        return
    body = (
        '<div class="kumkm-sample-notice" '
        'style="border:2px solid #b42318;background:#fef3f2;color:#7a271a;'
        'padding:8px 12px;font-weight:bold;">'
        f"{html.escape(SAMPLE_NOTICE_TEXT)}</div>"
    )
    _publish(
        {"text/html": body, "text/plain": SAMPLE_NOTICE_TEXT},
        {KUMKM_METADATA: {"role": "sample-notice"}},
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
