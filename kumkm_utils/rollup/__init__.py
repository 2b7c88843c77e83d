"""The national roll-up for the Rakortek: 38 provinces side by side, national totals from the parts.

How the national picture is built:

1. :func:`province_parts` asks the indicator functions (:mod:`kumkm_utils.indicators`) for
   one row per province and year of **numerators and denominators** (counts and sums computed
   in DuckDB: only 38 rows per year reach pandas, whatever the size of the tables);
2. every headline indicator (:data:`UKURAN`) is a ratio of two of those columns (or one
   column), computed the same way for a province and for Indonesia;
3. :func:`national_totals` sums numerators and denominators over the provinces that have
   both, then divides: a national percentage is **never an average of provincial
   percentages** (three provinces with RAT 1/10, 1/10 and 80/100 give 82/120 = 68,3%, not
   the mean 33,3%).

Rankings, the distribution across provinces, the comparison with published national series,
the province × national-priority matrix and the provenance tables are pure functions of these
frames, so the national notebook only calls them and shows the results.

Submodules by concept: :mod:`.measures`, :mod:`.parts`, :mod:`.summary`, :mod:`.ranking`,
:mod:`.published`, :mod:`.sync`, :mod:`.provenance`. Everything public is re-exported here, so a
notebook writes ``from kumkm_utils import rollup`` and ``rollup.ringkasan(...)``.
"""

from kumkm_utils.rollup.measures import (
    BIDANG_PERINGKAT,
    DATASETS,
    JUMLAH_PROVINSI,
    PERINGKAT,
    PETA,
    REKAP,
    SUM_COLUMNS,
    UKURAN,
    Ukuran,
    check_parameters,
    format_nilai,
    nilai,
    peringkat_bidang,
    satuan_tabel,
    ukuran,
)
from kumkm_utils.rollup.parts import (
    MEMORY_LIMIT,
    cakupan,
    connect,
    national_totals,
    province_parts,
    with_values,
)
from kumkm_utils.rollup.provenance import (
    definisi,
    kiriman_per_provinsi,
    provinsi_tanpa_kiriman,
)
from kumkm_utils.rollup.published import (
    PADANAN,
    PERSEN_UKM_SERI,
    UNIT_FACTORS,
    Padanan,
    calibration_targets,
    national_series,
    perbandingan_terbitan,
    published_national,
)
from kumkm_utils.rollup.ranking import (
    data_grafik,
    nilai_provinsi,
    peringkat,
    sebaran,
    show_ranking,
    tabel_provinsi,
)
from kumkm_utils.rollup.summary import (
    headline_indeks,
    kalimat_ringkasan,
    ringkasan,
    ringkasan_tampil,
    tampilkan_ringkasan,
)
from kumkm_utils.rollup.sync import (
    matriks_sinkronisasi,
    prioritas_tanpa_kegiatan,
    rekap_prioritas,
)

__all__ = [
    "cakupan",
    "calibration_targets",
    "check_parameters",
    "connect",
    "data_grafik",
    "DATASETS",
    "definisi",
    "format_nilai",
    "headline_indeks",
    "JUMLAH_PROVINSI",
    "kalimat_ringkasan",
    "kiriman_per_provinsi",
    "matriks_sinkronisasi",
    "MEMORY_LIMIT",
    "national_series",
    "national_totals",
    "nilai",
    "nilai_provinsi",
    "Padanan",
    "PADANAN",
    "perbandingan_terbitan",
    "BIDANG_PERINGKAT",
    "PERINGKAT",
    "peringkat",
    "peringkat_bidang",
    "PERSEN_UKM_SERI",
    "PETA",
    "REKAP",
    "prioritas_tanpa_kegiatan",
    "province_parts",
    "provinsi_tanpa_kiriman",
    "published_national",
    "rekap_prioritas",
    "ringkasan",
    "ringkasan_tampil",
    "tampilkan_ringkasan",
    "satuan_tabel",
    "sebaran",
    "show_ranking",
    "SUM_COLUMNS",
    "tabel_provinsi",
    "Ukuran",
    "UKURAN",
    "ukuran",
    "UNIT_FACTORS",
    "with_values",
]
