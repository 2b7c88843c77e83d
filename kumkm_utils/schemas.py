"""The input data model: what a Dinas submits each year, defined once as pandera schemas.

Five datasets, one schema each (``KOPERASI``, ``UMKM``, ``PROGRAM``, ``MAKRO``,
``TARGET``). Each column carries, in its pandera ``metadata``, what the templates and the data
dictionary are generated from:

- ``label``: the Indonesian column label shown to analysts;
- ``unit``: the unit (money is always in rupiah, ``Rp``, never in thousands or millions);
- ``allowed``: the allowed values of a coded column (drop-down lists in the templates);
- ``key``: part of the dataset's key (unique within a province and year);
- ``example``: an example value for the template.

The column ``description`` is the Indonesian definition shown in the data dictionary.
Schemas validate the *normalised* frame: after ingestion has parsed numbers, dates and
kab/kota names (``kode_kabkota`` always holds a Kemendagri code such as ``"74.01"``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from kumkm_utils.regions.codes import KABKOTA_CODE_PATTERN, NATIONAL_CODE, PROVINCE_CODE_PATTERN

JENIS_KOPERASI = ("Produsen", "Konsumen", "Pemasaran", "Simpan Pinjam", "Jasa")
"""The five cooperative types of Permenkop UKM 9/2018 Pasal 67."""

KELOMPOK_KOPERASI = (
    "KUD",
    "KSU",
    "Kopwan",
    "KPRI/KPN",
    "Kopkar",
    "KSP",
    "Koptan",
    "Kopas",
    "KJKS",
    "Primkoppol",
    "Koppontren",
    "Kopang",
    "Kopinkra",
    "Kopnel",
    "Kopkayu",
    "Serba Usaha",
    "Lain-lain",
    "Sekunder",
)
"""Legacy cooperative group labels that still appear in ODS data (kept apart from jenis)."""

STATUS_KOPERASI = ("Aktif", "Tidak Aktif")
PREDIKAT_KESEHATAN = ("Sehat", "Cukup Sehat", "Dalam Pengawasan", "Dalam Pengawasan Khusus")
"""Health predicates of KSP/USP (Permenkop UKM 9/2020), in order from best to worst."""

SKALA_USAHA = ("Mikro", "Kecil", "Menengah")
KATEGORI_KBLI = tuple("ABCDEFGHIJKLMNOPQRSTU")
"""The 21 letter categories of KBLI 2020."""

JENIS_KELAMIN = ("Laki-laki", "Perempuan")
KELOMPOK_UMUR = ("15-30", "31-45", "46-60", "61+")
"""Owner age bands; ``15-30`` is youth (pemuda, UU 40/2009 Kepemudaan: 16-30 years)."""

SUMBER_DANA = ("APBD", "DAK Nonfisik", "Dekonsentrasi", "Lainnya")

KODE_KABKOTA_PATTERN = KABKOTA_CODE_PATTERN  # owned by kumkm_utils.regions.codes
KODE_PROVINSI_PATTERN = PROVINCE_CODE_PATTERN
KODE_SUBKEGIATAN_PATTERN = r"^2\.17\.0[1-8]\.[12]\.\d{2}(\.\d{4})?$"
NIB_PATTERN = r"^\d{13}$"
KBLI_PATTERN = r"^\d{5}$"
YEAR_RANGE = (2000, 2100)


def _col(
    dtype: str,
    label: str,
    description: str,
    *,
    nullable: bool = True,
    unit: str | None = None,
    allowed: tuple[str, ...] | None = None,
    key: bool = False,
    example: object = None,
    checks: list[pa.Check] | None = None,
    required: bool = True,
) -> pa.Column:
    checks = list(checks or [])
    if allowed is not None:
        checks.append(
            pa.Check.isin(allowed, error=f"nilai harus salah satu dari: {', '.join(allowed)}")
        )
    return pa.Column(
        dtype,
        checks=checks,
        nullable=nullable and not key,
        required=required,
        title=label,
        description=description,
        metadata={"label": label, "unit": unit, "allowed": allowed, "key": key, "example": example},
    )


def _non_negative() -> pa.Check:
    return pa.Check.ge(0, error="tidak boleh negatif")


def _year() -> pa.Check:
    return pa.Check.in_range(
        *YEAR_RANGE, error="tahun harus empat angka antara 2000 dan 2100, mis. 2025"
    )


FORMAT_HINTS = {
    KODE_KABKOTA_PATTERN: "kode kab/kota ditulis dua angka, titik, dua angka, mis. 74.01 (nama "
    "kab/kota juga diterima)",
    NIB_PATTERN: "NIB harus 13 angka; bila Excel menampilkannya sebagai 9,12E+12, format kolom "
    "sebagai Teks lalu ketik ulang NIB lengkap",
    KBLI_PATTERN: "KBLI harus 5 angka, mis. 47111 (termasuk nol di depan)",
    KODE_PROVINSI_PATTERN: "kode provinsi dua angka, mis. 74 (nama provinsi juga diterima)",
    KODE_SUBKEGIATAN_PATTERN: "kode sub kegiatan menurut nomenklatur 2.17, mis. 2.17.03.2.01",
}
"""What to write in a coded column, in words (messages never show a regular expression)."""


def _matches(pattern: str, what: str) -> pa.Check:
    return pa.Check.str_matches(
        pattern, error=f"format {what} tidak sesuai: {FORMAT_HINTS[pattern]}"
    )


def _kabkota() -> pa.Column:
    return _col(
        "string",
        "Kode kabupaten/kota",
        "Kode Kemendagri kabupaten/kota (mis. 74.01). Nama kabupaten/kota juga diterima dan "
        "diubah menjadi kode saat impor.",
        nullable=False,
        example="74.01",
        checks=[_matches(KODE_KABKOTA_PATTERN, "kode kab/kota")],
    )


def _tahun(description: str) -> pa.Column:
    return _col("Int64", "Tahun", description, key=True, example=2025, checks=[_year()])


def _money(label: str, description: str, *, signed: bool = False) -> pa.Column:
    checks = [] if signed else [_non_negative()]
    return _col("Float64", label, description, unit="Rp", example=150_000_000, checks=checks)


def _count(label: str, description: str, unit: str = "orang") -> pa.Column:
    return _col("Int64", label, description, unit=unit, example=25, checks=[_non_negative()])


def _flag(label: str, description: str) -> pa.Column:
    return _col("boolean", label, description + " (Ya/Tidak).", allowed=None, example="Ya")


# ----------------------------------------------------------------- rules across columns (rows)
# Each check returns a boolean Series (True = row passes) so that failures point at rows.
# Errors reject the row; checks with ``raise_warning=True`` are warnings: the row is loaded and
# the problem is listed. ``ROW_RULES`` tells ingestion which column a row check is about and
# its short rule name for the validation report.

RAT_DEADLINE = (6, 30)
"""RAT for book year Y is on time up to 30 June of Y+1 (Permenkop UKM 19/2015: at most six
months after the book year; SE Deputi 1/2025 sets 30 April for primary cooperatives, which we
do not enforce because local practice varies)."""

PP7_2021_MODAL_RP = (1e9, 5e9, 10e9)
"""Upper bounds of modal usaha for Mikro, Kecil, Menengah (PP 7/2021 Pasal 35)."""
PP7_2021_OMZET_RP = (2e9, 15e9, 50e9)
"""Upper bounds of hasil penjualan tahunan for Mikro, Kecil, Menengah (PP 7/2021 Pasal 35)."""


@dataclass(frozen=True)
class RowRule:
    """What a row-level check is about: the column to point at and a short rule name."""

    column: str
    rule: str


ROW_RULES: dict[str, RowRule] = {}
"""Row-level checks by their (Indonesian) error text."""


def _row_check(fn, error: str, *, column: str, rule: str, warning: bool = False) -> pa.Check:
    ROW_RULES[error] = RowRule(column, rule)
    return pa.Check(fn, error=error, name=rule, raise_warning=warning, ignore_na=False)


def size_class(modal_rp: pd.Series, omzet_rp: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Classify UMKM by modal usaha and by annual sales under PP 7/2021 (vectorised).

    Returns
    -------
    tuple of pandas.Series
        Class by modal and class by omzet (``Mikro``, ``Kecil``, ``Menengah``, ``Besar`` or
        ``<NA>`` where the amount is missing).

    Examples
    --------
    >>> m, o = size_class(pd.Series([5e8, 6e9]), pd.Series([3e9, None]))
    >>> m.tolist(), o.tolist()
    (['Mikro', 'Menengah'], ['Kecil', <NA>])
    """

    def classify(values: pd.Series, bounds: tuple[float, float, float]) -> pd.Series:
        codes = _size_codes(values, bounds)
        labels = np.array([*_SIZE_LABELS, None], dtype=object)
        return pd.Series(labels[codes], index=values.index, dtype="string")

    return classify(modal_rp, PP7_2021_MODAL_RP), classify(omzet_rp, PP7_2021_OMZET_RP)


