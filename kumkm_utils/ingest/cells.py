"""What a raw cell is before typing: the texts that mean "unknown", and columns as Arrow arrays.

The one owner of the null tokens (every column type reads them the same way) and of the Arrow
view of a text column, shared by :mod:`~kumkm_utils.ingest.normalise`,
:mod:`~kumkm_utils.ingest.numeric` and :mod:`~kumkm_utils.ingest.dates` (which import this
module, never each other for these).
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

NULL_TOKENS = frozenset({"", "-", "--", "–", "—", "n/a", "na", "null", "nan", "none", "#n/a"})
"""Cell texts (lowercased, trimmed) that mean 'unknown': they become null, never zero."""

NULL_TEXTS = NULL_TOKENS | frozenset({"N/A", "NULL", "NaN", "None", "#N/A", "NA"})
"""The same tokens as typed, for case-sensitive matching of trimmed texts."""


def arrow_strings(values: pd.Series) -> pa.Array | None:
    """Return the ``pyarrow`` string array behind an Arrow-backed ``string`` Series, else None.

    CSV and Parquet cells arrive as such columns; the hot paths of typing and checking work on
    the Arrow array directly (:mod:`pyarrow.compute`), with the same semantics as the
    ``pandas`` string methods they replace. The array comes through the Arrow interchange
    protocol (``__arrow_array__``), without a copy.
    """
    array = values.array
    if not isinstance(array, pd.arrays.ArrowStringArray) or values.dtype.na_value is not pd.NA:
        return None
    data = pa.array(array)
    if data.type not in (pa.string(), pa.large_string()):
        return None
    return data.combine_chunks() if isinstance(data, pa.ChunkedArray) else data
