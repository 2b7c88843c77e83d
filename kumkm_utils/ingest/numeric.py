"""Numbers as Dinas files write them: Indonesian and English separators, ``Rp``, ``M``/``jt``.

Conventions (documented in the validation report and the data dictionary):

- ``1.234.567,89`` (Indonesian) and ``1,234,567.89`` (English) are both understood; a value
  with both separators takes the *last* one as the decimal separator.
- A single separator followed by exactly three digits (``1.250`` or ``1,250``) is ambiguous.
  It is read in the column's style: English when the column shows unambiguous English values
  (``1,234.5``, ``12.5``, ``1,234,567``), otherwise Indonesian (``1.250`` = 1250, ``1,250`` =
  1,25).
- ``Rp``/``IDR`` prefixes and a trailing ``,-`` are dropped; ``(1.000)`` is negative.
- Word multipliers: ``rb``/``ribu`` = 10^3, ``jt``/``juta`` = 10^6, ``M``/``miliar``/``milyar``
  = 10^9 (Indonesian M is *miliar*, not million), ``T``/``triliun`` = 10^12.
- ``%`` is dropped and the value kept in percentage points (``12,5%`` -> 12.5).
- ``-`` (also ``--``, ``–``, ``—``) alone in a cell is *nil*: zero, as in BPS tables. Each such
  cell is noted in the validation report. Blank and ``n/a`` are *not reported* (null), never
  zero. ``#N/A`` (what a lookup formula shows when it finds nothing) is not reported either, and
  is named in the report with what it means.
- A word multiplier (``1,2 M``) is accepted with a warning: the template asks for amounts in
  full rupiah, so the clerk sees the value it was read as.
- Excel numeric cells are taken as they are.

Everything is vectorised: plain integers take a fast path; other distinct values are parsed
once each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kumkm_utils.ingest import cells

NULL_TOKENS = cells.NULL_TOKENS
"""Cell texts that mean 'unknown' in text and date columns: they become null, never zero."""

NIL_TOKENS = frozenset({"-", "--", "–", "—"})
"""In a number column, these alone in a cell mean nil (0), the BPS convention."""

NOT_AVAILABLE = "#n/a"
"""Excel's 'no value available' (a lookup that found nothing): not reported, and named."""

KIND_NONE, KIND_NIL, KIND_ABBREVIATED, KIND_NOT_AVAILABLE = 0, 1, 2, 3
"""How a number cell was read, beyond its value (:attr:`ParsedNumbers.kinds`)."""

MULTIPLIERS = {
    "rb": 1e3,
    "ribu": 1e3,
    "jt": 1e6,
    "juta": 1e6,
    "m": 1e9,
    "miliar": 1e9,
    "milyar": 1e9,
    "mlyr": 1e9,
    "t": 1e12,
    "triliun": 1e12,
    "trilyun": 1e12,
    "%": 1.0,
}

_PLAIN_INT = r"[-+]?\d+"
_PLAIN_DOT = r"[-+]?\d+\.\d+"
_EN_EVIDENCE = r"\d,\d{3}\.\d|,\d{3},|^[-+]?\d+\.(?:\d{1,2}|\d{4,})$"
_ID_EVIDENCE = r"\d\.\d{3},\d|\.\d{3}\.|^[-+]?\d+,(?:\d{1,2}|\d{4,})$"
_VALUE = re.compile(
    r"^(?P<neg>[-+−])?\s*(?:rp\.?|idr)?\s*(?P<neg2>[-−])?\s*"
    r"(?P<num>\d[\d.,' \u202f]*)\s*(?P<suf>[a-z%]+)?\.?$"
)


@dataclass(frozen=True)
class ParsedNumbers:
    """Result of parsing a column of numbers.

    Attributes
    ----------
    values : pandas.Series
        ``Float64`` values, ``<NA>`` where blank or unreadable.
    invalid : pandas.Series
        True where the cell held something that is not a number (reported as a problem).
    """

    values: pd.Series
    invalid: pd.Series
    kinds: np.ndarray | None = None
    """Per cell: :data:`KIND_NIL` (``-`` read as 0), :data:`KIND_ABBREVIATED` (``1,2 M``),
    :data:`KIND_NOT_AVAILABLE` (``#N/A``), else :data:`KIND_NONE`; None when all are none."""

    def kind(self, which: int) -> pd.Series:
        """The mask of cells of one kind."""
        if self.kinds is None:
            return pd.Series(False, index=self.values.index)
        return pd.Series(self.kinds == which, index=self.values.index)


def detect_style(texts: pd.Series) -> str:
    """Return ``"en"`` or ``"id"``: the separator style of a column of number texts.

    Examples
    --------
    >>> detect_style(pd.Series(["1,234.5", "1,250"]))
    'en'
    >>> detect_style(pd.Series(["1.250", "2.500.000"]))
    'id'
    """
    texts = texts.dropna().astype("str")
    if texts.empty:
        return "id"
    en = int(texts.str.contains(_EN_EVIDENCE, regex=True).sum())
    ident = int(texts.str.contains(_ID_EVIDENCE, regex=True).sum())
    return "en" if en > ident else "id"


