"""Dates as Dinas files write them: Indonesian month names, ``21/11/2024``, ISO, Excel cells.

Understood forms: ``21 November 2024``, ``21 Nov 2024``, ``21-Nov-2024`` (Indonesian and
English month names and abbreviations: ``Mei``, ``Agustus``/``Agu``/``Agt``, ``Okt``,
``Des``), ``21/11/2024``, ``21-11-2024``, ``21.11.2024`` (always day first, as written in
Indonesia), ``2024-11-21`` (ISO, optionally with a time), Excel date cells and Excel serial
numbers (days since 1899-12-30, accepted between 1950 and 2100). Blank and ``-`` are null.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kumkm_utils.ingest.cells import NULL_TOKENS

MONTHS = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "peb": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agus": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "nop": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2100-01-01
_NAMED = re.compile(r"^(\d{1,2})[\s\-./]+([a-z]+)\.?[\s\-./,]+(\d{4})$")
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")


@dataclass(frozen=True)
class ParsedDates:
    """Result of parsing a column of dates: ``datetime64[ns]`` values and unreadable cells."""

    values: pd.Series
    invalid: pd.Series


def _from_serial(serial: float) -> dt.date:
    if not (_SERIAL_RANGE[0] <= serial < _SERIAL_RANGE[1]):
        raise ValueError(serial)
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date_value(value: object) -> dt.date | None:
    """Parse one date cell.

    Returns
    -------
    datetime.date or None
        None for blank/unknown.

    Raises
    ------
    ValueError
        If the value is not a date.

    Examples
    --------
    >>> parse_date_value("21 November 2024")
    datetime.date(2024, 11, 21)
    >>> parse_date_value("21/11/2024")
    datetime.date(2024, 11, 21)
    >>> parse_date_value(45617)
    datetime.date(2024, 11, 21)
    """
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _from_serial(float(value))
    text = " ".join(str(value).split()).lower()
    if text in NULL_TOKENS:
        return None
    if m := _ISO.match(text):
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DMY.match(text):
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := _NAMED.match(text):
        month = MONTHS.get(m.group(2))
        if month is None:
            raise ValueError(value)
        return dt.date(int(m.group(3)), month, int(m.group(1)))
    if _SERIAL.match(text):
        return _from_serial(float(text))
    raise ValueError(value)


def parse_dates(values: pd.Series) -> ParsedDates:
    """Parse a column of date cells, each distinct value once.

    Examples
    --------
    >>> parse_dates(pd.Series(["21 Nov 2024", "2024-11-21", "kemarin"])).invalid.tolist()
    [False, False, True]
    """
    from kumkm_utils.ingest.cells import arrow_strings

    arr = arrow_strings(values)
    if arr is not None:
        # Each distinct text once, through Arrow's dictionary encoding (nulls stay null).
        encoded = pc.dictionary_encode(arr)
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
        uniques = encoded.dictionary.to_pylist()
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = np.empty(len(uniques) + 1, dtype="datetime64[ns]")
    parsed[:] = np.datetime64("NaT")
    bad = np.zeros(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques):
        try:
            date = parse_date_value(value)
        except (ValueError, OverflowError):
            bad[i] = True
            continue
        if date is not None:
            parsed[i] = np.datetime64(date, "ns")
    result = pd.Series(parsed[codes], index=values.index, dtype="datetime64[ns]")
    return ParsedDates(result, pd.Series(bad[codes], index=values.index))
