"""The UMKM dataset (``umkm``): its schema and the check that a stated size class fits modal
usaha or annual sales (PP 7/2021).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from kumkm_utils.schemas.business_size import (
    _SIZE_LABELS,
    PP7_2021_MODAL_RP,
    PP7_2021_OMZET_RP,
    _size_codes,
)
from kumkm_utils.schemas.codes import (
    JENIS_KELAMIN,
    KATEGORI_KBLI,
    KBLI_PATTERN,
    KELOMPOK_UMUR,
    NIB_PATTERN,
    SKALA_USAHA,
)
from kumkm_utils.schemas.columns import (
    _col,
    _count,
    _flag,
    _kabkota,
    _matches,
    _money,
    _tahun,
)
from kumkm_utils.schemas.row_rules import _row_check


def _size_consistent(df: pd.DataFrame) -> pd.Series:
    by_modal = _size_codes(df["modal_usaha_rp"], PP7_2021_MODAL_RP)
    by_omzet = _size_codes(df["omzet_tahunan_rp"], PP7_2021_OMZET_RP)
    skala = df["skala_usaha"]
    stated = skala.map({label: i for i, label in enumerate(_SIZE_LABELS)}).to_numpy(
        dtype=float, na_value=np.nan
    )
    stated = np.where(np.isnan(stated), -2, stated).astype(np.int64)  # -2: no class
    known = skala.notna().to_numpy(dtype=bool) & ((by_modal >= 0) | (by_omzet >= 0))
    fits = ((stated == by_modal) & (by_modal >= 0)) | ((stated == by_omzet) & (by_omzet >= 0))
    return pd.Series(~(known & ~fits), index=df.index)


UMKM_CHECKS = [
    _row_check(
        _size_consistent,
        "skala usaha tidak sesuai modal usaha/hasil penjualan tahunan menurut PP 7/2021 "
        "(Mikro: modal s.d. Rp1 M atau penjualan s.d. Rp2 M; Kecil: s.d. Rp5 M/Rp15 M; "
        "Menengah: s.d. Rp10 M/Rp50 M)",
        column="skala_usaha",
        rule="skala usaha",
        warning=True,
    ),
]


UMKM = pa.DataFrameSchema(
    {
        "id_umkm": _col(
            "string",
            "ID UMKM",
            "Nomor identitas unit usaha di basis data daerah/SIDT; tetap antar tahun "
            "agar perpindahan kelas usaha dapat diikuti.",
            key=True,
            example="7401-000123",
        ),
        "tahun": _tahun("Tahun data."),
        "nib": _col(
            "string",
            "NIB",
            "Nomor Induk Berusaha (13 angka) bila punya; kosong bila tidak.",
            example="9120001234567",
            checks=[_matches(NIB_PATTERN, "NIB")],
        ),
        "kode_kabkota": _kabkota(),
        "kategori_kbli": _col(
            "string",
            "Kategori KBLI",
            "Kategori lapangan usaha KBLI 2020 (A-U).",
            nullable=False,
            allowed=KATEGORI_KBLI,
            example="G",
        ),
        "kbli": _col(
            "string",
            "Kode KBLI",
            "Kode KBLI 2020 lima angka, bila diketahui.",
            example="47111",
            checks=[_matches(KBLI_PATTERN, "KBLI")],
        ),
        "skala_usaha": _col(
            "string",
            "Skala usaha",
            "Mikro/Kecil/Menengah; bila kosong diturunkan dari modal usaha atau "
            "hasil penjualan tahunan menurut PP 7/2021.",
            allowed=SKALA_USAHA,
            example="Mikro",
        ),
        "modal_usaha_rp": _money("Modal usaha (Rp)", "Modal usaha di luar tanah dan bangunan."),
        "omzet_tahunan_rp": _money("Hasil penjualan tahunan (Rp)", "Omzet setahun."),
        "tenaga_kerja": _count("Tenaga kerja", "Jumlah tenaga kerja termasuk pemilik."),
        "jenis_kelamin_pemilik": _col(
            "string",
            "Jenis kelamin pemilik",
            "Jenis kelamin pemilik.",
            allowed=JENIS_KELAMIN,
            example="Perempuan",
        ),
        "kelompok_umur_pemilik": _col(
            "string",
            "Kelompok umur pemilik",
            "Kelompok umur pemilik; 15-30 tahun dihitung pemuda.",
            allowed=KELOMPOK_UMUR,
            example="31-45",
        ),
        "sertifikat_halal": _flag("Sertifikat halal", "Memiliki sertifikat halal"),
        "izin_pirt": _flag("Izin PIRT", "Memiliki izin Produksi Pangan Industri Rumah Tangga"),
        "sertifikat_sni": _flag("Sertifikat SNI", "Memiliki sertifikat SNI"),
        "pemasaran_digital": _flag(
            "Pemasaran digital", "Berjualan daring/memakai platform digital"
        ),
        "eksportir": _flag("Eksportir", "Melakukan ekspor dalam tahun ini"),
        "potensi_pemasok_mbg": _flag(
            "Potensi pemasok MBG",
            "Berpotensi memasok bahan pangan untuk SPPG program Makan Bergizi Gratis",
        ),
    },
    name="umkm",
    checks=UMKM_CHECKS,
    title="Data UMKM",
    description="Satu baris per unit usaha per tahun.",
    strict=True,
    unique=["id_umkm", "tahun"],
)
