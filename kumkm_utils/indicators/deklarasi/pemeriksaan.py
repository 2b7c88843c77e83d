"""Checks of the declarations (:func:`periksa`), run when the package is imported: unknown
filters, datasets, roles or sources, duplicate codes, and a numerator that is not a subset of
its denominator (:func:`subset`) stop the import.
"""

from __future__ import annotations

from collections.abc import Iterable

from kumkm_utils.indicators.deklarasi.besaran import _TURUNAN, BESARAN, Besaran
from kumkm_utils.indicators.deklarasi.daftar import INDIKATOR
from kumkm_utils.indicators.deklarasi.filter_baris import FILTER
from kumkm_utils.indicators.deklarasi.kosakata import ARAH, DATASETS, JENIS, PERAN, SATUAN
from kumkm_utils.indicators.deklarasi.model import Indikator
from kumkm_utils.indicators.deklarasi.sumber import SUMBER


def periksa(indicators: Iterable[Indikator] = INDIKATOR) -> None:
    """Validate declarations; raise ValueError naming the first problem.

    Checks: unique codes; known unit, direction, kind, roles, sources, filters and datasets;
    numerator and denominator declared; for a ratio of counts the numerator's rows are a
    subset of the denominator's (same dataset, its filters include the denominator's, or its
    parts include the numerator's columns).
    """
    seen: set[str] = set()
    for f in FILTER.values():
        if f.dataset not in DATASETS:
            raise ValueError(f"filter {f.kode}: unknown dataset {f.dataset}")
    for b in BESARAN.values():
        for name in (*b.filter, *b.bagian):
            if name not in FILTER and name not in BESARAN:
                raise ValueError(f"besaran {b.kode}: unknown filter or part {name}")
        for name in b.filter:
            if FILTER[name].dataset != b.dataset:
                raise ValueError(f"besaran {b.kode}: filter {name} is of another dataset")
    for ind in indicators:
        if ind.kode in seen:
            raise ValueError(f"indicator {ind.kode} declared twice")
        seen.add(ind.kode)
        for name, value, allowed in (
            ("satuan", ind.satuan, SATUAN),
            ("arah", ind.arah, ARAH),
            ("jenis", ind.jenis, JENIS),
        ):
            if value not in allowed:
                raise ValueError(f"{ind.kode}: {name} {value!r} not in {allowed}")
        unknown = set(ind.peran) - set(PERAN)
        if unknown:
            raise ValueError(f"{ind.kode}: unknown roles {sorted(unknown)}")
        missing = [s for s in ind.sumber if s not in SUMBER]
        if missing or not ind.sumber:
            raise ValueError(f"{ind.kode}: unknown or no source {missing}")
        if ind.jenis != "eksternal":
            if ind.pembilang not in BESARAN:
                raise ValueError(f"{ind.kode}: numerator {ind.pembilang!r} not declared")
            if not ind.fungsi:
                raise ValueError(f"{ind.kode}: no computing function")
        if ind.jenis in ("rasio", "perbandingan", "tertimbang"):
            if ind.penyebut not in BESARAN:
                raise ValueError(f"{ind.kode}: denominator {ind.penyebut!r} not declared")
        if ind.jenis == "rasio":
            num, den = BESARAN[ind.pembilang], BESARAN[ind.penyebut]
            if not subset(num, den):
                raise ValueError(
                    f"{ind.kode}: numerator {num.kode} is not a subset of denominator {den.kode}"
                )
        if not 0 <= ind.desimal <= 3:
            raise ValueError(f"{ind.kode}: decimals {ind.desimal} out of range")


def subset(num: Besaran, den: Besaran) -> bool:
    """Whether every row (or amount) the numerator counts is counted by the denominator."""
    if num.kode == den.kode or _TURUNAN.get(num.kode) == den.kode:
        return True
    if num.dataset != den.dataset:
        return False
    if den.bagian:
        return num.kolom_dasar() <= den.kolom_dasar()
    if num.agregat == "kustom" or den.agregat == "kustom":
        return den.kode == "pagu_rp" and num.kode == "pagu_prioritas_rp"
    same_measure = num.agregat == den.agregat
    return same_measure and frozenset(den.filter) <= num.filter_lengkap()


# The declarations are checked once, when the package is imported.
periksa()