def _core_number(num: str, style: str) -> float:
    num = re.sub(r"[ '\u202f]", "", num)
    dots, commas = num.count("."), num.count(",")
    if dots and commas:
        dec = "." if num.rfind(".") > num.rfind(",") else ","
        thou = "," if dec == "." else "."
        if num.count(dec) > 1:
            raise ValueError(num)
        whole, frac = num.split(dec)
        if not re.fullmatch(rf"\d{{1,3}}(\{thou}\d{{3}})*", whole):
            raise ValueError(num)
        return float(whole.replace(thou, "") + "." + frac)
    sep = "." if dots else "," if commas else ""
    if not sep:
        return float(num)
    parts = num.split(sep)
    if len(parts) > 2:
        if not re.fullmatch(r"\d{1,3}", parts[0]) or any(len(p) != 3 for p in parts[1:]):
            raise ValueError(num)
        return float("".join(parts))
    whole, frac = parts
    if not frac:
        raise ValueError(num)
    thousands = len(frac) == 3 and (
        (sep == "." and style == "id") or (sep == "," and style == "en")
    )
    if thousands:
        return float(whole + frac)
    return float(whole + "." + frac)


def parse_number_text(text: str, *, style: str = "id") -> float | None:
    """Parse one number as typed in a submission.

    Parameters
    ----------
    text : str
        The cell text, e.g. ``"Rp 1.250.000"``, ``"1,2 M"``, ``"12,5%"``.
    style : {"id", "en"}
        How to read an ambiguous single separator followed by three digits.

    Returns
    -------
    float or None
        The value (``-`` is nil: 0), or None for blank, ``n/a`` and ``#N/A``.

    Raises
    ------
    ValueError
        If the text is not a number.

    Examples
    --------
    >>> parse_number_text("1.234.567,89")
    1234567.89
    >>> parse_number_text("1,2 M")
    1200000000.0
    >>> parse_number_text("Rp 1.250.000,-")
    1250000.0
    >>> parse_number_text("-")
    0.0
    """
    return _parse_one(text, style)[0]


def _parse_one(text: str, style: str) -> tuple[float | None, int]:
    """(value, kind) of one number text; see :func:`parse_number_text`."""
    t = " ".join(str(text).replace("\xa0", " ").split()).lower()
    if t in NIL_TOKENS:
        return 0.0, KIND_NIL
    if t == NOT_AVAILABLE:
        return None, KIND_NOT_AVAILABLE
    if t in NULL_TOKENS:
        return None, KIND_NONE
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1].strip()
    t = re.sub(r"[.,]-$", "", t).strip()
    m = _VALUE.match(t)
    if m is None:
        raise ValueError(text)
    value = _core_number(m.group("num").strip(), style)
    suffix = m.group("suf")
    kind = KIND_NONE
    if suffix:
        if suffix not in MULTIPLIERS:
            raise ValueError(text)
        value *= MULTIPLIERS[suffix]
        kind = KIND_NONE if suffix == "%" else KIND_ABBREVIATED
    if negative or m.group("neg") in ("-", "−") or m.group("neg2"):
        value = -value
    return value, kind


def _is_plain_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def parse_numbers(values: pd.Series, *, style: str | None = None) -> ParsedNumbers:
    """Parse a column of numbers (texts, Excel numeric cells or a numeric column).

    Parameters
    ----------
    values : pandas.Series
        Raw cells: strings, Python numbers (Excel), None/NA.
    style : {"id", "en"}, optional
        Separator style for ambiguous values; detected from the column when omitted.

    Returns
    -------
    ParsedNumbers
        ``Float64`` values and the mask of unreadable cells.

    Examples
    --------
    >>> parse_numbers(pd.Series(["1.234,5", "7", None, "abc"])).values.tolist()
    [1234.5, 7.0, <NA>, <NA>]
    """
    index = values.index
    fast = _parse_arrow(values, style)
    if fast is not None:
        return fast
    if pd.api.types.is_bool_dtype(values.dtype):
        return ParsedNumbers(
            pd.Series(pd.NA, index=index, dtype="Float64"), values.notna().astype(bool)
        )
    if pd.api.types.is_numeric_dtype(values.dtype):
        return ParsedNumbers(values.astype("Float64"), pd.Series(False, index=index))
    out = np.full(len(values), np.nan)
    invalid = np.zeros(len(values), dtype=bool)
    kinds = np.zeros(len(values), dtype=np.int8)
    if values.dtype == object:
        cells = values.to_numpy(dtype=object)
        if pd.api.types.infer_dtype(cells, skipna=True) in (
            "floating",
            "integer",
            "mixed-integer-float",
        ):
            # Only numbers (Excel numeric cells) and nulls: no per-cell type tests needed.
            is_str = np.zeros(len(cells), dtype=bool)
            numeric = pd.notna(cells)
        else:
            is_str = np.fromiter((type(v) is str for v in cells), dtype=bool, count=len(cells))
            numeric = np.fromiter(
                (_is_plain_number(v) for v in cells), dtype=bool, count=len(cells)
            )
        if numeric.any():
            out[numeric] = np.array(cells[numeric], dtype=float)
        other = ~is_str & ~numeric & pd.notna(cells)
        invalid |= other
        if is_str.any():
            strings = pa.array(cells[is_str], type=pa.string())
            texts = pd.Series(pd.arrays.ArrowStringArray(strings), index=index[is_str], copy=False)
            parsed = _parse_arrow(texts, style)
            if parsed is not None:
                out[is_str] = parsed.values.to_numpy(dtype=float, na_value=np.nan)
                invalid[is_str] |= parsed.invalid.to_numpy(dtype=bool)
                if parsed.kinds is not None:
                    kinds[is_str] = parsed.kinds
                texts = texts.iloc[:0]
            else:
                texts = values[is_str].astype("str")
        else:
            texts = values.iloc[:0]
    else:
        texts = values.dropna().astype("str")
    if not texts.empty:
        _parse_texts(texts, style, index, out, invalid, kinds)
    result = pd.Series(out, index=index, dtype="Float64")
    result[np.isnan(out)] = pd.NA
    return ParsedNumbers(result, pd.Series(invalid, index=index), kinds if kinds.any() else None)


