"""The programme indicators: budget absorption, physical achievement (weighted by pagu) and the
share of pagu supporting national priorities, in report order.
"""

from __future__ import annotations

from kumkm_utils.indicators.deklarasi.kosakata import ATURAN_CAPAIAN
from kumkm_utils.indicators.deklarasi.model import Indikator

_I = Indikator
INDIKATOR_PROGRAM: tuple[Indikator, ...] = (
    # ---- program
    _I(
        "persen_keuangan",
        "Serapan anggaran (% realisasi keuangan dari pagu)",
        "% realisasi keuangan (dari pagu)",
        "%",
        "program",
        "perbandingan",
        "realisasi_keuangan_rp",
        "pagu_rp",
        peran=(
            "rekap",
            "headline",
            "peringkat",
            "peta",
            "ambang",
            "target",
            "indeks",
            "indeks_nasional",
        ),
        sumber=("lkjip",),
        fungsi="program.realisasi",
        ambang=(("predikat_baik", 75.0),),
        dinilai=True,
        catatan="Realisasi di atas pagu diberi peringatan saat validasi.",
    ),
    _I(
        "capaian_fisik",
        "Capaian kinerja fisik (% tertimbang pagu)",
        "% capaian fisik (tertimbang pagu)",
        "%",
        "program",
        "tertimbang",
        "fisik_tertimbang",
        "pagu_bertarget_rp",
        skala=1.0,
        peran=("rekap", "headline", "peringkat", "ambang", "target"),
        sumber=("lkjip",),
        fungsi="program.realisasi",
        ambang=(("predikat_baik", 75.0),),
        dinilai=True,
        definisi_tambahan=ATURAN_CAPAIAN,
    ),
    _I(
        "persen_pagu_prioritas",
        "Porsi pagu yang mendukung prioritas nasional (dari pagu)",
        "% pagu prioritas nasional (dari pagu)",
        "%",
        "program",
        "rasio",
        "pagu_prioritas_rp",
        "pagu_rp",
        sumber=("prioritas",),
        fungsi="program.realisasi",
    ),
)
"""The programme indicators, in report order."""
