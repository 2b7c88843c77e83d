"""Every indicator declaration, in report order (:data:`INDIKATOR`): tables, the annex and the
data dictionary list indicators in this order.
"""

from __future__ import annotations

from kumkm_utils.indicators.deklarasi.indikator_eksternal import INDIKATOR_EKSTERNAL
from kumkm_utils.indicators.deklarasi.indikator_koperasi import INDIKATOR_KOPERASI
from kumkm_utils.indicators.deklarasi.indikator_program import INDIKATOR_PROGRAM
from kumkm_utils.indicators.deklarasi.indikator_umkm import INDIKATOR_UMKM
from kumkm_utils.indicators.deklarasi.model import Indikator

INDIKATOR: tuple[Indikator, ...] = (
    *INDIKATOR_KOPERASI,
    *INDIKATOR_UMKM,
    *INDIKATOR_PROGRAM,
    *INDIKATOR_EKSTERNAL,
)
"""Every indicator, in report order."""