def _parse_arrow(values: pd.Series, style: str | None) -> ParsedNumbers | None:
    """:func:`parse_numbers` for an Arrow-backed text column; None when it does not apply.

    Plain integers (what machine exports write) are recognised and converted in Arrow; the
    other texts go through :func:`_parse_texts` exactly as in the general path. Columns with
    non-ASCII characters or line breaks are left to the general path, whose regular
    expressions treat those differently from Arrow's.
    """
    from kumkm_utils.ingest.cells import arrow_strings

    arr = arrow_strings(values)
    if arr is None:
        return None
    if not pc.all(pc.string_is_ascii(arr)).as_py() or pc.any(pc.match_substring(arr, "\n")).as_py():
        return None
    index = values.index
    stripped = pc.utf8_trim_whitespace(arr)
    plain = pc.fill_null(pc.match_substring_regex(stripped, "^[-+]?[0-9]+$"), False)
    out = pc.cast(pc.if_else(plain, stripped, pa.scalar(None, stripped.type)), pa.float64())
    out = out.to_numpy(zero_copy_only=False)  # nulls become NaN
    invalid = np.zeros(len(arr), dtype=bool)
    kinds = np.zeros(len(arr), dtype=np.int8)
    rest = pc.and_(pc.is_valid(arr), pc.invert(plain)).to_numpy(zero_copy_only=False)
    if rest.any():
        texts = values[rest].astype("str")
        _parse_texts(texts, style, index, out, invalid, kinds)
    missing = np.isnan(out)
    result = pd.arrays.FloatingArray(np.where(missing, 0.0, out), missing)
    return ParsedNumbers(
        pd.Series(result, index=index, copy=False),
        pd.Series(invalid, index=index),
        kinds if kinds.any() else None,
    )


def _to_float(texts: pd.Series) -> np.ndarray:
    try:
        return texts.astype("string[pyarrow]").astype("float64").to_numpy()
    except (ValueError, TypeError):
        return pd.to_numeric(texts).astype(float).to_numpy()


def _parse_texts(
    texts: pd.Series,
    style: str | None,
    index: pd.Index,
    out: np.ndarray,
    invalid: np.ndarray,
    kinds: np.ndarray,
) -> None:
    stripped = texts.str.strip()
    pos = index.get_indexer(stripped.index)
    plain = stripped.str.fullmatch(_PLAIN_INT).fillna(False).to_numpy(dtype=bool)
    if plain.any():
        out[pos[plain]] = _to_float(stripped[plain])
    rest = stripped[~plain]
    rest_pos = pos[~plain]
    if rest.empty:
        return
    style = style or detect_style(rest)
    dotted = rest.str.fullmatch(_PLAIN_DOT).fillna(False).to_numpy(dtype=bool)
    if style == "id":
        dotted = dotted & ~rest.str.fullmatch(r"[-+]?\d+\.\d{3}").fillna(False).to_numpy(dtype=bool)
    if dotted.any():
        out[rest_pos[dotted]] = _to_float(rest[dotted])
    slow = rest[~dotted]
    slow_pos = rest_pos[~dotted]
    if slow.empty:
        return
    codes, uniques = pd.factorize(slow)
    parsed = np.full(len(uniques), np.nan)
    bad = np.zeros(len(uniques), dtype=bool)
    kind = np.zeros(len(uniques), dtype=np.int8)
    for i, text in enumerate(uniques):
        try:
            value, kind[i] = _parse_one(text, style)
        except ValueError:
            bad[i] = True
            continue
        if value is not None:
            parsed[i] = value
    out[slow_pos] = parsed[codes]
    invalid[slow_pos] = bad[codes]
    kinds[slow_pos] = kind[codes]
