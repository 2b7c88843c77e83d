"""Region code formats: the one place that says what a province or kab/kota code looks like.

Codes are always strings: a province is ``"74"``, a kab/kota ``"74.01"``. Passing a number is an
error, because ``int("01")`` loses the leading zero and codes must never be arithmetic. This
module imports nothing heavy, so parameter checks can use it.
"""

from __future__ import annotations

import numbers
import re

from kumkm_utils.exceptions import UnknownRegionError

PROVINCE_CODE_PATTERN = r"^\d{2}$"
"""A province code: two digits (``"74"``)."""
KABKOTA_CODE_PATTERN = r"^\d{2}\.\d{2}$"
"""A kab/kota code: province code, dot, two digits (``"74.01"``)."""

NATIONAL_CODE = "00"
"""The code of Indonesia as a whole (Kemendagri has none): the national report's key
(``reports/<tahun>/00-nasional``, ``--province nasional``), the national total row of the
indicator tables, and the rows of national targets (RPJMN, RPJPN) in the ``target`` dataset,
the only dataset that accepts it."""
NATIONAL_NAME = "Nasional"
NATIONAL_ALIASES = frozenset({"00", "0", "nasional", "indonesia", "nasional (00)"})
"""What a ``kode_provinsi`` cell may hold for a national row (case and spaces ignored)."""

PROVINCE_CODE = re.compile(PROVINCE_CODE_PATTERN)
KABKOTA_CODE = re.compile(KABKOTA_CODE_PATTERN)
KABKOTA_CODE_TYPED = re.compile(r"^(\d{2})[.\s]?(\d{2})$")
"""A kab/kota code as people type it: ``"74.01"``, ``"74 01"`` or ``"7401"``."""


class RegionCodeTypeError(UnknownRegionError, TypeError):
    """A region code passed as a number instead of a string."""


def reject_number(value: object, what: str) -> None:
    """Raise :class:`RegionCodeTypeError` when a region code was given as a number."""
    if isinstance(value, numbers.Number):
        raise RegionCodeTypeError(
            f"{what} harus berupa teks (mis. '74' atau '74.01'), bukan angka {value!r}: "
            "kode wilayah tidak boleh diubah menjadi angka karena nol di depan dan titik hilang."
        )