_SIZE_LABELS = ("Mikro", "Kecil", "Menengah", "Besar")


def _size_codes(values: pd.Series, bounds: tuple[float, float, float]) -> np.ndarray:
    """Index into :data:`_SIZE_LABELS` of each amount (-1 where it is missing)."""
    v = (
        pd.to_numeric(values, errors="coerce")
        .astype("Float64")
        .to_numpy(dtype=float, na_value=np.nan)
    )
    codes = np.searchsorted(np.asarray(bounds, dtype=float), v, side="left")
    return np.where(np.isnan(v), -1, codes)


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


def _within_pagu(df: pd.DataFrame) -> pd.Series:
    over = df["realisasi_keuangan_rp"] > df["pagu_rp"]
    return ~over.fillna(False).astype(bool)


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
PROGRAM_CHECKS = [
    _row_check(
        _within_pagu,
        "realisasi keuangan melebihi pagu; periksa angka atau adanya pergeseran anggaran",
        column="realisasi_keuangan_rp",
        rule="realisasi > pagu",
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


DOKUMEN_TARGET = (
    "RPJPN",
    "RPJMN",
    "RPJMD",
    "Renstra",
    "RKPD",
    "Perjanjian Kinerja",
    "Kesepakatan Rakorda",
)
"""Planning documents a target can come from (domain.md §1.3, §3.3): national long- and
medium-term plans, regional medium-term plan, the Dinas's strategic plan, the annual regional
work plan, the performance agreement, and the Rakorda agreement. Targets from different
documents are kept side by side, never merged."""


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


@dataclass(frozen=True)
class Dataset:
    """One input dataset: its name, schema and key columns."""

    name: str
    schema: pa.DataFrameSchema
    replace_by: tuple[str, ...] = ()
    """Columns beyond province and year that bound what a file replaces (``target``: a file
    of one document replaces only that document's earlier targets)."""
    realisasi: bool = True
    """Whether the dataset reports what happened in its year (a year's report needs such data);
    ``target`` holds plans, which exist for years not evaluated yet, so it does not count."""
    nasional: bool = False
    """Whether rows may be national (``kode_provinsi`` :data:`NATIONAL_CODE`, "00"): only
    ``target``, for the RPJMN/RPJPN targets. A national file is its own scope: it replaces
    national rows only, and a province's file never replaces them."""

    @property
    def columns(self) -> list[str]:
        """Column names in template order."""
        return list(self.schema.columns)

    @property
    def key(self) -> list[str]:
        """Columns that together identify a row within a province's submissions."""
        return list(self.schema.unique or [])

    def meta(self, column: str) -> dict:
        """Return the metadata (label, unit, allowed, key, example) of one column."""
        return dict(self.schema.columns[column].metadata or {})

    def empty_frame(self) -> pd.DataFrame:
        """Return an empty frame with the schema's columns and dtypes."""
        return pd.DataFrame(
            {name: pd.Series(dtype=str(col.dtype)) for name, col in self.schema.columns.items()}
        )


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("koperasi", KOPERASI),
        Dataset("umkm", UMKM),
        Dataset("program", PROGRAM),
        Dataset("makro", MAKRO),
        Dataset("target", TARGET, replace_by=("dokumen",), realisasi=False, nasional=True),
    )
}
"""Every input dataset by name, in the order the templates and the warehouse list them."""


def dataset(name: str) -> Dataset:
    """Return the dataset called ``name``.

    Raises
    ------
    KeyError
        If there is no such dataset; the message lists the known ones.
    """
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; expected one of {', '.join(DATASETS)}") from None
