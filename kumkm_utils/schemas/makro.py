"""The provincial macro dataset (``makro``): PDRB, population and labour force, the denominators
of indicators computed from other datasets.
"""

from __future__ import annotations

import pandera.pandas as pa

from kumkm_utils.schemas.codes import KODE_PROVINSI_PATTERN
from kumkm_utils.schemas.columns import _col, _count, _matches, _money, _tahun

MAKRO = pa.DataFrameSchema(
    {
        "kode_provinsi": _col(
            "string",
            "Kode provinsi",
            "Kode Kemendagri provinsi (mis. 62).",
            key=True,
            example="62",
            checks=[_matches(KODE_PROVINSI_PATTERN, "kode provinsi")],
        ),
        "tahun": _tahun("Tahun data."),
        "pdrb_adhb_rp": _money(
            "PDRB ADHB (Rp)", "Produk Domestik Regional Bruto atas dasar harga berlaku."
        ),
        "pdrb_adhk_rp": _money(
            "PDRB ADHK (Rp)", "Produk Domestik Regional Bruto atas dasar harga konstan 2010."
        ),
        "jumlah_penduduk": _count("Jumlah penduduk", "Jumlah penduduk pertengahan tahun."),
        "angkatan_kerja": _count("Angkatan kerja", "Jumlah angkatan kerja (Sakernas Agustus)."),
        "sumber": _col(
            "string",
            "Sumber",
            "Sumber data (mis. BPS Provinsi, publikasi dan tahun).",
            example="BPS Provinsi, PDRB menurut lapangan usaha",
        ),
    },
    name="makro",
    title="Data makro provinsi",
    description="Satu baris per provinsi per tahun: PDRB dan penyebut indikator lain.",
    strict=True,
    unique=["kode_provinsi", "tahun"],
)
