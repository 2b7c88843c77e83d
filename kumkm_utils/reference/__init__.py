"""Reference data: nomenclature 2.17, priorities, indicators, thresholds, published figures.

One small API over the CSV files of ``data/reference/`` (regions live in
:mod:`kumkm_utils.regions`)::

    from kumkm_utils import reference
    reference.nomenclature("sub_kegiatan", tingkat="provinsi")
    reference.priorities(2026)            # ASTA-CITA, MBG, KDKMP
    reference.indicator("persen_rat")     # definition, numerator, denominator, source
    reference.classify_umkm_size(modal, omzet)
    reference.rating(capaian_pct)         # five bands
    reference.published("koperasi_aktif_bps", province="74")
"""

from kumkm_utils.reference.catalogue import (
    PRIORITY_CODES,
    UnknownReferenceError,
    indicator,
    indicators,
    nomenclature,
    priorities,
    programme_of,
    published,
    published_national,
    seed_facts,
)
from kumkm_utils.reference.thresholds import (
    BESAR,
    RATING_ORDER,
    classify_umkm_size,
    kuk_bands,
    kuk_class,
    rat_deadline,
    rat_report_deadline,
    rating,
    rating_bands,
    rating_text,
    size_bands,
)

__all__ = [
    "BESAR",
    "PRIORITY_CODES",
    "RATING_ORDER",
    "UnknownReferenceError",
    "classify_umkm_size",
    "indicator",
    "indicators",
    "kuk_bands",
    "kuk_class",
    "nomenclature",
    "priorities",
    "programme_of",
    "published",
    "published_national",
    "rat_deadline",
    "rat_report_deadline",
    "rating",
    "rating_bands",
    "rating_text",
    "seed_facts",
    "size_bands",
]
