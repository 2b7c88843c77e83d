"""National target paths: the rows of the ``target`` dataset with ``kode_provinsi`` "00".

The published national targets (RPJMN 2025-2029, RPJPN 2025-2045) ship as
``data/reference/target_nasional.csv`` and are ingested like any target file; the warehouse is
their one owner. A document often publishes only the two ends of a path (baseline and final
target): the target of a year in between is on the straight line between the nearest published
points of the same document, labelled as derived. Read by the national roll-up
(:mod:`kumkm_utils.targets.nasional`) and by the province report's proposals
(:func:`kumkm_utils.narrative.usulan_target`, strategic issues).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from kumkm_utils import formatting as fmt
from kumkm_utils.regions.codes import NATIONAL_CODE
from kumkm_utils.targets.indikator import indikator
from kumkm_utils.targets.tabel import sumber_teks, targets

ASAL_TERBITAN = "terbitan"
ASAL_GARIS_LURUS = "turunan garis lurus"

URUTAN_DOKUMEN_NASIONAL = ("RPJMN", "RPJPN")
"""Which national document a province report quotes first when both have a path covering the
year: the medium-term plan, then the long-term plan."""


@dataclass(frozen=True)
class TargetNasional:
    """The national targets of one indicator in one document: its published points."""

    kode_indikator: str
    dokumen: str
    sumber: str
    """The document with its number and date (``RPJPN (UU 59/2024)``)."""
    titik: tuple[tuple[int, float], ...]
    """Published (year, value) points, by year."""

    @property
    def tahun_awal(self) -> int:
        return self.titik[0][0]

    @property
    def tahun_akhir(self) -> int:
        return self.titik[-1][0]

    def mencakup(self, tahun: int) -> bool:
        """Whether ``tahun`` lies on the path (between the first and last published year)."""
        return self.tahun_awal <= tahun <= self.tahun_akhir

    def pada(self, tahun: int) -> float | None:
        """The target of ``tahun``: published, or on the straight line between the nearest
        published points; None outside the path."""
        if not self.mencakup(tahun):
            return None
        for (y0, v0), (y1, v1) in zip(self.titik, self.titik[1:], strict=False):
            if y0 <= tahun <= y1:
                return v0 + (v1 - v0) * (tahun - y0) / (y1 - y0)
        return self.titik[0][1]  # a path of one published point

    def asal(self, tahun: int) -> str:
        """``terbitan`` when ``tahun`` is a published point, else ``turunan garis lurus``."""
        return ASAL_TERBITAN if any(y == tahun for y, _ in self.titik) else ASAL_GARIS_LURUS

    def teks(self) -> str:
        """``RPJMN: 3,06% (2024) → 3,30% (2029)``: the source and its two ends."""
        unit = "%" if indikator(self.kode_indikator).persen else ""
        ends = [f"{fmt.angka(v, 2)}{unit} ({y})" for y, v in (self.titik[0], self.titik[-1])]
        return f"{self.sumber}: {' → '.join(dict.fromkeys(ends))}"


def daftar(con: duckdb.DuckDBPyConnection) -> list[TargetNasional]:
    """Every national target path in the warehouse (rows with kode provinsi "00"), one per
    indicator and document; empty when none is loaded."""
    rows = targets(con, province=NATIONAL_CODE)
    rows = rows[rows["kode_kabkota"].isna()]
    out = []
    for (code, doc), part in rows.groupby(["kode_indikator", "dokumen"], sort=True):
        part = part.sort_values("tahun")
        last = part.iloc[-1]
        out.append(
            TargetNasional(
                str(code),
                str(doc),
                sumber_teks(doc, last["nomor_dokumen"], last["tanggal_dokumen"]),
                tuple(
                    (int(y), float(v))
                    for y, v in zip(part["tahun"], part["nilai_target"], strict=True)
                ),
            )
        )
    rank = {d: i for i, d in enumerate(URUTAN_DOKUMEN_NASIONAL)}
    return sorted(out, key=lambda t: (t.kode_indikator, rank.get(t.dokumen, len(rank))))


def untuk_indikator(con: duckdb.DuckDBPyConnection, kode: str, tahun: int) -> TargetNasional | None:
    """The national target path an indicator contributes to in ``tahun`` (RPJMN before RPJPN),
    None when no loaded national target covers that year."""
    return pilih(daftar(con), kode, tahun)


def pilih(paths: list[TargetNasional], kode: str, tahun: int) -> TargetNasional | None:
    """:func:`untuk_indikator` on paths already read with :func:`daftar`."""
    code = indikator(kode).kode
    for path in paths:
        if path.kode_indikator == code and path.mencakup(tahun):
            return path
    return None
