"""Indonesian formats for numbers, percentages, money and dates, as analysts read them.

Rules (used by tables, charts and generated sentences alike):

- numbers: ``.`` groups thousands and ``,`` marks decimals (``1.234,5``), via babel's
  ``id_ID`` locale; halves are rounded away from zero (``18,25`` → ``18,3``), as Excel does;
- percentages: ``18,3%`` (no space, as in the Indonesian locale);
- money: ``Rp`` and an abbreviated scale for amounts from one million rupiah: ``jt`` (juta,
  10⁶), ``M`` (miliar, 10⁹), ``T`` (triliun, 10¹²), one decimal: ``Rp 350,0 jt``,
  ``Rp 1,2 M``, ``Rp 1,2 T``; smaller amounts in full (``Rp 950.000``); a negative amount keeps
  its sign after ``Rp`` (``Rp -1,2 M``);
- dates: ``21 November 2024``;
- changes: always signed (``+1,2``, ``-0,5``, ``0,0``);
- missing values: ``tidak ada data`` for a value (see :data:`TIDAK_ADA_DATA`), ``–`` for a change;
- decimals: one number of decimals per table column (:mod:`kumkm_utils.display`); in a table
  with one indicator per row, per row from its unit (:func:`desimal`): counts of things or
  persons (``unit``, ``orang``, ``berkas`` ...) without decimals, percentages, points and
  scaled amounts (``Rp miliar``, ``juta unit``) with one.

Matplotlib tick formatters with the same rules: :func:`angka_formatter`,
:func:`persen_formatter`, :func:`rupiah_formatter`.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal
from matplotlib.ticker import FuncFormatter

LOCALE = "id_ID"
TIDAK_ADA_DATA = "tidak ada data"
"""Text shown instead of a missing value: missing data is said, never shown as zero."""
STRIP = "–"
"""Text shown for a change that cannot be computed (a missing year)."""

_SCALES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "M"), (Decimal(10) ** 6, "jt"))


SCALED_OR_RATIO_WORDS = ("%", "persen", "poin", "rp", "ribu", "juta", "miliar", "triliun", "rasio")
"""Words of a unit that make its values fractional (percentages, points, scaled amounts)."""


def desimal(satuan: object) -> int:
    """Decimals of a value given its unit: 0 for counts, 1 otherwise.

    A unit that counts things or persons (``unit``, ``orang``, ``unit usaha``, ``berkas``,
    ``sub kegiatan``) has no decimals; percentages, points, money and scaled counts
    (``Rp miliar``, ``juta unit``) have one. An unknown (missing) unit gets one.

    Examples
    --------
    >>> desimal("unit"), desimal("orang"), desimal("%"), desimal("Rp miliar"), desimal("juta unit")
    (0, 0, 1, 1, 1)
    >>> desimal(None)
    1
    """
    if is_missing(satuan) or not str(satuan).strip():
        return 1
    text = str(satuan).lower()
    return 1 if any(word in text for word in SCALED_OR_RATIO_WORDS) else 0


def is_missing(x: object) -> bool:
    """Return True for ``None``, ``NaN``, ``pd.NA`` and ``NaT``: the one test of a missing value.

    A container (list, tuple, dict, array) is a value, not missing.

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(0), is_missing([None])
    (True, True, False, False)
    """
    if x is None:
        return True
    if not pd.api.types.is_scalar(x):
        return False
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _decimal(x: Real, decimals: int) -> Decimal:
    if isinstance(x, bool) or not isinstance(x, (Real, Decimal)):
        raise TypeError(f"expected a number, got {type(x).__name__}: {x!r}")
    if isinstance(x, float) and math.isinf(x):
        raise ValueError(f"cannot format an infinite number ({x})")
    quantum = Decimal(1).scaleb(-decimals)
    value = Decimal(str(x)).quantize(quantum, rounding=ROUND_HALF_UP)
    return value + 0  # turns -0.0 into 0.0


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def angka(x: Real | None, decimals: int = 0, *, na: str = TIDAK_ADA_DATA) -> str:
    """Format a number the Indonesian way.

    Parameters
    ----------
    x
        The number; ``None``/NaN/NA give ``na``.
    decimals
        Digits after the decimal comma (rounded half away from zero).
    na
        Text for a missing value.

    Returns
    -------
    str
        E.g. ``"1.234,5"``.

    Raises
    ------
    TypeError
        If ``x`` is not a number.

    Examples
    --------
    >>> angka(1234.5, 1)
    '1.234,5'
    >>> angka(2300)
    '2.300'
    """
    if is_missing(x):
        return na
    value = _decimal(x, decimals)
    return format_decimal(
        value, format=_pattern(decimals), locale=LOCALE, decimal_quantization=True
    )


def persen(x: Real | None, decimals: int = 1, *, na: str = TIDAK_ADA_DATA) -> str:
    """Format a percentage given in percent units (``18.26`` → ``"18,3%"``).

    Examples
    --------
    >>> persen(420 / 2300 * 100)
    '18,3%'
    """
    if is_missing(x):
        return na
    return angka(x, decimals) + "%"


def rupiah(x: Real | None, decimals: int = 1, *, na: str = TIDAK_ADA_DATA) -> str:
    """Format an amount of rupiah with the jt/M/T abbreviation.

    From one million rupiah the amount is scaled to juta (``jt``), miliar (``M``) or triliun
    (``T``): the largest unit not above the amount (an amount that rounds up to 1.000 of a unit
    moves to the next unit); below one million it is written in full.

    Parameters
    ----------
    x
        Amount in rupiah.
    decimals
        Digits after the comma for scaled amounts.
    na
        Text for a missing value.

    Examples
    --------
    >>> rupiah(1_234_000_000)
    'Rp 1,2 M'
    >>> rupiah(350_000_000)
    'Rp 350,0 jt'
    >>> rupiah(950_000)
    'Rp 950.000'
    """
    if is_missing(x):
        return na
    amount = x if isinstance(x, Decimal) else Decimal(str(x))
    magnitude = abs(amount)
    sign = "-" if amount < 0 else ""
    for i, (factor, suffix) in enumerate(_SCALES):
        if magnitude < factor:
            continue
        scaled = _decimal(magnitude / factor, decimals)
        if scaled >= 1000 and i > 0:  # 999,96 jt rounds to 1.000,0 jt: say 1,0 M instead
            factor, suffix = _SCALES[i - 1]
            scaled = _decimal(magnitude / factor, decimals)
        return f"Rp {sign}{angka(scaled, decimals)} {suffix}"
    return f"Rp {angka(amount, 0)}"


def tanggal(
    value: _dt.date | _dt.datetime | pd.Timestamp | str | None, *, na: str = TIDAK_ADA_DATA
) -> str:
    """Format a date as ``21 November 2024``.

    Parameters
    ----------
    value
        A date, datetime, Timestamp or ISO string (``"2024-11-21"``).

    Raises
    ------
    ValueError
        If a string is not an ISO date.

    Examples
    --------
    >>> tanggal("2024-11-21")
    '21 November 2024'
    """
    if is_missing(value):
        return na
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime):
        value = value.date()
    return format_date(value, "d MMMM y", locale=LOCALE)


def perubahan(x: Real | None, decimals: int = 1, *, satuan: str = "", na: str = STRIP) -> str:
    """Format a change with its sign: ``+1,2``, ``-0,5``, ``0,0``.

    Parameters
    ----------
    x
        The change (difference between two years).
    decimals
        Digits after the comma.
    satuan
        Text appended after the number, e.g. ``" poin"`` for a change of a percentage or
        ``"%"`` for a growth rate.
    na
        Text when the change cannot be computed.

    Examples
    --------
    >>> perubahan(1.234, satuan=" poin")
    '+1,2 poin'
    >>> perubahan(-0.04)
    '0,0'
    """
    if is_missing(x):
        return na
    value = _decimal(x, decimals)
    sign = "+" if value > 0 else ""
    return f"{sign}{angka(value, decimals)}{satuan}"


def perubahan_rupiah(x: Real | None, decimals: int = 1, *, na: str = STRIP) -> str:
    """Format a change of an amount of rupiah with its sign (``+Rp 1,2 M``, ``Rp -350,0 jt``).

    Examples
    --------
    >>> perubahan_rupiah(1.2e9)
    '+Rp 1,2 M'
    """
    if is_missing(x):
        return na
    text = rupiah(x, decimals)
    return "+" + text if x > 0 and text != "Rp 0" else text


def angka_formatter(decimals: int = 0) -> FuncFormatter:
    """Return a matplotlib tick formatter writing ``1.234`` / ``1.234,5``."""
    return FuncFormatter(lambda value, _pos: angka(value, decimals, na=""))


def persen_formatter(decimals: int = 0) -> FuncFormatter:
    """Return a matplotlib tick formatter writing ``18%`` for values in percent units."""
    return FuncFormatter(lambda value, _pos: persen(value, decimals, na=""))


def rupiah_formatter(decimals: int = 1) -> FuncFormatter:
    """Return a matplotlib tick formatter writing ``Rp 1,2 M`` (zero is ``0``)."""

    def _format(value: float, _pos: int | None) -> str:
        return "0" if value == 0 else rupiah(value, decimals, na="")

    return FuncFormatter(_format)


def tabel_teks(frame: pd.DataFrame, *, wrap: int | None = 50) -> str:
    """Lay out a frame of already formatted strings as a deterministic plain-text table.

    Columns are left-aligned and separated by two spaces, under a header line and a rule;
    missing cells print as :data:`TIDAK_ADA_DATA`. A first-column cell longer than ``wrap``
    characters continues on the next lines (the values stay on its first line), so the table
    stays narrow enough to read in JupyterLab and in a diff. Meant for outputs pinned by
    ``# NBVAL_CHECK_OUTPUT``, which must not depend on the pandas version.

    Examples
    --------
    >>> print(tabel_teks(pd.DataFrame({"A": ["1", "22"], "Nilai": ["x", None]})))
    A   Nilai
    --  --------------
    1   x
    22  tidak ada data
    >>> print(tabel_teks(pd.DataFrame({"A": ["satu dua tiga", "x"], "B": ["1", "2"]}), wrap=8))
    A         B
    --------  -
    satu dua  1
      tiga
    x         2
    """
    import textwrap

    header = [str(c) for c in frame.columns]
    rows: list[list[str]] = []
    for row in frame.itertuples(index=False):
        cells = [TIDAK_ADA_DATA if is_missing(v) else str(v) for v in row]
        first = [cells[0]]
        if wrap and len(cells[0]) > wrap:
            first = textwrap.wrap(cells[0], wrap, subsequent_indent="  ") or [cells[0]]
        rows.append([first[0], *cells[1:]])
        rows.extend([line, *([""] * (len(cells) - 1))] for line in first[1:])
    cells_all = [header, *rows]
    widths = [max(len(r[i]) for r in cells_all) for i in range(len(header))]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells_all
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
