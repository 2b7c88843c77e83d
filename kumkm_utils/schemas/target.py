"""The target dataset (``target``): agreed indicator targets by region, year and planning
document, national targets under province code ``00``, and the checks that a national target
names no kab/kota and that the indicator code is declared.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from kumkm_utils.regions.codes import NATIONAL_CODE
from kumkm_utils.schemas.codes import (
    DOKUMEN_TARGET,
    KODE_KABKOTA_PATTERN,
    KODE_PROVINSI_PATTERN,
)
from kumkm_utils.schemas.columns import _col, _matches, _non_negative, _tahun
from kumkm_utils.schemas.row_rules import _row_check


def _national_without_kabkota(df: pd.DataFrame) -> pd.Series:
    national = (df["kode_provinsi"] == NATIONAL_CODE).fillna(False).astype(bool)
    return ~(national & df["kode_kabkota"].notna())


TARGET_CHECKS = [
    _row_check(
        _national_without_kabkota,
        f"target nasional (kode provinsi {NATIONAL_CODE}) berlaku untuk seluruh Indonesia: "
        "kosongkan kolom kab/kota, atau tulis kode provinsinya bila ini target kab/kota",
        column="kode_kabkota",
        rule="target nasional",
    ),
]


def _known_indicator(series: pd.Series) -> pd.Series:
    from kumkm_utils.targets.indikator import kode_indikator

    return series.isin(kode_indikator()) | series.isna()


TARGET = pa.DataFrameSchema(
    {
        "kode_provinsi": _col(
            "string",
            "Kode provinsi",
            "Kode Kemendagri provinsi yang menetapkan target (mis. 74); 00 (atau tulisan "
            "Nasional) untuk target nasional (RPJMN, RPJPN) yang berlaku bagi seluruh Indonesia, "
            "dikirim dalam file tersendiri. Kode 00 hanya diterima pada data target.",
            key=True,
            example="74",
            checks=[_matches(KODE_PROVINSI_PATTERN, "kode provinsi")],
        ),
        "kode_kabkota": _col(
            "string",
            "Kode kabupaten/kota",
            "Kab/kota yang diberi target; kosong bila target tingkat provinsi. Nama kab/kota juga "
            "diterima dan diubah menjadi kode saat impor.",
            example="74.01",
            checks=[_matches(KODE_KABKOTA_PATTERN, "kode kab/kota")],
        ),
        "kode_indikator": _col(
            "string",
            "Kode indikator",
            "Kode indikator kinerja (lihat sheet Daftar), mis. persen_rat.",
            key=True,
            example="persen_rat",
            checks=[
                pa.Check(
                    _known_indicator,
                    element_wise=False,
                    error="kode indikator tidak dikenal; pilih dari daftar kode indikator "
                    "(sheet Daftar)",
                )
            ],
        ),
        "tahun": _tahun("Tahun yang ditargetkan."),
        "dokumen": _col(
            "string",
            "Dokumen sumber",
            "Dokumen yang menetapkan target. Target yang sama dari dokumen berbeda ditulis pada "
            "baris masing-masing; keduanya disimpan berdampingan.",
            key=True,
            allowed=DOKUMEN_TARGET,
            example="RKPD",
        ),
        "nomor_dokumen": _col(
            "string",
            "Nomor dokumen",
            "Nomor peraturan/keputusan/berita acara yang memuat target, bila ada.",
            example="Pergub 12/2024",
        ),
        "tanggal_dokumen": _col(
            "datetime64[ns]",
            "Tanggal dokumen",
            "Tanggal penetapan dokumen, bila ada.",
            example="2024-12-20",
        ),
        "nilai_target": _col(
            "Float64",
            "Nilai target",
            "Nilai target dalam satuan indikator (persen ditulis sebagai angka persen, mis. 65,5; "
            "uang dalam rupiah penuh).",
            nullable=False,
            example=65.5,
            checks=[_non_negative()],
        ),
        "keterangan": _col(
            "string",
            "Keterangan",
            "Catatan, mis. dasar usulan target.",
            example="Usulan dari tren 2021-2025",
        ),
    },
    name="target",
    checks=TARGET_CHECKS,
    title="Target indikator kinerja",
    description="Satu baris per wilayah (nasional, provinsi atau kab/kota), indikator, tahun dan "
    "dokumen sumber. Target nasional memakai kode provinsi 00.",
    strict=True,
    unique=["kode_provinsi", "kode_kabkota", "kode_indikator", "tahun", "dokumen"],
)
