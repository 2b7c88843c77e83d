"""How a schema column is declared: pandera columns carrying the metadata the templates and the
data dictionary are generated from (``label``, ``unit``, ``allowed``, ``key``, ``example``), and
the column checks the datasets share (non-negative, year, code format).
"""

from __future__ import annotations

import pandera.pandas as pa

from kumkm_utils.schemas.codes import (
    FORMAT_HINTS,
    KODE_KABKOTA_PATTERN,
    YEAR_RANGE,
)


def _col(
    dtype: str,
    label: str,
    description: str,
    *,
    nullable: bool = True,
    unit: str | None = None,
    allowed: tuple[str, ...] | None = None,
    key: bool = False,
    example: object = None,
    checks: list[pa.Check] | None = None,
    required: bool = True,
) -> pa.Column:
    checks = list(checks or [])
    if allowed is not None:
        checks.append(
            pa.Check.isin(allowed, error=f"nilai harus salah satu dari: {', '.join(allowed)}")
        )
    return pa.Column(
        dtype,
        checks=checks,
        nullable=nullable and not key,
        required=required,
        title=label,
        description=description,
        metadata={"label": label, "unit": unit, "allowed": allowed, "key": key, "example": example},
    )


def _non_negative() -> pa.Check:
    return pa.Check.ge(0, error="tidak boleh negatif")


def _year() -> pa.Check:
    return pa.Check.in_range(
        *YEAR_RANGE, error="tahun harus empat angka antara 2000 dan 2100, mis. 2025"
    )


def _matches(pattern: str, what: str) -> pa.Check:
    return pa.Check.str_matches(
        pattern, error=f"format {what} tidak sesuai: {FORMAT_HINTS[pattern]}"
    )


def _kabkota() -> pa.Column:
    return _col(
        "string",
        "Kode kabupaten/kota",
        "Kode Kemendagri kabupaten/kota (mis. 74.01). Nama kabupaten/kota juga diterima dan "
        "diubah menjadi kode saat impor.",
        nullable=False,
        example="74.01",
        checks=[_matches(KODE_KABKOTA_PATTERN, "kode kab/kota")],
    )


def _tahun(description: str) -> pa.Column:
    return _col("Int64", "Tahun", description, key=True, example=2025, checks=[_year()])


def _money(label: str, description: str, *, signed: bool = False) -> pa.Column:
    checks = [] if signed else [_non_negative()]
    return _col("Float64", label, description, unit="Rp", example=150_000_000, checks=checks)


def _count(label: str, description: str, unit: str = "orang") -> pa.Column:
    return _col("Int64", label, description, unit=unit, example=25, checks=[_non_negative()])


def _flag(label: str, description: str) -> pa.Column:
    return _col("boolean", label, description + " (Ya/Tidak).", allowed=None, example="Ya")
