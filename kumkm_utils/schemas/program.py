"""The programme and budget dataset (``program``): one row per sub kegiatan, funding source and
location, and the check that financial realisation stays within the pagu.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from kumkm_utils.schemas.codes import (
    KODE_KABKOTA_PATTERN,
    KODE_PROVINSI_PATTERN,
    KODE_SUBKEGIATAN_PATTERN,
    SUMBER_DANA,
)
from kumkm_utils.schemas.columns import _col, _matches, _money, _non_negative, _tahun
from kumkm_utils.schemas.row_rules import _row_check


def _within_pagu(df: pd.DataFrame) -> pd.Series:
    over = df["realisasi_keuangan_rp"] > df["pagu_rp"]
    return ~over.fillna(False).astype(bool)


PROGRAM_CHECKS = [
    _row_check(
        _within_pagu,
        "realisasi keuangan melebihi pagu; periksa angka atau adanya pergeseran anggaran",
        column="realisasi_keuangan_rp",
        rule="realisasi > pagu",
        warning=True,
    ),
]


PROGRAM = pa.DataFrameSchema(
    {
        "kode_provinsi": _col(
            "string",
            "Kode provinsi",
            "Kode Kemendagri provinsi pelapor (mis. 74).",
            key=True,
            example="74",
            checks=[_matches(KODE_PROVINSI_PATTERN, "kode provinsi")],
        ),
        "tahun": _tahun("Tahun anggaran."),
        "kode_subkegiatan": _col(
            "string",
            "Kode sub kegiatan",
            "Kode nomenklatur urusan 2.17 (mis. 2.17.07.1.01.0003).",
            key=True,
            example="2.17.07.1.01.0003",
            checks=[_matches(KODE_SUBKEGIATAN_PATTERN, "kode sub kegiatan")],
        ),
        "sumber_dana": _col(
            "string",
            "Sumber dana",
            "Sumber pendanaan sub kegiatan.",
            key=True,
            allowed=SUMBER_DANA,
            example="APBD",
        ),
        "kode_kabkota": _col(
            "string",
            "Lokasi (kode kab/kota)",
            "Kab/kota lokasi kegiatan; kosong bila tingkat provinsi.",
            example="74.01",
            checks=[_matches(KODE_KABKOTA_PATTERN, "kode kab/kota")],
        ),
        "nama_subkegiatan": _col(
            "string",
            "Nama sub kegiatan",
            "Nama sub kegiatan.",
            nullable=False,
            example="Fasilitasi Kemudahan Perizinan Usaha Kecil",
        ),
        "pagu_rp": _money("Pagu (Rp)", "Pagu anggaran."),
        "realisasi_keuangan_rp": _money("Realisasi keuangan (Rp)", "Anggaran yang terserap."),
        "indikator_keluaran": _col(
            "string",
            "Indikator keluaran",
            "Indikator kinerja keluaran.",
            example="Jumlah usaha kecil yang difasilitasi perizinannya",
        ),
        "satuan": _col("string", "Satuan", "Satuan indikator keluaran.", example="unit usaha"),
        "target": _col(
            "Float64",
            "Target",
            "Target keluaran dalam satuan indikator.",
            example=100,
            checks=[_non_negative()],
        ),
        "realisasi_fisik": _col(
            "Float64",
            "Realisasi fisik",
            "Keluaran yang dicapai dalam satuan indikator.",
            example=85,
            checks=[_non_negative()],
        ),
        "prioritas_nasional": _col(
            "string",
            "Prioritas nasional",
            "Kode prioritas nasional yang didukung (lihat daftar), bila ada.",
            example="MBG",
        ),
        "kendala": _col(
            "string",
            "Kendala/keterangan",
            "Kendala pelaksanaan atau catatan.",
            example="Pencairan anggaran terlambat",
        ),
    },
    name="program",
    checks=PROGRAM_CHECKS,
    title="Realisasi program dan anggaran",
    description="Satu baris per sub kegiatan per sumber dana (dan lokasi) per tahun.",
    strict=True,
    unique=["kode_provinsi", "tahun", "kode_subkegiatan", "sumber_dana", "kode_kabkota"],
)
