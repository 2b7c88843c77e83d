"""The vocabulary of a declaration: the allowed datasets, units, directions, kinds and roles of an
indicator, and the capaian rule (:data:`ATURAN_CAPAIAN`), stated here once.
"""

from __future__ import annotations

DATASETS = ("koperasi", "umkm", "program", "makro", "eksternal")
SATUAN = ("%", "unit", "orang", "Rp")
ARAH = ("naik", "turun")
JENIS = ("jumlah", "rasio", "perbandingan", "pertumbuhan", "tertimbang", "eksternal")
"""``rasio``: a share, the numerator's rows are a subset of the denominator's (checked);
``perbandingan``: one measure against another (realisasi against pagu, volume against PDRB)."""
PERAN = (
    "headline",
    "rekap",
    "peringkat",
    "peta",
    "ambang",
    "target",
    "indeks",
    "indeks_nasional",
)
"""Roles: ``headline`` (executive-summary table of a province), ``rekap`` (national summary
table of the roll-up), ``peringkat`` (ranked across provinces in the
national roll-up), ``peta`` (tile map), ``ambang`` (a strategic-issue threshold reads it),
``target`` (proposed target for the plan year), ``indeks`` / ``indeks_nasional`` (value shown
on the index page for a province / for the national report)."""

ATURAN_CAPAIAN = (
    "Capaian fisik satu sub kegiatan = realisasi fisik ÷ target × 100, dicetak sebagaimana "
    "dihitung dan tidak dibatasi 100% (praktik LKjIP: capaian di atas 100% dilaporkan apa "
    "adanya, mis. 113%); capaian kelompok = Σ(pagu × capaian) ÷ Σ pagu sub kegiatan yang "
    "bertarget. Capaian di atas 90%, termasuk di atas 100%, berpredikat Sangat Baik."
)
"""The capaian rule, stated once. Source: LKjIP practice (e.g. LKjIP Kabupaten Maluku Tengah
2021, bab III.2: capaian = realisasi ÷ rencana × 100%, values above 100% printed as computed)
and the five-band scale of the Renja evaluation (Permendagri 86/2017); no regulation found caps
capaian per sub kegiatan at 100% before weighting, so the workbook does not cap."""
