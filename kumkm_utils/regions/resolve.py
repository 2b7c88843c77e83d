"""Resolving kab/kota names, aliases and codes as people type them (fuzzy hints on failure).

When a name exists both as a kabupaten and a kota (Bogor, Malang, Kupang, ...) the prefix
decides; without one the name is ambiguous unless ``province`` narrows it down. Lookups after
normalisation are dictionary hits, so resolving millions of cells costs one call per distinct
value (:func:`resolve_kabkota_series`). Error messages are in Bahasa Indonesia because they end
up in the analysts' validation reports.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kumkm_utils.exceptions import UnknownRegionError
from kumkm_utils.regions import papua
from kumkm_utils.regions.codes import KABKOTA_CODE_TYPED, reject_number
from kumkm_utils.regions.names import split_prefix, suggest
from kumkm_utils.regions.tables import (
    _describe,
    _Entry,
    _kabkota_index,
    _kabkota_table,
    _province_cached,
    _province_code,
    kabkota_codes,
    province_of,
)

logger = logging.getLogger(__name__)


class AmbiguousRegionError(UnknownRegionError):
    """A kab/kota name that matches several kab/kota (e.g. Bogor without Kota/Kabupaten)."""

    def __init__(self, message: str, candidates: tuple[str, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


class WrongProvinceError(UnknownRegionError):
    """A kab/kota that exists, but in another province than the one expected."""

    def __init__(self, message: str, kode_kabkota: str, kode_provinsi: str) -> None:
        super().__init__(message)
        self.kode_kabkota = kode_kabkota
        self.kode_provinsi = kode_provinsi


def resolve_kabkota(name_or_code: str, province: str | None = None) -> str:
    """Return the Kemendagri code of a kab/kota given by name, alias or code.

    Parameters
    ----------
    name_or_code : str
        ``"KAB. KUBU RAYA"``, ``"Kubu Raya"``, ``"Kabupaten Kubu Raya"``, ``"kab kubu raya"``,
        ``"61.12"`` or ``"6112"``; also abbreviations and former names from
        ``kabkota_alias.csv`` (``"Kab. Kep. Selayar"``, ``"Baubau"``, ``"Kotim"``).
    province : str, optional
        The province the kab/kota must belong to (anything :func:`province` accepts). It also
        settles names that exist in several provinces.

    Returns
    -------
    str
        The code, e.g. ``"61.12"``.

    Raises
    ------
    RegionCodeTypeError
        If a number is passed.
    AmbiguousRegionError
        If the name fits several kab/kota (e.g. ``"Bogor"``: Kabupaten 32.01 and Kota 32.71).
    WrongProvinceError
        If the kab/kota belongs to another province than ``province``.
    UnknownRegionError
        If nothing matches; the message lists up to three close matches.

    Examples
    --------
    >>> resolve_kabkota("KAB. KUBU RAYA")
    '61.12'
    >>> resolve_kabkota("Kota Bogor")
    '32.71'
    """
    prov = None if province is None else _province_code(province)
    return _resolve(name_or_code, prov)


def _resolve(value: object, prov: str | None) -> str:
    reject_number(value, "Kode kabupaten/kota")
    if not isinstance(value, str):
        raise UnknownRegionError(f"kabupaten/kota {value!r} tidak dikenal")
    text = " ".join(value.split())
    if not text:
        raise UnknownRegionError("nama atau kode kabupaten/kota kosong")
    code_match = KABKOTA_CODE_TYPED.match(text)
    if code_match:
        return _check_code(f"{code_match.group(1)}.{code_match.group(2)}", text, prov)
    jenis, core, whole = split_prefix(text)
    index = _kabkota_index()
    entries = index.get(core, ())
    if jenis is not None:
        typed = tuple(e for e in entries if e.jenis == jenis)
        if not typed and whole != core:
            # "Kota Waringin Barat", "Kota Baru": the first word was part of the name.
            typed = index.get(whole, ())
        if not typed and entries:
            others = ", ".join(_describe(e.kode) for e in entries)
            raise UnknownRegionError(
                f"'{text}' tidak ada: tidak ada {jenis} dengan nama itu; yang ada: {others}"
            )
        entries = typed
    if not entries:
        raise UnknownRegionError(
            f"kabupaten/kota '{text}' tidak dikenal{_suggest_kabkota(text, prov)}"
        )
    in_province = entries if prov is None else tuple(e for e in entries if e.kode_provinsi == prov)
    if not in_province:
        raise _wrong_province(text, entries, prov)
    official = tuple(e for e in in_province if e.official)
    chosen = tuple(sorted(official or in_province, key=lambda e: e.kode))
    if len(chosen) > 1:
        listing = " dan ".join(_describe(e.kode) for e in chosen)
        raise AmbiguousRegionError(
            f"'{text}' ambigu: bisa {listing}; tulis lengkap dengan 'Kabupaten' atau 'Kota'"
            + ("" if prov else " atau sebutkan provinsinya"),
            tuple(e.kode for e in chosen),
        )
    return chosen[0].kode


def _check_code(code: str, text: str, prov: str | None) -> str:
    if code not in kabkota_codes():
        moved = papua.new_codes().get(code)
        hint = (
            f"; kode lama sebelum pemekaran Papua 2022, sekarang {_describe(moved)}"
            if moved
            else ""
        )
        raise UnknownRegionError(f"kode kabupaten/kota '{text}' tidak dikenal{hint}")
    if prov is not None and province_of(code) != prov:
        raise _wrong_province(text, (_Entry(code, "", province_of(code), True),), prov)
    return code


def _wrong_province(text: str, entries: tuple[_Entry, ...], prov: str | None) -> WrongProvinceError:
    where = ", ".join(_describe(e.kode) for e in entries)
    first = entries[0]
    note = ""
    before = papua.provinces_before_2022().get(first.kode)
    if before is not None and before == prov:
        note = (
            f" (sejak pemekaran 2022 termasuk {_province_cached(first.kode_provinsi).nama}; "
            f"sebelumnya {_province_cached(before).nama})"
        )
    return WrongProvinceError(
        f"'{text}' bukan kabupaten/kota di provinsi {_province_cached(prov).nama} ({prov}): "
        f"yang cocok adalah {where}{note}",
        first.kode,
        first.kode_provinsi,
    )


def _suggest_kabkota(text: str, prov: str | None) -> str:
    table = _kabkota_table()
    if prov is not None:
        table = table[table["kode_provinsi"] == prov]
    jenis, _, _ = split_prefix(text)
    words = text.split()
    query = " ".join(words[1:]) if jenis is not None and len(words) > 1 else text
    return suggest(
        query, table["nama_pendek"], table["kode_kabkota"], display=table["nama_kabkota"]
    )


@dataclass(frozen=True)
class KabkotaResolution:
    """Result of resolving many kab/kota values at once.

    Attributes
    ----------
    codes : pandas.Series
        One code per input row (``string`` dtype), ``<NA>`` where the value was blank or
        could not be resolved.
    errors : dict
        For each distinct unresolved (non-blank) input value, the message explaining why.
    """

    codes: pd.Series
    errors: dict[str, str]


def resolve_kabkota_detail(series: pd.Series, province: str | None = None) -> KabkotaResolution:
    """Resolve a column of kab/kota names or codes, each distinct value once.

    Parameters
    ----------
    series : pandas.Series
        Names, aliases or codes as typed (blank cells become ``<NA>`` without an error).
    province : str, optional
        The province every value must belong to.

    Returns
    -------
    KabkotaResolution
        The codes aligned with ``series`` and the error message of each unresolved value.
    """
    prov = None if province is None else _province_code(province)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    resolved = np.empty(len(uniques) + 1, dtype=object)
    resolved[-1] = pd.NA
    errors: dict[str, str] = {}
    for i, value in enumerate(uniques):
        if isinstance(value, str) and not value.strip():
            resolved[i] = pd.NA
            continue
        try:
            resolved[i] = _resolve(value, prov)
        except UnknownRegionError as err:
            resolved[i] = pd.NA
            errors[str(value)] = str(err)
    out = pd.Series(resolved[codes], index=series.index, name=series.name, dtype="string")
    if errors:
        logger.debug("%d distinct kab/kota values not resolved", len(errors))
    return KabkotaResolution(codes=out, errors=errors)


def resolve_kabkota_series(series: pd.Series, province: str | None = None) -> pd.Series:
    """Resolve a column of kab/kota names or codes; ``<NA>`` where a value is not resolved.

    Use :func:`resolve_kabkota_detail` to get the message for each unresolved value.

    Examples
    --------
    >>> resolve_kabkota_series(pd.Series(["Kubu Raya", "Kota Pontianak", "Atlantis"])).tolist()
    ['61.12', '61.71', <NA>]
    """
    return resolve_kabkota_detail(series, province).codes
