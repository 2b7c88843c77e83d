"""Looking declarations up: by code (:func:`indikator`, :func:`label_tabel`, :func:`satuan`), by
role (:func:`dengan_peran`), the thresholds they declare (:func:`ambang`), and a changed copy
(:func:`ganti`).
"""

from __future__ import annotations

import dataclasses

from kumkm_utils.indicators.deklarasi.daftar import INDIKATOR
from kumkm_utils.indicators.deklarasi.kosakata import PERAN
from kumkm_utils.indicators.deklarasi.model import Indikator
from kumkm_utils.indicators.deklarasi.pemeriksaan import periksa

_BY_CODE: dict[str, Indikator] = {}


def _index() -> dict[str, Indikator]:
    if not _BY_CODE:
        periksa()
        _BY_CODE.update({i.kode: i for i in INDIKATOR})
    return _BY_CODE


def indikator(kode: str) -> Indikator:
    """Return the declaration of ``kode``; KeyError names close codes."""
    table = _index()
    if kode not in table:
        import difflib

        close = difflib.get_close_matches(kode, list(table), n=3)
        raise KeyError(f"indikator {kode!r} tidak dideklarasikan; yang mirip: {close}")
    return table[kode]


def dengan_peran(peran: str) -> tuple[Indikator, ...]:
    """The indicators with a role, in declaration order."""
    if peran not in PERAN:
        raise ValueError(f"peran must be one of {PERAN}, got {peran!r}")
    return tuple(i for i in _index().values() if peran in i.peran)


def kode_dengan_peran(peran: str) -> tuple[str, ...]:
    return tuple(i.kode for i in dengan_peran(peran))


def ambang() -> dict[str, float]:
    """Every strategic-issue threshold (name → value), from the indicators that declare one."""
    out: dict[str, float] = {}
    for ind in _index().values():
        out.update(dict(ind.ambang))
    return out


def label_tabel(kode: str) -> str | None:
    """The table and chart label (short label) of an indicator column; None when the column is
    not a declared indicator."""
    ind = _index().get(kode)
    return None if ind is None else ind.label_pendek


def satuan(kode: str) -> str | None:
    """The unit of an indicator column; None when the column is not a declared indicator."""
    ind = _index().get(kode)
    return None if ind is None else ind.satuan


def ganti(kode: str, **changes: object) -> Indikator:
    """A copy of a declaration with fields changed (for tests and what-if checks)."""
    return dataclasses.replace(indikator(kode), **changes)
