"""The cooperative dataset (``koperasi``): its schema, the RAT rules across its columns and the
check that keeps citizen NIKs out of ``nik_koperasi``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from kumkm_utils.schemas.codes import (
    JENIS_KOPERASI,
    KELOMPOK_KOPERASI,
    PREDIKAT_KESEHATAN,
    STATUS_KOPERASI,
)
from kumkm_utils.schemas.columns import _col, _count, _flag, _kabkota, _money, _tahun
from kumkm_utils.schemas.row_rules import _row_check

RAT_DEADLINE = (6, 30)
"""RAT for book year Y is on time up to 30 June of Y+1 (Permenkop UKM 19/2015: at most six
months after the book year; SE Deputi 1/2025 sets 30 April for primary cooperatives, which we
do not enforce because local practice varies)."""


def _rat_year(df: pd.DataFrame) -> pd.Series:
    return df["tanggal_rat"].dt.year.astype("Float64")


def _rat_not_before_year_end(df: pd.DataFrame) -> pd.Series:
    return ~(_rat_year(df) <= df["tahun"].astype("Float64")).fillna(False).astype(bool)


def _rat_date_when_held(df: pd.DataFrame) -> pd.Series:
    return ~(df["rat_dilaksanakan"].eq(True) & df["tanggal_rat"].isna()).fillna(False).astype(bool)


def _rat_on_time(df: pd.DataFrame) -> pd.Series:
    years = df["tahun"].astype("Float64").to_numpy(dtype=float, na_value=np.nan) + 1
    known = years[~np.isnan(years)]
    if len(known) and known.min() >= 1678 and known.max() <= 2261:
        # The same deadline as below, computed without parsing dates from text.
        whole = np.where(np.isnan(years), 1970, years).astype(np.int64)
        month = (whole - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (
            RAT_DEADLINE[0] - 1
        )
        deadline = month.astype("datetime64[D]") + (RAT_DEADLINE[1] - 1)
        deadline = np.where(np.isnan(years), np.datetime64("NaT"), deadline).astype(
            "datetime64[ns]"
        )
        late = df["tanggal_rat"].to_numpy(dtype="datetime64[ns]") > deadline
        return pd.Series(~late, index=df.index)
    deadline = pd.to_datetime(
        (df["tahun"].astype("Float64") + 1).astype("Int64").astype("string")
        + f"-{RAT_DEADLINE[0]:02d}-{RAT_DEADLINE[1]:02d}",
        errors="coerce",
    )
    late = df["tanggal_rat"] > deadline
    return ~pd.Series(late, index=df.index).fillna(False).astype(bool)


def _rat_date_without_rat(df: pd.DataFrame) -> pd.Series:
    rat_date = df["rat_dilaksanakan"].eq(False) & df["tanggal_rat"].notna()
    return ~rat_date.fillna(False).astype(bool)


def _inactive_with_rat(df: pd.DataFrame) -> pd.Series:
    inactive_rat = (df["status_koperasi"] == "Tidak Aktif") & df["rat_dilaksanakan"].eq(True)
    return ~inactive_rat.fillna(False).astype(bool)


def _not_citizen_nik(series: pd.Series) -> pd.Series:
    return ~series.astype("string").str.fullmatch(r"\d{16}").fillna(False).astype(bool)


NIK_PRIVACY_ERROR = (
    "berisi 16 angka seperti NIK kependudukan (KTP); isi Nomor Induk Koperasi, jangan NIK "
    "pribadi. Nilai disamarkan dan tidak disimpan."
)

KOPERASI_CHECKS = [
    _row_check(
        _rat_not_before_year_end,
        "tanggal RAT tidak boleh sebelum tahun buku berakhir (RAT membahas tahun buku yang "
        "sudah selesai, jadi harus pada tahun berikutnya)",
        column="tanggal_rat",
        rule="tanggal RAT",
    ),
    _row_check(
        _rat_date_when_held,
        "RAT dilaksanakan = Ya tetapi tanggal RAT kosong; isi tanggal RAT",
        column="tanggal_rat",
        rule="tanggal RAT",
    ),
    _row_check(
        _rat_on_time,
        "RAT terlambat: dilaksanakan setelah 30 Juni tahun berikutnya (batas 6 bulan setelah "
        "tahun buku, Permenkop UKM 19/2015)",
        column="tanggal_rat",
        rule="RAT terlambat",
        warning=True,
    ),
    _row_check(
        _rat_date_without_rat,
        "tanggal RAT terisi tetapi RAT dilaksanakan = Tidak; periksa salah satunya",
        column="rat_dilaksanakan",
        rule="RAT tidak konsisten",
        warning=True,
    ),
    _row_check(
        _inactive_with_rat,
        "status Tidak Aktif tetapi RAT dilaksanakan tahun ini (koperasi yang RAT dihitung aktif)",
        column="status_koperasi",
        rule="status aktif",
        warning=True,
    ),
]


KOPERASI = pa.DataFrameSchema(
    {
        "nik_koperasi": _col(
            "string",
            "NIK koperasi",
            "Nomor Induk Koperasi (bukan NIK kependudukan). Disimpan sebagai teks apa adanya, "
            "termasuk nol di depan dan titik.",
            key=True,
            example="7401010001",
            checks=[pa.Check(_not_citizen_nik, element_wise=False, error=NIK_PRIVACY_ERROR)],
        ),
        "tahun": _tahun("Tahun buku yang dilaporkan."),
        "nama_koperasi": _col(
            "string",
            "Nama koperasi",
            "Nama koperasi sesuai akta.",
            nullable=False,
            example="Koperasi Serba Usaha Maju Bersama",
        ),
        "kode_kabkota": _kabkota(),
        "jenis_koperasi": _col(
            "string",
            "Jenis koperasi",
            "Jenis koperasi menurut Permenkop UKM 9/2018 Pasal 67.",
            nullable=False,
            allowed=JENIS_KOPERASI,
            example="Konsumen",
        ),
        "kelompok_koperasi": _col(
            "string",
            "Kelompok koperasi",
            "Kelompok koperasi lama (KUD, KSU, Kopwan, ...), bila ada.",
            allowed=KELOMPOK_KOPERASI,
            example="KSU",
        ),
        "status_koperasi": _col(
            "string",
            "Status koperasi",
            "Aktif bila melaksanakan RAT sekurang-kurangnya sekali dalam 3 tahun terakhir.",
            nullable=False,
            allowed=STATUS_KOPERASI,
            example="Aktif",
        ),
        "rat_dilaksanakan": _flag(
            "RAT dilaksanakan", "Koperasi melaksanakan Rapat Anggota Tahunan untuk tahun buku ini"
        ),
        "tanggal_rat": _col(
            "datetime64[ns]",
            "Tanggal RAT",
            "Tanggal pelaksanaan RAT untuk tahun buku ini (kosong bila tidak RAT).",
            example="2026-03-21",
        ),
        "anggota_laki_laki": _count(
            "Anggota laki-laki", "Jumlah anggota laki-laki pada akhir tahun buku."
        ),
        "anggota_perempuan": _count(
            "Anggota perempuan", "Jumlah anggota perempuan pada akhir tahun buku."
        ),
        "manajer": _count("Manajer", "Jumlah manajer."),
        "karyawan": _count("Karyawan", "Jumlah karyawan (tidak termasuk manajer)."),
        "modal_sendiri_rp": _money(
            "Modal sendiri (Rp)", "Simpanan pokok + simpanan wajib + dana cadangan + hibah."
        ),
        "modal_luar_rp": _money(
            "Modal luar (Rp)",
            "Pinjaman dari anggota, koperasi lain, bank, obligasi dan sumber lain.",
        ),
        "aset_rp": _money("Aset (Rp)", "Total aset pada akhir tahun buku."),
        "volume_usaha_rp": _money(
            "Volume usaha (Rp)", "Total penjualan/penerimaan barang dan jasa dalam tahun buku."
        ),
        "shu_rp": _money(
            "SHU (Rp)", "Sisa Hasil Usaha tahun buku; negatif bila rugi.", signed=True
        ),
        "punya_usp": _flag(
            "Memiliki usaha simpan pinjam",
            "Koperasi berupa KSP/KSPPS atau memiliki unit simpan pinjam (USP)",
        ),
        "predikat_kesehatan": _col(
            "string",
            "Predikat kesehatan",
            "Hasil penilaian kesehatan KSP/USP (Permenkop UKM 9/2020); "
            "kosong bila tidak dinilai tahun ini.",
            allowed=PREDIKAT_KESEHATAN,
            example="Cukup Sehat",
        ),
        "bermasalah": _flag(
            "Koperasi bermasalah", "Koperasi dalam penanganan Satgas Pengawas/dinyatakan bermasalah"
        ),
    },
    name="koperasi",
    checks=KOPERASI_CHECKS,
    title="Data koperasi",
    description="Satu baris per koperasi per tahun buku (data RAT/ODS).",
    strict=True,
    unique=["nik_koperasi", "tahun"],
)
