"""What one indicator declaration holds (:class:`Indikator`) and what is derived from it: its
dataset, its printed definition (from numerator, denominator and filters), its source text and
its computing function.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from kumkm_utils.indicators.deklarasi.besaran import BESARAN
from kumkm_utils.indicators.deklarasi.sumber import SUMBER


@dataclass(frozen=True)
class Indikator:
    """One indicator. See the package docstring (:mod:`kumkm_utils.indicators.deklarasi`) for
    what reads each field."""

    kode: str
    label: str
    label_pendek: str
    satuan: str
    kelompok: str
    jenis: str
    pembilang: str | None
    """A :data:`BESARAN` code (``jumlah``: the value itself)."""
    penyebut: str | None = None
    skala: float = 100.0
    arah: str = "naik"
    desimal: int = 1
    dinilai: bool = False
    """Rated with the five-band LKjIP scale (programme achievements) instead of a direction."""
    peran: tuple[str, ...] = ()
    sumber: tuple[str, ...] = ()
    """Keys of the official sources (:data:`SUMBER`)."""
    fungsi: str = ""
    """``module.function`` of :mod:`kumkm_utils.indicators` that returns the ``kode`` column."""
    ambang: tuple[tuple[str, float], ...] = ()
    """Strategic-issue thresholds read from this indicator (name, value)."""
    catatan: str = ""
    definisi_tambahan: str = ""
    """A rule the definition must state besides numerator and denominator."""

    @property
    def dataset(self) -> str:
        return BESARAN[self.pembilang].dataset if self.pembilang else "eksternal"

    @property
    def naik_lebih_baik(self) -> bool:
        return self.arah == "naik"

    @property
    def dihitung(self) -> bool:
        return self.jenis != "eksternal"

    @property
    def definisi(self) -> str:
        """The printed definition, generated from numerator, denominator and filters."""
        num = BESARAN[self.pembilang].teks if self.pembilang else ""
        den = BESARAN[self.penyebut].teks if self.penyebut else ""
        if self.jenis == "jumlah":
            text = f"Jumlah {num}."
        elif self.jenis in ("rasio", "perbandingan"):
            text = f"Jumlah {num} dibagi jumlah {den}, dikali {fmt_skala(self.skala)}."
        elif self.jenis == "pertumbuhan":
            text = (
                f"({_cap(num)} tahun ini − tahun lalu) ÷ {num} tahun lalu × 100, hanya atas "
                "kabupaten/kota yang melapor pada kedua tahun (sebanding)."
            )
        elif self.jenis == "tertimbang":
            text = f"Jumlah {num} dibagi jumlah {den}."
        else:
            text = ""
        if self.definisi_tambahan:
            text = f"{text} {self.definisi_tambahan}".strip()
        return text

    @property
    def teks_sumber(self) -> str:
        return "; ".join(SUMBER[s].teks() for s in self.sumber)

    @property
    def teks_pembilang(self) -> str:
        return BESARAN[self.pembilang].teks if self.pembilang else ""

    @property
    def teks_penyebut(self) -> str:
        return BESARAN[self.penyebut].teks if self.penyebut else ""

    def ambang_nilai(self, nama: str) -> float:
        """The threshold ``nama`` declared on this indicator."""
        return dict(self.ambang)[nama]

    def fungsi_hitung(self) -> Callable[..., pd.DataFrame]:
        """The indicator function (``module.function``) that returns the ``kode`` column."""
        module, name = self.fungsi.rsplit(".", 1)
        return getattr(importlib.import_module(f"kumkm_utils.indicators.{module}"), name)


def fmt_skala(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
