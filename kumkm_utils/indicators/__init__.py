"""Every indicator of the report, computed in DuckDB from summed numerators and denominators.

Modules by domain concept: :mod:`.koperasi` (kelembagaan, anggota), :mod:`.usaha` (modal,
aset, volume usaha, SHU), :mod:`.pengawasan` (KSP/USP health, KUK, koperasi bermasalah),
:mod:`.umkm` (size classes, KBLI, legality and profile shares, transitions, MBG),
:mod:`.program` (budget absorption and physical achievement, synchronisation with national
priorities), :mod:`.ekonomi` (contribution to PDRB), :mod:`.headline` (the headline table)
and :mod:`.trend` (changes and five-year series). Shared conventions are documented in
:mod:`._core`; Indonesian labels in :mod:`.labels`.
"""

from kumkm_utils.indicators._core import ID_COLUMNS, LEVELS, Scope

__all__ = ["ID_COLUMNS", "LEVELS", "Scope"]
